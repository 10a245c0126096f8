#!/bin/bash
# meeting add / list / show / set / postpone / cancel / rm; zones and DST;
# the change log and SEQUENCE.
. "$(dirname "$0")/lib.sh"

MEETING_KEYS="id uid body title host city venue tz start end all_day status kind ordinal sequence"

# missing_keys KEY...: the keys not in the JSON object $out, comma-separated ("" when none).
missing_keys() {
	local want
	want=$(printf '%s\n' "$@" | jq -R . | jq -sc .)
	printf '%s' "$out" | jq -r --argjson want "$want" '($want - keys) | join(",")'
}

# shown ID: runs `meeting show ID --json` (sets $out for json).
shown() {
	run meeting show "$1" --json
}

# add ARGS...: meeting add; sets $id to what it printed.
add() {
	run meeting add "$@"
	id=$out
}

run init --demo
is "$rc" 0 "init --demo"

# ---- meeting add prints the new id alone ----

add CANC --start '2026-09-10 10:00' --tz Asia/Ashgabat --title 'Coordinators, autumn'
is "$rc" 0 "meeting add exits 0"
like "$out" '^[0-9]+$' "meeting add prints the id alone on stdout"
is "$(printf '%s\n' "$out" | wc -l)" 1 "meeting add prints one line"
is "$err" "" "meeting add writes nothing to stderr"
first=$id
add CANC --start '2026-09-11 10:00' --tz Asia/Ashgabat
is "$id" "$((first + 1))" "the next meeting gets the next id"

# ---- meeting show --json: one object with the stable keys ----

run meeting show "$first" --json
is "$rc" 0 "meeting show --json exits 0"
is "$(json 'type')" object "meeting show --json prints one object"
is "$(missing_keys $MEETING_KEYS)" "" "meeting show --json has the meeting keys"
is "$(json '.id')" "$first" "id"
like "$(json '.uid')" '^[0-9a-f-]{36}@dipcal$' "uid is a UUID @dipcal"
is "$(json '.body')" CANC "body"
is "$(json '.title')" 'Coordinators, autumn' "title"
is "$(json '.tz')" Asia/Ashgabat "tz"
is "$(json '.start')" 2026-09-10T05:00:00Z "--start '2026-09-10 10:00' --tz Asia/Ashgabat is 05:00Z"
is "$(json '.end')" 2026-09-10T06:00:00Z "a timed meeting lasts one hour by default"
is "$(json '.all_day')" false "all_day false"
is "$(json '.status')" planned "status planned by default"
is "$(json '.kind')" regular "kind regular by default"
is "$(json '.ordinal')" null "no ordinal: null"
is "$(json '.sequence')" 0 "a new meeting has sequence 0"
is "$(json '[.host, .city, .venue] | map(tostring) | join("|")')" "null|null|null" "no host, city or venue: null"
is "$(json '.changes | length')" 0 "a new meeting has no changes"
is "$(json '[.documents, .deadlines, .exdates] | map(length) | add')" 0 "no documents, deadlines or exdates"

# ---- zones ----

add CANC --start '2026-09-10 10:00' --host TM
shown "$id"; is "$(json '[.tz, .start, .host] | join(" ")')" "Asia/Ashgabat 2026-09-10T05:00:00Z TM" \
	"--host TM without --tz: the host's zone"
add CANC --start '2026-09-10 10:00Z' --host TM
shown "$id"; is "$(json '[.tz, .start] | join(" ")')" "Asia/Ashgabat 2026-09-10T10:00:00Z" \
	"a trailing Z means UTC; the zone stays the host's"
add CANC --start '2026-09-10 10:00' --host TM --tz Europe/Brussels
shown "$id"; is "$(json '[.tz, .start] | join(" ")')" "Europe/Brussels 2026-09-10T08:00:00Z" "--tz wins over the host's zone"
add CANC --start '2026-09-10 10:00'
shown "$id"; is "$(json '[.tz, .start] | join(" ")')" "UTC 2026-09-10T10:00:00Z" "neither --tz nor --host: UTC"
add CANC --start '2026-09-10T10:00:30' --tz Asia/Ashgabat
shown "$id"; is "$(json '.start')" 2026-09-10T05:00:30Z "YYYY-MM-DDTHH:MM:SS is accepted"
add CANC --start '2026-03-29 10:00' --tz Europe/Brussels
shown "$id"; is "$(json '.start')" 2026-03-29T08:00:00Z "Brussels 2026-03-29 10:00 (summer time) is 08:00Z"
add CANC --start '2026-03-28 10:00' --tz Europe/Brussels
shown "$id"; is "$(json '.start')" 2026-03-28T09:00:00Z "Brussels 2026-03-28 10:00 (winter time) is 09:00Z"
add CANC --start '2026-10-25 10:00' --tz Europe/Brussels
shown "$id"; is "$(json '.start')" 2026-10-25T09:00:00Z "Brussels 2026-10-25 10:00 (back to winter time) is 09:00Z"

