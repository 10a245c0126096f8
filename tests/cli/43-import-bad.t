#!/bin/bash
# dipcal import of bad files: truncated, a missing END, binary garbage, an
# HTML page, an empty file, a 10 MB line, invalid dates, an invalid RRULE, a
# file whose second event is broken. Each gives one clear message naming the
# line where it is known, exit 5, and an unchanged database: the import is one
# transaction (the body IMPORT it would make is not made either). Line numbers
# count physical lines, folds included, the same with CRLF or LF.
. "$(dirname "$0")/lib.sh"

HEAD=(BEGIN:VCALENDAR VERSION:2.0 'PRODID:-//dipcal tests//import//EN')
# GOOD: a complete VEVENT (lines 4-9 when it comes first).
GOOD=(BEGIN:VEVENT UID:good@example.org DTSTAMP:20260101T000000Z DTSTART:20260305T100000Z 'SUMMARY:A good event' END:VEVENT)

# crlf NAME LINE...: $T/NAME.ics, each argument a line ending in CRLF.
crlf() {
	local n=$1
	shift
	printf '%s\r\n' "$@" >"$T/$n.ics"
}

# lf NAME LINE...: $T/NAME.ics, each argument a line ending in LF.
lf() {
	local n=$1
	shift
	printf '%s\n' "$@" >"$T/$n.ics"
}

# bad NAME LINE PATTERN: refused with exit 5 and "cannot import 'FILE': ...PATTERN";
# then the message names LINE (none when LINE is -).
bad() {
	local n=$1 line=$2 pat=$3
	refused import "$T/$n.ics" -- 5 "cannot import '[^']*$n\\.ics': .*$pat" "$n"
	if [ "$line" = - ]; then
		return
	fi
	like "$err" "^dipcal: cannot import '[^']*': line $line: " "$n: the message names line $line"
}

# (null) where a message should name something is a bug, whatever else it says.
no_null() {
	case $err in
	*'(null)'*) is "$err" "a message without (null)" "$1: the message names what it found" ;;
	*) ok 0 "$1: the message names what it found" ;;
	esac
}

run init

# ---- nothing, or not iCalendar ----

: >"$T/empty.ics"
bad empty - "the file is empty"
run body list --json
is "$(json 'map(select(.code == "IMPORT")) | length')" 0 "a refused import does not make the body IMPORT"

printf '\r\n\n\r\n' >"$T/blank.ics"
bad blank - "the file is empty"

lf html '<!DOCTYPE html>' '<html><head><title>404 Not Found</title></head>' \
	'<body><h1>Not Found</h1><p>BEGIN:VCALENDAR</p></body></html>'
bad html 1 "not an iCalendar file"

# The start of a gzip stream, then more binary.
printf '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xbd\x07\x60\x1c\x49\x96\x25\x26\x2f\x6d\xca\x7b\x7f\x4a\xf5\x4a\xd7\xe0\x74\xa1\x08\x80\x60\x13\x24\xd8\x90\x40\x10\xec\xc1\x88\xcd\xe6\x92\xec\x1d\x69\x47\x23\x29\xab\x2a\x81\xca\x65\x56\x65\x5d\x66\x16\x40\xcc\xed\x9d\xbc\xf7\xde\x7b\xef\xbd\xf7\xde\x7b\xef\xbd\xf7\xba\x3b\x9d\x4e\x27\xf7\xdf\xff\x3f\x5c\x66\x64\x01\x6c\xf6\xce\x4a\xda\xc9\x9e\x21\x80\xaa\xc8\x1f\x3f\x7e\x7c\x1f\x3f\x22\n\x00\xff' >"$T/gzip.ics"
bad gzip 1 "not an iCalendar file"

# Binary inside an event: invalid UTF-8 on line 7.
crlf garbage "${HEAD[@]}" BEGIN:VEVENT UID:g@example.org DTSTART:20260305T100000Z $'SUMMARY:\xff\xfe\xc3\x28\x80binary' \
	END:VEVENT END:VCALENDAR
bad garbage 7 "not UTF-8"

