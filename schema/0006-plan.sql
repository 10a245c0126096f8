-- Summit planning (dipcal plan, holiday, template, conflicts).

-- Public holidays of a state: one day, or the days first_day..last_day
-- (both included), as 'YYYY-MM-DD'. A provisional holiday (a lunar one
-- announced late, an estimate, Ramadan) weighs against a date in the
-- planner but never excludes it; a fixed one excludes it.
CREATE TABLE holiday (
	id INTEGER PRIMARY KEY,
	state TEXT NOT NULL REFERENCES state(code) ON DELETE CASCADE,
	first_day TEXT NOT NULL CHECK (first_day = date(first_day)),
	last_day TEXT NOT NULL CHECK (last_day = date(last_day)),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 256),
	provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
	-- no span longer than a year: the planner finds a window's holidays
	-- through the index on first_day, looking back one year
	CHECK (last_day >= first_day AND julianday(last_day) - julianday(first_day) < 366),
	UNIQUE (state, first_day, name)
) STRICT;
CREATE INDEX holiday_day ON holiday(first_day, state);

-- The preparation of a summit: each step a deadline a duration before the
-- summit opens (before_s seconds), so that it moves with the summit. Its
-- owner is the chair, the host, or a named state. `dipcal plan --commit`
-- makes one deadline of each row; `dipcal template` lists and edits them.
CREATE TABLE plan_template (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 256),
	before_s INTEGER NOT NULL CHECK (before_s >= 0),
	owner TEXT NOT NULL DEFAULT 'chair' CHECK (owner IN ('chair', 'host', 'state')),
	state TEXT REFERENCES state(code) ON DELETE CASCADE,
	CHECK ((owner = 'state') = (state IS NOT NULL))
) STRICT;

-- The observed practice of the Consultative Meetings of the Heads of State
-- of Central Asia: national coordinators on the chair's concept ~9 1/2
-- months before, organising committee and summit secretariat ~6 months
-- before, expert consultations 5 weeks before, final consultations of the
-- foreign ministries 2 days before, the foreign ministers' approval of the
-- document package the day before.
INSERT INTO plan_template(name, before_s, owner) VALUES
	('National coordinators meet on the chair''s concept and calendar', 290 * 86400, 'chair'),
	('Organising committee and summit secretariat set up', 182 * 86400, 'host'),
	('Expert consultations on draft documents', 35 * 86400, 'chair'),
	('Final consultations of the foreign ministries', 2 * 86400, 'host'),
	('Foreign ministers approve the document package', 86400, 'chair');

-- The planner reads every single meeting of a window of years (dates, status,
-- body, host and zone; titles only of the meetings it names): from this
-- index alone, without a lookup in the table per meeting.
CREATE INDEX meeting_plan ON meeting(start_utc, end_utc, all_day, status, body, host, tz) WHERE rrule IS NULL;
-- It starts with the column of meeting_single and has its condition: one
-- index fewer to keep up on every insert.
DROP INDEX meeting_single;