# ---- length: --end, --duration ----

add CANC --start '2026-09-10 10:00' --tz Asia/Ashgabat --end '2026-09-10 13:30'
shown "$id"; is "$(json '.end')" 2026-09-10T08:30:00Z "--end in the meeting's zone"
add CANC --start '2026-09-10 10:00' --tz Asia/Ashgabat --duration PT2H30M
shown "$id"; is "$(json '.end')" 2026-09-10T07:30:00Z "--duration PT2H30M"
add CANC --start '2026-09-10 10:00' --tz Asia/Ashgabat --duration 90m
shown "$id"; is "$(json '.end')" 2026-09-10T06:30:00Z "--duration 90m"
add CANC --start '2026-09-10 10:00' --tz Asia/Ashgabat --duration 0s
shown "$id"; is "$(json '.end')" 2026-09-10T05:00:00Z "--duration 0s: a moment"

# ---- all-day meetings are dates ----

add CAHS --start 2026-09-10 --host TM
shown "$id"; is "$(json '[.start, .end, (.all_day | tostring)] | join(" ")')" "2026-09-10 2026-09-11 true" \
	"an all-day meeting: dates, the end exclusive"
add CAHS --start 2026-09-10 --end 2026-09-12 --host TM
shown "$id"; is "$(json '[.start, .end] | join(" ")')" "2026-09-10 2026-09-13" "--end is the last day"
add CAHS --start 2026-09-10 --duration 2d
shown "$id"; is "$(json '[.start, .end] | join(" ")')" "2026-09-10 2026-09-12" "--duration 2d on an all-day meeting"
add CAHS --start '2026-09-10 23:30' --tz Asia/Ashgabat --all-day
shown "$id"; is "$(json '[.start, .end, (.all_day | tostring)] | join(" ")')" "2026-09-10 2026-09-11 true" \
	"--all-day with a time: the day in the meeting's zone"
allday=$id

# ---- defaults of the title ----

add CAHS --start 2026-12-10 --ordinal 9 --host TM
shown "$id"; is "$(json '.title')" "9th Consultative Meeting of the Heads of State of Central Asia" \
	"no --title: the ordinal and the body's name"
is "$(json '.ordinal')" 9 "--ordinal is stored"
add CAHS --start 2026-12-10 --ordinal 12 --kind extraordinary --status proposed
shown "$id"; is "$(json '[.title, .kind, .status] | join("|")')" \
	"12th Consultative Meeting of the Heads of State of Central Asia|extraordinary|proposed" \
	"12th; --kind and --status are stored"

# ---- meeting show (text) ----

add CANC --start '2026-09-10 10:00' --host TM --city Ashgabat --venue 'MFA' --notes 'Bring the draft'
run meeting show "$id"
is "$rc" 0 "meeting show exits 0"
like "$out" "^Meeting +$id$" "show: the id"
like "$out" '^Start +2026-09-10 10:00 \+05 \(2026-09-10T05:00:00Z\)$' "show: the start, local and UTC"
like "$out" '^End +2026-09-10 11:00 \+05$' "show: the end"
like "$out" '^Zone +Asia/Ashgabat$' "show: the zone"
like "$out" '^Host +TM$' "show: the host"
like "$out" '^Venue +MFA$' "show: the venue"
like "$out" '^Notes +Bring the draft$' "show: the notes"
like "$out" '^Sequence +0$' "show: the sequence"
run meeting show "$allday"
like "$out" '^Start +2026-09-10$' "show: an all-day meeting's start is a date"
like "$out" '^Last day +2026-09-10 \(all day\)$' "show: an all-day meeting's last day"

# ---- meeting set: SEQUENCE and the change log ----

add CAHS --start '2026-06-10 10:00' --duration 3h --host TM --city Ashgabat --venue 'Palace A'
m=$id
run meeting set "$m" --venue 'Palace B' --reason 'hall under repair'
is "$rc" 0 "meeting set exits 0"
is "$out" "" "meeting set prints nothing"
run meeting show "$m" --json
is "$(json '.sequence')" 1 "first change: sequence 1"
is "$(json '.venue')" 'Palace B' "the venue changed"
is "$(json '.changes | length')" 1 "one change logged"
is "$(json '.changes[0] | [.field, .old, .new, .reason] | join("|")')" "venue|Palace A|Palace B|hall under repair" \
	"the change: field, old, new, reason"
