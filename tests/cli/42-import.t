#!/bin/bash
# dipcal import FILE [--body BODY]: VEVENTs become meetings, into the body
# IMPORT (made when needed) or BODY. Zones: VTIMEZONE definitions, IANA TZIDs
# without one, libical's prefixed names, Windows names; UTC and floating times
# (read in the local zone); VALUE=DATE; DURATION instead of DTEND;
# RRULE/EXDATE/RDATE; RECURRENCE-ID overrides; STATUS. Lines folded anywhere,
# even inside a UTF-8 sequence; CRLF or LF (every fixture is imported both
# ways, into two databases that must end up the same). A UID already present
# is updated only when the file's SEQUENCE is higher, or equal with a later
# LAST-MODIFIED (else DTSTAMP), so importing a file again changes nothing.
# Text survives export -> import byte for byte, trailing spaces included.
# Bad files are 43-import-bad.t's.
. "$(dirname "$0")/lib.sh"

DB_LF=$T/test-lf.db

# cal NAME LINE...: $T/NAME.ics (CRLF) and $T/NAME-lf.ics (LF), one physical
# line per argument between BEGIN:VCALENDAR and END:VCALENDAR. An argument
# that begins with a space or a tab is a fold.
cal() {
	local n=$1
	shift
	printf '%s\r\n' BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//dipcal tests//import//EN' "$@" END:VCALENDAR >"$T/$n.ics"
	printf '%s\n' BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//dipcal tests//import//EN' "$@" END:VCALENDAR >"$T/$n-lf.ics"
}

# ev UID LINE...: appends a VEVENT (with a DTSTAMP) to the array E.
ev() {
	local uid=$1
	shift
	E+=(BEGIN:VEVENT "UID:$uid" DTSTAMP:20260101T000000Z "$@" END:VEVENT)
}

# imp NAME [IMPORT-ARGS...]: imports NAME.ics into $DB and NAME-lf.ics into
# $DB_LF; $out, $err, $rc are the CRLF import's. ${NOW} is passed as --now.
# Checks that the LF import said the same.
imp() {
	local n=$1 o e r
	shift
	DB=$DB_LF run ${NOW:+--now "$NOW"} import "$T/$n-lf.ics" "$@"
	o=$out e=$err r=$rc
	run ${NOW:+--now "$NOW"} import "$T/$n.ics" "$@"
	is "$r: $o${e:+ / $e}" "$rc: $out${err:+ / $err}" "$n: the LF file imports as the CRLF file"
}

# m UID JQ: JQ over the meeting with UID in meeting list --json (compact).
m() {
	"$DIPCAL" --db "$DB" meeting list --json | jq -c --arg u "$1" ".[] | select(.uid == \$u) | $2"
}

# show UID JQ: JQ over meeting show --json of the meeting with UID (compact).
show() {
	"$DIPCAL" --db "$DB" meeting show "$(m "$1" .id)" --json | jq -c "$2"
}

# occ UID FROM TO: the UTC starts of the agenda's occurrences of UID, FROM..TO.
occ() {
	"$DIPCAL" --db "$DB" agenda --json --from "$2" --to "$3" --tz UTC |
		jq -c --arg u "$1" '[.[] | select(.uid == $u) | .start]'
}

# unchanged BEFORE NAME: the database's dump is still BEFORE (a diff when not).
unchanged() {
	local now
	now=$(dump)
	[ "$now" = "$1" ]
	ok $? "$2"
	[ "$now" = "$1" ] || diff <(printf '%s\n' "$1") <(printf '%s\n' "$now") | sed 's/^/#   /' | head -20
}

# same GOT WANT NAME: like is, for multi-line values (a diff when they differ).
same() {
	[ "$1" = "$2" ]
	ok $? "$3"
	[ "$1" = "$2" ] || diff <(printf '%s\n' "$2") <(printf '%s\n' "$1") | sed 's/^/#   want < > got: /' | head -20
}

run init
DB=$DB_LF run init
run body list --json
is "$(json '[.[] | select(.code == "IMPORT")] | length')" 0 "no body IMPORT before the first import"

# ---- zones ----

# A zone known only by its VTIMEZONE, with summer time from the last Sunday of
# March (+03) to the last Sunday of October (+02).
VTZ_CUSTOM=(BEGIN:VTIMEZONE 'TZID:Custom Zone'
	BEGIN:STANDARD DTSTART:19701025T030000 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'
	TZOFFSETFROM:+0300 TZOFFSETTO:+0200 TZNAME:CST END:STANDARD
	BEGIN:DAYLIGHT DTSTART:19700329T020000 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'
	TZOFFSETFROM:+0200 TZOFFSETTO:+0300 TZNAME:CDT END:DAYLIGHT END:VTIMEZONE)
