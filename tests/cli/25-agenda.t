#!/bin/bash
# agenda: the default window (today and 14 days, by DIPCAL_NOW), --from,
# --to, --days, --tz, --body; recurrences expanded, EXDATE removed,
# cancelled meetings marked, all-day meetings as dates, DST.
# The clock is 2026-01-15 09:00 in Asia/Tashkent (lib.sh).
. "$(dirname "$0")/lib.sh"

AGENDA_KEYS="meeting_id uid title host tz start end all_day status"

# missing_keys KEY...: the keys not in the JSON object $out, comma-separated ("" when none).
missing_keys() {
	local want
	want=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	printf '%s' "$out" | jq -r --argjson want "$want" '($want - keys) | join(",")'
}

# titles: the titles in the agenda JSON in $out, comma-separated.
titles() {
	json '[.[].title] | join(",")'
}

run init
run body add B 'Board'
run body add C 'Council'
run state add TM Turkmenistan --tz Asia/Ashgabat
run meeting add B --start '2026-01-14 12:00' --tz Asia/Tashkent --title before
run meeting add B --start '2026-01-15 08:00' --tz Asia/Tashkent --title today
run meeting add B --start '2026-01-29 23:00' --tz Asia/Tashkent --title last
run meeting add B --start '2026-01-30 00:30' --tz Asia/Tashkent --title after
run meeting add B --start 2026-01-20 --end 2026-01-21 --host TM --title allday
run meeting add B --start '2026-01-22 10:00' --tz Asia/Tashkent --title dropped
run meeting cancel "$out" --reason 'no quorum'
run meeting add C --start '2026-01-16 10:00' --tz Europe/Brussels --rrule 'FREQ=DAILY;COUNT=20' \
	--exdate 2026-01-18 --exdate '2026-01-19 10:00' --title daily
daily=$out

# ---- the default window ----

run agenda --json
is "$rc" 0 "agenda --json exits 0"
is "$(json 'type')" array "agenda --json is an array"
is "$(json '.[0].title')" today "the window begins today (a meeting earlier today included)"
is "$(json '.[-1].title')" last "the window ends with the 14th day after today"
is "$(json '[.[] | select(.title == "before" or .title == "after")] | length')" 0 \
	"nothing from yesterday or the 15th day after today"
is "$(json '[.[] | select(.title == "daily")] | length')" 12 "the daily series, expanded in the window, less its exceptions"
is "$(json '[.[] | select(.title == "daily") | .start[0:10]] | index("2026-01-18", "2026-01-19") // "none"')" none \
	"EXDATE (a date, and a local time) removed"
is "$(json '[.[] | select(.title == "daily") | .start] | .[0:3] | join(" ")')" \
	"2026-01-16T09:00:00Z 2026-01-17T09:00:00Z 2026-01-20T09:00:00Z" "the occurrences, in UTC"
is "$(json '[.[].start] == ([.[].start] | sort)')" true "in time order"
out=$(printf '%s' "$out" | jq -c ".[] | select(.title == \"daily\")" | head -1)
is "$(missing_keys $AGENDA_KEYS)" "" "agenda keys"
is "$(json '.meeting_id')" "$daily" "meeting_id is the series' meeting"
is "$(json '[.tz, .end, (.all_day | tostring), .status] | join(" ")')" \
	"Europe/Brussels 2026-01-16T10:00:00Z false planned" "tz, end, all_day, status"
run agenda --json
is "$(json '.[] | select(.title == "dropped") | .status')" cancelled "a cancelled meeting is shown, status cancelled"
is "$(json '.[] | select(.title == "allday") | [.start, .end, (.all_day | tostring), .host] | join(" ")')" \
	"2026-01-20 2026-01-22 true TM" "an all-day meeting: dates"

run agenda
is "$rc" 0 "agenda exits 0"
is "$(printf '%s\n' "$out" | wc -l)" 16 "agenda prints one line per occurrence"
like "$out" '^2026-01-15 Thu  08:00-09:00 \+05 +B +today \[planned\]$' "agenda: a meeting in the local zone"
like "$out" '^2026-01-16 Fri  14:00-15:00 \+05 +C +daily \(Europe/Brussels 10:00 \+01\) \[planned\]$' \
	"agenda: local time, and the meeting's own"
