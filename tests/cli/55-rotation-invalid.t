#!/bin/bash
# Rotation: what is refused. Each refusal prints one message, exits with
# the documented status (2 usage, 3 not found, 4 conflict, 5 invalid) and
# leaves the database unchanged.
. "$(dirname "$0")/lib.sh"

run init --demo
is "$rc" 0 "init --demo"
run state add RU Russia --tz Europe/Moscow
is "$rc" 0 "state add RU"
run member add CAHS RU --role observer --since 2020-01-01
is "$rc" 0 "Russia: an observer of CAHS"
run state add CN China --tz Asia/Shanghai
is "$rc" 0 "state add CN (no membership)"

# ---- the order ----

refused rotation set CAHS host --order KZ,UZ,KZ --term summit -- 5 "state 'KZ' appears twice in --order" \
	"an order naming a state twice"
refused rotation set CAHS host --order KZ,UZ,TM,KG,TJ,uz --term summit -- 5 "state 'UZ' appears twice in --order" \
	"an order naming a state twice, in another case"
refused rotation set CAHS host --order KZ,RU --term summit -- 5 "state 'RU' is not a full member of 'CAHS'" \
	"an order with an observer"
refused rotation set CAHS host --order KZ,CN --term summit -- 5 "state 'CN' is not a full member of 'CAHS'" \
	"an order with a state that is not a member"
refused rotation set CAHS host --order KZ,XX --term summit -- 3 "unknown state 'XX'" "an order with an unknown state"
refused rotation set CAHS host --order KZ,KAZ --term summit -- 5 "invalid --order 'KAZ'" "an order with a three-letter code"
refused rotation set CAHS host --term summit -- 2 "rotation set needs --order" "no order"
refused rotation set CAHS host --order KZ,UZ -- 2 "rotation set needs --term" "no term rule"

# ---- the term rule ----

refused rotation set CAHS host --order KZ,UZ --term 0mo --start 2026-01-01 -- 5 "invalid --term '0mo': a zero-length term" \
	"a zero-length term (0mo)"
refused rotation set CAHS host --order KZ,UZ --term 0y --start 2026-01-01 -- 5 "invalid --term '0y': a zero-length term" \
	"a zero-length term (0y)"
refused rotation set CAHS host --order KZ,UZ --term P0M --start 2026-01-01 -- 5 "invalid --term 'P0M': a zero-length term" \
	"a zero-length term (P0M)"
refused rotation set CAHS host --order KZ,UZ --term summit --cadence 0mo -- 5 "invalid --cadence '0mo': a zero-length term" \
	"a zero-length summit cadence"
refused rotation set CAHS host --order KZ,UZ --term -6mo --start 2026-01-01 -- 5 "invalid --term '-6mo'" "a negative term"
refused rotation set CAHS host --order KZ,UZ --term 10d --start 2026-01-01 -- 5 "invalid --term '10d': calendar terms are months or years" \
	"a calendar term in days"
refused rotation set CAHS host --order KZ,UZ --term 6mo -- 2 "calendar terms need --start" "a calendar term without --start"
refused rotation set CAHS host --order KZ,UZ --term 6mo --start 2026-02-30 -- 5 "invalid --start '2026-02-30'" \
	"a calendar term from an impossible date"
refused rotation set CAHS chair --order KZ,UZ,TM,KG,TJ --term 1y --start 2026-01-01 -- 4 \
	"office 'chair' of 'CAHS' already exists with another term rule" "an existing office with another rule"
refused rotation set CAHS 'the chair' --order KZ,UZ --term summit -- 5 "invalid office name 'the chair'" "an office name with a space"

# ---- unknown body, office, state ----

refused rotation set NOPE chair --order KZ --term 1y --start 2026-01-01 -- 3 "unknown body 'NOPE'" "set: unknown body"
refused rotation insert NOPE chair AZ -- 3 "unknown body 'NOPE'" "insert: unknown body"
refused rotation extend NOPE chair --by 1y -- 3 "unknown body 'NOPE'" "extend: unknown body"
refused rotation list NOPE -- 3 "unknown body 'NOPE'" "list: unknown body"
refused rotation who NOPE chair -- 3 "unknown body 'NOPE'" "who: unknown body"
refused rotation show NOPE chair -- 3 "unknown body 'NOPE'" "show: unknown body"
refused rotation next NOPE chair -- 3 "unknown body 'NOPE'" "next: unknown body"
for sub in who show next; do
	refused rotation $sub CAHS presidency -- 3 "unknown office 'presidency' of body 'CAHS'" "$sub: unknown office"
