#!/bin/bash
# Rotation: an extended term and recorded history. Organization of Turkic
# States: Azerbaijan took the chair at the Baku summit (2019-10-15); it was
# extended for COVID-19 (decided in 2020) and Türkiye took over at the
# Istanbul summit (2021-11-12); then Samarkand (UZ, 2022-11-11), Astana
# (KZ, 2023-11-03), Bishkek (KG, 2024-11-06) and Gabala (AZ, 2025-10-07).
. "$(dirname "$0")/lib.sh"

# terms: "HOLDER START END WHY" per term of $out, one per line.
terms() {
	json '.[] | "\(.holder) \(.start) \(.end) \(.why)"'
}

# contiguous: "true" when each term of $out ends on the day the next begins and after it begins.
contiguous() {
	json '(all(.[]; .start < .end)) and ([range(1; length) as $i | .[$i - 1].end == .[$i].start] | all)'
}

run init
is "$rc" 0 "init"
run body add OTS 'Organization of Turkic States'
is "$rc" 0 "body add OTS"
failed=0
while IFS='|' read -r code name zone since role; do
	run state add "$code" "$name" --tz "$zone"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
	run member add OTS "$code" --since "$since" --role "$role"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
done <<'EOF'
AZ|Azerbaijan|Asia/Baku|2009-10-03|full
KZ|Kazakhstan|Asia/Almaty|2009-10-03|full
KG|Kyrgyzstan|Asia/Bishkek|2009-10-03|full
TR|Türkiye|Europe/Istanbul|2009-10-03|full
UZ|Uzbekistan|Asia/Tashkent|2019-10-15|full
HU|Hungary|Europe/Budapest|2018-09-03|observer
EOF
is "$failed" 0 "six states: five full members, one observer"

# ---- calendar terms from the Baku summit, one year each ----

run --now 2019-10-15 rotation set OTS chair --order AZ,TR,UZ,KZ,KG --term 1y --start 2019-10-15
is "$rc" 0 "rotation set --term 1y --start 2019-10-15"
run --now 2020-01-10 rotation show OTS chair --from 2019-10-15 --to 2022-12-31 --json
is "$(terms)" "AZ 2019-10-15 2020-10-15 order
TR 2020-10-15 2021-10-15 order
UZ 2021-10-15 2022-10-15 order
KZ 2022-10-15 2023-10-15 order" "before the extension: a year each from 2019-10-15"
is "$(json '[.[].status] | join(",")')" actual,projected,projected,projected \
	"on 2020-01-10: Azerbaijan's term is actual, the rest projected"

refused --now 2019-06-01 rotation extend OTS chair --by 1y -- 5 "office 'chair' has no term under way" \
	"extend before the first term began"
refused --now 2020-04-01 rotation extend OTS chair --by 0mo -- 5 "invalid --by '0mo': a zero-length" "extend by a zero-length period"
refused --now 2020-04-01 rotation extend OTS chair -- 2 "rotation extend needs --by" "extend without --by"

run --now 2020-04-01 rotation extend OTS chair --by 1y
is "$rc" 0 "rotation extend --by 1y on 2020-04-01 exits 0"
is "$out$err" "" "rotation extend prints nothing"
run rotation show OTS chair --from 2019-10-15 --to 2023-12-31 --json
is "$(contiguous)" true "after the extension: no gaps, no overlaps"
is "$(terms)" "AZ 2019-10-15 2021-10-15 extension
TR 2021-10-15 2022-10-15 order
UZ 2022-10-15 2023-10-15 order
KZ 2023-10-15 2024-10-15 order" "Azerbaijan's term runs a year longer; Türkiye's begins a year later"
like "$(json '.[0].note')" 'extended' "the note says the term was extended"
run --now 2021-01-10 rotation who OTS chair --json
is "$(json '[.holder, .start, .end, .status, .why, .next] | join(" ")')" \
	"AZ 2019-10-15 2021-10-15 actual extension TR" "on 2021-01-10 Azerbaijan still chairs; Türkiye next"
run rotation who OTS chair --on 2021-10-14 --json
is "$(json .holder)" AZ "2021-10-14: Azerbaijan"
run rotation who OTS chair --on 2021-10-15 --json
is "$(json '[.holder, .previous] | join(" ")')" "TR AZ" "2021-10-15: Türkiye, after Azerbaijan"

