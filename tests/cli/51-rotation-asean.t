#!/bin/bash
# Rotation, calendar terms in alphabetical order: the ASEAN chairmanship.
# One calendar year each, in the alphabetical order of the states' English
# names. Swaps leave later cycles unchanged (Indonesia/Brunei 2011,
# Myanmar/Laos 2014); a skip moves the next state forward and the order
# resumes (Myanmar 2026: the Philippines moved up from 2027).
. "$(dirname "$0")/lib.sh"

# holders: the holders of the terms in $out (a JSON array), comma-separated.
holders() {
	json '[.[].holder] | join(",")'
}

# years: "YEAR HOLDER" per term of $out, comma-separated.
years() {
	json '[.[] | (.start[0:4] + " " + .holder)] | join(",")'
}

# contiguous: "true" when each term of $out ends on the day the next begins and after it begins.
contiguous() {
	json '(all(.[]; .start < .end)) and ([range(1; length) as $i | .[$i - 1].end == .[$i].start] | all)'
}

run init
is "$rc" 0 "init"
run body add ASEAN 'Association of Southeast Asian Nations'
is "$rc" 0 "body add ASEAN"
failed=0
while IFS='|' read -r code name zone since; do
	run state add "$code" "$name" --tz "$zone"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
	run member add ASEAN "$code" --since "$since"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
done <<'EOF'
BN|Brunei Darussalam|Asia/Brunei|1984-01-07
TH|Thailand|Asia/Bangkok|1967-08-08
ID|Indonesia|Asia/Jakarta|1967-08-08
LA|Lao PDR|Asia/Vientiane|1997-07-23
MY|Malaysia|Asia/Kuala_Lumpur|1967-08-08
VN|Viet Nam|Asia/Ho_Chi_Minh|1995-07-28
PH|Philippines|Asia/Manila|1967-08-08
SG|Singapore|Asia/Singapore|1967-08-08
MM|Myanmar|Asia/Yangon|1997-07-23
KH|Cambodia|Asia/Phnom_Penh|1999-04-30
EOF
is "$failed" 0 "ten states, ten full memberships of ASEAN"

# ---- alphabetical order, one year each ----

run --now 2000-06-01 rotation set ASEAN chair --order alphabetical --term 1y --start 2001-01-01
is "$rc" 0 "rotation set --order alphabetical --term 1y"
run rotation list ASEAN --json
is "$(json '.[0].order | join(",")')" BN,KH,ID,LA,MY,MM,PH,SG,TH,VN \
	"alphabetical: Brunei, Cambodia, Indonesia, Lao PDR, Malaysia, Myanmar, Philippines, Singapore, Thailand, Viet Nam"
is "$(json '.[0].alphabetical')" true "rotation list: the office is alphabetical"
is "$(json '.[0].months')" 12 "rotation list: 12-month terms"

run rotation show ASEAN chair --from 2001-01-01 --to 2013-12-31 --json
is "$(contiguous)" true "show: no gaps, no overlaps"
is "$(years)" "2001 BN,2002 KH,2003 ID,2004 LA,2005 MY,2006 MM,2007 PH,2008 SG,2009 TH,2010 VN,2011 BN,2012 KH,2013 ID" \
	"before any change: the alphabetical order year by year"
is "$(json '[.[] | select(.end[5:] != "01-01" or .start[5:] != "01-01")] | length')" 0 \
	"every term runs from 1 January to 1 January"

# ---- 2011: Indonesia and Brunei swap (decided in 2010) ----

refused --now 2010-03-01 rotation swap ASEAN chair VN BN -- 5 "cannot swap 'VN': its term is already under way" \
	"a swap may not touch the term under way (Viet Nam, 2010)"
refused --now 2010-03-01 rotation swap ASEAN chair BN VN -- 5 "cannot swap 'VN'" \
	"a swap may not touch the term under way, either way round"
refused --now 2010-03-01 rotation swap ASEAN chair ID ID -- 5 "cannot swap state 'ID' with itself" \
	"a swap of a state with itself"
run --now 2010-03-01 rotation swap ASEAN chair ID BN
is "$rc" 0 "rotation swap ID BN in 2010 exits 0"
is "$out$err" "" "rotation swap prints nothing"
run rotation show ASEAN chair --from 2010-01-01 --to 2013-12-31 --json
is "$(years)" "2010 VN,2011 ID,2012 KH,2013 BN" "the swap: Indonesia 2011, Cambodia 2012, Brunei 2013"
is "$(json '[.[].why] | join(",")')" order,swap,order,swap "why: the two exchanged years say swap"
like "$(json '.[1].note')" 'ID takes BN' "the note of 2011: Indonesia takes Brunei's turn"
like "$(json '.[3].note')" 'BN takes ID' "the note of 2013: Brunei takes Indonesia's turn"
run rotation show ASEAN chair --from 2020-01-01 --to 2023-12-31 --json
is "$(years)" "2020 VN,2021 BN,2022 KH,2023 ID" "later cycles unchanged: Brunei 2021, Cambodia 2022, Indonesia 2023"

