#!/bin/bash
# init, state, body and member; --help on every command and subcommand;
# usage errors (exit 2).
. "$(dirname "$0")/lib.sh"

# has_keys KEY...: the JSON value in $out (an object) has every KEY.
has_keys() {
	local want
	want=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	printf '%s' "$out" | jq -r --argjson want "$want" '($want - keys) | join(",")'
}

# ---- init ----

run init
is "$rc" 0 "init on a new file exits 0"
is "$out" "" "init prints nothing"
is "$err" "" "init writes nothing to stderr"
is "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'meeting'")" 1 \
	"init creates the meeting table"
is "$(sqlite3 "$DB" 'PRAGMA application_id')" 1684631651 "init sets the application id 'dipc'"
like "$(sqlite3 "$DB" 'PRAGMA user_version')" '^[1-9][0-9]*$' "init sets a schema version"

before=$(dump)
run init
is "$rc" 0 "init again exits 0"
is "$(dump)" "$before" "init again changes nothing"

# ---- init --demo ----

DB="$T/demo.db"
run init --demo
is "$rc" 0 "init --demo on a new file exits 0"
run state list --json
is "$(json 'length')" 6 "the demo has six states"
is "$(json '[.[].code] | join(",")')" "AZ,KG,KZ,TJ,TM,UZ" "the demo's states, sorted by code"
run body list --json
is "$(json '[.[].code] | join(",")')" "CAHS,CANC,CIS" "the demo's bodies (CIS for its 2026 summit, a date to avoid)"
run meeting list CAHS --json
is "$(json 'length')" 9 "the demo has nine CAHS meetings"
run meeting list CANC --json
is "$(json 'length')" 2 "the demo has two CANC meetings"
is "$(json '[.[] | select(.rrule != null)] | length')" 1 "one CANC meeting recurs"
refused init --demo -- 4 "cannot load the demo into .*already holds states" "init --demo twice"

# ---- state ----

DB="$T/test.db"
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
is "$rc" 0 "state add exits 0"
is "$out" "" "state add prints nothing"
run state add tm Turkmenistan --tz Asia/Ashgabat
is "$rc" 0 "state add with a lower-case code exits 0"
run state list
is "$rc" 0 "state list exits 0"
like "$out" '^CODE +NAME +ZONE +CAPITAL' "state list prints a header"
like "$out" '^UZ +Uzbekistan +Asia/Tashkent +Tashkent$' "state list shows the state"
like "$out" '^TM +Turkmenistan +Asia/Ashgabat +-$' "state list: the code is upper-cased, no capital shown as -"
run state list --json
is "$rc" 0 "state list --json exits 0"
is "$(json 'type')" array "state list --json is an array"
is "$(json 'length')" 2 "state list --json: two states"
out=$(printf '%s' "$out" | jq -c '.[] | select(.code == "UZ")')
is "$(has_keys code name tz capital)" "" "state keys: code, name, tz, capital"
is "$(json '[.code, .name, .tz, .capital] | join("|")')" "UZ|Uzbekistan|Asia/Tashkent|Tashkent" "state values"
run state list --json
is "$(json '.[] | select(.code == "TM") | .capital')" null "a missing capital is null"

# ---- body ----

run body add CAHS 'Consultative Meeting of the Heads of State of Central Asia'
is "$rc" 0 "body add exits 0"
is "$out" "" "body add prints nothing"
run body add CANC 'Council of National Coordinators' --level coordinators
is "$rc" 0 "body add --level exits 0"
run body list --json
is "$rc" 0 "body list --json exits 0"
is "$(json 'length')" 2 "body list --json: two bodies"
out=$(printf '%s' "$out" | jq -c '.[0]')
is "$(has_keys code name level)" "" "body keys: code, name, level"
is "$(json '.level')" heads-of-state "the default level is heads-of-state"
run body list --json
is "$(json '.[1].level')" coordinators "--level is stored"
run body list
is "$rc" 0 "body list exits 0"
like "$out" '^CODE +NAME +LEVEL +STATES' "body list prints a header"
like "$out" '^CANC +Council of National Coordinators +coordinators' "body list shows the body"
# A name longer than the column still leaves a gap before the next column.
like "$out" '^CAHS +Consultative Meeting of the Heads of State of Central Asia +heads-of-state' \
	"body list: a long name is separated from the level"

# ---- member ----

run member add CAHS UZ --since 2018-03-15
is "$rc" 0 "member add exits 0"
is "$out" "" "member add prints nothing"
run member add CAHS TM --role guest --since 2020-01-01 --until 2022-01-01
is "$rc" 0 "member add --role guest --until exits 0"
run member add CAHS TM --since 2022-01-01
is "$rc" 0 "a later full membership after the guest one"
refused member add CAHS TM --role observer --since 2021-06-01 --until 2021-07-01 -- 4 \
	"state 'TM' is already a guest member of 'CAHS'" "overlapping membership"