# An extension decided later, during Türkiye's term, leaves Azerbaijan's alone.
run --now 2022-01-10 rotation extend OTS chair --by 3mo
is "$rc" 0 "a second extension, during Türkiye's term"
run rotation show OTS chair --from 2019-10-15 --to 2023-12-31 --json
is "$(terms | head -3)" "AZ 2019-10-15 2021-10-15 extension
TR 2021-10-15 2023-01-15 extension
UZ 2023-01-15 2024-01-15 order" "the second extension lengthens Türkiye's term only"

# ---- the history recorded as it happened ----

run --now 2018-09-03 rotation set OTS history --order KG,AZ,TR,UZ,KZ --term 1y --start 2018-09-03
is "$rc" 0 "rotation set OTS history --start 2018-09-03 (the Cholpon-Ata summit)"
failed=0
while read -r state start end; do
	if [ -n "$end" ]; then
		run rotation record OTS history "$state" --start "$start" --end "$end"
	else
		run rotation record OTS history "$state" --start "$start"
	fi
	[ "$rc" -eq 0 ] || { failed=$((failed + 1)); echo "# record $state: $err"; }
done <<'EOF'
KG 2018-09-03 2019-10-15
AZ 2019-10-15 2021-11-12
TR 2021-11-12 2022-11-11
UZ 2022-11-11 2023-11-03
KZ 2023-11-03 2024-11-06
KG 2024-11-06 2025-10-07
AZ 2025-10-07
EOF
is "$failed" 0 "seven recorded terms"
run rotation show OTS history --from 2018-01-01 --to 2027-06-30 --json
is "$(contiguous)" true "recorded history: no gaps, no overlaps"
is "$(terms)" "KG 2018-09-03 2019-10-15 record
AZ 2019-10-15 2021-11-12 record
TR 2021-11-12 2022-11-11 record
UZ 2022-11-11 2023-11-03 record
KZ 2023-11-03 2024-11-06 record
KG 2024-11-06 2025-10-07 record
AZ 2025-10-07 2026-10-07 record
TR 2026-10-07 2027-10-07 order" "the recorded chairs, then the order from the last recorded holder"
is "$(json '[.[0:7][] | .status] | unique | join(",")')" actual "recorded terms are actual"
is "$(json '.[7].status')" projected "the next term is projected"
run rotation who OTS history --json
is "$(json '[.holder, .previous, .next] | join(" ")')" "AZ KG TR" "on 2026-01-15: Azerbaijan (Gabala), after Kyrgyzstan, before Türkiye"
refused rotation record OTS history HU --start 2026-10-07 -- 5 "state 'HU' is not a full member of 'OTS'" \
	"record of an observer"
refused rotation record OTS history TR --start 2026-10-07 --end 2026-10-07 -- 5 "--end '2026-10-07' is not after --start" \
	"record that ends when it begins"

# ---- a recorded handover later than the calendar's ----
# Calendar terms from the Cholpon-Ata summit (2018-09-03); the Baku summit
# handed the chair to Azerbaijan on 2019-10-15, later than a year on: the
# chair stays with Kyrgyzstan until then, and Azerbaijan's turn is one term.

run --now 2018-09-03 rotation set OTS baku --order KG,AZ,TR,UZ,KZ --term 1y --start 2018-09-03
is "$rc" 0 "rotation set OTS baku"
run --now 2019-10-15 rotation record OTS baku AZ --start 2019-10-15
is "$rc" 0 "record AZ from 2019-10-15"
run --now 2020-04-01 rotation extend OTS baku --by 1y
is "$rc" 0 "extend by a year in 2020"
run rotation show OTS baku --from 2018-01-01 --to 2022-12-31 --json
is "$(contiguous)" true "no gaps, no overlaps"
is "$(json '.[0] | "\(.holder) \(.start) \(.end)"')" "KG 2018-09-03 2019-10-15" \
	"Kyrgyzstan chairs until the recorded handover"
is "$(json '.[1] | "\(.holder) \(.start) \(.end)"')" "AZ 2019-10-15 2021-10-15" \
	"Azerbaijan from the Baku summit, extended by a year"
is "$(json '.[2] | "\(.holder) \(.start)"')" "TR 2021-10-15" "then Türkiye"
is "$(json '[.[] | select(.holder == "AZ")] | length')" 1 "Azerbaijan's turn is one term, not two"
done_testing