is "$(json '.changes[0].changed')" 2026-01-15T04:00:00Z "the change is stamped with the (pinned) clock"

run meeting set "$m" --title 'Summit, renamed'
shown "$m"; is "$(json '.sequence')" 2 "second change: sequence 2"
is "$(json '.title')" 'Summit, renamed' "the title changed"
is "$(json '.changes | length')" 1 "a title change is not logged"

run meeting set "$m" --start '2026-06-12 10:00' --reason 'two days later'
run meeting show "$m" --json
is "$(json '.sequence')" 3 "third change: sequence 3"
is "$(json '[.start, .end] | join(" ")')" "2026-06-12T05:00:00Z 2026-06-12T08:00:00Z" "--start moves the meeting, its length kept"
is "$(json '[.changes[] | select(.reason == "two days later") | .field] | join(",")')" "start,end" \
	"start and end changes logged with the reason"
is "$(json '.changes[] | select(.field == "start" and .reason == "two days later") | .old + " " + .new')" \
	"2026-06-10T05:00:00Z 2026-06-12T05:00:00Z" "the start change's old and new"

run meeting set "$m" --status confirmed --reason 'invitations sent'
shown "$m"; is "$(json '.sequence')" 4 "fourth change: sequence 4"
is "$(json '.changes[-1] | [.field, .old, .new, .reason] | join("|")')" "status|planned|confirmed|invitations sent" \
	"a status change is logged"

run meeting set "$m" --city Awaza --reason 'moved to the coast'
shown "$m"; is "$(json '.changes[-1] | [.field, .old, .new] | join("|")')" "city|Ashgabat|Awaza" "a city change is logged"
is "$(json '.sequence')" 5 "fifth change: sequence 5"

run meeting set "$m" --host UZ --reason 'the chair passed'
run meeting show "$m" --json
is "$(json '[.host, .tz] | join(" ")')" "UZ Asia/Tashkent" "a new host brings its zone"
is "$(json '[.changes[] | select(.reason == "the chair passed") | .field] | sort | join(",")')" "host,tz" \
	"host and zone changes logged"
is "$(json '.sequence')" 6 "sixth change: sequence 6"

refused meeting set "$m" --start '2026-02-30 10:00' -- 5 "invalid --start" "a refused change"
shown "$m"; is "$(json '.sequence')" 6 "a refused change leaves the sequence"

# ---- postpone, cancel ----

add CAHS --start '2026-07-01 10:00' --host TM --duration 2h
p=$id
run meeting postpone "$p" --reason 'no quorum'
is "$rc" 0 "meeting postpone without --to exits 0"
run meeting show "$p" --json
is "$(json '.status')" postponed "postpone without --to: status postponed"
is "$(json '.start')" 2026-07-01T05:00:00Z "postpone without --to keeps the date"
is "$(json '.changes[-1] | [.field, .old, .new, .reason] | join("|")')" "status|planned|postponed|no quorum" \
	"postpone is logged with its reason"
is "$(json '.sequence')" 1 "postpone raises the sequence"

run meeting postpone "$p" --to '2026-07-15 11:00' --reason 'new date agreed'
is "$rc" 0 "meeting postpone --to exits 0"
run meeting show "$p" --json
is "$(json '[.start, .end] | join(" ")')" "2026-07-15T06:00:00Z 2026-07-15T08:00:00Z" \
	"postpone --to moves the meeting, in its zone, keeping its length"
is "$(json '[.changes[] | select(.reason == "new date agreed") | .field] | join(",")')" "start,end" \
	"postpone --to is logged with its reason"
is "$(json '.sequence')" 2 "postpone --to raises the sequence"

run meeting cancel "$p" --reason 'withdrawn'
is "$rc" 0 "meeting cancel exits 0"
run meeting show "$p" --json
is "$(json '.status')" cancelled "cancel: status cancelled"
is "$(json '.changes[-1] | [.field, .new, .reason] | join("|")')" "status|cancelled|withdrawn" "cancel is logged"
is "$(json '.sequence')" 3 "cancel raises the sequence"
run meeting show "$p"
like "$out" '^status +postponed +cancelled +withdrawn' "show (text) lists the changes"

done_testing
