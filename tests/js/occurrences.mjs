// The occurrences of the events of an iCalendar file in a window, as ical.js
// (the parser inside Thunderbird) reads them.
//
//   node occurrences.mjs FILE FROM TO
//
// FROM and TO are ISO 8601 UTC instants (2026-03-01T00:00:00Z) or dates
// (2026-03-01, midnight UTC); the window is [FROM, TO). Every VTIMEZONE is
// registered with ICAL.TimezoneService; each VEVENT is expanded (RRULE, RDATE,
// EXDATE, overridden instances) and the occurrences that meet the window are
// printed as one JSON array of {uid, start, end, all_day}, sorted: start and
// end in RFC 3339 UTC with Z for timed events, YYYY-MM-DD for all-day ones
// (end exclusive, as DTEND). An occurrence meets the window when it starts
// before TO and ends after FROM (an instant at or after FROM).
//
// Exit status: 0 success; 1 the file does not parse, or a time cannot be
// placed (a TZID with no VTIMEZONE, a floating time); 2 usage.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const MAX_ITERATIONS = 100000;

function fail(msg) {
	process.stderr.write(`occurrences: ${msg}\n`);
	process.exit(1);
}

function usage() {
	process.stderr.write('usage: node occurrences.mjs FILE FROM TO\n');
	process.exit(2);
}

function instant(s, what) {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?Z)?$/.exec(s);
	if (!m)
		usage();
	const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0)) / 1000;
	if (Number.isNaN(t))
		fail(`invalid ${what} '${s}'`);
	return t;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

function dateString(t) {
	return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

// A timed ICAL.Time as seconds since the epoch and as RFC 3339 UTC. The time
// is converted to UTC by ical.js itself (convertToZone through the zone's
// VTIMEZONE); toUnixTime must agree.
function utc(t, uid, what) {
	const zone = t.zone;
	if (!zone || zone === ICAL.Timezone.localTimezone || zone.tzid === 'floating')
		fail(`${uid}: ${what} ${t.toString()} is a floating time (no Z, no TZID with a VTIMEZONE)`);
	const u = t.convertToZone(ICAL.Timezone.utcTimezone);
	const s = `${dateString(u)}T${pad(u.hour)}:${pad(u.minute)}:${pad(u.second)}Z`;
	const secs = t.toUnixTime();
	if (new Date(secs * 1000).toISOString().replace('.000Z', 'Z') !== s)
		fail(`${uid}: ${what} ${t.toString()}: convertToZone gives ${s}, toUnixTime ${secs}`);
	return { secs, s };
}

// An all-day ICAL.Time (a DATE) as the seconds of its day's midnight UTC.
function dayStart(t) {
	return Date.UTC(t.year, t.month - 1, t.day) / 1000;
}

// The TZID that a property names must be the zone its value was placed in:
// ical.js falls back to a floating time when no VTIMEZONE defines it.
function checkZone(event, name) {
	const prop = event.component.getFirstProperty(name);
	if (!prop)
		return;
	const tzid = prop.getParameter('tzid');
	if (!tzid)
		return;
	const t = prop.getFirstValue();
	if (!t.zone || t.zone.tzid !== tzid)
		fail(`${event.uid}: ${name.toUpperCase()};TZID=${tzid} has no VTIMEZONE`);
}

if (process.argv.length !== 5)
	usage();
const [file, fromArg, toArg] = process.argv.slice(2);
const from = instant(fromArg, 'FROM'), to = instant(toArg, 'TO');
if (to <= from)
	fail('TO is not after FROM');

let text;
try {
	text = readFileSync(file, 'utf8');
} catch (e) {
	fail(`cannot read '${file}': ${e.message}`);
}

let vcal;
try {
	vcal = new ICAL.Component(ICAL.parse(text));
} catch (e) {
	fail(`${file}: parse error: ${e.message}`);
}
if (vcal.name !== 'vcalendar')
	fail(`${file}: not a VCALENDAR but ${vcal.name.toUpperCase()}`);

try {
	for (const vtz of vcal.getAllSubcomponents('vtimezone'))
		ICAL.TimezoneService.register(vtz);
} catch (e) {
	fail(`${file}: VTIMEZONE: ${e.message}`);
}

// The masters by UID; instances overridden with RECURRENCE-ID are related to theirs.
const masters = new Map(), exceptions = [];
for (const vevent of vcal.getAllSubcomponents('vevent')) {
	const event = new ICAL.Event(vevent);
	if (!event.uid)
		fail('a VEVENT without UID');
	if (!vevent.hasProperty('dtstart'))
		fail(`${event.uid}: no DTSTART`);
	if (event.isRecurrenceException()) {
		exceptions.push(event);
	} else {
		if (masters.has(event.uid))
			fail(`${event.uid}: two VEVENTs with this UID`);
		masters.set(event.uid, event);
	}
}
for (const ex of exceptions) {
	const master = masters.get(ex.uid);
	if (!master)
		fail(`${ex.uid}: RECURRENCE-ID without its master VEVENT`);
	master.relateException(ex);
}

const out = [];
try {
	for (const [uid, event] of masters) {
		checkZone(event, 'dtstart');
		checkZone(event, 'dtend');
		const allDay = event.startDate.isDate;
		const it = event.iterator();
		let next, n = 0;
		while ((next = it.next())) {
			if (++n > MAX_ITERATIONS)
				fail(`${uid}: more than ${MAX_ITERATIONS} occurrences before the window ends`);
			const d = event.getOccurrenceDetails(next);
			if (d.startDate.isDate !== allDay || d.endDate.isDate !== allDay)
				fail(`${uid}: DATE and DATE-TIME mixed`);
			let start, end, s, e;
			if (allDay) {
				start = dayStart(d.startDate);
				end = dayStart(d.endDate);
				s = dateString(d.startDate);
				e = dateString(d.endDate);
			} else {
				({ secs: start, s } = utc(d.startDate, uid, 'start'));
				({ secs: end, s: e } = utc(d.endDate, uid, 'end'));
			}
			// Occurrences come in the order of their (recurrence) start.
			if (dayStart(next) >= to + 2 * 86400 && start >= to)
				break;
			if (start >= to || (end <= from && !(end === start && start >= from)))
				continue;
			out.push({ uid, start: s, end: e, all_day: allDay });
		}
	}
} catch (e) {
	fail(`${file}: ${e.message}`);
}

const key = (o) => `${o.start}\u0000${o.uid}\u0000${o.end}`;
out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