# A NUL octet in a SUMMARY on line 7.
{
	printf '%s\r\n' "${HEAD[@]}" BEGIN:VEVENT UID:nul@example.org DTSTART:20260305T100000Z
	printf 'SUMMARY:before\0after\r\n'
	printf '%s\r\n' END:VEVENT END:VCALENDAR
} >"$T/nul.ics"
bad nul 7 ""

# ---- truncated, a missing END ----

# Cut in the middle of line 6, inside the VEVENT that begins on line 4.
{
	printf '%s\r\n' "${HEAD[@]}" BEGIN:VEVENT UID:cut@example.org
	printf 'DTSTART:2026'
} >"$T/truncated.ics"
bad truncated 4 "BEGIN:VEVENT has no END:VEVENT: the file is truncated"

crlf truncated-vtimezone "${HEAD[@]}" BEGIN:VTIMEZONE TZID:Custom BEGIN:STANDARD DTSTART:19700101T000000
bad truncated-vtimezone 4 "BEGIN:VTIMEZONE has no END:VTIMEZONE"

# All of one event, then nothing: END:VCALENDAR missing after line 9.
crlf no-end-vcalendar "${HEAD[@]}" "${GOOD[@]}"
bad no-end-vcalendar 9 "END:VCALENDAR is missing"

# END:VEVENT missing: END:VCALENDAR on line 7 comes inside the VEVENT of line 4.
crlf no-end-vevent "${HEAD[@]}" BEGIN:VEVENT UID:open@example.org DTSTART:20260305T100000Z END:VCALENDAR
bad no-end-vevent 7 "END:VEVENT"
no_null no-end-vevent
like "$err" "END:VCALENDAR" "no-end-vevent: the message names the END:VCALENDAR it found"

# END:VEVENT missing before the next event: a BEGIN:VEVENT (line 7) inside the first one (line 4);
# the reader may also stop at the END:VCALENDAR (line 13) still inside the first.
crlf vevent-in-vevent "${HEAD[@]}" BEGIN:VEVENT UID:open@example.org DTSTART:20260305T100000Z \
	"${GOOD[@]}" END:VCALENDAR
bad vevent-in-vevent '(4|7|13)' "VEVENT"
no_null vevent-in-vevent

crlf wrong-end "${HEAD[@]}" BEGIN:VEVENT UID:w@example.org DTSTART:20260305T100000Z END:VTODO END:VCALENDAR
bad wrong-end 7 "END:VTODO.*END:VEVENT"

# ---- a 10 MB line ----
# A 10 MB DESCRIPTION on line 7; also folded into 74-octet lines, and as line 1.
# The refusal takes the reader a moment, not seconds: dipcal runs under a
# 3-second timeout here (exit 124 when it takes longer).
printf '#!/bin/sh\nexec timeout 3 "%s" "$@"\n' "$DIPCAL" >"$T/dipcal-3s"
chmod +x "$T/dipcal-3s"
MB10=$T/10mb
head -c 10485760 /dev/zero | tr '\0' x >"$MB10"
{
	printf '%s\r\n' "${HEAD[@]}" BEGIN:VEVENT UID:big@example.org DTSTART:20260305T100000Z
	printf 'DESCRIPTION:'
	cat "$MB10"
	printf '\r\n%s\r\n' END:VEVENT END:VCALENDAR
} >"$T/long-line.ics"
DIPCAL=$T/dipcal-3s bad long-line 7 "the line is longer than"

{
	printf '%s\r\n' "${HEAD[@]}" BEGIN:VEVENT UID:big@example.org DTSTART:20260305T100000Z
	printf 'DESCRIPTION:'
	fold -w 74 "$MB10" | sed -e '1!s/^/ /' -e 's/$/\r/'
	printf '%s\r\n' END:VEVENT END:VCALENDAR
} >"$T/long-folded.ics"
DIPCAL=$T/dipcal-3s bad long-folded 7 "the line is longer than"

{
	printf '%s\r\n' "${HEAD[@]}"
	printf 'X-WR-CALDESC:'
	cat "$MB10"
	printf '\r\n%s\r\n' "${GOOD[@]}" END:VCALENDAR
} >"$T/long-calendar-line.ics"
DIPCAL=$T/dipcal-3s bad long-calendar-line 4 "the line is longer than"

