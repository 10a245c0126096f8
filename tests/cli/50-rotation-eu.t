#!/bin/bash
# Rotation, calendar terms: the presidency of the Council of the EU.
# Six-month terms from 1 January and 1 July in a fixed order; the United
# Kingdom's withdrawal (Council decision of 2016-07-26) deleted its
# Jul-Dec 2017 slot and every later slot moved forward.
. "$(dirname "$0")/lib.sh"

WHY='^(order|insertion|appended|removal|swap|skip|extension|postponement|moved|record|summit|follow)$'

# holders: the holders of the terms in $out (a JSON array), comma-separated.
holders() {
	json '[.[].holder] | join(",")'
}

# halves: "HOLDER START END" per term of $out, one per line.
halves() {
	json '.[] | "\(.holder) \(.start) \(.end)"'
}

# contiguous: "true" when each term of $out ends on the day the next begins and after it begins.
contiguous() {
	json '(all(.[]; .start < .end)) and ([range(1; length) as $i | .[$i - 1].end == .[$i].start] | all)'
}

# well_formed: "true" when each term of $out has the documented keys and values.
well_formed() {
	printf '%s' "$out" | jq -r --arg why "$WHY" 'type == "array" and all(.[];
		type == "object" and (.holder | test("^[A-Z]{2}$")) and
		(.start | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and (.end | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) and
		(.status == "actual" or .status == "projected") and (.why | test($why)) and
		(["holder", "start", "end", "status", "why"] - keys == []))'
}

run init
is "$rc" 0 "init"

# The 28 member states of 2016, with the day each became a full member.
while IFS='|' read -r code name zone since until; do
	run state add "$code" "$name" --tz "$zone"
	[ "$rc" -eq 0 ] || echo "# state add $code failed: $err"
	members+=("$code|$since|$until")
done <<'EOF'
NL|Netherlands|Europe/Amsterdam|1958-01-01|
SK|Slovakia|Europe/Bratislava|2004-05-01|
MT|Malta|Europe/Malta|2004-05-01|
GB|United Kingdom|Europe/London|1973-01-01|2020-02-01
EE|Estonia|Europe/Tallinn|2004-05-01|
BG|Bulgaria|Europe/Sofia|2007-01-01|
AT|Austria|Europe/Vienna|1995-01-01|
RO|Romania|Europe/Bucharest|2007-01-01|
FI|Finland|Europe/Helsinki|1995-01-01|
HR|Croatia|Europe/Zagreb|2013-07-01|
DE|Germany|Europe/Berlin|1958-01-01|
PT|Portugal|Europe/Lisbon|1986-01-01|
SI|Slovenia|Europe/Ljubljana|2004-05-01|
FR|France|Europe/Paris|1958-01-01|
CZ|Czechia|Europe/Prague|2004-05-01|
SE|Sweden|Europe/Stockholm|1995-01-01|
ES|Spain|Europe/Madrid|1986-01-01|
BE|Belgium|Europe/Brussels|1958-01-01|
HU|Hungary|Europe/Budapest|2004-05-01|
PL|Poland|Europe/Warsaw|2004-05-01|
DK|Denmark|Europe/Copenhagen|1973-01-01|
CY|Cyprus|Asia/Nicosia|2004-05-01|
IE|Ireland|Europe/Dublin|1973-01-01|
LT|Lithuania|Europe/Vilnius|2004-05-01|
GR|Greece|Europe/Athens|1981-01-01|
IT|Italy|Europe/Rome|1958-01-01|
LV|Latvia|Europe/Riga|2004-05-01|
LU|Luxembourg|Europe/Luxembourg|1958-01-01|
EOF
run body add EUCO 'Council of the European Union' --level ministerial
is "$rc" 0 "body add EUCO"
failed=0
for m in "${members[@]}"; do
	IFS='|' read -r code since until <<<"$m"
	if [ -n "$until" ]; then
		run member add EUCO "$code" --since "$since" --until "$until"
	else
		run member add EUCO "$code" --since "$since"
	fi
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
done
is "$failed" 0 "28 full memberships (the UK's until 2020-02-01)"

# The order of the 2016 decision, with the UK still in its Jul-Dec 2017 slot.
ORDER=NL,SK,MT,GB,EE,BG,AT,RO,FI,HR,DE,PT,SI,FR,CZ,SE,ES,BE,HU,PL,DK,CY,IE,LT,GR,IT,LV,LU
run --now 2015-12-01 rotation set EUCO presidency --order "$ORDER" --term 6mo --start 2016-01-01
is "$rc" 0 "rotation set: 6-month terms from 2016-01-01"
is "$out$err" "" "rotation set prints nothing"
run rotation list EUCO --json
is "$(json '.[0] | [.office, .term, .months, .start] | join(" ")')" "presidency calendar 6 2016-01-01" \
	"rotation list: the office, its rule and start"
