#!/bin/bash
# Bugs found in review, each kept from coming back.
. "$(dirname "$0")/lib.sh"

run init --demo
is "$rc" 0 "the demo loads"

# A summit without a host, before any member: a vacant term, and nothing else breaks.
run meeting add CAHS --start 2017-01-01 --status held --title 'Founding meeting'
is "$rc" 0 "a hostless summit of 2017 is added"
run export
is "$rc" 0 "export still works"
run rotation show CAHS chair --from 2016-01-01 --json
is "$rc" 0 "rotation show still works"
is "$(json '.[0].holder')" "null" "the term before any member is vacant (holder null)"
is "$(json '.[1].holder')" "KZ" "then the host of the 1st summit"
run rotation who CAHS chair --on 2026-01-15
like "$out" '^TM$' "the chair on 2026-01-15 is still TM"

# Rules more frequent than hourly, and hourly all-day ones, are refused.
refused meeting add CAHS --start 2026-01-01 --rrule FREQ=SECONDLY -- 5 "invalid --rrule 'FREQ=SECONDLY'" "FREQ=SECONDLY"
refused meeting add CAHS --start '2026-01-01 10:00' --rrule FREQ=MINUTELY -- 5 "invalid --rrule" "FREQ=MINUTELY"
refused meeting add CAHS --start 2026-01-01 --rrule FREQ=HOURLY -- 5 "invalid --rrule 'FREQ=HOURLY': an all-day" "hourly all-day"

# A series that moves takes its exceptions along.
run state add BE Belgium --tz Europe/Brussels
run body add EU 'European Council'
run member add EU BE
run meeting add EU --start '2026-04-06 10:00' --host BE --rrule 'FREQ=WEEKLY;COUNT=4' --exdate 2026-04-13
id=$out
run meeting set "$id" --start '2026-04-07 10:00'
is "$rc" 0 "the series moves a day later"
run agenda --from 2026-04-01 --days 40 --body EU --json
is "$(json '[.[].start[0:10]] | join(" ")')" "2026-04-07 2026-04-21 2026-04-28" "its exception moved with it (14 April left out)"

# A start the rule does not give is refused: other calendars would show it, dipcal would not.
refused meeting set "$id" --start '2026-04-08 10:00' --rrule 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' -- 5 \
	"the start is not an occurrence of the rule" "a start off the rule"

# Summit terms follow the summits: extend and record are refused there.
refused --now 2026-01-15 rotation extend CAHS chair --by 6mo -- 5 ".*has summit terms" "extend on summit terms"
refused --now 2026-01-15 rotation record CAHS chair KZ --start 2026-03-01 -- 5 ".*has summit terms" "record on summit terms"
refused --now 2026-01-15 rotation insert CAHS chair TJ --after TJ -- 5 "cannot place state 'TJ' after itself" \
	"insert after itself"

# Empty or missing global values.
before=$(dump)
out=$("$DIPCAL" --db '' state list 2>"$T/err"); rc=$?
is "$rc" 2 "--db '' is a usage error"
like "$(cat "$T/err")" "^dipcal: --db needs a file name" "--db '': the message"
out=$("$DIPCAL" --db "$DB" --now '' state list 2>"$T/err"); rc=$?
is "$rc" 2 "--now '' is a usage error"
out=$("$DIPCAL" --db 2>"$T/err"); rc=$?
is "$rc" 2 "--db without a value: exit 2"
like "$(head -1 "$T/err")" "^dipcal: option '--db' needs a value" "--db without a value: the message"
is "$(dump)" "$before" "nothing written"

# The agenda shows each end's offset when they differ (the repeated hour of 25 October).
run meeting add EU --start '2026-10-25 02:30' --tz Europe/Brussels --duration 1h --title 'Repeated hour'
run agenda --from 2026-10-25 --days 1 --tz Europe/Brussels --body EU
like "$out" "02:30 \+02-02:30 \+01" "start and end with their own offsets"

# Dates past 9999 and the year 0.
refused meeting add EU --start '9999-12-31 23:30' --tz UTC --duration 2h -- 5 ".*outside the years 1 to 9999" "an end in 10000"
refused agenda --from 0000-12-31 -- 5 "invalid --from '0000-12-31': no year 0000" "year 0"

# An empty title is refused by set as by a clear message.
refused meeting set "$id" --title '' -- 5 "the title is empty" "empty title"

# export -o keeps the mode of the file it replaces.
printf 'x\n' >"$T/shared.ics"
chmod 644 "$T/shared.ics"
run export -o "$T/shared.ics"
is "$(stat -c %a "$T/shared.ics")" 644 "export -o keeps mode 644"

# The why of a swapped term is said once.
run --now 2026-01-15 rotation swap CAHS chair KG TJ
run --now 2026-01-15 rotation next CAHS chair --count 2
like "$out" "swap: KG takes TJ's turn|swap: TJ takes KG's turn" "the swap is explained"
ok "$(printf '%s' "$out" | grep -c 'swap: swap:' | grep -qx 0; echo $?)" "and not twice"
# A deadline before an all-day meeting counts from midnight where the meeting is.
run state add US 'United States' --tz America/New_York
run meeting add EU --start 2026-06-10 --host US --title 'All day in New York'
run deadline add "$out" 'Two days before' --before 2d
run deadline list --json
is "$(json '.[] | select(.title == "Two days before") | .due')" "2026-06-08T04:00:00Z" \
	"two days before 10 June in New York is 8 June 00:00 -04"
# A meeting postponed without a new date reminds of nothing.
run meeting add EU --start '2026-03-25 10:00' --host BE --title 'Postponed sine die' --remind 1h
pid=$out
run meeting postpone "$pid" --reason 'no date yet'
out=$(DBUS_SESSION_BUS_ADDRESS= "$DIPCAL" --db "$DB" --now '2026-03-25 09:30' remind --once --fallback stdout 2>"$T/err")
rc=$?
is "$rc" 0 "remind --once with only a postponed meeting due: exit 0"
is "$(printf '%s' "$out" | grep -c 'Postponed sine die')" 0 "no reminder of the postponed meeting"
done_testing
