# Shared by the reminder tests (tests/cli/8*-remind*.t), sourced after lib.sh:
# a private D-Bus session bus, a notification server on it (python3-dbusmock's
# notification_daemon template, or tests/cli/notify-hang.py), the mock's log,
# and bounded waits. Every background process is killed on exit.

if ! command -v dbus-daemon >/dev/null || ! command -v gdbus >/dev/null ||
	! /usr/bin/python3 -c 'import dbusmock' 2>/dev/null; then
	echo "1..0 # skip dbus-daemon, gdbus and python3-dbusmock are needed"
	exit 0
fi

BG=()
# shellcheck disable=SC2317
cleanup() {
	local p
	for p in "${BG[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${BG[@]}"; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$T"
}
trap cleanup EXIT
# No display: nothing may start a bus or a server behind the tests' back.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

# within SECONDS CMD...: true as soon as CMD succeeds (tried every 50 ms), false after SECONDS.
within() {
	local limit=$1 i
	shift
	for ((i = 0; i < limit * 20; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	"$@"
}

# clock: the wall clock in seconds with decimals.
clock() {
	printf '%s\n' "${EPOCHREALTIME/,/.}"
}

# bus_start: a private session bus (no activatable services), in $DBUS_SESSION_BUS_ADDRESS.
bus_start() {
	cat >"$T/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$T/bus</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
	rm -f "$T/bus"
	dbus-daemon --config-file="$T/bus.conf" --nofork --nopidfile 2>>"$T/bus.err" &
	BUS_PID=$!
	BG+=("$BUS_PID")
	export DBUS_SESSION_BUS_ADDRESS="unix:path=$T/bus"
	within 10 bus_answers
}

bus_answers() {
	[ -S "$T/bus" ] && gdbus call --session -d org.freedesktop.DBus -o / -m org.freedesktop.DBus.GetId >/dev/null 2>&1
}

# has_server: org.freedesktop.Notifications has an owner on the bus.
has_server() {
	gdbus call --session -d org.freedesktop.DBus -o / -m org.freedesktop.DBus.NameHasOwner \
		org.freedesktop.Notifications 2>/dev/null | grep -q true
}

# mock_start LOG [CAPABILITIES]: the dbusmock notification server, logging to
# LOG (which it empties); CAPABILITIES e.g. "body actions" (default: the
# template's, without actions). Sets $MOCK_PID and $LOG.
mock_start() {
	LOG=$1
	if [ $# -gt 1 ]; then
		/usr/bin/python3 -m dbusmock --template notification_daemon -l "$LOG" \
			-p "{\"capabilities\": \"$2\"}" >>"$T/mock.out" 2>&1 &
	else
		/usr/bin/python3 -m dbusmock --template notification_daemon -l "$LOG" >>"$T/mock.out" 2>&1 &
	fi
	MOCK_PID=$!
	BG+=("$MOCK_PID")
	within 10 has_server
}

# server_stop: stops the server started last and waits until its name is gone.
server_stop() {
	kill "$MOCK_PID" 2>/dev/null
	wait "$MOCK_PID" 2>/dev/null
	within 5 eval '! has_server'
}

# notices [LOG]: the Notify calls in a log, one a line (a body's newlines as \n):
#   TIME Notify "APP" REPLACES "ICON" "SUMMARY" "BODY" [ACTIONS] {HINTS} TIMEOUT
notices() {
	awk '/^[0-9]+\.[0-9]+ / { if (r != "") print r; r = $0; next } { r = r "\\n" $0 }
		END { if (r != "") print r }' "${1:-$LOG}" | grep -E '^[0-9.]+ Notify '
}

# count PATTERN [LOG]: how many notifications match PATTERN (grep -E).
count() {
	notices "${2:-$LOG}" | grep -cE -- "$1"
}

# notice PATTERN: the last notification matching PATTERN.
notice() {
	notices | grep -E -- "$1" | tail -n 1
}

# summary_of NOTICE, body_of NOTICE, actions_of NOTICE, hints_of NOTICE, app_of NOTICE, time_of NOTICE
_field() {
	printf '%s\n' "$2" | sed -E 's/^([0-9.]+) Notify "([^"]*)" [0-9]+ "[^"]*" "([^"]*)" "(.*)" \[(.*)\] \{(.*)\} -?[0-9]+$/'"$1"'/'
}
time_of() { _field '\1' "$1"; }
app_of() { _field '\2' "$1"; }
summary_of() { _field '\3' "$1"; }
body_of() { _field '\4' "$1"; }
actions_of() { _field '[\5]' "$1"; }
hints_of() { _field '{\6}' "$1"; }

# notice_id PATTERN: the id the mock gave the first notification matching
# PATTERN (it numbers its notifications 1, 2, ... in the order of the log).
notice_id() {
	notices | grep -nE -- "$1" | head -n 1 | cut -d: -f1
}

# invoke ID ACTION: the server says a person chose ACTION on notification ID.
invoke() {
	gdbus call --session -d org.freedesktop.Notifications -o /org/freedesktop/Notifications \
		-m org.freedesktop.DBus.Mock.EmitSignal org.freedesktop.Notifications ActionInvoked us \
		"[<uint32 $1>, <'$2'>]" >/dev/null
}

# reminders [GLOBAL-ARGS...]: `remind --list --json`; fails when it fails.
reminders() {
	"$DIPCAL" --db "$DB" "$@" remind --list --json
}

# state_of TITLE LEAD [GLOBAL-ARGS...]: the state(s) --list --json gives the
# reminders of TITLE with LEAD (seconds), space-separated, or "".
state_of() {
	local title=$1 lead=$2
	shift 2
	reminders "$@" | jq -r --arg t "$title" --argjson l "$lead" \
		'[.[] | select(.title == $t and .lead == $l) | .state] | join(" ")'
}

# daemon_start NAME GLOBAL-ARGS...: `dipcal GLOBAL-ARGS remind` in the
# background (output in $T/NAME.out, $T/NAME.err); sets $DPID.
daemon_start() {
	local name=$1
	shift
	"$DIPCAL" --db "$DB" "$@" remind >"$T/$name.out" 2>"$T/$name.err" &
	DPID=$!
	BG+=("$DPID")
}

# stop PID [SIGNAL]: sends SIGNAL (TERM) and waits, at most 10 s, for the exit; sets $rc.
stop() {
	kill "-${2:-TERM}" "$1" 2>/dev/null
	within 10 eval "! kill -0 $1 2>/dev/null"
	kill -0 "$1" 2>/dev/null && kill -KILL "$1"
	wait "$1"
	rc=$?
}

# holds EXPR NAME: a test that the awk arithmetic EXPR is true ("5.02 - 4.1 < 3").
holds() {
	awk "BEGIN { exit !($1) }"
	ok $? "$2"
}
