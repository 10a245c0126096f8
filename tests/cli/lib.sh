# Shared by the end-to-end tests: TAP output and a pinned environment.
# Each test file sources this, then calls plan / ok / is / like / done_testing.
# $DIPCAL is the binary under test (make check sets it).

set -u
: "${DIPCAL:=$(cd "$(dirname "$0")/../.." && pwd)/dipcal}"
TESTS_DIR=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/dipcal-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1

# A fresh, pinned world: no user files, a fixed zone, locale and clock.
export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share" XDG_CONFIG_HOME="$T/home/.config"
export XDG_CACHE_HOME="$T/home/.cache" XDG_RUNTIME_DIR="$T/run"
export TZ=Asia/Tashkent LC_ALL=C.UTF-8 DIPCAL_NOW="2026-01-15 09:00"
unset DIPCAL_DB
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
export DB="$T/test.db"

_n=0
_failed=0

# ok COND-EXIT-STATUS NAME: `ok $? "name"` or `test ...; ok $? "name"`
ok() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

# is GOT EXPECTED NAME
is() {
	_n=$((_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2" | head -40
		_failed=$((_failed + 1))
	fi
}

# like GOT PATTERN NAME (grep -E pattern)
like() {
	_n=$((_n + 1))
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "ok $_n - $3"
	else
		echo "not ok $_n - $3"
		printf '#   got:      %s\n#   expected: /%s/\n' "$1" "$2" | head -40
		_failed=$((_failed + 1))
	fi
}

skip() {
	_n=$((_n + 1))
	echo "ok $_n # skip $1"
}

# check_read_fast: every file imported above (kept by run) reads alike through
# the reader's fast path and through libical (tests/unit/test-read-fast.c).
check_read_fast() {
	[ -d "$T/read-fast" ] || return 0
	if [ -z "${UNIT_DIR:-}" ] || [ ! -x "$UNIT_DIR/test-read-fast" ]; then
		skip "the reader's differential test is not built here (make check runs it)"
		return 0
	fi
	"$UNIT_DIR/test-read-fast" "$T"/read-fast/*.ics >"$T/read-fast.log" 2>&1
	ok $? "every imported file reads alike through the fast path and through libical"
	grep -E '^(not ok|# )' "$T/read-fast.log" | head -20 | sed 's/^/#   /'
}

done_testing() {
	check_read_fast
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
	exit $?
}

# keep_imported ARGS...: a copy of the file that import or holiday import
# reads, for check_read_fast.
keep_imported() {
	local a seen=0
	for a in "$@"; do
		if [ "$seen" = 1 ] && [ -f "$a" ]; then
			mkdir -p "$T/read-fast"
			cp "$a" "$(mktemp --suffix=.ics "$T/read-fast/XXXXXXXX")"
			return
		fi
		[ "$a" = import ] && seen=1
	done
	return 0
}

# run ARGS...: runs dipcal on $DB; sets $out, $err and $rc.
run() {
	keep_imported "$@"
	out=$("$DIPCAL" --db "$DB" "$@" 2>"$T/stderr")
	rc=$?
	err=$(cat "$T/stderr")
}

# dump: the database's content as SQL, to compare before and after.
dump() {
	sqlite3 "$DB" .dump
}

# refused ARGS... -- EXIT PATTERN NAME: the command fails with exit EXIT,
# one line on stderr matching PATTERN, and leaves the database unchanged.
refused() {
	local args=() code pat name before after
	while [ "$1" != "--" ]; do
		args+=("$1")
		shift
	done
	shift
	code=$1 pat=$2 name=$3
	before=$(dump)
	run "${args[@]}"
	after=$(dump)
	is "$rc" "$code" "$name: exit $code"
	like "$err" "^dipcal: $pat" "$name: message"
	is "$(printf '%s\n' "$err" | grep -c '^dipcal:')" 1 "$name: one message line"
	_n=$((_n + 1))
	if [ "$before" = "$after" ]; then
		echo "ok $_n - $name: database unchanged"
	else
		echo "not ok $_n - $name: database unchanged"
		_failed=$((_failed + 1))
	fi
}

# json FILTER: runs jq over $out; the test fails when $out is not JSON.
json() {
	printf '%s' "$out" | jq -r "$1"
}
