#!/bin/bash
# dipcal conflicts: meetings that overlap in time and share a state (a host,
# or a full member of both bodies), and meetings on their host's public
# holiday; recurring meetings expanded in the window.
. "$(dirname "$0")/lib.sh"

# pairs: "A-B:STATES" for each overlap of $out (JSON)
pairs() {
	json '[.overlaps[] | "\(.a.id)-\(.b.id):\(.states | join(","))"] | join(" ")'
}

run init --demo
is "$rc" 0 "init --demo"
run conflicts --json
is "$rc" 0 "conflicts --json exits 0"
is "$(json '"\(.from) \(.to) \(.overlaps | length) \(.holidays | length)"')" "2026-01-15 2027-01-15 0 0" \
	"the demo has no clashes in the coming year"
run conflicts
is "$out" "no conflicts from 2026-01-15 to 2027-01-15" "text: no conflicts"

# An informal summit hosted by Kazakhstan on the day of the CIS summit in Turkmenistan.
run meeting add CAHS --start 2026-10-09 --host KZ --kind informal --title 'Informal summit'
informal=$out
cis=$(sqlite3 "$DB" "SELECT id FROM meeting WHERE uid = 'cis-2026-10@demo.dipcal'")
run conflicts --json
is "$(pairs)" "$cis-$informal:AZ,KG,KZ,TJ,TM,UZ" \
	"the CIS summit and the informal summit share all six (TM hosts one and is a full member of the other)"
is "$(json '.overlaps[0].a | "\(.body) \(.host) \(.start) \(.all_day)"')" "CIS TM 2026-10-09 true" "the first meeting"

# A meeting of a body none of the six belongs to, hosted elsewhere: no clash.
run state add FR France --tz Europe/Paris
run body add G7 'Group of Seven'
run member add G7 FR
run meeting add G7 --start 2026-10-09 --host FR --title 'Elsewhere'
run conflicts --json
is "$(json '.overlaps | length')" 1 "a meeting sharing no state does not clash"

# A timed meeting on the coordinators' recurring meeting (10:00-13:00 Ashgabat, first Tuesday of
# every other month), and one the same day after it.
run meeting add CAHS --start '2026-08-04 11:00' --tz Asia/Ashgabat --duration 1h --host UZ --kind informal \
	--title 'Working lunch'
lunch=$out
run meeting add CAHS --start '2026-08-04 14:00' --tz Asia/Ashgabat --duration 1h --host UZ --kind informal \
	--title 'Afternoon'
canc=$(sqlite3 "$DB" "SELECT id FROM meeting WHERE uid = 'canc-2026@demo.dipcal'")
run conflicts --from 2026-08-01 --to 2026-08-31 --json
is "$(pairs)" "$canc-$lunch:AZ,KG,KZ,TJ,TM,UZ" \
	"the working lunch clashes with the coordinators' occurrence of Aug 4; the afternoon does not"
is "$(json '.overlaps[0].a.start')" 2026-08-04T05:00:00Z "the occurrence of the recurring meeting"
run conflicts --from 2026-10-01 --to 2026-10-31 --json
is "$(pairs)" "$cis-$informal:AZ,KG,KZ,TJ,TM,UZ" "--from --to: the window's clashes only"

# A meeting on its host's public holiday: Turkmenistan's Independence Day.
run meeting add CANC --start '2026-09-27 10:00' --host TM --title 'Coordinators on a holiday'
hol=$out
run conflicts --from 2026-09-01 --to 2026-09-30 --json
is "$(json '[.holidays[] | "\(.meeting.id) \(.state) \(.holiday) \(.from) \(.provisional)"] | join(";")')" \
	"$hol TM Independence Day 2026-09-27 false" "a meeting on its host's holiday"
run meeting add CANC --start 2026-05-27 --host KZ --title 'On Kurban Ait'
run conflicts --from 2026-05-01 --to 2026-05-31 --json
is "$(json '[.holidays[] | "\(.state) \(.holiday) \(.provisional)"] | join(";")')" "KZ Eid al-Adha true" \
	"a provisional holiday is marked so"
run conflicts --from 2026-05-01 --to 2026-10-31
like "$out" "^overlap, shared AZ KG KZ TJ TM UZ:$" "text: an overlap and its states"
like "$out" "^  $informal CAHS 'Informal summit' hosted by KZ, 2026-10-09$" "text: each meeting"
like "$out" "^holiday of the host TM, 'Independence Day' \(2026-09-27\):$" "text: a holiday"
like "$out" "^provisional holiday of the host KZ, 'Eid al-Adha' \(2026-05-27\):$" "text: a provisional holiday"

# Cancelled and postponed meetings do not clash.
run meeting cancel "$informal"
run meeting postpone "$lunch"
run conflicts --from 2026-08-01 --to 2026-10-31 --json
is "$(json '.overlaps | length')" 0 "cancelled and postponed meetings clash with nothing"
first=$out
run conflicts --from 2026-08-01 --to 2026-10-31 --json
is "$out" "$first" "the same answer twice"

done_testing
