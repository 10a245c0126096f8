-- Extra occurrences of a recurring meeting (iCalendar RDATE), as instants
-- (00:00Z of the date for an all-day meeting).
CREATE TABLE rdate (
	meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
	start_utc INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, start_utc)
) STRICT, WITHOUT ROWID;
