#!/bin/bash
# remind: leads from the body, the meeting and the deadline; missed leads of
# one occurrence collapse into one notification; each (occurrence, lead) of
# a recurring meeting is its own reminder; a moved meeting's old reminders
# are void and new ones armed; --remind none; a deadline with --remind PT20S.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-remind.sh"

run init
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add CAHS 'Consultative Meeting'
run body add CANC 'Council of Coordinators' --level coordinators
run body add EXP 'Experts' --level expert
is "$rc" 0 "a database with a state and three bodies"
bus_start
mock_start "$T/mock.log"
ok $? "the notification server is on the bus"

# leads_of TITLE [GLOBAL-ARGS]: the leads --list --json shows pending for TITLE, sorted.
leads_of() {
	local title=$1
	shift
	reminders "$@" | jq -r --arg t "$title" '[.[] | select(.title == $t and .state == "pending") | .lead] | sort | map(tostring) | join(",")'
}

# ---- leads of a body ----

run body set CAHS --remind 1w,1d,1h
is "$rc" 0 "body set CAHS --remind 1w,1d,1h"
refused body set CAHS --remind soon -- 5 "invalid --remind 'soon'" "body set --remind soon"
refused body set CAHS --remind 61d -- 5 "invalid --remind '61d': a lead longer than 60 days" "body set --remind 61d"
refused body set NOPE --remind 1d -- 3 "unknown body 'NOPE'" "body set: unknown body"
run meeting add CAHS --start '2026-06-10 10:00' --host UZ --title 'Body leads'
is "$(leads_of 'Body leads' --now '2026-06-01 09:00')" "3600,86400,604800" "--list --json: the body's three leads pending"

# ---- missed leads collapse ----

run --now '2026-06-10 09:30' remind --once
is "$rc/$(count 'Body leads')" "0/1" "1w, 1d and 1h all past due: one notification"
n=$(notice 'Body leads')
is "$(summary_of "$n")" "In 30 minutes: Body leads" "the one of the latest lead (1h)"
like "$(hints_of "$n")" '"urgency": 2[,}]' "critical: it starts within the hour"
run --now '2026-06-10 09:30' remind --list --json
is "$(json '[.[] | select(.title == "Body leads" and .state == "pending")] | length')" 0 \
	"--list --json: nothing of it left pending"
is "$(json '[.[] | select(.title == "Body leads") | "\(.lead) \(.state)"] | join(",")')" "3600 delivered" \
	"--list --json: the 1h lead delivered, the missed 1w and 1d not pending"
run --now '2026-06-10 09:45' remind --once
is "$(count 'Body leads')" 1 "a later run shows none of the missed leads"

run meeting add CANC --start '2026-06-20 10:00' --host UZ --remind 1w,1d,1h --title 'Own leads'
is "$(leads_of 'Own leads' --now '2026-06-11 09:00')" "3600,86400,604800" \
	"meeting add --remind 1w,1d,1h: its leads, not the body's"
run --now '2026-06-20 09:10' remind --once
is "$rc/$(count 'Own leads')" "0/1" "meeting add --remind: three missed leads, one notification"
is "$(summary_of "$(notice 'Own leads')")" "In 50 minutes: Own leads" "the one of the 1h lead"
is "$(leads_of 'Own leads' --now '2026-06-20 09:10')" "" "--list --json: the missed leads not pending"

# Two of three missed: the later of the two.
run meeting add CANC --start '2026-06-30 10:00' --host UZ --remind 1w,1d,1h --title 'Two missed'
run --now '2026-06-29 12:00' remind --once
is "$(count 'Two missed')/$(summary_of "$(notice 'Two missed')")" "1/In 22 hours: Two missed" \
	"1w and 1d past due: one notification, of the 1d lead"
is "$(leads_of 'Two missed' --now '2026-06-29 12:00')" "3600" "--list --json: the 1h lead still pending"
run --now '2026-06-30 09:00' remind --once
is "$(count 'Two missed')/$(summary_of "$(notice 'Two missed')")" "2/In 1 hour: Two missed" "and the 1h lead at its time"

# Each lead at its time: one notification each.
run meeting add CANC --start '2026-07-01 10:00' --host UZ --remind 1w,1d --title 'Each lead'
run --now '2026-06-24 10:00' remind --once
is "$(count 'Each lead')/$(summary_of "$(notice 'Each lead')")" "1/In 1 week: Each lead" "the 1w lead at its time"
run --now '2026-06-30 10:00' remind --once
is "$(count 'Each lead')/$(summary_of "$(notice 'Each lead')")" "2/In 1 day: Each lead" "the 1d lead at its time"
run --now '2026-07-01 09:00' remind --once
is "$(count 'Each lead')" 2 "no 1h lead: the meeting's leads replace the body's"

