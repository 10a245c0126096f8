#!/bin/bash
# publish: the meetings to a real Radicale 3 over CalDAV. Create (the
# calendar made with MKCALENDAR), re-publish with nothing changed (no PUT, no
# ETag changed), update, cancel (STATUS:CANCELLED), delete, the BODYs chosen,
# --dry-run; conflicts with edits and deletions made on the server (exit 6,
# the server's copy kept, then --force); a database that did not publish
# them; failures with one line each: a wrong password (401), another user's
# calendar (403), a server error (503), a missing collection that cannot be
# made (404), no server (connection refused), no reply (--timeout); a run cut
# short by a resource the server refuses (413) resumes where it stopped;
# credentials are refused on the command line, in the URL and in a file
# others may read; plain http only to this computer. Last, the events read
# back with a calendar-query REPORT are, to ical.js (tests/js), the
# occurrences `agenda --json` lists.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3 # Debian's, with Radicale; not whichever python3 is first on PATH
if ! "$PY" -c 'import radicale' 2>/dev/null; then
	echo "1..0 # skip Radicale is not installed (apt-get install radicale)"
	exit 0
fi
if ! command -v curl >/dev/null; then
	echo "1..0 # skip curl is not installed"
	exit 0
fi
JS_DIR=$TESTS_DIR/js
if ! command -v node >/dev/null 2>&1; then
	NO_JS="node not installed"
elif [ ! -f "$JS_DIR/occurrences.mjs" ]; then
	NO_JS="tests/js/occurrences.mjs is missing"
elif [ ! -f "$JS_DIR/node_modules/ical.js/package.json" ]; then
	NO_JS="ical.js not installed in tests/js/node_modules (npm install --prefix tests/js)"
else
	NO_JS=
fi

PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# free_port: a port of 127.0.0.1 that nothing listens on, now.
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_radicale: Radicale 3 on a free port of 127.0.0.1, users alice and bob,
# each owning their collections; waits (at most 10 s a try) until it answers.
# Sets $PORT, $RADICALE_PID and $BASE. PUTs larger than 20,000 bytes get 413.
start_radicale() {
	local try i
	printf 'alice:alice-secret\nbob:bob-secret\n' >"$T/users"
	for try in 1 2 3 4 5; do
		PORT=$(free_port)
		cat >"$T/radicale.conf" <<EOF
[server]
hosts = 127.0.0.1:$PORT
max_content_length = 20000
[auth]
type = htpasswd
htpasswd_filename = $T/users
htpasswd_encryption = plain
[storage]
filesystem_folder = $T/storage
[rights]
type = owner_only
[logging]
level = info
mask_passwords = True
EOF
		"$PY" -m radicale --config "$T/radicale.conf" >"$T/radicale.log" 2>&1 &
		RADICALE_PID=$!
		PIDS+=("$RADICALE_PID")
		for i in $(seq 200); do
			curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && {
				BASE="http://127.0.0.1:$PORT"
				return 0
			}
			kill -0 "$RADICALE_PID" 2>/dev/null || break
			sleep 0.05
		done
		kill "$RADICALE_PID" 2>/dev/null
		wait "$RADICALE_PID" 2>/dev/null
	done
	return 1
}

# start_fake MODE: an HTTP server on a free port that answers every request
# with the status MODE (503, 404), or with "hang" accepts and never answers.
# Sets $FAKE_URL.
start_fake() {
	local i
	rm -f "$T/fake.port"
	"$PY" - "$1" "$T/fake.port" >"$T/fake.log" 2>&1 <<'EOF' &
import http.server, socket, sys, time
mode, portfile = sys.argv[1], sys.argv[2]
if mode == 'hang':
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    s.listen(16)
    open(portfile, 'w').write(str(s.getsockname()[1]))
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)
class H(http.server.BaseHTTPRequestHandler):
    def __getattr__(self, name):
        if not name.startswith('do_'):
            raise AttributeError(name)
        def answer():
            n = int(self.headers.get('Content-Length') or 0)
            self.rfile.read(n)
            self.send_response(int(mode))
            self.send_header('Content-Length', '0')
            self.end_headers()
        return answer
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(('127.0.0.1', 0), H)
open(portfile, 'w').write(str(srv.server_address[1]))
srv.serve_forever()
EOF
	PIDS+=("$!")
	for i in $(seq 200); do
		[ -s "$T/fake.port" ] && break
		sleep 0.05
	done
	FAKE_URL="http://127.0.0.1:$(cat "$T/fake.port")/alice/calendar/"
}

