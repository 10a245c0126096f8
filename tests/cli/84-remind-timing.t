#!/bin/bash
# The remind daemon on the real clock: a meeting added by another process
# while it sleeps is reminded on time (within a second of the due instant,
# not before); a --now clock runs from its instant; SIGTERM stops it, exit 0.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-remind.sh"

run init
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add CAHS 'Consultative Meeting'
is "$rc" 0 "a database with a state and a body"
bus_start
mock_start "$T/mock.log"
ok $? "the notification server is on the bus"

# ---- a --now clock runs from its instant ----

run meeting add CAHS --start '2026-03-10 10:00' --host UZ --remind 1h --title 'Two seconds'
s=$(clock)
daemon_start clock --now '2026-03-10 08:59:58'
within 6 eval '[ "$(count "Two seconds")" -ge 1 ]'
ok $? "daemon --now 08:59:58: the 09:00 reminder is shown"
t=$(time_of "$(notice 'Two seconds')")
took=$(awk -v s="$s" -v t="$t" 'BEGIN { printf "%.2f", t - s }')
holds "$t >= int($s) + 1.95 && $t - $s < 3.5" "daemon --now: shown when its clock reaches the due time (${took} s after the start, due 1-2 s after it)"
is "$(summary_of "$(notice 'Two seconds')")" "In 1 hour: Two seconds" "daemon --now: the summary at its clock's time"
stop "$DPID"
is "$rc" 0 "daemon --now: SIGTERM: exit 0"

# ---- the real clock ----

unset DIPCAL_NOW
daemon_start daemon
# It opens the database, then sleeps: nothing is due.
within 5 eval '[ "$(readlink /proc/$DPID/fd/* 2>/dev/null | grep -cF "$DB")" -ge 1 ]'
ok $? "the daemon has the database open"
sleep 0.5
ok "$(kill -0 "$DPID" 2>/dev/null && echo 0 || echo 1)" "the daemon runs"
is "$(count .)" 1 "nothing new shown while nothing is due"

# A meeting that starts in 6 s, reminded 3 s ahead, added by another process.
start=$(($(date +%s) + 6))
due=$((start - 3))
run meeting add CAHS --start "$(date -u -d "@$start" '+%Y-%m-%d %H:%M:%SZ')" --host UZ --remind PT3S --title 'On time'
is "$rc" 0 "meeting add: starts in 6 s, --remind PT3S (due in 3 s)"
within 10 eval '[ "$(count "On time")" -ge 1 ]'
ok $? "the daemon shows it"
t=$(time_of "$(notice 'On time')")
late=$(awk -v t="$t" -v d="$due" 'BEGIN { printf "%.3f", t - d }')
holds "$late >= -0.05 && $late <= 1" "within 1 s of the due time, not before (${late} s after it)"
is "$(summary_of "$(notice 'On time')")" "In 3 seconds: On time" "the summary: In 3 seconds"
sleep 0.3
is "$(count 'On time')" 1 "shown once"

# Moved by another process while the daemon sleeps: reminded at the new time.
run meeting add CAHS --start '2030-01-01 10:00' --host UZ --remind PT3S --title 'Moved in'
moved=$out
start=$(($(date +%s) + 5))
due=$((start - 3))
run meeting set "$moved" --start "$(date -u -d "@$start" '+%Y-%m-%d %H:%M:%SZ')"
within 10 eval '[ "$(count "Moved in")" -ge 1 ]'
ok $? "a meeting moved to 5 s ahead: shown"
t=$(time_of "$(notice 'Moved in')")
late=$(awk -v t="$t" -v d="$due" 'BEGIN { printf "%.3f", t - d }')
holds "$late >= -0.05 && $late <= 1" "within 1 s of its new due time (${late} s after it)"

s=$(clock)
stop "$DPID"
e=$(clock)
is "$rc" 0 "SIGTERM: exit 0"
holds "$e - $s < 2" "SIGTERM: it stops at once"
is "$(cat "$T/daemon.out" "$T/daemon.err")" "" "no output"

done_testing
