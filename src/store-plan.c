/* The SQL of summit planning: holidays, the preparation template, the planner's data and its JSON. */
#include "store.h"
#include "store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "summit.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

/* ---- holidays ---- */

int store_holiday_add(struct db *db, const char *state, const char *first, const char *last, const char *name,
		      int provisional, int quiet, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (prep(db, "INSERT INTO holiday(state, first_day, last_day, name, provisional) "
		 "VALUES (@state, @first, @last, @name, @provisional) ON CONFLICT DO NOTHING", &st))
		return ST_FAIL;
	b_text(st, "@state", state);
	b_text(st, "@first", first);
	b_text(st, "@last", last);
	b_text(st, "@name", name);
	b_int(st, "@provisional", provisional != 0);
	rc = step_write(db, st, "add holiday");
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (sqlite3_changes(db->h) == 0) {
		if (quiet)
			return ST_CONFLICT;
		return error(ST_CONFLICT, "holiday '%s' of '%s' on %s already exists", name, state, first);
	}
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int store_holiday_rm(struct db *db, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "DELETE FROM holiday WHERE id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	rc = step_write(db, st, "remove holiday");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_NOTFOUND, "unknown holiday '%lld'", (long long)id);
	return rc;
}

/* Holidays of @state (NULL: all) meeting the year @year (NULL: all), by date. */
#define HOLIDAY_LIST "SELECT id, state, first_day, last_day, name, provisional FROM holiday " \
	"WHERE (@state IS NULL OR state = @state) " \
	"AND (@year IS NULL OR (first_day <= @year || '-12-31' AND last_day >= @year || '-01-01')) " \
	"ORDER BY first_day, state, name, id"

static void bind_holiday_list(sqlite3_stmt *st, const char *state, int year)
{
	b_text(st, "@state", state);
	if (year) {
		char y[8];

		snprintf(y, sizeof(y), "%04d", year);
		b_text(st, "@year", y);
	} else {
		b_null(st, "@year");
	}
}

int store_holiday_rows(struct db *db, const char *state, int year, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT id, state, first_day, last_day, name, iif(provisional, 'yes', NULL) FROM ("
		 HOLIDAY_LIST ")", &st))
		return ST_FAIL;
	bind_holiday_list(st, state, year);
	return fill_rows(db, st, out);
}

char *store_holiday_json(struct db *db, const char *state, int year)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('id', id, 'state', state, 'date', first_day, "
		 "'to', last_day, 'name', name, 'provisional', " BOOL_SQL("provisional") ")) FROM (" HOLIDAY_LIST ")",
		 &st))
		return NULL;
	bind_holiday_list(st, state, year);
	return json_one(db, st);
}

/*
 * The holidays of the window [@first, @last] ('YYYY-MM-DD') as days: state,
 * first, last, name, provisional. Of the states taking part in body (full
 * members during the window) and host; of every state when body is NULL.
 * Found through the index on first_day: no holiday spans a year or more.
 */
int store_plan_holiday_rows(struct db *db, const char *body, const char *host, const char *first, const char *last,
			    struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "WITH mem(state) AS (SELECT state FROM membership WHERE body = @body AND role = 'full' "
		 "  AND (since IS NULL OR since <= @last) AND (until IS NULL OR until > @first) "
		 "  UNION SELECT @host WHERE @host IS NOT NULL) "
		 "SELECT h.state, unixepoch(h.first_day) / 86400, unixepoch(h.last_day) / 86400, h.name, h.provisional "
		 "FROM holiday h WHERE h.first_day BETWEEN date(@first, '-366 days') AND @last "
		 "AND h.last_day >= @first AND (@body IS NULL OR h.state IN mem) "
		 "ORDER BY h.first_day, h.state, h.name", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@host", host);
	b_text(st, "@first", first);
	b_text(st, "@last", last);
	return fill_rows(db, st, out);
}

/*
 * The states taking part in body during [@first, @last]: its full members
 * then, and the host (role 'host' when it is not one): state, since and
 * until (days, NULL when open), zone, capital, role. By state code.
 */
