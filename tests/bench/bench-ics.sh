#!/bin/bash
# iCalendar speed: exporting 100,000 meetings and importing them again, with
# the peak memory of each (targets: export ≤ 0.6 s and 50 MB, import ≤ 2 s and
# 100 MB), and side by side on the same file, when installed: calcurse and
# python3-icalendar. Prints; a missed target is not a failure.
# Usage: bench-ics.sh DIPCAL DB   (DB: the 100,000-meeting database of bench-insert)
set -u
DIPCAL=$1
DB=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# measure NAME TARGET_S TARGET_KB CMD...: wall seconds and peak RSS of one run
measure() {
	local name=$1 ts=$2 tk=$3 out s kb verdict
	shift 3
	if ! /usr/bin/time -o "$T/time" -f '%e %M' "$@" >/dev/null 2>"$T/err"; then
		echo "$name: failed: $(head -c 300 "$T/err")"
		return 1
	fi
	read -r s kb <"$T/time"
	verdict=PASS
	if [ "$ts" != - ]; then
		awk -v s="$s" -v t="$ts" -v k="$kb" -v tk="$tk" 'BEGIN { exit !(s <= t && k <= tk) }' || verdict=SLOW
		echo "$name: $s s, $((kb / 1024)) MB peak (target ≤ $ts s, ≤ $((tk / 1024)) MB) $verdict"
	else
		echo "$name: $s s, $((kb / 1024)) MB peak (for comparison)"
	fi
	echo "$s" >"$T/last"
}

if [ ! -x /usr/bin/time ]; then
	echo "ics: skipped: /usr/bin/time is not installed (Debian package time)"
	exit 0
fi
measure "export 100000 meetings" 0.6 51200 "$DIPCAL" --db "$DB" export -o "$T/all.ics" || exit 1
events=$(grep -c '^BEGIN:VEVENT' "$T/all.ics")
echo "export: $events VEVENTs, $(du -k "$T/all.ics" | cut -f1) KiB"
"$DIPCAL" --db "$T/new.db" init || exit 1
measure "import $events events" 2 102400 "$DIPCAL" --db "$T/new.db" import "$T/all.ics" || exit 1
dipcal_import=$(cat "$T/last")
measure "import again (all unchanged)" - 0 "$DIPCAL" --db "$T/new.db" import "$T/all.ics"

if command -v calcurse >/dev/null; then
	mkdir -p "$T/cc"
	measure "calcurse -i, the same file" - 0 calcurse -D "$T/cc" -i "$T/all.ics" -q
	measure "calcurse -xical" - 0 calcurse -D "$T/cc" -xical
else
	echo "calcurse: not installed (Debian package calcurse): no comparison"
fi
if /usr/bin/python3 -c 'import icalendar' 2>/dev/null; then
	measure "python3-icalendar parse, the same file" - 0 /usr/bin/python3 -c \
		'import sys, icalendar; icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())' "$T/all.ics"
	py=$(cat "$T/last")
	awk -v a="$dipcal_import" -v b="$py" 'BEGIN { if (a > 0) printf "ratio: python3-icalendar parse / dipcal import = %.1f\n", b / a }'
else
	echo "python3-icalendar: not installed: no comparison"
fi