cp "$MB10" "$T/long-first-line.ics"
DIPCAL=$T/dipcal-3s bad long-first-line 1 "the line is longer than"
rm -f "$MB10" "$T"/long-*.ics

# ---- invalid dates and times ----

# invalid_date NAME LINE...: an event from line 4; the LINEs from line 7 on.
invalid_date() {
	local n=$1
	shift
	crlf "$n" "${HEAD[@]}" BEGIN:VEVENT UID:date@example.org DTSTAMP:20260101T000000Z "$@" END:VEVENT END:VCALENDAR
}
invalid_date feb-30 DTSTART:20260230T100000Z
bad feb-30 7 "invalid date or time in DTSTART"
invalid_date hour-25 DTSTART:20260305T250000Z
bad hour-25 7 "invalid date or time in DTSTART"
invalid_date month-13 'DTSTART;VALUE=DATE:20261305'
bad month-13 7 "invalid date or time in DTSTART"
invalid_date not-a-date DTSTART:tomorrow
bad not-a-date 7 "DTSTART"
invalid_date dtend-feb-31 DTSTART:20260305T100000Z DTEND:20260231T100000Z
bad dtend-feb-31 8 "invalid date or time in DTEND"
invalid_date exdate-mar-32 DTSTART:20260305T100000Z 'RRULE:FREQ=DAILY;COUNT=3' \
	EXDATE:20260332T100000Z
bad exdate-mar-32 9 "invalid date or time in EXDATE"
invalid_date rdate-apr-31 DTSTART:20260305T100000Z RDATE:20260431T100000Z
bad rdate-apr-31 8 "invalid date or time in RDATE"
invalid_date recurrence-id RECURRENCE-ID:20260229T100000Z DTSTART:20260305T100000Z
bad recurrence-id 7 "invalid date or time in RECURRENCE-ID"
invalid_date ends-before DTSTART:20260305T100000Z DTEND:20260305T090000Z
bad ends-before 8 "ends before it starts"
invalid_date negative-duration DTSTART:20260305T100000Z DURATION:-PT1H
bad negative-duration 8 "invalid DURATION"
invalid_date bad-duration DTSTART:20260305T100000Z 'DURATION:an hour'
bad bad-duration 8 "DURATION"
invalid_date date-and-time 'DTSTART;VALUE=DATE:20260305' DTEND:20260306T100000Z
bad date-and-time 8 "not both dates or both times"
invalid_date unknown-zone 'DTSTART;TZID=Mars/Olympus_Mons:20260305T100000'
bad unknown-zone 7 "unknown time zone 'Mars/Olympus_Mons'"
invalid_date no-dtstart 'SUMMARY:No start'
bad no-dtstart 4 "without DTSTART"
crlf no-uid "${HEAD[@]}" BEGIN:VEVENT DTSTAMP:20260101T000000Z DTSTART:20260305T100000Z END:VEVENT END:VCALENDAR
bad no-uid 4 "without UID"

# The same with LF line ends, and after folded lines: physical line numbers.
lf feb-30-lf "${HEAD[@]}" BEGIN:VEVENT UID:date@example.org DTSTAMP:20260101T000000Z DTSTART:20260230T100000Z \
	END:VEVENT END:VCALENDAR
bad feb-30-lf 7 "invalid date or time in DTSTART"
crlf after-folds "${HEAD[@]}" BEGIN:VEVENT UID:date@example.org 'SUMMARY:A title folded' ' over three' \
	' physical lines' DTSTAMP:20260101T000000Z DTSTART:20260230T100000Z END:VEVENT END:VCALENDAR
bad after-folds 10 "invalid date or time in DTSTART"

# ---- invalid RRULEs: the message names the RRULE's line (8) ----
# (In a database of their own: one that got in would make the agenda fail.)