# As Outlook writes it: a Windows name, and its VTIMEZONE.
VTZ_WIN=(BEGIN:VTIMEZONE 'TZID:West Asia Standard Time'
	BEGIN:STANDARD DTSTART:16010101T000000 TZOFFSETFROM:+0500 TZOFFSETTO:+0500 END:STANDARD END:VTIMEZONE)
# An IANA name with its VTIMEZONE (as dipcal exports it).
VTZ_BERLIN=(BEGIN:VTIMEZONE TZID:Europe/Berlin
	BEGIN:STANDARD DTSTART:19701025T030000 'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU'
	TZOFFSETFROM:+0200 TZOFFSETTO:+0100 END:STANDARD
	BEGIN:DAYLIGHT DTSTART:19700329T020000 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU'
	TZOFFSETFROM:+0100 TZOFFSETTO:+0200 END:DAYLIGHT END:VTIMEZONE)

E=()
ev z-custom-winter 'DTSTART;TZID=Custom Zone:20260305T100000' 'DTEND;TZID=Custom Zone:20260305T110000' SUMMARY:a
ev z-custom-summer 'DTSTART;TZID=Custom Zone:20260705T100000' 'DTEND;TZID=Custom Zone:20260705T110000' SUMMARY:b
ev z-custom-series 'DTSTART;TZID=Custom Zone:20260319T100000' 'DTEND;TZID=Custom Zone:20260319T110000' \
	'RRULE:FREQ=WEEKLY;COUNT=4' SUMMARY:c
ev z-berlin 'DTSTART;TZID=Europe/Berlin:20260305T100000' 'DTEND;TZID=Europe/Berlin:20260305T113000' SUMMARY:d
ev z-win-vtz 'DTSTART;TZID=West Asia Standard Time:20260305T100000' \
	'DTEND;TZID=West Asia Standard Time:20260305T110000' SUMMARY:e
ev z-win-tashkent 'DTSTART;TZID=West Asia Standard Time:20260705T090000' SUMMARY:f
ev z-win-baku 'DTSTART;TZID=Azerbaijan Standard Time:20260305T100000' \
	'DTEND;TZID=Azerbaijan Standard Time:20260305T120000' SUMMARY:g
ev z-new-york 'DTSTART;TZID=America/New_York:20260305T100000' 'DTEND;TZID=America/New_York:20260305T110000' SUMMARY:h
ev z-new-york-summer 'DTSTART;TZID="America/New_York":20260705T100000' SUMMARY:i
ev z-libical 'DTSTART;TZID=/freeassociation.sourceforge.net/Europe/Paris:20260305T100000' SUMMARY:j
ev z-utc DTSTART:20260305T100000Z DTEND:20260305T113000Z SUMMARY:k
ev z-floating DTSTART:20260305T100000 DTEND:20260305T110000 SUMMARY:l
cal zones "${VTZ_CUSTOM[@]}" "${VTZ_WIN[@]}" "${VTZ_BERLIN[@]}" "${E[@]}"
imp zones
is "$rc" 0 "import exits 0"
is "$out" "12 added, 0 updated, 0 unchanged" "prints N added, M updated, K unchanged"
is "$err" "" "nothing on stderr"
run body list --json
is "$(json '[.[] | select(.code == "IMPORT")] | .[0].code')" IMPORT "the body IMPORT is made"
is "$(m z-utc .body)" '"IMPORT"' "without --body, the meetings go into IMPORT"

is "$(m z-custom-winter '[.start, .end]')" '["2026-03-05T08:00:00Z","2026-03-05T09:00:00Z"]' \
	"VTIMEZONE only: 10:00 in winter (+02) is 08:00Z"
is "$(m z-custom-summer '[.start, .end]')" '["2026-07-05T07:00:00Z","2026-07-05T08:00:00Z"]' \
	"VTIMEZONE only: 10:00 in summer (+03) is 07:00Z"
is "$(occ z-custom-series 2026-03-01 2026-04-30)" \
	'["2026-03-19T08:00:00Z","2026-03-26T08:00:00Z","2026-04-02T07:00:00Z","2026-04-09T07:00:00Z"]' \
	"VTIMEZONE only: a weekly series at 10:00 follows the zone's change to summer time (29 March)"
is "$(m z-berlin '[.tz, .start, .end]')" '["Europe/Berlin","2026-03-05T09:00:00Z","2026-03-05T10:30:00Z"]' \
	"an IANA TZID with its VTIMEZONE: the IANA zone"
