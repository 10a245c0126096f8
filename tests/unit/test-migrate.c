/*
 * Schema migrations and the checks made when a database is opened: a
 * database migrated step by step from any version has the schema of a
 * fresh one; newer, foreign and non-SQLite files are refused untouched;
 * new files are private.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db.h"
#include "ics.h"
#include "tap.h"
#include "util.h"

static char tmpdir[] = "/tmp/dipcal-test-migrate.XXXXXX";

/* A path in the temporary directory (the caller frees). */
static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

/* The schema as text: one line per object, by name. NULL when it cannot be read. */
static char *schema_of(sqlite3 *h)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < 4; c++) {
			const unsigned char *v = sqlite3_column_text(st, c);

			sb_puts(&sb, c ? " | " : "");
			sb_puts(&sb, v ? (const char *)v : "NULL");
		}
		sb_puts(&sb, "\n");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* An integer PRAGMA of the file at path, read with SQLite alone; -1 on failure. */
static int file_pragma(const char *path, const char *pragma)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, pragma, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return v;
}

/* Runs sql on the file at path with SQLite alone, creating it; 0 on success. */
static int file_exec(const char *path, const char *sql)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The whole content of a file (the caller frees), its length in *n; NULL if unreadable. */
static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t k;

	*n = 0;
	if (!f)
		return NULL;
	while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, k);
	fclose(f);
	*n = sb.len;
	return sb_detach(&sb);
}

static int write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	int st;

	if (!f)
		return -1;
	st = fwrite(data, 1, n, f) == n ? 0 : -1;
	if (fclose(f))
		st = -1;
	return st;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The schema of a database created fresh at the newest version (the caller frees). */
static char *fresh_schema(void)
{
	char *path = tmp_path("fresh.db");
	struct db *db = NULL;
	char *schema = NULL;
	int st = db_open(path, &db);

	if (is_int(st, 0, "db_open creates a fresh database")) {
		is_int(db_user_version(db), migration_count, "a fresh database is at version %d", migration_count);
		schema = schema_of(db->h);
		ok(schema && strstr(schema, "table | meeting | meeting |"),
		   "the fresh schema can be read and has the meeting table");
		db_close(db);
	}
	free(path);
	return schema;
}

/* For every older version v: open at v, then at the newest; the schema is the fresh one. */
static void test_upgrades(const char *want)
{
	ok(migration_count >= 1, "there are migrations (%d)", migration_count);
	for (int v = 0; v < migration_count; v++) {
		char name[64];
		char *path, *schema;
		struct db *db = NULL;
		int st;

		snprintf(name, sizeof(name), "from-%d.db", v);
		path = tmp_path(name);
		st = db_open_at(path, v, &db);
		if (!is_int(st, 0, "db_open_at(%d) on a new file", v)) {
			free(path);
			continue;
		}
		is_int(db_user_version(db), v, "db_open_at(%d) leaves the database at version %d", v, v);
		db_close(db);
		db = NULL;

		st = db_open(path, &db);
		if (is_int(st, 0, "db_open upgrades a version %d database", v)) {
			is_int(db_user_version(db), migration_count, "version %d upgraded to %d", v, migration_count);
			schema = schema_of(db->h);
			is_str(schema, want, "version %d upgraded has the schema of a fresh database", v);
			free(schema);
			db_close(db);
		}
		is_int(file_pragma(path, "PRAGMA application_id"), 0x64697063,
		       "version %d upgraded carries dipcal's application_id", v);
		free(path);
	}
}

/* Opening again at the newest version changes nothing. */
static void test_reopen(const char *want)
{
	char *path = tmp_path("fresh.db");
	struct db *db = NULL;
	char *schema;

	if (is_int(db_open(path, &db), 0, "db_open opens an existing database")) {
		is_int(db_user_version(db), migration_count, "user_version equals migration_count (%d)", migration_count);
		schema = schema_of(db->h);
		is_str(schema, want, "reopening leaves the schema as it was");
		free(schema);
		db_close(db);
	}
	is_int(file_pragma(path, "PRAGMA user_version"), migration_count,
	       "user_version on disk equals migration_count");
	free(path);
}

