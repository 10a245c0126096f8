#include "store.h"
#include "store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotation.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

/* ---- statement helpers ---- */

int prep(struct db *db, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(db->h, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_fail(db, "read");
	}
	return 0;
}

int prep_keep(struct db *db, const char *sql, sqlite3_stmt **st)
{
	size_t n = sizeof(db->cache) / sizeof(db->cache[0]), i;

	for (i = 0; i < n && db->cache[i].sql; i++) {
		if (db->cache[i].sql == sql) {
			*st = db->cache[i].st;
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return 0;
		}
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_fail(db, "read");
	}
	if (i < n) {
		db->cache[i].sql = sql;
		db->cache[i].st = *st;
	}
	return i < n ? 0 : error(ST_FAIL, "internal error: too many kept statements");
}

int idx(sqlite3_stmt *st, const char *name)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (!i)
		die("internal error: no SQL parameter %s", name);
	return i;
}

void b_text(sqlite3_stmt *st, const char *name, const char *v)
{
	if (v)
		sqlite3_bind_text(st, idx(st, name), v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, idx(st, name));
}

void b_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	sqlite3_bind_int64(st, idx(st, name), v);
}

void b_null(sqlite3_stmt *st, const char *name)
{
	sqlite3_bind_null(st, idx(st, name));
}

/* Optional integer: 0 means NULL (ordinals, ids). */
void b_int_or_null(sqlite3_stmt *st, const char *name, int64_t v)
{
	if (v)
		b_int(st, name, v);
	else
		b_null(st, name);
}

char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (!s)
		return NULL;
	return xstrdup((const char *)s);
}

/* Steps a statement that writes; reports constraint failures as what they are. */
int step_write(struct db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_CONSTRAINT)
		return error(ST_INVALID, "cannot %s: %s", what, sqlite3_errmsg(db->h));
	return db_fail(db, "write");
}

void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n * (size_t)r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
	memset(r, 0, sizeof(*r));
}

int fill_rows(struct db *db, sqlite3_stmt *st, struct rows *out)
{
	size_t alloc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->ncols = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			out->cell = xrealloc(out->cell, alloc * (size_t)out->ncols * sizeof(char *));
		}
		for (int c = 0; c < out->ncols; c++)
			out->cell[out->n * (size_t)out->ncols + (size_t)c] = col_str(st, c);
		out->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rows_free(out);
		return db_fail(db, "read");
	}
	return 0;
}

/* The first column of the one row of st, e.g. a json_group_array(); "[]" when there is none. */
char *json_one(struct db *db, sqlite3_stmt *st)
{
	char *s = NULL;

	if (sqlite3_step(st) == SQLITE_ROW)
		s = col_str(st, 0);
	else if (sqlite3_errcode(db->h) != SQLITE_DONE && sqlite3_errcode(db->h) != SQLITE_OK)
		db_fail(db, "read");
	sqlite3_finalize(st);
	return s ? s : xstrdup("[]");
}


/* ---- states ---- */

int store_state_add(struct db *db, const char *code, const char *name, const char *tz, const char *capital)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO state(code, name, tz, capital) VALUES (@code, @name, @tz, @capital) "
		 "ON CONFLICT DO NOTHING", &st))
		return ST_FAIL;
	b_text(st, "@code", code);
	b_text(st, "@name", name);
	b_text(st, "@tz", tz);
	b_text(st, "@capital", capital);
	rc = step_write(db, st, "add state");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_CONFLICT, "state '%s' already exists", code);
	return rc;
}

int store_require_state(struct db *db, const char *code, char **tz)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "SELECT tz FROM state WHERE code = @code", &st))
		return ST_FAIL;
	b_text(st, "@code", code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && tz)
		*tz = col_str(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(db, "read");
	return error(ST_NOTFOUND, "unknown state '%s'", code);
}

int store_state_rows(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT code, name, tz, capital FROM state ORDER BY code", &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

char *store_state_json(struct db *db)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('code', code, 'name', name, 'tz', tz, "
		 "'capital', capital)) FROM (SELECT * FROM state ORDER BY code)", &st))
		return NULL;
	return json_one(db, st);
}

/* ---- bodies ---- */

int store_body_add(struct db *db, const char *code, const char *name, const char *level)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO body(code, name, level) VALUES (@code, @name, coalesce(@level, 'heads-of-state')) "
		 "ON CONFLICT DO NOTHING", &st))
		return ST_FAIL;
	b_text(st, "@code", code);
	b_text(st, "@name", name);
	b_text(st, "@level", level);
	rc = step_write(db, st, "add body");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_CONFLICT, "body '%s' already exists", code);
	return rc;
}

int store_require_body(struct db *db, const char *code, char **name)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "SELECT name FROM body WHERE code = @code", &st))
		return ST_FAIL;
	b_text(st, "@code", code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && name)
		*name = col_str(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(db, "read");
	return error(ST_NOTFOUND, "unknown body '%s'", code);
}

int store_require_body_quiet(struct db *db, const char *code)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "SELECT 1 FROM body WHERE code = @code", &st))
		return ST_FAIL;
	b_text(st, "@code", code);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? ST_NOTFOUND : db_fail(db, "read");
}

int store_body_rows(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT b.code, b.name, b.level, (SELECT group_concat(state, ',') FROM "
		 "(SELECT DISTINCT state FROM membership WHERE body = b.code ORDER BY state)) "
		 "FROM body b ORDER BY b.code", &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

char *store_body_json(struct db *db)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('code', code, 'name', name, 'level', level)) "
		 "FROM (SELECT * FROM body ORDER BY code)", &st))
		return NULL;
	return json_one(db, st);
}

/* ---- memberships ---- */