DB_MAIN=$DB
DB=$T/rrule.db
run init
for rule in 'FREQ=SOMETIMES' 'FREQ=WEEKLY;BYDAY=XX' 'FREQ=WEEKLY;COUNT=3;UNTIL=20260401T000000Z' \
	'FREQ=MONTHLY;BYMONTHDAY=32' 'COUNT=3' 'FREQ=DAILY;INTERVAL=0' 'FREQ=YEARLY;BYMONTH=13' \
	'FREQ=YEARLY;BYWEEKNO=54'; do
	n=rrule-$(printf '%s' "$rule" | tr -c 'A-Za-z0-9\n' '-' | tr 'A-Z' 'a-z')
	crlf "$n" "${HEAD[@]}" BEGIN:VEVENT "UID:$n@example.org" DTSTAMP:20260101T000000Z DTSTART:20260305T100000Z \
		"RRULE:$rule" END:VEVENT END:VCALENDAR
	bad "$n" 8 "RRULE"
done
run agenda --from 2026-01-01 --to 2027-12-31
is "$rc${err:+: $err}" 0 "after the invalid RRULEs, the agenda still works"
DB=$DB_MAIN

# ---- other lines that are not iCalendar ----

crlf not-a-property "${HEAD[@]}" "${GOOD[@]}" 'this is not a property' END:VCALENDAR
bad not-a-property 10 "not a property line"
crlf not-a-property-in-event "${HEAD[@]}" BEGIN:VEVENT UID:p@example.org DTSTART:20260305T100000Z \
	'this is not a property' END:VEVENT END:VCALENDAR
bad not-a-property-in-event 7 "this is not a property"

# ---- one transaction: a broken second event leaves the first out ----

crlf second-broken "${HEAD[@]}" "${GOOD[@]}" BEGIN:VEVENT UID:broken@example.org DTSTAMP:20260101T000000Z \
	DTSTART:20260399T100000Z END:VEVENT END:VCALENDAR
bad second-broken 13 "invalid date or time in DTSTART"
run meeting list --json
is "$(json length)" 0 "the first, good event was not imported"

# With meetings already there: the first event would update one, the second is broken.
crlf good "${HEAD[@]}" "${GOOD[@]}" END:VCALENDAR
run import "$T/good.ics"
is "$rc: $out" "0: 1 added, 0 updated, 0 unchanged" "a good file imports"
crlf update-then-broken "${HEAD[@]}" BEGIN:VEVENT UID:good@example.org SEQUENCE:3 DTSTAMP:20260201T000000Z \
	DTSTART:20260306T100000Z 'SUMMARY:Moved' END:VEVENT \
	BEGIN:VEVENT UID:new@example.org DTSTAMP:20260101T000000Z DTSTART:20260230T100000Z END:VEVENT END:VCALENDAR
bad update-then-broken 14 "invalid date or time in DTSTART"
run meeting list --json
is "$(json '[.[] | [.uid, .title, .start]] | tojson')" '[["good@example.org","A good event","2026-03-05T10:00:00Z"]]' \
	"the meeting the first event would have updated is as it was"

# A broken third event after a VTIMEZONE, two good events and an override.
crlf third-broken "${HEAD[@]}" BEGIN:VTIMEZONE TZID:Europe/Berlin BEGIN:STANDARD DTSTART:19701025T030000 \
	TZOFFSETFROM:+0200 TZOFFSETTO:+0100 END:STANDARD END:VTIMEZONE \
	BEGIN:VEVENT UID:series@example.org DTSTAMP:20260101T000000Z 'DTSTART;TZID=Europe/Berlin:20260305T100000' \
	'RRULE:FREQ=WEEKLY;COUNT=3' END:VEVENT \
	BEGIN:VEVENT UID:series@example.org 'RECURRENCE-ID;TZID=Europe/Berlin:20260312T100000' DTSTAMP:20260101T000000Z \
	'DTSTART;TZID=Europe/Berlin:20260313T100000' END:VEVENT \
	BEGIN:VEVENT UID:third@example.org DTSTAMP:20260101T000000Z 'DTSTART;TZID=Europe/Berlin:20260305T100000' \
	'DTEND;TZID=Europe/Berlin:20260305T090000' END:VEVENT END:VCALENDAR
bad third-broken 28 "ends before it starts"

# From standard input: the file is named as such.
refused import - -- 5 "cannot import 'standard input': line 1: not an iCalendar file" "standard input, HTML" <"$T/html.ics"

done_testing
