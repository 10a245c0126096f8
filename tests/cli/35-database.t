#!/bin/bash
# The database file: where it is, its mode, files that are not dipcal's
# (refused, untouched), newer schemas, and a read-only database.
. "$(dirname "$0")/lib.sh"

# dipcal_env ARGS...: dipcal without --db; sets $out, $err and $rc.
dipcal_env() {
	out=$("$DIPCAL" "$@" 2>"$T/stderr")
	rc=$?
	err=$(cat "$T/stderr")
}

# one_message NAME: $err holds exactly one "dipcal:" line.
one_message() {
	is "$(printf '%s\n' "$err" | grep -c '^dipcal:')" 1 "$1: one message line"
}

# no_sidecars FILE NAME: no -wal, -shm or -journal file next to FILE.
no_sidecars() {
	local f found=""
	for f in "$1-wal" "$1-shm" "$1-journal"; do
		[ -e "$f" ] && found="$found ${f##*/}"
	done
	is "$found" "" "$2: no -wal, -shm or -journal file"
}

# ---- where the database is ----

export DIPCAL_DB="$T/env/env.db" XDG_DATA_HOME="$T/xdg"
"$DIPCAL" --db "$T/opt/opt.db" init
is "$?" 0 "init with --db, DIPCAL_DB and XDG_DATA_HOME set"
test -f "$T/opt/opt.db"
ok $? "--db FILE is used"
test ! -e "$T/env" && test ! -e "$T/xdg"
ok $? "--db FILE wins: neither DIPCAL_DB nor XDG_DATA_HOME is touched"
is "$(stat -c %a "$T/opt/opt.db")" 600 "a new database is mode 0600"
is "$(stat -c %a "$T/opt")" 700 "a created directory is mode 0700"

"$DIPCAL" init
is "$?" 0 "init with DIPCAL_DB and XDG_DATA_HOME set"
test -f "$T/env/env.db" && test ! -e "$T/xdg"
ok $? "no --db: \$DIPCAL_DB is used"
is "$(stat -c %a "$T/env/env.db") $(stat -c %a "$T/env")" "600 700" "\$DIPCAL_DB: file 0600, directory 0700"
"$DIPCAL" state add TM Turkmenistan --tz Asia/Ashgabat
out=$("$DIPCAL" --db "$T/env/env.db" state list --json)
is "$(json '.[0].code')" TM "what was written through \$DIPCAL_DB is in that file"

unset DIPCAL_DB
"$DIPCAL" init
is "$?" 0 "init with XDG_DATA_HOME set"
test -f "$T/xdg/dipcal/dipcal.db"
ok $? "no --db, no DIPCAL_DB: \$XDG_DATA_HOME/dipcal/dipcal.db"
is "$(stat -c %a "$T/xdg") $(stat -c %a "$T/xdg/dipcal") $(stat -c %a "$T/xdg/dipcal/dipcal.db")" "700 700 600" \
	"\$XDG_DATA_HOME: directories 0700, file 0600"

DIPCAL_DB= "$DIPCAL" body add EMPTY 'Empty DIPCAL_DB'
out=$("$DIPCAL" --db "$T/xdg/dipcal/dipcal.db" body list --json)
is "$(json '.[0].code')" EMPTY "an empty DIPCAL_DB counts as unset"

unset XDG_DATA_HOME
home_mode=$(stat -c %a "$HOME")
test ! -e "$HOME/.local"
ok $? "no ~/.local yet"
"$DIPCAL" init
is "$?" 0 "init with only HOME set"
test -f "$HOME/.local/share/dipcal/dipcal.db"
ok $? "no --db, DIPCAL_DB or XDG_DATA_HOME: ~/.local/share/dipcal/dipcal.db"
is "$(stat -c %a "$HOME/.local") $(stat -c %a "$HOME/.local/share") $(stat -c %a "$HOME/.local/share/dipcal")" \
	"700 700 700" "~/.local/share/dipcal: created directories 0700"
is "$(stat -c %a "$HOME/.local/share/dipcal/dipcal.db")" 600 "~/.local/share/dipcal/dipcal.db: 0600"
is "$(stat -c %a "$HOME")" "$home_mode" "an existing directory (HOME) keeps its mode"