int store_member_add(struct db *db, const char *body, const char *state, const char *role,
		     const char *since, const char *until)
{
	sqlite3_stmt *st;
	int rc;

	/* Two memberships of one state in one body may not overlap in time. */
	if (prep(db, "SELECT role, since, until FROM membership WHERE body = @body AND state = @state "
		 "AND coalesce(since, '0000-01-01') < coalesce(@until, '9999-12-31') "
		 "AND coalesce(until, '9999-12-31') > coalesce(@since, '0000-01-01')", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@state", state);
	b_text(st, "@since", since);
	b_text(st, "@until", until);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(st, 0);
		const char *s = (const char *)sqlite3_column_text(st, 1);
		const char *u = (const char *)sqlite3_column_text(st, 2);

		rc = error(ST_CONFLICT, "state '%s' is already a %s member of '%s' (%s to %s)", state, r, body,
			   s ? s : "the start", u ? u : "now");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "read");
	if (prep(db, "INSERT INTO membership(body, state, role, since, until) "
		 "VALUES (@body, @state, coalesce(@role, 'full'), @since, @until)", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@state", state);
	b_text(st, "@role", role);
	b_text(st, "@since", since);
	b_text(st, "@until", until);
	rc = step_write(db, st, "add membership");
	sqlite3_finalize(st);
	return rc;
}

#define MEMBER_WHERE "WHERE body = @body AND (@on IS NULL OR (coalesce(since, '0000-01-01') <= @on " \
	"AND coalesce(until, '9999-12-31') > @on)) ORDER BY state, since"

int store_member_rows(struct db *db, const char *body, const char *on, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT m.state, s.name, m.role, m.since, m.until FROM membership m JOIN state s "
		 "ON s.code = m.state " MEMBER_WHERE, &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@on", on);
	return fill_rows(db, st, out);
}

char *store_member_json(struct db *db, const char *body, const char *on)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('body', body, 'state', state, 'role', role, "
		 "'since', since, 'until', until)) FROM (SELECT * FROM membership " MEMBER_WHERE ")", &st))
		return NULL;
	b_text(st, "@body", body);
	b_text(st, "@on", on);
	return json_one(db, st);
}

/* ---- meetings ---- */

void meeting_clear(struct meeting *m)
{
	free(m->uid);
	free(m->body);
	free(m->title);
	free(m->host);
	free(m->city);
	free(m->venue);
	free(m->tz);
	free(m->rrule);
	free(m->notes);
	free(m->kind);
	free(m->status);
	free(m->remind);
	free(m->exdates);
	free(m->rdates);
	memset(m, 0, sizeof(*m));
}

void meeting_copy(struct meeting *dst, const struct meeting *src)
{
	*dst = *src;
	dst->uid = xstrdup_or_null(src->uid);
	dst->body = xstrdup_or_null(src->body);
	dst->title = xstrdup_or_null(src->title);
	dst->host = xstrdup_or_null(src->host);
	dst->city = xstrdup_or_null(src->city);
	dst->venue = xstrdup_or_null(src->venue);
	dst->tz = xstrdup_or_null(src->tz);
	dst->rrule = xstrdup_or_null(src->rrule);
	dst->notes = xstrdup_or_null(src->notes);
	dst->kind = xstrdup_or_null(src->kind);
	dst->status = xstrdup_or_null(src->status);
	dst->remind = xstrdup_or_null(src->remind);
	dst->exdates = NULL;
	if (src->nexdates) {
		dst->exdates = xcalloc(src->nexdates, sizeof(int64_t));
		memcpy(dst->exdates, src->exdates, src->nexdates * sizeof(int64_t));
	}
	dst->rdates = NULL;
	if (src->nrdates) {
		dst->rdates = xcalloc(src->nrdates, sizeof(int64_t));
		memcpy(dst->rdates, src->rdates, src->nrdates * sizeof(int64_t));
	}
}

#define MEETING_COLS "m.id, m.uid, m.body, m.ordinal, m.kind, m.title, m.host, m.city, m.venue, m.tz, " \
	"m.start_utc, m.end_utc, m.all_day, m.status, m.rrule, m.series_end_utc, m.notes, " \
	"m.created_utc, m.updated_utc, m.sequence, m.remind, m.start_wall"

static void meeting_from_row(sqlite3_stmt *st, struct meeting *m)
{
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->uid = col_str(st, 1);
	m->body = col_str(st, 2);
	m->ordinal = sqlite3_column_int64(st, 3);
	m->kind = col_str(st, 4);
	m->title = col_str(st, 5);
	m->host = col_str(st, 6);
	m->city = col_str(st, 7);
	m->venue = col_str(st, 8);
	m->tz = col_str(st, 9);
	m->start = sqlite3_column_int64(st, 10);
	m->end = sqlite3_column_int64(st, 11);
	m->all_day = sqlite3_column_int(st, 12);
	m->status = col_str(st, 13);
	m->rrule = col_str(st, 14);
	m->series_finite = sqlite3_column_type(st, 15) != SQLITE_NULL;
	m->series_end = sqlite3_column_int64(st, 15);
	m->notes = col_str(st, 16);
	m->created = sqlite3_column_int64(st, 17);
	m->updated = sqlite3_column_int64(st, 18);
	m->sequence = sqlite3_column_int64(st, 19);
	m->remind = col_str(st, 20);
	m->has_wall = sqlite3_column_type(st, 21) != SQLITE_NULL;
	m->start_wall = sqlite3_column_int64(st, 21);
}

static int save_dates(struct db *db, const char *del, const char *ins, int64_t id, const int64_t *d, size_t n)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (prep(db, del, &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	rc = step_write(db, st, "write exceptions");
	sqlite3_finalize(st);
	if (rc || !n)
		return rc;
	if (prep(db, ins, &st))
		return ST_FAIL;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_reset(st);
		b_int(st, "@id", id);
		b_int(st, "@at", d[i]);
		rc = step_write(db, st, "write exceptions");
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Writes meeting id's EXDATEs and RDATEs, as the exdate and rdate tables
 * hold them, into its row (meeting.exdates, meeting.rdates: see
 * schema/0010-series-span.sql), once after all of them are written.
 */
#define SET_ROW_DATES(id) "UPDATE meeting SET " \
	"exdates = (SELECT group_concat(start_utc) FROM (SELECT start_utc FROM exdate WHERE meeting_id = " id \
	" ORDER BY 1)), " \
	"rdates = (SELECT group_concat(start_utc) FROM (SELECT start_utc FROM rdate WHERE meeting_id = " id \
	" ORDER BY 1)) "

static int series_dates_refresh(struct db *db, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (prep_keep(db, SET_ROW_DATES("@id") "WHERE id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	rc = step_write(db, st, "write exceptions");
	sqlite3_reset(st);
	return rc;
}

static int save_exdates(struct db *db, const struct meeting *m)
{
	int rc = save_dates(db, "DELETE FROM exdate WHERE meeting_id = @id",
			    "INSERT OR IGNORE INTO exdate(meeting_id, start_utc) VALUES (@id, @at)", m->id, m->exdates,
			    m->nexdates);

	if (!rc)
		rc = save_dates(db, "DELETE FROM rdate WHERE meeting_id = @id",
				"INSERT OR IGNORE INTO rdate(meeting_id, start_utc) VALUES (@id, @at)", m->id, m->rdates,
				m->nrdates);
	return rc ? rc : series_dates_refresh(db, m->id);
}

/* Numbered parameters: a bulk import binds them by position, without looking names up. */
#define INSERT_MEETING_SQL \
	"INSERT INTO meeting(uid, body, ordinal, kind, title, host, city, venue, tz, start_utc, " \
	"end_utc, all_day, status, rrule, series_end_utc, notes, created_utc, updated_utc, sequence, remind, start_wall) " \
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, " \
	"iif(?14 IS NULL OR ?12, NULL, wall_clock(?10, ?9)))"
static const char insert_meeting_sql[] = INSERT_MEETING_SQL;

/* Binds a string that stays as it is until the statement is reset (SQLite keeps no copy). */
static void bind_text_at(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/*
 * Binds a meeting to the numbered parameters of insert_meeting_sql and
 * update_meeting_sql. Its strings must stay until the statement is reset.
 */
static void bind_meeting(sqlite3_stmt *st, const struct meeting *m)
{
	bind_text_at(st, 1, m->uid);
	bind_text_at(st, 2, m->body);
	if (m->ordinal)
		sqlite3_bind_int64(st, 3, m->ordinal);
	bind_text_at(st, 4, m->kind);
	bind_text_at(st, 5, m->title);
	bind_text_at(st, 6, m->host);
	bind_text_at(st, 7, m->city);
	bind_text_at(st, 8, m->venue);
	bind_text_at(st, 9, m->tz);
	sqlite3_bind_int64(st, 10, m->start);
	sqlite3_bind_int64(st, 11, m->end);
	sqlite3_bind_int(st, 12, m->all_day);
	bind_text_at(st, 13, m->status);
	bind_text_at(st, 14, m->rrule);
	if (m->series_finite)
		sqlite3_bind_int64(st, 15, m->series_end);
	bind_text_at(st, 16, m->notes);
	sqlite3_bind_int64(st, 17, m->created);
	sqlite3_bind_int64(st, 18, m->updated);
	sqlite3_bind_int64(st, 19, m->sequence);
	bind_text_at(st, 20, m->remind);
}
static const char insert_exdate_sql[] = "INSERT OR IGNORE INTO exdate(meeting_id, start_utc) VALUES (@id, @at)";
static const char insert_rdate_sql[] = "INSERT OR IGNORE INTO rdate(meeting_id, start_utc) VALUES (@id, @at)";

/* Adds dates to a meeting through a kept statement. */
static int add_dates(struct db *db, const char *sql, int64_t id, const int64_t *d, size_t n)
{
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		if (prep_keep(db, sql, &st))
			return ST_FAIL;
		b_int(st, "@id", id);
		b_int(st, "@at", d[i]);
		rc = step_write(db, st, "write exceptions");
		sqlite3_reset(st);
	}
	return rc;
}

/* The same, adding nothing when a meeting has the UID. */
static const char insert_new_meeting_sql[] = INSERT_MEETING_SQL " ON CONFLICT(uid) DO NOTHING";

static int insert_meeting(struct db *db, struct meeting *m, const char *sql)
{
	sqlite3_stmt *st;
	int rc, added;

	if (prep_keep(db, sql, &st))
		return ST_FAIL;
	bind_meeting(st, m);
	rc = step_write(db, st, "add meeting");
	added = sqlite3_changes(db->h) > 0;
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (!added)
		return ST_CONFLICT;
	m->id = sqlite3_last_insert_rowid(db->h);
	if (!m->nexdates && !m->nrdates)
		return 0;
	rc = add_dates(db, insert_exdate_sql, m->id, m->exdates, m->nexdates);
	if (!rc)
		rc = add_dates(db, insert_rdate_sql, m->id, m->rdates, m->nrdates);
	return rc ? rc : series_dates_refresh(db, m->id);
}

int store_meeting_insert(struct db *db, struct meeting *m)
{
	return insert_meeting(db, m, insert_meeting_sql);
}

int store_meeting_insert_new(struct db *db, struct meeting *m)
{
	return insert_meeting(db, m, insert_new_meeting_sql);
}

/* A recurring meeting's EXDATEs and RDATEs, in its own row (schema/0010-series-span.sql). */
#define SERIES_DATES "m.exdates, m.rdates"

static int cmp_date(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void store_dates_of(sqlite3_stmt *st, int col, int64_t **out, size_t *n)
{
	const char *p = (const char *)sqlite3_column_text(st, col);
	size_t k = 1, first = *n;
	int sorted = 1;

	if (!p || !*p)
		return;
	for (const char *q = p; *q; q++)
		k += *q == ',';
	*out = xrealloc(*out, (*n + k) * sizeof(int64_t));
	while (*p) {
		char *end;
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		if (*n > first && v < (*out)[*n - 1])
			sorted = 0;
		(*out)[(*n)++] = v;
		p = *end == ',' ? end + 1 : end;
	}
	if (!sorted)
		qsort(*out + first, *n - first, sizeof(int64_t), cmp_date);
	/* an instant named twice counts once */
	if (*n - first > 1) {
		size_t u = first + 1;

		for (size_t i = first + 1; i < *n; i++)
			if ((*out)[i] != (*out)[u - 1])
				(*out)[u++] = (*out)[i];
		*n = u;
	}
}

static const char get_meeting_sql[] = "SELECT " MEETING_COLS ", " SERIES_DATES " FROM meeting m WHERE m.id = @id";
static const char uid_meeting_sql[] = "SELECT " MEETING_COLS ", " SERIES_DATES " FROM meeting m WHERE m.uid = @uid";

/* One meeting from a kept statement (get_meeting_sql or uid_meeting_sql, bound). */
static int meeting_one(struct db *db, sqlite3_stmt *st, struct meeting *m)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		meeting_from_row(st, m);
		store_dates_of(st, 22, &m->exdates, &m->nexdates);
		store_dates_of(st, 23, &m->rdates, &m->nrdates);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_fail(db, "read");
	return 0;
}

int store_meeting_get(struct db *db, int64_t id, struct meeting *m)
{
	sqlite3_stmt *st;

	memset(m, 0, sizeof(*m));
	if (prep_keep(db, get_meeting_sql, &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	return meeting_one(db, st, m);
}

static const char uid_version_sql[] = "SELECT id, sequence, updated_utc FROM meeting WHERE uid = ?1";

int store_meeting_version(struct db *db, const char *uid, int64_t *id, int64_t *sequence, int64_t *updated)
{
	sqlite3_stmt *st;
	int rc;

	if (prep_keep(db, uid_version_sql, &st))
		return ST_FAIL;
	sqlite3_bind_text(st, 1, uid, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		*sequence = sqlite3_column_int64(st, 1);
		*updated = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return ST_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_fail(db, "read");
	return 0;
}

int store_meeting_by_uid(struct db *db, const char *uid, struct meeting *m)
{
	sqlite3_stmt *st;

	memset(m, 0, sizeof(*m));
	if (prep_keep(db, uid_meeting_sql, &st))
		return ST_FAIL;
	b_text(st, "@uid", uid);
	return meeting_one(db, st, m);
}

int store_require_meeting(struct db *db, int64_t id, struct meeting *m)
{
	int st = store_meeting_get(db, id, m);

	if (st == ST_NOTFOUND)
		return error(ST_NOTFOUND, "unknown meeting '%lld'", (long long)id);
	return st;
}

static int log_change(struct db *db, sqlite3_stmt *st, int64_t id, const char *field,
		      const char *old, const char *nw, const char *reason, int64_t now)
{
	if ((!old && !nw) || (old && nw && !strcmp(old, nw)))
		return 0;
	sqlite3_reset(st);
	b_int(st, "@id", id);
	b_text(st, "@field", field);
	b_text(st, "@old", old);
	b_text(st, "@new", nw);
	b_text(st, "@reason", reason);
	b_int(st, "@now", now);
	return step_write(db, st, "log change");
}

static char *when_text(int64_t t, int all_day, char *buf)
{
	return all_day ? fmt_date(t, buf) : fmt_rfc3339(t, buf);
}

int store_meeting_update(struct db *db, const struct meeting *old, struct meeting *nw,
			 const char *reason, int64_t now)
{
	nw->sequence = old->sequence + 1;
	nw->updated = now;
	return store_meeting_write(db, old, nw, reason, now);
}

int store_meeting_write(struct db *db, const struct meeting *old, const struct meeting *nw, const char *reason,
			int64_t now)
{
	sqlite3_stmt *st;
	char a[32], b[32];
	int rc;

	/* The numbers of insert_meeting_sql (?17, created, stays as it was), and ?21 the id. */
	if (prep(db, "UPDATE meeting SET body = ?2, ordinal = ?3, kind = ?4, title = ?5, host = ?6, city = ?7, "
		 "venue = ?8, tz = ?9, start_utc = ?10, end_utc = ?11, all_day = ?12, status = ?13, rrule = ?14, "
		 "series_end_utc = ?15, notes = ?16, updated_utc = ?18, sequence = ?19, remind = ?20, "
		 /* the wall clock of the first start, kept while the start and zone stay (see schema/0008) */
		 "start_wall = iif(?14 IS NULL OR ?12, NULL, iif(start_wall IS NOT NULL AND start_utc = ?10 "
		 "AND tz = ?9, start_wall, wall_clock(?10, ?9))) "
		 "WHERE id = ?21 AND uid = ?1", &st))
		return ST_FAIL;
	bind_meeting(st, nw);
	sqlite3_bind_int64(st, 21, old->id);
	rc = step_write(db, st, "change meeting");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	{
		struct meeting tmp = *nw;

		tmp.id = old->id;
		rc = save_exdates(db, &tmp);
	}
	if (rc)
		return rc;
	if (prep(db, "INSERT INTO meeting_change(meeting_id, field, old, new, reason, changed_utc) "
		 "VALUES (@id, @field, @old, @new, @reason, @now)", &st))
		return ST_FAIL;
	rc = log_change(db, st, old->id, "start", when_text(old->start, old->all_day, a),
			when_text(nw->start, nw->all_day, b), reason, now);
	if (!rc)
		rc = log_change(db, st, old->id, "end", when_text(old->end, old->all_day, a),
				when_text(nw->end, nw->all_day, b), reason, now);
	if (!rc)
		rc = log_change(db, st, old->id, "host", old->host, nw->host, reason, now);
	if (!rc)
		rc = log_change(db, st, old->id, "status", old->status, nw->status, reason, now);
	if (!rc)
		rc = log_change(db, st, old->id, "venue", old->venue, nw->venue, reason, now);
	if (!rc)
		rc = log_change(db, st, old->id, "city", old->city, nw->city, reason, now);
	if (!rc)
		rc = log_change(db, st, old->id, "tz", old->tz, nw->tz, reason, now);
	sqlite3_finalize(st);
	return rc;
}

int store_meeting_delete(struct db *db, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "DELETE FROM meeting WHERE id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	rc = step_write(db, st, "remove meeting");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_NOTFOUND, "unknown meeting '%lld'", (long long)id);
	return rc;
}

int64_t store_next_ordinal(struct db *db, const char *body)
{
	sqlite3_stmt *st;
	int64_t n = 1;

	if (prep(db, "SELECT coalesce(max(ordinal), 0) + 1 FROM meeting WHERE body = @body", &st))
		return 1;
	b_text(st, "@body", body);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * Meetings overlapping [@from, @to) (all-day ones: [@dfrom, @dto)): a
 * single meeting that begins before the end and ends after the start (or
 * takes no time and begins in the window); a series begun before the end
 * and not over before the start.
 */
#define SINGLE_OVERLAPS \
	"m.start_utc < iif(m.all_day, @dto, @to) " \
	"AND (m.end_utc > iif(m.all_day, @dfrom, @from) OR (m.end_utc = m.start_utc AND m.start_utc >= @from)) " \
	"AND (@body IS NULL OR m.body = @body) AND (@status IS NULL OR m.status = @status)"
#define SERIES_OVERLAPS \
	"m.start_utc < iif(m.all_day, @dto, @to) " \
	"AND (m.series_end_utc IS NULL OR m.series_end_utc > iif(m.all_day, @dfrom, @from)) " \
	"AND (@body IS NULL OR m.body = @body) AND (@status IS NULL OR m.status = @status)"
/*
 * The same, found class by class of the time a meeting spans (FROM
 * SPAN_FROM, schema/0010-series-span.sql): a range of the index
 * meeting_single_span or meeting_series_span per class, from the longest
 * meeting of the class before lo, the window's start, to hi, its end.
 */
#define SPAN_FROM "span_class c CROSS JOIN meeting m"
#define SINGLE_IN_WINDOW(lo, hi) \
	"m.rrule IS NULL AND m.span = c.class AND m.start_utc > " lo " - c.longest AND m.start_utc < " hi " AND " \
	SINGLE_OVERLAPS
#define SERIES_IN_WINDOW(lo, hi) \
	"m.rrule IS NOT NULL AND m.span = c.class AND m.start_utc > " lo " - c.longest AND m.start_utc < " hi " AND " \
	SERIES_OVERLAPS

/* The columns COLS of the meetings in the window, then a series' EXDATEs and RDATEs (NULL for a single one). */
#define WINDOW_OF(COLS) \
	"WITH w(lo, hi) AS (SELECT min(@from, @dfrom), max(@to, @dto)) " \
	"SELECT " COLS ", " SERIES_DATES " FROM w, " SPAN_FROM " WHERE " SINGLE_IN_WINDOW("w.lo", "w.hi") \
	" UNION ALL SELECT " COLS ", " SERIES_DATES " FROM w, " SPAN_FROM " WHERE " SERIES_IN_WINDOW("w.lo", "w.hi")
#define WINDOW_SQL WINDOW_OF(MEETING_COLS)

static void bind_filter(sqlite3_stmt *st, const struct meeting_filter *f)
{
	b_text(st, "@body", f->body);
	b_text(st, "@status", f->status);
	b_int(st, "@from", f->from);
	b_int(st, "@to", f->to);
	/* All-day meetings are dates: their own window, else the same one. */
	b_int(st, "@dfrom", f->dfrom || f->dto ? f->dfrom : f->from);
	b_int(st, "@dto", f->dfrom || f->dto ? f->dto : f->to);
}

int store_meetings_each(struct db *db, const struct meeting_filter *f,
			int (*fn)(void *arg, const struct meeting *m), void *arg)
{
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (prep(db, WINDOW_SQL " ORDER BY 11, 1", &st))
		return ST_FAIL;
	bind_filter(st, f);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct meeting m;

		meeting_from_row(st, &m);
		store_dates_of(st, 22, &m.exdates, &m.nexdates);
		store_dates_of(st, 23, &m.rdates, &m.nrdates);
		stop = fn(arg, &m);
		meeting_clear(&m);
	}
	sqlite3_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "read");
}

/* What an agenda shows of a meeting: the columns of AGENDA_COLS, then the series' dates. */
#define AGENDA_COLS "m.id, m.uid, m.body, m.title, m.host, m.city, m.tz, m.start_utc, m.end_utc, m.all_day, " \
	"m.status, m.rrule, m.start_wall"

/* Column i as a string in the arena, or NULL. */
static char *col_arena(sqlite3_stmt *st, int i, struct arena *a)
{
	const char *v = (const char *)sqlite3_column_text(st, i);

	return v ? arena_strndup(a, v, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/*
 * The values of a column that recur from meeting to meeting (bodies,
 * hosts, cities, zones, statuses): each kept once in the arena, its
 * meetings sharing it.
 */
struct interned {
	char *v[32];
	size_t len[32];
	size_t n;
};

/* Column i as a string in the arena, shared with the meetings before that had it; or NULL. */
static char *col_interned(sqlite3_stmt *st, int i, struct arena *a, struct interned *in)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	size_t len;
	char *s;

	if (!v)
		return NULL;
	len = (size_t)sqlite3_column_bytes(st, i);
	for (size_t k = 0; k < in->n; k++)
		if (in->len[k] == len && !memcmp(in->v[k], v, len))
			return in->v[k];
	s = arena_strndup(a, v, len);
	if (in->n < sizeof(in->v) / sizeof(in->v[0])) {
		in->len[in->n] = len;
		in->v[in->n++] = s;
	}
	return s;
}

int store_agenda_meetings(struct db *db, const struct meeting_filter *f, struct arena *strings,
			  struct meeting **out, size_t *n)
{
	sqlite3_stmt *st;
	struct meeting *ms = NULL;
	struct interned in[5];
	size_t k = 0, alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	memset(in, 0, sizeof(in));
	if (prep(db, WINDOW_OF(AGENDA_COLS), &st))
		return ST_FAIL;
	bind_filter(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct meeting *m;

		if (k == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			ms = xrealloc(ms, alloc * sizeof(*ms));
		}
		m = &ms[k++];
		memset(m, 0, sizeof(*m));
		m->id = sqlite3_column_int64(st, 0);
		m->uid = col_arena(st, 1, strings);
		m->body = col_interned(st, 2, strings, &in[0]);
		m->title = col_arena(st, 3, strings);
		m->host = col_interned(st, 4, strings, &in[1]);
		m->city = col_interned(st, 5, strings, &in[2]);
		m->tz = col_interned(st, 6, strings, &in[3]);
		m->start = sqlite3_column_int64(st, 7);
		m->end = sqlite3_column_int64(st, 8);
		m->all_day = sqlite3_column_int(st, 9);
		m->status = col_interned(st, 10, strings, &in[4]);
		m->rrule = col_arena(st, 11, strings);
		m->has_wall = sqlite3_column_type(st, 12) != SQLITE_NULL;
		m->start_wall = sqlite3_column_int64(st, 12);
		store_dates_of(st, 13, &m->exdates, &m->nexdates);
		store_dates_of(st, 14, &m->rdates, &m->nrdates);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < k; i++) {
			free(ms[i].exdates);
			free(ms[i].rdates);
		}
		free(ms);
		return db_fail(db, "read");
	}
	*out = ms;
	*n = k;
	return 0;
}

/*
 * The meetings of the window for an export, in the order of their ids:
 * only the columns an export writes, read by a scan of the table (an
 * export reads all or much of it), with no sort and no index. A meeting
 * keeps its place in the file when its dates change.
 */
#define EXPORT_COLS "m.id, m.uid, m.body, m.ordinal, m.title, m.host, m.city, m.venue, m.tz, m.start_utc, " \
	"m.end_utc, m.all_day, m.status, m.rrule, m.notes, m.created_utc, m.updated_utc, m.sequence, m.start_wall"
static const char export_sql[] =
	"SELECT " EXPORT_COLS ", " SERIES_DATES " FROM meeting m WHERE "
	"iif(m.rrule IS NULL, " SINGLE_OVERLAPS ", " SERIES_OVERLAPS ") ORDER BY m.id";

static char *col_borrow(sqlite3_stmt *st, int i)
{
	return (char *)sqlite3_column_text(st, i);
}

int store_export_meetings_each(struct db *db, const struct meeting_filter *f,
			       int (*fn)(void *arg, const struct meeting *m), void *arg)
{
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (prep(db, export_sql, &st))
		return ST_FAIL;
	bind_filter(st, f);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct meeting m;

		memset(&m, 0, sizeof(m));
		m.id = sqlite3_column_int64(st, 0);
		m.uid = col_borrow(st, 1);
		m.body = col_borrow(st, 2);
		m.ordinal = sqlite3_column_int64(st, 3);
		m.title = col_borrow(st, 4);
		m.host = col_borrow(st, 5);
		m.city = col_borrow(st, 6);
		m.venue = col_borrow(st, 7);
		m.tz = col_borrow(st, 8);
		m.start = sqlite3_column_int64(st, 9);
		m.end = sqlite3_column_int64(st, 10);
		m.all_day = sqlite3_column_int(st, 11);
		m.status = col_borrow(st, 12);
		m.rrule = col_borrow(st, 13);
		m.notes = col_borrow(st, 14);
		m.created = sqlite3_column_int64(st, 15);
		m.updated = sqlite3_column_int64(st, 16);
		m.sequence = sqlite3_column_int64(st, 17);
		m.has_wall = sqlite3_column_type(st, 18) != SQLITE_NULL;
		m.start_wall = sqlite3_column_int64(st, 18);
		if (m.rrule) {
			store_dates_of(st, 19, &m.exdates, &m.nexdates);
			store_dates_of(st, 20, &m.rdates, &m.nrdates);
		}
		stop = fn(arg, &m);
		free(m.exdates);
		free(m.rdates);
	}
	sqlite3_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : db_fail(db, "read");
}

struct collect_meetings {
	struct meeting *out;
	size_t n, alloc;
};

static int collect_meeting(void *arg, const struct meeting *m)
{
	struct collect_meetings *c = arg;

	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		c->out = xrealloc(c->out, c->alloc * sizeof(*c->out));
	}
	meeting_copy(&c->out[c->n++], m);
	return 0;
}

int store_meetings(struct db *db, const struct meeting_filter *f, struct meeting **out, size_t *n)
{
	struct collect_meetings c = { NULL, 0, 0 };
	int st = store_meetings_each(db, f, collect_meeting, &c);

	if (st) {
		for (size_t i = 0; i < c.n; i++)
			meeting_clear(&c.out[i]);
		free(c.out);
		c.out = NULL;
		c.n = 0;
	}
	*out = c.out;
	*n = c.n;
	return st;
}

struct doc_lookup {
	struct db *db;
	sqlite3_stmt *st;
	char *text;
	int64_t *ids;           /* the meetings that have documents, sorted */
	size_t nids;
};

struct doc_lookup *store_doc_lookup_new(struct db *db)
{
	struct doc_lookup *dl = xcalloc(1, sizeof(*dl));
	sqlite3_stmt *st;
	size_t alloc = 0;
	int rc;

	dl->db = db;
	/* Most meetings have no documents: those that have are known first, the others never asked. */
	if (prep(db, "SELECT DISTINCT meeting_id FROM document ORDER BY 1", &st))
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (dl->nids == alloc) {
			alloc = alloc ? 2 * alloc : 64;
			dl->ids = xrealloc(dl->ids, alloc * sizeof(*dl->ids));
		}
		dl->ids[dl->nids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, "read");
		goto fail;
	}
	if (prep(db, "SELECT group_concat(title, '; ') FROM (SELECT title FROM document "
		 "WHERE meeting_id = @id ORDER BY id)", &dl->st))
		goto fail;
	return dl;
fail:
	free(dl->ids);
	free(dl);
	return NULL;
}

const char *store_doc_lookup(struct doc_lookup *dl, int64_t meeting)
{
	size_t lo = 0, hi = dl->nids;

	free(dl->text);
	dl->text = NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dl->ids[mid] < meeting)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == dl->nids || dl->ids[lo] != meeting)
		return NULL;
	sqlite3_reset(dl->st);
	b_int(dl->st, "@id", meeting);
	if (sqlite3_step(dl->st) == SQLITE_ROW)
		dl->text = col_str(dl->st, 0);
	return dl->text;
}

void store_doc_lookup_free(struct doc_lookup *dl)
{
	if (!dl)
		return;
	sqlite3_finalize(dl->st);
	free(dl->text);
	free(dl->ids);
	free(dl);
}

#define MEETING_JSON \
	"json_object('id', id, 'uid', uid, 'body', body, 'title', title, 'host', host, 'city', city, " \
	"'venue', venue, 'tz', tz, 'start', " WHEN_SQL("start_utc", "all_day") ", " \
	"'end', " WHEN_SQL("end_utc", "all_day") ", 'all_day', " BOOL_SQL("all_day") ", " \
	"'status', status, 'kind', kind, 'ordinal', ordinal, 'sequence', sequence, 'rrule', rrule"

char *store_meetings_json(struct db *db, const struct meeting_filter *f)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(" MEETING_JSON ")) FROM (" WINDOW_SQL " ORDER BY 11, 1)", &st))
		return NULL;
	bind_filter(st, f);
	return json_one(db, st);
}