is "$(m z-win-vtz '[.tz, .start, .end]')" '["Asia/Tashkent","2026-03-05T05:00:00Z","2026-03-05T06:00:00Z"]' \
	"'West Asia Standard Time' with its VTIMEZONE is Asia/Tashkent"
is "$(m z-win-tashkent '[.tz, .start, .end]')" '["Asia/Tashkent","2026-07-05T04:00:00Z","2026-07-05T04:00:00Z"]' \
	"no DTEND, no DURATION: the meeting ends when it starts"
is "$(m z-win-baku '[.tz, .start, .end]')" '["Asia/Baku","2026-03-05T06:00:00Z","2026-03-05T08:00:00Z"]' \
	"'Azerbaijan Standard Time' without VTIMEZONE is Asia/Baku (+04)"
is "$(m z-new-york '[.tz, .start, .end]')" '["America/New_York","2026-03-05T15:00:00Z","2026-03-05T16:00:00Z"]' \
	"an IANA TZID without VTIMEZONE (winter, -05)"
is "$(m z-new-york-summer '[.tz, .start]')" '["America/New_York","2026-07-05T14:00:00Z"]' \
	"a quoted IANA TZID without VTIMEZONE (summer, -04)"
is "$(m z-libical '[.tz, .start]')" '["Europe/Paris","2026-03-05T09:00:00Z"]' \
	"libical's /freeassociation.sourceforge.net/ prefix: the IANA zone behind it"
is "$(m z-utc '[.tz, .start, .end, .all_day]')" '["UTC","2026-03-05T10:00:00Z","2026-03-05T11:30:00Z",false]' \
	"a UTC time: tz UTC"
is "$(m z-floating '[.tz, .start, .end]')" '["Asia/Tashkent","2026-03-05T05:00:00Z","2026-03-05T06:00:00Z"]' \
	"a floating time is read in the local zone (TZ=Asia/Tashkent)"

# The Windows names without any VTIMEZONE, and a floating time in another local zone.
E=()
ev w-tashkent 'DTSTART;TZID=West Asia Standard Time:20260310T100000' 'DURATION:PT45M' SUMMARY:m
ev w-baku 'DTSTART;TZID=Azerbaijan Standard Time:20260710T100000' 'DURATION:PT45M' SUMMARY:n
cal windows "${E[@]}"
imp windows
is "$out" "2 added, 0 updated, 0 unchanged" "Windows names without VTIMEZONE: imported"
is "$(m w-tashkent '[.tz, .start, .end]')" '["Asia/Tashkent","2026-03-10T05:00:00Z","2026-03-10T05:45:00Z"]' \
	"'West Asia Standard Time' without VTIMEZONE is Asia/Tashkent"
is "$(m w-baku '[.tz, .start, .end]')" '["Asia/Baku","2026-07-10T06:00:00Z","2026-07-10T06:45:00Z"]' \
	"'Azerbaijan Standard Time' in July: still +04"

E=()
ev f-berlin DTSTART:20260705T100000 DTEND:20260705T110000 SUMMARY:o
cal floating "${E[@]}"
TZ=Europe/Berlin imp floating
is "$(m f-berlin '[.tz, .start, .end]')" '["Europe/Berlin","2026-07-05T08:00:00Z","2026-07-05T09:00:00Z"]' \
	"a floating time with TZ=Europe/Berlin: read in Berlin (summer, +02)"

# ---- dates, durations ----

E=()
ev d-one 'DTSTART;VALUE=DATE:20260310' SUMMARY:p
ev d-three 'DTSTART;VALUE=DATE:20260310' 'DTEND;VALUE=DATE:20260313' SUMMARY:q
ev d-duration 'DTSTART;VALUE=DATE:20260310' DURATION:P2D SUMMARY:r
ev d-week 'DTSTART;TZID=Europe/Berlin:20260305T100000' DURATION:P1W SUMMARY:s
ev d-mixed 'DTSTART;TZID=Europe/Berlin:20260305T100000' DURATION:P1DT2H30M SUMMARY:t
cal dates "${E[@]}"
imp dates
is "$out" "5 added, 0 updated, 0 unchanged" "dates: imported"
is "$(m d-one '[.all_day, .start, .end]')" '[true,"2026-03-10","2026-03-11"]' "VALUE=DATE alone: all day, one day"
is "$(m d-three '[.all_day, .start, .end]')" '[true,"2026-03-10","2026-03-13"]' "VALUE=DATE with DTEND: three days"
is "$(m d-duration '[.all_day, .start, .end]')" '[true,"2026-03-10","2026-03-12"]' "VALUE=DATE with DURATION:P2D"
is "$(m d-week '[.all_day, .start, .end]')" '[false,"2026-03-05T09:00:00Z","2026-03-12T09:00:00Z"]' "DURATION:P1W"
is "$(m d-mixed '[.start, .end]')" '["2026-03-05T09:00:00Z","2026-03-06T11:30:00Z"]' "DURATION:P1DT2H30M"
run agenda --json --from 2026-03-10 --to 2026-03-12
is "$(json '[.[] | select(.uid == "d-three") | [.start, .end, .all_day]] | .[0] | tojson')" '["2026-03-10","2026-03-13",true]' \
	"agenda: the all-day meeting as dates"

