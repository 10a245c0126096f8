/* The SQL of dipcal publish: collections published to and the resources written there. */
#include "store.h"
#include "store-int.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

void publish_rows_free(struct publish_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].uid);
		free(rows[i].href);
		free(rows[i].etag);
	}
	free(rows);
}

int store_publish_collection(struct db *db, const char *url, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (prep(db, "SELECT id FROM publish_collection WHERE url = @url", &st))
		return ST_FAIL;
	b_text(st, "@url", url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return ST_NOTFOUND;
	return rc == SQLITE_ROW ? 0 : db_fail(db, "read");
}

int store_publish_collection_add(struct db *db, const char *url, int64_t now, int64_t *id)
{
	sqlite3_stmt *st;
	int rc = store_publish_collection(db, url, id);

	if (rc != ST_NOTFOUND)
		return rc;
	if (prep(db, "INSERT INTO publish_collection(url, created_utc) VALUES (@url, @now)", &st))
		return ST_FAIL;
	b_text(st, "@url", url);
	b_int(st, "@now", now);
	rc = step_write(db, st, "record the collection");
	sqlite3_finalize(st);
	if (!rc)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int store_publish_rows(struct db *db, int64_t collection, struct publish_row **rows, size_t *n)
{
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (prep(db, "SELECT uid, href, etag, sequence FROM publish_resource WHERE collection_id = @c "
		 "ORDER BY uid", &st))
		return ST_FAIL;
	b_int(st, "@c", collection);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct publish_row *r;

		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 64;
			*rows = xrealloc(*rows, alloc * sizeof(**rows));
		}
		r = &(*rows)[(*n)++];
		r->uid = col_str(st, 0);
		r->href = col_str(st, 1);
		r->etag = col_str(st, 2);
		r->sequence = sqlite3_column_int64(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		publish_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return db_fail(db, "read");
	}
	return 0;
}

int store_publish_record(struct db *db, int64_t collection, const struct publish_row *r, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO publish_resource(collection_id, uid, href, etag, sequence, published_utc) "
		 "VALUES (@c, @uid, @href, @etag, @sequence, @now) ON CONFLICT (collection_id, uid) DO UPDATE SET "
		 "href = excluded.href, etag = excluded.etag, sequence = excluded.sequence, "
		 "published_utc = excluded.published_utc", &st))
		return ST_FAIL;
	b_int(st, "@c", collection);
	b_text(st, "@uid", r->uid);
	b_text(st, "@href", r->href);
	b_text(st, "@etag", r->etag);
	b_int(st, "@sequence", r->sequence);
	b_int(st, "@now", now);
	rc = step_write(db, st, "record the published resource");
	sqlite3_finalize(st);
	return rc;
}

int store_publish_forget(struct db *db, int64_t collection, const char *uid)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "DELETE FROM publish_resource WHERE collection_id = @c AND (@uid IS NULL OR uid = @uid)", &st))
		return ST_FAIL;
	b_int(st, "@c", collection);
	b_text(st, "@uid", uid);
	rc = step_write(db, st, "forget the published resource");
	sqlite3_finalize(st);
	return rc;
}
