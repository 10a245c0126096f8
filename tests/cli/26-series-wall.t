#!/bin/bash
# A timed series repeats on its zone's wall clock, kept in the database
# with its first start (meeting.start_wall, schema/0008): written when the
# series is added, kept while its start and zone stay, written again when
# they change; the agenda expands the series from it.
. "$(dirname "$0")/lib.sh"

wall() {
	sqlite3 "$DB" "SELECT coalesce(start_wall, 'NULL') FROM meeting WHERE id = $1"
}

run init
run state add UZ Uzbekistan --tz Asia/Tashkent
run body add CANC 'Council of National Coordinators'
run meeting add CANC --start '2026-04-06 10:00' --host UZ --rrule FREQ=WEEKLY --title Weekly
id=$out
ten=$(date -u -d '2026-04-06 10:00' +%s)
is "$(wall "$id")" "$ten" "a new series keeps its first start on the wall clock: 2026-04-06 10:00"
run meeting add CANC --start '2026-04-07 10:00' --host UZ --title Once
is "$(wall "$out")" NULL "a single meeting has none"
run meeting add CANC --start 2026-04-08 --host UZ --rrule FREQ=WEEKLY --title Days
is "$(wall "$out")" NULL "an all-day series has none (its dates need no zone)"

run meeting set "$id" --title 'Weekly session'
is "$rc" 0 "set --title"
is "$(wall "$id")" "$ten" "a change of title keeps it"

# The clock is what the series follows: as when the zone's rules change
# after the series was entered, the instants move, the clock stays.
sqlite3 "$DB" "UPDATE meeting SET start_wall = start_wall + 3600 WHERE id = $id"
run agenda --from 2026-04-13 --days 1 --tz Asia/Tashkent --json
is "$(json '[.[] | select(.meeting_id == '"$id"') | .start] | join(",")')" "2026-04-13T06:00:00Z" \
	"the agenda follows the stored wall clock (11:00 in Tashkent)"
run export
like "$(printf '%s' "$out" | tr -d '\r' | grep -A8 "^UID:$(sqlite3 "$DB" "SELECT uid FROM meeting WHERE id = $id")" | grep ^DTSTART)" \
	'^DTSTART;TZID=Asia/Tashkent:20260406T110000$' "export writes the series from the same clock: DTSTART 11:00"
run meeting set "$id" --title 'Weekly session of the coordinators'
is "$(wall "$id")" "$((ten + 3600))" "a change of title keeps the stored clock as it is"
run meeting set "$id" --status confirmed --venue 'Kongress-Zal'
is "$(wall "$id")" "$((ten + 3600))" "so do a change of status and venue"

run meeting set "$id" --start '2026-04-06 09:00'
is "$rc" 0 "set --start"
is "$(wall "$id")" "$(date -u -d '2026-04-06 09:00' +%s)" "a new start writes it again: 09:00"
run agenda --from 2026-04-13 --days 1 --tz Asia/Tashkent --json
is "$(json '[.[] | select(.meeting_id == '"$id"') | .start] | join(",")')" "2026-04-13T04:00:00Z" \
	"the agenda: 09:00 in Tashkent"

run state add BE Belgium --tz Europe/Brussels
run meeting set "$id" --tz Europe/Brussels
is "$rc" 0 "set --tz"
is "$(wall "$id")" "$(date -u -d '2026-04-06 06:00' +%s)" "a new zone writes it again: the same instant, 06:00 in Brussels"
run meeting set "$id" --rrule none
is "$rc" 0 "set --rrule none"
is "$(wall "$id")" NULL "no rule, no wall clock"
run meeting set "$id" --rrule FREQ=DAILY
is "$(wall "$id")" "$(date -u -d '2026-04-06 06:00' +%s)" "a rule again, the wall clock again"

# An imported series has it too.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:weekly@import\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;TZID=Asia/Tashkent:20260406T100000\r\nDTEND;TZID=Asia/Tashkent:20260406T110000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Imported weekly\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >weekly.ics
run import weekly.ics
is "$rc" 0 "import a weekly series"
is "$(sqlite3 "$DB" "SELECT start_wall FROM meeting WHERE uid = 'weekly@import'")" "$ten" \
	"an imported series keeps its wall clock: 2026-04-06 10:00"

