#!/bin/bash
# dipcal plan on the demo: the 8th Consultative Meeting of the Heads of
# State of Central Asia, hosted by Turkmenistan (the chair) in 2026. The
# planner keeps off the states' fixed holidays, Nauryz/Navruz/Novruz
# (Mar 20-24), the CIS summit in Turkmenistan (Oct 9) and the coordinators'
# meetings; lunar holidays (Eid al-Adha May 27-29) and weekends only weigh.
# Then --commit writes the summit and its deadlines.
. "$(dirname "$0")/lib.sh"

# touching FIRST LAST: the candidates of $out (JSON) sharing a day with FIRST..LAST, comma-separated.
touching() {
	printf '%s' "$out" | jq -r --arg a "$1" --arg b "$2" \
		'[.candidates[] | select(.start <= $b and .end >= $a) | .start] | join(",")'
}

# on_fixed_holiday: the candidates of $out on a fixed holiday of one of the six states.
on_fixed_holiday() {
	local hol
	hol=$("$DIPCAL" --db "$DB" holiday list --json)
	printf '%s' "$out" | jq -r --argjson hol "$hol" \
		'[.candidates[] | . as $c | $hol[] | select(.provisional | not)
		  | select(.date <= $c.end and .to >= $c.start) | "\($c.start) \(.state) \(.name)"] | join("; ")'
}

# weekday DATE: 1 (Monday) to 7 (Sunday)
weekday() {
	date -u -d "$1" +%u
}

run init --demo
is "$rc" 0 "init --demo"

# ---- the 8th summit: host, ordinal, chair term ----

run plan CAHS --json
is "$rc" 0 "plan CAHS --json exits 0"
is "$err" "" "plan writes nothing to stderr"
is "$(json '[.body, .ordinal, .host] | map(tostring) | join(" ")')" "CAHS 8 TM" \
	"the 8th summit, hosted by Turkmenistan (the chair; the proposed placeholder's ordinal)"
is "$(json '.chair_term | "\(.holder) \(.start) \(.rule)"')" "TM 2025-11-17 summit" \
	"chair_term: Turkmenistan's term since the 7th summit, which this summit closes"
is "$(json '[.from, .to] | join(" ")')" "2026-01-01 2026-12-31" "the window: the year of the day after now"
is "$(json '.earliest')" 2026-05-16 "the earliest start: six months after the 7th summit (2025-11-16)"
is "$(json '.candidates | length')" 5 "five candidates by default"
is "$(json '[.candidates[0] | keys[]] | join(",")')" "end,local_times,reasons,score,start" "candidate keys"
best=$(json '.candidates[0].start')
like "$best" '^2026-[0-9]{2}-[0-9]{2}$' "dates are YYYY-MM-DD"
[ "$(weekday "$best")" -le 5 ]
ok $? "the best candidate ($best) is a weekday"
is "$(json '.candidates[0].score')" 100 "the best candidate has nothing against it"
is "$(json '.candidates[0].local_times | to_entries | map("\(.key)=\(.value)") | join(" ")')" \
	"AZ=09:00 KG=11:00 KZ=10:00 TJ=10:00 TM=10:00 UZ=10:00" \
	"opening 10:00 in Ashgabat is 11:00 in Bishkek, 09:00 in Baku, 10:00 elsewhere"

# ---- hard constraints: over many candidates, and with the gap lifted ----

run plan CAHS --top 100 --json
is "$(json '.candidates | length')" 100 "--top 100"
is "$(touching 2026-03-20 2026-03-24)" "" "no candidate touches Mar 20-24"
is "$(touching 2026-05-27 2026-05-29)" "" "no candidate touches Eid al-Adha, May 27-29"
is "$(touching 2026-10-09 2026-10-09)" "" "no candidate touches the CIS summit, Oct 9"
is "$(on_fixed_holiday)" "" "no candidate is on a fixed holiday"
is "$(json '[.candidates[] | select(.start < "2026-05-16")] | length')" 0 "none closer than six months to the 7th"
for d in 2026-06-02 2026-08-04 2026-12-01; do
	is "$(touching $d $d)" "" "no candidate on the coordinators' meeting of $d (hosted by Turkmenistan)"
done
run plan CAHS --top 30 --min-gap none --between 2026-03-01 2026-06-30 --json
is "$rc" 0 "--min-gap none --between 2026-03-01 2026-06-30"
is "$(json '.candidates[0].start')" 2026-03-26 "without the gap: the first day after Navruz and its weekend"
is "$(touching 2026-03-20 2026-03-24)" "" "without the gap: still no candidate on Mar 20-24"
is "$(touching 2026-05-27 2026-05-29)" "" "without the gap: no candidate on May 27-29"
is "$(on_fixed_holiday)" "" "without the gap: no candidate on a fixed holiday"
is "$(touching 2026-04-07 2026-04-07)" "" "no candidate on the coordinators' meeting of Apr 7"
run plan CAHS --days 3 --top 50 --json
is "$(json '[.candidates[] | select((.end | strptime("%Y-%m-%d") | mktime) - (.start | strptime("%Y-%m-%d") | mktime) != 172800)] | length')" \
	0 "--days 3: each candidate ends two days after it starts"
