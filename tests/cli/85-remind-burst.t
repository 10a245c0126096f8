#!/bin/bash
# The remind daemon with many reminders due at once, each shown on its own
# worker thread, then dismissed: every one shown once, the daemon keeps
# running, prints nothing, and stops with exit 0 on SIGTERM. Three daemons
# in turn, 30 reminders each.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-remind.sh"

N=30
run init
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add CAHS 'Consultative Meeting'
is "$rc" 0 "a database with a state and a body"
bus_start
mock_start "$T/mock.log" "body actions"
ok $? "a notification server with actions is on the bus"

for day in 10 11 12; do
	for i in $(seq -w 1 "$N"); do
		"$DIPCAL" --db "$DB" meeting add CAHS --start "2026-03-$day 10:00" --host UZ --remind 1h \
			--title "Burst $day-$i" >/dev/null
	done
done
run meeting list CAHS --json
is "$(json length)" $((3 * N)) "$((3 * N)) meetings, $N a day on three days"

for day in 10 11 12; do
	first=$(($(count .) + 1))
	closed=$(grep -c CloseNotification "$LOG")
	daemon_start "daemon$day" --now "2026-03-$day 09:00"
	within 10 eval '[ "$(count "Burst $day-")" -ge $N ]'
	ok $? "March $day: the daemon shows the $N reminders due at its start"
	within 10 eval '[ "$(reminders --now "2026-03-$day 09:00" | jq "[.[] | select(.state == \"delivered\" and (.title | startswith(\"Burst $day-\")))] | length")" -ge $N ]'
	ok $? "March $day: --list --json: the $N delivered"
	# Each dismissed: the server closes it, and libnotify lets it go.
	for ((id = first; id < first + N; id++)); do
		invoke "$id" dismiss
	done
	within 5 eval '[ "$(grep -c CloseNotification "$LOG")" -ge $((closed + N)) ]'
	ok $? "March $day: all $N dismissed and closed"
	sleep 0.3 # what a crash or a warning would need to show
	ok "$(kill -0 "$DPID" 2>/dev/null && echo 0 || echo 1)" "March $day: the daemon still runs"
	is "$(cat "$T/daemon$day.err")" "" "March $day: the daemon prints nothing"
	is "$(notices | grep -oE "\"In 1 hour: Burst $day-[0-9]+\"" | sort -u | wc -l)/$(count "Burst $day-")" "$N/$N" \
		"March $day: each reminder shown once"
	stop "$DPID"
	is "$rc" 0 "March $day: SIGTERM: exit 0"
done

done_testing
