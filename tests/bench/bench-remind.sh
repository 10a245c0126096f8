#!/bin/bash
# The reminder daemon at rest: memory and wake-ups.
#   tests/bench/bench-remind.sh DIPCAL
# A database of 10,000 future meetings (one every 8 minutes from 2 days
# ahead, so the next reminder is a day or more away and every meeting lies
# in the daemon's 60-day window), the daemon (`dipcal remind`, the real
# clock) on a private D-Bus session bus with python3-dbusmock's
# notification server. After it settles: its resident memory (VmRSS), and
# the system calls that return while it idles for 10 s (strace -f on
# poll, ppoll, epoll_wait and read; the first return, the attach, is not
# counted). A daemon that sleeps until the next reminder wakes 0 times.
#
#   remind idle RSS: N kB (target 10240 kB) PASS|HIGH
#   remind idle wake-ups in 10 s: N (target 0) PASS|HIGH
#
# A missed target is printed, not failed: the exit status is 0 unless a
# command fails. Needs dbus-daemon, gdbus, python3-dbusmock, sqlite3 and
# strace (contrib/install-deps); strace is installed with apt-get when missing.

set -euo pipefail

die() {
	echo "bench-remind: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: tests/bench/bench-remind.sh DIPCAL"
DIPCAL=$1
MEETINGS=10000
IDLE_S=10
RSS_TARGET_KB=10240
WAKE_TARGET=0

[ -x "$DIPCAL" ] || die "no executable dipcal at '$DIPCAL'"
for c in dbus-daemon gdbus sqlite3; do
	command -v "$c" >/dev/null || die "$c is needed (contrib/install-deps)"
done
/usr/bin/python3 -c 'import dbusmock' 2>/dev/null || die "python3-dbusmock is needed (contrib/install-deps)"
if ! command -v strace >/dev/null; then
	if [ "$(id -u)" -eq 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace >/dev/null || die "cannot install strace"
	else
		sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q strace >/dev/null || die "cannot install strace"
	fi
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/dipcal-bench-remind.XXXXXX")
PIDS=()
cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap cleanup EXIT

# A pinned world on the real clock: no user files, UTC, no display.
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_CONFIG_HOME="$T/home/.config"
export XDG_RUNTIME_DIR="$T/run" TZ=UTC LC_ALL=C.UTF-8
unset DIPCAL_DB DIPCAL_NOW DISPLAY WAYLAND_DISPLAY
# The database in a directory of its own: the daemon watches its directory.
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$T/data"
DB="$T/data/remind.db"

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

# 1. The database: 10,000 single meetings, an hour each, from 2 days ahead.
"$DIPCAL" --db "$DB" init >/dev/null || die "dipcal init failed"
"$DIPCAL" --db "$DB" body add BENCH 'Benchmark body' >/dev/null || die "dipcal body add failed"
t0=$(date +%s)
base=$((t0 + 2 * 86400 + 3600))
sqlite3 "$DB" "
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $MEETINGS)
INSERT INTO meeting(uid, body, title, tz, start_utc, end_utc, series_end_utc, created_utc, updated_utc)
SELECT 'bench-' || i || '@dipcal', 'BENCH', 'Meeting ' || i, 'UTC', $base + i * 480, $base + i * 480 + 3600,
	$base + i * 480 + 3600, $t0, $t0 FROM n;" || die "inserting the meetings failed"
count=$(sqlite3 "$DB" 'SELECT count(*) FROM meeting')
[ "$count" -eq "$MEETINGS" ] || die "$count meetings inserted, not $MEETINGS"
pending=$("$DIPCAL" --db "$DB" remind --list --json | jq length) || die "dipcal remind --list --json failed"

# 2. The bus, the notification server and the daemon.
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
dbus-daemon --config-file="$T/bus.conf" --nofork --nopidfile 2>"$T/bus.err" &
PIDS+=($!)
export DBUS_SESSION_BUS_ADDRESS="unix:path=$T/bus"
bus_up() { gdbus call --session -d org.freedesktop.DBus -o / -m org.freedesktop.DBus.GetId >/dev/null 2>&1; }
within 10 bus_up || die "the session bus did not start"
/usr/bin/python3 -m dbusmock --template notification_daemon -l "$T/mock.log" >"$T/mock.out" 2>&1 &
PIDS+=($!)
server_up() {
	gdbus call --session -d org.freedesktop.DBus -o / -m org.freedesktop.DBus.NameHasOwner \
		org.freedesktop.Notifications 2>/dev/null | grep -q true
}
within 10 server_up || die "the notification server did not start"

"$DIPCAL" --db "$DB" remind >"$T/daemon.out" 2>"$T/daemon.err" &
DPID=$!
PIDS+=("$DPID")
db_open() { readlink /proc/"$DPID"/fd/* 2>/dev/null | grep -qF "$DB"; }
within 10 db_open || die "the daemon did not open the database: $(cat "$T/daemon.err")"

# Settled: its RSS unchanged over half a second, after its first round.
rss() { awk '/^VmRSS:/ { print $2 }' /proc/"$DPID"/status; }
prev=-1
for ((i = 0; i < 60; i++)); do
	sleep 0.5
	kill -0 "$DPID" 2>/dev/null || die "the daemon exited: $(cat "$T/daemon.err")"
	cur=$(rss)
	[ "$cur" = "$prev" ] && break
	prev=$cur
done
rss_kb=$(rss)
anon_kb=$(awk '/^RssAnon:/ { print $2 }' /proc/"$DPID"/status)
file_kb=$(awk '/^RssFile:/ { print $2 }' /proc/"$DPID"/status)
threads=$(awk '/^Threads:/ { print $2 }' /proc/"$DPID"/status)

# 3. Wake-ups while idle.
strace -f -p "$DPID" -e trace=poll,ppoll,epoll_wait,read -o "$T/strace.out" 2>"$T/strace.err" &
SPID=$!
PIDS+=("$SPID")
# strace prints "Process N attached" (per thread) once it is in.
within 10 grep -q attached "$T/strace.err" || die "strace could not attach: $(cat "$T/strace.err")"
sleep "$IDLE_S"
kill -INT "$SPID"
wait "$SPID" 2>/dev/null || true
kill -0 "$DPID" 2>/dev/null || die "the daemon exited: $(cat "$T/daemon.err")"
# A return: a line with "= RESULT" (a call that completed, or "<... resumed>" of one).
returns=$(grep -cE '\) += -?[0-9]' "$T/strace.out" || true)
wakeups=$((returns > 0 ? returns - 1 : 0))
shown=$(grep -c ' Notify ' "$T/mock.log" || true)

kill -TERM "$DPID"
within 10 eval '! kill -0 "$DPID" 2>/dev/null' || die "the daemon did not stop on SIGTERM"
st=0
wait "$DPID" || st=$?
[ "$st" -eq 0 ] || die "the daemon exited with status $st on SIGTERM: $(cat "$T/daemon.err")"

verdict() {
	if [ "$1" -le "$2" ]; then echo PASS; else echo HIGH; fi
}
echo "remind: $MEETINGS meetings, $pending reminders pending in 30 days, $threads threads," \
	"$shown notifications shown; RSS $anon_kb kB anonymous + $file_kb kB file-backed (reference)"
echo "remind idle RSS: $rss_kb kB (target $RSS_TARGET_KB kB) $(verdict "$rss_kb" "$RSS_TARGET_KB")"
echo "remind idle wake-ups in $IDLE_S s: $wakeups (target $WAKE_TARGET) $(verdict "$wakeups" "$WAKE_TARGET")"
if [ "$wakeups" -gt 0 ]; then
	grep -E '\) += -?[0-9]' "$T/strace.out" | sed -n '2,6p' | sed 's/^/  e.g. /'
fi
