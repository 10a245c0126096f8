#ifndef DB_H
#define DB_H

#include <sqlite3.h>
#include <stdint.h>

/* One migration: schema/NNNN-name.sql, embedded at build time. */
struct migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct migration migrations[];
extern const int migration_count;
extern const char demo_sql[];

struct civil;

struct db {
	sqlite3 *h;
	char *path;
	int readonly;
	/* Wall-clock time in a zone to an instant, for the SQL function local_midnight(); NULL: UTC (see db_zone_functions). */
	int (*to_utc)(const struct civil *c, const char *zone, int64_t *out);
	struct {
		const char *sql;        /* the statement's text, a string literal: cached by address */
		sqlite3_stmt *st;
	} cache[16];
};

/*
 * The zone functions behind the SQL functions local_midnight() and
 * wall_clock() of every database opened afterwards (ics_local_to_utc and
 * ics_utc_to_local); without them those functions take every zone as UTC
 * and wall_clock() gives NULL. Set once, before the first db_open().
 */
void db_zone_functions(int (*to_utc)(const struct civil *c, const char *zone, int64_t *out),
		       int (*to_local)(int64_t t, const char *zone, struct civil *out, int *offset));

/*
 * The database path: opt (--db), else $DIPCAL_DB, else
 * $XDG_DATA_HOME/dipcal/dipcal.db, else ~/.local/share/dipcal/dipcal.db.
 * The caller frees.
 */
char *db_default_path(const char *opt);

/* Sets SQLite up for this process: once, before any database is opened and while there is one thread. */
void db_setup(void);

/*
 * Opens (creating it, mode 0600 in a 0700 directory, when missing) and
 * migrates the database to the newest schema. A file that is not SQLite,
 * an SQLite file of another program or a newer dipcal is refused without
 * being written. On success *out is the caller's to db_close().
 */
int db_open(const char *path, struct db **out);
/* Like db_open, but migrates only up to version (for tests); -1 means the newest. */
int db_open_at(const char *path, int version, struct db **out);
void db_close(struct db *db);

int db_user_version(struct db *db);
/* Refuses with a message when the database cannot be written. */
int db_require_writable(struct db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; failures print and return ST_FAIL. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);

/* A read of several statements as of one commit (a savepoint); db_read_end() ends it. */
int db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* Prepares SELECT * FROM table (a name from sqlite_schema) in *out, the caller's to finalize. */
int db_table_scan(struct db *db, const char *table, sqlite3_stmt **out);

/* Runs trusted, embedded SQL (migrations, the demo) in the current transaction. */
int db_exec_script(struct db *db, const char *what, const char *sql);

/* Reports an SQLite failure on db as "dipcal: cannot WHAT 'path': msg"; returns ST_FAIL. */
int db_fail(struct db *db, const char *what);

#endif