# dav USER METHOD PATH [CURL-ARGS...]: one request as USER; the body on stdout.
dav() {
	local user=$1 method=$2 path=$3
	shift 3
	curl -s -u "$user:$user-secret" -X "$method" "$@" "$BASE$path"
}

# listing PATH: "NAME ETAG" of each resource of the collection, sorted.
listing() {
	dav alice PROPFIND "$1" -H 'Depth: 1' -H 'Content-Type: application/xml' \
		--data '<propfind xmlns="DAV:"><prop><getetag/></prop></propfind>' |
		"$PY" -c '
import sys, urllib.parse, xml.etree.ElementTree as ET
ns = {"d": "DAV:"}
for r in ET.fromstring(sys.stdin.read()).findall("d:response", ns):
    href = urllib.parse.unquote(r.find("d:href", ns).text)
    e = r.find(".//d:getetag", ns)
    if not href.endswith("/"):
        print(href.rsplit("/", 1)[1], e.text if e is not None else "-")' | sort
}

# puts: how many PUT requests Radicale has logged.
puts() {
	grep -c "PUT request for" "$T/radicale.log"
}

# publish ARGS...: dipcal publish of the collection $URL as alice.
publish() {
	run publish "$URL" --user alice --password-file "$T/alice.pw" "$@"
}

# prop NAME RESOURCE-TEXT: the values of property NAME, unfolded.
prop() {
	printf '%s' "$2" | tr -d '\r' | sed -e ':a' -e '$!N;s/\n //;ta' -e 'P;D' | sed -n "s/^$1[;:]//p"
}

# one_line NAME PATTERN: stderr is one line, "dipcal: " and PATTERN (grep -E).
one_line() {
	like "$err" "^dipcal: $2" "$1: message"
	is "$(printf '%s\n' "$err" | grep -c .)" 1 "$1: one line"
}

if ! start_radicale; then
	echo "1..0 # skip Radicale does not start: $(tail -3 "$T/radicale.log" | tr '\n' ' ')"
	exit 0
fi
URL="$BASE/alice/secretariat/"
printf 'alice-secret\n' >"$T/alice.pw"
chmod 600 "$T/alice.pw"

run init --demo
is "$rc" 0 "init --demo"
run meeting add CANC --start '2026-03-10 10:00' --duration 2h --host KZ --title 'Coordinators, monthly' \
	--rrule 'FREQ=MONTHLY;COUNT=6' --exdate 2026-05-10
monthly=$out
like "$monthly" '^[0-9]+$' "a recurring timed meeting"
uid_of() {
	"$DIPCAL" --db "$DB" meeting show "$1" --json | jq -r .uid
}
monthly_uid=$(uid_of "$monthly")
N=$("$DIPCAL" --db "$DB" meeting list --json | jq length)

# ---- refused before anything is sent or written ----

chmod 644 "$T/alice.pw"
refused publish "$URL" --user alice --password-file "$T/alice.pw" -- 5 \
	"password file '.*alice.pw' is open to group or others \(mode 0644\): chmod 600 it" "a password file others may read"
chmod 640 "$T/alice.pw"
refused publish "$URL" --user alice --password-file "$T/alice.pw" -- 5 "password file .* \(mode 0640\)" \
	"a password file its group may read"
chmod 600 "$T/alice.pw"
refused publish "$URL" --user alice --password alice-secret -- 2 "unknown option '--password': a password is never given" \
	"there is no --password option"
is "$(printf '%s' "$err" | grep -c 'alice-secret')" 0 "--password: the password is not echoed"
refused publish "$URL" --user alice --password=alice-secret -- 2 "unknown option '--password'" "no --password=SECRET either"
is "$(printf '%s' "$err" | grep -c 'alice-secret')" 0 "--password=: the password is not echoed"
refused publish "http://alice:alice-secret@127.0.0.1:$PORT/alice/secretariat/" -- 5 \
	"the URL holds a password: give it with --password-file or ~/.netrc instead" "a password in the URL"
is "$(printf '%s' "$err" | grep -c 'alice-secret')" 0 "a password in the URL is not echoed"
refused publish "$URL" --password-file "$T/alice.pw" -- 5 "--password-file needs --user" "--password-file without --user"
refused publish http://dav.example.org/alice/secretariat/ --user alice --password-file "$T/alice.pw" -- 5 \
	"refusing plain http to 'dav.example.org': the password would cross the network unencrypted; use https \(or --insecure-http\)" \
	"plain http to another computer"
