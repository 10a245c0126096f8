#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeutil.h"
#include "util.h"
#include "banned.h"

/* PRAGMA application_id: "dipc". */
#define DIPCAL_APPLICATION_ID 0x64697063
#define BUSY_TIMEOUT_MS 10000

char *db_default_path(const char *opt)
{
	const char *env = getenv("DIPCAL_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (opt && *opt)
		return xstrdup(opt);
	if (env && *env)
		return xstrdup(env);
	if (xdg && *xdg == '/')
		return xasprintf("%s/dipcal/dipcal.db", xdg);
	return xasprintf("%s/.local/share/dipcal/dipcal.db", home && *home ? home : ".");
}

/* Creates the missing directories above path, each mode 0700. */
static int make_parents(const char *path)
{
	char *dir;
	int err = mkdir_parents(path, &dir), st = 0;

	if (err)
		st = error(ST_FAIL, "cannot create directory '%s': %s", dir, strerror(err));
	free(dir);
	return st;
}

/* Refuses an existing file that is not an SQLite database, before SQLite writes to it. */
static int check_file(const char *path, int *exists)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat stbuf;
	ssize_t n;
	int fd;

	*exists = 0;
	if (stat(path, &stbuf)) {
		if (errno == ENOENT)
			return 0;
		return error(ST_FAIL, "cannot open '%s': %s", path, strerror(errno));
	}
	*exists = 1;
	if (S_ISDIR(stbuf.st_mode))
		return error(ST_FAIL, "cannot open '%s': is a directory", path);
	if (stbuf.st_size == 0)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error(ST_FAIL, "cannot open '%s': %s", path, strerror(errno));
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, sizeof(magic)))
		return error(ST_FAIL, "cannot open '%s': not an SQLite database", path);
	return 0;
}

static int create_file(const char *path)
{
	int st = make_parents(path);
	int fd;

	if (st)
		return st;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST)
		return error(ST_FAIL, "cannot create '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}

int db_fail(struct db *db, const char *what)
{
	int code = sqlite3_errcode(db->h);

	if (code == SQLITE_READONLY)
		return error(ST_FAIL, "cannot %s '%s': the database is read-only", what, db->path);
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return error(ST_FAIL, "cannot %s '%s': the database is busy (another dipcal is writing)",
			     what, db->path);
	return error(ST_FAIL, "cannot %s '%s': %s", what, db->path, sqlite3_errmsg(db->h));
}

static int pragma_int(struct db *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, "read");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "read");
	return 0;
}

int db_user_version(struct db *db)
{
	int v = -1;

	pragma_int(db, "PRAGMA user_version", &v);
	return v;
}

int db_exec_script(struct db *db, const char *what, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int st = sqlite3_errcode(db->h) == SQLITE_READONLY ? db_fail(db, "write")
			: error(ST_FAIL, "cannot apply %s to '%s': %s", what, db->path, msg ? msg : "unknown error");

		sqlite3_free(msg);
		return st;
	}
	return 0;
}

int db_begin(struct db *db)
{
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "write");
	return 0;
}

int db_commit(struct db *db)
{
	if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int st = db_fail(db, "write");

		db_rollback(db);
		return st;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

int db_read_begin(struct db *db)
{
	if (sqlite3_exec(db->h, "SAVEPOINT dipcal_read", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "read");
	return 0;
}

void db_read_end(struct db *db)
{
	sqlite3_exec(db->h, "RELEASE dipcal_read", NULL, NULL, NULL);
}

int db_table_scan(struct db *db, const char *table, sqlite3_stmt **out)
{
	/* A table's name is an identifier, which cannot be bound: quoted by %w. */
	char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
	int rc;

	if (!sql)
		die("out of memory");
	rc = sqlite3_prepare_v2(db->h, sql, -1, out, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return db_fail(db, "read");
	}
	return 0;
}

int db_require_writable(struct db *db)
{
	if (db->readonly)
		return error(ST_FAIL, "cannot write '%s': the database is read-only", db->path);
	return 0;
}

/* Applies the migrations after the current version up to target, each in its own transaction. */
static int migrate(struct db *db, int target)
{
	int version, st, tables = 0;

	for (;;) {
		st = pragma_int(db, "PRAGMA user_version", &version);
		if (st)
			return st;
		if (version >= target)
			return 0;
		if (db->readonly)
			return error(ST_FAIL, "cannot upgrade '%s' from schema version %d: the database is read-only",
				     db->path, version);
		st = db_begin(db);
		if (st)
			return st;
		/* Another process may have migrated while this one waited for the lock. */
		st = pragma_int(db, "PRAGMA user_version", &version);
		if (!st && version == 0)
			st = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
		if (!st && version == 0 && tables > 0) {
			st = error(ST_FAIL, "cannot open '%s': an SQLite database of another program", db->path);
		}
		if (!st && version < target) {
			const struct migration *m = &migrations[version];
			char pragma[64];

			st = db_exec_script(db, m->name, m->sql);
			if (!st) {
				snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
				st = db_exec_script(db, "user_version", pragma);
			}
			if (!st) {
				snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d", DIPCAL_APPLICATION_ID);
				st = db_exec_script(db, "application_id", pragma);
			}
		}
		if (st) {
			db_rollback(db);
			return st;
		}
		st = db_commit(db);
		if (st)
			return st;
	}
}

/* Whether a first read works (it fails on a WAL database that cannot be shared from here). */
static int can_read(struct db *db)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, "SELECT count(*) FROM sqlite_schema", -1, &s, NULL) != SQLITE_OK)
		return 0;
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW;
}

