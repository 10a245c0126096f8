-- Rotating offices of a body (chair, secretariat, ...): an order of states
-- and a term rule, and the changes made to them over time. The terms
-- themselves are computed (src/rotation.c), never stored: only what
-- people decided is.

CREATE TABLE office (
	id INTEGER PRIMARY KEY,
	body TEXT NOT NULL REFERENCES body(code) ON DELETE CASCADE,
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	term TEXT NOT NULL CHECK (term IN ('calendar', 'summit', 'follow')),
	-- calendar: the term's length; summit: the cadence of projected summits
	months INTEGER NOT NULL DEFAULT 0 CHECK (months >= 0),
	days INTEGER NOT NULL DEFAULT 0 CHECK (days >= 0),
	start TEXT CHECK (start IS NULL OR start = date(start)),
	follows INTEGER REFERENCES office(id),
	follow_offset INTEGER NOT NULL DEFAULT 0 CHECK (follow_offset >= 0),
	alphabetical INTEGER NOT NULL DEFAULT 0 CHECK (alphabetical IN (0, 1)),
	created_utc INTEGER NOT NULL,
	UNIQUE (body, name),
	CHECK (term <> 'calendar' OR (start IS NOT NULL AND months + days > 0)),
	CHECK (term <> 'summit' OR months + days > 0),
	CHECK ((term = 'follow') = (follows IS NOT NULL))
) STRICT;

CREATE TABLE office_order (
	office_id INTEGER NOT NULL REFERENCES office(id) ON DELETE CASCADE,
	position INTEGER NOT NULL CHECK (position >= 0),
	state TEXT NOT NULL REFERENCES state(code),
	PRIMARY KEY (office_id, position),
	UNIQUE (office_id, state)
) STRICT, WITHOUT ROWID;

-- A change effective for the terms that start after effective_utc.
CREATE TABLE rotation_event (
	id INTEGER PRIMARY KEY,
	office_id INTEGER NOT NULL REFERENCES office(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('insert', 'remove', 'swap', 'skip', 'extend', 'record', 'reorder')),
	state TEXT REFERENCES state(code),
	other TEXT REFERENCES state(code),
	months INTEGER NOT NULL DEFAULT 0 CHECK (months >= 0),
	days INTEGER NOT NULL DEFAULT 0 CHECK (days >= 0),
	start TEXT CHECK (start IS NULL OR start = date(start)),
	"end" TEXT CHECK ("end" IS NULL OR "end" = date("end")),
	-- reorder: the new order, state codes separated by commas
	new_order TEXT CHECK (new_order IS NULL OR new_order GLOB '[A-Z][A-Z]*'),
	effective_utc INTEGER NOT NULL,
	CHECK (kind NOT IN ('insert', 'remove', 'skip', 'record') OR state IS NOT NULL),
	CHECK (kind <> 'swap' OR (state IS NOT NULL AND other IS NOT NULL AND state <> other)),
	CHECK (kind <> 'extend' OR months + days > 0),
	CHECK (kind <> 'record' OR start IS NOT NULL),
	CHECK (kind <> 'reorder' OR new_order IS NOT NULL)
) STRICT;
CREATE INDEX rotation_event_office ON rotation_event(office_id, effective_utc, id);