# meeting.exdates and meeting.rdates hold each series' EXDATEs and RDATEs (schema/0010, triggers).
dates_kept() {
	sqlite3 "$DB" "SELECT count(*) FROM meeting m WHERE
		coalesce((SELECT group_concat(value) FROM (SELECT value FROM json_each('[' || m.exdates || ']') ORDER BY 1)), '')
		<> coalesce((SELECT group_concat(start_utc) FROM (SELECT start_utc FROM exdate WHERE meeting_id = m.id
			ORDER BY 1)), '')
		OR coalesce((SELECT group_concat(value) FROM (SELECT value FROM json_each('[' || m.rdates || ']') ORDER BY 1)), '')
		<> coalesce((SELECT group_concat(start_utc) FROM (SELECT start_utc FROM rdate WHERE meeting_id = m.id
			ORDER BY 1)), '')"
}
ndates() {
	sqlite3 "$DB" "SELECT coalesce(json_array_length('[' || exdates || ']'), 0) + coalesce(json_array_length('[' || rdates || ']'), 0) FROM meeting WHERE $1"
}
run meeting add CANC --start '2026-04-06 10:00' --host UZ --rrule FREQ=WEEKLY --exdate 2026-04-13 --exdate 2026-04-20
ex=$out
is "$(ndates "id = $ex")" 2 "two exceptions kept in the row"
run meeting set "$ex" --exdate 2026-04-27
is "$(ndates "id = $ex")" 3 "a third one kept"
is "$(dates_kept)" 0 "every row's dates are its tables' dates"
run meeting set "$ex" --start '2026-04-07 10:00'
is "$(dates_kept)" 0 "the series moved with its exceptions: every row's dates right"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:rdates@import\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260406T050000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=MONTHLY;COUNT=3\r\nEXDATE:20260506T050000Z\r\nRDATE:20260415T050000Z,20260420T050000Z\r\nSUMMARY:Dates\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >dates.ics
run import dates.ics
is "$(ndates "uid = 'rdates@import'")" 3 "an imported EXDATE and two RDATEs kept in the row"
run agenda --from 2026-04-01 --days 70 --tz UTC --json
is "$(json '[.[] | select(.uid == "rdates@import") | .start] | join(",")')" \
	"2026-04-06T05:00:00Z,2026-04-15T05:00:00Z,2026-04-20T05:00:00Z,2026-06-06T05:00:00Z" \
	"the agenda reads the row's dates: two RDATEs added, the EXDATE left out"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:rdates@import\r\nDTSTAMP:20260102T000000Z\r\nSEQUENCE:1\r\nDTSTART:20260406T050000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=MONTHLY;COUNT=3\r\nRDATE:20260420T050000Z\r\nSUMMARY:Dates\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >dates2.ics
run import dates2.ics
is "$rc" 0 "import the series again, its EXDATE and an RDATE gone"
is "$(ndates "uid = 'rdates@import'")" 1 "one RDATE left in the row"
is "$(dates_kept)" 0 "every row's dates right after the update"
rid=$(sqlite3 "$DB" "SELECT id FROM meeting WHERE uid = 'rdates@import'")
run meeting set "$rid" --rrule none
run meeting set "$rid" --rrule 'FREQ=MONTHLY;COUNT=3'
is "$(sqlite3 "$DB" "SELECT rdates FROM meeting WHERE id = $rid")" "$(sqlite3 "$DB" "SELECT start_utc FROM rdate WHERE meeting_id = $rid")" \
	"a series made single, then a series again, keeps its RDATE in its row"
is "$(dates_kept)" 0 "every row's dates right after the rule went and came back"
run meeting rm "$ex"
is "$rc" 0 "rm a series with exceptions"
is "$(dates_kept)" 0 "every row's dates still right"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "integrity_check ok"

done_testing