# ---- STATUS ----

E=()
ev s-confirmed DTSTART:20260401T100000Z STATUS:CONFIRMED SUMMARY:u
ev s-cancelled DTSTART:20260401T110000Z STATUS:CANCELLED SUMMARY:v
ev s-tentative DTSTART:20260401T120000Z STATUS:TENTATIVE SUMMARY:w
ev s-none DTSTART:20260401T130000Z SUMMARY:x
cal status "${E[@]}"
imp status
is "$(for u in s-confirmed s-cancelled s-tentative s-none; do m $u .status; done | paste -sd' ')" \
	'"confirmed" "cancelled" "planned" "planned"' "STATUS: CONFIRMED, CANCELLED, TENTATIVE, none"
run agenda --json --from 2026-04-01 --to 2026-04-01
is "$(json '[.[] | select(.uid == "s-cancelled") | .status] | .[0]')" cancelled "agenda: the cancelled meeting is cancelled"

# ---- RRULE, EXDATE, RDATE ----

E=()
# 10:00 in Berlin, weekly across the change (29 March): 09:00Z, then 08:00Z; 12 March out; 1 April 15:00 in.
ev r-weekly 'DTSTART;TZID=Europe/Berlin:20260305T100000' 'DTEND;TZID=Europe/Berlin:20260305T110000' \
	'RRULE:FREQ=WEEKLY;COUNT=5' 'EXDATE;TZID=Europe/Berlin:20260312T100000' \
	'RDATE;TZID=Europe/Berlin:20260401T150000' SUMMARY:Weekly
# Two EXDATEs in one property, an RDATE as a PERIOD.
ev r-daily DTSTART:20260305T100000Z DTEND:20260305T103000Z 'RRULE:FREQ=DAILY;COUNT=5' \
	EXDATE:20260306T100000Z,20260308T100000Z 'RDATE;VALUE=PERIOD:20260320T120000Z/20260320T123000Z' SUMMARY:Daily
ev r-allday 'DTSTART;VALUE=DATE:20260401' 'RRULE:FREQ=DAILY;UNTIL=20260405' 'EXDATE;VALUE=DATE:20260403' \
	'RDATE;VALUE=DATE:20260410' SUMMARY:Days
# RDATEs without a rule.
ev r-rdates DTSTART:20260305T150000Z DTEND:20260305T160000Z RDATE:20260306T150000Z,20260307T150000Z SUMMARY:Dates
cal recur "${E[@]}"
imp recur
is "$out" "4 added, 0 updated, 0 unchanged" "recurrences: imported"
is "$(m r-weekly .rrule)" '"FREQ=WEEKLY;COUNT=5"' "the RRULE is kept"
is "$(show r-weekly .exdates)" '["2026-03-12T09:00:00Z"]' "the EXDATE, as a UTC instant"
is "$(occ r-weekly 2026-03-01 2026-04-30)" \
	'["2026-03-05T09:00:00Z","2026-03-19T09:00:00Z","2026-03-26T09:00:00Z","2026-04-01T13:00:00Z","2026-04-02T08:00:00Z"]' \
	"agenda: weekly at 10:00 in Berlin across the change, 12 March left out, the RDATE added"
is "$(occ r-daily 2026-03-01 2026-03-31)" \
	'["2026-03-05T10:00:00Z","2026-03-07T10:00:00Z","2026-03-09T10:00:00Z","2026-03-20T12:00:00Z"]' \
	"agenda: two EXDATEs in one property, an RDATE PERIOD"
is "$(show r-daily .exdates)" '["2026-03-06T10:00:00Z","2026-03-08T10:00:00Z"]' "both EXDATE values kept"
is "$(occ r-allday 2026-04-01 2026-04-30)" '["2026-04-01","2026-04-02","2026-04-04","2026-04-05","2026-04-10"]' \
	"agenda: all-day series with a DATE UNTIL, EXDATE and RDATE"
is "$(occ r-rdates 2026-03-01 2026-03-31)" '["2026-03-05T15:00:00Z","2026-03-06T15:00:00Z","2026-03-07T15:00:00Z"]' \
	"agenda: RDATEs without an RRULE add to DTSTART"