refused publish ftp://127.0.0.1/alice/secretariat/ -- 5 "invalid URL 'ftp://127.0.0.1/alice/secretariat/': expected http:// or https://" \
	"an ftp URL"
refused publish "$URL" --timeout 0 -- 5 "invalid --timeout '0'" "--timeout 0"
refused publish "$URL" NOPE --user alice --password-file "$T/alice.pw" -- 3 "unknown body 'NOPE'" "an unknown body"
is "$(puts)" 0 "nothing was sent to the server for any of these"

# ---- create ----

publish
is "$rc" 0 "first publish: exit 0"
is "$out" "$N created, 0 updated, 0 deleted, 0 unchanged" "first publish: $N created"
is "$err" "" "first publish: nothing on stderr"
is "$(listing /alice/secretariat/ | wc -l)" "$N" "the server holds $N resources"
is "$(listing /alice/secretariat/ | grep -c '^cahs-2019-2@demo.dipcal.ics ')" 1 "each named UID.ics"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM publish_resource')" "$N" "$N resources recorded"
is "$(sqlite3 "$DB" "SELECT url FROM publish_collection")" "$URL" "the collection recorded, without credentials"
is "$(sqlite3 "$DB" "SELECT count(*) FROM publish_resource WHERE etag IS NULL OR etag NOT GLOB '\"*\"'")" 0 \
	"each with the ETag the server gave"
got=$(dav alice PROPFIND /alice/secretariat/ -H 'Depth: 0' --data '<propfind xmlns="DAV:"><prop><resourcetype/><displayname/></prop></propfind>')
like "$got" 'calendar' "the missing collection was made a calendar (MKCALENDAR)"
like "$got" '<displayname>dipcal</displayname>' "named dipcal"
res=$(dav alice GET "/alice/secretariat/$monthly_uid.ics")
is "$(prop UID "$res")" "$monthly_uid" "the resource holds the meeting's UID"
is "$(prop DTSTART "$res" | grep TZID)" "TZID=Asia/Almaty:20260310T100000" "DTSTART in the host's zone"
like "$res" 'BEGIN:VTIMEZONE' "with its VTIMEZONE"
is "$(prop RRULE "$res")" "FREQ=MONTHLY;COUNT=6" "the RRULE"
is "$(printf '%s' "$res" | grep -c '^METHOD')" 0 "no METHOD in a calendar collection's resource (RFC 4791 4.1)"
is "$(prop LOCATION "$res")" "Kazakhstan" "LOCATION as export writes it"

# ---- nothing changed: one PROPFIND, no PUT, no ETag changed ----

before=$(listing /alice/secretariat/)
puts_before=$(puts)
# Another clock: a resource sent again would get another DTSTAMP, so another ETag.
DIPCAL_NOW="2026-02-01 12:00" publish
is "$rc" 0 "unchanged: exit 0"
is "$out" "0 created, 0 updated, 0 deleted, $N unchanged" "unchanged: 0 created, 0 updated, 0 deleted"
is "$(puts)" "$puts_before" "unchanged: no PUT sent"
is "$(listing /alice/secretariat/)" "$before" "unchanged: no ETag on the server changed"

# ~/.netrc instead of --password-file (the user name from it too).
printf 'machine 127.0.0.1\nlogin alice\npassword alice-secret\n' >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
run publish "$URL"
is "$rc:$out" "0:0 created, 0 updated, 0 deleted, $N unchanged" "~/.netrc gives the user name and the password"
rm "$HOME/.netrc"

# ---- --dry-run ----

run meeting set "$monthly" --title 'Coordinators, monthly (hybrid)'
before_db=$(dump)
publish --dry-run
is "$rc" 0 "dry run: exit 0"
is "$out" "would update '$monthly_uid'
0 created, 1 updated, 0 deleted, $((N - 1)) unchanged (dry run: nothing was changed)" "dry run: what would be done"
is "$(listing /alice/secretariat/)" "$before" "dry run: the server unchanged"
is "$(dump)" "$before_db" "dry run: the database unchanged"

# ---- update, cancel, delete ----