is "$(touching 2026-10-09 2026-10-09)" "" "--days 3: no candidate spans Oct 9"
is "$(on_fixed_holiday)" "" "--days 3: no candidate spans a fixed holiday"

# ---- the penalties, each shown with its states, holiday or meeting ----

run plan CAHS --between 2026-05-23 2026-05-23 --json
is "$(json '.candidates[0] | "\(.score) \(.reasons[0].kind) \(.reasons[0].penalty)"')" "80 weekend 20" \
	"Saturday May 23: -20 for the weekend"
run plan CAHS --between 2026-05-27 2026-05-27 --json
is "$(json '.candidates[0].reasons[0] | "\(.kind) \(.name) \(.penalty) \(.states | join(","))"')" \
	"provisional-holiday Eid al-Adha 150 AZ,KG,KZ,TJ,TM,UZ" "May 27: Eid al-Adha of six states, -25 each"
run plan CAHS --between 2026-06-03 2026-06-03 --json
is "$(json '.candidates[0].reasons[0] | "\(.kind) \(.penalty) \(.meeting.body) \(.meeting.host) \(.meeting.start)"')" \
	"meeting 10 CANC TM 2026-06-02T05:00:00Z" "Jun 3: the coordinators' meeting the same week, -10"
run plan CAHS --between 2026-05-19 2026-05-19 --json
is "$(json '.candidates[0].reasons[0] | "\(.kind) \(.penalty) \(.states | join(",")) \(.from)"')" \
	"adjacent-holiday 10 TM 2026-05-18" "May 19: Turkmenistan's holiday the day before (travel), -10"
run plan CAHS --min-gap none --between 2026-03-02 2026-03-02 --json
is "$(json '.candidates[0] | "\(.score) \(.reasons[0].kind) \(.reasons[0].penalty)"')" "70 ramadan 30" \
	"Mar 2: Ramadan in six states, -5 each"
run plan CAHS --between 2026-05-27 2026-05-27
like "$out" "-150  provisional holiday 'Eid al-Adha' of AZ, KG, KZ, TJ, TM, UZ on 2026-05-27" \
	"the text shows the penalty, the holiday and the states"

# ---- text, stability, options ----

run plan CAHS
is "$rc" 0 "plan CAHS exits 0"
like "$out" '^next: the 8th summit, hosted by TM \(Ashgabat\)$' "text: the ordinal and the host"
like "$out" '^ 1\. (Mon|Tue|Wed|Thu|Fri) 2026-' "text: the first candidate, a weekday"
like "$out" 'opening 10:00 in Ashgabat \(TM\): AZ 09:00, KG 11:00, KZ 10:00, TJ 10:00, TM 10:00, UZ 10:00' \
	"text: the opening session in each capital"
first=$out
run plan CAHS
is "$out" "$first" "the same ranking twice (text)"
run plan CAHS --top 60 --json
first=$out
run plan CAHS --top 60 --json
is "$out" "$first" "the same ranking twice (JSON, 60 candidates)"
is "$(json '[.candidates | range(1; length) as $i | (.[$i - 1].score > .[$i].score) or
	(.[$i - 1].score == .[$i].score and .[$i - 1].start < .[$i].start)] | all')" true \
	"ranked by score, ties by date"
run plan CAHS --at 15:30 --json
is "$(json '.candidates[0].local_times | "\(.TM) \(.KG) \(.AZ)"')" "15:30 16:30 14:30" "--at 15:30 host time"
run plan CAHS --host KZ --json
is "$(json '"\(.host) \(.candidates[0].local_times.KZ) \(.candidates[0].local_times.KG) \(.candidates[0].local_times.AZ)"')" \
	"KZ 10:00 11:00 09:00" "--host KZ: 10:00 in Astana"
is "$(json '.chair_term.holder')" TM "--host KZ: the chair's term is still shown"
run plan CAHS --year 2027 --top 50 --json
is "$(json '[.from, .to] | join(" ")')" "2027-01-01 2027-12-31" "--year 2027"
is "$(touching 2027-03-20 2027-03-24)" "" "2027: no candidate touches Mar 20-24"
is "$(on_fixed_holiday)" "" "2027: no candidate on a fixed holiday"
run --now '2026-12-31 12:00' plan CAHS --json
is "$(json .from)" 2027-01-01 "on Dec 31 the default year is the next one"
run plan CAHS --help
is "$rc" 0 "plan --help exits 0"
like "$out" '^usage: dipcal plan BODY' "plan --help prints the usage"
like "$out" 'each Saturday and Sunday' "plan --help documents the scoring"

# ---- --commit ----

refused plan CAHS --commit 2026-10-09 -- 4 "cannot plan CAHS on 2026-10-09: meeting [0-9]+ of CIS" \
	"--commit on the CIS summit's day"