# ---- RECURRENCE-ID: an override is its own meeting; the series loses that occurrence ----

OVERRIDE=(BEGIN:VEVENT UID:ov@example.org 'RECURRENCE-ID;TZID=Europe/Berlin:20260312T100000'
	DTSTAMP:20260101T000000Z 'DTSTART;TZID=Europe/Berlin:20260313T140000' 'DTEND;TZID=Europe/Berlin:20260313T150000'
	'SUMMARY:Moved to Friday' END:VEVENT)
MASTER=(BEGIN:VEVENT UID:ov@example.org DTSTAMP:20260101T000000Z
	'DTSTART;TZID=Europe/Berlin:20260305T100000' 'DTEND;TZID=Europe/Berlin:20260305T110000'
	'RRULE:FREQ=WEEKLY;COUNT=4' SUMMARY:Weekly END:VEVENT)
# The override comes first in the file.
cal override "${OVERRIDE[@]}" "${MASTER[@]}"
imp override
is "$out" "2 added, 0 updated, 0 unchanged" "a series and an override: two meetings"
is "$("$DIPCAL" --db "$DB" meeting list --json | jq -c '[.[] | select(.uid | startswith("ov@")) | .uid] | sort')" \
	'["ov@example.org","ov@example.org/2026-03-12T09:00:00Z"]' "the override's uid: the series' uid / the occurrence"
is "$(m ov@example.org/2026-03-12T09:00:00Z '[.title, .start, .end, .rrule]')" \
	'["Moved to Friday","2026-03-13T13:00:00Z","2026-03-13T14:00:00Z",null]' "the override: its own time, no rule"
is "$(show ov@example.org .exdates)" '["2026-03-12T09:00:00Z"]' "the series: the overridden occurrence becomes an EXDATE"
is "$(occ ov@example.org 2026-03-01 2026-03-31)" \
	'["2026-03-05T09:00:00Z","2026-03-19T09:00:00Z","2026-03-26T09:00:00Z"]' "agenda: the series without 12 March"
is "$(occ ov@example.org/2026-03-12T09:00:00Z 2026-03-01 2026-03-31)" '["2026-03-13T13:00:00Z"]' \
	"agenda: the override on 13 March"
before=$(dump)
imp override
is "$out" "0 added, 0 updated, 2 unchanged" "the override file again: unchanged"
unchanged "$before" "the override file again: the database is unchanged"

# A new version of the override (SEQUENCE 1), its master unchanged.
OVERRIDE2=(BEGIN:VEVENT UID:ov@example.org 'RECURRENCE-ID;TZID=Europe/Berlin:20260312T100000'
	DTSTAMP:20260102T000000Z SEQUENCE:1 'DTSTART;TZID=Europe/Berlin:20260313T160000'
	'DTEND;TZID=Europe/Berlin:20260313T170000' 'SUMMARY:Moved to Friday afternoon' STATUS:CONFIRMED END:VEVENT)
cal override2 "${MASTER[@]}" "${OVERRIDE2[@]}"
imp override2
is "$out" "0 added, 1 updated, 1 unchanged" "a new version of the override: updated"
is "$(m ov@example.org/2026-03-12T09:00:00Z '[.title, .start, .status]')" \
	'["Moved to Friday afternoon","2026-03-13T15:00:00Z","confirmed"]' "the override's new time and status"
is "$(show ov@example.org .exdates)" '["2026-03-12T09:00:00Z"]' "the series still has the one EXDATE"

# ---- text: folds, escapes, trailing spaces, other components ----

# Folds after the first octet of a 2-octet sequence (ʻ U+02BB, Cyrillic), inside
# a 3-octet one (— U+2014, with a tab), and inside a 4-octet one (🌍).
E=()
ev t-fold 'DTSTART:20260501T100000Z' \
	$'SUMMARY:O\xca' $' \xbbzbekiston \xe2\x80' $'\t\x94 \xd0\xa2\xd0' $' \xbe\xd1\x88\xd0\xba\xd0\xb5\xd0\xbd\xd1\x82 \xf0\x9f' $' \x8c\x8d' \
	'LOCATION:Тошкент\, ' ' Oʻzbekiston' \
	'DESCRIPTION:Line one\, with a comma\; a semicolon\nline two \\ a backslash\Nline three'
ev t-trailing 'DTSTART:20260501T110000Z' 'SUMMARY;LANGUAGE=uz:Oʻzbekiston  ' 'LOCATION:اجتماع، القمة ' \
	$'DESCRIPTION:ends in a tab\t'
ev t-alarm 'DTSTART:20260501T120000Z' 'SUMMARY:With an alarm' 'X-DIPCAL-TEST;X-PARAM=1:ignored' \
	BEGIN:VALARM ACTION:DISPLAY TRIGGER:-PT15M DESCRIPTION:Reminder END:VALARM
