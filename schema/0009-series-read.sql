-- Reading series fast: an agenda over a large calendar reads thousands.
--
-- meeting.dates counts a meeting's EXDATEs and RDATEs, kept by triggers:
-- most series have neither, and dipcal looks the dates up only when there
-- are some. meeting_series_agenda holds every column an agenda reads of a
-- series, so that it reads them from the index alone; it replaces
-- meeting_series, of which it begins with the same columns.

ALTER TABLE meeting ADD COLUMN dates INTEGER NOT NULL DEFAULT 0 CHECK (dates >= 0);
UPDATE meeting SET dates = (SELECT count(*) FROM exdate WHERE meeting_id = meeting.id)
	+ (SELECT count(*) FROM rdate WHERE meeting_id = meeting.id);

CREATE TRIGGER exdate_added AFTER INSERT ON exdate BEGIN
	UPDATE meeting SET dates = dates + 1 WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER exdate_removed AFTER DELETE ON exdate BEGIN
	UPDATE meeting SET dates = dates - 1 WHERE id = OLD.meeting_id;
END;
CREATE TRIGGER rdate_added AFTER INSERT ON rdate BEGIN
	UPDATE meeting SET dates = dates + 1 WHERE id = NEW.meeting_id;
END;
CREATE TRIGGER rdate_removed AFTER DELETE ON rdate BEGIN
	UPDATE meeting SET dates = dates - 1 WHERE id = OLD.meeting_id;
END;

DROP INDEX meeting_series;
CREATE INDEX meeting_series_agenda ON meeting(start_utc, series_end_utc, all_day, body, status, uid, title, host,
	city, tz, end_utc, rrule, start_wall, dates) WHERE rrule IS NOT NULL;
