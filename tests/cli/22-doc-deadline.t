#!/bin/bash
# doc add / list; deadline add (--due, --before) / list / done; a --before
# deadline moves with its meeting.
. "$(dirname "$0")/lib.sh"

# missing_keys KEY...: the keys not in the JSON object $out, comma-separated ("" when none).
missing_keys() {
	local want
	want=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	printf '%s' "$out" | jq -r --argjson want "$want" '($want - keys) | join(",")'
}

run init
run body add CAHS 'Consultative Meeting'
run state add TM Turkmenistan --tz Asia/Ashgabat
run state add UZ Uzbekistan --tz Asia/Tashkent
run meeting add CAHS --start '2026-09-10 10:00' --host TM --duration 3h
m=$out
run meeting add CAHS --start 2026-11-16 --host UZ
m2=$out

# ---- doc ----

run doc add "$m" 'Joint Statement' --kind statement
is "$rc" 0 "doc add exits 0"
like "$out" '^[0-9]+$' "doc add prints the new id alone"
is "$err" "" "doc add writes nothing to stderr"
d1=$out
run doc add "$m" 'Catalogue of risks' --kind catalogue --valid-from 2026-01-01 --valid-to 2028-12-31
d2=$out
is "$rc" 0 "doc add --valid-from --valid-to exits 0"
run doc add "$m2" 'Decision on the chair' --kind decision
d3=$out
run doc list --json
is "$rc" 0 "doc list --json exits 0"
is "$(json 'length')" 3 "doc list --json: all documents"
out=$(printf '%s' "$out" | jq -c ".[] | select(.id == $d2)")
is "$(missing_keys id meeting_id title kind valid_from valid_to)" "" "document keys"
is "$(json '[.meeting_id, .title, .kind, .valid_from, .valid_to] | map(tostring) | join("|")')" \
	"$m|Catalogue of risks|catalogue|2026-01-01|2028-12-31" "document values"
run doc list --meeting "$m2" --json
is "$(json '[.[].id] | map(tostring) | join(",")')" "$d3" "doc list --meeting"
run doc list --meeting "$m" --json
is "$(json '[.[].id] | map(tostring) | join(",")')" "$d1,$d2" "doc list --meeting, by id"
is "$(json '.[0].valid_from')" null "no --valid-from: null"
run meeting show "$m" --json
is "$(json '[.documents[].title] | join("|")')" "Joint Statement|Catalogue of risks" "meeting show --json .documents"
run doc list
is "$rc" 0 "doc list exits 0"
like "$out" '^ID +MEETING +TITLE +KIND +VALID FROM +VALID TO' "doc list prints a header"
like "$out" "^$d2 +$m +Catalogue of risks +catalogue +2026-01-01 +2028-12-31\$" "doc list shows a document"
run meeting show "$m"
like "$out" '^Documents$' "meeting show lists the documents"

refused doc add 999 'Report' --kind report -- 3 "unknown meeting '999'" "doc add: unknown meeting"
refused doc add "$m" 'Report' --kind memo -- 5 "invalid kind 'memo'" "doc add: unknown kind"
refused doc add "$m" '' --kind report -- 5 "the document title is empty" "doc add: empty title"
refused doc add "$m" 'Report' --kind report --valid-from 2026-02-30 -- 5 "invalid --valid-from '2026-02-30'" \
	"doc add: impossible date"
refused doc add "$m" 'Report' --kind report --valid-from 2026-05-01 --valid-to 2026-04-01 -- 5 \
	"--valid-to '2026-04-01' is before --valid-from" "doc add: valid-to before valid-from"
refused doc add "$m" 'Report' -- 2 "doc add needs --kind K" "doc add without --kind"
refused doc add "$m" -- 2 "doc add takes MEETING and TITLE" "doc add without TITLE"
refused doc list --meeting 999 -- 3 "unknown meeting '999'" "doc list --meeting: unknown meeting"
refused doc list --meeting x -- 5 "invalid --meeting 'x'" "doc list --meeting: not a number"
refused doc list extra -- 2 "unexpected argument 'extra'" "doc list: extra argument"

# ---- deadline add ----

run deadline add "$m" 'Draft declaration' --before 2d --owner TM
is "$rc" 0 "deadline add --before exits 0"
like "$out" '^[0-9]+$' "deadline add prints the new id alone"
is "$err" "" "deadline add writes nothing to stderr"
before_id=$out
run deadline add "$m" 'Accreditation' --due '2026-09-01 18:00'
is "$rc" 0 "deadline add --due WHEN exits 0"
due_id=$out
run deadline add "$m" 'Logistics note' --due 2026-09-05
date_id=$out
run deadline add "$m" 'Visas' --due '2026-09-02 12:00Z'
utc_id=$out
run deadline add "$m2" 'Agenda' --before P5W --owner uz

run deadline list --json
is "$rc" 0 "deadline list --json exits 0"
is "$(json 'type')" array "deadline list --json is an array"
is "$(json 'length')" 5 "deadline list --json: all deadlines"
is "$(json '.[0] | type')" object "deadline list --json: each deadline is an object"
out=$(printf '%s' "$out" | jq -c ".[] | if type == \"string\" then fromjson else . end | select(.id == $before_id)")
is "$(missing_keys id meeting_id title due owner done)" "" "deadline keys"
is "$(json '[.meeting_id, .title, .due, .owner, .done] | map(tostring) | join("|")')" \
	"$m|Draft declaration|2026-09-08T05:00:00Z|TM|false" "--before 2d: two days before the start"