XDG_DATA_HOME=relative/data "$DIPCAL" body add REL 'Relative XDG_DATA_HOME'
out=$("$DIPCAL" --db "$HOME/.local/share/dipcal/dipcal.db" body list --json)
is "$(json '.[0].code')" REL "a relative XDG_DATA_HOME is ignored (the XDG rule)"
test ! -e "$T/relative"
ok $? "nothing is created under a relative XDG_DATA_HOME"

(umask 000 && "$DIPCAL" --db "$T/wide/a/b.db" init)
is "$(stat -c %a "$T/wide") $(stat -c %a "$T/wide/a") $(stat -c %a "$T/wide/a/b.db")" "700 700 600" \
	"the modes hold under umask 000"
export XDG_DATA_HOME="$T/home/.local/share"

# ---- a file that is not SQLite is refused and left alone ----

printf 'Minutes of the 7th Consultative Meeting\nTashkent, 16 November 2025\n' >"$T/minutes.txt"
sum=$(sha256sum <"$T/minutes.txt")
for args in "meeting list" "init" "meeting add CAHS --start 2026-05-01" "state add KZ Kazakhstan --tz Asia/Almaty"; do
	# shellcheck disable=SC2086
	dipcal_env --db "$T/minutes.txt" $args
	is "$rc" 1 "text file, $args: exit 1"
	like "$err" "^dipcal: cannot open '$T/minutes.txt': not an SQLite database" "text file, $args: the message names the file"
	one_message "text file, $args"
done
is "$(sha256sum <"$T/minutes.txt")" "$sum" "the text file is unchanged, byte for byte"
no_sidecars "$T/minutes.txt" "the text file"

# A PNG: its signature, an IHDR chunk, then bytes of every value.
{
	printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\020\000\000\000\020\010\006\000\000\000'
	for i in $(seq 0 255); do printf "\\$(printf %03o "$i")"; done
	head -c 4096 /dev/zero
} >"$T/flag.png"
sum=$(sha256sum <"$T/flag.png")
dipcal_env --db "$T/flag.png" init --demo
is "$rc" 1 "PNG file: exit 1"
like "$err" "^dipcal: cannot open '$T/flag.png': not an SQLite database" "PNG file: the message names the file"
one_message "PNG file"
dipcal_env --db "$T/flag.png" agenda
is "$rc" 1 "PNG file, agenda: exit 1"
is "$(sha256sum <"$T/flag.png")" "$sum" "the PNG file is unchanged, byte for byte"
no_sidecars "$T/flag.png" "the PNG file"

printf 'SQLite' >"$T/short.db"
dipcal_env --db "$T/short.db" init
is "$rc" 1 "a file shorter than the SQLite header: exit 1"
is "$(cat "$T/short.db")" SQLite "the short file is unchanged"

mkdir "$T/adir"
dipcal_env --db "$T/adir" init
is "$rc" 1 "a directory: exit 1"
like "$err" "^dipcal: cannot open '$T/adir': is a directory" "a directory: the message"

# ---- a database of a newer dipcal ----

DB="$T/newer.db"
run init --demo
sqlite3 "$DB" 'PRAGMA user_version = 99'
sum=$(sha256sum <"$DB")
refused meeting list -- 1 "cannot open '$DB': its schema version 99 is newer than this dipcal knows \([0-9]+\)" \
	"schema version 99, meeting list"
refused init -- 1 "cannot open '$DB': its schema version 99 is newer" "schema version 99, init"
refused meeting add CAHS --start 2026-05-01 -- 1 "cannot open '$DB': its schema version 99 is newer" \
	"schema version 99, meeting add"
is "$(sha256sum <"$DB")" "$sum" "the newer database is unchanged, byte for byte"
is "$(sqlite3 "$DB" 'PRAGMA user_version')" 99 "its user_version is still 99"
no_sidecars "$DB" "the newer database"

# ---- an SQLite database of another program ----