int store_plan_member_rows(struct db *db, const char *body, const char *host, const char *first, const char *last,
			   struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT ms.state, unixepoch(ms.since) / 86400, unixepoch(ms.until) / 86400, s.tz, s.capital, 'full' "
		 "FROM membership ms JOIN state s ON s.code = ms.state WHERE ms.body = @body AND ms.role = 'full' "
		 "AND (ms.since IS NULL OR ms.since <= @last) AND (ms.until IS NULL OR ms.until > @first) "
		 "UNION ALL SELECT s.code, NULL, NULL, s.tz, s.capital, 'host' FROM state s WHERE s.code = @host "
		 "AND NOT EXISTS (SELECT 1 FROM membership ms WHERE ms.body = @body AND ms.state = @host "
		 "  AND ms.role = 'full' AND (ms.since IS NULL OR ms.since <= @last) "
		 "  AND (ms.until IS NULL OR ms.until > @first)) "
		 "ORDER BY 1, 2", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@host", host);
	b_text(st, "@first", first);
	b_text(st, "@last", last);
	return fill_rows(db, st, out);
}

/* Every full membership: body, state, since, until (days; NULL when open). */
int store_full_membership_rows(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT body, state, unixepoch(since) / 86400, unixepoch(until) / 86400 FROM membership "
		 "WHERE role = 'full' ORDER BY body, state, since", &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

/* The states taking part in @body during [@first, @last] and @host (mem), and the bodies they are full members of (inv). */
#define TAKING_PART "WITH mem(state) AS (SELECT state FROM membership WHERE body = @body AND role = 'full' " \
	"  AND (since IS NULL OR since <= @last) AND (until IS NULL OR until > @first) " \
	"  UNION SELECT @host WHERE @host IS NOT NULL), " \
	"inv(body) AS (SELECT DISTINCT body FROM membership WHERE role = 'full' AND state IN mem " \
	"  AND (since IS NULL OR since <= @last) AND (until IS NULL OR until > @first)) "

/*
 * The meetings of [@from, @to) for the planner, lean, in no order (the
 * planner orders their events): single ones, then the recurring ones whose
 * series runs then, each found class by class of the time it spans
 * (schema/0010-series-span.sql) from an index that holds all it reads.
 * Cancelled and postponed (sine die) meetings do not count, nor meeting
 * `skip`.
 */
/* The bodies the states taking part in @body during [@first, @last] (and @host) are full members of. */
int store_plan_involved_bodies(struct db *db, const char *body, const char *host, const char *first,
			       const char *last, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, TAKING_PART "SELECT body FROM inv ORDER BY body", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@host", host);
	b_text(st, "@first", first);
	b_text(st, "@last", last);
	return fill_rows(db, st, out);
}

static const char *const plan_meetings_sql[] = {
	"SELECT m.id, m.body, m.host, m.tz, m.start_utc, m.end_utc, m.all_day "
	"FROM span_class c CROSS JOIN meeting m WHERE m.rrule IS NULL AND m.span = c.class "
	"AND m.start_utc > @from - c.longest AND m.start_utc < @to "
	"AND (m.end_utc > @from OR m.start_utc >= @from) AND m.status <> 'cancelled' AND m.status <> 'postponed' "
	"AND m.id <> @skip",
	"SELECT m.id, m.body, m.host, m.tz, m.start_utc, m.end_utc, m.all_day, m.rrule, m.exdates, m.rdates "
	"FROM span_class c CROSS JOIN meeting m WHERE m.rrule IS NOT NULL AND m.span = c.class "
	"AND m.start_utc > @from - c.longest AND m.start_utc < @to "
	"AND (m.series_end_utc IS NULL OR m.series_end_utc > @from) "
	"AND m.status <> 'cancelled' AND m.status <> 'postponed' AND m.id <> @skip",
};

int store_plan_meetings_each(struct db *db, int64_t from, int64_t to, int64_t skip,
			     int (*fn)(void *arg, const struct plan_meeting_row *m), void *arg)
{
	int stop = 0;

	for (int recurring = 0; recurring < 2 && !stop; recurring++) {
		sqlite3_stmt *st;
		int rc;

		if (prep(db, plan_meetings_sql[recurring], &st)) {
			stop = ST_FAIL;
			break;
		}
		b_int(st, "@from", from);
		b_int(st, "@to", to);
		b_int(st, "@skip", skip);
		for (;;) {
			struct plan_meeting_row m;

			rc = sqlite3_step(st);
			if (rc != SQLITE_ROW)
				break;
			m.id = sqlite3_column_int64(st, 0);
			m.body = (const char *)sqlite3_column_text(st, 1);
			m.host = (const char *)sqlite3_column_text(st, 2);
			m.tz = (const char *)sqlite3_column_text(st, 3);
			m.start = sqlite3_column_int64(st, 4);
			m.end = sqlite3_column_int64(st, 5);
			m.all_day = sqlite3_column_int(st, 6);
			m.recurring = recurring;
			m.rrule = recurring ? (const char *)sqlite3_column_text(st, 7) : NULL;
			m.exdates = m.rdates = NULL;
			m.nexdates = m.nrdates = 0;
			if (recurring) {
				store_dates_of(st, 8, &m.exdates, &m.nexdates);
				store_dates_of(st, 9, &m.rdates, &m.nrdates);
			}
			stop = fn(arg, &m);
			free(m.exdates);
			free(m.rdates);
			if (stop)
				break;
		}
		sqlite3_finalize(st);
		if (!stop && rc != SQLITE_DONE)
			stop = db_fail(db, "read");
	}
	return stop;
}

char *store_meeting_title(struct db *db, int64_t id)
{
	sqlite3_stmt *st;
	char *title = NULL;
	int rc;

	if (prep(db, "SELECT title FROM meeting WHERE id = @id", &st))
		return NULL;
	b_int(st, "@id", id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		title = col_str(st, 0);
	else if (rc != SQLITE_DONE)
		db_fail(db, "read");
	sqlite3_finalize(st);
	return title;
}

/*
 * What the body's regular summits (single meetings) say about the next:
 * the placeholder (the earliest proposed one with no held, planned or
 * confirmed one after it), the previous summit (the latest held, planned
 * or confirmed one), how many are planned or confirmed from @today on, and
 * the next ordinal (the placeholder's, else one more than the highest).
 */
int store_summit_history(struct db *db, const char *body, int64_t today, struct summit_history *h)
{
	sqlite3_stmt *st;
	int rc;

	memset(h, 0, sizeof(*h));
	if (prep(db, "WITH s AS (SELECT id, ordinal, status, start_utc, end_utc, all_day FROM meeting "
		 "  WHERE body = @body AND kind = 'regular' AND rrule IS NULL), "
		 "ph AS (SELECT p.id, p.ordinal FROM s p WHERE p.status = 'proposed' AND NOT EXISTS (SELECT 1 FROM s x "
		 "  WHERE x.status IN ('held', 'planned', 'confirmed') AND x.start_utc > p.start_utc) "
		 "  ORDER BY p.start_utc, p.id LIMIT 1), "
		 "pv AS (SELECT id, ordinal, start_utc / 86400 AS first, "
		 "  iif(all_day, end_utc / 86400 - 1, max(end_utc - 1, start_utc) / 86400) AS last FROM s "
		 "  WHERE status IN ('held', 'planned', 'confirmed') ORDER BY start_utc DESC, id DESC LIMIT 1) "
		 "SELECT (SELECT id FROM ph), (SELECT ordinal FROM ph), (SELECT id FROM pv), (SELECT ordinal FROM pv), "
		 "(SELECT first FROM pv), (SELECT last FROM pv), "
		 "(SELECT count(*) FROM s WHERE status IN ('planned', 'confirmed') AND start_utc >= @today), "
		 "coalesce((SELECT ordinal FROM ph), (SELECT coalesce(max(ordinal), 0) + 1 FROM s))", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_int(st, "@today", today);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		h->placeholder = sqlite3_column_int64(st, 0);
		h->placeholder_ordinal = sqlite3_column_int64(st, 1);
		h->prev = sqlite3_column_int64(st, 2);
		h->prev_ordinal = sqlite3_column_int64(st, 3);
		h->prev_first = sqlite3_column_int64(st, 4);
		h->prev_last = sqlite3_column_int64(st, 5);
		h->planned = sqlite3_column_int64(st, 6);
		h->next_ordinal = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "read");
}

/* ---- the preparation template ---- */

#define TEMPLATE_LIST "SELECT name, before_s, owner, state FROM plan_template ORDER BY before_s DESC, name"

int store_template_rows(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, TEMPLATE_LIST, &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

char *store_template_json(struct db *db)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_group_array(json_object('name', name, 'before_s', before_s, "
		 "'owner', coalesce(state, owner))) FROM (" TEMPLATE_LIST ")", &st))
		return NULL;
	return json_one(db, st);
}

int store_template_add(struct db *db, const char *name, int64_t before, const char *owner, const char *state)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO plan_template(name, before_s, owner, state) VALUES (@name, @before, @owner, @state) "
		 "ON CONFLICT DO NOTHING", &st))
		return ST_FAIL;
	b_text(st, "@name", name);
	b_int(st, "@before", before);
	b_text(st, "@owner", owner);
	b_text(st, "@state", state);
	rc = step_write(db, st, "add template step");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_CONFLICT, "template step '%s' already exists", name);
	return rc;
}

