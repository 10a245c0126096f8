#!/bin/bash
# meeting list (BODY, --from, --to, --status, --json), meeting rm, and the
# usage errors of meeting.
. "$(dirname "$0")/lib.sh"

MEETING_KEYS="id uid body title host city venue tz start end all_day status kind ordinal sequence"

# missing_keys KEY...: the keys not in the JSON object $out, comma-separated ("" when none).
missing_keys() {
	local want
	want=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	printf '%s' "$out" | jq -r --argjson want "$want" '($want - keys) | join(",")'
}

# add ARGS...: meeting add; sets $id to what it printed.
add() {
	run meeting add "$@"
	id=$out
}

# ---- meeting list ----

run init
run body add B1 'Body one'
run body add B2 'Body two'
run state add TM Turkmenistan --tz Asia/Ashgabat
add B1 --start '2026-03-05 10:00' --tz Asia/Ashgabat --title a-mar5
a=$id
add B1 --start 2026-03-10 --title b-mar10
b=$id
add B2 --start '2026-03-20 12:00' --host TM --title c-mar20 --status confirmed
c=$id
add B1 --start '2026-04-02 10:00' --tz Asia/Ashgabat --title d-apr2 --status confirmed
add B2 --start '2026-02-02 10:00' --tz Asia/Ashgabat --rrule 'FREQ=WEEKLY;COUNT=3' --title e-weekly
e=$id

run meeting list --json
is "$rc" 0 "meeting list --json exits 0"
is "$(json 'type')" array "meeting list --json is an array"
is "$(json '[.[].title] | join(",")')" "e-weekly,a-mar5,b-mar10,c-mar20,d-apr2" "all meetings, by start"
out=$(printf '%s' "$out" | jq -c '.[1]')
is "$(missing_keys $MEETING_KEYS)" "" "meeting list --json has the meeting keys"
is "$(json '[.start, .end] | join(" ")')" "2026-03-05T05:00:00Z 2026-03-05T06:00:00Z" "timed: RFC 3339 UTC with Z"
run meeting list --json
is "$(json '.[] | select(.title == "b-mar10") | [.start, .end, (.all_day | tostring)] | join(" ")')" \
	"2026-03-10 2026-03-11 true" "all-day: dates"
run meeting list B1 --json
is "$(json '[.[].title] | join(",")')" "a-mar5,b-mar10,d-apr2" "meeting list BODY"
run meeting list B2 --json
is "$(json '[.[].title] | join(",")')" "e-weekly,c-mar20" "meeting list another BODY"
run meeting list --status confirmed --json
is "$(json '[.[].title] | join(",")')" "c-mar20,d-apr2" "meeting list --status"
run meeting list B1 --status confirmed --json
is "$(json '[.[].title] | join(",")')" "d-apr2" "meeting list BODY --status"
run meeting list --from 2026-03-15 --json
is "$(json '[.[].title] | join(",")')" "c-mar20,d-apr2" "meeting list --from"
run meeting list --to 2026-03-15 --json
is "$(json '[.[].title] | join(",")')" "e-weekly,a-mar5,b-mar10" "meeting list --to"
run meeting list --from 2026-03-06 --to 2026-03-25 --json
is "$(json '[.[].title] | join(",")')" "b-mar10,c-mar20" "meeting list --from --to"
run meeting list --from 2026-03-10 --to 2026-03-10 --json
is "$(json '[.[].title] | join(",")')" "b-mar10" "meeting list --from D --to D: the meetings of day D"
run meeting list --to 2026-03-09 --json
is "$(json '[.[].title] | join(",")')" "e-weekly,a-mar5" "--to: an all-day meeting the day after is not listed"
run meeting list --from 2026-03-11 --json
is "$(json '[.[].title] | join(",")')" "c-mar20,d-apr2" "--from: an all-day meeting the day before is not listed"
run meeting list --to 2026-04-01 --from 2026-03-21 --json
is "$(json '[.[].title] | join(",")')" "" "--to: a timed meeting of the next day (in its zone and the local one) is not listed"
run meeting list B3 --json
is "$rc" 3 "meeting list of an unknown body exits 3"
run meeting list --from 2027-01-01 --json
is "$out" "[]" "an empty list is []"
run meeting list
is "$rc" 0 "meeting list exits 0"
like "$out" '^ID +WHEN +BODY +NO +HOST +STATUS +TITLE' "meeting list prints a header"
like "$out" "^$a +2026-03-05 10:00–11:00 \\+05 +B1 +- +- +planned +a-mar5\$" "meeting list: a timed meeting"
like "$out" "^$b +2026-03-10 +B1 " "meeting list: an all-day meeting as a date"
like "$out" "^$e +2026-02-02 10:00–11:00 \\+05 \\(repeats\\) +B2" "meeting list: a recurring meeting"
like "$out" "^$c +.* +TM +confirmed +c-mar20\$" "meeting list: host and status"

# ---- meeting rm ----

run doc add "$c" 'Joint statement' --kind statement
run deadline add "$c" 'Draft due' --before 1w
run meeting rm "$c"
is "$rc" 0 "meeting rm exits 0"
is "$out" "" "meeting rm prints nothing"
run meeting show "$c"
is "$rc" 3 "a removed meeting is not found"
is "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM document WHERE meeting_id = $c) + (SELECT count(*) FROM deadline WHERE meeting_id = $c) + (SELECT count(*) FROM meeting_change WHERE meeting_id = $c)")" 0 \
	"its documents, deadlines and changes go with it"
refused meeting rm "$c" -- 3 "unknown meeting '$c'" "meeting rm twice"

# ---- usage errors of meeting ----

refused meeting add B1 -- 2 "meeting add needs --start WHEN" "meeting add without --start"
refused meeting add --start 2026-03-01 -- 2 "meeting add takes one BODY" "meeting add without BODY"
refused meeting add B1 --start -- 2 "option '--start' needs a value" "meeting add: --start without a value"
refused meeting add B1 --start 2026-03-01 --bogus -- 2 "unknown option '--bogus'" "meeting add: unknown option"
refused meeting add B1 --start 2026-03-01 --reason x -- 2 "unknown option '--reason'" "meeting add: --reason is set's"
refused meeting add B1 --start '2026-03-01 10:00' --end '2026-03-01 11:00' --duration 1h -- 2 \
	"give --end or --duration, not both" "meeting add: --end and --duration"
refused meeting list B1 B2 -- 2 "meeting list takes at most one BODY" "meeting list: two bodies"
refused meeting list --title x -- 2 "unknown option '--title'" "meeting list: an option of add"
refused meeting show -- 2 "meeting show takes one ID" "meeting show without ID"
refused meeting show "$a" "$b" -- 2 "meeting show takes one ID" "meeting show: two ids"
refused meeting set -- 2 "meeting set takes one ID" "meeting set without ID"
refused meeting postpone -- 2 "meeting postpone takes one ID" "meeting postpone without ID"
refused meeting postpone "$a" --to -- 2 "option '--to' needs a value" "meeting postpone: --to without a value"
refused meeting cancel -- 2 "meeting cancel takes one ID" "meeting cancel without ID"
refused meeting cancel "$a" --to 2026-05-01 -- 2 "unknown option '--to'" "meeting cancel: --to is postpone's"
refused meeting rm -- 2 "meeting rm takes one ID" "meeting rm without ID"
refused meeting rm "$a" --json -- 2 "unknown option '--json'" "meeting rm: unknown option"
done_testing
