#!/bin/bash
# Twenty writers at once on one database: all succeed, none is lost, the
# database stays sound.
. "$(dirname "$0")/lib.sh"

N=20

run init --demo
is "$rc" 0 "init --demo"
before=$(sqlite3 "$DB" 'SELECT count(*) FROM meeting')

mkdir "$T/par"
for i in $(seq 1 $N); do
	(
		"$DIPCAL" --db "$DB" meeting add CANC --start "2026-03-$(printf %02d "$i") 10:00" --host TM \
			--title "Parallel $i" >"$T/par/out.$i" 2>"$T/par/err.$i"
		echo $? >"$T/par/rc.$i"
	) &
done
wait

codes=$(cat "$T"/par/rc.* | sort | uniq -c | sed 's/^ *//')
is "$codes" "$N 0" "all $N concurrent meeting adds exit 0"
is "$(cat "$T"/par/err.*)" "" "none writes to stderr"
is "$(cat "$T"/par/out.* | grep -cE '^[0-9]+$')" $N "each prints an id"
is "$(cat "$T"/par/out.* | sort -u | wc -l)" $N "the $N ids are distinct"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM meeting')" $((before + N)) "there are $N more meetings"
is "$(sqlite3 "$DB" "SELECT count(DISTINCT title) FROM meeting WHERE title LIKE 'Parallel %'")" $N \
	"each meeting is there once"
ids=$(cat "$T"/par/out.* | sort -n | paste -sd, -)
is "$(sqlite3 "$DB" "SELECT group_concat(id, ',') FROM (SELECT id FROM meeting WHERE title LIKE 'Parallel %' ORDER BY id)")" \
	"$ids" "the printed ids are the stored meetings"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "PRAGMA integrity_check: ok"
is "$(sqlite3 "$DB" 'PRAGMA foreign_key_check' | wc -l)" 0 "no broken foreign keys"
run meeting list CANC --from 2026-03-01 --to 2026-03-31 --json
is "$(json '[.[] | select(.title | startswith("Parallel"))] | length')" $N "meeting list sees them all"
run agenda --from 2026-03-01 --to 2026-03-31 --body CANC --json
is "$(json '[.[] | select(.title | startswith("Parallel"))] | length')" $N "the agenda shows them all"

# Writers of different kinds at once.
for i in $(seq 1 10); do
	"$DIPCAL" --db "$DB" state add "Q$(printf "\\$(printf %03o $((64 + i)))")" "State $i" --tz UTC >/dev/null 2>&1 &
	"$DIPCAL" --db "$DB" meeting set 11 --venue "Hall $i" --reason "round $i" >/dev/null 2>&1 &
	"$DIPCAL" --db "$DB" agenda --days 60 >/dev/null 2>&1 &
done
wait
is "$(sqlite3 "$DB" "SELECT count(*) FROM state WHERE code GLOB 'Q?'")" 10 "ten concurrent state adds"
run meeting show 11 --json
is "$(json '.sequence')" 10 "ten concurrent changes of one meeting: sequence 10"
is "$(json '[.changes[] | select(.field == "venue")] | length')" 10 "ten venue changes logged"
is "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok "PRAGMA integrity_check after mixed writers: ok"
done_testing