int store_template_rm(struct db *db, const char *name)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "DELETE FROM plan_template WHERE name = @name", &st))
		return ST_FAIL;
	b_text(st, "@name", name);
	rc = step_write(db, st, "remove template step");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_NOTFOUND, "unknown template step '%s'", name);
	return rc;
}

/* 1 when the meeting already has a deadline with this title, 0 when not, or a negative status. */
int store_deadline_titled(struct db *db, int64_t meeting, const char *title)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "SELECT 1 FROM deadline WHERE meeting_id = @meeting AND title = @title", &st))
		return -ST_FAIL;
	b_int(st, "@meeting", meeting);
	b_text(st, "@title", title);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -db_fail(db, "read");
}

/* ---- JSON of the planner and of conflicts, from bound values ---- */

/*
 * Steps st (prepared, bound) and returns its one text column, which the
 * caller frees; NULL on failure (reported). Resets st for the next values.
 */
static char *one_text(struct db *db, sqlite3_stmt *st)
{
	char *s = NULL;

	if (sqlite3_step(st) == SQLITE_ROW)
		s = col_str(st, 0);
	else
		db_fail(db, "read");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return s;
}

/* The comma-separated codes "KG,KZ" as a JSON array, through a recursive split. */
#define STATES_ARRAY(p) "(WITH RECURSIVE sp(code, rest) AS (SELECT NULL, " p " || ',' UNION ALL " \
	"SELECT substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1) FROM sp WHERE rest <> '') " \
	"SELECT json_group_array(code) FROM sp WHERE code IS NOT NULL)"

