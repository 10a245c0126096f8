#!/bin/bash
# The speed of `dipcal publish` to a Radicale 3 on this computer.
#   tests/bench/bench-publish.sh DIPCAL
# Starts Radicale (/usr/bin/python3 -m radicale, htpasswd users, storage in
# a temporary directory) on a free port of 127.0.0.1, makes a database with
# `dipcal init --demo` and 1,000 more meetings (one sqlite3 transaction,
# deterministic: timed in six zones, one in ten all-day, one in twenty
# monthly for a year), then times with the wall clock:
#   - the first publish (MKCALENDAR, 1,012 PUTs, each recorded), and
#   - a publish with nothing changed (one PROPFIND, no PUT).
#
#   publish first: N s (target 20 s) PASS|SLOW
#   publish unchanged: N s (target 1 s) PASS|SLOW
#
# Without Radicale the benchmark says so and exits 0. A missed target is
# printed, not failed: the exit status is 0 unless a command fails.
# BENCH_KEEP=1 keeps the directory (database, Radicale's storage and log).

set -euo pipefail

die() {
	echo "bench-publish: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: tests/bench/bench-publish.sh DIPCAL"
DIPCAL=$1
FIRST_TARGET=20
UNCHANGED_TARGET=1
N=1000
[ -x "$DIPCAL" ] || die "no executable dipcal at '$DIPCAL'"
if ! /usr/bin/python3 -c 'import radicale' 2>/dev/null; then
	echo "publish: skipped: Radicale is not installed (apt-get install radicale)"
	exit 0
fi
for c in sqlite3 curl; do
	command -v "$c" >/dev/null || die "$c is needed (contrib/install-deps)"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/dipcal-bench-publish.XXXXXX")
RADICALE_PID=
cleanup() {
	if [ -n "$RADICALE_PID" ]; then
		kill "$RADICALE_PID" 2>/dev/null || true
		wait "$RADICALE_PID" 2>/dev/null || true
	fi
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_CONFIG_HOME="$T/home/.config"
export TZ=UTC LC_ALL=C.UTF-8 DIPCAL_NOW="2026-01-15 09:00"
unset DIPCAL_DB
mkdir -p "$HOME"
DB="$T/publish.db"

# Radicale on a free port: five tries, each waiting at most 10 s for an answer.
printf 'bench:bench-secret\n' >"$T/users"
printf 'bench-secret\n' >"$T/password"
chmod 600 "$T/password"
for _ in 1 2 3 4 5; do
	PORT=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	cat >"$T/radicale.conf" <<EOF
[server]
hosts = 127.0.0.1:$PORT
[auth]
type = htpasswd
htpasswd_filename = $T/users
htpasswd_encryption = plain
[storage]
filesystem_folder = $T/storage
[rights]
type = owner_only
[logging]
level = warning
EOF
	/usr/bin/python3 -m radicale --config "$T/radicale.conf" >"$T/radicale.log" 2>&1 &
	RADICALE_PID=$!
	for _ in $(seq 200); do
		curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && break 2
		kill -0 "$RADICALE_PID" 2>/dev/null || break
		sleep 0.05
	done
	kill "$RADICALE_PID" 2>/dev/null || true
	wait "$RADICALE_PID" 2>/dev/null || true
	RADICALE_PID=
done
[ -n "$RADICALE_PID" ] || die "Radicale does not start: $(tail -3 "$T/radicale.log")"
URL="http://127.0.0.1:$PORT/bench/secretariat/"

"$DIPCAL" --db "$DB" init --demo >/dev/null || die "dipcal init --demo failed"
sqlite3 "$DB" <<SQL || die "cannot fill the database"
BEGIN;
CREATE TEMP TABLE zone(i INTEGER PRIMARY KEY, tz TEXT);
INSERT INTO zone VALUES (0, 'Asia/Tashkent'), (1, 'Asia/Almaty'), (2, 'Europe/Berlin'), (3, 'America/New_York'),
	(4, 'Asia/Tokyo'), (5, 'Europe/Moscow');
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $N - 1),
m(i, start, allday, tz) AS (
	SELECT i, 1767225600 + i * 86400 / 3 + (i % 9) * 3600,  i % 10 = 0, (SELECT tz FROM zone WHERE zone.i = n.i % 6) FROM n)
INSERT INTO meeting(uid, body, kind, title, host, city, venue, tz, start_utc, end_utc, all_day, status, rrule,
		    series_end_utc, notes, created_utc, updated_utc, sequence)
	SELECT printf('bench-%04d@dipcal', i), 'CANC', 'regular', 'Bench meeting ' || i, 'UZ', 'Tashkent', 'Hall ' || (i % 7),
		tz, iif(allday, start / 86400 * 86400, start), iif(allday, start / 86400 * 86400 + 86400, start + 7200),
		allday, iif(i % 50 = 0, 'cancelled', 'planned'), iif(i % 20 = 0, 'FREQ=MONTHLY;COUNT=12', NULL),
		iif(allday, start / 86400 * 86400 + 86400, start + 7200) + iif(i % 20 = 0, 334 * 86400, 0),
		'Notes of meeting ' || i, 1767225600, 1767225600, 0
	FROM m;
COMMIT;
SQL
total=$(sqlite3 "$DB" 'SELECT count(*) FROM meeting')

# timed CMD...: runs CMD (its output in $T/out); its wall time in seconds in $SECS, and
# the processor time of dipcal itself (user + system) in $CPU: the rest is the server's.
timed() {
	local t user sys
	t=$( { TIMEFORMAT='%R %U %S'; time "$@" >"$T/out" 2>"$T/err"; } 2>&1 ) || die "failed: $* — $(cat "$T/err")"
	read -r SECS user sys <<<"$t"
	CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
}
# verdict SECS TARGET: PASS or SLOW
verdict() {
	awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "SLOW" }'
}

publish=("$DIPCAL" --db "$DB" publish "$URL" --user bench --password-file "$T/password")
echo "publish: $total meetings to Radicale $(/usr/bin/python3 -m radicale --version) at 127.0.0.1:$PORT"
timed "${publish[@]}"
echo "publish first: $SECS s (target $FIRST_TARGET s) $(verdict "$SECS" "$FIRST_TARGET")" \
	"— $(cat "$T/out"); dipcal's own processor time $CPU s"
timed "${publish[@]}"
echo "publish unchanged: $SECS s (target $UNCHANGED_TARGET s) $(verdict "$SECS" "$UNCHANGED_TARGET")" \
	"— $(cat "$T/out"); dipcal's own processor time $CPU s"