refused plan CAHS --commit 2026-05-18 -- 4 "cannot plan CAHS on 2026-05-18: a public holiday of TM" \
	"--commit on a Turkmen holiday"
refused plan CAHS --commit 2026-03-03 -- 4 "cannot plan CAHS on 2026-03-03: closer than 6 months to the 7th summit" \
	"--commit too soon after the 7th summit"
# The meeting named is the first in the way by its start: a series' occurrence at 09:00 before a
# single meeting at 11:00 the same day, though the single one was added first (in a copy).
MAIN_DB=$DB
DB=$T/order.db
cp "$MAIN_DB" "$DB"
run meeting add CANC --start '2026-11-17 11:00' --host KZ --title 'single'
single=$out
run meeting add CANC --start '2026-11-03 09:00' --host KZ --title 'weekly' --rrule 'FREQ=WEEKLY;COUNT=4'
weekly=$out
refused plan CAHS --commit 2026-11-17 -- 4 "cannot plan CAHS on 2026-11-17: meeting $weekly of CANC" \
	"--commit names the meeting that starts first that day: the series' occurrence"
run meeting set "$weekly" --start '2026-11-03 12:00'
refused plan CAHS --commit 2026-11-17 -- 4 "cannot plan CAHS on 2026-11-17: meeting $single of CANC" \
	"the occurrence moved to 12:00: the single meeting, now first"
DB=$MAIN_DB

run plan CAHS --commit "$best" --days 2
is "$rc" 0 "--commit $best --days 2 exits 0"
like "$out" '^[0-9]+$' "--commit prints the new meeting's id"
id=$out
run meeting show "$id" --json
is "$(json '[.body, .ordinal, .kind, .status, .host, .tz, .start, .all_day] | map(tostring) | join(" ")')" \
	"CAHS 8 regular planned TM Asia/Ashgabat $best true" "the summit: planned, all-day, hosted by TM in its zone"
is "$(json '.title')" "8th Consultative Meeting of the Heads of State of Central Asia" "its title"
run deadline list --meeting "$id" --json
[ "$(json 'length')" -ge 5 ]
ok $? "at least five deadlines"
is "$(json '[.[] | select(.due >= "'"$best"'T00:00:00Z")] | length')" 0 "every deadline is before the summit"
is "$(json '[.[].title] | join("|")')" \
	"National coordinators meet on the chair's concept and calendar|Organising committee and summit secretariat set up|Expert consultations on draft documents|Final consultations of the foreign ministries|Foreign ministers approve the document package" \
	"the template's steps, earliest first"
is "$(json '[.[].owner] | unique | join(",")')" TM "owned by the chair and host, Turkmenistan"
run meeting list CAHS --json
is "$(json '[.[] | select(.ordinal == 8) | .status] | sort | join(",")')" "cancelled,planned" \
	"the proposed placeholder of the 8th is cancelled, the new one planned"
run plan CAHS --json
is "$(json '"\(.ordinal) \(.host) \(.chair_term.holder)"')" "9 KG KG" \
	"then the next is the 9th, hosted by Kyrgyzstan: the term after the planned summit"
is "$(json '.previous.ordinal')" 8 "the previous summit is the 8th"

# ---- deadlines move with the summit ----

run meeting postpone "$id" --to 2026-09-14
run deadline list --meeting "$id" --json
is "$(json '[.[] | select(.due >= "2026-09-14T00:00:00Z")] | length')" 0 "moved: the deadlines are still before it"
is "$(json '.[-1].due')" 2026-09-12T19:00:00Z "the foreign ministers' approval the day before, midnight in Ashgabat"

# ---- the template ----

run template list --json
is "$(json 'length')" 5 "five steps by default"
is "$(json '.[0] | "\(.before_s) \(.owner)"')" "25056000 chair" "national coordinators 290 days before, the chair"
run template add 'Press accreditation closes' --before P3W --owner host
is "$rc" 0 "template add exits 0"
run template add 'Kazakh draft of the declaration' --before 60d --owner kz
is "$rc" 0 "template add --owner STATE"
run template list --json
is "$(json 'length')" 7 "seven steps"
is "$(json '[.[] | select(.name == "Kazakh draft of the declaration") | .owner] | join("")')" KZ "a state owns a step"
run template list
like "$out" '^Press accreditation closes +21 days \(P3W\) +host$' "template list shows the step"
run plan CAHS --commit 2027-06-16
is "$rc" 0 "commit the 9th"
id9=$out
run deadline list --meeting "$id9" --json
is "$(json 'length')" 7 "seven deadlines"
is "$(json '[.[] | select(.title == "Kazakh draft of the declaration") | .owner] | join("")')" KZ "the state's step"
is "$(json '[.[] | select(.title == "Press accreditation closes") | "\(.owner) \(.due)"] | join("")')" \
	"KG 2027-05-25T18:00:00Z" "the host's step, three weeks before"
run template rm 'Press accreditation closes'
is "$rc" 0 "template rm exits 0"
run template list --json
is "$(json 'length')" 6 "six steps"

done_testing
