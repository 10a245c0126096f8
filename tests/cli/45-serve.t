#!/bin/bash
# serve: the calendar over HTTP with ETag and Last-Modified, 304, 404, 405;
# changes by other processes show at once; bad addresses and busy ports.
. "$(dirname "$0")/lib.sh"

if ! command -v curl >/dev/null; then
	echo "1..0 # skip curl is not installed"
	exit 0
fi

SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# start_server NAME ARGS...: starts `dipcal serve` in the background on a free
# port, waits until it answers; sets $PORT and $PID. Returns 1 when it cannot.
start_server() {
	local name=$1 i try
	shift
	for try in 0 1 2 3 4 5 6 7 8 9; do
		PORT=$((20000 + ($$ + try * 7919 + ${#SERVERS[@]} * 104729) % 20000))
		"$DIPCAL" --db "$DB" serve --listen "127.0.0.1:$PORT" "$@" >"$T/$name.out" 2>"$T/$name.err" &
		PID=$!
		SERVERS+=("$PID")
		# Bounded: at most 10 s for the server to answer or to give up.
		for i in $(seq 200); do
			curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && return 0
			kill -0 "$PID" 2>/dev/null || break
			sleep 0.05
		done
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		grep -q 'Address already in use' "$T/$name.err" || return 1
	done
	return 1
}

# stop_server PID SIGNAL: sends the signal and waits (at most 10 s) for the exit; sets $rc.
stop_server() {
	local i
	kill "-$2" "$1"
	for i in $(seq 200); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1"
	wait "$1"
	rc=$?
}

# fetch PATH [CURL-ARGS...]: one request; sets $code, $size (of the body received),
# $headers (without CRs) and the file $T/body.
fetch() {
	local path=$1
	shift
	: >"$T/body" # curl leaves the file alone when there is no body
	read -r code size < <(curl -sS --max-time 10 -D "$T/headers" -o "$T/body" -w '%{http_code} %{size_download}\n' \
		"$@" "http://127.0.0.1:$PORT$path" 2>"$T/curl.err")
	headers=$(tr -d '\r' <"$T/headers")
}

# header NAME: the value of a header of the last response (any case of NAME).
header() {
	printf '%s\n' "$headers" | sed -n "s/^$1: //Ip" | head -n 1
}

# uids FILE: the UIDs of an iCalendar file, sorted, one a line.
uids() {
	tr -d '\r' <"$1" | sed -n 's/^UID://p' | sort -u
}

run init --demo
is "$rc" 0 "init --demo"

start_server serve
ok $? "the server starts and answers"
like "$(cat "$T/serve.out")" "^serving http://127\.0\.0\.1:$PORT/calendar\.ics" "it says where it serves"

# ---- GET /calendar.ics: the whole calendar with its validators ----

fetch /calendar.ics
is "$code" 200 "GET /calendar.ics: 200"
is "$(header Content-Type)" "text/calendar; charset=utf-8" "Content-Type is text/calendar; charset=utf-8"
etag=$(header ETag)
like "$etag" '^"[^"]+"$' "a strong ETag"
lm=$(header Last-Modified)
like "$lm" '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$' "Last-Modified is an HTTP date"
is "$(head -n 1 "$T/body" | tr -d '\r')" "BEGIN:VCALENDAR" "the body begins with BEGIN:VCALENDAR"
run meeting list --json
is "$(uids "$T/body")" "$(json '.[].uid' | sort -u)" "it holds the UID of every meeting of the demo"
"$DIPCAL" --db "$DB" export >"$T/export.ics"
cmp -s "$T/body" "$T/export.ics"
ok $? "it is what dipcal export writes"

fetch /calendar.ics
is "$(header ETag)" "$etag" "a second GET, nothing changed: the same ETag"
is "$(header Last-Modified)" "$lm" "a second GET, nothing changed: the same Last-Modified"

fetch /calendar.ics -I
is "$code" 200 "HEAD /calendar.ics: 200"
is "$(header ETag)" "$etag" "HEAD: the same ETag"
is "$size" 0 "HEAD: no body"
is "$(header Content-Length)" "$(wc -c <"$T/export.ics")" "HEAD: the Content-Length of the GET"

# ---- GET /BODY.ics: one body ----

fetch /CAHS.ics
is "$code" 200 "GET /CAHS.ics: 200"
cahs_etag=$(header ETag)
run meeting list CAHS --json
is "$(uids "$T/body")" "$(json '.[].uid' | sort -u)" "/CAHS.ics holds the CAHS meetings"
is "$(uids "$T/body" | grep -vc '^cahs-')" 0 "/CAHS.ics holds nothing else"
"$DIPCAL" --db "$DB" export CAHS >"$T/export.ics"
cmp -s "$T/body" "$T/export.ics"
ok $? "/CAHS.ics is what dipcal export CAHS writes"
isnt_same=1
[ "$cahs_etag" != "$etag" ] && isnt_same=0
ok "$isnt_same" "/CAHS.ics has an ETag of its own"

# ---- conditional requests ----

fetch /calendar.ics -H "If-None-Match: $etag"
is "$code" 304 "If-None-Match with the ETag: 304"
is "$size" 0 "304: no body"
is "$(header ETag)" "$etag" "304: the ETag again"
fetch /calendar.ics -H "If-None-Match: \"other\", W/$etag"
is "$code" 304 "If-None-Match with a list holding the weak ETag: 304"
fetch /calendar.ics -H "If-None-Match: *"
is "$code" 304 "If-None-Match: *: 304"
fetch /calendar.ics -H "If-Modified-Since: $lm"
is "$code" 304 "If-Modified-Since with the Last-Modified: 304"
fetch /calendar.ics -H "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT"
is "$code" 200 "If-Modified-Since long ago: 200"
fetch /calendar.ics -H 'If-None-Match: "other"' -H "If-Modified-Since: $lm"
is "$code" 200 "If-None-Match decides over If-Modified-Since: 200"
fetch /CAHS.ics -H "If-None-Match: $etag"
is "$code" 200 "the ETag of /calendar.ics does not match /CAHS.ics"

# ---- a change by another process shows at once ----

run meeting list CAHS --json
id=$(json '.[] | select(.uid == "cahs-2026-8@demo.dipcal") | .id')
run meeting set "$id" --title 'Renamed summit of Central Asia'
is "$rc" 0 "meeting set from another process"
fetch /calendar.ics -H "If-None-Match: $etag"
is "$code" 200 "after the change, the old ETag gets 200"
new_etag=$(header ETag)
changed=1
[ -n "$new_etag" ] && [ "$new_etag" != "$etag" ] && changed=0
ok "$changed" "after the change, a new ETag"
grep -q '^SUMMARY:Renamed summit of Central Asia' "$T/body"
ok $? "after the change, the new title is served"
fetch /calendar.ics -H "If-None-Match: $new_etag"
is "$code" 304 "the new ETag gets 304"
fetch /CAHS.ics -H "If-None-Match: $cahs_etag"
is "$code" 200 "/CAHS.ics changed too"

# ---- a new database put in place of the served one ----

rm -f "$DB" "$DB-wal" "$DB-shm"
run init --demo
fetch /calendar.ics
is "$code" 200 "after the database is replaced: 200"
is "$(header ETag)" "$etag" "the new database (the demo again) has the demo's ETag"
grep -q 'Renamed summit' "$T/body"
ok $((!$?)) "the new database is served, not the old one"

# ---- what is not there, and what is not allowed ----

fetch /nope
is "$code" 404 "GET /nope: 404"
fetch /NOPE.ics
is "$code" 404 "GET /NOPE.ics (no such body): 404"
fetch /
is "$code" 404 "GET /: 404"
fetch /calendar.ics -X POST -d x=1
is "$code" 405 "POST: 405"
is "$(header Allow)" "GET, HEAD" "405 with Allow: GET, HEAD"
fetch /calendar.ics -X DELETE
is "$code" 405 "DELETE: 405"

# ---- refused at the start ----

refused serve --listen 127.0.0.1 -- 5 "invalid --listen '127\.0\.0\.1'" "--listen without a port"
refused serve --listen 'localhost:8080' -- 5 "invalid --listen 'localhost:8080'" "--listen with a name"
refused serve --listen '127.0.0.1:65536' -- 5 "invalid --listen" "--listen with a port out of range"
refused serve --listen '[::1]8080' -- 5 "invalid --listen" "--listen [IPv6] without a colon"
refused serve --listen 127.0.0.1:1 NOPE -- 3 "unknown body 'NOPE'" "an unknown body"
out=$(timeout 10 "$DIPCAL" --db "$DB" serve --listen "127.0.0.1:$PORT" 2>"$T/stderr")
rc=$?
is "$rc" 1 "the port in use: exit 1"
is "$(cat "$T/stderr")" "dipcal: cannot listen on '127.0.0.1:$PORT': Address already in use" \
	"the port in use: the message"

# ---- a server of one body ----

first=$PID
start_server canc CANC
ok $? "a server of CANC alone starts"
fetch /calendar.ics
"$DIPCAL" --db "$DB" export CANC >"$T/export.ics"
cmp -s "$T/body" "$T/export.ics"
ok $? "its /calendar.ics is CANC's"
fetch /CANC.ics
is "$code" 200 "its /CANC.ics: 200"
fetch /CAHS.ics
is "$code" 404 "its /CAHS.ics: 404"
stop_server "$PID" INT
is "$rc" 0 "SIGINT stops it, exit 0"
is "$(cat "$T/canc.err")" "" "it wrote nothing to stderr"

# ---- SIGTERM stops the server cleanly ----

stop_server "$first" TERM
is "$rc" 0 "SIGTERM stops the server, exit 0"
is "$(cat "$T/serve.err")" "" "the server wrote nothing to stderr"
done_testing