/* "file:PATH?immutable=1", PATH percent-encoded where URIs need it. The caller frees. */
static char *file_uri(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p > 0x7e)
			sb_addf(&sb, "%%%02X", *p);
		else
			sb_add(&sb, (const char *)p, 1);
	}
	sb_puts(&sb, "?immutable=1");
	return sb_detach(&sb);
}

/* local_midnight(DATE, ZONE): the instant 00:00Z of DATE names, as midnight in ZONE. */
static void local_midnight(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct db *db = sqlite3_user_data(ctx);
	sqlite3_int64 date = sqlite3_value_int64(argv[0]);
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	struct civil c;
	int64_t t = date;

	(void)argc;
	if (db->to_utc && zone) {
		utc_as_civil(date, &c);
		if (db->to_utc(&c, zone, &t))
			t = date;
	}
	sqlite3_result_int64(ctx, t);
}

/* The zone functions the SQL functions use; set once by db_zone_functions(). */
static int (*zone_to_utc)(const struct civil *c, const char *zone, int64_t *out);
static int (*zone_to_local)(int64_t t, const char *zone, struct civil *out, int *offset);

void db_zone_functions(int (*to_utc)(const struct civil *c, const char *zone, int64_t *out),
		       int (*to_local)(int64_t t, const char *zone, struct civil *out, int *offset))
{
	zone_to_utc = to_utc;
	zone_to_local = to_local;
}

/* wall_clock(INSTANT, ZONE): the wall-clock time in ZONE at INSTANT, as seconds read as UTC; NULL when unknown. */
static void wall_clock(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	struct civil c;

	(void)argc;
	if (!zone_to_local || !zone || sqlite3_value_type(argv[0]) != SQLITE_INTEGER ||
	    zone_to_local(sqlite3_value_int64(argv[0]), zone, &c, NULL)) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_int64(ctx, civil_as_utc(&c));
}

void db_setup(void)
{
	/* No statistics of SQLite's memory (nothing reads them): its allocations then take no global mutex. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int db_open_at(const char *path, int target, struct db **out)
{
	struct db *db;
	int exists, st, version, appid, rc;

	*out = NULL;
	if (target < 0 || target > migration_count)
		target = migration_count;
	st = check_file(path, &exists);
	if (st)
		return st;
	if (!exists) {
		st = create_file(path);
		if (st)
			return st;
	}
	db = xcalloc(1, sizeof(*db));
	db->path = xstrdup(path);
	/*
	 * A connection is used by one thread at a time (serve hands it to MHD's
	 * one thread and waits): no mutex around each call (SQLite's
	 * multi-thread mode), a lock and unlock fewer per column read.
	 */
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		st = db->h ? db_fail(db, "open") : error(ST_FAIL, "cannot open '%s': out of memory", path);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 0);
	db->readonly = sqlite3_db_readonly(db->h, "main") == 1;
	if (db->readonly && !can_read(db)) {
		/*
		 * A WAL database whose directory this user may not write: SQLite
		 * cannot make the shared-memory file a reader needs. Nobody can
		 * change the file through this process, so read it as immutable.
		 */
		char *uri = file_uri(path);

		sqlite3_close_v2(db->h);
		db->h = NULL;
		rc = sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc != SQLITE_OK) {
			st = db->h ? db_fail(db, "open") : error(ST_FAIL, "cannot open '%s': out of memory", path);
			goto fail;
		}
	}
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	db->to_utc = zone_to_utc;
	sqlite3_create_function(db->h, "local_midnight", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, db, local_midnight,
				NULL, NULL);
	sqlite3_create_function(db->h, "wall_clock", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, wall_clock,
				NULL, NULL);
	st = db_exec_script(db, "pragmas", "PRAGMA foreign_keys = ON");
	if (st)
		goto fail;
	st = pragma_int(db, "PRAGMA application_id", &appid);
	if (st)
		goto fail;
	st = pragma_int(db, "PRAGMA user_version", &version);
	if (st)
		goto fail;
	if (appid == 0 && version == 0) {
		int tables = 0;

		st = pragma_int(db, "SELECT count(*) FROM sqlite_schema", &tables);
		if (st)
			goto fail;
		if (tables)
			appid = -1;
	}
	/* Refused before anything (WAL mode, say) is written to it. */
	if (appid != DIPCAL_APPLICATION_ID && (appid != 0 || version != 0)) {
		st = error(ST_FAIL, "cannot open '%s': an SQLite database of another program", path);
		goto fail;
	}
	if (version > migration_count) {
		st = error(ST_FAIL, "cannot open '%s': its schema version %d is newer than this dipcal "
			   "knows (%d); use a newer dipcal", path, version, migration_count);
		goto fail;
	}
	if (!db->readonly) {
		sqlite3_stmt *s;

		/* WAL lets readers go on while one process writes. */
		rc = sqlite3_prepare_v2(db->h, "PRAGMA journal_mode = WAL", -1, &s, NULL);
		if (rc == SQLITE_OK) {
			rc = sqlite3_step(s);
			sqlite3_finalize(s);
		}
		if (rc != SQLITE_ROW && rc != SQLITE_OK) {
			st = db_fail(db, "open");
			goto fail;
		}
		st = db_exec_script(db, "pragmas", "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16384");
		if (st)
			goto fail;
	}
	st = migrate(db, target);
	if (st)
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return st;
}

int db_open(const char *path, struct db **out)
{
	return db_open_at(path, -1, out);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < sizeof(db->cache) / sizeof(db->cache[0]); i++)
		sqlite3_finalize(db->cache[i].st);
	sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
}
