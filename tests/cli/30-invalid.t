#!/bin/bash
# Bad input is refused with the documented exit status, one message, and
# the database unchanged; odd but valid text is stored verbatim.
. "$(dirname "$0")/lib.sh"

run init --demo
is "$rc" 0 "init --demo"
run meeting add CANC --start '2026-09-10 10:00' --host TM --duration 2h --title 'Coordinators'
m=$out
like "$m" '^[0-9]+$' "a meeting to change"
run meeting add CANC --start 2026-09-20 --end 2026-09-21 --host TM --title 'Two days'
allday=$out

# ---- unknown zone: exit 5 ----

refused meeting add CANC --start '2026-09-10 10:00' --tz Mars/Olympus -- 5 "unknown time zone 'Mars/Olympus'" \
	"meeting add --tz Mars/Olympus"
refused meeting set "$m" --tz Mars/Olympus -- 5 "unknown time zone 'Mars/Olympus'" "meeting set --tz Mars/Olympus"
refused state add MA Mars --tz Mars/Olympus -- 5 "unknown time zone 'Mars/Olympus'" "state add --tz Mars/Olympus"
refused agenda --tz Mars/Olympus -- 5 "unknown time zone 'Mars/Olympus'" "agenda --tz Mars/Olympus"
refused meeting add CANC --start '2026-09-10 10:00' --tz '' -- 5 "unknown time zone ''" "meeting add --tz ''"

# ---- impossible dates and times: exit 5 ----

refused meeting add CANC --start 2026-02-30 -- 5 "invalid --start '2026-02-30': February 2026 has 28 days" \
	"meeting add --start 2026-02-30"
refused meeting add CANC --start 2026-13-01 -- 5 "invalid --start '2026-13-01': no month 13" "meeting add --start 2026-13-01"
refused meeting add CANC --start '2026-09-10 25:00' -- 5 "invalid --start '2026-09-10 25:00': no hour 25" \
	"meeting add --start at 25:00"
refused meeting add CANC --start '2026-09-10 10:60' -- 5 "invalid --start '2026-09-10 10:60': no minute 60" \
	"meeting add --start at 10:60"
refused meeting add CANC --start 2026-00-10 -- 5 "invalid --start '2026-00-10': no month 00" "meeting add --start month 00"
refused meeting add CANC --start 2026-09-00 -- 5 "invalid --start '2026-09-00'" "meeting add --start day 00"
refused meeting add CANC --start 2026-9-10 -- 5 "invalid --start '2026-9-10': expected YYYY-MM-DD" "meeting add --start 2026-9-10"
refused meeting add CANC --start tomorrow -- 5 "invalid --start 'tomorrow'" "meeting add --start tomorrow"
refused meeting add CANC --start '2026-09-10 10:00+05' -- 5 "invalid --start '2026-09-10 10:00\+05'" \
	"meeting add --start with an offset"
run meeting add CANC --start 2028-02-29 --title 'Leap day'
is "$rc" 0 "2028-02-29 is a date"
run meeting rm "$out"
refused meeting add CANC --start '2026-09-10 10:00' --end '2026-02-30 11:00' -- 5 "invalid --end '2026-02-30 11:00'" \
	"meeting add --end 2026-02-30"
refused meeting set "$m" --start 2026-02-30 -- 5 "invalid --start '2026-02-30'" "meeting set --start 2026-02-30"
refused meeting postpone "$m" --to '2026-13-01 10:00' -- 5 "invalid --start '2026-13-01 10:00': no month 13" \
	"meeting postpone --to 2026-13-01"
refused meeting list --from 2026-02-30 -- 5 "invalid --from '2026-02-30'" "meeting list --from 2026-02-30"
refused meeting list --to 2026-13-01 -- 5 "invalid --to '2026-13-01'" "meeting list --to 2026-13-01"
refused meeting list --from '2026-02-01 10:00' -- 5 "invalid --from '2026-02-01 10:00': expected a date" \
	"meeting list --from with a time"
refused member add CAHS KZ --since 2026-02-30 -- 5 "invalid --since '2026-02-30'" "member add --since 2026-02-30"
refused member add CAHS KZ --until 2026-13-01 -- 5 "invalid --until '2026-13-01'" "member add --until 2026-13-01"
refused member list CAHS --on 2026-02-30 -- 5 "invalid --on '2026-02-30'" "member list --on 2026-02-30"
refused deadline add "$m" Draft --due '2026-09-01 25:00' -- 5 "invalid --due '2026-09-01 25:00': no hour 25" \
	"deadline add --due at 25:00"
refused meeting add CANC --start '2026-09-10 10:00' --rrule FREQ=WEEKLY --exdate 2026-02-30 -- 5 \
	"invalid --exdate '2026-02-30'" "meeting add --exdate 2026-02-30"
