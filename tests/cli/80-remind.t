#!/bin/bash
# remind --once: what a notification says (summary, the host's and the
# user's time, venue, status, urgency, category, app name, no actions);
# one notification per (occurrence, lead) across repeated and concurrent
# runs; the grace after the start; remind --list --json; bad options.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-remind.sh"

run init
run state add AZ Azerbaijan --tz Asia/Baku --capital Baku
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add CAHS 'Consultative Meeting'
is "$rc" 0 "a database with two states and a body"
bus_start
ok $? "a private session bus"
# The server can show actions: --once offers none all the same.
mock_start "$T/mock.log" "body actions"
ok $? "the notification server is on the bus"

# ---- what a reminder says ----

# 10:00 in Baku (UTC+4) is 11:00 in Tashkent (UTC+5, the user's zone).
run meeting add CAHS --start '2026-03-10 10:00' --host AZ --city Baku --venue 'Congress Centre' \
	--status confirmed --title 'Summit'
summit=$out
run meeting show "$summit" --json
uid=$(json .uid)
run --now '2026-03-01 09:00' remind --list --json
is "$rc" 0 "remind --list --json"
is "$(json '[.[] | keys] | unique | map(join(",")) | join(";")')" "due,lead,occurrence,state,title,uid" \
	"--list --json: each reminder has uid, title, occurrence, lead, due and state"
