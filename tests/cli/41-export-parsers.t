#!/bin/bash
# export, read by real parsers: ical.js (the parser inside Thunderbird,
# tests/js/occurrences.mjs) expands every export, and its occurrences (UTC
# instants, recurrences expanded, EXDATE removed) must be agenda --json's over
# the same window; python3-icalendar must parse it too, titles byte for byte.
# The file itself: UTF-8, CRLF, lines of at most 75 octets folded between
# characters, TEXT escaped, plain IANA TZIDs each with its VTIMEZONE, the
# properties a calendar needs, stable UIDs, SEQUENCE, STATUS, alarms,
# office terms, deadlines, and -o replacing the file atomically.
# Where node_modules (make check installs it with npm) or python3-icalendar
# is missing, those tests are skipped, and say so.
. "$(dirname "$0")/lib.sh"

JS_DIR=$TESTS_DIR/js
PY=/usr/bin/python3 # Debian's, with python3-icalendar; not whichever python3 is first on PATH

if ! command -v node >/dev/null 2>&1; then
	NO_JS="node not installed"
elif [ ! -f "$JS_DIR/node_modules/ical.js/package.json" ]; then
	NO_JS="ical.js not installed in tests/js/node_modules (npm install --prefix tests/js)"
else
	NO_JS=
fi
if [ ! -x "$PY" ]; then
	NO_PY="$PY not installed"
elif ! "$PY" -c 'import icalendar' 2>/dev/null; then
	NO_PY="python3-icalendar not installed"
else
	NO_PY=
fi

# export_to FILE ARGS...: dipcal export ARGS > FILE, byte for byte; sets $rc.
export_to() {
	local f=$1
	shift
	"$DIPCAL" --db "$DB" export "$@" >"$f" 2>"$T/stderr"
	rc=$?
}

# ics_unfold FILE: the logical lines, LF-terminated (RFC 5545 3.1).
ics_unfold() {
	perl -0777 -pe 's/\r\n[ \t]//g; s/\r\n/\n/g' "$1"
}

# ics_prop FILE UID PROP: the raw (escaped) value of PROP in the component with
# UID, outside its VALARMs; one line per occurrence of the property.
ics_prop() {
	ics_unfold "$1" | UID_="$2" PROP="$3" perl -ne '
		chomp;
		if (/^BEGIN:(VEVENT|VTODO)$/) { $in = 1; $alarm = 0; @v = (); $uid = ""; next }
		if ($in && /^BEGIN:VALARM$/) { $alarm = 1; next }
		if ($in && /^END:VALARM$/) { $alarm = 0; next }
		if ($in && /^END:(VEVENT|VTODO)$/) { print "$_\n" for ($uid eq $ENV{UID_} ? @v : ()); $in = 0; next }
		next unless $in && !$alarm;
		$uid = $1 if /^UID:(.*)$/;
		if (/^\Q$ENV{PROP}\E:(.*)$/) { push @v, $1 } elsif (/^\Q$ENV{PROP}\E(;.*)$/) { push @v, $1 }'
}

# icaljs FILE FROM TO: ical.js's occurrences in [FROM, TO), as sorted JSON; sets $rc.
icaljs() {
	node "$JS_DIR/occurrences.mjs" "$1" "$2" "$3" 2>"$T/stderr" >"$T/icaljs.json"
	rc=$?
	jq -S 'sort_by(.start, .uid, .end)' "$T/icaljs.json"
}

# agenda_occ FROM TO [ARGS...]: agenda --json --tz UTC (dates inclusive) in the same shape.
agenda_occ() {
	local from=$1 to=$2
	shift 2
	"$DIPCAL" --db "$DB" agenda --json --from "$from" --to "$to" --tz UTC "$@" |
		jq -S '[.[] | {uid, start, "end": .end, all_day}] | sort_by(.start, .uid, .end)'
}

# compare_icaljs NAME FILE FROM TO [JQ-FILTER]: ical.js over FILE in [FROM, TO+1 day)
# is the agenda of FROM..TO (after JQ-FILTER on ical.js's side).
compare_icaljs() {
	local name=$1 file=$2 from=$3 to=$4 filter=${5:-.} got want end
	if [ -n "$NO_JS" ]; then
		skip "$name: $NO_JS"
		return
	fi
	end=$(date -u -d "$to + 1 day" +%Y-%m-%d)
	got=$(icaljs "$file" "$from" "$end" | jq -S "$filter")
	if [ "$rc" -ne 0 ]; then
		is "$rc: $(cat "$T/stderr")" 0 "$name: ical.js parses the file"
		return
	fi
	want=$(agenda_occ "$from" "$to")
	if [ "$(printf '%s' "$want" | jq length)" -eq 0 ]; then
		is "the agenda is empty" "occurrences to compare" "$name"
		return
	fi
	if [ "$got" = "$want" ]; then
		is same same "$name ($(printf '%s' "$want" | jq length) occurrences)"
	else
		is "ical.js and the agenda differ" same "$name"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/#   agenda < > ical.js: /' | head -40
	fi
}

