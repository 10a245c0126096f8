// The TEXT values of an iCalendar file as ical.js reads them (unfolded, unescaped).
//
//   node text.mjs FILE
//
// Prints one JSON array, in file order, of {component, uid, summary, location,
// description} for each VEVENT and VTODO (a missing property is null).
// Exit status: 0 success; 1 the file does not parse; 2 usage.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

if (process.argv.length !== 3) {
	process.stderr.write('usage: node text.mjs FILE\n');
	process.exit(2);
}
const file = process.argv[2];
let vcal;
try {
	vcal = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
} catch (e) {
	process.stderr.write(`text: ${file}: ${e.message}\n`);
	process.exit(1);
}
const out = [];
for (const c of vcal.getAllSubcomponents()) {
	if (c.name !== 'vevent' && c.name !== 'vtodo')
		continue;
	const v = (name) => {
		const p = c.getFirstProperty(name);
		return p ? String(p.getFirstValue()) : null;
	};
	out.push({
		component: c.name.toUpperCase(),
		uid: v('uid'),
		summary: v('summary'),
		location: v('location'),
		description: v('description'),
	});
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