is "$(json '.[0].order | join(",")')" "$ORDER" "rotation list: the order as given"

# ---- before the withdrawal ----

run rotation show EUCO presidency --from 2016-01-01 --to 2020-12-31 --json
is "$rc" 0 "show --json exits 0"
is "$(well_formed)" true "show --json: an array of {holder, start, end, status, why} with dates and words"
is "$(contiguous)" true "show --json: each term ends on the day the next begins"
is "$(holders)" NL,SK,MT,GB,EE,BG,AT,RO,FI,HR \
	"before the withdrawal: NL, SK, MT, then the UK in Jul-Dec 2017"
is "$(halves | sed -n 4p)" "GB 2017-07-01 2018-01-01" "before: the UK holds Jul-Dec 2017"
is "$(halves | sed -n 5p)" "EE 2018-01-01 2018-07-01" "before: Estonia holds Jan-Jun 2018"
is "$(json '[.[].status] | unique | join(",")')" actual "before: terms begun by 2026-01-15 are actual"
run --now 2016-07-26 rotation who EUCO presidency --json
is "$(json '[.holder, .start, .end, .previous, .next] | join(" ")')" "SK 2016-07-01 2017-01-01 NL MT" \
	"on 2016-07-26 Slovakia presides, after the Netherlands, before Malta"
is "$(json '.status')" actual "who: the term under way is actual"
run --now 2016-07-26 rotation show EUCO presidency --from 2017-07-01 --to 2017-07-01 --json
is "$(json '.[0].status')" projected "on 2016-07-26 the Jul-Dec 2017 term is projected"

# The UK's membership ended on 2020-02-01: it has no turn in the next cycle.
run rotation who EUCO presidency --on 2031-09-01 --json
is "$(json '.holder')" EE "Jul-Dec 2031: Estonia, not the UK (no longer a member)"
run rotation show EUCO presidency --from 2030-01-01 --to 2044-12-31 --json
is "$(json '[.[] | select(.holder == "GB")] | length')" 0 "the UK holds no term after its membership ended"

cp "$DB" "$T/before.db"

# ---- the withdrawal: rotation remove with the clock of the decision ----

run --now 2016-07-26 rotation remove EUCO presidency GB
is "$rc" 0 "rotation remove GB on 2016-07-26 exits 0"
is "$out$err" "" "rotation remove prints nothing"
is "$(sqlite3 "$DB" "SELECT kind || ' ' || state FROM rotation_event")" "remove GB" "one change is stored"

run rotation show EUCO presidency --from 2016-01-01 --to 2020-12-31 --json
is "$(contiguous)" true "after: still no gaps, no overlaps"
is "$(halves)" "NL 2016-01-01 2016-07-01
SK 2016-07-01 2017-01-01
MT 2017-01-01 2017-07-01
EE 2017-07-01 2018-01-01
BG 2018-01-01 2018-07-01
AT 2018-07-01 2019-01-01
RO 2019-01-01 2019-07-01
FI 2019-07-01 2020-01-01
HR 2020-01-01 2020-07-01
DE 2020-07-01 2021-01-01" "after: the UK's slot is deleted, every later slot moves forward (the real presidencies)"
is "$(json '.[3].why')" removal "Estonia's Jul-Dec 2017 term says why: the removal moved it forward"
is "$(json '[.[0:3][] | .why] | join(",")')" order,order,order "the terms before are unchanged"

# The real list of the 2016 decision, through Malta in Jul-Dec 2030.
run rotation show EUCO presidency --from 2021-01-01 --to 2030-12-31 --json
is "$(holders)" PT,SI,FR,CZ,SE,ES,BE,HU,PL,DK,CY,IE,LT,GR,IT,LV,LU,NL,SK,MT \
	"2021-2030: Portugal ... Malta, as decided in 2016"
is "$(json '[.[] | select(.start == "2026-01-01")][0].holder')" CY "Jan-Jun 2026: Cyprus"
is "$(json '[.[] | select(.start == "2030-07-01")][0].holder')" MT "Jul-Dec 2030: Malta"
is "$(contiguous)" true "2021-2030: no gaps, no overlaps"