# ---- none ----

run meeting add CAHS --start '2026-07-05 10:00' --host UZ --remind none --title 'Silent'
run body set EXP --remind none
run meeting add EXP --start '2026-07-05 11:00' --host UZ --title 'Silent body'
run meeting add CANC --start '2026-07-05 12:00' --host UZ --title 'Silenced later'
is "$(leads_of 'Silenced later' --now '2026-07-01 09:00')" "3600,86400" "a CANC meeting: the default leads, 1d and 1h"
run meeting set "$out" --remind none
is "$rc" 0 "meeting set --remind none"
run --now '2026-07-01 09:00' remind --list --json
is "$(json '[.[] | select(.title | startswith("Silen"))] | length')" 0 "--list --json: no reminders of the silent meetings"
for t in '2026-06-28 10:00' '2026-07-04 10:00' '2026-07-04 11:00' '2026-07-04 12:00' '2026-07-05 09:00' \
	'2026-07-05 10:00' '2026-07-05 11:00' '2026-07-05 12:00'; do
	"$DIPCAL" --db "$DB" --now "$t" remind --once
done
is "$(count 'Silen')" 0 "--remind none (meeting), body set --remind none, meeting set --remind none: no notification"
run body set EXP --remind 1h
run meeting add EXP --start '2026-07-06 11:00' --host UZ --title 'Body leads again'
run --now '2026-07-06 10:00' remind --once
is "$(count 'Body leads again')" 1 "body set --remind 1h after none: reminded again"

# ---- a recurring meeting: every (occurrence, lead) ----

run meeting add CANC --start '2026-07-13 10:00' --host UZ --rrule 'FREQ=WEEKLY;COUNT=3' --remind 1d,1h --title 'Weekly'
run --now '2026-07-10 09:00' remind --list --json
is "$(json '[.[] | select(.title == "Weekly" and .state == "pending") | "\(.occurrence)/\(.lead)"] | unique | length')" 6 \
	"--list --json: 3 occurrences × 2 leads, 6 distinct pending reminders"
is "$(json '[.[] | select(.title == "Weekly") | .occurrence] | unique | join(" ")')" \
	"2026-07-13T05:00:00Z 2026-07-20T05:00:00Z 2026-07-27T05:00:00Z" "--list --json: the three occurrences"