# pyics FILE: python3-icalendar's reading of FILE as JSON (one object per VEVENT
# or VTODO: uid, summary, location, description, status, sequence, dtstart,
# dtend, due in UTC or as dates, alarms); sets $rc.
pyics() {
	"$PY" - "$1" >"$T/py.json" 2>"$T/stderr" <<'EOF'
import datetime, json, sys
from icalendar import Calendar

with open(sys.argv[1], 'rb') as f:
    cal = Calendar.from_ical(f.read())
out = []
for c in cal.walk():
    if c.name not in ('VEVENT', 'VTODO'):
        continue
    o = {'kind': c.name, 'uid': str(c['UID'])}
    for k in ('SUMMARY', 'LOCATION', 'DESCRIPTION', 'STATUS'):
        if k in c:
            o[k.lower()] = str(c[k])
    for k in ('DTSTART', 'DTEND', 'DUE'):
        if k in c:
            v = c.decoded(k)
            if isinstance(v, datetime.datetime):
                if v.tzinfo is None:
                    sys.exit('%s: %s is a floating time' % (o['uid'], k))
                v = v.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
            else:
                v = v.isoformat()
            o[k.lower()] = v
    if 'DTEND' not in c and 'DURATION' in c and isinstance(c.decoded('DTSTART'), datetime.datetime):
        end = c.decoded('DTSTART') + c.decoded('DURATION')
        o['dtend'] = end.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    if 'SEQUENCE' in c:
        o['sequence'] = int(c['SEQUENCE'])
    o['alarms'] = [[str(a['ACTION']), a['TRIGGER'].to_ical().decode()] for a in c.walk('VALARM')]
    out.append(o)
json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
EOF
	rc=$?
	cat "$T/py.json"
}

