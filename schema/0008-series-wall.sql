-- A recurring meeting's first start as wall-clock time in its zone.
--
-- A timed series repeats on the wall clock of its zone (RFC 5545 3.3.5):
-- expanding it starts from that clock. Worked out from start_utc, it needs
-- the zone's offset at the first start, which for a series begun decades
-- ago means the zone's whole history; kept here, it needs nothing.
-- start_wall is that clock's date and time counted as seconds since
-- 1970-01-01T00:00 (as if it were UTC), written with start_utc whenever the
-- first start, the zone or the rule changes; NULL for single and all-day
-- meetings, and when it is not known (then it is worked out as before).
-- wall_clock(INSTANT, ZONE) is dipcal's SQL function.

ALTER TABLE meeting ADD COLUMN start_wall INTEGER;
UPDATE meeting SET start_wall = wall_clock(start_utc, tz) WHERE rrule IS NOT NULL AND all_day = 0;