/* Upgrading to version 8 writes each timed series' wall-clock start (schema/0008), from the zone. */
static void test_series_wall(void)
{
	char *path = tmp_path("wall.db");
	struct db *db = NULL;
	sqlite3_stmt *st;
	int64_t tashkent, brussels, wall;

	if (migration_count < 8 || !is_int(db_open_at(path, 7, &db), 0, "a version 7 database")) {
		free(path);
		return;
	}
	db_close(db);
	db = NULL;
	/* 2026-04-06 10:00 in Tashkent (+05) and in Brussels (+02), weekly; an all-day series; a single meeting */
	ok(!file_exec(path, "INSERT INTO body(code, name) VALUES ('EU', 'European Council');"
		      "INSERT INTO meeting(uid, body, title, tz, start_utc, end_utc, rrule, created_utc, updated_utc) VALUES "
		      "('a@t', 'EU', 'a', 'Asia/Tashkent', 1775451600, 1775455200, 'FREQ=WEEKLY', 0, 0), "
		      "('b@t', 'EU', 'b', 'Europe/Brussels', 1775462400, 1775466000, 'FREQ=WEEKLY', 0, 0), "
		      "('c@t', 'EU', 'c', 'Europe/Brussels', 1775433600, 1775520000, 'FREQ=WEEKLY', 0, 0);"
		      "UPDATE meeting SET all_day = 1 WHERE uid = 'c@t';"
		      "INSERT INTO meeting(uid, body, title, tz, start_utc, end_utc, created_utc, updated_utc) VALUES "
		      "('d@t', 'EU', 'd', 'Europe/Brussels', 1775462400, 1775466000, 0, 0)"),
	   "version 7: three series and a single meeting");
	db_zone_functions(ics_local_to_utc, ics_utc_to_local);
	if (is_int(db_open(path, &db), 0, "upgraded with the zone functions")) {
		tashkent = days_from_civil(2026, 4, 6) * DAY_SECONDS + 10 * 3600;
		brussels = tashkent;
		if (!sqlite3_prepare_v2(db->h, "SELECT uid, start_wall FROM meeting ORDER BY uid", -1, &st, NULL)) {
			int64_t want[] = { tashkent, brussels, -1, -1 };

			for (int i = 0; i < 4 && sqlite3_step(st) == SQLITE_ROW; i++) {
				wall = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 1);
				is_int(wall, want[i], "%s: start_wall %s", (const char *)sqlite3_column_text(st, 0),
				       want[i] < 0 ? "NULL (all-day or single)" : "2026-04-06 10:00 on the wall clock");
			}
			sqlite3_finalize(st);
		}
		db_close(db);
	}
	db_zone_functions(NULL, NULL);
	free(path);
}

/* Version 9 to 10: each meeting's EXDATEs and RDATEs copied into its row, in order; a single meeting's RDATE too. */
static void test_dates_in_row(void)
{
	char *path = tmp_path("dates.db");
	struct db *db = NULL;
	sqlite3_stmt *st;

	if (migration_count < 10 || !is_int(db_open_at(path, 9, &db), 0, "a version 9 database")) {
		free(path);
		return;
	}
	db_close(db);
	db = NULL;
	ok(!file_exec(path, "INSERT INTO body(code, name) VALUES ('EU', 'European Council');"
		      "INSERT INTO meeting(id, uid, body, title, tz, start_utc, end_utc, rrule, created_utc, updated_utc) "
		      "VALUES (1, 's@t', 'EU', 's', 'UTC', 1775451600, 1775455200, 'FREQ=WEEKLY', 0, 0), "
		      "(2, 'o@t', 'EU', 'o', 'UTC', 1775451600, 1775455200, NULL, 0, 0), "
		      "(3, 'n@t', 'EU', 'n', 'UTC', 1775451600, 1775455200, 'FREQ=DAILY', 0, 0);"
		      "INSERT INTO exdate(meeting_id, start_utc) VALUES (1, 1776661200), (1, 1776056400);"
		      "INSERT INTO rdate(meeting_id, start_utc) VALUES (1, 1777000000), (2, 1778000000);"),
	   "version 9: a series with two EXDATEs and an RDATE, a single meeting with an RDATE, a series with none");
	db_zone_functions(ics_local_to_utc, ics_utc_to_local);
	if (is_int(db_open(path, &db), 0, "upgraded to version 10")) {
		if (!sqlite3_prepare_v2(db->h, "SELECT coalesce(exdates, '-') || ' ' || coalesce(rdates, '-') FROM meeting "
				       "ORDER BY id", -1, &st, NULL)) {
			static const char *const want[] = { "1776056400,1776661200 1777000000", "- 1778000000", "- -" };
			static const char *const what[] = { "the series' dates, in order", "the single meeting's RDATE",
				"no dates: NULL" };

			for (int i = 0; i < 3 && sqlite3_step(st) == SQLITE_ROW; i++)
				is_str((const char *)sqlite3_column_text(st, 0), want[i], "%s", what[i]);
			sqlite3_finalize(st);
		}
		db_close(db);
	}
	db_zone_functions(NULL, NULL);
	free(path);
}