DB="$T/other.db"
sqlite3 "$DB" "CREATE TABLE contact(name TEXT, phone TEXT); INSERT INTO contact VALUES ('Protocol', '+998 71 233 00 00');"
sum=$(sha256sum <"$DB")
mode=$(sqlite3 "$DB" 'PRAGMA journal_mode')
refused init -- 1 "cannot open '$DB': an SQLite database of another program" "another program's database, init"
refused meeting list -- 1 "cannot open '$DB': an SQLite database of another program" \
	"another program's database, meeting list"
is "$(sha256sum <"$DB")" "$sum" "another program's database is unchanged, byte for byte"
is "$(sqlite3 "$DB" 'PRAGMA journal_mode')" "$mode" "its journal mode is unchanged"
is "$(sqlite3 "$DB" 'PRAGMA user_version')" 0 "its user_version is still 0"
no_sidecars "$DB" "another program's database"

DB="$T/app.db"
sqlite3 "$DB" 'PRAGMA application_id = 42'
sum=$(sha256sum <"$DB")
refused init -- 1 "cannot open '$DB': an SQLite database of another program" "a database with another application_id"
is "$(sha256sum <"$DB")" "$sum" "a database with another application_id is unchanged"

# ---- a read-only database ----

# Root writes whatever the mode, so as root dipcal runs as nobody on
# root's file (mode 0644 in a 0755 directory); as another user, the file
# and its directory lose their write permission.
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
	skip "setpriv is not installed: no read-only test"
else
	chmod 755 "$T"
	mkdir -m 755 "$T/ro"
	DB="$T/ro/dipcal.db"
	run init --demo
	run meeting add CAHS --start 2026-05-01 --title 'Read-only check'
	run deadline add "$out" 'Draft' --before 2d
	chmod 644 "$DB"
	if [ "$(id -u)" = 0 ]; then
		nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		nobody=(env)
		chmod 444 "$DB"
		chmod 555 "$T/ro"
		trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT
	fi
	# as_nobody ARGS...: dipcal on $DB as user nobody; sets $out, $err and $rc.
	as_nobody() {
		out=$("${nobody[@]}" "$DIPCAL" --db "$DB" "$@" 2>"$T/stderr")
		rc=$?
		err=$(cat "$T/stderr")
	}
	if ! "${nobody[@]}" test -r "$DB" || "${nobody[@]}" test -w "$DB"; then
		skip "user nobody cannot read, or can write, $DB"
	else
		before=$(dump)
		sum=$(sha256sum <"$DB")
		as_nobody meeting list CAHS --json
		is "$rc" 0 "read-only: meeting list exits 0"
		is "$err" "" "read-only: meeting list writes nothing to stderr"
		is "$(json 'length')" 10 "read-only: meeting list lists the meetings"
		as_nobody meeting list
		is "$rc" 0 "read-only: meeting list (text) exits 0"
		as_nobody agenda --from 2026-02-01 --days 5 --json
		is "$rc" 0 "read-only: agenda exits 0"
		is "$(json 'length')" 1 "read-only: agenda lists the occurrence"
		as_nobody meeting show 1 --json
		is "$rc" 0 "read-only: meeting show exits 0"
		as_nobody state list
		is "$rc" 0 "read-only: state list exits 0"
		for args in "meeting add CAHS --start 2026-06-01" "meeting set 1 --title Renamed" "meeting cancel 9" \
			"meeting postpone 9" "meeting rm 9" "state add QQ Qatar --tz Asia/Qatar" "body add RO Read-only" \
			"member add CAHS AZ --role observer --since 2030-01-01" "doc add 9 Report --kind report" \
			"deadline add 9 Draft --before 2d" "deadline done 1" "init --demo"; do
			# shellcheck disable=SC2086
			as_nobody $args
			is "$rc" 1 "read-only: $args exits 1"
			like "$err" "^dipcal: .*read-only" "read-only: $args says read-only"
			one_message "read-only: $args"
		done
		is "$(dump)" "$before" "read-only: the database content is unchanged"
		is "$(sha256sum <"$DB")" "$sum" "read-only: the file is unchanged, byte for byte"
		is "$(ls -A "$T/ro")" dipcal.db "read-only: no other file appears beside it"
	fi
fi
done_testing