done
refused rotation insert CAHS presidency AZ -- 3 "unknown office 'presidency'" "insert: unknown office"
refused rotation remove CAHS presidency KG -- 3 "unknown office 'presidency'" "remove: unknown office"
refused rotation swap CAHS presidency KG TJ -- 3 "unknown office 'presidency'" "swap: unknown office"
refused rotation skip CAHS presidency KG -- 3 "unknown office 'presidency'" "skip: unknown office"
refused rotation extend CAHS presidency --by 1y -- 3 "unknown office 'presidency'" "extend: unknown office"
refused rotation record CAHS presidency KG --start 2026-01-01 -- 3 "unknown office 'presidency'" "record: unknown office"
refused rotation remove CAHS chair XX -- 3 "unknown state 'XX'" "remove: unknown state"

# ---- changes ----

refused rotation swap CAHS chair KG KG -- 5 "cannot swap state 'KG' with itself" "a swap of a state with itself"
refused rotation swap CAHS chair TM KG -- 5 "cannot swap 'TM': its term is already under way" \
	"a swap of the term under way (Turkmenistan chairs)"
refused rotation swap CAHS chair KG TM -- 5 "cannot swap 'TM': its term is already under way" \
	"a swap of the term under way, named second"
refused rotation swap CAHS chair KG RU -- 5 "state 'RU' is not in the order of office 'chair'" "a swap with a state not in the order"
refused rotation swap CAHS chair KG -- 2 "rotation swap takes" "a swap of one state"
refused rotation insert CAHS chair RU -- 5 "state 'RU' is not a full member of 'CAHS'" "insert an observer"
refused rotation insert CAHS chair CN -- 5 "state 'CN' is not a full member of 'CAHS'" "insert a state that is not a member"
refused rotation remove CAHS chair RU -- 5 "state 'RU' is not in the order of office 'chair'" "remove a state not in the order"
refused rotation skip CAHS chair CN -- 5 "state 'CN' is not in the order of office 'chair'" "skip a state not in the order"
refused rotation extend CAHS chair --by 2h -- 5 "invalid --by '2h'" "extend by hours"
refused rotation record CAHS chair KG --start 2026-05-01 --end 2026-04-01 -- 5 "--end '2026-04-01' is not after --start" \
	"a record that ends before it begins"
refused rotation record CAHS chair RU --start 2026-05-01 -- 5 "state 'RU' is not a full member of 'CAHS'" "a record of an observer"
refused rotation bogus CAHS chair -- 2 "unknown subcommand 'rotation bogus'" "an unknown subcommand"
refused rotation who CAHS chair --on 2026-13-01 -- 5 "invalid --on '2026-13-01'" "who --on an impossible date"
refused rotation next CAHS chair --count 0 -- 5 "invalid --count '0'" "next --count 0"
refused rotation show CAHS chair --from 2026-01-01 --to 2025-01-01 -- 5 "--to '2025-01-01' is before --from" \
	"show --to before --from"
refused rotation show CAHS chair --json --bogus -- 2 "unknown option '--bogus'" "an unknown option"

# ---- follow: ----

refused rotation set CAHS deputy --term follow:deputy -- 5 "invalid --term 'follow:deputy': office 'deputy' cannot follow itself" \
	"an office following itself"
refused rotation set CAHS deputy --term follow:presidency -- 3 "unknown office 'presidency'" "following an unknown office"
refused rotation set CAHS deputy --term follow:chair+x -- 5 "invalid --term 'follow:chair\+x'" "follow with a K that is not a number"
run rotation set CAHS deputy --term follow:chair
is "$rc" 0 "deputy follows the chair"
run rotation set CAHS adviser --term follow:deputy+1
is "$rc" 0 "adviser follows the deputy (a chain)"
run rotation who CAHS adviser --json
is "$(json .holder)" KG "the chain: the adviser is the chair's next holder"
refused rotation set CAHS deputy --term follow:adviser -- 5 "invalid --term 'follow:adviser': a follow: cycle" \
	"closing a cycle of two offices"
run rotation set CAHS third --term follow:adviser
is "$rc" 0 "third follows the adviser"
refused rotation set CAHS deputy --term follow:third -- 5 "invalid --term 'follow:third': a follow: cycle" \
	"closing a cycle of three offices"
refused rotation skip CAHS deputy KG -- 5 "office 'deputy' follows 'chair': change that office instead" \
	"a change to an office that follows another"
refused rotation extend CAHS deputy --by 1y -- 5 "office 'deputy' follows 'chair'" "extending an office that follows another"

# A cycle written into the database by other means is reported, not followed forever.
sqlite3 "$DB" "UPDATE office SET follows = (SELECT id FROM office WHERE name = 'third') WHERE name = 'deputy'"
refused rotation who CAHS deputy -- 5 "office '[a-z]+' of 'CAHS' follows a cycle of offices" "who on a cycle of offices"
done_testing