refused agenda --from 2026-02-30 -- 5 "invalid --from '2026-02-30'" "agenda --from 2026-02-30"

# ---- end before start, negative durations: exit 5 ----

refused meeting add CANC --start '2026-09-10 10:00' --end '2026-09-10 09:00' -- 5 \
	"--end '2026-09-10 09:00' is before the start" "meeting add: --end before --start"
refused meeting add CANC --start 2026-09-10 --end 2026-09-09 -- 5 "--end '2026-09-09' is before the start" \
	"meeting add: all-day --end before --start"
refused meeting set "$m" --end '2026-09-10 09:00' -- 5 "--end '2026-09-10 09:00' is before the start" \
	"meeting set: --end before the start"
refused meeting add CANC --start '2026-09-10 10:00' --duration -PT1H -- 5 "invalid --duration '-PT1H': negative duration" \
	"meeting add --duration -PT1H"
refused meeting add CANC --start '2026-09-10 10:00' --duration -5m -- 5 "invalid --duration '-5m': negative duration" \
	"meeting add --duration -5m"
refused meeting set "$m" --duration -PT1H -- 5 "invalid --duration '-PT1H': negative duration" "meeting set --duration -PT1H"
refused meeting add CANC --start '2026-09-10 10:00' --duration P1M -- 5 "invalid --duration 'P1M'" \
	"meeting add --duration P1M (months are not durations)"
refused meeting add CANC --start '2026-09-10 10:00' --duration 5x -- 5 "invalid --duration '5x'" "meeting add --duration 5x"
refused meeting add CANC --start 2026-09-10 --duration 5h -- 5 "invalid --duration '5h': an all-day meeting lasts whole days" \
	"meeting add: an all-day meeting of 5 hours"
refused meeting add CANC --start '2026-09-10 10:00' --end 2026-09-11 -- 5 "invalid --end '2026-09-11': the meeting is timed" \
	"meeting add: a date --end for a timed meeting"
refused meeting set "$allday" --end '2026-09-22 10:00' -- 5 "invalid --end '2026-09-22 10:00': the meeting is all-day" \
	"meeting set: a timed --end for an all-day meeting"
refused meeting set "$allday" --duration 36h -- 5 "invalid --duration '36h': an all-day meeting lasts whole days" \
	"meeting set: an all-day meeting of 36 hours"
refused deadline add "$m" Draft --before -PT1H -- 5 "invalid --before '-PT1H': negative duration" "deadline add --before -PT1H"

# ---- unknown body, state, meeting: exit 3 ----

refused meeting add NOPE --start 2026-09-10 -- 3 "unknown body 'NOPE'" "meeting add: unknown body"
refused meeting list NOPE -- 3 "unknown body 'NOPE'" "meeting list: unknown body"
refused member add NOPE KZ -- 3 "unknown body 'NOPE'" "member add: unknown body"
refused member list NOPE -- 3 "unknown body 'NOPE'" "member list: unknown body"
refused agenda --body NOPE -- 3 "unknown body 'NOPE'" "agenda: unknown body"
refused meeting add CANC --start 2026-09-10 --host XX -- 3 "unknown state 'XX'" "meeting add: unknown host"
refused meeting set "$m" --host XX -- 3 "unknown state 'XX'" "meeting set: unknown host"
refused member add CAHS XX -- 3 "unknown state 'XX'" "member add: unknown state"
refused deadline add "$m" Draft --before 2d --owner XX -- 3 "unknown state 'XX'" "deadline add: unknown owner"
for sub in show set postpone cancel rm; do
	refused meeting $sub 999 -- 3 "unknown meeting '999'" "meeting $sub: unknown meeting"
done
refused doc add 999 Report --kind report -- 3 "unknown meeting '999'" "doc add: unknown meeting"
refused deadline add 999 Draft --before 2d -- 3 "unknown meeting '999'" "deadline add: unknown meeting"
refused deadline done 999 -- 3 "unknown deadline '999'" "deadline done: unknown deadline"
refused meeting show x1 -- 5 "invalid meeting id 'x1'" "meeting show: an id that is not a number"
refused meeting show 0 -- 5 "invalid meeting id '0'" "meeting show: id 0"
refused meeting show 1.5 -- 5 "invalid meeting id '1.5'" "meeting show: a fractional id"

# ---- duplicates: exit 4 ----

refused state add KZ Kazakhstan --tz Asia/Almaty -- 4 "state 'KZ' already exists" "state add: duplicate code"
refused state add kz Kazakhstan --tz Asia/Almaty -- 4 "state 'KZ' already exists" "state add: duplicate code in lower case"
refused body add CAHS 'Another body' -- 4 "body 'CAHS' already exists" "body add: duplicate code"
refused member add CAHS KZ -- 4 "state 'KZ' is already a full member of 'CAHS'" "member add: duplicate membership"