for d in 2017-07-01:EE 2017-12-31:EE 2018-01-01:BG 2018-09-15:AT 2019-03-01:RO 2019-07-01:FI 2020-02-29:HR \
	2020-07-01:DE 2020-12-31:DE; do
	run rotation who EUCO presidency --on "${d%%:*}" --json
	is "$(json .holder)" "${d##*:}" "who on ${d%%:*}: ${d##*:}"
done
run rotation who EUCO presidency --on 2017-07-01 --json
is "$(json '[.previous, .next] | join(" ")')" "MT BG" "Jul-Dec 2017: previous Malta, next Bulgaria"

# next: one full cycle from the clock (as many terms as states take turns), without the UK.
run --now 2016-07-26 rotation next EUCO presidency --json
is "$rc" 0 "next --json exits 0"
is "$(well_formed)" true "next --json: an array of {holder, start, end, status, why}"
is "$(json 'length')" 27 "next: a full cycle is 27 terms without the UK"
is "$(json '.[0].holder + " " + .[0].start')" "MT 2017-01-01" "next from 2016-07-26 begins with Malta"
is "$(json '[.[] | select(.holder == "GB")] | length')" 0 "next: the UK is not in the cycle"
is "$(contiguous)" true "next: no gaps, no overlaps"
run --now 2016-07-26 rotation next EUCO presidency --count 27 --json
is "$(json 'length')" 27 "next --count 27: 27 terms"
is "$(json '.[26] | .holder + " " + .start')" "SK 2030-01-01" "next --count 27: the last is Slovakia in Jan-Jun 2030"

# The same decision recorded on 2017-01-01, during Malta's term, gives the same terms.
DB_AFTER=$DB
DB="$T/jan.db"
cp "$T/before.db" "$DB"
run --now 2017-01-01 rotation remove EUCO presidency GB
is "$rc" 0 "rotation remove on 2017-01-01 exits 0"
run rotation show EUCO presidency --from 2016-01-01 --to 2020-12-31 --json
is "$(holders)" NL,SK,MT,EE,BG,AT,RO,FI,HR,DE "removed on 2017-01-01: the same presidencies"
is "$(json '.[3].why')" removal "removed on 2017-01-01: Estonia's term says why (removal)"

# ---- history is never rewritten, whatever the hour of the change ----
# Malta's term begins at 00:00 on 2017-01-01 (local time); a skip decided at
# 02:00 that day is for Malta's next turn, never the term under way.
for when in '2017-01-01 02:00' '2017-01-01 12:00'; do
	DB="$T/skip.db"
	cp "$T/before.db" "$DB"
	run --now "$when" rotation who EUCO presidency --json
	is "$(json .holder)" MT "at $when Malta presides"
	run --now "$when" rotation skip EUCO presidency MT
	is "$rc" 0 "skip MT at $when exits 0 (Malta has a later turn)"
	run --now "$when" rotation who EUCO presidency --json
	is "$(json '[.holder, .start, .why] | join(" ")')" "MT 2017-01-01 order" \
		"after a skip at $when Malta still holds the term under way"
	run rotation show EUCO presidency --from 2017-01-01 --to 2017-12-31 --json
	is "$(holders)" MT,GB "after a skip at $when: Malta then the UK in 2017"
done

# ---- a secretariat following the presidency ----
DB=$DB_AFTER
run rotation set EUCO secretariat --term follow:presidency
is "$rc" 0 "rotation set --term follow:presidency"
run rotation set EUCO incoming --term follow:presidency+1
is "$rc" 0 "rotation set --term follow:presidency+1"
run rotation show EUCO presidency --from 2017-01-01 --to 2019-12-31 --json
pres=$out
run rotation show EUCO secretariat --from 2017-01-01 --to 2019-12-31 --json
is "$(json '[.[] | [.holder, .start, .end]]' | jq -c .)" "$(printf '%s' "$pres" | jq -c '[.[] | [.holder, .start, .end]]')" \
	"follow:presidency: the same holders and dates"
is "$(json '[.[].why] | unique | join(",")')" follow "follow: why is follow"
run rotation show EUCO incoming --from 2017-01-01 --to 2019-01-01 --json
is "$(holders)" "$(printf '%s' "$pres" | jq -r '[.[1:6][].holder] | join(",")')" \
	"follow:presidency+1: each term held by the next presidency's holder"
is "$(json '[.[] | .start + ".." + .end] | join(",")')" \
	"$(printf '%s' "$pres" | jq -r '[.[0:5][] | .start + ".." + .end] | join(",")')" \
	"follow:presidency+1: the presidency's dates"
run rotation who EUCO incoming --on 2017-03-01 --json
is "$(json .holder)" EE "in Jan-Jun 2017 the incoming presidency is Estonia"
done_testing