publish
is "$out" "0 created, 1 updated, 0 deleted, $((N - 1)) unchanged" "meeting set: 1 updated"
res=$(dav alice GET "/alice/secretariat/$monthly_uid.ics")
is "$(prop SUMMARY "$res")" 'Coordinators\, monthly (hybrid)' "the new title on the server"
is "$(prop SEQUENCE "$res")" 1 "SEQUENCE 1 on the server"
is "$(sqlite3 "$DB" "SELECT sequence FROM publish_resource WHERE uid = '$monthly_uid'")" 1 "SEQUENCE 1 recorded"
is "$(listing /alice/secretariat/ | grep -v "^$monthly_uid.ics ")" "$(printf '%s\n' "$before" | grep -v "^$monthly_uid.ics ")" \
	"the other resources untouched"

cancelled_id=$("$DIPCAL" --db "$DB" meeting list --json | jq -r '.[] | select(.uid == "cis-2026-10@demo.dipcal") | .id')
run meeting cancel "$cancelled_id" --reason 'Postponed sine die'
publish
is "$out" "0 created, 1 updated, 0 deleted, $((N - 1)) unchanged" "meeting cancel: 1 updated"
res=$(dav alice GET /alice/secretariat/cis-2026-10@demo.dipcal.ics)
is "$(prop STATUS "$res")" CANCELLED "the cancelled meeting stays, with STATUS:CANCELLED"

removed_id=$("$DIPCAL" --db "$DB" meeting list --json | jq -r '.[] | select(.uid == "canc-2025-02@demo.dipcal") | .id')
run meeting rm "$removed_id"
publish
is "$out" "0 created, 0 updated, 1 deleted, $((N - 1)) unchanged" "meeting rm: 1 deleted"
is "$(dav alice GET /alice/secretariat/canc-2025-02@demo.dipcal.ics -o /dev/null -w '%{http_code}')" 404 \
	"the resource is gone from the server"
is "$(sqlite3 "$DB" "SELECT count(*) FROM publish_resource WHERE uid = 'canc-2025-02@demo.dipcal'")" 0 \
	"and from the database"
N=$((N - 1))
publish
is "$out" "0 created, 0 updated, 0 deleted, $N unchanged" "then nothing left to do"

# ---- conflicts: edits and deletions made on the server ----

edit_on_server() { # edit_on_server UID TITLE: a client's PUT over the published copy
	dav alice GET "/alice/secretariat/$1.ics" | sed "s/^SUMMARY:.*\r\$/SUMMARY:$2\r/" >"$T/edit.ics"
	dav alice PUT "/alice/secretariat/$1.ics" -H 'Content-Type: text/calendar' -H 'Expect:' --data-binary @"$T/edit.ics" \
		-o /dev/null -w '%{http_code}'
}
is "$(edit_on_server cahs-2024-6@demo.dipcal 'Edited on the server')" 201 "an edit on the server (curl PUT)"
is "$(edit_on_server "$monthly_uid" 'Also edited on the server')" 201 "an edit on the server of a meeting changed here too"
run meeting set "$monthly" --venue 'Palace of Independence'
before=$(listing /alice/secretariat/)
publish
is "$rc" 6 "conflicts: exit 6"
is "$out" "0 created, 0 updated, 0 deleted, $((N - 2)) unchanged, 2 conflicts" "conflicts: counted"
is "$(printf '%s\n' "$err" | grep -c .)" 2 "conflicts: one line each"
like "$err" "^dipcal: conflict: 'cahs-2024-6@demo.dipcal' was changed on the server since the last publish; the server's copy is kept \(--force overwrites it\)" \
	"conflict: the line names the UID"
like "$err" "^dipcal: conflict: '$monthly_uid' was changed on the server" "conflict: the meeting changed on both sides"
is "$(listing /alice/secretariat/)" "$before" "conflicts: the server's copies kept"
is "$(prop SUMMARY "$(dav alice GET /alice/secretariat/cahs-2024-6@demo.dipcal.ics)")" "Edited on the server" \
	"conflict: the server's edit is still there"
publish --force
is "$rc" 0 "--force: exit 0"
is "$out" "0 created, 2 updated, 0 deleted, $((N - 2)) unchanged" "--force: both overwritten"
is "$(prop SUMMARY "$(dav alice GET /alice/secretariat/cahs-2024-6@demo.dipcal.ics)")" \
	"6th Consultative Meeting of the Heads of State of Central Asia" "--force: the meeting as it is here"
like "$(prop LOCATION "$(dav alice GET "/alice/secretariat/$monthly_uid.ics")")" "Palace of Independence" \
	"--force: with the change made here"
