#ifndef STORE_INT_H
#define STORE_INT_H

/*
 * Inside the store: the statement helpers that store.c and its companion
 * files (store-*.c, each the SQL of one feature) share. Nothing outside
 * the store includes this header.
 */

#include <sqlite3.h>
#include <stdint.h>

#include "db.h"
#include "store.h"

/* Prepares sql; on failure reports it and returns ST_FAIL with *st NULL. */
int prep(struct db *db, const char *sql, sqlite3_stmt **st);
/*
 * A statement kept for the life of the connection (for statements run many
 * times: inserts of a bulk import, say), reset and with no bindings. sql
 * must be a string literal. The caller resets it after use and never
 * finalizes it.
 */
int prep_keep(struct db *db, const char *sql, sqlite3_stmt **st);
/* The index of a named parameter; a missing one is a programming error. */
int idx(sqlite3_stmt *st, const char *name);
/* Binds a text (NULL binds NULL), an integer, NULL, or an integer where 0 means NULL. */
void b_text(sqlite3_stmt *st, const char *name, const char *v);
void b_int(sqlite3_stmt *st, const char *name, int64_t v);
void b_null(sqlite3_stmt *st, const char *name);
void b_int_or_null(sqlite3_stmt *st, const char *name, int64_t v);
/* A column as a new string (the caller frees), NULL for SQL NULL. */
char *col_str(sqlite3_stmt *st, int i);
/* Steps a writing statement; constraint failures become ST_INVALID naming what. */
int step_write(struct db *db, sqlite3_stmt *st, const char *what);
/*
 * Column col of st, instants in decimal separated by commas (a meeting's
 * EXDATEs or RDATEs as its row keeps them), appended to *out (growing it;
 * the caller frees) in order, each once.
 */
void store_dates_of(sqlite3_stmt *st, int col, int64_t **out, size_t *n);
/* Steps st to the end into *out and finalizes it. */
int fill_rows(struct db *db, sqlite3_stmt *st, struct rows *out);
/* The first column of st's one row (a JSON text); "[]" when there is no row. Finalizes st. */
char *json_one(struct db *db, sqlite3_stmt *st);

/*
 * A deadline's due instant: its own, or a duration before its meeting
 * opens: the start, or for an all-day meeting the midnight that begins it
 * in the meeting's zone (local_midnight(), registered by db.c).
 */
#define DUE_SQL(d, m) "coalesce(" d ".due_utc, iif(" m ".all_day, local_midnight(" m ".start_utc, " m ".tz), " \
	m ".start_utc) - " d ".before_s)"

/* SQL pieces shared by the queries. */
#define RFC3339(x) "strftime('%Y-%m-%dT%H:%M:%SZ', " x ", 'unixepoch')"
#define WHEN_SQL(x, allday) "iif(" allday ", date(" x ", 'unixepoch'), " RFC3339(x) ")"
#define BOOL_SQL(x) "json(iif(" x ", 'true', 'false'))"

#endif