char *store_meeting_json(struct db *db, int64_t id)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT " MEETING_JSON ", 'notes', notes, "
		 "'created', " RFC3339("created_utc") ", 'updated', " RFC3339("updated_utc") ", "
		 "'exdates', (SELECT json_group_array(" WHEN_SQL("e.start_utc", "m.all_day") ") FROM exdate e "
		 "  WHERE e.meeting_id = m.id), "
		 "'documents', (SELECT json_group_array(json_object('id', d.id, 'title', d.title, 'kind', d.kind, "
		 "  'valid_from', d.valid_from, 'valid_to', d.valid_to)) FROM document d WHERE d.meeting_id = m.id), "
		 "'deadlines', (SELECT json_group_array(json_object('id', d.id, 'title', d.title, "
		 "  'due', " RFC3339(DUE_SQL("d", "m")) ", 'owner', d.owner, "
		 "  'done', " BOOL_SQL("d.done") ")) FROM deadline d WHERE d.meeting_id = m.id), "
		 "'changes', (SELECT json_group_array(json_object('field', c.field, 'old', c.old, 'new', c.new, "
		 "  'reason', c.reason, 'changed', " RFC3339("c.changed_utc") ")) FROM meeting_change c "
		 "  WHERE c.meeting_id = m.id)) FROM meeting m WHERE id = @id", &st))
		return NULL;
	b_int(st, "@id", id);
	return json_one(db, st);
}

