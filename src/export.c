/* Writing one iCalendar calendar from the database: meetings, office terms, deadlines. */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "office.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

struct exporter {
	struct db *db;
	FILE *out;
	int64_t dtstamp;
	const int64_t *alarms;
	size_t nalarms;
	char *const *bodies;
	int nbodies;
	struct rows states, body_rows;
	struct doc_lookup *docs;
	/* first pass: the zones used and the span they must cover */
	char **zones;
	size_t nzones;
	int64_t span_from, span_to;
	/* the chair of each body, for descriptions */
	struct office_view *chairs;
	int *has_chair;
	/* a meeting's location and description, kept from one meeting to the next */
	struct strbuf loc, desc;
};

static int wanted_body(const struct exporter *x, const char *body)
{
	if (!x->nbodies)
		return 1;
	for (int i = 0; i < x->nbodies; i++)
		if (!strcmp(x->bodies[i], body))
			return 1;
	return 0;
}

static const char *lookup(const struct rows *r, const char *key, int col)
{
	for (size_t i = 0; key && i < r->n; i++)
		if (!strcmp(rows_get(r, i, 0), key))
			return rows_get(r, i, col);
	return NULL;
}

static int note_zone(void *arg, const struct meeting *m)
{
	struct exporter *x = arg;
	int64_t end = m->rrule ? (m->series_finite ? m->series_end : now() + 10 * 366 * DAY_SECONDS) : m->end;
	size_t i;

	if (!wanted_body(x, m->body) || m->all_day)
		return 0;
	for (i = 0; i < x->nzones && strcmp(x->zones[i], m->tz); i++)
		;
	if (i == x->nzones) {
		x->zones = xrealloc(x->zones, (x->nzones + 1) * sizeof(char *));
		x->zones[x->nzones++] = xstrdup(m->tz);
	}
	if (m->start < x->span_from)
		x->span_from = m->start;
	if (end > x->span_to)
		x->span_to = end;
	return 0;
}

static long body_index(const struct exporter *x, const char *body)
{
	for (size_t i = 0; i < x->body_rows.n; i++)
		if (!strcmp(rows_get(&x->body_rows, i, 0), body))
			return (long)i;
	return -1;
}

/* Appends sep (when sb has text already) and s. */
static void add_part(struct strbuf *sb, const char *sep, const char *s)
{
	if (sb->len)
		sb_puts(sb, sep);
	sb_puts(sb, s);
}

/* The VEVENT of m as an export describes it; its strings are x's until the next meeting. */
static void meeting_event(struct exporter *x, const struct meeting *m, struct ics_event *e)
{
	struct strbuf *loc = &x->loc, *desc = &x->desc;
	const char *host, *docs;
	long b;
	char ord[24];

	host = lookup(&x->states, m->host, 1);
	b = body_index(x, m->body);
	sb_reset(loc);
	sb_reset(desc);
	if (m->venue)
		sb_puts(loc, m->venue);
	if (m->city)
		add_part(loc, ", ", m->city);
	if (host)
		add_part(loc, ", ", host);
	sb_puts(desc, b >= 0 ? rows_get(&x->body_rows, (size_t)b, 1) : m->body);
	sb_puts(desc, " (");
	sb_puts(desc, m->body);
	sb_puts(desc, ")");
	if (m->ordinal) {
		sb_puts(desc, "\n");
		sb_puts(desc, fmt_ordinal(m->ordinal, ord));
		sb_puts(desc, " meeting");
	}
	if (host) {
		sb_puts(desc, "\nHost: ");
		sb_puts(desc, host);
	}
	if (b >= 0 && x->has_chair[b]) {
		const struct office_view *v = &x->chairs[b];
		long i = rotation_find(v->terms, v->n, m->start / DAY_SECONDS);
		const char *chair = i >= 0 ? lookup(&x->states, v->terms[i].holder, 1) : NULL;

		if (chair) {
			sb_puts(desc, "\nChair: ");
			sb_puts(desc, chair);
		}
	}
	docs = store_doc_lookup(x->docs, m->id);
	if (docs) {
		sb_puts(desc, "\nDocuments: ");
		sb_puts(desc, docs);
	}
	if (m->notes) {
		sb_puts(desc, "\n\n");
		sb_puts(desc, m->notes);
	}
	memset(e, 0, sizeof(*e));
	e->m = m;
	e->location = loc->len ? loc->buf : "";
	e->description = desc->buf;
	e->category = m->body;
	e->alarms = x->alarms;
	e->nalarms = x->nalarms;
	e->dtstamp = x->dtstamp;
}

/*
 * A series is written from its wall clock, as the agenda expands it: m
 * itself, or in *tmp with the first start that clock gives now (another
 * one only when the zone's rules have changed since it was entered).
 */
