#!/bin/bash
# remind without a notification server: no bus at all, a bus without a
# server, a server that never answers. --once exits 7 with one message and
# the reminder stays undelivered until a later run shows it, once;
# --fallback stdout prints it instead; a hung server holds up neither the
# run (about 5 s) nor the daemon's other reminders.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/cli/lib-remind.sh"

run init
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add CAHS 'Consultative Meeting'
is "$rc" 0 "a database with a state and a body"

# nobus ARGS...: run without any session bus.
nobus() {
	local saved=${DBUS_SESSION_BUS_ADDRESS-}
	unset DBUS_SESSION_BUS_ADDRESS
	run "$@"
	[ -z "$saved" ] || export DBUS_SESSION_BUS_ADDRESS="$saved"
}

# ---- no bus at all ----

run meeting add CAHS --start '2026-03-10 10:00' --host UZ --remind 1h --title 'No server'
s=$(clock)
nobus --now '2026-03-10 09:00' remind --once
e=$(clock)
is "$rc" 7 "no session bus: --once exits 7"
like "$err" '^dipcal: .*1 reminder not delivered' "no session bus: the message"
is "$(printf '%s\n' "$err" | grep -c .)/$(printf '%s\n' "$err" | grep -c '^dipcal: ')" "1/1" "no session bus: one line, dipcal:"
is "$out" "" "no session bus: nothing on stdout"
holds "$e - $s < 3" "no session bus: it fails at once"
is "$(state_of 'No server' 3600 --now '2026-03-10 09:00')" failed "--list --json: the reminder failed, not delivered"

# ---- a bus without a server ----

bus_start
ok $? "a private session bus"
run --now '2026-03-10 09:01' remind --once
is "$rc" 7 "a bus without a notification server: --once exits 7"
like "$err" '^dipcal: .*not delivered' "a bus without a server: the message"
is "$(printf '%s\n' "$err" | grep -c .)" 1 "a bus without a server: one line"
is "$(state_of 'No server' 3600 --now '2026-03-10 09:01')" failed "--list --json: still undelivered"

# ---- the server comes: shown once ----

mock_start "$T/mock.log"
ok $? "the notification server is on the bus"
run --now '2026-03-10 09:05' remind --once
is "$rc/$err" "0/" "with the server: exit 0"
is "$(count 'No server')" 1 "the undelivered reminder is shown"
is "$(summary_of "$(notice 'No server')")" "In 55 minutes: No server" "with the time left now"
is "$(state_of 'No server' 3600 --now '2026-03-10 09:05')" delivered "--list --json: delivered"
run --now '2026-03-10 09:06' remind --once
run --now '2026-03-10 09:30' remind --once
is "$(count 'No server')" 1 "later runs do not show it again"

# ---- --fallback stdout ----

run meeting add CAHS --start '2026-03-12 10:00' --host UZ --remind 1h --venue 'Hall 2' --title 'Fallback'
nobus --now '2026-03-12 09:00' remind --once --fallback stdout
is "$rc" 0 "no bus, --fallback stdout: exit 0"
is "$out" "In 1 hour: Fallback
  Host's time: 2026-03-12 10:00 (Asia/Tashkent, UTC+05)
  Venue: Hall 2
  Status: planned" "--fallback stdout: the summary, and the body indented"
is "$err" "" "--fallback stdout: no message"
is "$(state_of Fallback 3600 --now '2026-03-12 09:00')" delivered "--list --json: delivered (printed)"
run --now '2026-03-12 09:10' remind --once --fallback stdout
is "$rc/$out/$(count Fallback)" "0//0" "a later run with the server: not shown again, not printed again"
run meeting add CAHS --start '2026-03-13 10:00' --host UZ --remind 1h --title 'Shown not printed'
run --now '2026-03-13 09:00' remind --once --fallback stdout
is "$rc/$out/$(count 'Shown not printed')" "0//1" "--fallback stdout with a server: shown, not printed"

# ---- a failed lead and a later due lead of one occurrence: one notification ----

run meeting add CAHS --start '2026-03-15 10:00' --host UZ --title 'Superseded'
nobus --now '2026-03-14 10:00' remind --once
is "$rc" 7 "the 1d lead, no bus: exit 7"
run --now '2026-03-15 09:30' remind --once
is "$rc" 0 "the next morning, with the server: exit 0"
is "$(count Superseded)" 1 "the failed 1d lead and the due 1h lead: one notification"
if [ "$(count Superseded)" -gt 1 ]; then
	notices | grep Superseded | while read -r n; do echo "# shown: $(summary_of "$n")"; done