# ---- 2014: Myanmar and Lao PDR swap (decided in 2012) ----

run --now 2012-03-01 rotation swap ASEAN chair LA MM
is "$rc" 0 "rotation swap LA MM in 2012 exits 0"
run rotation show ASEAN chair --from 2013-01-01 --to 2017-12-31 --json
is "$(years)" "2013 BN,2014 MM,2015 MY,2016 LA,2017 PH" "Myanmar 2014, Malaysia 2015, Lao PDR 2016, the Philippines 2017"
like "$(json '.[1].note')" 'MM takes LA' "the note of 2014: Myanmar takes Lao PDR's turn"
like "$(json '.[3].note')" 'LA takes MM' "the note of 2016: Lao PDR takes Myanmar's turn"

# ---- 2026: Myanmar skipped (decided in 2025) ----

run --now 2025-03-01 rotation who ASEAN chair --json
is "$(json '[.holder, .previous, .next] | join(" ")')" "MY LA MM" "in 2025 Malaysia chairs; Myanmar is next"
run --now 2025-03-01 rotation skip ASEAN chair MM
is "$rc" 0 "rotation skip MM in 2025 exits 0"
is "$out$err" "" "rotation skip prints nothing"
run rotation show ASEAN chair --from 2021-01-01 --to 2035-12-31 --json
is "$(contiguous)" true "after the skip: no gaps, no overlaps"
is "$(years)" "2021 BN,2022 KH,2023 ID,2024 LA,2025 MY,2026 PH,2027 SG,2028 TH,2029 VN,2030 BN,2031 KH,2032 ID,2033 LA,2034 MY,2035 MM" \
	"the Philippines 2026, Singapore 2027, Thailand 2028, Viet Nam 2029, Brunei 2030; Myanmar's turn in the next cycle"
is "$(json '.[5].why')" skip "2026 says why: skip"
like "$(json '.[5].note')" 'MM' "the note of 2026 names Myanmar"
is "$(json '[.[6:][] | .why] | unique | join(",")')" order "after the skip the order resumes"

run rotation who ASEAN chair --json
is "$(json '[.holder, .start, .end, .status, .previous, .next] | join(" ")')" \
	"PH 2026-01-01 2027-01-01 actual MY SG" "on 2026-01-15 the Philippines chair, after Malaysia, before Singapore"
run rotation next ASEAN chair --json
is "$(holders)" SG,TH,VN,BN,KH,ID,LA,MY,MM,PH "next: one full cycle, Myanmar back in its place"
is "$(json '[.[].status] | unique | join(",")')" projected "next: all projected"

# A change decided today does not touch what has begun.
run rotation show ASEAN chair --from 2001-01-01 --to 2025-12-31 --json
before=$out
run --now 2025-12-31 rotation skip ASEAN chair SG
is "$rc" 0 "skip Singapore on 2025-12-31 exits 0"
run rotation show ASEAN chair --from 2001-01-01 --to 2025-12-31 --json
is "$out" "$before" "the terms through 2025 are unchanged"
run rotation who ASEAN chair --on 2027-06-01 --json
is "$(json .holder)" TH "Singapore skipped: Thailand 2027"

# ---- a secretariat that follows the chair, and the incoming chair ----

run rotation set ASEAN secretariat --term follow:chair
is "$rc" 0 "rotation set --term follow:chair"
run rotation set ASEAN incoming --term follow:chair+1
is "$rc" 0 "rotation set --term follow:chair+1"
run rotation list ASEAN --json
is "$(json '[.[] | select(.office == "incoming") | .term, .follows, .offset] | join(" ")')" "follow chair 1" \
	"rotation list: follow, the followed office and K"
run rotation show ASEAN chair --from 2020-01-01 --to 2031-12-31 --json
chair=$out
run rotation show ASEAN secretariat --from 2020-01-01 --to 2031-12-31 --json
is "$(printf '%s' "$out" | jq -c '[.[] | [.holder, .start, .end]]')" \
	"$(printf '%s' "$chair" | jq -c '[.[] | [.holder, .start, .end]]')" "follow:chair: the chair's holders and dates"
is "$(json '[.[].why] | unique | join(",")')" follow "follow: why is follow"
run rotation show ASEAN incoming --from 2020-01-01 --to 2030-12-31 --json
is "$(holders)" "$(printf '%s' "$chair" | jq -r '[.[1:12][].holder] | join(",")')" \
	"follow:chair+1: each year held by the next year's chair"
is "$(json '[.[] | .start] | join(",")')" "$(printf '%s' "$chair" | jq -r '[.[0:11][].start] | join(",")')" \
	"follow:chair+1: the chair's years"
run rotation who ASEAN secretariat --json
is "$(json .holder)" PH "the secretariat in 2026: the Philippines"
run rotation who ASEAN incoming --json
is "$(json '[.holder, .start, .end] | join(" ")')" "TH 2026-01-01 2027-01-01" "the incoming chair in 2026: Thailand"
refused rotation skip ASEAN secretariat PH -- 5 "office 'secretariat' follows 'chair'" \
	"a following office is changed through the office it follows"
done_testing