run meeting show "$m" --json
is "$(json ".deadlines[] | select(.id == $due_id) | .due")" 2026-09-01T13:00:00Z "--due WHEN is in the meeting's zone"
is "$(json ".deadlines[] | select(.id == $date_id) | .due")" 2026-09-05T18:59:59Z "--due DATE: the end of that day in the meeting's zone"
is "$(json ".deadlines[] | select(.id == $utc_id) | .due")" 2026-09-02T12:00:00Z "--due ...Z is UTC"
is "$(json ".deadlines[] | select(.id == $before_id) | [.title, .due, .owner, .done] | map(tostring) | join(\"|\")")" \
	"Draft declaration|2026-09-08T05:00:00Z|TM|false" "meeting show --json .deadlines"
run meeting show "$m2" --json
is "$(json '.deadlines[0] | [.due, .owner] | join(" ")')" "2026-10-11T19:00:00Z UZ" \
	"--before P5W on an all-day meeting: from its midnight in Tashkent; the owner upper-cased"

run deadline list --meeting "$m" --json
is "$(json '[.[] | if type == "string" then fromjson else . end | .id] | map(tostring) | join(",")')" \
	"$due_id,$utc_id,$date_id,$before_id" "deadline list --meeting: that meeting's, by due time"
run deadline list
is "$rc" 0 "deadline list exits 0"
like "$out" '^ID +MEETING +DUE +OWNER +DONE +TITLE' "deadline list prints a header"
like "$out" "^$before_id +$m +2026-09-08 10:00 \\+05 +TM +no +Draft declaration\$" \
	"deadline list: due in the meeting's zone"

# ---- deadline done ----

run deadline done "$before_id"
is "$rc" 0 "deadline done exits 0"
is "$out" "" "deadline done prints nothing"
run meeting show "$m" --json
is "$(json ".deadlines[] | select(.id == $before_id) | .done")" true "deadline done: done true"
run deadline list --meeting "$m"
like "$out" "^$before_id .* +yes +Draft declaration\$" "deadline list shows it done"
run deadline done "$before_id" --undo
is "$rc" 0 "deadline done --undo exits 0"
run meeting show "$m" --json
is "$(json ".deadlines[] | select(.id == $before_id) | .done")" false "deadline done --undo: done false"

# ---- a --before deadline moves with its meeting; a --due one does not ----

run meeting set "$m" --start '2026-09-20 10:00' --reason 'moved'
run meeting show "$m" --json
is "$(json ".deadlines[] | select(.id == $before_id) | .due")" 2026-09-18T05:00:00Z "--before: moves when the meeting is set"
is "$(json ".deadlines[] | select(.id == $due_id) | .due")" 2026-09-01T13:00:00Z "--due: stays"
run meeting postpone "$m" --to '2026-10-01 09:00' --reason 'postponed'
run meeting show "$m" --json
is "$(json ".deadlines[] | select(.id == $before_id) | .due")" 2026-09-29T04:00:00Z "--before: moves when the meeting is postponed"
run deadline list --meeting "$m" --json
is "$(json ".[] | if type == \"string\" then fromjson else . end | select(.id == $before_id) | .due")" \
	2026-09-29T04:00:00Z "deadline list shows the moved deadline"

# ---- refused deadlines ----

refused deadline add 999 'Draft' --before 2d -- 3 "unknown meeting '999'" "deadline add: unknown meeting"
refused deadline add "$m" 'Draft' --before 2d --owner ZZ -- 3 "unknown state 'ZZ'" "deadline add: unknown owner"
refused deadline add "$m" 'Draft' --before -2d -- 5 "invalid --before '-2d': negative duration" "deadline add: negative --before"
refused deadline add "$m" 'Draft' --before -P2D -- 5 "invalid --before '-P2D': negative duration" "deadline add: negative ISO --before"
refused deadline add "$m" 'Draft' --before soon -- 5 "invalid --before 'soon'" "deadline add: --before not a duration"
refused deadline add "$m" 'Draft' --due 2026-02-30 -- 5 "invalid --due '2026-02-30'" "deadline add: impossible --due"
refused deadline add "$m" 'Draft' --due '2026-09-01 25:00' -- 5 "invalid --due '2026-09-01 25:00': no hour 25" \
	"deadline add: impossible hour"
refused deadline add "$m" '' --before 2d -- 5 "the deadline title is empty" "deadline add: empty title"
refused deadline add "$m" 'Draft' -- 2 "deadline add needs one of --due WHEN and --before DUR" "deadline add without a time"
refused deadline add "$m" 'Draft' --due 2026-09-01 --before 2d -- 2 "deadline add needs one of" "deadline add: both --due and --before"
refused deadline add "$m" -- 2 "deadline add takes MEETING and TITLE" "deadline add without TITLE"
refused deadline done 999 -- 3 "unknown deadline '999'" "deadline done: unknown deadline"
refused deadline done x -- 5 "invalid deadline id 'x'" "deadline done: not a number"
refused deadline done -- 2 "deadline done takes one ID" "deadline done without ID"
refused deadline list --meeting 999 -- 3 "unknown meeting '999'" "deadline list --meeting: unknown meeting"
refused deadline list --undo -- 2 "unknown option '--undo'" "deadline list: unknown option"
done_testing