static const struct meeting *as_on_the_wall(const struct meeting *m, struct meeting *tmp)
{
	struct series s;
	int64_t start;

	if (!m->rrule || m->all_day || !m->has_wall)
		return m;
	s = ics_series_of(m);
	start = ics_series_first(&s);
	if (start == m->start)
		return m;
	*tmp = *m;
	tmp->start = start;
	tmp->end = start + (m->end - m->start);
	return tmp;
}

static int write_meeting(struct exporter *x, const struct meeting *m)
{
	struct ics_event e;
	struct meeting tmp;

	if (!wanted_body(x, m->body))
		return 0;
	m = as_on_the_wall(m, &tmp);
	meeting_event(x, m, &e);
	return ics_write_event(x->out, &e);
}

/* A meeting of the export (store_export_meetings_each() gives them in the order of their ids). */
static int export_each(void *arg, const struct meeting *m)
{
	return write_meeting(arg, m);
}

static int write_rotations(struct exporter *x, int64_t from, int64_t to)
{
	struct rows offices;
	int st = store_office_rows(x->db, NULL, &offices);

	for (size_t i = 0; !st && i < offices.n; i++) {
		const char *body = rows_get(&offices, i, 0), *name = rows_get(&offices, i, 1);
		struct office_view v;

		if (!wanted_body(x, body))
			continue;
		/* Without --to: the terms through ten years from today. */
		st = office_view(x->db, body, name, to < INT64_MAX / 4 ? to / DAY_SECONDS : today_days() + 3660, 6, &v);
		for (size_t k = 0; !st && k < v.n; k++) {
			const struct rot_term *t = &v.terms[k];
			const char *holder = lookup(&x->states, t->holder, 1);
			char day[32], *uid, *summary;

			if (!t->holder[0] || t->end * DAY_SECONDS <= from || t->start * DAY_SECONDS >= to ||
			    (to >= INT64_MAX / 4 && t->start > today_days() + 3660))
				continue;
			fmt_date(t->start * DAY_SECONDS, day);
			uid = xasprintf("rotation-%s-%s-%.4s%.2s%.2s-%s@dipcal", body, name, day, day + 5, day + 8,
					t->holder);
			summary = xasprintf("%c%s of %s: %s", name[0] >= 'a' && name[0] <= 'z' ? name[0] - 32 : name[0],
					    name + 1, body, holder ? holder : t->holder);
			st = ics_write_day_event(x->out, uid, summary, t->note, t->start, t->end, body, x->dtstamp);
			free(uid);
			free(summary);
		}
		if (v.terms)
			office_view_free(&v);
	}
	rows_free(&offices);
	return st;
}

static int write_deadlines(struct exporter *x, int64_t from, int64_t to)
{
	struct rows r;
	int st = store_deadline_rows(x->db, 0, &r);

	for (size_t i = 0; !st && i < r.n; i++) {
		int64_t due = 0;
		char *uid, *desc;

		if (!wanted_body(x, rows_get(&r, i, 8)))
			continue;
		parse_int64(rows_get(&r, i, 3), INT64_MIN, INT64_MAX, &due);
		if (due < from || due >= to)
			continue;
		uid = xasprintf("deadline-%s-%s", rows_get(&r, i, 0), rows_get(&r, i, 9));
		desc = xasprintf("Before: %s%s%s", rows_get(&r, i, 10), rows_get(&r, i, 4) ? "\nOwner: " : "",
				 rows_get(&r, i, 4) ? rows_get(&r, i, 4) : "");
		st = ics_write_todo(x->out, uid, rows_get(&r, i, 2), desc, due, strcmp(rows_get(&r, i, 5), "0") != 0,
				    rows_get(&r, i, 8), x->dtstamp);
		free(uid);
		free(desc);
	}
	rows_free(&r);
	return st;
}


/*
 * Starts an export of bodies (none: all) to out: the states, the bodies,
 * the chair of each body through day until, the documents. On failure
 * (reported) x is still to be released.
 */
static int exporter_start(struct exporter *x, struct db *db, FILE *out, char *const *bodies, int nbodies,
			  int64_t until)
{
	int st;

	memset(x, 0, sizeof(*x));
	x->db = db;
	x->out = out;
	x->bodies = bodies;
	x->nbodies = nbodies;
	x->dtstamp = now();
	x->span_from = INT64_MAX;
	x->span_to = INT64_MIN;
	st = store_state_rows(db, &x->states);
	if (!st)
		st = store_body_rows(db, &x->body_rows);
	if (st)
		return st;
	x->chairs = xcalloc(x->body_rows.n + 1, sizeof(*x->chairs));
	x->has_chair = xcalloc(x->body_rows.n + 1, sizeof(int));
	for (size_t i = 0; i < x->body_rows.n; i++) {
		struct office_rec rec;
		const char *body = rows_get(&x->body_rows, i, 0);

		if (!wanted_body(x, body) || store_office_get(db, body, "chair", &rec))
			continue;
		office_rec_clear(&rec);
		st = office_view(db, body, "chair", until, 6, &x->chairs[i]);
		if (st)
			return st;
		x->has_chair[i] = 1;
	}
	x->docs = store_doc_lookup_new(db);
	return x->docs ? 0 : ST_FAIL;
}