static void test_newer_refused(void)
{
	char *path = tmp_path("newer.db");
	struct db *db = NULL;
	char sql[64];
	int st;

	if (!is_int(db_open(path, &db), 0, "create a database to make newer")) {
		free(path);
		return;
	}
	db_close(db);
	db = NULL;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", migration_count + 1);
	ok(file_exec(path, sql) == 0, "set user_version to %d", migration_count + 1);
	st = db_open(path, &db);
	is_int(st, ST_FAIL, "db_open refuses a database of a newer dipcal");
	ok(db == NULL, "db_open leaves *out NULL when it refuses");
	db_close(db);
	is_int(file_pragma(path, "PRAGMA user_version"), migration_count + 1,
	       "the newer database's user_version is unchanged");
	free(path);
}

static void test_not_sqlite(void)
{
	static const char text[] =
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//not a database//EN\r\nEND:VCALENDAR\r\n";
	static const char *const names[] = { "calendar.ics", "short.txt" };
	static const size_t lens[] = { sizeof(text) - 1, 5 };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *path = tmp_path(names[i]);
		char *wal = xasprintf("%s-wal", path);
		struct db *db = NULL;
		char *back;
		size_t n;

		if (!ok(write_file(path, text, lens[i]) == 0, "write %zu bytes of text to %s", lens[i], names[i])) {
			free(path);
			free(wal);
			continue;
		}
		is_int(db_open(path, &db), ST_FAIL, "db_open refuses a file that is not SQLite (%zu bytes)", lens[i]);
		ok(db == NULL, "no database handle for a non-SQLite file");
		db_close(db);
		back = slurp(path, &n);
		ok(back && n == lens[i] && !memcmp(back, text, n), "the non-SQLite file's bytes are unchanged");
		ok(access(wal, F_OK) != 0, "no -wal file next to the non-SQLite file");
		free(back);
		free(path);
		free(wal);
	}
}

static void test_foreign_refused(void)
{
	char *path = tmp_path("foreign.db");
	struct db *db = NULL;
	sqlite3 *h = NULL;
	char *before = NULL, *after = NULL;

	ok(file_exec(path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');") == 0,
	   "create an SQLite database of another program");
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		before = schema_of(h);
	sqlite3_close(h);
	is_int(db_open(path, &db), ST_FAIL, "db_open refuses an SQLite database of another program");
	db_close(db);
	h = NULL;
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		after = schema_of(h);
	sqlite3_close(h);
	ok(before && after && !strcmp(before, after) && !strstr(after, "meeting"),
	   "the other program's schema is unchanged");
	is_int(file_pragma(path, "PRAGMA user_version"), 0, "the other program's user_version is unchanged");
	is_int(file_pragma(path, "PRAGMA application_id"), 0, "the other program's application_id is unchanged");
	free(before);
	free(after);

	/* Another program's application_id, even at version 0 with no tables. */
	free(path);
	path = tmp_path("foreign-appid.db");
	ok(file_exec(path, "PRAGMA application_id = 1234") == 0, "create an SQLite file with another application_id");
	db = NULL;
	is_int(db_open(path, &db), ST_FAIL, "db_open refuses a database with another application_id");
	db_close(db);
	is_int(file_pragma(path, "PRAGMA user_version"), 0, "its user_version is unchanged");
	free(path);
}

static void test_modes(void)
{
	char *path = tmp_path("private/nested/mode.db");
	char *dir = tmp_path("private");
	struct db *db = NULL;
	struct stat st;
	mode_t old = umask(022);

	if (is_int(db_open(path, &db), 0, "db_open creates a database in missing directories"))
		db_close(db);
	umask(old);
	if (ok(stat(path, &st) == 0, "the new database file exists"))
		is_int(st.st_mode & 07777, 0600, "a fresh database file has mode 0600");
	if (ok(stat(dir, &st) == 0, "the created directory exists"))
		is_int(st.st_mode & 07777, 0700, "a created directory has mode 0700");
	free(path);
	free(dir);
}

int main(void)
{
	char *want;

	if (!mkdtemp(tmpdir)) {
		ok(0, "mkdtemp %s: %s", tmpdir, strerror(errno));
		return done_testing();
	}
	want = fresh_schema();
	if (want) {
		test_upgrades(want);
		test_reopen(want);
	}
	test_series_wall();
	test_dates_in_row();
	test_newer_refused();
	test_not_sqlite();
	test_foreign_refused();
	test_modes();
	free(want);
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	ok(access(tmpdir, F_OK) != 0, "the temporary directory is removed");
	return done_testing();
}