# ---- other invalid values: exit 5 ----

refused state add K1 Kazakhstan --tz Asia/Almaty -- 5 "invalid state code 'K1'" "state add: code K1"
refused state add KAZ Kazakhstan --tz Asia/Almaty -- 5 "invalid state code 'KAZ'" "state add: code KAZ"
refused state add QQ '' --tz Asia/Almaty -- 5 "the name of state 'QQ' is empty" "state add: empty name"
refused body add cahs2 'Lower case' -- 5 "invalid body code 'cahs2'" "body add: lower-case code"
refused body add ABCDEFGHIJKLMNOPQ 'Too long' -- 5 "invalid body code 'ABCDEFGHIJKLMNOPQ'" "body add: 17-character code"
refused body add 'A B' 'Space' -- 5 "invalid body code 'A B'" "body add: a space in the code"
refused body add G5 'Group' --level imperial -- 5 "invalid level 'imperial'" "body add: unknown level"
refused member add CAHS AZ --role patron --since 2030-01-01 -- 5 "invalid role 'patron'" "member add: unknown role"
refused member add CAHS AZ --since 2030-01-01 --until 2029-01-01 -- 5 "--until '2029-01-01' is not after --since" \
	"member add: --until before --since"
refused meeting add CANC --start 2026-09-10 --status tentative -- 5 "invalid status 'tentative'" "meeting add: unknown status"
refused meeting add CANC --start 2026-09-10 --kind secret -- 5 "invalid kind 'secret'" "meeting add: unknown kind"
refused meeting add CANC --start 2026-09-10 --ordinal 0 -- 5 "invalid --ordinal '0'" "meeting add: --ordinal 0"
refused meeting add CANC --start 2026-09-10 --host TMX -- 5 "invalid --host 'TMX'" "meeting add: a three-letter host"
refused meeting list --status tentative -- 5 "invalid status 'tentative'" "meeting list: unknown status"
refused meeting add CANC --start 2026-09-10 --exdate 2026-09-17 -- 5 "--exdate needs a recurring meeting" \
	"meeting add: --exdate without --rrule"
refused meeting add CANC --start 2026-09-10 --rrule FREQ=WEEKLY --exdate '2026-09-17 10:00' -- 5 \
	"invalid --exdate '2026-09-17 10:00': the meeting is all-day" "meeting add: a timed --exdate of an all-day series"

# ---- malformed recurrence rules: exit 5 ----

refused meeting add CANC --start '2026-09-10 10:00' --rrule FREQ=SOMETIMES -- 5 \
	"invalid --rrule 'FREQ=SOMETIMES': not a valid RRULE" "--rrule FREQ=SOMETIMES"
refused meeting add CANC --start '2026-09-10 10:00' --rrule 'FREQ=WEEKLY;BYDAY=XX' -- 5 \
	"invalid --rrule 'FREQ=WEEKLY;BYDAY=XX': not a valid RRULE" "--rrule FREQ=WEEKLY;BYDAY=XX"
refused meeting add CANC --start '2026-09-10 10:00' --rrule 'FREQ=WEEKLY;COUNT=abc' -- 5 \
	"invalid --rrule 'FREQ=WEEKLY;COUNT=abc'" "--rrule COUNT=abc"
refused meeting add CANC --start '2026-09-10 10:00' --rrule 'FREQ=MONTHLY;BYMONTHDAY=32' -- 5 \
	"invalid --rrule 'FREQ=MONTHLY;BYMONTHDAY=32'" "--rrule BYMONTHDAY=32"
refused meeting add CANC --start '2026-09-10 10:00' --rrule '' -- 5 "invalid --rrule ''" "--rrule ''"
refused meeting set "$m" --rrule FREQ=SOMETIMES -- 5 "invalid --rrule 'FREQ=SOMETIMES'" "meeting set --rrule FREQ=SOMETIMES"

# ---- text: limits, control characters, invalid UTF-8 ----

big=$(head -c 102400 /dev/zero | tr '\0' x)
refused meeting add CANC --start 2026-09-10 --title "$big" -- 5 \
	"title is 102400 bytes long; the limit is [0-9]+ bytes" "a 100 KB title"
like "$err" "the limit is 4096 bytes" "the message names the limit in bytes"
refused meeting set "$m" --venue "$big" -- 5 "venue is 102400 bytes long; the limit is [0-9]+ bytes" "a 100 KB venue"
refused state add QQ "$big" --tz UTC -- 5 "name is 102400 bytes long; the limit is [0-9]+ bytes" "a 100 KB state name"
refused doc add "$m" "$big" --kind report -- 5 "title is 102400 bytes long; the limit is [0-9]+ bytes" "a 100 KB document title"
run meeting add CANC --start 2026-09-10 --title "$(head -c 4096 /dev/zero | tr '\0' x)"
is "$rc" 0 "a title of exactly 4096 bytes is accepted"
run meeting rm "$out"
refused meeting add CANC --start 2026-09-10 --title "$(head -c 4097 /dev/zero | tr '\0' x)" -- 5 \
	"title is 4097 bytes long; the limit is 4096 bytes" "a title of 4097 bytes"
