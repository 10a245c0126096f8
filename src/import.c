#include "import.h"

#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static char *resolve_zone(void *arg, const char *tzid)
{
	return store_windows_zone(arg, tzid);
}

static int check_field(const struct ics_vevent *ev, const char *name, const char *what, const char *v, size_t max)
{
	if (v && strlen(v) > max)
		return error(ST_INVALID, "cannot import '%s': the event at line %d: %s is %zu bytes; the limit is %zu",
			     name, ev->line, what, strlen(v), max);
	return 0;
}

static int64_t *dup_dates(const int64_t *d, size_t n)
{
	int64_t *p;

	if (!n)
		return NULL;
	p = xcalloc(n, sizeof(int64_t));
	memcpy(p, d, n * sizeof(int64_t));
	return p;
}

/* The meeting an event describes; nothing is written here. */
static int to_meeting(const struct ics_vevent *ev, const char *body, const char *uid, const char *name,
		      struct meeting *m)
{
	int st;

	memset(m, 0, sizeof(*m));
	st = check_field(ev, name, "SUMMARY", ev->summary, TEXT_MAX);
	if (!st)
		st = check_field(ev, name, "LOCATION", ev->location, TEXT_MAX);
	if (!st)
		st = check_field(ev, name, "DESCRIPTION", ev->description, NOTES_MAX);
	if (st)
		return st;
	m->uid = xstrdup(uid);
	m->body = xstrdup(body);
	m->kind = xstrdup("regular");
	m->title = xstrdup(ev->summary && *ev->summary ? ev->summary : "(untitled)");
	m->venue = xstrdup_or_null(ev->location && *ev->location ? ev->location : NULL);
	if (ev->has_notes)
		m->notes = xstrdup_or_null(ev->notes && *ev->notes ? ev->notes : NULL);
	else
		m->notes = xstrdup_or_null(ev->description && *ev->description ? ev->description : NULL);
	m->tz = xstrdup(ev->tz);
	m->start = ev->start;
	m->end = ev->end;
	m->all_day = ev->all_day;
	m->status = xstrdup(ev->status);
	/* RDATEs without a rule: a rule of one occurrence (DTSTART) that they add to. */
	m->rrule = ev->rrule ? xstrdup(ev->rrule) : ev->nrdates ? xstrdup("FREQ=DAILY;COUNT=1") : NULL;
	if (m->rrule) {
		m->exdates = dup_dates(ev->exdates, ev->nexdates);
		m->nexdates = ev->nexdates;
		m->rdates = dup_dates(ev->rdates, ev->nrdates);
		m->nrdates = ev->nrdates;
	}
	m->sequence = ev->sequence > 0 ? ev->sequence : 0;
	m->created = ev->created ? ev->created : now();
	/* Without LAST-MODIFIED or DTSTAMP the file says nothing of its age: it is never newer. */
	m->updated = ev->modified ? ev->modified : now();
	{
		struct series s = ics_series_of(m);

		st = ics_series_end(&s, &m->series_end, &m->series_finite);
	}
	return st;
}

/*
 * Adds m, or updates the meeting with its UID when the file's version is
 * newer. A file adds most of its events or finds most of them there: as
 * the last event did (*known), the UID is first added (a known one then
 * refused) or first looked up.
 */
static int upsert(struct db *db, struct meeting *m, int64_t modified, const char *name, struct import_counts *c,
		  int *known)
{
	struct meeting old;
	int64_t id, sequence, updated;
	char *reason;
	int st;

	if (*known) {
		st = store_meeting_version(db, m->uid, &id, &sequence, &updated);
		if (st == ST_NOTFOUND) {
			*known = 0;
			st = store_meeting_insert(db, m);
			if (!st)
				c->added++;
			return st;
		}
	} else {
		st = store_meeting_insert_new(db, m);
		if (st != ST_CONFLICT) {
			if (!st)
				c->added++;
			return st;
		}
		*known = 1;
		st = store_meeting_version(db, m->uid, &id, &sequence, &updated);
	}
	if (st)
		return st;
	/* Most meetings of a file imported again are as they were: only a newer one is read whole. */
	if (!(m->sequence > sequence || (m->sequence == sequence && modified && modified > updated))) {
		c->unchanged++;
		return 0;
	}
	st = store_meeting_by_uid(db, m->uid, &old);
	if (st)
		return st;
	/* The meeting keeps its body; its SEQUENCE never goes back. */
	free(m->body);
	m->body = xstrdup(old.body);
	if (m->sequence <= old.sequence)
		m->sequence = old.sequence + 1;
	reason = xasprintf("imported from %s", name);
	st = store_meeting_write(db, &old, m, reason, now());
	free(reason);
	if (!st)
		c->updated++;
	meeting_clear(&old);
	return st;
}

