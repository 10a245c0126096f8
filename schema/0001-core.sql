-- The calendar core: states, bodies, memberships, meetings, their change
-- log, documents and deadlines.
--
-- Instants are INTEGER seconds since 1970-01-01T00:00:00Z (UTC). An
-- all-day meeting stores 00:00Z of its first day and of the day after its
-- last day: dates, as iCalendar's VALUE=DATE. Every timed meeting keeps
-- the IANA zone of its place in "tz"; the zone is never lost.
-- Dates (since, until, valid_from, valid_to) are TEXT 'YYYY-MM-DD'.

CREATE TABLE state (
	code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[A-Z][A-Z]'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	tz TEXT NOT NULL CHECK (length(tz) > 0),
	capital TEXT
) STRICT;

CREATE TABLE body (
	code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 16 AND code NOT GLOB '*[^A-Z0-9_-]*'),
	name TEXT NOT NULL CHECK (length(name) > 0),
	level TEXT NOT NULL DEFAULT 'heads-of-state' CHECK (level IN
		('heads-of-state', 'heads-of-government', 'ministerial', 'coordinators', 'expert', 'other'))
) STRICT;

-- since is the first day of the membership, until the first day without it.
CREATE TABLE membership (
	id INTEGER PRIMARY KEY,
	body TEXT NOT NULL REFERENCES body(code) ON DELETE CASCADE,
	state TEXT NOT NULL REFERENCES state(code),
	role TEXT NOT NULL DEFAULT 'full' CHECK (role IN ('full', 'guest', 'observer')),
	since TEXT CHECK (since IS NULL OR since = date(since)),
	until TEXT CHECK (until IS NULL OR until = date(until)),
	CHECK (since IS NULL OR until IS NULL OR until > since)
) STRICT;
CREATE INDEX membership_body ON membership(body, state);

CREATE TABLE meeting (
	id INTEGER PRIMARY KEY,
	uid TEXT NOT NULL UNIQUE CHECK (length(uid) > 0),
	body TEXT NOT NULL REFERENCES body(code),
	ordinal INTEGER CHECK (ordinal IS NULL OR ordinal > 0),
	-- (OR chains: SQLite builds a temporary table for each IN list it checks)
	kind TEXT NOT NULL DEFAULT 'regular' CHECK (kind = 'regular' OR kind = 'extraordinary'
		OR kind = 'informal' OR kind = 'preparatory'),
	title TEXT NOT NULL,
	host TEXT REFERENCES state(code),
	city TEXT,
	venue TEXT,
	tz TEXT NOT NULL CHECK (length(tz) > 0),
	start_utc INTEGER NOT NULL,
	end_utc INTEGER NOT NULL,
	all_day INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status = 'proposed' OR status = 'planned'
		OR status = 'confirmed' OR status = 'held' OR status = 'postponed' OR status = 'cancelled'),
	rrule TEXT,
	-- end of the last occurrence (end_utc for a single meeting); NULL when it never ends
	series_end_utc INTEGER,
	notes TEXT,
	created_utc INTEGER NOT NULL,
	updated_utc INTEGER NOT NULL,
	sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
	CHECK (end_utc >= start_utc),
	CHECK (all_day = 0 OR (start_utc % 86400 = 0 AND end_utc % 86400 = 0 AND end_utc > start_utc))
) STRICT;
CREATE INDEX meeting_single ON meeting(start_utc) WHERE rrule IS NULL;
CREATE INDEX meeting_length ON meeting(end_utc - start_utc) WHERE rrule IS NULL;
CREATE INDEX meeting_series ON meeting(start_utc, series_end_utc) WHERE rrule IS NOT NULL;
CREATE INDEX meeting_body ON meeting(body, start_utc);

CREATE TABLE exdate (
	meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	start_utc INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, start_utc)
) STRICT, WITHOUT ROWID;

-- Every change of date, host, status, venue, city or zone, with its reason.
CREATE TABLE meeting_change (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	field TEXT NOT NULL CHECK (field IN ('start', 'end', 'host', 'status', 'venue', 'city', 'tz')),
	old TEXT,
	new TEXT,
	reason TEXT,
	changed_utc INTEGER NOT NULL
) STRICT;
CREATE INDEX meeting_change_meeting ON meeting_change(meeting_id);

CREATE TABLE document (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	title TEXT NOT NULL CHECK (length(title) > 0),
	kind TEXT NOT NULL CHECK (kind IN ('statement', 'declaration', 'decision', 'concept',
		'treaty', 'agreement', 'appeal', 'programme', 'catalogue', 'regulations', 'report', 'other')),
	valid_from TEXT CHECK (valid_from IS NULL OR valid_from = date(valid_from)),
	valid_to TEXT CHECK (valid_to IS NULL OR valid_to = date(valid_to)),
	CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
) STRICT;
CREATE INDEX document_meeting ON document(meeting_id);

-- A deadline is due at an instant, or a duration (seconds) before its meeting starts.
CREATE TABLE deadline (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	title TEXT NOT NULL CHECK (length(title) > 0),
	due_utc INTEGER,
	before_s INTEGER CHECK (before_s IS NULL OR before_s >= 0),
	owner TEXT REFERENCES state(code),
	done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
	CHECK ((due_utc IS NULL) <> (before_s IS NULL))
) STRICT;
CREATE INDEX deadline_meeting ON deadline(meeting_id);