cal text "${E[@]}" BEGIN:VTODO UID:todo DTSTAMP:20260101T000000Z SUMMARY:A task END:VTODO \
	BEGIN:VJOURNAL UID:journal DTSTAMP:20260101T000000Z END:VJOURNAL 'X-WR-CALNAME:Imported'
imp text
is "$out" "3 added, 0 updated, 0 unchanged" "VEVENTs with a VALARM imported; VTODO and VJOURNAL read past"
hex() { printf '%s' "$1" | od -An -tx1 | tr -s ' \n' ' '; }
is "$(hex "$(m t-fold .title | jq -r .)")" "$(hex 'Oʻzbekiston — Тошкент 🌍')" \
	"folds inside UTF-8 sequences (2, 3 and 4 octets; space and tab): the octets joined, then decoded"
is "$(m t-fold .venue)" '"Тошкент, Oʻzbekiston"' "a fold after an escaped comma and a space"
is "$(show t-fold .notes)" '"Line one, with a comma; a semicolon\nline two \\ a backslash\nline three"' \
	"TEXT escapes: \\, \\; \\\\ \\n \\N"
is "$(m t-trailing .title)" '"Oʻzbekiston  "' "a SUMMARY with a parameter keeps its two trailing spaces"
is "$(m t-trailing .venue)" '"اجتماع، القمة "' "a LOCATION keeps its trailing space"
is "$(show t-trailing .notes)" '"ends in a tab\t"' "a DESCRIPTION keeps its trailing tab"
is "$(m t-alarm .title)" '"With an alarm"' "a VEVENT with a VALARM and an X- property"
is "$(m todo .uid)" "" "the VTODO is not a meeting"

# ---- SEQUENCE, LAST-MODIFIED, DTSTAMP ----

# seqev NAME SEQUENCE LAST-MODIFIED DTSTAMP START TITLE: one event, UID seq@example.org.
seqev() {
	local lines=(BEGIN:VEVENT UID:seq@example.org)
	[ -n "$2" ] && lines+=("SEQUENCE:$2")
	[ -n "$3" ] && lines+=("LAST-MODIFIED:$3")
	[ -n "$4" ] && lines+=("DTSTAMP:$4")
	lines+=("DTSTART:$5" "SUMMARY:$6" END:VEVENT)
	cal "$1" "${lines[@]}"
}

seqev seq1 1 20260110T000000Z 20260110T000000Z 20260601T100000Z 'Version 1'
imp seq1
is "$out" "1 added, 0 updated, 0 unchanged" "SEQUENCE 1: added"
before=$(dump)
imp seq1
is "$out" "0 added, 0 updated, 1 unchanged" "the same file again: unchanged"
unchanged "$before" "the same file again: the database is unchanged"

seqev seq-same 1 20260110T000000Z 20260110T000000Z 20260601T110000Z 'Same SEQUENCE, same LAST-MODIFIED'
imp seq-same
is "$out" "0 added, 0 updated, 1 unchanged" "equal SEQUENCE, equal LAST-MODIFIED: unchanged"
seqev seq-lm-older 1 20260105T000000Z 20260120T000000Z 20260601T110000Z 'Older LAST-MODIFIED, newer DTSTAMP'
imp seq-lm-older
is "$out" "0 added, 0 updated, 1 unchanged" "equal SEQUENCE, earlier LAST-MODIFIED (a later DTSTAMP does not count): unchanged"
seqev seq-lower 0 20260301T000000Z 20260301T000000Z 20260601T110000Z 'Lower SEQUENCE'
imp seq-lower
is "$out" "0 added, 0 updated, 1 unchanged" "lower SEQUENCE, even with a later LAST-MODIFIED: unchanged"
unchanged "$before" "none of them changed the database"
is "$(m seq@example.org '[.title, .start]')" '["Version 1","2026-06-01T10:00:00Z"]' "the meeting is still version 1"

seqev seq-lm-newer 1 20260111T000000Z 20260110T000000Z 20260601T110000Z 'Later LAST-MODIFIED'
imp seq-lm-newer
is "$out" "0 added, 1 updated, 0 unchanged" "equal SEQUENCE, later LAST-MODIFIED: updated"
is "$(m seq@example.org '[.title, .start]')" '["Later LAST-MODIFIED","2026-06-01T11:00:00Z"]' "the new title and time"
is "$(show seq@example.org '[.changes[] | select(.field == "start") | [.old, .new, .reason]] | .[0]')" \
	"[\"2026-06-01T10:00:00Z\",\"2026-06-01T11:00:00Z\",\"imported from $T/seq-lm-newer.ics\"]" \
	"the change of time is recorded, with the file as the reason"