fi
is "$(summary_of "$(notice Superseded)")" "In 30 minutes: Superseded" "the latest's"

# ---- a moved meeting: its undelivered reminder is void ----

run meeting add CAHS --start '2026-03-20 10:00' --host UZ --remind 1d --title 'Moved away'
moved=$out
nobus --now '2026-03-19 10:00' remind --once
is "$rc/$(state_of 'Moved away' 86400 --now '2026-03-19 10:00')" "7/failed" "the 1d lead, no bus: failed"
run meeting set "$moved" --start '2026-03-25 10:00'
run --now '2026-03-19 10:05' remind --once
is "$(count 'Moved away')" 0 "moved 5 days later: the failed reminder of the old start is not shown"
if [ "$(count 'Moved away')" -gt 0 ]; then
	echo "# shown: $(summary_of "$(notice 'Moved away')") / $(body_of "$(notice 'Moved away')")"
fi
run --now '2026-03-24 10:00' remind --once
is "$(count 'Moved away.*Host.s time: 2026-03-25 10:00')/$(summary_of "$(notice 'Moved away.*2026-03-25 10:00')")" \
	"1/In 1 day: Moved away" "the new start's 1d lead: shown once, with the new time"

# ---- a server that never answers ----

server_stop
"$TESTS_DIR/cli/notify-hang.py" "$T/hang.log" >"$T/hang.out" 2>&1 &
MOCK_PID=$!
BG+=("$MOCK_PID")
within 10 has_server
ok $? "a server that never answers is on the bus"
run meeting add CAHS --start '2026-04-01 10:00' --host UZ --remind 1h --title 'Hung 1'
run meeting add CAHS --start '2026-04-01 10:00' --host UZ --remind 1h --title 'Hung 2'
s=$(clock)
run --now '2026-04-01 09:00' remind --once
e=$(clock)
is "$rc" 7 "--once against a server that never answers: exit 7"
like "$err" '^dipcal: the notification server did not answer' "the message says the server did not answer"
is "$(printf '%s\n' "$err" | grep -c .)" 1 "one message line"
elapsed=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.1f", e - s }')
holds "$elapsed >= 4 && $elapsed <= 8" "it gives up after about 5 s (took $elapsed s), once for both"
is "$(grep -c 'Notify' "$T/hang.log")" 1 "the second reminder is not tried once the server failed"
is "$(state_of 'Hung 1' 3600 --now '2026-04-01 09:00') $(state_of 'Hung 2' 3600 --now '2026-04-01 09:00')" \
	"failed failed" "--list --json: both undelivered"

# The daemon: a notification the server never answers holds up no other.
server_stop
"$TESTS_DIR/cli/notify-hang.py" "$T/hang2.log" HANG >"$T/hang.out" 2>&1 &
MOCK_PID=$!
BG+=("$MOCK_PID")
within 10 has_server
run meeting add CAHS --start '2026-04-05 10:00' --host UZ --remind 1h --title 'HANG here'
run meeting add CAHS --start '2026-04-05 10:00' --host UZ --remind 1h --title 'Quick 1'
run meeting add CAHS --start '2026-04-05 10:01' --host UZ --remind 1h --title 'Quick 2'
s=$(clock)
daemon_start daemon --now '2026-04-05 09:00:59'
within 5 grep -q ': Quick 1"' "$T/hang2.log"
ok $? "daemon: the other reminder due with the hung one is shown"
within 5 grep -q '"In 1 hour: Quick 2"' "$T/hang2.log"
ok $? "daemon: a reminder due a second later is shown"
t2=$(grep '"In 1 hour: Quick 2"' "$T/hang2.log" | cut -d' ' -f1)
took=$(awk -v s="$s" -v t="$t2" 'BEGIN { printf "%.2f", t - s }')
holds "$t2 >= int($s) + 0.95 && $t2 - $s < 2.5" \
	"daemon: ... at its time (${took} s after the start), the hung one still unanswered"
within 5 eval '[ "$(state_of "Quick 1" 3600 --now "2026-04-05 09:01")" = delivered ]'
ok $? "daemon: --list --json: the other reminder delivered"
is "$(grep -c 'HANG here' "$T/hang2.log")" 1 "daemon: the hung notification sent once"
stop "$DPID"
is "$rc" 0 "daemon: SIGTERM with a notification still unanswered: exit 0"
is "$(cat "$T/daemon.err")" "" "daemon: no message"

done_testing
