#!/bin/bash
# dipcal holiday: add, list, rm, and import of a holiday calendar (the kind
# Thunderbird subscribes to: all-day events, some recurring); the planner
# keeps off fixed holidays and weighs provisional ones.
. "$(dirname "$0")/lib.sh"

run init
run state add KZ Kazakhstan --tz Asia/Almaty --capital Astana
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run state add FR France --tz Europe/Paris --capital Paris
run body add G2 'Two states'
run member add G2 KZ --since 2020-01-01
run member add G2 UZ --since 2020-01-01

# ---- add, list, rm ----

run holiday add KZ 2026-07-06 'Capital Day'
is "$rc" 0 "holiday add exits 0"
like "$out" '^[0-9]+$' "holiday add prints the new id"
capital=$out
run holiday add uz 2026-09-01 'Independence Day'
is "$rc" 0 "holiday add with a lower-case state code"
run holiday add KZ 2026-05-27 'Kurban Ait' --provisional
run holiday add UZ 2026-02-19 'Ramadan' --to 2026-03-19 --provisional
is "$rc" 0 "holiday add --to --provisional"
run holiday add FR 2026-07-14 'Fete nationale'
run holiday add KZ 2027-07-06 'Capital Day'
run holiday list --json
is "$(json 'length')" 6 "six holidays"
is "$(json '.[0] | keys | join(",")')" "date,id,name,provisional,state,to" "keys: id, state, date, to, name, provisional"
is "$(json '.[0] | "\(.state) \(.date) \(.to) \(.name) \(.provisional)"')" "UZ 2026-02-19 2026-03-19 Ramadan true" \
	"by date: Ramadan first, its days and provisional"
is "$(json '.[] | select(.id == '"$capital"') | "\(.state) \(.date) \(.to) \(.provisional)"')" "KZ 2026-07-06 2026-07-06 false" \
	"a one-day holiday: to is its date"
run holiday list KZ --json
is "$(json '[.[].name] | join(",")')" "Kurban Ait,Capital Day,Capital Day" "list KZ"
run holiday list --year 2027 --json
is "$(json '[.[].date] | join(",")')" "2027-07-06" "--year 2027"
run holiday list KZ --year 2026
like "$out" '^ID +STATE +DATE +TO +NAME +PROVISIONAL$' "text: a header"
like "$out" "^$capital +KZ +2026-07-06 +2026-07-06 +Capital Day +-$" "text: the holiday with its id"
like "$out" '^[0-9]+ +KZ +2026-05-27 +2026-05-27 +Kurban Ait +yes$' "text: provisional"
run holiday list --year 2026 --json
is "$(json '[.[] | select(.date <= "2026-03-01" and .to >= "2026-03-01")] | length')" 1 \
	"--year keeps a holiday spanning days of the year"
run holiday rm "$capital"
is "$rc" 0 "holiday rm exits 0"
is "$out" "" "holiday rm prints nothing"
run holiday list KZ --json
is "$(json '[.[].date] | join(",")')" "2026-05-27,2027-07-06" "the holiday is gone"

# ---- import ----

run holiday import KZ "$TESTS_DIR/data/holidays-kz.ics"
is "$rc" 0 "holiday import exits 0"
is "$out" "8 added, 0 already there, 1 with a time" \
	"Nauryz, Capital Day, Independence Day 2026-2031 (yearly, through the fifth year from now); the timed event passed over"
run holiday list KZ --json
is "$(json '[.[] | select(.name == "Nauryz meirami") | "\(.date) \(.to)"] | join("")')" "2026-03-21 2026-03-23" \
	"a three-day holiday: DTEND is the day after its last"
is "$(json '[.[] | select(.name == "Independence Day") | .date] | join(",")')" \
	"2026-12-16,2027-12-16,2028-12-16,2029-12-16,2030-12-16,2031-12-16" "a yearly holiday, expanded"
is "$(json '[.[] | select(.name == "Capital Day") | .date] | join(",")')" "2026-07-06,2027-07-06" \
	"an event without DTEND lasts its day"
is "$(json '[.[] | select(.name | startswith("Day of the Languages"))] | length')" 0 "a cancelled event is left out"
is "$(json '[.[] | select(.provisional)] | length')" 1 "imported holidays are fixed"
before=$(dump)
run holiday import KZ "$TESTS_DIR/data/holidays-kz.ics"
is "$out" "0 added, 8 already there, 1 with a time" "importing again adds nothing"
is "$(dump)" "$before" "importing again changes nothing"
run holiday import UZ - --provisional < "$TESTS_DIR/data/holidays-kz.ics"
is "$rc" 0 "import from standard input, --provisional"
run holiday list UZ --json
is "$(json '[.[] | select(.name == "Nauryz meirami") | .provisional] | join("")')" true "--provisional marks them"

# ---- the planner and holidays ----

run plan G2 --host KZ --between 2026-07-06 2026-07-08 --top 5 --json
is "$(json '[.candidates[].start] | join(",")')" "2026-07-08,2026-07-07" \
	"Capital Day (Jul 6) excluded; Jul 7 has it the day before (travel)"
is "$(json '.candidates[1].reasons[0] | "\(.kind) \(.states | join(",")) \(.name)"')" "adjacent-holiday KZ,UZ Capital Day" \
	"the travel reason names the states (UZ imported it too) and the holiday"
run plan G2 --host KZ --between 2026-07-13 2026-07-15 --json
is "$(json '[.candidates[].score] | join(",")')" "100,100,100" "a non-member's holiday (France, Jul 14) counts for nothing"
run plan G2 --host FR --between 2026-07-13 2026-07-15 --json
is "$(json '[.candidates[].start] | join(",")')" "2026-07-13,2026-07-15" "the host's holiday counts though it is not a member"
is "$(json '.candidates[0].local_times | "\(.FR) \(.KZ) \(.UZ)"')" "10:00 13:00 13:00" \
	"10:00 in Paris (summer time) is 13:00 in Astana and Tashkent"
run plan G2 --host KZ --between 2026-05-26 2026-05-28 --json
is "$(json '[.candidates[] | "\(.start):\(.score)"] | join(",")')" "2026-05-26:90,2026-05-28:90,2026-05-27:75" \
	"a provisional holiday weighs (-25) but is proposed; the days around it are travel days (-10)"
run holiday add UZ 2026-05-20 'Fixed' 
run plan G2 --host KZ --between 2026-05-19 2026-05-21 --days 2 --json
is "$(json '.candidates | length')" 0 "--days 2: no two days around a fixed holiday"
like "$(json .excluded.holiday)" '^2$' "both starts excluded by the holiday"

done_testing