run member list CAHS --json
is "$rc" 0 "member list --json exits 0"
is "$(json 'length')" 3 "member list --json: all memberships"
out=$(printf '%s' "$out" | jq -c '.[0]')
is "$(has_keys body state role since until)" "" "membership keys: body, state, role, since, until"
run member list CAHS --on 2021-01-01 --json
is "$(json '[.[] | "\(.state):\(.role)"] | join(",")')" "TM:guest,UZ:full" "--on 2021-01-01: TM a guest"
run member list CAHS --on 2022-01-01 --json
is "$(json '[.[] | "\(.state):\(.role)"] | join(",")')" "TM:full,UZ:full" "--on 2022-01-01 (until is exclusive): TM full"
run member list CAHS --on 2019-01-01 --json
is "$(json '[.[].state] | join(",")')" "UZ" "--on before TM's first membership"
run member list CAHS
is "$rc" 0 "member list exits 0"
like "$out" '^STATE +NAME +ROLE +SINCE +UNTIL' "member list prints a header"
like "$out" '^TM +Turkmenistan +guest +2020-01-01 +2022-01-01$' "member list shows the guest membership"
run member list CANC --json
is "$out" "[]" "a body without members: []"

# The demo: Azerbaijan a guest of the CAHS, then a full participant.
DB="$T/demo.db"
run member list CAHS --on 2024-01-01 --json
is "$(json '.[] | select(.state == "AZ") | .role')" guest "demo: AZ is a guest on 2024-01-01"
is "$(json 'length')" 6 "demo: six participants on 2024-01-01"
run member list CAHS --on 2026-01-01 --json
is "$(json '.[] | select(.state == "AZ") | .role')" full "demo: AZ is full on 2026-01-01"
is "$(json '[.[] | select(.role == "full")] | length')" 6 "demo: six full members on 2026-01-01"
run member list CAHS --on 2018-01-01 --json
is "$out" "[]" "demo: no members before the first meeting"
run member list CAHS --on 2026-01-01
like "$out" '^AZ +Azerbaijan +full +2025-11-16 +-$' "demo: member list text on 2026-01-01"

# ---- text tables of the demo: long cells do not run into the next column ----

run doc list
is "$rc" 0 "doc list exits 0 on the demo"
like "$out" 'Development of Central Asia +treaty' "doc list: a long title is separated from the kind"

# ---- --help on every command and subcommand ----

DB="$T/help.db"
for c in "" init state "state add" "state list" body "body add" "body list" member "member add" \
	"member list" meeting "meeting add" "meeting list" "meeting show" "meeting set" "meeting postpone" \
	"meeting cancel" "meeting rm" doc "doc add" "doc list" deadline "deadline add" "deadline list" \
	"deadline done" agenda; do
	# shellcheck disable=SC2086
	run $c --help
	is "$rc" 0 "dipcal $c --help exits 0"
	like "$out" "^usage: dipcal ${c%% *}" "dipcal $c --help prints the usage on stdout"
	is "$err" "" "dipcal $c --help writes nothing to stderr"
done
test ! -e "$DB"
ok $? "--help creates no database"
run meeting -h
is "$rc" 0 "meeting -h exits 0"
run state help
is "$rc" 0 "state help exits 0"

# ---- usage errors: exit 2 ----

DB="$T/test.db"
refused --bogus -- 2 "unknown option '--bogus'" "unknown global option"
refused -- 2 "no command given" "no command"
refused frobnicate -- 2 "unknown command 'frobnicate'" "unknown command"
refused init --bogus -- 2 "unknown option '--bogus'" "init: unknown option"
refused init extra -- 2 "unexpected argument 'extra'" "init: extra argument"
for c in state body member meeting doc deadline; do
	refused $c -- 2 "$c needs a subcommand" "$c without a subcommand"
	refused $c frobnicate -- 2 "unknown subcommand '$c frobnicate'" "$c: unknown subcommand"
done
refused state add KZ Kazakhstan -- 2 "state add needs --tz ZONE" "state add without --tz"
refused state add KZ --tz Asia/Almaty -- 2 "state add takes CODE and NAME" "state add without NAME"
refused state add KZ Kazakhstan --tz -- 2 "option '--tz' needs a value" "state add: --tz without a value"
refused state add KZ Kazakhstan --tz Asia/Almaty --bogus -- 2 "unknown option '--bogus'" "state add: unknown option"
refused state add KZ Kazakhstan --tz Asia/Almaty --level expert -- 2 "unknown option '--level'" \
	"state add: an option of another subcommand"
refused state list --bogus -- 2 "unknown option '--bogus'" "state list: unknown option"
refused state list extra -- 2 "unexpected argument 'extra'" "state list: extra argument"
refused body add G5 -- 2 "body add takes CODE and NAME" "body add without NAME"
refused body add G5 Group --level -- 2 "option '--level' needs a value" "body add: --level without a value"
refused body list --on 2026-01-01 -- 2 "unknown option '--on'" "body list: unknown option"
refused member add CAHS -- 2 "member add takes BODY and STATE" "member add without STATE"
refused member add CAHS KZ --since -- 2 "option '--since' needs a value" "member add: --since without a value"
refused member list -- 2 "member list takes BODY" "member list without BODY"
refused member list CAHS --on -- 2 "option '--on' needs a value" "member list: --on without a value"
refused member list CAHS --json --bogus -- 2 "unknown option '--bogus'" "member list: unknown option"
done_testing