refused meeting add CANC --start 2026-09-10 --title $'bell\a' -- 5 "title is not valid UTF-8 text \(or holds control characters\)" \
	"a control character in the title"
refused meeting add CANC --start 2026-09-10 --title $'two\nlines' -- 5 "title is not valid UTF-8" "a newline in the title"
refused meeting add CANC --start 2026-09-10 --title $'Latin-1 \xe9' -- 5 "title is not valid UTF-8" "invalid UTF-8 in the title"
refused meeting add CANC --start 2026-09-10 --venue $'\xc0\xaf' -- 5 "venue is not valid UTF-8" "an overlong UTF-8 sequence"

# ---- quotes, backslashes and SQL are data ----

title="It's a \"summit\" \\ C:\\path\\n %s %n \$HOME \`id\`"
venue="'; DROP TABLE meeting; --"
notes=$'Line one;\n\t"quoted" \'single\' \\backslash\\\nRobert\'); DROP TABLE meeting; --\r\nЎзбекистон — Ашхабад ✓'
city='"; DELETE FROM state WHERE 1=1; --'
run meeting add CANC --start '2026-09-10 10:00' --host TM --title "$title" --venue "$venue" --notes "$notes" --city "$city"
is "$rc" 0 "meeting add with quotes, backslashes and SQL in its text"
odd=$out
run meeting show "$odd" --json
is "$(printf '%s' "$out" | jq -j '.title' | sha256sum)" "$(printf '%s' "$title" | sha256sum)" "the title, byte for byte"
is "$(printf '%s' "$out" | jq -j '.venue' | sha256sum)" "$(printf '%s' "$venue" | sha256sum)" "the venue, byte for byte"
is "$(printf '%s' "$out" | jq -j '.notes' | sha256sum)" "$(printf '%s' "$notes" | sha256sum)" "the notes, byte for byte"
is "$(printf '%s' "$out" | jq -j '.city' | sha256sum)" "$(printf '%s' "$city" | sha256sum)" "the city, byte for byte"
is "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meeting'")" 1 \
	"the meeting table still exists"
is "$(sqlite3 "$DB" "SELECT count(*) FROM state")" 6 "the states are all there"
run meeting list CANC --json
is "$(json "[.[] | select(.id == $odd)] | length")" 1 "the meeting is listed"
is "$(printf '%s' "$out" | jq -j ".[] | select(.id == $odd) | .title" | sha256sum)" "$(printf '%s' "$title" | sha256sum)" \
	"meeting list --json: the title, byte for byte"
run meeting add CANC --start '2026-09-10 12:00' --title "$title (online)"
nohost=$out
run agenda --from 2026-09-10 --days 1 --tz UTC --json
is "$(printf '%s' "$out" | jq -j ".[] | select(.meeting_id == $odd) | .title" | sha256sum)" \
	"$(printf '%s' "$title" | sha256sum)" "agenda --json: the title, byte for byte"
is "$(printf '%s' "$out" | jq -j ".[] | select(.meeting_id == $nohost) | .title" | sha256sum)" \
	"$(printf '%s' "$title (online)" | sha256sum)" "agenda --json: the same odd text in a second meeting"
is "$(printf '%s' "$out" | jq -c "[.[] | select(.meeting_id == $odd or .meeting_id == $nohost) | .host]")" \
	'["TM",null]' "agenda --json: a host, and null for a meeting without one"
run meeting rm "$nohost"
run meeting set "$odd" --venue "$venue 2" --reason "$venue"
run meeting show "$odd" --json
is "$(printf '%s' "$out" | jq -j '.changes[-1].reason' | sha256sum)" "$(printf '%s' "$venue" | sha256sum)" \
	"a reason with SQL in it, byte for byte"
run state add QQ "$venue" --tz UTC --capital "$title"
is "$rc" 0 "state add with SQL in its name"
run state list --json
is "$(printf '%s' "$out" | jq -j '.[] | select(.code == "QQ") | .name + "\u0000" + .capital' | sha256sum)" \
	"$(printf '%s\0%s' "$venue" "$title" | sha256sum)" "state name and capital, byte for byte"
demo_meetings=$(sqlite3 "$DB" "SELECT count(*) FROM meeting WHERE uid LIKE '%@demo.dipcal'")
is "$(sqlite3 "$DB" "SELECT count(*) FROM meeting")" "$((demo_meetings + 3))" "no meeting lost: the demo's and three added"
done_testing