int store_change_rows(struct db *db, int64_t meeting, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT field, old, new, reason, " RFC3339("changed_utc") " FROM meeting_change "
		 "WHERE meeting_id = @id ORDER BY id", &st))
		return ST_FAIL;
	b_int(st, "@id", meeting);
	return fill_rows(db, st, out);
}

/* ---- documents ---- */

int store_doc_add(struct db *db, int64_t meeting, const char *title, const char *kind,
		  const char *valid_from, const char *valid_to, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO document(meeting_id, title, kind, valid_from, valid_to) "
		 "VALUES (@meeting, @title, @kind, @from, @to)", &st))
		return ST_FAIL;
	b_int(st, "@meeting", meeting);
	b_text(st, "@title", title);
	b_text(st, "@kind", kind);
	b_text(st, "@from", valid_from);
	b_text(st, "@to", valid_to);
	rc = step_write(db, st, "add document");
	sqlite3_finalize(st);
	*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

#define DOC_WHERE "WHERE (@meeting IS NULL OR meeting_id = @meeting) ORDER BY meeting_id, id"

int store_doc_rows(struct db *db, int64_t meeting, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT id, meeting_id, title, kind, valid_from, valid_to FROM document " DOC_WHERE, &st))
		return ST_FAIL;
	b_int_or_null(st, "@meeting", meeting);
	return fill_rows(db, st, out);
}