like "$out" '^2026-01-20 Tue  all day +B +allday \(until 2026-01-21\) \[planned\]$' "agenda: an all-day meeting as dates"
like "$out" '^2026-01-22 Thu  10:00-11:00 \+05 +B +dropped \[cancelled\]$' "agenda: a cancelled meeting is marked"

# ---- --days, --from, --to ----

run agenda --days 1 --json
is "$(titles)" today "--days 1: today only"
run agenda --from 2026-01-29 --to 2026-01-30 --json
is "$(titles)" "daily,last,after,daily" "--from --to (inclusive)"
run agenda --from 2026-01-29 --days 2 --json
is "$(titles)" "daily,last,after,daily" "--from --days"
run agenda --from 2026-01-14 --days 1 --json
is "$(titles)" before "--from a past day"
run agenda --from 2026-01-18 --to 2026-01-19 --json
is "$(titles)" "" "a window holding only exceptions is empty"
is "$out" "[]" "an empty agenda is []"
run agenda --from 2026-01-21 --days 1 --json
is "$(titles)" "allday,daily" "the second day of a two-day meeting"
out=$("$DIPCAL" --db "$DB" --now '2026-01-30 01:00' agenda --days 1 --json)
is "$(titles)" "after,daily" "global --now moves today"
out=$(DIPCAL_NOW='2026-01-29 20:00Z' "$DIPCAL" --db "$DB" agenda --days 1 --json)
is "$(titles)" "after,daily" "DIPCAL_NOW ...Z: 20:00Z is already the 30th in Tashkent"
run agenda --body B --days 15 --json
is "$(json '[.[].title] | unique | join(",")')" "allday,dropped,last,today" "--body"

# ---- --tz ----

run agenda --from 2026-01-29 --days 1 --tz UTC --json
is "$(titles)" "daily,last,after" "--tz UTC: the day in UTC"
run agenda --from 2026-01-29 --days 1 --tz UTC
like "$out" '^2026-01-29 Thu  19:30-20:30 \+00 +B +after \(Asia/Tashkent 00:30 \+05\) \[planned\]$' "--tz UTC: times in UTC"
run agenda --tz America/Los_Angeles --days 1 --json
is "$(titles)" today "--tz: today is the day in that zone (the 14th in Los Angeles)"
run agenda --from 2026-01-20 --days 1 --tz Pacific/Kiritimati --json
is "$(json '.[] | select(.all_day) | .start')" 2026-01-20 "an all-day meeting keeps its date in any zone"

# ---- DST: 10:00 in Brussels stays 10:00 there ----

run meeting add C --start '2026-03-19 10:00' --tz Europe/Brussels --duration 2h --rrule FREQ=WEEKLY --title weekly
run agenda --from 2026-03-19 --to 2026-04-05 --body C --json
is "$(json '[.[] | select(.title == "weekly") | .start] | join(" ")')" \
	"2026-03-19T09:00:00Z 2026-03-26T09:00:00Z 2026-04-02T08:00:00Z" "weekly at 10:00 Brussels: UTC changes with DST"
run agenda --from 2026-03-19 --to 2026-04-05 --body C --tz Europe/Brussels
is "$(printf '%s\n' "$out" | grep -c ' 10:00-12:00 +0[12] .*weekly')" 3 "weekly at 10:00 Brussels: 10:00 local each week"
like "$out" '^2026-04-02 Thu  10:00-12:00 \+02 +C +weekly \[planned\]$' "after the change: 10:00 +02"
run agenda --from 2026-10-22 --to 2026-11-05 --body C --json
is "$(json '[.[] | select(.title == "weekly") | .start] | join(" ")')" \
	"2026-10-22T08:00:00Z 2026-10-29T09:00:00Z 2026-11-05T09:00:00Z" "weekly, far from its start, across the autumn change"

# ---- a weekly all-day series ----