for day in 13 20 27; do
	prev=$(printf '%02d' $((10#$day - 1)))
	run --now "2026-07-$prev 10:00" remind --once
	n=$(notice Weekly)
	is "$(summary_of "$n")" "In 1 day: Weekly" "occurrence of July $day: the 1d lead"
	like "$(body_of "$n")" "^Host's time: 2026-07-$day 10:00 " "occurrence of July $day: its own time in the body"
	run --now "2026-07-$prev 10:01" remind --once
	run --now "2026-07-$day 09:00" remind --once
	is "$(summary_of "$(notice Weekly)")" "In 1 hour: Weekly" "occurrence of July $day: the 1h lead"
done
is "$(count Weekly)" 6 "six notifications, one per (occurrence, lead)"
run --now '2026-07-27 09:00' remind --list --json
is "$(json '[.[] | select(.title == "Weekly" and .state == "delivered") | "\(.occurrence)/\(.lead)"] | unique | length')" 6 \
	"--list --json: the six delivered"
run meeting add CANC --start '2026-08-03 10:00' --host UZ --rrule 'FREQ=DAILY;COUNT=3' --remind 1d --title 'Daily'
run --now '2026-08-02 10:00' remind --once
is "$(count Daily)/$(summary_of "$(notice Daily)")" "1/In 1 day: Daily" "a daily series: the 1d lead of the first occurrence"
run --now '2026-08-03 10:00' remind --once
n=$(notice Daily)
is "$(count Daily)/$(summary_of "$n")" "2/In 1 day: Daily" \
	"at the start of one occurrence: the 1d lead of the next, and nothing more of this one"
like "$(body_of "$n")" "^Host's time: 2026-08-04 10:00 " "the next occurrence's time"

# ---- a moved meeting ----

run meeting add CANC --start '2026-08-10 10:00' --host UZ --remind 1d,1h --title 'Moved'
moved=$out
run --now '2026-08-09 10:00' remind --once
is "$(count Moved)" 1 "before the move: the 1d lead shown"
run meeting set "$moved" --start '2026-08-12 10:00' --reason 'postponed by two days'
is "$rc" 0 "meeting set --start: moved two days later"
run --now '2026-08-09 10:00' remind --list --json
is "$(json '[.[] | select(.title == "Moved" and .state == "pending") | "\(.occurrence) \(.lead)"] | join(", ")')" \
	"2026-08-12T05:00:00Z 86400, 2026-08-12T05:00:00Z 3600" "--list --json: new reminders armed for the new start"
run --now '2026-08-10 09:00' remind --once
is "$(count Moved)" 1 "at the old start's 1h lead: nothing"
run --now '2026-08-11 10:00' remind --once
n=$(notice Moved)
is "$(count Moved)/$(summary_of "$n")" "2/In 1 day: Moved" "at the new start's 1d lead: shown"
like "$(body_of "$n")" "^Host's time: 2026-08-12 10:00 " "with the new time"
run --now '2026-08-12 09:00' remind --once
is "$(count Moved)/$(summary_of "$(notice Moved)")" "3/In 1 hour: Moved" "at the new start's 1h lead: shown"
run meeting add CANC --start '2026-08-20 10:00' --host UZ --remind 1d --title 'Brought forward'
run meeting set "$out" --start '2026-08-18 10:00'
run --now '2026-08-17 10:00' remind --once
is "$(count 'Brought forward')" 1 "brought forward: reminded a day before the new start"
run --now '2026-08-19 10:00' remind --once
is "$(count 'Brought forward')" 1 "and not a day before the old one"
run meeting add CANC --start '2026-08-25 10:00' --host UZ --remind 1d --title 'Cancelled'
run meeting cancel "$out"
run --now '2026-08-24 10:00' remind --once
is "$(count Cancelled)" 0 "a cancelled meeting: no reminder"

# ---- deadlines ----

run meeting add CANC --start '2026-09-10 10:00' --host UZ --remind none --title 'Council'
council=$out
run deadline add "$council" 'Draft agenda' --due '2026-09-01 12:00' --remind PT20S
is "$rc" 0 "deadline add --remind PT20S"
run --now '2026-09-01 11:00' remind --list --json
is "$(json '[.[] | select(.title | contains("Draft agenda")) | "\(.lead) \(.due) \(.occurrence) \(.state)"] | join(", ")')" \
	"20 2026-09-01T06:59:40Z 2026-09-01T07:00:00Z pending" "--list --json: one reminder, 20 s before the due time"
like "$(json '.[] | select(.title | contains("Draft agenda")) | .uid')" '^deadline:' "its uid names a deadline"
run --now '2026-09-01 11:59:39' remind --once
is "$rc/$(count 'Draft agenda')" "0/0" "a second before: nothing"
run --now '2026-09-01 11:59:40' remind --once
n=$(notice 'Draft agenda')
is "$rc/$(count 'Draft agenda')" "0/1" "20 s before the due time: one notification"
is "$(summary_of "$n")" "In 20 seconds: Deadline: Draft agenda (Council)" "summary: In 20 seconds: Deadline: TITLE (MEETING)"
like "$(hints_of "$n")" '"urgency": 2[,}]' "critical"
run --now '2026-09-01 12:00' remind --once
is "$(count 'Draft agenda')" 1 "not again at the due time"
run deadline add "$council" 'Report' --before 2d
run --now '2026-09-07 09:59' remind --once
is "$(count Report)" 0 "a deadline without --remind: nothing 1 day and 1 minute ahead"
run --now '2026-09-07 10:00' remind --once
is "$(count Report)/$(summary_of "$(notice Report)")" "1/In 1 day: Deadline: Report (Council)" \
	"a deadline without --remind: 1 day ahead"
run deadline add "$council" 'Finished' --due '2026-09-05 12:00'
run deadline done "$out"
run --now '2026-09-04 12:00' remind --once
is "$(count Finished)" 0 "a deadline done: no reminder"
refused deadline add "$council" 'Bad' --due '2026-09-05 12:00' --remind 5x -- 5 "invalid --remind '5x'" \
	"deadline add --remind 5x"
refused meeting add CANC --start '2026-09-10 10:00' --remind '' -- 5 "invalid --remind ''" "meeting add --remind ''"

done_testing