char *store_doc_json(struct db *db, int64_t meeting)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('id', id, 'meeting_id', meeting_id, 'title', title, "
		 "'kind', kind, 'valid_from', valid_from, 'valid_to', valid_to)) FROM "
		 "(SELECT * FROM document " DOC_WHERE ")", &st))
		return NULL;
	b_int_or_null(st, "@meeting", meeting);
	return json_one(db, st);
}

/* ---- deadlines ---- */

int store_deadline_add(struct db *db, int64_t meeting, const char *title, int has_due, int64_t due,
		       int64_t before, const char *owner, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO deadline(meeting_id, title, due_utc, before_s, owner) "
		 "VALUES (@meeting, @title, @due, @before, @owner)", &st))
		return ST_FAIL;
	b_int(st, "@meeting", meeting);
	b_text(st, "@title", title);
	if (has_due) {
		b_int(st, "@due", due);
		b_null(st, "@before");
	} else {
		b_null(st, "@due");
		b_int(st, "@before", before);
	}
	b_text(st, "@owner", owner);
	rc = step_write(db, st, "add deadline");
	sqlite3_finalize(st);
	*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int store_deadline_done(struct db *db, int64_t id, int done)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "UPDATE deadline SET done = @done WHERE id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	b_int(st, "@done", done);
	rc = step_write(db, st, "change deadline");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_NOTFOUND, "unknown deadline '%lld'", (long long)id);
	return rc;
}

#define DEADLINE_FROM "FROM deadline d JOIN meeting m ON m.id = d.meeting_id " \
	"WHERE (@meeting IS NULL OR d.meeting_id = @meeting) " \
	"ORDER BY " DUE_SQL("d", "m") ", d.id"