before=$(dump)
imp seq-lm-newer
is "$out" "0 added, 0 updated, 1 unchanged" "after an update, the same file again: unchanged"
unchanged "$before" "after an update, the same file again: the database is unchanged"

seqev seq5 5 20260102T000000Z 20260102T000000Z 20260601T120000Z 'SEQUENCE 5'
imp seq5
is "$out" "0 added, 1 updated, 0 unchanged" "higher SEQUENCE, even with an earlier LAST-MODIFIED: updated"
is "$(m seq@example.org '[.title, .sequence >= 5]')" '["SEQUENCE 5",true]' "updated; the stored SEQUENCE is at least 5"
before=$(dump)
imp seq5
is "$out" "0 added, 0 updated, 1 unchanged" "SEQUENCE 5 again: unchanged"
unchanged "$before" "SEQUENCE 5 again: the database is unchanged"

# Without LAST-MODIFIED, DTSTAMP decides.
stamp() {
	cal "$1" BEGIN:VEVENT UID:stamp@example.org "DTSTAMP:$2" DTSTART:20260602T100000Z "SUMMARY:$3" END:VEVENT
}
stamp stamp1 20260110T000000Z 'Stamped 10 January'
imp stamp1
stamp stamp2 20260112T000000Z 'Stamped 12 January'
imp stamp2
is "$out" "0 added, 1 updated, 0 unchanged" "no LAST-MODIFIED, equal SEQUENCE, later DTSTAMP: updated"
imp stamp1
is "$out" "0 added, 0 updated, 1 unchanged" "no LAST-MODIFIED, earlier DTSTAMP: unchanged"
is "$(m stamp@example.org .title)" '"Stamped 12 January"' "the later DTSTAMP's title stays"

# Neither LAST-MODIFIED nor DTSTAMP: importing the file again, later, changes nothing either.
cal bare BEGIN:VEVENT UID:bare@example.org DTSTART:20260603T100000Z 'SUMMARY:No stamp' END:VEVENT
imp bare
is "$out" "1 added, 0 updated, 0 unchanged" "an event without DTSTAMP or LAST-MODIFIED: added"
before=$(dump)
NOW='2026-01-20 09:00' imp bare
is "$out" "0 added, 0 updated, 1 unchanged" "without DTSTAMP or LAST-MODIFIED, the same file five days later: unchanged"
unchanged "$before" "without DTSTAMP or LAST-MODIFIED, the same file five days later: the database is unchanged"

# A meeting changed in dipcal after its import keeps the change when the older file comes again.
id=$(m seq@example.org .id)
run meeting set "$id" --title 'Changed here' --reason 'local change'
DB=$DB_LF run meeting set "$id" --title 'Changed here' --reason 'local change'
imp seq5
is "$out" "0 added, 0 updated, 1 unchanged" "after a local change, the older file: unchanged"
is "$(m seq@example.org .title)" '"Changed here"' "the local change stays"

# --body: new meetings go into BODY; one already present keeps its body.
run body add TST 'Test Council'
DB=$DB_LF run body add TST 'Test Council'
seqev seq6 6 20260201T000000Z 20260201T000000Z 20260601T130000Z 'SEQUENCE 6'
E=()
ev b-new DTSTART:20260604T100000Z 'SUMMARY:Into TST'
cal body "${E[@]}" BEGIN:VEVENT UID:seq@example.org SEQUENCE:6 DTSTAMP:20260201T000000Z DTSTART:20260601T130000Z \
	'SUMMARY:SEQUENCE 6' END:VEVENT
imp body --body TST
is "$out" "1 added, 1 updated, 0 unchanged" "--body TST: one added, one updated"
is "$(m b-new .body)" '"TST"' "--body TST: the new meeting is in TST"
is "$(m seq@example.org '[.body, .title]')" '["IMPORT","SEQUENCE 6"]' "--body TST: the updated meeting stays in IMPORT"
refused import "$T/body.ics" --body NOPE -- 3 "unknown body 'NOPE'" "import --body NOPE"

# Standard input.
E=()
ev stdin-1 DTSTART:20260605T100000Z 'SUMMARY:From standard input'
cal stdin "${E[@]}"
run import - <"$T/stdin.ics"
DB=$DB_LF run import - <"$T/stdin-lf.ics"
is "$rc: $out" "0: 1 added, 0 updated, 0 unchanged" "import - reads standard input"
is "$(m stdin-1 .title)" '"From standard input"' "the event from standard input"
refused import "$T/no-such-file.ics" -- 1 "cannot open '.*no-such-file.ics'" "import of a missing file"

