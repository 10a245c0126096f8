#!/bin/bash
# Rotation, summit terms: the chair of the Consultative Meetings of the Heads
# of State of Central Asia. The host of summit N+1 chairs from the end of
# summit N to the end of its own. The demo's held summits give the history;
# Azerbaijan (a full member since 2025-11-16) joins at the end of the order
# until it is placed; the 2020 postponement passed the turn to Turkmenistan.
. "$(dirname "$0")/lib.sh"

WHY='^(order|insertion|appended|removal|swap|skip|extension|postponement|moved|record|summit|follow)$'

# holders: the holders of the terms in $out (a JSON array), comma-separated.
holders() {
	json '[.[].holder] | join(",")'
}

# contiguous: "true" when each term of $out ends on the day the next begins and after it begins.
contiguous() {
	json '(all(.[]; .start < .end)) and ([range(1; length) as $i | .[$i - 1].end == .[$i].start] | all)'
}

# term_shape: "true" when $out is one term object with the documented keys and values.
term_shape() {
	printf '%s' "$out" | jq -r --arg why "$WHY" 'type == "object" and (.holder | test("^[A-Z]{2}$")) and
		(.start | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and (.end | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and
		.start < .end and (.status == "actual" or .status == "projected") and (.why | test($why))'
}

# well_formed: "true" when $out is an array of term objects with the documented keys and values.
well_formed() {
	printf '%s' "$out" | jq -r --arg why "$WHY" 'type == "array" and all(.[]; type == "object" and
		(["holder", "start", "end", "status", "why"] - keys == []) and (.holder | test("^[A-Z]{2}$")) and
		(.start | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and (.end | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and
		(.status == "actual" or .status == "projected") and (.why | test($why)))'
}

run init --demo
is "$rc" 0 "init --demo"
run rotation set CAHS chair --order KZ,UZ,TM,KG,TJ --term summit
is "$rc" 0 "rotation set CAHS chair --order KZ,UZ,TM,KG,TJ --term summit"
is "$out$err" "" "rotation set prints nothing"
run rotation list CAHS --json
is "$(json '[.[] | select(.office == "chair") | .term, (.order | join(","))] | join(" ")')" "summit KZ,UZ,TM,KG,TJ" \
	"rotation list: the chair's rule and order"

# ---- the history: the hosts of the held summits ----

run rotation show CAHS chair --from 2018-01-01 --to 2025-11-16 --json
is "$rc" 0 "show --json exits 0"
is "$(well_formed)" true "show --json: an array of {holder, start, end, status, why}"
is "$(holders)" KZ,UZ,TM,KG,TJ,KZ,UZ "2018-2025: Kazakhstan, Uzbekistan, Turkmenistan, Kyrgyzstan, Tajikistan, Kazakhstan, Uzbekistan"
is "$(contiguous)" true "no gaps, no overlaps"
is "$(json '[.[].status] | unique | join(",")')" actual "the held summits' terms are actual"
is "$(json '.[2] | "\(.start) \(.end) \(.why)"')" "2019-11-30 2021-08-07 moved" \
	"Turkmenistan from the end of the 2nd summit to the end of the 3rd; the turn moved from Kyrgyzstan"
is "$(json '.[3] | "\(.start) \(.end) \(.why)"')" "2021-08-07 2022-07-22 summit" "Kyrgyzstan to the end of the 4th (Cholpon-Ata)"
is "$(json '.[6] | "\(.start) \(.end) \(.why)"')" "2024-08-10 2025-11-17 summit" "Uzbekistan to the end of the 7th (Tashkent)"
run rotation who CAHS chair --on 2025-08-05 --json
is "$(json .holder)" UZ "the preparatory Awaza meeting (TM, 2025-08-05) does not pass the chair"

# ---- now: Turkmenistan chairs ----

run rotation who CAHS chair --json
is "$rc" 0 "who --json exits 0"
is "$(term_shape)" true "who --json: one term object"
is "$(json '(["holder", "start", "end", "previous", "next", "status", "why"] - keys) | join(",")')" "" \
	"who --json has holder, start, end, previous, next, status, why"
is "$(json '[.holder, .start, .end, .status, .previous, .next] | join(" ")')" \
	"TM 2025-11-17 2026-12-11 actual UZ KG" "on 2026-01-15 Turkmenistan chairs (previous Uzbekistan, next Kyrgyzstan)"
run rotation who CAHS chair
is "$rc" 0 "who exits 0"
is "$(printf '%s\n' "$out" | head -1)" TM "who: the holder alone on the first line"
like "$out" 'CAHS chair on 2026-01-15: TM, 2025-11-17 to 2026-12-11' "who: the term's own dates"
like "$out" 'previous: UZ +next: KG' "who: previous and next"
run rotation who CAHS chair --on 2018-03-14
is "$rc" 3 "who before the first summit: exit 3"
like "$err" "^dipcal: no one holds office 'chair' of 'CAHS' on 2018-03-14" "who before the first summit: message"

# ---- next: Azerbaijan at the end of the order ----

run rotation next CAHS chair --json
is "$(well_formed)" true "next --json: an array of terms"
is "$(holders)" KG,TJ,AZ,KZ,UZ,TM "next: Kyrgyzstan, Tajikistan, then Azerbaijan after Tajikistan"
is "$(json '.[2].why')" appended "Azerbaijan's first turn: appended as a new full member"
is "$(json '[.[].status] | unique | join(",")')" projected "next: all projected"
is "$(json '.[0].start')" 2026-12-11 "Kyrgyzstan from the end of the 8th summit (placeholder date)"
run rotation next CAHS chair --count 2 --json
is "$(holders)" KG,TJ "next --count 2"
run rotation show CAHS chair --troika --json
is "$(json '[.[] | select(.holder == "TM" and .start == "2025-11-17") | .previous, .next] | join(" ")')" "UZ KG" \
	"show --troika: previous and next"

cp "$DB" "$T/demo-chair.db"

# ---- rotation insert places Azerbaijan elsewhere ----

for case in "KZ:KG,TJ,KZ,AZ,UZ,TM" "TM:AZ,KG,TJ,KZ,UZ,TM" "UZ:KG,TJ,KZ,UZ,AZ,TM" "TJ:KG,TJ,AZ,KZ,UZ,TM"; do
	after=${case%%:*}
	DB="$T/insert-$after.db"
	cp "$T/demo-chair.db" "$DB"
	run rotation insert CAHS chair AZ --after "$after"
	is "$rc" 0 "insert AZ --after $after exits 0"
	run rotation next CAHS chair --json
	is "$(holders)" "${case#*:}" "insert AZ --after $after: ${case#*:}"
done
DB="$T/insert-KZ.db"
run rotation show CAHS chair --to 2036-01-01 --json
is "$(json '[.[] | select(.holder == "AZ") | .why] | join(",")')" insertion,order \
	"after insert --after KZ: Azerbaijan's first turn says insertion, its next says order"
run rotation who CAHS chair --json
is "$(json '[.holder, .next] | join(" ")')" "TM KG" "insert: the term under way and the next are unchanged"

DB="$T/demo-chair.db"
refused rotation insert CAHS chair AZ --after RU -- 3 "unknown state 'RU'" "insert --after an unknown state"

# ---- offices that follow the chair ----

run rotation set CAHS coordinators --term follow:chair
is "$rc" 0 "rotation set --term follow:chair"
run rotation set CAHS incoming --term follow:chair+1
is "$rc" 0 "rotation set --term follow:chair+1"
run rotation who CAHS coordinators --json
is "$(json '[.holder, .start, .end, .why] | join(" ")')" "TM 2025-11-17 2026-12-11 follow" "follow:chair: Turkmenistan, the chair's term"
run rotation who CAHS incoming --json
is "$(json '[.holder, .start, .end] | join(" ")')" "KG 2025-11-17 2026-12-11" "follow:chair+1: Kyrgyzstan, the next chair"
run rotation show CAHS chair --from 2018-01-01 --to 2028-01-01 --json
chair=$out
run rotation show CAHS coordinators --from 2018-01-01 --to 2028-01-01 --json
is "$(printf '%s' "$out" | jq -c '[.[] | [.holder, .start, .end]]')" \
	"$(printf '%s' "$chair" | jq -c '[.[] | [.holder, .start, .end]]')" "follow:chair: the same holders and dates, 2018-2028"
run rotation show CAHS incoming --from 2018-01-01 --to 2026-12-31 --json
is "$(holders)" "$(printf '%s' "$chair" | jq -r '[.[1:10][].holder] | join(",")')" \
	"follow:chair+1: each term held by the next chair"

# ---- the secretariat of the demo: a year each, alphabetical, from 2026 ----

run rotation who CAHS secretariat --json
is "$(json '[.holder, .start, .end, .next] | join(" ")')" "AZ 2026-01-01 2027-01-01 KZ" "the secretariat in 2026: Azerbaijan, then Kazakhstan"

# ---- the 2020-2021 postponement, as it happened ----

DB="$T/postponed.db"
run init
for s in "KZ Kazakhstan Asia/Almaty" "UZ Uzbekistan Asia/Tashkent" "TM Turkmenistan Asia/Ashgabat" \
	"KG Kyrgyzstan Asia/Bishkek" "TJ Tajikistan Asia/Dushanbe"; do
	set -- $s
	run state add "$1" "$2" --tz "$3"
done
run body add CAHS 'Consultative Meeting of the Heads of State of Central Asia'
for s in KZ UZ TM KG TJ; do
	run member add CAHS "$s" --since 2018-03-15
done
run --now 2018-01-10 meeting add CAHS --start 2018-03-15 --host KZ --ordinal 1 --city Astana --status held
is "$rc" 0 "the 1st summit, Astana"
run --now 2019-03-01 meeting add CAHS --start 2019-11-29 --host UZ --ordinal 2 --city Tashkent --status held
is "$rc" 0 "the 2nd summit, Tashkent"
run --now 2020-01-15 meeting add CAHS --start 2020-06-15 --host KG --ordinal 3 --city Bishkek
is "$rc" 0 "the 3rd summit planned in Bishkek, 2020"
third=$out
run --now 2020-01-15 rotation set CAHS chair --order KZ,UZ,TM,KG,TJ --term summit
is "$rc" 0 "rotation set CAHS chair"

run --now 2020-01-15 rotation who CAHS chair --json
is "$(json '[.holder, .start, .end, .status, .why, .next] | join(" ")')" "KG 2019-11-30 2020-06-16 actual summit TJ" \
	"January 2020: Kyrgyzstan chairs until the end of its summit; Tajikistan next"

run --now 2020-04-10 meeting postpone "$third" --reason COVID-19
is "$rc" 0 "meeting postpone (2020-04-10)"
run --now 2020-04-10 rotation who CAHS chair --json
is "$(json '[.holder, .start, .why] | join(" ")')" "KG 2019-11-30 postponement" "after the postponement Kyrgyzstan still chairs"
is "$(json '.end > "2020-06-16"')" true "the postponed summit's term is stretched past its old date"
run --now 2020-04-10 rotation who CAHS chair --on 2020-07-01 --json
is "$(json .holder)" KG "asked on 2020-04-10: Kyrgyzstan still chairs on 2020-07-01 (the summit has no date)"
run --now 2020-12-01 rotation who CAHS chair --json
is "$(json '[.holder, .start, .status, .why] | join(" ")')" "KG 2019-11-30 actual postponement" \
	"December 2020: Kyrgyzstan's term is stretched"
is "$(json '.end > "2020-12-01"')" true "December 2020: the stretched term has not ended"
run --now 2020-12-01 rotation show CAHS chair --from 2018-01-01 --to 2024-01-01 --json
is "$(contiguous)" true "during the postponement: no gaps, no overlaps"

run --now 2021-08-07 meeting set "$third" --host TM --city Avaza --start 2021-08-06 --status held \
	--reason 'the turn passed to Turkmenistan'
is "$rc" 0 "meeting set: held in Avaza (TM) on 2021-08-06"
run --now 2021-08-10 rotation show CAHS chair --from 2018-01-01 --to 2026-01-01 --json
is "$(contiguous)" true "after the 3rd summit: no gaps, no overlaps"
is "$(json '.[2] | "\(.holder) \(.start) \(.end) \(.status) \(.why)"')" "TM 2019-11-30 2021-08-07 actual moved" \
	"the turn passed to Turkmenistan: its term ends with the Avaza summit"
is "$(holders)" KZ,UZ,TM,KG,TJ,KZ,UZ,TM "the order continues from Turkmenistan: Kyrgyzstan hosts the 4th"
run --now 2021-08-10 rotation who CAHS chair --json
is "$(json '[.holder, .start, .previous, .next] | join(" ")')" "KG 2021-08-07 TM TJ" \
	"August 2021: Kyrgyzstan chairs, after Turkmenistan, before Tajikistan"
done_testing