int store_deadline_rows(struct db *db, int64_t meeting, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT d.id, d.meeting_id, d.title, " DUE_SQL("d", "m") ", "
		 "d.owner, d.done, m.tz, d.before_s, m.body, m.uid, m.title " DEADLINE_FROM, &st))
		return ST_FAIL;
	b_int_or_null(st, "@meeting", meeting);
	return fill_rows(db, st, out);
}

char *store_deadline_json(struct db *db, int64_t meeting)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json(o)) FROM (SELECT json_object('id', d.id, 'meeting_id', d.meeting_id, "
		 "'title', d.title, 'due', " RFC3339(DUE_SQL("d", "m")) ", "
		 "'owner', d.owner, 'done', " BOOL_SQL("d.done") ") AS o " DEADLINE_FROM ")", &st))
		return NULL;
	b_int_or_null(st, "@meeting", meeting);
	return json_one(db, st);
}

/* ---- agenda ---- */

/* Text bound without a copy: v outlives the statement's next step. */
static void bind_static(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/*
 * JSON string literals made by SQLite (json_quote), of the values that come
 * again and again (zones, hosts, bodies, statuses): each string, known by
 * its address, is quoted once; values at other addresses are quoted each
 * time once the table is full.
 */
struct json_quotes {
	sqlite3_stmt *st;       /* SELECT json_quote(?1) */
	struct {
		const char *raw;        /* the caller's, by address */
		char *quoted;
	} kept[64];
	size_t n;
};

/* v (NULL: null) as JSON, into sb; 0 or ST_FAIL. */
static int add_quoted(struct db *db, struct json_quotes *q, struct strbuf *sb, const char *v)
{
	const char *out;
	size_t len;

	if (!v) {
		sb_add(sb, "null", 4);
		return 0;
	}
	/* The agenda's meetings share such values (col_interned): the same address first. */
	for (size_t i = 0; i < q->n; i++)
		if (q->kept[i].raw == v) {
			sb_puts(sb, q->kept[i].quoted);
			return 0;
		}
	sqlite3_reset(q->st);
	bind_static(q->st, 1, v);
	if (sqlite3_step(q->st) != SQLITE_ROW)
		return db_fail(db, "read");
	out = (const char *)sqlite3_column_text(q->st, 0);
	len = (size_t)sqlite3_column_bytes(q->st, 0);
	sb_add(sb, out, len);
	if (q->n < sizeof(q->kept) / sizeof(q->kept[0])) {
		q->kept[q->n].raw = v;
		q->kept[q->n++].quoted = xstrdup(out);      /* JSON text holds no NUL */
	}
	return 0;
}

/* s (n octets) at p; returns the end. */
static char *put_at(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define PUT_AT(p, lit) put_at((p), (lit), sizeof(lit) - 1)

char *store_occurrences_json(struct db *db, const struct occurrence *occ, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_quotes q;
	sqlite3_stmt *st;
	int rc = 0;

	/*
	 * Each object as json_object() writes it, its strings quoted by SQLite:
	 * a meeting's UID and title together, the values that recur once each
	 * (json_quotes). An agenda has thousands of occurrences; a json_object()
	 * call for each was most of the cost of printing them.
	 */
	memset(&q, 0, sizeof(q));
	if (prep(db, "SELECT json_quote(?1), json_quote(?2)", &st))
		return NULL;
	if (prep(db, "SELECT json_quote(?1)", &q.st)) {
		sqlite3_finalize(st);
		return NULL;
	}
	sb_add(&sb, "[", 1);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct meeting *m = occ[i].m;
		size_t nuid, ntitle;
		char *p;

		sqlite3_reset(st);
		bind_static(st, 1, m->uid);
		bind_static(st, 2, m->title);
		if (sqlite3_step(st) != SQLITE_ROW) {
			rc = db_fail(db, "read");
			break;
		}
		nuid = (size_t)sqlite3_column_bytes(st, 0);
		ntitle = (size_t)sqlite3_column_bytes(st, 1);
		/* the keys, the id, the instants and the quoted UID and title: no more than this */
		p = sb_room(&sb, 160 + nuid + ntitle);
		if (i)
			*p++ = ',';
		p = PUT_AT(p, "{\"meeting_id\":");
		p += snprintf(p, 24, "%lld", (long long)m->id);
		p = PUT_AT(p, ",\"uid\":");
		p = put_at(p, (const char *)sqlite3_column_text(st, 0), nuid);
		p = PUT_AT(p, ",\"title\":");
		p = put_at(p, (const char *)sqlite3_column_text(st, 1), ntitle);
		p = PUT_AT(p, ",\"host\":");
		sb_done(&sb, p);
		rc = add_quoted(db, &q, &sb, m->host);
		sb_add(&sb, ",\"tz\":", 6);
		if (!rc)
			rc = add_quoted(db, &q, &sb, m->tz);
		/* instants and dates: digits, dashes, colons, T and Z, nothing to escape */
		p = sb_room(&sb, 128);
		p = PUT_AT(p, ",\"start\":\"");
		p += strlen(m->all_day ? fmt_date(occ[i].start, p) : fmt_rfc3339(occ[i].start, p));
		p = PUT_AT(p, "\",\"end\":\"");
		p += strlen(m->all_day ? fmt_date(occ[i].end, p) : fmt_rfc3339(occ[i].end, p));
		if (m->all_day)
			p = PUT_AT(p, "\",\"all_day\":true,\"status\":");
		else
			p = PUT_AT(p, "\",\"all_day\":false,\"status\":");
		sb_done(&sb, p);
		if (!rc)
			rc = add_quoted(db, &q, &sb, m->status);
		sb_add(&sb, ",\"body\":", 8);
		if (!rc)
			rc = add_quoted(db, &q, &sb, m->body);
		sb_add(&sb, "}", 1);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(q.st);
	for (size_t i = 0; i < q.n; i++)
		free(q.kept[i].quoted);
	if (rc) {
		sb_release(&sb);
		return NULL;
	}
	sb_add(&sb, "]", 1);
	return sb_detach(&sb);
}

int store_refresh_series(struct db *db, int (*end_of)(const struct meeting *m, int64_t *end, int *finite))
{
	sqlite3_stmt *st, *up = NULL;
	int rc, st_ = 0;

	/* The rows' own copies of their dates, from the tables (written there by SQL, as the demo's are). */
	if (prep(db, SET_ROW_DATES("meeting.id")
		 "WHERE id IN (SELECT meeting_id FROM exdate UNION SELECT meeting_id FROM rdate)", &st))
		return ST_FAIL;
	rc = step_write(db, st, "write exceptions");
	sqlite3_finalize(st);
	if (rc)
		return rc;

	if (prep(db, "SELECT " MEETING_COLS ", " SERIES_DATES " FROM meeting m WHERE rrule IS NOT NULL", &st))
		return ST_FAIL;
	if (prep(db, "UPDATE meeting SET series_end_utc = @end WHERE id = @id", &up))
		st_ = ST_FAIL;
	while (!st_ && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct meeting m;
		int64_t end;
		int finite;

		meeting_from_row(st, &m);
		store_dates_of(st, 22, &m.exdates, &m.nexdates);
		store_dates_of(st, 23, &m.rdates, &m.nrdates);
		st_ = end_of(&m, &end, &finite);
		if (!st_) {
			sqlite3_reset(up);
			b_int(up, "@id", m.id);
			if (finite)
				b_int(up, "@end", end);
			else
				b_null(up, "@end");
			st_ = step_write(db, up, "update series");
		}
		meeting_clear(&m);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	return st_;
}

/* ---- rotating offices ---- */

void office_rec_clear(struct office_rec *o)
{
	free(o->body);
	free(o->name);
	free(o->term);
	free(o->start);
	free(o->follows_name);
	memset(o, 0, sizeof(*o));
}

#define OFFICE_COLS "o.id, o.body, o.name, o.term, o.months, o.days, o.start, o.follows, o.follow_offset, " \
	"o.alphabetical, (SELECT f.name FROM office f WHERE f.id = o.follows)"

static void office_from_row(sqlite3_stmt *st, struct office_rec *o)
{
	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	o->body = col_str(st, 1);
	o->name = col_str(st, 2);
	o->term = col_str(st, 3);
	o->months = sqlite3_column_int(st, 4);
	o->days = sqlite3_column_int(st, 5);
	o->start = col_str(st, 6);
	o->follows = sqlite3_column_int64(st, 7);
	o->follow_offset = sqlite3_column_int(st, 8);
	o->alphabetical = sqlite3_column_int(st, 9);
	o->follows_name = col_str(st, 10);
}

static int office_query(struct db *db, sqlite3_stmt *st, struct office_rec *o)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		office_from_row(st, o);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return ST_NOTFOUND;
	return db_fail(db, "read");
}

int store_office_get(struct db *db, const char *body, const char *name, struct office_rec *o)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT " OFFICE_COLS " FROM office o WHERE o.body = @body AND o.name = @name", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@name", name);
	return office_query(db, st, o);
}

