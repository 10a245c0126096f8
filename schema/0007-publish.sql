-- Publishing to CalDAV (dipcal publish).
--
-- One row per calendar collection published to, and one per resource
-- (one meeting, UID.ics) written there: its path, the ETag the server gave
-- and the SEQUENCE of the meeting it holds. A resource row does not
-- reference meeting(id): it outlives the meeting it was written from, so
-- that the next publish finds it (a UID with no meeting any more) and
-- deletes the resource on the server, then the row.
-- Credentials are never stored.

CREATE TABLE publish_collection (
	id INTEGER PRIMARY KEY,
	-- the collection URL, with a trailing slash and no user name or password
	url TEXT NOT NULL UNIQUE CHECK (length(url) > 0 AND url GLOB 'http*://*/'),
	created_utc INTEGER NOT NULL
) STRICT;

CREATE TABLE publish_resource (
	collection_id INTEGER NOT NULL REFERENCES publish_collection(id) ON DELETE CASCADE,
	uid TEXT NOT NULL CHECK (length(uid) > 0),
	-- the resource's path on the server, percent-encoded
	href TEXT NOT NULL CHECK (href GLOB '/*'),
	-- the server's ETag after the last write (quoted); NULL when it gave none
	etag TEXT CHECK (etag IS NULL OR length(etag) > 0),
	-- the meeting's SEQUENCE in the copy on the server
	sequence INTEGER NOT NULL CHECK (sequence >= 0),
	published_utc INTEGER NOT NULL,
	PRIMARY KEY (collection_id, uid)
) STRICT, WITHOUT ROWID;
