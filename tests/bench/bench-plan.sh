#!/bin/bash
# The summit planner's speed: `dipcal plan` over a two-year window holding
# 100,000 meetings and 10,000 holidays.
#   tests/bench/bench-plan.sh DIPCAL
# The database: `dipcal init --demo`, then in one sqlite3 transaction
# (recursive CTEs, deterministic) 200 more states in eight zones, 300
# bodies of eight members each (one of them with Uzbekistan), and from
# 2026-01-01 to 2027-12-31:
#   - 100,000 single meetings: half all-day (1-3 days), half timed (2 h, in
#     the host's zone); one in 1,000 hosted by one of the six Central Asian
#     states and one in 1,000 of the body with Uzbekistan (these exclude
#     days), one in 50 cancelled;
#   - 100 recurring meetings (monthly, 24 occurrences, expanded by libical);
#   - 10,000 holidays of all states (one in 100 of the six; one in 5
#     provisional; one in 20 three days long).
# Then `dipcal plan CAHS --between 2026-01-01 2027-12-31 --json` (the
# demo's chair rotation names the host), BENCH_RUNS times (default 9) after
# one warm-up run: the median wall time. BENCH_KEEP=1 keeps the database
# (in a directory under $TMPDIR) for a look with sqlite3.
#
#   plan: N ms (target 200 ms) PASS|SLOW
#
# A missed target is printed, not failed: the exit status is 0 unless a
# command fails.

set -euo pipefail

die() {
	echo "bench-plan: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: tests/bench/bench-plan.sh DIPCAL"
DIPCAL=$1
RUNS=${BENCH_RUNS:-9}
TARGET_MS=200
[ -x "$DIPCAL" ] || die "no executable dipcal at '$DIPCAL'"
for c in sqlite3 jq; do
	command -v "$c" >/dev/null || die "$c is needed (contrib/install-deps)"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/dipcal-bench-plan.XXXXXX")
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_CONFIG_HOME="$T/home/.config"
export TZ=UTC LC_ALL=C.UTF-8 DIPCAL_NOW="2026-01-15 09:00"
unset DIPCAL_DB
mkdir -p "$HOME"
DB="$T/plan.db"

"$DIPCAL" --db "$DB" init --demo >/dev/null || die "dipcal init --demo failed"
sqlite3 "$DB" <<'SQL' || die "cannot fill the database"
BEGIN;
CREATE TEMP TABLE zone(i INTEGER PRIMARY KEY, tz TEXT);
INSERT INTO zone VALUES (0, 'Europe/Berlin'), (1, 'America/New_York'), (2, 'Asia/Tokyo'), (3, 'Europe/Moscow'),
	(4, 'Asia/Kolkata'), (5, 'America/Sao_Paulo'), (6, 'Africa/Cairo'), (7, 'Australia/Sydney');
-- 200 states AA, AB, ... (skipping the demo's six), numbered 0-199 in s.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 675)
INSERT INTO state(code, name, tz, capital)
	SELECT char(65 + i / 26) || char(65 + i % 26), 'State ' || i, (SELECT tz FROM zone WHERE zone.i = n.i % 8), NULL
	FROM n WHERE char(65 + i / 26) || char(65 + i % 26) NOT IN (SELECT code FROM state) LIMIT 200;
CREATE TEMP TABLE s AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, tz FROM state WHERE name LIKE 'State %';
CREATE TEMP TABLE ca AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, tz FROM state WHERE name NOT LIKE 'State %';
-- 300 bodies of eight members; B300 has Uzbekistan too.
WITH RECURSIVE b(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM b WHERE i < 300)
INSERT INTO body(code, name, level) SELECT 'B' || i, 'Body ' || i, 'ministerial' FROM b;
WITH RECURSIVE b(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM b WHERE i < 300),
k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 7)
INSERT INTO membership(body, state, role, since, until)
	SELECT 'B' || b.i, s.code, 'full', '2000-01-01', NULL FROM b, k JOIN s ON s.i = (b.i * 37 + k.j * 23) % 200;
INSERT INTO membership(body, state, role, since, until) VALUES ('B300', 'UZ', 'full', '2000-01-01', NULL);
-- 100,000 single meetings over 2026-2027 (730 days from day 20454, 2026-01-01).
WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m WHERE i < 100000),
x AS (SELECT m.i AS i,
	iif(m.i % 1000 = 507, 'B300', 'B' || (1 + (m.i * 7) % 299)) AS body,
	iif(m.i % 1000 = 7, (SELECT code FROM ca WHERE ca.i = (m.i / 1000) % 6),
		(SELECT code FROM s WHERE s.i = (m.i * 13) % 200)) AS host,
	20454 + (m.i * 7919) % 730 AS day FROM m)
