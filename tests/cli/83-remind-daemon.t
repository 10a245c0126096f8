#!/bin/bash
# The remind daemon (a --now clock that runs): actions Snooze 10 min and
# Dismiss where the server has them, none where it has not; a snooze brings
# the reminder back 10 minutes after the action, once; a daemon and a
# --once run together show each reminder once; SIGTERM and SIGINT stop it
# with exit 0.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-remind.sh"

run init
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add CAHS 'Consultative Meeting'
is "$rc" 0 "a database with a state and a body"
bus_start
mock_start "$T/mock.log" "body actions"
ok $? "a notification server with actions is on the bus"

# epoch LOCAL-TIME: seconds since 1970 of a time in the pinned zone.
epoch() {
	date -d "$1" +%s
}

# ---- actions, snooze, dismiss ----

run meeting add CAHS --start '2026-03-10 10:00' --host UZ --city Tashkent --remind 1h --title 'Snooze me'
run meeting add CAHS --start '2026-03-10 10:00' --host UZ --remind 1h --title 'Dismiss me'
run meeting add CAHS --start '2026-03-10 10:00' --host UZ --remind 1h --title 'Snooze and move'
move=$out
s0=$(clock)
daemon_start daemon --now '2026-03-10 09:00'
within 5 eval '[ "$(count .)" -ge 3 ]'
ok $? "daemon: the three reminders due at its start are shown"
n=$(notice 'Snooze me')
is "$(summary_of "$n")" "In 1 hour: Snooze me — Tashkent" "daemon: the summary"
is "$(app_of "$n")" dipcal "daemon: app name dipcal"
is "$(actions_of "$n")" '["snooze", "Snooze 10 min", "dismiss", "Dismiss"]' \
	"daemon: actions snooze/Snooze 10 min and dismiss/Dismiss"
like "$(hints_of "$n")" '"urgency": 2[,}]' "daemon: urgency critical"
like "$(hints_of "$n")" '"category": "x-dipcal.reminder"' "daemon: the category hint"
within 5 eval '[ "$(state_of "Snooze me" 3600 --now "2026-03-10 09:00")" = delivered ]'
ok $? "daemon: --list --json: delivered"
within 5 eval '[ "$(state_of "Dismiss me" 3600 --now "2026-03-10 09:00")/$(state_of "Snooze and move" 3600 --now "2026-03-10 09:00")" = delivered/delivered ]'
ok $? "daemon: --list --json: the other two delivered"

s1=$(clock)
invoke "$(notice_id 'Snooze me')" snooze
ok $? "the server reports the action snooze"
invoke "$(notice_id 'Snooze and move')" snooze
invoke "$(notice_id 'Dismiss me')" dismiss
within 5 eval '[ "$(state_of "Snooze me" 3600 --now "2026-03-10 09:00")" = snoozed ]'
ok $? "snooze: --list --json shows it snoozed"
s2=$(clock)
due=$(reminders --now '2026-03-10 09:00' | jq -r '.[] | select(.title == "Snooze me") | .due | fromdateiso8601')
# The daemon's clock: 09:00 at its start, running since; the snooze is 600 s after the action.
lo=$(awk -v t="$(epoch '2026-03-10 09:00')" -v a="$s0" -v b="$s1" 'BEGIN { printf "%d", t + int(b) - int(a) + 600 - 2 }')
hi=$(awk -v t="$(epoch '2026-03-10 09:00')" -v a="$s0" -v b="$s2" 'BEGIN { printf "%d", t + int(b) - int(a) + 600 + 1 }')
holds "$due >= $lo && $due <= $hi" "snooze: due 10 minutes after the action ($due in [$lo, $hi])"
within 5 eval '[ "$(state_of "Snooze and move" 3600 --now "2026-03-10 09:00")" = snoozed ]'
ok $? "snooze: the second one snoozed too"
is "$(state_of 'Dismiss me' 3600 --now '2026-03-10 09:00')" delivered "dismiss: stays delivered"
is "$(count .)" 3 "nothing shown again while the snooze runs"
stop "$DPID"
is "$rc" 0 "daemon: SIGTERM: exit 0"
is "$(cat "$T/daemon.out" "$T/daemon.err")" "" "daemon: no output"

run meeting set "$move" --start '2026-03-10 15:00'
run --now '2026-03-10 09:09' remind --once
is "$rc/$(count .)" "0/3" "--once before the snooze is over: nothing"
run --now '2026-03-10 09:12' remind --once
is "$rc" 0 "--once after the snooze: exit 0"
is "$(count 'Snooze me')" 2 "the snoozed reminder comes back once"
is "$(summary_of "$(notice 'Snooze me')")" "In 48 minutes: Snooze me — Tashkent" "with the time left now"
is "$(count 'Dismiss me')" 1 "the dismissed one does not come back"
is "$(count 'Snooze and move')" 1 "the snoozed reminder of a meeting moved since does not come back"
if [ "$(count 'Snooze and move')" -gt 1 ]; then
	echo "# shown: $(summary_of "$(notice 'Snooze and move')") / $(body_of "$(notice 'Snooze and move')")"
fi
is "$(state_of 'Snooze me' 3600 --now '2026-03-10 09:12')" delivered "--list --json: delivered again"
run --now '2026-03-10 09:13' remind --once
run --now '2026-03-10 09:30' remind --once
is "$(count 'Snooze me')" 2 "and not a third time"
run --now '2026-03-10 14:00' remind --once
is "$(count 'Snooze and move.*Host.s time: 2026-03-10 15:00')" 1 "the moved meeting: reminded an hour before its new start"

# ---- no actions where the server has none ----

server_stop
mock_start "$T/mock2.log"
ok $? "a notification server without actions"
run meeting add CAHS --start '2026-03-11 10:00' --host UZ --remind 1h --title 'No actions'
daemon_start daemon2 --now '2026-03-11 09:00'
within 5 eval '[ "$(count "No actions")" -ge 1 ]'
ok $? "daemon: shown"
is "$(actions_of "$(notice 'No actions')")" "[]" "daemon: no actions offered to a server without them"
stop "$DPID" INT
is "$rc" 0 "daemon: SIGINT: exit 0"

# ---- a daemon and a --once run together ----

for i in $(seq -w 1 20); do
	"$DIPCAL" --db "$DB" meeting add CAHS --start '2026-03-12 10:00' --host UZ --remind 1h --title "Together $i" >/dev/null
done
daemon_start daemon3 --now '2026-03-12 09:00'
run --now '2026-03-12 09:00' remind --once
is "$rc" 0 "--once beside the daemon: exit 0"
within 5 eval '[ "$(count Together)" -ge 20 ]'
sleep 0.3 # a double would come at once
is "$(count Together)" 20 "daemon and --once together: 20 notifications for 20 reminders"
is "$(notices | grep -oE '"In 1 hour: Together [0-9]+"' | sort -u | wc -l)" 20 "each once"
within 5 eval '[ "$(reminders --now "2026-03-12 09:00" | jq "[.[] | select(.title | startswith(\"Together\")) | select(.state == \"delivered\")] | length")" = 20 ]'
ok $? "--list --json: the 20 delivered"
stop "$DPID"
is "$rc" 0 "daemon: SIGTERM: exit 0"

done_testing