publish
is "$out" "0 created, 0 updated, 0 deleted, $N unchanged" "after --force: nothing left to do"

is "$(dav alice DELETE /alice/secretariat/cahs-2018-1@demo.dipcal.ics -o /dev/null -w '%{http_code}')" 200 \
	"a deletion on the server"
publish
is "$rc" 6 "deleted on the server: exit 6"
one_line "deleted on the server" \
	"conflict: 'cahs-2018-1@demo.dipcal' was deleted on the server since the last publish; it is not published again \(--force restores it\)"
publish --force
is "$out" "1 created, 0 updated, 0 deleted, $((N - 1)) unchanged" "--force restores it"

# Another database with the same meetings (the demo's UIDs) did not publish them: each is a conflict.
DB_MAIN=$DB
DB=$T/other.db
run init --demo
publish --dry-run
is "$rc" 6 "another database: exit 6"
like "$err" "^dipcal: conflict: 'cahs-2018-1@demo.dipcal' is on the server but was not published from this database" \
	"another database: its meetings are not written over the server's"
is "$(printf '%s\n' "$err" | grep -c '^dipcal: conflict:')" "$(( $("$DIPCAL" --db "$DB" meeting list --json | jq length) - 1))" \
	"another database: one conflict each (the removed one aside)"
DB=$DB_MAIN

# ---- the BODYs published ----

URL="$BASE/alice/summits/"
publish CAHS
ncahs=$("$DIPCAL" --db "$DB" meeting list CAHS --json | jq length)
is "$out" "$ncahs created, 0 updated, 0 deleted, 0 unchanged" "publish CAHS: its meetings only"
like "$(dav alice PROPFIND /alice/summits/ -H 'Depth: 0' --data '<propfind xmlns="DAV:"><prop><displayname/></prop></propfind>')" \
	'Consultative Meeting of the Heads of State of Central Asia' "the new calendar is named after the body"
publish
is "$out" "$((N - ncahs)) created, 0 updated, 0 deleted, $ncahs unchanged" "publish all bodies: the others added"
publish CAHS
is "$out" "0 created, 0 updated, $((N - ncahs)) deleted, $ncahs unchanged" "publish CAHS again: the others removed"
URL="$BASE/alice/secretariat/"

# ---- failures: one line with the status and the URL, exit 1 ----

printf 'not-the-password-XYZ\n' >"$T/wrong.pw"
chmod 600 "$T/wrong.pw"
run publish "$URL" --user alice --password-file "$T/wrong.pw"
is "$rc" 1 "wrong password: exit 1"
one_line "wrong password" "cannot list '$URL': HTTP 401 Unauthorized"
is "$(printf '%s' "$err$out" | grep -c 'not-the-password-XYZ')" 0 "wrong password: the password is not printed"

publish_other() { run publish "$1" --user alice --password-file "$T/alice.pw"; }
publish_other "$BASE/bob/calendar/"
is "$rc" 1 "another user's calendar: exit 1"
one_line "another user's calendar" "cannot list '$BASE/bob/calendar/': HTTP 403 Forbidden"

publish_other "$BASE/alice/"
is "$rc" 5 "a collection that is not a calendar: exit 5"
one_line "a collection that is not a calendar" "'$BASE/alice/' is not a calendar collection"

start_fake 503
publish_other "$FAKE_URL"
is "$rc" 1 "a server error: exit 1"
one_line "a server error" "cannot list '$FAKE_URL': HTTP 503 Service Unavailable"

start_fake 404
publish_other "$FAKE_URL"
is "$rc" 1 "a missing collection that cannot be made: exit 1"
one_line "a missing collection that cannot be made" "cannot create the calendar '$FAKE_URL': HTTP 404 Not Found"

down="http://127.0.0.1:$(free_port)/alice/calendar/"
publish_other "$down"
is "$rc" 1 "no server: exit 1"
one_line "no server" "cannot list '$down': cannot connect: Connection refused"
like "$out" "^0 created, 0 updated, 0 deleted, 0 unchanged$" "no server: the summary all the same"

start_fake hang
started=$(date +%s)
run publish "$FAKE_URL" --user alice --password-file "$T/alice.pw" --timeout 1
is "$rc" 1 "no reply: exit 1"
one_line "no reply" "cannot list '$FAKE_URL': no reply within 1 s"
ok "$(($(date +%s) - started <= 5 ? 0 : 1))" "no reply: given up after about the --timeout"

