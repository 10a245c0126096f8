#!/bin/bash
# Bad input to plan, holiday, template and conflicts: one clear line, the
# documented exit status, and the database unchanged.
. "$(dirname "$0")/lib.sh"

run init --demo
is "$rc" 0 "init --demo"
printf 'This is not a calendar.\nBEGIN:VCALENDAR\n' > "$T/notes.ics"
# A calendar cut short: its first holiday must not be written either.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20260704\r\nSUMMARY:First\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@x\r\n' > "$T/cut.ics"

# ---- the brief's cases ----

refused plan NOPE -- 3 "unknown body 'NOPE'" "plan: unknown body"
refused plan CAHS --days 0 -- 5 "invalid --days '0': expected a number of days from 1 to 31" "plan --days 0"
refused plan CAHS --between 2026-12-01 2026-01-01 -- 5 \
	"invalid --between '2026-12-01' '2026-01-01': the end is before the start" "plan --between with the end first"
refused plan CANC -- 3 "body 'CANC' has no chair rotation to name the host of its next summit: give --host STATE" \
	"plan: no rotation and no --host"
refused holiday import KZ "$T/notes.ics" -- 5 "cannot import '.*notes.ics': line 1: not an iCalendar file" \
	"holiday import: not iCalendar"

# ---- plan ----

refused plan CAHS --days 32 -- 5 "invalid --days '32'" "plan --days 32"
refused plan CAHS --days two -- 5 "invalid --days 'two'" "plan --days two"
refused plan CAHS --top 0 -- 5 "invalid --top '0'" "plan --top 0"
refused plan CAHS --at 25:00 -- 5 "invalid --at '25:00': expected HH:MM" "plan --at 25:00"
refused plan CAHS --at 9:00 -- 5 "invalid --at '9:00': expected HH:MM" "plan --at 9:00"
refused plan CAHS --min-gap -6mo -- 5 "invalid --min-gap '-6mo': negative period" "plan --min-gap -6mo"
refused plan CAHS --min-gap soon -- 5 "invalid --min-gap 'soon'" "plan --min-gap soon"
refused plan CAHS --year 20x6 -- 5 "invalid --year '20x6'" "plan --year 20x6"
refused plan CAHS --between 2026-02-30 2026-12-01 -- 5 "invalid --between '2026-02-30'" "plan --between 2026-02-30"
refused plan CAHS --between 2026-01-01 2040-12-31 -- 5 "invalid --between '2026-01-01' '2040-12-31': 5479 days" \
	"plan --between fifteen years"
refused plan CAHS --between 2026-01-01 -- 2 "option '--between' needs two dates" "plan --between with one date"
refused plan CAHS --year 2026 --between 2026-01-01 2026-02-01 -- 2 "give --year or --between, not both" \
	"plan --year and --between"
refused plan CAHS --host XX -- 3 "unknown state 'XX'" "plan --host XX"
refused plan CAHS --host TMX -- 5 "invalid --host 'TMX'" "plan --host TMX"
refused plan -- 2 "plan takes one BODY" "plan without BODY"
refused plan CAHS --color -- 2 "unknown option '--color' for 'plan'" "plan --color"
refused plan CAHS --commit 2026-02-30 -- 5 "invalid --commit '2026-02-30'" "plan --commit 2026-02-30"
refused plan CAHS --commit 2026-06-09 --top 3 -- 2 "--commit takes --days, --host, --min-gap and --force only" \
	"plan --commit --top"
refused plan CAHS --force -- 2 "--force goes with --commit DATE" "plan --force without --commit"
refused plan CAHS --commit 2026-10-09 -- 4 "cannot plan CAHS on 2026-10-09: meeting [0-9]+ of CIS" \
	"plan --commit on the CIS summit"
refused plan CAHS --commit 2026-01-10 -- 4 "cannot plan CAHS on 2026-01-10: the day is not after today" \
	"plan --commit in the past"
refused plan CANC --commit 2026-06-10 -- 3 "body 'CANC' has no chair rotation" "plan --commit: no rotation, no --host"

# ---- holiday ----

refused holiday import KZ "$T/cut.ics" -- 5 "cannot import '.*cut.ics'" "holiday import: a truncated file"
refused holiday import XX "$T/notes.ics" -- 3 "unknown state 'XX'" "holiday import: unknown state"
refused holiday import KZ "$T/missing.ics" -- 1 "cannot open '.*missing.ics'" "holiday import: no such file"
refused holiday add KZ 2026-02-30 'Leap' -- 5 "invalid date '2026-02-30'" "holiday add 2026-02-30"
refused holiday add KZ 2026-07-10 'Back' --to 2026-07-09 -- 5 "--to '2026-07-09' is before the date '2026-07-10'" \
	"holiday add --to before the date"
refused holiday add KZ 2026-01-01 'Long' --to 2027-01-02 -- 5 "invalid --to '2027-01-02': a holiday lasts at most 366 days" \
	"holiday add a year long"
refused holiday add KZ 2026-03-21 'Nauryz' -- 4 "holiday 'Nauryz' of 'KZ' on 2026-03-21 already exists" \
	"holiday add: duplicate"
refused holiday add XX 2026-03-21 'Nauryz' -- 3 "unknown state 'XX'" "holiday add: unknown state"
refused holiday add KZ 2026-07-10 '' -- 5 "the holiday name is empty" "holiday add: empty name"
refused holiday add KZ 2026-07-10 -- 2 "holiday add takes STATE, DATE and NAME" "holiday add without NAME"
refused holiday rm 99999 -- 3 "unknown holiday '99999'" "holiday rm: unknown id"
refused holiday rm x -- 5 "invalid holiday id 'x'" "holiday rm: not a number"
refused holiday list --year soon -- 5 "invalid --year 'soon'" "holiday list --year soon"
refused holiday list XX -- 3 "unknown state 'XX'" "holiday list: unknown state"
refused holiday frobnicate -- 2 "unknown subcommand 'holiday frobnicate'" "holiday: unknown subcommand"

# ---- template ----

refused template add 'Expert consultations on draft documents' --before 5w -- 4 \
	"template step 'Expert consultations on draft documents' already exists" "template add: duplicate"
refused template add 'Step' -- 2 "template add needs --before DUR" "template add without --before"
refused template add 'Step' --before -2d -- 5 "invalid --before '-2d': negative duration" "template add --before -2d"
refused template add 'Step' --before P1M -- 5 "invalid --before 'P1M'" "template add --before P1M"
refused template add 'Step' --before 2d --owner president -- 5 "invalid --owner 'president'" \
	"template add --owner president"
refused template add 'Step' --before 2d --owner XX -- 3 "unknown state 'XX'" "template add --owner XX"
refused template rm 'No such step' -- 3 "unknown template step 'No such step'" "template rm: unknown step"

# ---- conflicts ----

refused conflicts --from 2026-06-01 --to 2026-05-01 -- 5 "--to '2026-05-01' is before --from" "conflicts: --to before --from"
refused conflicts --from 2026-13-01 -- 5 "invalid --from '2026-13-01'" "conflicts --from 2026-13-01"
refused conflicts CAHS -- 2 "conflicts takes no arguments" "conflicts with an argument"

# ---- --help everywhere ----

for c in "plan" "plan CAHS" "holiday" "holiday add" "holiday import" "holiday list" "holiday rm" \
	"template" "template list" "template add" "template rm" "conflicts"; do
	run $c --help
	is "$rc" 0 "$c --help exits 0"
	like "$out" '^usage: dipcal ' "$c --help prints the usage"
done

done_testing
