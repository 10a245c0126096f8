-- Finding the meetings that meet a window without reading the others.
--
-- A meeting meets the window [from, to) when it begins before `to` and
-- ends after `from` (a series: its last occurrence). Ordered by the start
-- alone, an index finds every meeting begun before `to`, most of them long
-- over; a bound on the length of the longest single meeting helped only
-- until one long meeting was stored. Here meetings are sorted first by the
-- length of time they cover, from the start to the end (a series: to the
-- end of its last occurrence, series_end_utc), in classes of powers of two
-- days: class k covers at most 2^k days, 86400 * 2^k seconds; class 99 is
-- a series without end. A meeting of class k that meets the window began
-- less than span_class.longest before `from`, so a range of an index per
-- class finds them all, and a range reads at most about twice what it
-- finds (class 99: exactly what it finds). The classes and their lengths
-- are written twice below, in meeting.span and in span_class;
-- tests/unit/test-agenda.c checks that they agree.

ALTER TABLE meeting ADD COLUMN span INTEGER GENERATED ALWAYS AS (CASE
	WHEN rrule IS NOT NULL AND series_end_utc IS NULL THEN 99
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 86400 THEN 0
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 172800 THEN 1
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 345600 THEN 2
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 691200 THEN 3
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 1382400 THEN 4
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 2764800 THEN 5
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 5529600 THEN 6
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 11059200 THEN 7
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 22118400 THEN 8
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 44236800 THEN 9
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 88473600 THEN 10
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 176947200 THEN 11
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 353894400 THEN 12
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 707788800 THEN 13
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 1415577600 THEN 14
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 2831155200 THEN 15
	WHEN iif(rrule IS NULL, end_utc, series_end_utc) - start_utc <= 5662310400 THEN 16
	ELSE 17 END) VIRTUAL;

CREATE TABLE span_class (
	class INTEGER PRIMARY KEY,
	longest INTEGER NOT NULL CHECK (longest > 0)    -- seconds from the start to the (last) end
) STRICT;
INSERT INTO span_class (class, longest) VALUES
	(0, 86400),
	(1, 172800),
	(2, 345600),
	(3, 691200),
	(4, 1382400),
	(5, 2764800),
	(6, 5529600),
	(7, 11059200),
	(8, 22118400),
	(9, 44236800),
	(10, 88473600),
	(11, 176947200),
	(12, 353894400),
	(13, 707788800),
	(14, 1415577600),
	(15, 2831155200),
	(16, 5662310400),
	(17, 4611686018427387904),
	(99, 4611686018427387904);

-- A meeting's EXDATEs and RDATEs in its own row, so that reading a series
-- takes no subquery: meeting.exdates and meeting.rdates hold the instants
-- of the exdate and rdate tables, in decimal, in order, separated by commas
-- (NULL when there are none). dipcal's store writes them, once for all the
-- dates of a meeting, whenever it writes those (src/store.c,
-- series_dates_refresh); the tables stay the record. (Triggers kept them
-- at first, one date at a time: a series with thousands of exceptions made
-- that quadratic.) They replace the count meeting.dates.
DROP TRIGGER exdate_added;
DROP TRIGGER exdate_removed;
DROP TRIGGER rdate_added;
DROP TRIGGER rdate_removed;
DROP INDEX meeting_series_agenda;
ALTER TABLE meeting DROP COLUMN dates;
ALTER TABLE meeting ADD COLUMN exdates TEXT;
ALTER TABLE meeting ADD COLUMN rdates TEXT;
UPDATE meeting SET
	exdates = (SELECT group_concat(start_utc) FROM (SELECT start_utc FROM exdate WHERE meeting_id = meeting.id
		ORDER BY 1)),
	rdates = (SELECT group_concat(start_utc) FROM (SELECT start_utc FROM rdate WHERE meeting_id = meeting.id
		ORDER BY 1))
	WHERE id IN (SELECT meeting_id FROM exdate UNION SELECT meeting_id FROM rdate);

-- Every column an agenda reads of a series, so that it reads the index alone.
CREATE INDEX meeting_series_span ON meeting(span, start_utc, series_end_utc, all_day, body, status, uid, title, host,
	city, tz, end_utc, rrule, start_wall, exdates, rdates) WHERE rrule IS NOT NULL;
-- Single meetings by class, with every column the planner reads of them
-- (schema/0006-plan.sql): this one index replaces meeting_plan and
-- meeting_length, one index fewer to keep up on every insert. Exports read
-- the table in the order of ids, with no index.
DROP INDEX meeting_plan;
DROP INDEX meeting_length;
CREATE INDEX meeting_single_span ON meeting(span, start_utc, end_utc, all_day, status, body, host, tz)
	WHERE rrule IS NULL;