# ---- CRLF and LF: the two databases hold the same ----

strip() { jq -S 'map(del(.id))'; }
same "$("$DIPCAL" --db "$DB_LF" meeting list --json | strip)" "$("$DIPCAL" --db "$DB" meeting list --json | strip)" \
	"the LF files gave the same meetings as the CRLF files"
same "$("$DIPCAL" --db "$DB_LF" agenda --json --from 2026-01-01 --to 2026-12-31 --tz UTC | jq -S 'map(del(.meeting_id))')" \
	"$("$DIPCAL" --db "$DB" agenda --json --from 2026-01-01 --to 2026-12-31 --tz UTC | jq -S 'map(del(.meeting_id))')" \
	"the LF files gave the same agenda as the CRLF files"

# ---- export -> import: text byte for byte ----

DB_A=$T/roundtrip-a.db DB_B=$T/roundtrip-b.db
TITLE='Oʻzbekiston — اجتماع — Совещание  '
VENUE='Тошкент, Oʻzbekiston; Toshkent  '
NOTES='Agenda, item 1; item 2 \ item 3
second line, with a trailing space '
DB=$DB_A
run init
run body add TST 'Test Council'
run meeting add TST --start '2026-03-05 10:00' --tz Asia/Tashkent --duration 2h --title "$TITLE" --venue "$VENUE" \
	--notes "$NOTES" --rrule 'FREQ=WEEKLY;COUNT=3' --exdate '2026-03-12 10:00' --status confirmed
rt1=$out
run meeting add TST --start 2026-04-10 --end 2026-04-11 --title 'Кун бўйи, all day \ ; ,' --notes $'one\ntwo  '
rt2=$out
run meeting add TST --start '2026-04-15 06:00Z' --tz UTC --duration 45m --title $'Tab at the end\t'
rt3=$out
"$DIPCAL" --db "$DB_A" export >"$T/roundtrip.ics"
is "$?" 0 "round trip: export"
DB=$DB_B
run init
run body add TST 'Test Council'
run import "$T/roundtrip.ics" --body TST
is "$rc: $out" "0: 3 added, 0 updated, 0 unchanged" "round trip: import into a fresh database"
for id in "$rt1" "$rt2" "$rt3"; do
	a=$("$DIPCAL" --db "$DB_A" meeting show "$id" --json | jq -S 'del(.id)')
	uid=$(printf '%s' "$a" | jq -r .uid)
	b=$("$DIPCAL" --db "$DB_B" meeting show "$(DB=$DB_B m "$uid" .id)" --json | jq -S 'del(.id)')
	same "$b" "$a" "round trip: meeting show --json of '$(printf '%s' "$a" | jq -r .title)' is the same"
done
uid1=$("$DIPCAL" --db "$DB_A" meeting show "$rt1" --json | jq -r .uid)
b=$(DB=$DB_B show "$uid1" .)
is "$(hex "$(printf '%s' "$b" | jq -r .title)")" "$(hex "$TITLE")" "round trip: the title, two trailing spaces included, byte for byte"
is "$(hex "$(printf '%s' "$b" | jq -r .venue)")" "$(hex "$VENUE")" "round trip: the venue, byte for byte"
is "$(hex "$(printf '%s' "$b" | jq -r .notes)")" "$(hex "$NOTES")" "round trip: the notes (, ; \\ newline, trailing space), byte for byte"
ics_lines() { perl -0777 -pe 's/\r\n[ \t]//g; s/\r\n/\n/g' "$1"; }
"$DIPCAL" --db "$DB_B" export >"$T/roundtrip-again.ics"
cmp -s "$T/roundtrip.ics" "$T/roundtrip-again.ics"
ok $? "round trip: exporting the imported meetings gives the same file, byte for byte"
cmp -s "$T/roundtrip.ics" "$T/roundtrip-again.ics" ||
	diff <(ics_lines "$T/roundtrip.ics") <(ics_lines "$T/roundtrip-again.ics") | sed 's/^/#   /' | head -10

# A title that ends in U+E000 (a private-use character) is text like any other.
DB=$DB_A
PUA=$'Ends in a private-use character \xee\x80\x80'
run meeting add TST --start '2026-05-05 10:00' --title "$PUA"
pua_uid=$("$DIPCAL" --db "$DB_A" meeting show "$out" --json | jq -r .uid)
"$DIPCAL" --db "$DB_A" export >"$T/pua.ics"
DB=$DB_B
run import "$T/pua.ics" --body TST
is "$(hex "$(m "$pua_uid" .title | jq -r .)")" "$(hex "$PUA")" "round trip: a title ending in U+E000, byte for byte"

done_testing