INSERT INTO meeting(uid, body, ordinal, kind, title, host, city, venue, tz, start_utc, end_utc, all_day, status, rrule,
		    series_end_utc, notes, created_utc, updated_utc, sequence)
	SELECT 'bench-' || i || '@bench.dipcal', body, NULL, 'regular', 'Meeting ' || i, host, NULL, NULL,
		(SELECT tz FROM state WHERE code = host),
		iif(i % 2, day * 86400 + (6 + i % 10) * 3600, day * 86400),
		iif(i % 2, day * 86400 + (8 + i % 10) * 3600, (day + 1 + i % 3) * 86400),
		1 - i % 2, iif(i % 50 = 0, 'cancelled', 'planned'), NULL,
		iif(i % 2, day * 86400 + (8 + i % 10) * 3600, (day + 1 + i % 3) * 86400), NULL, 0, 0, 0
	FROM x;
-- 100 recurring meetings: monthly, 24 times from early 2026, 09:00 in the host's zone.
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100)
INSERT INTO meeting(uid, body, ordinal, kind, title, host, city, venue, tz, start_utc, end_utc, all_day, status, rrule,
		    series_end_utc, notes, created_utc, updated_utc, sequence)
	SELECT 'bench-series-' || r.i || '@bench.dipcal', 'B' || (1 + r.i % 299), NULL, 'regular', 'Series ' || r.i, s.code,
		NULL, NULL, s.tz, (20454 + r.i % 28) * 86400 + 32400, (20454 + r.i % 28) * 86400 + 39600, 0, 'planned',
		'FREQ=MONTHLY;COUNT=24', NULL, NULL, 0, 0, 0
	FROM r JOIN s ON s.i = (r.i * 11) % 200;
-- 10,000 holidays over 2026-2027.
WITH RECURSIVE h(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM h WHERE i < 10000),
x AS (SELECT h.i AS i, iif(h.i % 100 = 0, (SELECT code FROM ca WHERE ca.i = (h.i / 100) % 6),
	(SELECT code FROM s WHERE s.i = (h.i * 17) % 200)) AS state, 20454 + (h.i * 31) % 730 AS day FROM h)
INSERT INTO holiday(state, first_day, last_day, name, provisional)
	SELECT state, date(day * 86400, 'unixepoch'), date((day + iif(i % 20 = 0, 2, 0)) * 86400, 'unixepoch'),
		'Holiday ' || i, i % 5 = 0
	FROM x;
COMMIT;
ANALYZE;
SQL

plan=("$DIPCAL" --db "$DB" plan CAHS --between 2026-01-01 2027-12-31 --json)
"${plan[@]}" >"$T/plan.json" || die "failed: ${plan[*]}"
echo "plan database: $(sqlite3 "$DB" 'SELECT count(*) FROM meeting') meetings," \
	"$(sqlite3 "$DB" 'SELECT count(*) FROM holiday') holidays, $(du -k "$DB" | cut -f1) KiB;" \
	"$(jq '.considered' "$T/plan.json") start days, excluded $(jq -c '.excluded' "$T/plan.json")," \
	"best $(jq -r '.candidates[0] | "\(.start) (\(.score))"' "$T/plan.json")"

# clock: the wall clock in microseconds, in CLOCK.
if [ -n "${EPOCHREALTIME:-}" ]; then
	clock() {
		local t=$EPOCHREALTIME
		CLOCK=$((10#${t%[.,]*} * 1000000 + 10#${t#*[.,]}))
	}
else
	clock() { CLOCK=$(($(date +%s%N) / 1000)); }
fi
times=()
for ((i = 0; i < RUNS; i++)); do
	clock
	s=$CLOCK
	"${plan[@]}" >"$T/out" || die "failed: ${plan[*]}"
	clock
	times+=($((CLOCK - s)))
done
mapfile -t times < <(printf '%s\n' "${times[@]}" | sort -n)
n=${#times[@]}
if ((n % 2)); then
	median=${times[n / 2]}
else
	median=$(((times[n / 2 - 1] + times[n / 2]) / 2))
fi
awk -v us="$median" -v t="$TARGET_MS" \
	'BEGIN { ms = us / 1e3; printf "plan: %.0f ms (target %d ms) %s\n", ms, t, ms <= t ? "PASS" : "SLOW" }'