int store_require_office(struct db *db, const char *body, const char *name, struct office_rec *o)
{
	int rc = store_office_get(db, body, name, o);

	if (rc == ST_NOTFOUND)
		return error(ST_NOTFOUND, "unknown office '%s' of body '%s'", name, body);
	return rc;
}

int store_office_by_id(struct db *db, int64_t id, struct office_rec *o)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT " OFFICE_COLS " FROM office o WHERE o.id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	return office_query(db, st, o);
}

int store_office_add(struct db *db, const struct office_rec *o, char (*order)[3], size_t n, int64_t now,
		     int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO office(body, name, term, months, days, start, follows, follow_offset, "
		 "alphabetical, created_utc) VALUES (@body, @name, @term, @months, @days, @start, @follows, "
		 "@offset, @alpha, @now)", &st))
		return ST_FAIL;
	b_text(st, "@body", o->body);
	b_text(st, "@name", o->name);
	b_text(st, "@term", o->term);
	b_int(st, "@months", o->months);
	b_int(st, "@days", o->days);
	b_text(st, "@start", o->start);
	b_int_or_null(st, "@follows", o->follows);
	b_int(st, "@offset", o->follow_offset);
	b_int(st, "@alpha", o->alphabetical);
	b_int(st, "@now", now);
	rc = step_write(db, st, "add office");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	*id = sqlite3_last_insert_rowid(db->h);
	if (prep(db, "INSERT INTO office_order(office_id, position, state) VALUES (@id, @pos, @state)", &st))
		return ST_FAIL;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_reset(st);
		b_int(st, "@id", *id);
		b_int(st, "@pos", (int64_t)i);
		b_text(st, "@state", order[i]);
		rc = step_write(db, st, "add office order");
	}
	sqlite3_finalize(st);
	return rc;
}

int store_office_order(struct db *db, int64_t office, char (**order)[3], size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*order = NULL;
	*n = 0;
	if (prep(db, "SELECT state FROM office_order WHERE office_id = @id ORDER BY position", &st))
		return ST_FAIL;
	b_int(st, "@id", office);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*order = xrealloc(*order, (*n + 1) * sizeof(**order));
		snprintf((*order)[(*n)++], 3, "%s", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "read");
}

static int64_t date_days(sqlite3_stmt *st, int col, int64_t dflt)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	int y, m, d;

	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return dflt;
	return days_from_civil(y, m, d);
}

int store_full_members(struct db *db, const char *body, struct rot_member **m, size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*m = NULL;
	*n = 0;
	if (prep(db, "SELECT ms.state, ms.since, ms.until FROM membership ms JOIN state s ON s.code = ms.state "
		 "WHERE ms.body = @body AND ms.role = 'full' ORDER BY s.name, ms.since", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rot_member *r;

		*m = xrealloc(*m, (*n + 1) * sizeof(**m));
		r = &(*m)[(*n)++];
		snprintf(r->state, sizeof(r->state), "%s", (const char *)sqlite3_column_text(st, 0));
		r->since = date_days(st, 1, INT64_MIN);
		r->until = date_days(st, 2, INT64_MAX);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "read");
}

int store_is_full_member(struct db *db, const char *body, const char *state)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "SELECT 1 FROM membership WHERE body = @body AND state = @state AND role = 'full'", &st))
		return -ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@state", state);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -db_fail(db, "read");
}

static const char *const event_kinds[] = { "insert", "remove", "swap", "skip", "extend", "record", "reorder" };

void rot_events_free(struct rot_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ev[i].order);
	free(ev);
}

int store_rotation_events(struct db *db, int64_t office, struct rot_event **ev, size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*ev = NULL;
	*n = 0;
	if (prep(db, "SELECT kind, state, other, months, days, start, \"end\", new_order, effective_utc "
		 "FROM rotation_event WHERE office_id = @id ORDER BY effective_utc, id", &st))
		return ST_FAIL;
	b_int(st, "@id", office);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rot_event *e;
		const char *kind = (const char *)sqlite3_column_text(st, 0);
		const char *s;

		*ev = xrealloc(*ev, (*n + 1) * sizeof(**ev));
		e = &(*ev)[(*n)++];
		memset(e, 0, sizeof(*e));
		for (int k = 0; k < 7; k++)
			if (!strcmp(kind, event_kinds[k]))
				e->kind = (enum rot_event_kind)k;
		s = (const char *)sqlite3_column_text(st, 1);
		snprintf(e->state, sizeof(e->state), "%s", s ? s : "");
		s = (const char *)sqlite3_column_text(st, 2);
		snprintf(e->other, sizeof(e->other), "%s", s ? s : "");
		e->months = sqlite3_column_int(st, 3);
		e->days = sqlite3_column_int64(st, 4);
		e->start = date_days(st, 5, 0);
		e->end = date_days(st, 6, 0);
		e->effective = sqlite3_column_int64(st, 8);
		s = (const char *)sqlite3_column_text(st, 7);
		for (; s && s[0] && s[1]; s += s[2] ? 3 : 2) {
			e->order = xrealloc(e->order, (e->norder + 1) * sizeof(*e->order));
			snprintf(e->order[e->norder++], 3, "%.2s", s);
			if (!s[2])
				break;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		rot_events_free(*ev, *n);
		*ev = NULL;
		*n = 0;
		return db_fail(db, "read");
	}
	return 0;
}

int store_rotation_event_add(struct db *db, int64_t office, const struct rot_event *e)
{
	sqlite3_stmt *st;
	char start[32], end[32];
	char *order = NULL;
	int rc;

	if (e->norder) {
		/* The new order as codes separated by commas (codes are [A-Z]{2}). */
		struct strbuf sb = STRBUF_INIT;

		for (size_t i = 0; i < e->norder; i++)
			sb_addf(&sb, "%s%.2s", i ? "," : "", e->order[i]);
		order = sb_detach(&sb);
	}
	if (prep(db, "INSERT INTO rotation_event(office_id, kind, state, other, months, days, start, \"end\", "
		 "new_order, effective_utc) VALUES (@office, @kind, @state, @other, @months, @days, @start, @end, "
		 "@order, @eff)", &st)) {
		free(order);
		return ST_FAIL;
	}
	b_int(st, "@office", office);
	b_text(st, "@kind", event_kinds[e->kind]);
	b_text(st, "@state", e->state[0] ? e->state : NULL);
	b_text(st, "@other", e->other[0] ? e->other : NULL);
	b_int(st, "@months", e->months);
	b_int(st, "@days", e->days);
	b_text(st, "@start", e->kind == EV_RECORD ? fmt_date(e->start * DAY_SECONDS, start) : NULL);
	b_text(st, "@end", e->kind == EV_RECORD && e->end ? fmt_date(e->end * DAY_SECONDS, end) : NULL);
	b_text(st, "@order", order);
	b_int(st, "@eff", e->effective);
	rc = step_write(db, st, "record rotation change");
	sqlite3_finalize(st);
	free(order);
	return rc;
}

int store_summit_rows(struct db *db, const char *body, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT m.start_utc, m.end_utc, m.all_day, m.tz, m.host, m.ordinal, m.status, "
		 "(SELECT c.old FROM meeting_change c WHERE c.meeting_id = m.id AND c.field = 'host' ORDER BY c.id LIMIT 1), "
		 "EXISTS (SELECT 1 FROM meeting_change c WHERE c.meeting_id = m.id AND c.field = 'status' "
		 "  AND c.new = 'postponed') "
		 "FROM meeting m WHERE m.body = @body AND m.kind = 'regular' AND m.status <> 'cancelled' "
		 "AND m.rrule IS NULL ORDER BY m.start_utc, m.id", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	return fill_rows(db, st, out);
}

