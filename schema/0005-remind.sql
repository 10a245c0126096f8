-- Reminders (dipcal remind). Leads are durations before a start, in
-- seconds, written as a comma-separated list ("604800,86400,3600"); an
-- empty list means no reminders. A meeting without leads of its own takes
-- its body's; a body without leads takes 1 day and 1 hour.
ALTER TABLE body ADD COLUMN remind TEXT CHECK (remind IS NULL OR remind = '' OR remind GLOB '[0-9]*');
ALTER TABLE meeting ADD COLUMN remind TEXT CHECK (remind IS NULL OR remind = '' OR remind GLOB '[0-9]*');
ALTER TABLE deadline ADD COLUMN remind TEXT CHECK (remind IS NULL OR remind = '' OR remind GLOB '[0-9]*');

-- One row per (occurrence, lead) once it is claimed, delivered, snoozed,
-- failed or skipped: the row, made in a transaction before a notification
-- is shown, is what keeps two processes from showing it twice.
CREATE TABLE reminder (
	id INTEGER PRIMARY KEY,
	uid TEXT NOT NULL,                  -- the meeting's UID, or deadline:ID:UID
	occurrence_utc INTEGER NOT NULL,    -- the start (or due time) reminded of
	lead_s INTEGER NOT NULL CHECK (lead_s >= 0),
	state TEXT NOT NULL CHECK (state IN ('claimed', 'delivered', 'snoozed', 'failed', 'skipped')),
	due_utc INTEGER NOT NULL,           -- when it is (or was) to be shown; for snoozed: again
	claimed_utc INTEGER,
	claimed_pid INTEGER,
	delivered_utc INTEGER,
	attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
	title TEXT,
	UNIQUE (uid, occurrence_utc, lead_s)
) STRICT;
CREATE INDEX reminder_due ON reminder(state, due_utc);