struct override {
	char *master;
	int64_t rid, modified;
	struct meeting m;
};

int import_ics(struct db *db, FILE *in, const char *name, const char *body, const char *local_zone,
	       struct import_counts *c)
{
	struct ics_reader *r = NULL;
	struct rows cand = { 1, 0, NULL };
	struct ics_vevent ev;
	struct override *ov = NULL;
	size_t nov = 0;
	const char *into = body ? body : "IMPORT";
	int st, known = 0;

	memset(c, 0, sizeof(*c));
	st = db_require_writable(db);
	if (!st)
		st = db_begin(db);
	if (st)
		return st;
	if (body) {
		st = store_require_body(db, body, NULL);
	} else if (store_require_body_quiet(db, "IMPORT") == ST_NOTFOUND) {
		st = store_body_add(db, "IMPORT", "Imported events", "other");
	}
	if (st)
		goto out;
	r = ics_reader_new(in, name, local_zone, resolve_zone, db);
	st = store_zone_candidates(db, &cand);
	if (st)
		goto out;
	ics_reader_candidates(r, cand.cell, cand.n);
	while ((st = ics_reader_next(r, &ev)) == 1) {
		struct meeting m;

		if (ev.has_recurrence_id) {
			/* One changed occurrence of a series: its own meeting, and an exception in the series. */
			char when[32], *uid;

			fmt_rfc3339(ev.recurrence_id, when);
			uid = xasprintf("%s/%s", ev.uid, when);
			st = to_meeting(&ev, into, uid, name, &m);
			free(uid);
			if (st)
				break;
			ov = xrealloc(ov, (nov + 1) * sizeof(*ov));
			ov[nov].master = xstrdup(ev.uid);
			ov[nov].rid = ev.recurrence_id;
			ov[nov].modified = ev.modified;
			ov[nov++].m = m;
			continue;
		}
		st = to_meeting(&ev, into, ev.uid, name, &m);
		if (!st)
			st = upsert(db, &m, ev.modified, name, c, &known);
		meeting_clear(&m);
		if (st)
			break;
	}
	for (size_t i = 0; !st && i < nov; i++) {
		struct meeting master, nw;
		int has = 0;

		if (store_meeting_by_uid(db, ov[i].master, &master) == 0) {
			for (size_t k = 0; k < master.nexdates; k++)
				has |= master.exdates[k] == ov[i].rid;
			if (!has && master.rrule) {
				meeting_copy(&nw, &master);
				nw.exdates = xrealloc(nw.exdates, (nw.nexdates + 1) * sizeof(int64_t));
				nw.exdates[nw.nexdates++] = ov[i].rid;
				qsort(nw.exdates, nw.nexdates, sizeof(int64_t), ics_cmp_instant);
				nw.sequence = master.sequence;
				nw.updated = master.updated;
				st = store_meeting_write(db, &master, &nw, NULL, now());
				meeting_clear(&nw);
			}
			meeting_clear(&master);
		}
		if (!st)
			st = upsert(db, &ov[i].m, ov[i].modified, name, c, &known);
	}
out:
	for (size_t i = 0; i < nov; i++) {
		free(ov[i].master);
		meeting_clear(&ov[i].m);
	}
	free(ov);
	ics_reader_free(r);
	if (cand.cell)
		rows_free(&cand);
	if (st) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