#define OFFICE_LIST "SELECT o.body, o.name, o.term, o.months, o.days, o.start, " \
	"(SELECT f.name FROM office f WHERE f.id = o.follows) AS follows, o.follow_offset, " \
	"(SELECT group_concat(state, ',') FROM (SELECT state FROM office_order WHERE office_id = o.id " \
	"ORDER BY position)) AS ord, o.alphabetical, o.id FROM office o WHERE (@body IS NULL OR o.body = @body) " \
	"ORDER BY o.body, o.name"

int store_office_rows(struct db *db, const char *body, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, OFFICE_LIST, &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	return fill_rows(db, st, out);
}

char *store_office_json(struct db *db, const char *body)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('body', body, 'office', name, 'term', term, "
		 "'months', months, 'days', days, 'start', start, 'follows', follows, 'offset', follow_offset, "
		 "'order', (SELECT json_group_array(state) FROM (SELECT state FROM office_order "
		 "  WHERE office_id = id ORDER BY position)), 'alphabetical', " BOOL_SQL("alphabetical") ")) "
		 "FROM (" OFFICE_LIST ")", &st))
		return NULL;
	b_text(st, "@body", body);
	return json_one(db, st);
}

char *store_term_json(struct db *db, const char *holder, const char *start, const char *end, const char *status,
		      const char *why, const char *note, const char *prev, const char *next, int troika)
{
	sqlite3_stmt *st;

	if (prep(db, troika
		 ? "SELECT json_object('holder', @holder, 'start', @start, 'end', @end, 'status', @status, "
		   "'why', @why, 'note', @note, 'previous', @prev, 'next', @next)"
		 : "SELECT json_object('holder', @holder, 'start', @start, 'end', @end, 'status', @status, "
		   "'why', @why, 'note', @note)", &st))
		return NULL;
	b_text(st, "@holder", holder && *holder ? holder : NULL); /* a vacant term: null */
	b_text(st, "@start", start);
	b_text(st, "@end", end);
	b_text(st, "@status", status);
	b_text(st, "@why", why);
	b_text(st, "@note", note);
	if (troika) {
		b_text(st, "@prev", prev);
		b_text(st, "@next", next);
	}
	return json_one(db, st);
}

/* ---- the calendar's version, for HTTP validators ---- */

int store_calendar_version(struct db *db, char **etag, int64_t *last_modified)
{
	/* FNV-1a over each row of each table, mixed and summed: the order of rows does not matter. */
	const uint64_t fnv_basis = 14695981039346656037ULL, fnv_prime = 1099511628211ULL;
	sqlite3_stmt *tables = NULL, *st = NULL;
	uint64_t sum = 0, nrows = 0;
	int rc = SQLITE_DONE, ret;

	*etag = NULL;
	*last_modified = 0;
	/* One read transaction: all tables as of one commit. */
	if (db_read_begin(db))
		return ST_FAIL;
	ret = prep(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
		   "ORDER BY name", &tables);
	while (!ret && (rc = sqlite3_step(tables)) == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(tables, 0);
		uint64_t seed = fnv_basis;

		for (const unsigned char *p = name; *p; p++)
			seed = (seed ^ *p) * fnv_prime;
		ret = db_table_scan(db, (const char *)name, &st);
		while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			uint64_t h = seed;

			for (int c = 0; c < sqlite3_column_count(st); c++) {
				/* a type byte, then 8 bytes (the value, or the length), then the text or blob */
				unsigned char head[9];
				const unsigned char *data = NULL;
				uint64_t v = 0;
				size_t n = 0;
				double d;

				head[0] = (unsigned char)sqlite3_column_type(st, c);
				if (head[0] == SQLITE_INTEGER) {
					v = (uint64_t)sqlite3_column_int64(st, c);
				} else if (head[0] == SQLITE_FLOAT) {
					d = sqlite3_column_double(st, c);
					memcpy(&v, &d, sizeof(v));
				} else if (head[0] == SQLITE_TEXT) {
					data = sqlite3_column_text(st, c);
					n = (size_t)sqlite3_column_bytes(st, c);
					v = n;
				} else if (head[0] == SQLITE_BLOB) {
					data = sqlite3_column_blob(st, c);
					n = (size_t)sqlite3_column_bytes(st, c);
					v = n;
				}
				for (int k = 0; k < 8; k++)
					head[1 + k] = (unsigned char)(v >> (8 * k));
				for (size_t k = 0; k < sizeof(head) + n; k++)
					h = (h ^ (k < sizeof(head) ? head[k] : data[k - sizeof(head)])) * fnv_prime;
			}
			/* the finaliser of SplitMix64, so that sums of row hashes do not cancel out */
			h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
			h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
			sum += h ^ (h >> 31);
			nrows++;
		}
		if (!ret && rc != SQLITE_DONE)
			ret = db_fail(db, "read");
		sqlite3_finalize(st);
		st = NULL;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = db_fail(db, "read");
	sqlite3_finalize(tables);
	/* The newest change the rows record; documents, deadlines and memberships carry no time. */
	if (!ret)
		ret = prep(db, "SELECT max(coalesce((SELECT max(max(created_utc, updated_utc)) FROM meeting), 0), "
			   "coalesce((SELECT max(changed_utc) FROM meeting_change), 0), "
			   "coalesce((SELECT max(created_utc) FROM office), 0))", &st);
	if (!ret) {
		if (sqlite3_step(st) == SQLITE_ROW)
			*last_modified = sqlite3_column_int64(st, 0);
		else
			ret = db_fail(db, "read");
		sqlite3_finalize(st);
	}
	db_read_end(db);
	if (!ret)
		*etag = xasprintf("\"%016llx-%llx-%d\"", (unsigned long long)sum, (unsigned long long)nrows,
				  db_user_version(db));
	return ret;
}

char *store_windows_zone(struct db *db, const char *name)
{
	sqlite3_stmt *st;
	char *tz = NULL;

	if (prep(db, "SELECT tz FROM windows_zone WHERE name = @name COLLATE NOCASE", &st))
		return NULL;
	b_text(st, "@name", name);
	if (sqlite3_step(st) == SQLITE_ROW)
		tz = col_str(st, 0);
	sqlite3_finalize(st);
	return tz;
}

int store_zone_candidates(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT tz FROM (SELECT tz, 0 AS k FROM state UNION SELECT tz, 1 FROM windows_zone) "
		 "GROUP BY tz ORDER BY min(k), tz", &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

struct zone_span {
	char *tz;
	int64_t first, last;
};

static int cmp_zone_span(const void *a, const void *b)
{
	return strcmp(((const struct zone_span *)a)->tz, ((const struct zone_span *)b)->tz);
}

int store_zone_spans(struct db *db, const char *body, int64_t from, int64_t to, int64_t far, struct rows *out)
{
	sqlite3_stmt *st;
	struct zone_span *z = NULL;
	size_t n = 0, last = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	/* A scan summed up here: GROUP BY tz would sort every meeting by its zone first. */
	if (prep(db, "SELECT tz, start_utc, iif(rrule IS NULL, end_utc, coalesce(series_end_utc, @far)) "
		 "FROM meeting WHERE all_day = 0 AND (@body IS NULL OR body = @body) AND start_utc < @to "
		 "AND coalesce(series_end_utc, @far) > @from", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_int(st, "@from", from);
	b_int(st, "@to", to);
	b_int(st, "@far", far);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tz = (const char *)sqlite3_column_text(st, 0);
		int64_t first = sqlite3_column_int64(st, 1), end = sqlite3_column_int64(st, 2);

		if (!tz)
			continue;
		if (last >= n || strcmp(z[last].tz, tz)) {
			for (last = 0; last < n && strcmp(z[last].tz, tz); last++)
				;
			if (last == n) {
				z = xrealloc(z, (n + 1) * sizeof(*z));
				z[n].tz = xstrdup(tz);
				z[n].first = first;
				z[n++].last = end;
			}
		}
		if (first < z[last].first)
			z[last].first = first;
		if (end > z[last].last)
			z[last].last = end;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		if (n > 1)
			qsort(z, n, sizeof(*z), cmp_zone_span);
		out->ncols = 3;
		out->n = n;
		out->cell = xcalloc(3 * n + 1, sizeof(char *));
		for (size_t i = 0; i < n; i++) {
			out->cell[3 * i] = z[i].tz;
			out->cell[3 * i + 1] = xasprintf("%lld", (long long)z[i].first);
			out->cell[3 * i + 2] = xasprintf("%lld", (long long)z[i].last);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			free(z[i].tz);
	}
	free(z);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "read");
}