static char *date_text(int64_t day, char *buf)
{
	return fmt_date(day * DAY_SECONDS, buf);
}

/* A meeting as a JSON object (the caller frees), or NULL on failure. */
static char *meeting_obj(struct db *db, sqlite3_stmt *st, const struct summit_meeting *m)
{
	char a[32];

	b_int(st, "@id", m->id);
	b_text(st, "@body", m->body);
	b_text(st, "@title", m->title);
	b_text(st, "@host", m->host[0] ? m->host : NULL);
	b_int(st, "@all_day", m->all_day);
	b_int(st, "@start", m->start);
	b_int(st, "@end", m->end);
	b_text(st, "@last", date_text(m->last, a));
	return one_text(db, st);
}

/* A meeting: all-day ones from the first to the last day (included), timed ones from instant to instant. */
static const char meeting_obj_sql[] = "SELECT json_object('id', @id, 'body', @body, 'title', @title, "
	"'host', @host, 'all_day', " BOOL_SQL("@all_day") ", 'start', " WHEN_SQL("@start", "@all_day") ", "
	"'end', iif(@all_day, @last, " RFC3339("@end") "))";

char *store_plan_json(struct db *db, const struct summit_plan *p)
{
	sqlite3_stmt *top = NULL, *cand = NULL, *reason = NULL, *meet = NULL, *set = NULL, *term = NULL;
	struct strbuf cands = STRBUF_INIT;
	char *json = NULL, *term_json = NULL, a[32], b[32], c[32];
	int fail = 0;

	if (prep(db, "SELECT json_object('body', @body, 'name', @name, 'ordinal', @ordinal, 'host', @host, "
		 "'chair_term', json(@term), 'days', @days, 'from', @from, 'to', @to, 'earliest', @earliest, "
		 "'previous', iif(@prev_end IS NULL, NULL, json_object('ordinal', @prev, 'end', @prev_end)), "
		 "'opening', @opening, 'considered', @considered, 'excluded', json_object('early', @early, "
		 "'holiday', @holiday, 'meeting', @meeting), 'candidates', json(@candidates))", &top) ||
	    prep(db, "SELECT json_object('start', @start, 'end', @end, 'score', @score, 'reasons', json(@reasons), "
		 "'local_times', json(@local))", &cand) ||
	    prep(db, "SELECT json_object('kind', @kind, 'penalty', @penalty, 'from', @from, 'to', @to, "
		 "'states', " STATES_ARRAY("@states") ", 'name', @name, 'meeting', json(@meeting), "
		 "'count', @count, 'text', @text)", &reason) ||
	    prep(db, meeting_obj_sql, &meet) ||
	    prep(db, "SELECT json_set(@obj, '$.' || @key, @value)", &set) ||
	    prep(db, "SELECT json_object('holder', @holder, 'start', @start, 'end', @end, 'status', @status, "
		 "'rule', @rule)", &term))
		goto out;
	if (p->has_term) {
		b_text(term, "@holder", p->term.holder);
		b_text(term, "@start", date_text(p->term.start, a));
		b_text(term, "@end", date_text(p->term.end, b));
		b_text(term, "@status", p->term.actual ? "actual" : "projected");
		b_text(term, "@rule", p->term_rule);
		term_json = one_text(db, term);
		fail = !term_json;
	}
	sb_puts(&cands, "[");
	for (size_t i = 0; i < p->res.n && !fail; i++) {
		const struct plan_candidate *pc = &p->res.c[i];
		struct strbuf reasons = STRBUF_INIT;
		char *local = xstrdup("{}"), *obj;

		sb_puts(&reasons, "[");
		for (size_t k = 0; k < pc->nreasons && !fail; k++) {
			const struct plan_reason *r = &pc->reasons[k];
			char *mobj = NULL;

			if (r->kind == PR_MEETING) {
				mobj = meeting_obj(db, meet, &p->meetings[r->ref]);
				fail = !mobj;
			}
			b_text(reason, "@kind", plan_reason_word(r->kind));
			b_int(reason, "@penalty", r->penalty);
			b_text(reason, "@from", date_text(r->first, a));
			b_text(reason, "@to", date_text(r->last, b));
			b_text(reason, "@states", r->states);
			b_text(reason, "@name", r->name);
			b_text(reason, "@meeting", mobj);
			if (r->kind == PR_MORE_MEETINGS)
				b_int(reason, "@count", (int64_t)r->count);
			else
				b_null(reason, "@count");
			b_text(reason, "@text", p->why[i][k]);
			obj = fail ? NULL : one_text(db, reason);
			free(mobj);
			if (!obj) {
				fail = 1;
				break;
			}
			sb_addf(&reasons, "%s%s", k ? "," : "", obj);
			free(obj);
		}
		sb_puts(&reasons, "]");
		for (size_t k = 0; k < p->nlocal && !fail; k++) {
			char *next;

			b_text(set, "@obj", local);
			b_text(set, "@key", p->local[i][k].state);
			b_text(set, "@value", p->local[i][k].hhmm);
			next = one_text(db, set);
			fail = !next;
			if (next) {
				free(local);
				local = next;
			}
		}
		if (!fail) {
			b_text(cand, "@start", date_text(pc->start, a));
			b_text(cand, "@end", date_text(pc->last, b));
			b_int(cand, "@score", pc->score);
			b_text(cand, "@reasons", reasons.buf);
			b_text(cand, "@local", local);
			obj = one_text(db, cand);
			fail = !obj;
			if (obj)
				sb_addf(&cands, "%s%s", i ? "," : "", obj);
			free(obj);
		}
		sb_release(&reasons);
		free(local);
	}
	sb_puts(&cands, "]");
	if (fail)
		goto out;
	b_text(top, "@body", p->body);
	b_text(top, "@name", p->body_name);
	b_int(top, "@ordinal", p->ordinal);
	b_text(top, "@host", p->host);
	b_text(top, "@term", term_json);
	b_int(top, "@days", p->days);
	b_text(top, "@from", date_text(p->first, a));
	b_text(top, "@to", date_text(p->last, b));
	b_text(top, "@earliest", date_text(p->earliest, c));
	if (p->hist.prev) {
		b_int_or_null(top, "@prev", p->hist.prev_ordinal);
		b_text(top, "@prev_end", date_text(p->hist.prev_last, a));
	} else {
		b_null(top, "@prev");
		b_null(top, "@prev_end");
	}
	{
		char at[8];

		snprintf(at, sizeof(at), "%02d:%02d", p->at_h, p->at_m);
		b_text(top, "@opening", at);
	}
	b_int(top, "@considered", (int64_t)p->res.considered);
	b_int(top, "@early", (int64_t)(p->res.excluded[PH_EARLY] + p->res.excluded[PH_WINDOW]));
	b_int(top, "@holiday", (int64_t)p->res.excluded[PH_HOLIDAY]);
	b_int(top, "@meeting", (int64_t)p->res.excluded[PH_MEETING]);
	b_text(top, "@candidates", cands.buf);
	json = one_text(db, top);
out:
	sb_release(&cands);
	free(term_json);
	sqlite3_finalize(top);
	sqlite3_finalize(cand);
	sqlite3_finalize(reason);
	sqlite3_finalize(meet);
	sqlite3_finalize(set);
	sqlite3_finalize(term);
	return json;
}