run meeting add B --start 2026-02-06 --rrule FREQ=WEEKLY --exdate 2026-02-13 --title fridays
run agenda --from 2026-02-01 --to 2026-02-28 --body B --json
is "$(json '[.[] | select(.title == "fridays") | .start] | join(" ")')" "2026-02-06 2026-02-20 2026-02-27" \
	"a weekly all-day series: dates, its EXDATE removed"

# ---- the demo ----

DB="$T/demo.db"
run init --demo
run agenda --json
is "$out" "[]" "demo: nothing in the coming fortnight"
run agenda --from 2026-01-01 --to 2026-12-31 --json
is "$(json '[.[] | select(.title == "Council of National Coordinators") | .start[0:10]] | join(" ")')" \
	"2026-02-03 2026-04-07 2026-06-02 2026-08-04 2026-12-01" "demo: CANC every other first Tuesday, 6 October left out"
is "$(json '.[] | select(.all_day and .body == "CAHS") | .start')" 2026-12-10 "demo: the 8th summit as a date"
run agenda --from 2026-10-01 --to 2026-10-31 --body CANC --json
is "$out" "[]" "demo: the EXDATE of 6 October"
run agenda --from 2026-02-03 --days 1
like "$out" '^2026-02-03 Tue  10:00-13:00 \+05 +CANC +Council of National Coordinators — Ashgabat \(Asia/Ashgabat 10:00 \+05\) \[confirmed\]$' \
	"demo: the coordinators' first meeting of the year"

# ---- the zones' cuts, kept in the cache directory ----

Z="$XDG_CACHE_HOME/dipcal/zones"
run agenda --from 2026-02-03 --days 1
first=$out
[ -f "$Z/Asia.Ashgabat" ]
ok $? "the cut of the host's zone is kept in \$XDG_CACHE_HOME/dipcal/zones"
like "$(head -n 1 "$Z/Asia.Ashgabat")" '^dipcal [0-9.]+ zone cut 1, libical [0-9.]+, Asia/Ashgabat .*, year 2026$' \
	"its first line names what it is made from"
run agenda --from 2026-02-03 --days 1
is "$out" "$first" "the same agenda with the cut read from its file"
printf 'dipcal zone cut 1, garbage\n' >"$Z/Asia.Ashgabat"
run agenda --from 2026-02-03 --days 1
is "$out" "$first" "a damaged cache file: the same agenda"
like "$(head -n 1 "$Z/Asia.Ashgabat")" 'Asia/Ashgabat' "and the file made again"
rm -rf "$XDG_CACHE_HOME/dipcal"
mkdir -p "$XDG_CACHE_HOME" && printf 'not a directory\n' >"$XDG_CACHE_HOME/dipcal"
run agenda --from 2026-02-03 --days 1
is "$rc" 0 "a cache that cannot be written: agenda exits 0"
is "$out" "$first" "and shows the same"
is "$err" "" "and says nothing of it"
rm -f "$XDG_CACHE_HOME/dipcal"

# ---- refused ----

refused agenda --tz Mars/Olympus -- 5 "unknown time zone 'Mars/Olympus'" "agenda: unknown zone"
refused agenda --from 2026-02-30 -- 5 "invalid --from '2026-02-30'" "agenda: impossible --from"
refused agenda --to 2026-13-01 -- 5 "invalid --to '2026-13-01'" "agenda: impossible --to"
refused agenda --from 2026-02-01 --to 2026-01-01 -- 5 "--to '2026-01-01' is before --from" "agenda: --to before --from"
refused agenda --days 0 -- 5 "invalid --days '0'" "agenda: --days 0"
refused agenda --days x -- 5 "invalid --days 'x'" "agenda: --days not a number"
refused agenda --body NOPE -- 3 "unknown body 'NOPE'" "agenda: unknown body"
refused agenda --to 2026-02-01 --days 3 -- 2 "give --to or --days, not both" "agenda: --to and --days"
refused agenda --from -- 2 "option '--from' needs a value" "agenda: --from without a value"
refused agenda --bogus -- 2 "unknown option '--bogus'" "agenda: unknown option"
refused agenda tomorrow -- 2 "unexpected argument 'tomorrow'" "agenda: extra argument"
done_testing