# line_checks NAME FILE: the octet-level rules of RFC 5545 3.1 and 3.3.11.
line_checks() {
	local name=$1 f=$2 got
	got=$(perl -MEncode -0777 -ne 'eval { Encode::decode("UTF-8", $_, Encode::FB_CROAK); 1 } or print "not UTF-8: $@"' "$f")
	is "$got" "" "$name: the file is UTF-8"
	got=$(perl -0777 -ne '
		print "a line ends without CRLF\n" if /(?<!\r)\n/;
		print "a CR without LF\n" if /\r(?!\n)/;
		print "the file does not end with CRLF\n" unless /\r\n\z/;' "$f")
	is "$got" "" "$name: every line ends with CRLF"
	got=$(perl -ne 's/\r\n\z//; print "line $.: ", length($_), " octets\n" if length($_) > 75' "$f" | head -5)
	is "$got" "" "$name: no line is longer than 75 octets"
	got=$(perl -MEncode -ne 's/\r\n\z//; my $l = $_;
		eval { Encode::decode("UTF-8", $l, Encode::FB_CROAK); 1 } or print "line $.: a UTF-8 sequence cut by a fold\n"' "$f" | head -5)
	is "$got" "" "$name: no fold splits a UTF-8 sequence"
	got=$(ics_unfold "$f" | grep -vnE '^[A-Z][A-Z0-9-]*[;:]' | head -5)
	is "$got" "" "$name: every unfolded line is NAME[;params]:value (no raw newline in a value)"
	got=$(ics_unfold "$f" | perl -ne 'chomp; next unless s/^(SUMMARY|LOCATION|DESCRIPTION|COMMENT):// || s/^(SUMMARY|LOCATION|DESCRIPTION|COMMENT);[^:]*://;
		my $v = $_; $v =~ s/\\[\\;,nN]//g; print "line $.: $_\n" if $v =~ /[\\;,]/' | head -5)
	is "$got" "" "$name: , ; \\ and newlines escaped in TEXT values"
	got=$(grep -ciE 'freeassociation|TZID[=:]/' "$f")
	is "$got" 0 "$name: no TZID with libical's /freeassociation.sourceforge.net/ prefix"
	got=$(ics_unfold "$f" | grep -oE '(^TZID:|;TZID=)[^:;]*' | sed 's/^;*TZID[=:]//' | sort -u |
		while read -r z; do
			if ! printf '%s\n' "$z" | grep -qE '^(UTC|[A-Za-z]+(/[A-Za-z0-9_+-]+)+)$' ||
				[ ! -f "/usr/share/zoneinfo/$z" ]; then
				echo "$z"
			fi
		done)
	is "$got" "" "$name: every TZID is a plain IANA zone name"
	got=$(ics_unfold "$f" | grep -oE ';TZID=[^:;]*' | sed 's/^;TZID=//' | sort -u |
		while read -r z; do
			ics_unfold "$f" | grep -qxF "TZID:$z" || echo "$z"
		done)
	is "$got" "" "$name: every TZID used has its VTIMEZONE"
}

# missing_props FILE PROP...: for each meeting VEVENT (not the office terms)
# "UID: the properties it lacks", outside its VALARMs.
missing_props() {
	local f=$1
	shift
	ics_unfold "$f" | WANT="$*" perl -ne '
		chomp;
		if (/^BEGIN:VEVENT$/) { $in = 1; %have = (); $uid = "?"; next }
		if (/^BEGIN:VALARM$/) { $alarm = 1; next }
		if (/^END:VALARM$/) { $alarm = 0; next }
		if ($in && /^END:VEVENT$/) {
			$in = 0;
			next if $uid =~ /^rotation-/;
			my @m = grep { !$have{$_} } split " ", $ENV{WANT};
			print "$uid: @m\n" if @m;
			next;
		}
		next unless $in && !$alarm;
		$uid = $1 if /^UID:(.*)$/;
		$have{$1} = 1 if /^([A-Z][A-Z0-9-]*)[;:]/;'
}

# ---- fixtures ----

AR='اجتماع، القمة; 1'
RU='Совещание, №1; Ташкент'
BS='Path C:\dipcal\share, then; a trailing \'
LIT='A literal \n, \N and \; are text'
NOTES='First line, with a comma;
second line \ with a backslash'
LONG="$AR — $RU — $AR — $RU — $AR — $RU — $AR — $RU"

run init
run state add BE Belgium --tz Europe/Brussels --capital Brussels
run state add US 'United States' --tz America/New_York --capital Washington
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add TST 'Test Council; Central Asia, Europe'
is "$rc" 0 "fixtures: states and a body"

# Weekly at 10:00 in Brussels across the change to summer time (2026-03-29), one left out.
run meeting add TST --start '2026-03-05 10:00' --tz Europe/Brussels --duration 2h --host BE \
	--rrule 'FREQ=WEEKLY;COUNT=8' --exdate 2026-03-19 --status confirmed --title "$AR" --venue "$RU"
bru=$out
# Mondays at 09:30 in New York across its change (2026-03-08), until a UTC instant, one left out.
run meeting add TST --start '2026-03-02 09:30' --tz America/New_York --duration 90m --host US \
	--rrule 'FREQ=WEEKLY;BYDAY=MO;UNTIL=20260330T235959Z' --exdate '2026-03-16 09:30' \
	--status proposed --title "$RU" --venue "$AR" --city 'New York'
nyc=$out
# Two days, all day.
run meeting add TST --start 2026-03-10 --end 2026-03-11 --host UZ --title "$BS" --notes "$NOTES"
allday=$out
run meeting add TST --start '2026-03-11 12:00' --tz Asia/Tashkent --title "$LIT"
lit=$out
run meeting add TST --start '2026-03-12 15:00' --tz Asia/Tashkent --title 'Dropped, for now; sine die'
cancelled=$out
run meeting cancel "$cancelled" --reason 'no quorum'
# A single meeting on the day of the change, and a long title in UTC (folded lines).
run meeting add TST --start '2026-03-29 10:00' --host BE --title 'On the day of the change'
onday=$out
run meeting add TST --start '2026-04-15 06:00Z' --tz UTC --duration 45m --title "$LONG" --notes "$NOTES"
long=$out
is "$(for id in "$bru" "$nyc" "$allday" "$lit" "$cancelled" "$onday" "$long"; do
	case $id in '' | *[!0-9]*) echo "not an id: '$id'" ;; esac
done)" "" "fixtures: seven meetings added"

run meeting list --json
printf '%s' "$out" >"$T/meetings.json"
uid_of() { jq -r --argjson id "$1" '.[] | select(.id == $id) | .uid' "$T/meetings.json"; }
UID_BRU=$(uid_of "$bru") UID_NYC=$(uid_of "$nyc") UID_ALLDAY=$(uid_of "$allday")
UID_CANCELLED=$(uid_of "$cancelled") UID_LONG=$(uid_of "$long") UID_LIT=$(uid_of "$lit")

# ---- one export, every check ----

ICS=$T/cal.ics
export_to "$ICS"
is "$rc" 0 "export exits 0"
is "$(cat "$T/stderr")" "" "export writes nothing to stderr"
is "$(head -c 17 "$ICS" | od -An -tx1 | tr -d ' \n')" "$(printf 'BEGIN:VCALENDAR\r\n' | od -An -tx1 | tr -d ' \n')" \
	"the file begins with BEGIN:VCALENDAR CRLF"
line_checks export "$ICS"
folded=$(grep -c '^ ' "$ICS")
[ "$folded" -ge 3 ]
ok $? "long values are folded: $folded continuation lines (the fold checks above are not vacuous)"
is "$(ics_unfold "$ICS" | grep -cx 'BEGIN:VEVENT')" 7 "one VEVENT per meeting"
is "$(missing_props "$ICS" UID DTSTAMP CREATED LAST-MODIFIED SEQUENCE DTSTART DTEND SUMMARY STATUS)" "" \
	"each VEVENT has UID, DTSTAMP, CREATED, LAST-MODIFIED, SEQUENCE, DTSTART, DTEND, SUMMARY, STATUS"
is "$(ics_unfold "$ICS" | sed -n 's/^UID://p' | sort | paste -sd' ')" \
	"$(jq -r '[.[].uid] | sort | join(" ")' "$T/meetings.json")" "the UIDs are the meetings' uids"

# TEXT escaping, exactly.
is "$(ics_prop "$ICS" "$UID_BRU" SUMMARY)" 'اجتماع، القمة\; 1' "Arabic title: ';' escaped, the Arabic comma kept"
is "$(ics_prop "$ICS" "$UID_NYC" SUMMARY)" 'Совещание\, №1\; Ташкент' "Cyrillic title: ',' and ';' escaped"
is "$(ics_prop "$ICS" "$UID_ALLDAY" SUMMARY)" 'Path C:\\dipcal\\share\, then\; a trailing \\' "backslashes doubled"
is "$(ics_prop "$ICS" "$UID_LIT" SUMMARY)" 'A literal \\n\, \\N and \\\; are text' "a literal backslash-n is not a newline"
like "$(ics_prop "$ICS" "$UID_ALLDAY" DESCRIPTION)" 'First line\\, with a comma\\;\\nsecond line \\\\ with a backslash$' \
	"notes: newline as \\n, ',' ';' '\\' escaped"
is "$(ics_prop "$ICS" "$UID_NYC" LOCATION)" 'اجتماع، القمة\; 1\, New York\, United States' "LOCATION escaped"

# Times: zones, all-day dates, UTC.
is "$(ics_prop "$ICS" "$UID_BRU" DTSTART)" ';TZID=Europe/Brussels:20260305T100000' "DTSTART in the meeting's zone"
is "$(ics_prop "$ICS" "$UID_BRU" EXDATE)" ';TZID=Europe/Brussels:20260319T100000' "EXDATE in the meeting's zone"
is "$(ics_prop "$ICS" "$UID_NYC" RRULE)" 'FREQ=WEEKLY;UNTIL=20260330T235959Z;BYDAY=MO' "RRULE with a UTC UNTIL"
is "$(ics_prop "$ICS" "$UID_ALLDAY" DTSTART) $(ics_prop "$ICS" "$UID_ALLDAY" DTEND)" \
	';VALUE=DATE:20260310 ;VALUE=DATE:20260312' "all day: DATE values, DTEND the day after the last"
is "$(ics_prop "$ICS" "$UID_LONG" DTSTART)" '20260415T060000Z' "a meeting in UTC: a UTC DATE-TIME"
is "$(ics_unfold "$ICS" | sed -n 's/^TZID://p' | sort | paste -sd' ')" \
	'America/New_York Asia/Tashkent Europe/Brussels' "one VTIMEZONE per zone used"

# STATUS from the meeting's status.
is "$(for u in "$UID_BRU" "$UID_NYC" "$UID_ALLDAY" "$UID_CANCELLED"; do ics_prop "$ICS" "$u" STATUS; done | paste -sd' ')" \
	'CONFIRMED TENTATIVE TENTATIVE CANCELLED' "STATUS: confirmed, proposed, planned, cancelled"

# ---- ical.js: the occurrences are the agenda's ----

compare_icaljs "ical.js = agenda, 2026" "$ICS" 2026-01-01 2026-12-31
compare_icaljs "ical.js = agenda, around the changes (2026-03-01..2026-04-05)" "$ICS" 2026-03-01 2026-04-05
if [ -z "$NO_JS" ]; then
	got=$(icaljs "$ICS" 2026-03-01 2026-05-01 | jq -c --arg u "$UID_BRU" '[.[] | select(.uid == $u) | .start]')
	is "$got" '["2026-03-05T09:00:00Z","2026-03-12T09:00:00Z","2026-03-26T09:00:00Z","2026-04-02T08:00:00Z","2026-04-09T08:00:00Z","2026-04-16T08:00:00Z","2026-04-23T08:00:00Z"]' \
		"ical.js: 10:00 in Brussels is 09:00Z in winter, 08:00Z in summer; 19 March left out"
	got=$(icaljs "$ICS" 2026-03-01 2026-05-01 | jq -c --arg u "$UID_NYC" '[.[] | select(.uid == $u) | .start]')
	is "$got" '["2026-03-02T14:30:00Z","2026-03-09T13:30:00Z","2026-03-23T13:30:00Z","2026-03-30T13:30:00Z"]' \
		"ical.js: 09:30 in New York is 14:30Z, then 13:30Z; 16 March left out; UNTIL kept"
	got=$(icaljs "$ICS" 2026-03-01 2026-05-01 | jq -c --arg u "$UID_ALLDAY" '[.[] | select(.uid == $u) | [.start, .end, .all_day]]')
	is "$got" '[["2026-03-10","2026-03-12",true]]' "ical.js: the all-day meeting as dates"
	printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Nowhere/Zone:20260101T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$T/nozone.ics"
	node "$JS_DIR/occurrences.mjs" "$T/nozone.ics" 2026-01-01 2026-02-01 >/dev/null 2>&1
	is "$?" 1 "occurrences.mjs: a TZID without VTIMEZONE is an error, not a floating time"
	printf 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;broken\r\n' >"$T/broken.ics"
	node "$JS_DIR/occurrences.mjs" "$T/broken.ics" 2026-01-01 2026-02-01 >/dev/null 2>&1
	is "$?" 1 "occurrences.mjs: a parse error exits non-zero"
else
	skip "ical.js: the Brussels series in UTC: $NO_JS"
	skip "ical.js: the New York series in UTC: $NO_JS"
	skip "ical.js: the all-day meeting: $NO_JS"
	skip "occurrences.mjs: a TZID without VTIMEZONE: $NO_JS"
	skip "occurrences.mjs: a parse error: $NO_JS"
fi

# An export limited by --from/--to still carries the zones its events need.
export_to "$T/window.ics" --from 2026-03-25 --to 2026-04-05
is "$rc" 0 "export --from --to exits 0"
compare_icaljs "ical.js = agenda, export --from 2026-03-25 --to 2026-04-05" "$T/window.ics" 2026-03-25 2026-04-05

# ical.js reads every title and venue back as it was given.
if [ -z "$NO_JS" ]; then
	node "$JS_DIR/text.mjs" "$ICS" >"$T/js-text.json" 2>"$T/stderr"
	is "$?: $(cat "$T/stderr")" "0: " "ical.js: the TEXT values parse"
	got=$(jq -S '[.[] | {uid, title: .summary}] | sort_by(.uid)' "$T/js-text.json")
	want=$(jq -S '[.[] | {uid, title}] | sort_by(.uid)' "$T/meetings.json")
	is "$got" "$want" "ical.js: every title round-trips"
	jstext() { jq -r --arg u "$1" --arg k "$2" '.[] | select(.uid == $u) | .[$k]' "$T/js-text.json"; }
	is "$(jstext "$UID_BRU" summary | od -An -tx1)" "$(printf '%s\n' "$AR" | od -An -tx1)" "ical.js: the Arabic title, byte for byte"
	is "$(jstext "$UID_NYC" summary | od -An -tx1)" "$(printf '%s\n' "$RU" | od -An -tx1)" "ical.js: the Cyrillic title, byte for byte"
	is "$(jstext "$UID_ALLDAY" summary | od -An -tx1)" "$(printf '%s\n' "$BS" | od -An -tx1)" "ical.js: backslashes, byte for byte"
	is "$(jstext "$UID_LIT" summary | od -An -tx1)" "$(printf '%s\n' "$LIT" | od -An -tx1)" "ical.js: a literal backslash-n, byte for byte"
	is "$(jstext "$UID_BRU" location)" "$RU, Belgium" "ical.js: the Cyrillic venue"
	is "$(jstext "$UID_LONG" description | tail -2)" "$NOTES" "ical.js: multi-line notes with , ; \\"
else
	for what in "parse" "titles" "Arabic" "Cyrillic" "backslashes" "literal backslash-n" "venue" "notes"; do
		skip "ical.js: TEXT values: $what: $NO_JS"
	done
fi

# ---- python3-icalendar ----

if [ -z "$NO_PY" ]; then
	py=$(pyics "$ICS")
	is "$rc: $(cat "$T/stderr")" "0: " "python3-icalendar parses the export"
	printf '%s' "$py" >"$T/py-main.json"
	# python3-icalendar 4.0.3 (Debian 12) unescapes "\\n" (an escaped backslash,
	# then n) as a newline: the title with a literal backslash-n is left to ical.js.
	got=$(jq -S --arg lit "$UID_LIT" '[.[] | select(.uid != $lit) | {uid, title: .summary}] | sort_by(.uid)' "$T/py-main.json")
	want=$(jq -S --arg lit "$UID_LIT" '[.[] | select(.uid != $lit) | {uid, title}] | sort_by(.uid)' "$T/meetings.json")
	is "$got" "$want" "python3-icalendar: every title round-trips"
	pytitle() { jq -r --arg u "$1" '.[] | select(.uid == $u) | .summary' "$T/py-main.json"; }
	is "$(pytitle "$UID_BRU" | od -An -tx1)" "$(printf '%s\n' "$AR" | od -An -tx1)" "python3-icalendar: the Arabic title, byte for byte"
	is "$(pytitle "$UID_NYC" | od -An -tx1)" "$(printf '%s\n' "$RU" | od -An -tx1)" "python3-icalendar: the Cyrillic title, byte for byte"
	is "$(pytitle "$UID_ALLDAY" | od -An -tx1)" "$(printf '%s\n' "$BS" | od -An -tx1)" "python3-icalendar: backslashes, byte for byte"
	is "$(pytitle "$UID_LONG")" "$LONG" "python3-icalendar: the folded long title"
	is "$(jq -r --arg u "$UID_LONG" '.[] | select(.uid == $u) | .description' "$T/py-main.json" | tail -2)" "$NOTES" \
		"python3-icalendar: multi-line notes with , ; \\"
	got=$(jq -S '[.[] | {uid, start: .dtstart, "end": .dtend}] | sort_by(.uid)' "$T/py-main.json")
	want=$(jq -S '[.[] | {uid, start, "end": .end}] | sort_by(.uid)' "$T/meetings.json")
	is "$got" "$want" "python3-icalendar: each DTSTART/DTEND is the meeting's first start and end"
else
	for what in "parses the export" "titles" "Arabic" "Cyrillic" "backslashes" "long title" "notes" "DTSTART/DTEND"; do
		skip "python3-icalendar: $what: $NO_PY"
	done
fi

# ---- stable UIDs, SEQUENCE ----

export_to "$T/again.ics"
is "$(ics_unfold "$T/again.ics" | grep '^UID:' | sort)" "$(ics_unfold "$ICS" | grep '^UID:' | sort)" \
	"a second export has the same UIDs"
cmp -s "$ICS" "$T/again.ics"
ok $? "a second export at the same time is byte for byte the same"
seq_before=$(ics_prop "$ICS" "$UID_BRU" SEQUENCE)
run --now '2026-02-01 12:00' meeting set "$bru" --venue 'Palais d’Egmont, Brussels' --reason 'venue fixed'
is "$rc" 0 "meeting set --venue"
export_to "$T/changed.ics"
is "$(ics_prop "$T/changed.ics" "$UID_BRU" SEQUENCE)" "$((seq_before + 1))" "SEQUENCE rises by one after meeting set"
is "$(ics_prop "$T/changed.ics" "$UID_BRU" LAST-MODIFIED)" 20260201T070000Z "LAST-MODIFIED is the change's time (UTC)"
is "$(ics_prop "$T/changed.ics" "$UID_BRU" CREATED)" "$(ics_prop "$ICS" "$UID_BRU" CREATED)" "CREATED stays"
is "$(ics_prop "$T/changed.ics" "$UID_NYC" SEQUENCE)" "$(ics_prop "$ICS" "$UID_NYC" SEQUENCE)" \
	"another meeting's SEQUENCE stays"
is "$(ics_unfold "$T/changed.ics" | grep '^UID:' | sort)" "$(ics_unfold "$ICS" | grep '^UID:' | sort)" \
	"the UIDs stay after a change"
is "$(ics_prop "$T/changed.ics" "$UID_BRU" LOCATION)" 'Palais d’Egmont\, Brussels\, Belgium' "the new venue, escaped"

# ---- alarms ----

export_to "$T/alarms.ics" --alarm 1d,1h
is "$rc" 0 "export --alarm 1d,1h exits 0"
line_checks "--alarm" "$T/alarms.ics"
got=$(ics_unfold "$T/alarms.ics" | perl -ne '
	chomp;
	if (/^BEGIN:VEVENT$/) { $uid = ""; @a = (); next }
	if (/^BEGIN:VALARM$/) { $in = 1; $act = $trig = ""; next }
	if (/^END:VALARM$/) { $in = 0; push @a, "$act $trig"; next }
	$uid = $1 if !$in && /^UID:(.*)$/;
	$act = $1 if $in && /^ACTION:(.*)$/;
	$trig = $1 if $in && /^TRIGGER[;:](.*)$/;
	print join(",", @a), "\n" if /^END:VEVENT$/;' | sort | uniq -c | sed 's/^ *//')
is "$got" "7 DISPLAY -P1D,DISPLAY -PT1H" "each VEVENT: two VALARMs, ACTION:DISPLAY, TRIGGER -P1D and -PT1H"
compare_icaljs "ical.js = agenda, export --alarm 1d,1h" "$T/alarms.ics" 2026-01-01 2026-12-31
if [ -z "$NO_PY" ]; then
	got=$(pyics "$T/alarms.ics" | jq -c '[.[].alarms] | unique')
	is "$rc $got" '0 [[["DISPLAY","-P1D"],["DISPLAY","-PT1H"]]]' "python3-icalendar: the two alarms of each event"
else
	skip "python3-icalendar: alarms: $NO_PY"
fi

# ---- -o FILE: the same content, replaced atomically ----

mkdir "$T/out"
run export -o "$T/out/cal.ics" --alarm 1d,1h
is "$rc:$out$err" 0: "export -o FILE exits 0, prints nothing"
cmp -s "$T/out/cal.ics" "$T/alarms.ics"
ok $? "-o FILE holds what standard output gets"
is "$(ls -A "$T/out")" cal.ics "-o leaves no temporary file behind"
inode=$(stat -c %i "$T/out/cal.ics")
run meeting set "$long" --title 'Renamed, again'
run export -o "$T/out/cal.ics" --alarm 1d,1h
is "$rc" 0 "export -o over an existing file exits 0"
new_inode=$(stat -c %i "$T/out/cal.ics")
[ "$new_inode" != "$inode" ]
ok $? "-o replaces the file by a rename (a new inode), not by rewriting it in place"
is "$(ics_prop "$T/out/cal.ics" "$UID_LONG" SUMMARY)" 'Renamed\, again' "the replaced file has the change"
is "$(ls -A "$T/out")" cal.ics "still no temporary file"
run export -o "$T/no/such/dir/cal.ics"
is "$rc" 1 "-o into a missing directory: exit 1"
[ ! -e "$T/no" ]
ok $? "-o into a missing directory creates nothing"

# ---- the repeated hour: a meeting keeps its length ----
# 2026-10-25 02:00-03:00 happens twice in Brussels. A one-hour meeting from the
# first 02:30 (00:30Z) ends at the second 02:30 (01:30Z): the same wall-clock
# time. Written as DTSTART and DTEND;TZID=Europe/Brussels:20261025T023000, it
# ends when it starts for every reader (RFC 5545 3.3.5 reads both as the
# first); its end needs another form (DURATION, or UTC). Only the length is
# compared: ical.js and python3-icalendar read an ambiguous local time as the
# second (01:30Z), not the first that RFC 5545 and dipcal take.

DB_MAIN=$DB
DB=$T/fall.db
run init
run body add FALL 'Fall back'
run meeting add FALL --start '2026-10-25 02:30' --tz Europe/Brussels --duration 1h --title 'In the repeated hour'
run agenda --json --from 2026-10-25 --to 2026-10-25 --tz UTC
is "$(json '.[0] | [.start, .end] | join(" ")')" '2026-10-25T00:30:00Z 2026-10-25T01:30:00Z' \
	"agenda: 02:30 in the repeated hour is the first (00:30Z), one hour long"
export_to "$T/fall.ics"
line_checks "repeated hour" "$T/fall.ics"
if [ -z "$NO_JS" ]; then
	got=$(icaljs "$T/fall.ics" 2026-10-24 2026-10-27 |
		jq -r '.[0] | ((.end | fromdateiso8601) - (.start | fromdateiso8601)) | tostring')
	is "$got" 3600 "ical.js: the meeting in the repeated hour lasts one hour"
else
	skip "ical.js: the meeting in the repeated hour: $NO_JS"
fi
if [ -z "$NO_PY" ]; then
	got=$(pyics "$T/fall.ics" | jq -r '.[0] | ((.dtend | fromdateiso8601) - (.dtstart | fromdateiso8601)) | tostring')
	is "$got" 3600 "python3-icalendar: the meeting in the repeated hour lasts one hour"
else
	skip "python3-icalendar: the meeting in the repeated hour: $NO_PY"
fi
DB=$DB_MAIN

# ---- the demo: office terms (--rotations) and deadlines (--deadlines) ----

DB=$T/demo.db
run init --demo
is "$rc" 0 "init --demo"
run deadline add 9 'Draft declaration, final; v2' --due '2026-11-20 18:00'
run deadline add 9 'Записка; проект, №2' --due '2026-06-01 09:00Z'
export_to "$T/demo.ics" --rotations --deadlines
is "$rc" 0 "export --rotations --deadlines exits 0"
line_checks demo "$T/demo.ics"
is "$(missing_props "$T/demo.ics" UID DTSTAMP CREATED LAST-MODIFIED SEQUENCE DTSTART DTEND)" "" \
	"demo: each meeting VEVENT has UID, DTSTAMP, CREATED, LAST-MODIFIED, SEQUENCE, DTSTART, DTEND"
got=$(ics_unfold "$T/demo.ics" | perl -ne '
	chomp;
	if (/^BEGIN:VEVENT$/) { $in = 1; %h = (); $uid = ""; next }
	if ($in && /^END:VEVENT$/) { $in = 0; print join(" ", sort keys %h), "\n" if $uid =~ /^rotation-/; next }
	next unless $in;
	$uid = $1 if /^UID:(.*)$/;
	$h{$1} = 1 if /^(DTSTAMP|DTSTART;VALUE=DATE|DTEND;VALUE=DATE|SUMMARY|TRANSP):/;' | sort -u)
is "$got" 'DTEND;VALUE=DATE DTSTAMP DTSTART;VALUE=DATE SUMMARY TRANSP' \
	"office terms: all-day VEVENTs with DTSTAMP, DATE DTSTART/DTEND, SUMMARY, TRANSP"
chairs=$(ics_unfold "$T/demo.ics" | grep -c '^SUMMARY:Chair of CAHS: ')
[ "$chairs" -ge 10 ]
ok $? "--rotations: all-day events 'Chair of CAHS: ...' ($chairs)"
compare_icaljs "ical.js = agenda, the demo 2018..2027 (office terms set aside)" "$T/demo.ics" 2018-01-01 2027-12-31 \
	'[.[] | select(.uid | startswith("rotation-") | not)]'
if [ -z "$NO_JS" ]; then
	got=$(icaljs "$T/demo.ics" 2018-01-01 2030-01-01 |
		jq -c '[.[] | select(.uid | startswith("rotation-CAHS-chair-")) | [.start, .end]]')
	want=$("$DIPCAL" --db "$DB" rotation show CAHS chair --from 2018-01-01 --to 2029-12-31 --json | jq -c '[.[] | [.start, .end]]')
	is "$got" "$want" "ical.js: the chair's terms are rotation show's"
else
	skip "ical.js: the chair's terms: $NO_JS"
fi
is "$(ics_unfold "$T/demo.ics" | grep -cx 'BEGIN:VTODO')" 2 "--deadlines: one VTODO per deadline"
is "$(ics_unfold "$T/demo.ics" | sed -n 's/^DUE[;:]//p' | sort | paste -sd' ')" \
	'20260601T090000Z 20261120T130000Z' "VTODO DUE in UTC (18:00 in Ashgabat is 13:00Z)"
if [ -z "$NO_PY" ]; then
	pyics "$T/demo.ics" >"$T/py-demo.json"
	is "$rc: $(cat "$T/stderr")" "0: " "python3-icalendar parses the demo export"
	is "$(jq -r '[.[] | select(.kind == "VTODO") | "\(.due) \(.summary)"] | sort | join("|")' "$T/py-demo.json")" \
		'2026-06-01T09:00:00Z Записка; проект, №2|2026-11-20T13:00:00Z Draft declaration, final; v2' \
		"python3-icalendar: the VTODOs, their DUE and titles"
	names=$("$DIPCAL" --db "$DB" state list --json | jq -c 'map({key: .code, value: .name}) | from_entries')
	want=$("$DIPCAL" --db "$DB" rotation show CAHS chair --from 2018-01-01 --to 2029-12-31 --json |
		jq -c --argjson n "$names" '[.[] | "\(.start) Chair of CAHS: \($n[.holder])"]')
	got=$(jq -c '[.[] | select(.uid | startswith("rotation-CAHS-chair-")) | "\(.dtstart) \(.summary)"]
		| sort | map(select(.[0:10] < "2029-12-31"))' "$T/py-demo.json")
	is "$got" "$want" "python3-icalendar: 'Chair of CAHS: <state>' for each term"
else
	for what in "parses the demo" "VTODOs" "chair terms"; do
		skip "python3-icalendar: $what: $NO_PY"
	done
fi
DB=$DB_MAIN

# ---- meetings in the order of their ids, whatever their dates; a long line ----

DB=$T/ties.db
run init
run state add UZ Uzbekistan --tz Asia/Tashkent --capital Tashkent
run body add TST 'Test Council'
timed= allday=
# Added in turn, timed and all-day; their lengths put the timed ones in another order by end.
for t in Zeta:4h Alpha:5h Mu:2h; do
	run meeting add TST --start '2026-05-04 10:00' --tz Asia/Tashkent --title "${t%%:*}" --duration "${t#*:}"
	timed="$timed $out"
	run meeting add TST --start 2026-05-04 --host UZ --title "All day ${t%%:*}"
	allday="$allday $out"
done
# 10:00 in Tashkent is 05:00Z: a title of 147 octets of ASCII with nowhere to break, at the same second.
run meeting add TST --start '2026-05-04 05:00Z' --tz UTC --title "$(printf 'x%.0s' $(seq 147))"
timed="$timed $out"
uids_of() {
	for id in "$@"; do "$DIPCAL" --db "$DB" meeting show "$id" --json | jq -r .uid; done | paste -sd' '
}
export_to "$T/ties.ics" --alarm 1h
is "$rc" 0 "same-second meetings: export exits 0"
# shellcheck disable=SC2086 # lists of ids
ids=$(printf '%s\n' $timed $allday | sort -n | paste -sd' ')
# shellcheck disable=SC2086
is "$(ics_unfold "$T/ties.ics" | sed -n 's/^UID://p' | paste -sd' ')" "$(uids_of $ids)" \
	"the meetings come in the order of their ids, those that start at the same second too"
first=${ids%% *}
run meeting set "$first" --start '2026-09-01 10:00'
export_to "$T/ties2.ics" --alarm 1h
# shellcheck disable=SC2086
is "$(ics_unfold "$T/ties2.ics" | sed -n 's/^UID://p' | paste -sd' ')" "$(uids_of $ids)" \
	"a meeting moved to another date keeps its place in the file"
line_checks ties "$T/ties.ics"
is "$(grep -c $'^ x\\{73\\}\r$' "$T/ties.ics")" 2 \
	"the 147-octet title and its alarm: the last 73 octets on one line, ending in CRLF"
DB=$DB_MAIN

done_testing