char *store_conflicts_json(struct db *db, const struct conflict_report *r)
{
	sqlite3_stmt *pair = NULL, *hol = NULL, *meet = NULL, *top = NULL;
	struct strbuf pairs = STRBUF_INIT, hols = STRBUF_INIT;
	char *json = NULL, a[32], b[32];
	int fail = 0;

	if (prep(db, "SELECT json_object('a', json(@a), 'b', json(@b), 'states', " STATES_ARRAY("@states") ")",
		 &pair) ||
	    prep(db, "SELECT json_object('meeting', json(@m), 'state', @state, 'holiday', @name, 'from', @from, "
		 "'to', @to, 'provisional', " BOOL_SQL("@provisional") ")", &hol) ||
	    prep(db, meeting_obj_sql, &meet) ||
	    prep(db, "SELECT json_object('from', @from, 'to', @to, 'overlaps', json(@pairs), "
		 "'holidays', json(@hols))", &top))
		goto out;
	sb_puts(&pairs, "[");
	for (size_t i = 0; i < r->npairs && !fail; i++) {
		char *ma = meeting_obj(db, meet, &r->occ[r->pairs[i].a]);
		char *mb = ma ? meeting_obj(db, meet, &r->occ[r->pairs[i].b]) : NULL;
		char *obj = NULL;

		if (ma && mb) {
			b_text(pair, "@a", ma);
			b_text(pair, "@b", mb);
			b_text(pair, "@states", r->pairs[i].states);
			obj = one_text(db, pair);
		}
		fail = !obj;
		if (obj)
			sb_addf(&pairs, "%s%s", i ? "," : "", obj);
		free(obj);
		free(ma);
		free(mb);
	}
	sb_puts(&pairs, "]");
	sb_puts(&hols, "[");
	for (size_t i = 0; i < r->nhits && !fail; i++) {
		const struct conflict_holiday *h = &r->hits[i];
		char *m = meeting_obj(db, meet, &r->occ[h->occ]), *obj = NULL;

		if (m) {
			b_text(hol, "@m", m);
			b_text(hol, "@state", h->state);
			b_text(hol, "@name", h->name);
			b_text(hol, "@from", date_text(h->first, a));
			b_text(hol, "@to", date_text(h->last, b));
			b_int(hol, "@provisional", h->provisional);
			obj = one_text(db, hol);
		}
		fail = !obj;
		if (obj)
			sb_addf(&hols, "%s%s", i ? "," : "", obj);
		free(obj);
		free(m);
	}
	sb_puts(&hols, "]");
	if (fail)
		goto out;
	b_text(top, "@from", date_text(r->first, a));
	b_text(top, "@to", date_text(r->last, b));
	b_text(top, "@pairs", pairs.buf);
	b_text(top, "@hols", hols.buf);
	json = one_text(db, top);
out:
	sb_release(&pairs);
	sb_release(&hols);
	sqlite3_finalize(pair);
	sqlite3_finalize(hol);
	sqlite3_finalize(meet);
	sqlite3_finalize(top);
	return json;
}
