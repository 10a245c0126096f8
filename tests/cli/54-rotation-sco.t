#!/bin/bash
# Rotation, summit terms: the presidency of the Shanghai Cooperation
# Organisation passes to the next host at the close of each heads-of-state
# summit. The real summits 2017-2025; two were held online (Russia 2020,
# India 2023), entered as timed meetings; two lasted two days.
. "$(dirname "$0")/lib.sh"

# terms: "HOLDER START END" per term of $out, one per line.
terms() {
	json '.[] | "\(.holder) \(.start) \(.end)"'
}

# contiguous: "true" when each term of $out ends on the day the next begins and after it begins.
contiguous() {
	json '(all(.[]; .start < .end)) and ([range(1; length) as $i | .[$i - 1].end == .[$i].start] | all)'
}

run init
is "$rc" 0 "init"
run body add SCO 'Shanghai Cooperation Organisation'
is "$rc" 0 "body add SCO"
failed=0
while IFS='|' read -r code name zone since; do
	run state add "$code" "$name" --tz "$zone"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
	run member add SCO "$code" --since "$since"
	[ "$rc" -eq 0 ] || failed=$((failed + 1))
done <<'EOF'
BY|Belarus|Europe/Minsk|2024-07-04
IN|India|Asia/Kolkata|2017-06-09
IR|Iran|Asia/Tehran|2023-07-04
KZ|Kazakhstan|Asia/Almaty|2001-06-15
CN|China|Asia/Shanghai|2001-06-15
KG|Kyrgyzstan|Asia/Bishkek|2001-06-15
PK|Pakistan|Asia/Karachi|2017-06-09
RU|Russia|Europe/Moscow|2001-06-15
TJ|Tajikistan|Asia/Dushanbe|2001-06-15
UZ|Uzbekistan|Asia/Tashkent|2001-06-15
EOF
is "$failed" 0 "ten member states"

failed=0
add_summit() {
	run meeting add SCO --status held "$@"
	[ "$rc" -eq 0 ] || { failed=$((failed + 1)); echo "# meeting add $*: $err"; }
}
add_summit --start 2017-06-08 --end 2017-06-09 --host KZ --city Astana
add_summit --start 2018-06-09 --end 2018-06-10 --host CN --city Qingdao
add_summit --start 2019-06-13 --end 2019-06-14 --host KG --city Bishkek
add_summit --start '2020-11-10 14:00' --duration 3h --host RU --title 'SCO summit (videoconference)'
add_summit --start 2021-09-16 --end 2021-09-17 --host TJ --city Dushanbe
add_summit --start 2022-09-15 --end 2022-09-16 --host UZ --city Samarkand
add_summit --start '2023-07-04 12:30' --duration 3h --host IN --title 'SCO summit (videoconference)'
add_summit --start 2024-07-03 --end 2024-07-04 --host KZ --city Astana
add_summit --start 2025-08-31 --end 2025-09-01 --host CN --city Tianjin
is "$failed" 0 "nine summits, 2017-2025"
# Not regular summits: they do not pass the presidency.
run meeting add SCO --start 2022-11-01 --host CN --kind extraordinary --status held --title 'Heads of government'
is "$rc" 0 "an extraordinary meeting"

# The order is the Russian alphabet (Беларусь, Индия, Иран, Казахстан, Китай, ...).
run rotation set SCO presidency --order BY,IN,IR,KZ,CN,KG,PK,RU,TJ,UZ --term summit
is "$rc" 0 "rotation set SCO presidency --term summit"
run rotation show SCO presidency --from 2017-01-01 --to 2025-12-31 --json
is "$(contiguous)" true "no gaps, no overlaps"
is "$(terms)" "KZ 2017-06-08 2017-06-10
CN 2017-06-10 2018-06-11
KG 2018-06-11 2019-06-15
RU 2019-06-15 2020-11-11
TJ 2020-11-11 2021-09-18
UZ 2021-09-18 2022-09-17
IN 2022-09-17 2023-07-05
KZ 2023-07-05 2024-07-05
CN 2024-07-05 2025-09-02
KG 2025-09-02 2026-09-02" "each host presides from the close of the previous summit to the close of its own"
is "$(json '[.[0:9][] | .why] | unique | join(",")')" summit "the held summits' terms say why: summit"
is "$(json '[.[0:9][] | .status] | unique | join(",")')" actual "held summits: actual"

for d in 2017-06-09:KZ 2017-06-10:CN 2018-01-01:CN 2018-06-10:CN 2018-06-11:KG 2019-06-14:KG 2019-06-15:RU \
	2020-06-01:RU 2020-11-10:RU 2020-11-11:TJ 2021-09-17:TJ 2021-09-18:UZ 2022-09-16:UZ 2022-09-17:IN \
	2023-07-04:IN 2023-07-05:KZ 2024-07-04:KZ 2024-07-05:CN 2025-09-01:CN 2025-09-02:KG; do
	run rotation who SCO presidency --on "${d%%:*}" --json
	is "$(json .holder)" "${d##*:}" "presidency on ${d%%:*}: ${d##*:}"
done

run rotation who SCO presidency --json
is "$(json '[.holder, .start, .status, .previous, .next] | join(" ")')" "KG 2025-09-02 actual CN PK" \
	"on 2026-01-15 Kyrgyzstan presides after Tianjin; next in the order: Pakistan"
run rotation who SCO presidency --on 2017-01-01
is "$rc" 3 "before the first summit: exit 3"

# A projected summit, when planned, fixes the end of the presidency.
run meeting add SCO --start 2026-06-20 --end 2026-06-21 --host KG --city Bishkek --status planned
is "$rc" 0 "the 2026 summit planned in Bishkek"
run rotation who SCO presidency --json
is "$(json '[.holder, .start, .end, .why] | join(" ")')" "KG 2025-09-02 2026-06-22 summit" \
	"Kyrgyzstan presides until the close of its planned summit"
run rotation next SCO presidency --count 3 --json
is "$(json '[.[] | "\(.holder) \(.start) \(.status)"] | join(",")')" \
	"PK 2026-06-22 projected,RU 2027-06-22 projected,TJ 2028-06-22 projected" \
	"after it: the order, one year apart (the default cadence)"

# The presidency with another cadence of projected summits.
run rotation set SCO presidency18 --order BY,IN,IR,KZ,CN,KG,PK,RU,TJ,UZ --term summit --cadence 18mo
is "$rc" 0 "rotation set --term summit --cadence 18mo"
run rotation next SCO presidency18 --count 2 --json
is "$(terms)" "PK 2026-06-22 2027-12-22
RU 2027-12-22 2029-06-22" "projected summits every 18 months"
done_testing