static void exporter_release(struct exporter *x)
{
	for (size_t i = 0; i < x->nzones; i++)
		free(x->zones[i]);
	free(x->zones);
	for (size_t i = 0; x->has_chair && i < x->body_rows.n; i++)
		if (x->has_chair[i])
			office_view_free(&x->chairs[i]);
	free(x->chairs);
	free(x->has_chair);
	store_doc_lookup_free(x->docs);
	sb_release(&x->loc);
	sb_release(&x->desc);
	if (x->states.cell)
		rows_free(&x->states);
	if (x->body_rows.cell)
		rows_free(&x->body_rows);
}

int export_write(struct db *db, const struct export_opts *o, FILE *out)
{
	struct meeting_filter f = { NULL, NULL, o->from, o->to, 0, 0 };
	struct exporter x;
	char *calname;
	int st;

	st = exporter_start(&x, db, out, o->bodies, o->nbodies,
			    o->to < INT64_MAX / 4 ? o->to / DAY_SECONDS : today_days() + 3660);
	if (st)
		goto out;
	x.alarms = o->alarms;
	x.nalarms = o->nalarms;
	/* The zones the meetings use and the span their VTIMEZONEs must cover, from one query per body. */
	for (int b = 0; !st && b < (x.nbodies ? x.nbodies : 1); b++) {
		struct rows z;

		st = store_zone_spans(db, x.nbodies ? x.bodies[b] : NULL, o->from, o->to,
				      now() + 10 * 366 * DAY_SECONDS, &z);
		for (size_t i = 0; !st && i < z.n; i++) {
			struct meeting m;

			memset(&m, 0, sizeof(m));
			m.tz = (char *)rows_get(&z, i, 0);
			m.body = x.nbodies ? x.bodies[b] : (char *)"";
			parse_int64(rows_get(&z, i, 1), INT64_MIN, INT64_MAX, &m.start);
			parse_int64(rows_get(&z, i, 2), INT64_MIN, INT64_MAX, &m.end);
			note_zone(&x, &m);
		}
		if (!st)
			rows_free(&z);
	}
	if (st)
		goto out;
	calname = xstrdup(x.nbodies == 1 && lookup(&x.body_rows, x.bodies[0], 1) ? lookup(&x.body_rows, x.bodies[0], 1)
			  : "dipcal");
	ics_begin(out, calname);
	free(calname);
	for (size_t i = 0; !st && i < x.nzones; i++)
		st = ics_write_vtimezone(out, x.zones[i], x.span_from - DAY_SECONDS, x.span_to + DAY_SECONDS);
	if (!st)
		st = store_export_meetings_each(db, &f, export_each, &x);
	if (!st && o->rotations)
		st = write_rotations(&x, o->from, o->to);
	if (!st && o->deadlines)
		st = write_deadlines(&x, o->from, o->to);
	if (!st)
		ics_end(out);
out:
	exporter_release(&x);
	return st;
}

int export_meeting(struct db *db, const struct meeting *m, FILE *out)
{
	char *const bodies[] = { m->body };
	struct exporter x;
	char *head = NULL, *line, *save = NULL;
	size_t headlen = 0;
	FILE *hs;
	long b;
	int st;

	b = -1;
	st = exporter_start(&x, db, out, bodies, 1, today_days() + 3660);
	if (st)
		goto out;
	b = body_index(&x, m->body);
	note_zone(&x, m);
	/* A resource in a calendar collection has no METHOD (RFC 4791 4.1): ics_begin()'s is left out. */
	hs = open_memstream(&head, &headlen);
	if (!hs)
		die("out of memory");
	ics_begin(hs, b >= 0 ? rows_get(&x.body_rows, (size_t)b, 1) : m->body);
	fclose(hs);
	for (line = strtok_r(head, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "METHOD:", 7))
			fprintf(out, "%s\n", line);
	for (size_t i = 0; !st && i < x.nzones; i++)
		st = ics_write_vtimezone(out, x.zones[i], x.span_from - DAY_SECONDS, x.span_to + DAY_SECONDS);
	if (!st)
		st = write_meeting(&x, m);
	if (!st)
		ics_end(out);
out:
	free(head);
	exporter_release(&x);
	return st;
}
