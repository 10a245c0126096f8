-- Finding the series that meet a window without reading the others.
--
-- A series meets the window [from, to) when it begins before `to` and its
-- last occurrence ends after `from`. Ordered by the start alone, an index
-- finds every series begun before `to`, most of them long over. Here the
-- series are sorted first by the length of time they cover, from the
-- first start to the end of the last occurrence (series_end_utc), in
-- classes of powers of two days: class k covers at most 2^k days, 86400 *
-- 2^k seconds; class 99 has no end. A series of class k that meets the
-- window began less than series_span.longest before `from`, so a range of
-- the index per class finds them all, and a range reads at most about
-- twice what it finds (class 99: exactly what it finds). The classes and
-- their lengths are written twice below, in meeting.span and in
-- series_span; tests/unit/test-agenda.c checks that they agree.

ALTER TABLE meeting ADD COLUMN span INTEGER GENERATED ALWAYS AS (CASE
	WHEN rrule IS NULL THEN NULL
	WHEN series_end_utc IS NULL THEN 99
	WHEN series_end_utc - start_utc <= 86400 THEN 0
	WHEN series_end_utc - start_utc <= 172800 THEN 1
	WHEN series_end_utc - start_utc <= 345600 THEN 2
	WHEN series_end_utc - start_utc <= 691200 THEN 3
	WHEN series_end_utc - start_utc <= 1382400 THEN 4
	WHEN series_end_utc - start_utc <= 2764800 THEN 5
	WHEN series_end_utc - start_utc <= 5529600 THEN 6
	WHEN series_end_utc - start_utc <= 11059200 THEN 7
	WHEN series_end_utc - start_utc <= 22118400 THEN 8
	WHEN series_end_utc - start_utc <= 44236800 THEN 9
	WHEN series_end_utc - start_utc <= 88473600 THEN 10
	WHEN series_end_utc - start_utc <= 176947200 THEN 11
	WHEN series_end_utc - start_utc <= 353894400 THEN 12
	WHEN series_end_utc - start_utc <= 707788800 THEN 13
	WHEN series_end_utc - start_utc <= 1415577600 THEN 14
	WHEN series_end_utc - start_utc <= 2831155200 THEN 15
	WHEN series_end_utc - start_utc <= 5662310400 THEN 16
	ELSE 17 END) VIRTUAL;

CREATE TABLE series_span (
	class INTEGER PRIMARY KEY,
	longest INTEGER NOT NULL CHECK (longest > 0)    -- seconds from the first start to the last end
) STRICT;
INSERT INTO series_span (class, longest) VALUES
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

-- A series' EXDATEs and RDATEs in its own row, so that reading a series
-- takes no subquery: meeting.exdates and meeting.rdates hold the instants
-- of the exdate and rdate tables, in decimal, separated by commas, in no
-- set order (NULL when there are none). The triggers keep them; the tables
-- stay the record. They replace the count meeting.dates.
DROP TRIGGER exdate_added;
DROP TRIGGER exdate_removed;
DROP TRIGGER rdate_added;
DROP TRIGGER rdate_removed;
DROP INDEX meeting_series_agenda;
ALTER TABLE meeting DROP COLUMN dates;
ALTER TABLE meeting ADD COLUMN exdates TEXT;
ALTER TABLE meeting ADD COLUMN rdates TEXT;
UPDATE meeting SET exdates = (SELECT group_concat(start_utc) FROM exdate WHERE meeting_id = meeting.id),
	rdates = (SELECT group_concat(start_utc) FROM rdate WHERE meeting_id = meeting.id)
	WHERE rrule IS NOT NULL;

CREATE TRIGGER exdate_added AFTER INSERT ON exdate BEGIN
	UPDATE meeting SET exdates = iif(exdates IS NULL, CAST(NEW.start_utc AS TEXT), exdates || ',' || NEW.start_utc)
		WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER exdate_removed AFTER DELETE ON exdate BEGIN
	UPDATE meeting SET exdates = (SELECT group_concat(start_utc) FROM exdate WHERE meeting_id = OLD.meeting_id)
		WHERE id = OLD.meeting_id;
END;
CREATE TRIGGER rdate_added AFTER INSERT ON rdate BEGIN
	UPDATE meeting SET rdates = iif(rdates IS NULL, CAST(NEW.start_utc AS TEXT), rdates || ',' || NEW.start_utc)
		WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER rdate_removed AFTER DELETE ON rdate BEGIN
	UPDATE meeting SET rdates = (SELECT group_concat(start_utc) FROM rdate WHERE meeting_id = OLD.meeting_id)
		WHERE id = OLD.meeting_id;
END;

-- Every column an agenda reads of a series, so that it reads the index alone.
CREATE INDEX meeting_series_span ON meeting(span, start_utc, series_end_utc, all_day, body, status, uid, title, host,
	city, tz, end_utc, rrule, start_wall, exdates, rdates) WHERE rrule IS NOT NULL;
-- Series in the order of their start, for exports.
CREATE INDEX meeting_series ON meeting(start_utc) WHERE rrule IS NOT NULL;