# ---- a run cut short resumes: each write is recorded as it happens ----

DB=$T/resume.db
URL="$BASE/alice/resume/"
run init --demo
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:cahs-2020-big@test\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20200615T090000Z\r\nDTEND:20200615T100000Z\r\nSUMMARY:Big\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$T/big.ics"
run import "$T/big.ics" --body CAHS
big=$("$DIPCAL" --db "$DB" meeting list --json | jq -r '.[] | select(.uid == "cahs-2020-big@test") | .id')
run meeting set "$big" --notes "$(head -c 30000 /dev/zero | tr '\0' 'x')"
NR=$("$DIPCAL" --db "$DB" meeting list --json | jq length)
publish
is "$rc" 1 "a resource the server refuses: exit 1"
one_line "a resource the server refuses" "cannot write '${URL}cahs-2020-big@test.ics': HTTP 413 Request Entity Too Large"
# By UID: cahs-2018-1, cahs-2019-2, then the big one.
is "$out" "2 created, 0 updated, 0 deleted, 0 unchanged" "cut short: what was done is counted"
is "$(sqlite3 "$DB" 'SELECT count(*) FROM publish_resource')" 2 "cut short: each write done is recorded"
is "$(listing /alice/resume/ | wc -l)" 2 "cut short: the server has those"
run meeting set "$big" --notes 'Shorter notes'
publish
is "$rc" 0 "resumed: exit 0"
is "$out" "$((NR - 2)) created, 0 updated, 0 deleted, 2 unchanged" "resumed: the rest created, nothing twice"
is "$(listing /alice/resume/ | wc -l)" "$NR" "resumed: all $NR on the server"
DB=$DB_MAIN
URL="$BASE/alice/secretariat/"

# ---- what a calendar program reads back: ical.js's occurrences are the agenda's ----

if [ -n "$NO_JS" ]; then
	skip "ical.js over the published events = agenda --json: $NO_JS"
else
	dav alice REPORT /alice/secretariat/ -H 'Depth: 1' -H 'Content-Type: application/xml' --data \
		'<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter></c:calendar-query>' \
		>"$T/report.xml"
	# The resources as one calendar: every VEVENT, each VTIMEZONE once.
	"$PY" - "$T/report.xml" >"$T/published.ics" <<'EOF'
import sys, xml.etree.ElementTree as ET
ns = {'d': 'DAV:', 'c': 'urn:ietf:params:xml:ns:caldav'}
zones, events = {}, []
for data in ET.parse(sys.argv[1]).getroot().iter('{urn:ietf:params:xml:ns:caldav}calendar-data'):
    lines = data.text.replace('\r\n', '\n').split('\n')
    comp, depth = [], 0
    for l in lines:
        if l in ('BEGIN:VTIMEZONE', 'BEGIN:VEVENT') and depth == 0:
            comp, depth = [l], 1
        elif depth:
            comp.append(l)
            if l.startswith('BEGIN:'):
                depth += 1
            elif l.startswith('END:'):
                depth -= 1
                if depth == 0:
                    if comp[0] == 'BEGIN:VTIMEZONE':
                        tzid = next(x for x in comp if x.startswith('TZID:'))
                        zones.setdefault(tzid, comp)
                    else:
                        events.append(comp)
out = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN']
for c in list(zones.values()) + events:
    out += c
out.append('END:VCALENDAR')
sys.stdout.write('\r\n'.join(out) + '\r\n')
EOF
	is "$(grep -c '^BEGIN:VEVENT' "$T/published.ics")" "$N" "the REPORT gives back the $N events"
	node "$JS_DIR/occurrences.mjs" "$T/published.ics" 2018-01-01 2028-01-01 2>"$T/stderr" |
		jq -S 'sort_by(.start, .uid, .end)' >"$T/icaljs.json"
	got=$(cat "$T/icaljs.json")
	want=$("$DIPCAL" --db "$DB" agenda --json --from 2018-01-01 --to 2027-12-31 --tz UTC |
		jq -S '[.[] | {uid, start, "end": .end, all_day}] | sort_by(.start, .uid, .end)')
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		is same same "ical.js over the published events = agenda --json ($(printf '%s' "$want" | jq length) occurrences)"
	else
		is "ical.js and the agenda differ: $(cat "$T/stderr")" same "ical.js over the published events = agenda --json"
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/#   agenda < > ical.js: /' | head -40
	fi
fi

done_testing