is "$(json "[.[] | select(.uid == \"$uid\") | \"\(.lead) \(.occurrence) \(.due) \(.state) \(.title)\"] | join(\"; \")")" \
	"86400 2026-03-10T06:00:00Z 2026-03-09T06:00:00Z pending Summit; 3600 2026-03-10T06:00:00Z 2026-03-10T05:00:00Z pending Summit" \
	"--list --json: a body without leads reminds 1 day and 1 hour ahead"

run --now '2026-03-09 10:59' remind --once
is "$rc/$(count .)" "0/0" "a minute before the first lead: exit 0, nothing shown"
run --now '2026-03-09 11:00' remind --once
is "$rc" 0 "at the 1-day lead: exit 0"
is "$out$err" "" "--once prints nothing when the reminder is shown"
is "$(count .)" 1 "one notification"
n=$(notice Summit)
is "$(app_of "$n")" dipcal "app name dipcal"
is "$(summary_of "$n")" "In 1 day: Summit — Baku" "summary: In 1 day: TITLE — CITY"
is "$(body_of "$n")" "Host's time: 2026-03-10 10:00 (Asia/Baku, UTC+04)\nYour time: 2026-03-10 11:00 (Asia/Tashkent, UTC+05)\nVenue: Congress Centre\nStatus: confirmed" \
	"body: the host's time, the user's time, venue and status"
like "$(hints_of "$n")" '"urgency": 1[,}]' "a day ahead: urgency normal"
like "$(hints_of "$n")" '"category": "x-dipcal.reminder"' "the category hint"
is "$(actions_of "$n")" "[]" "--once offers no actions, even to a server that has them"
is "$(state_of Summit 86400 --now '2026-03-09 11:00')/$(state_of Summit 3600 --now '2026-03-09 11:00')" "delivered/pending" "--list --json: the 1-day lead delivered, the 1-hour one pending"

run --now '2026-03-09 11:00' remind --once
is "$rc/$(count Summit)" "0/1" "the same run again: nothing shown again"
run --now '2026-03-09 18:00' remind --once
is "$rc/$(count Summit)" "0/1" "a later run before the next lead: nothing shown again"
run --now '2026-03-10 10:00' remind --once
is "$rc/$(count Summit)" "0/2" "at the 1-hour lead: a second notification"
n=$(notice Summit)
is "$(summary_of "$n")" "In 1 hour: Summit — Baku" "summary: In 1 hour"
like "$(hints_of "$n")" '"urgency": 2[,}]' "within the hour: urgency critical"
run --now '2026-03-10 10:30' remind --once
run --now '2026-03-10 11:05' remind --once
is "$(count Summit)" 2 "no more after the last lead, before or after the start"
is "$(state_of Summit 86400)/$(state_of Summit 3600)" "delivered/delivered" "--list --json: both delivered"
run --now '2026-03-10 11:05' remind --list
is "$rc" 0 "remind --list"
is "$(printf '%s\n' "$out" | head -n 1 | tr -s ' ')" "STATE DUE STARTS TITLE" "remind --list: the header"
like "$out" '^delivered +2026-03-10T05:00:00Z +2026-03-10T06:00:00Z +Summit$' "remind --list: a delivered reminder, its due time and start"

# Urgency: critical when the start is at most an hour away.
run meeting add CAHS --start '2026-03-12 10:00' --host UZ --remind 61m --title 'Sixty-one'
run meeting add CAHS --start '2026-03-12 12:00' --host UZ --remind 59m --title 'Fifty-nine'
run --now '2026-03-12 08:59' remind --once
n=$(notice Sixty-one)
is "$(summary_of "$n")" "In 1 hour: Sixty-one" "summary without a city: In 1 hour: TITLE"
like "$(hints_of "$n")" '"urgency": 1[,}]' "61 minutes ahead: urgency normal"
is "$(body_of "$n")" "Host's time: 2026-03-12 10:00 (Asia/Tashkent, UTC+05)\nStatus: planned" \
	"the host's zone is the user's: one time, no venue line"
run --now '2026-03-12 11:01' remind --once
n=$(notice Fifty-nine)
is "$(summary_of "$n")" "In 59 minutes: Fifty-nine" "summary: In 59 minutes"
like "$(hints_of "$n")" '"urgency": 2[,}]' "59 minutes ahead: urgency critical"

# An all-day meeting starts at midnight where the user is.
run meeting add CAHS --start 2026-03-20 --host AZ --remind 1d --title 'All day'
run --now '2026-03-18 23:59' remind --once
is "$(count 'All day')" 0 "all-day: nothing before midnight, the user's, a day ahead"
run --now '2026-03-19 00:00' remind --once
n=$(notice '"In 1 day: All day"')
is "$(count 'All day')/$(summary_of "$n")" "1/In 1 day: All day" "all-day: at the user's midnight a day ahead"
like "$(body_of "$n")" '^All day on 2026-03-20' "all-day: the body names the meeting's day"

# ---- two runs at once: each reminder shown by one of them ----

for i in $(seq -w 1 30); do
	"$DIPCAL" --db "$DB" meeting add CAHS --start '2026-04-01 10:00' --host UZ --remind 1h --title "Parallel $i" >/dev/null
done
before=$(count .)
"$DIPCAL" --db "$DB" --now '2026-04-01 09:00' remind --once >"$T/a.out" 2>"$T/a.err" &
a=$!
"$DIPCAL" --db "$DB" --now '2026-04-01 09:00' remind --once >"$T/b.out" 2>"$T/b.err" &
b=$!
wait "$a"
rc_a=$?
wait "$b"
rc_b=$?
is "$rc_a/$rc_b" "0/0" "two concurrent --once runs: both exit 0"
is "$(cat "$T/a.err" "$T/b.err")" "" "two concurrent --once runs: no messages"
is "$(($(count .) - before))" 30 "two concurrent --once runs: 30 notifications for 30 reminders"
is "$(notices | grep -oE '"In 1 hour: Parallel [0-9]+"' | sort -u | wc -l)" 30 "each of the 30 meetings once"
run --now '2026-04-01 09:00' remind --list --json
is "$(json '[.[] | select(.title | startswith("Parallel")) | .state] | unique | join(",")')/$(json '[.[] | select(.title | startswith("Parallel"))] | length')" \
	"delivered/30" "--list --json: the 30 delivered, once each"
"$DIPCAL" --db "$DB" --now '2026-04-01 09:00' remind --once >/dev/null 2>&1 &
a=$!
"$DIPCAL" --db "$DB" --now '2026-04-01 09:01' remind --once >/dev/null 2>&1 &
b=$!
wait "$a" "$b"
is "$(count Parallel)" 30 "two more concurrent runs: nothing shown again"

# ---- grace: an occurrence that began more than --grace ago is dropped ----

run meeting add CAHS --start '2026-05-01 10:00' --host UZ --title 'Late'
run --now '2026-05-01 10:16' remind --once
is "$rc/$(count Late)" "0/0" "16 minutes after the start (grace 15m): no reminder"
run --now '2026-05-01 10:16' remind --list --json
is "$(json '[.[] | select(.title == "Late")] | length')" 0 "--list --json: nothing of it pending or delivered"
run meeting add CAHS --start '2026-05-05 10:00' --host UZ --title 'Just begun'
run --now '2026-05-05 10:10' remind --once
n=$(notice 'Just begun')
is "$rc/$(count 'Just begun')" "0/1" "10 minutes after the start: one reminder, the 1-hour lead"
is "$(summary_of "$n")" "Started 10 minutes ago: Just begun" "summary: Started 10 minutes ago"
is "$(state_of 'Just begun' 3600)" delivered "--list --json: the 1-hour lead delivered"
run --now '2026-05-05 10:12' remind --once
is "$(count 'Just begun')" 1 "and not again"
run meeting add CAHS --start '2026-05-10 10:00' --host UZ --title 'Longer grace'
run --now '2026-05-10 10:20' remind --once --grace 30m
is "$rc/$(count 'Longer grace')" "0/1" "--grace 30m: 20 minutes after the start, one reminder"
run meeting add CAHS --start '2026-05-15 10:00' --host UZ --title 'Shorter grace'
run --now '2026-05-15 10:03' remind --once --grace PT2M
is "$rc/$(count 'Shorter grace')" "0/0" "--grace PT2M: 3 minutes after the start, none"

# ---- options ----

refused remind --grace soon -- 5 "invalid --grace 'soon'" "remind --grace soon"
refused remind --once --fallback email -- 5 "invalid --fallback 'email': expected stdout" "remind --fallback email"
refused remind --json -- 2 "--json goes with --list" "remind --json without --list"
refused remind now -- 2 "unexpected argument 'now'" "remind with an argument"
refused remind --every 5m -- 2 "unknown option '--every'" "remind with an unknown option"
run remind --help
is "$rc" 0 "remind --help"
like "$out" "dipcal remind \[--once\]" "remind --help: usage"

done_testing
