#include "summit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "ics.h"
#include "office.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

static char *day_text(int64_t day, char *buf)
{
	return fmt_date(day * DAY_SECONDS, buf);
}

static int64_t parse_days(const char *s, int64_t dflt)
{
	int64_t v;

	return s && !parse_int64(s, INT64_MIN / 2, INT64_MAX / 2, &v) ? v : dflt;
}

/* ---- local days of instants, fast: each zone's offsets over a range of days, sampled once ---- */

struct zone_days {
	char *zone;
	int *off;               /* per day from lo: the offset at 00:00Z, INT_MIN when it changes that day */
};

#define ZONE_SLOTS 256

struct zones {
	struct zone_days *z;
	size_t n;
	size_t slot[ZONE_SLOTS]; /* a hash of the names: index + 1, 0 when free */
	int64_t lo, hi;         /* the days sampled */
};

static int offset_at(const char *zone, int64_t day, int *off)
{
	struct civil c;

	return ics_utc_to_local(day * DAY_SECONDS, zone, &c, off);
}

/*
 * Samples a zone every 32 days; where the offset differs at the two ends,
 * finds the day it changes by bisection (zones change at most once in 32
 * days). That day is marked for an exact conversion.
 */
#define ZONE_STEP 32

static int zone_sample(struct zones *zs, struct zone_days *z)
{
	size_t n = (size_t)(zs->hi - zs->lo + 1);
	int a, b, st;

	z->off = xcalloc(n, sizeof(int));
	st = offset_at(z->zone, zs->lo, &a);
	for (int64_t d = zs->lo; !st && d <= zs->hi; d += ZONE_STEP) {
		int64_t e = d + ZONE_STEP > zs->hi + 1 ? zs->hi + 1 : d + ZONE_STEP, lo = d, hi = e;

		st = offset_at(z->zone, e, &b);
		if (st)
			break;
		/* The offset is a at 00:00Z of lo and b at 00:00Z of hi: the change is on day lo when hi = lo + 1. */
		while (a != b && hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			int m;

			st = offset_at(z->zone, mid, &m);
			if (st)
				break;
			if (m == a)
				lo = mid;
			else
				hi = mid;
		}
		for (int64_t k = d; k < e; k++)
			z->off[k - zs->lo] = a == b || k < lo ? a : k == lo ? INT_MIN : b;
		a = b;
	}
	return st;
}

/* The day of instant t in zone. */
static int local_day(struct zones *zs, const char *zone, int64_t t, int64_t *day)
{
	struct zone_days *z = NULL;
	int64_t d = floor_div(t, DAY_SECONDS);
	struct civil c;
	uint32_t h = 2166136261u;
	size_t k;

	for (const char *p = zone; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (k = h % ZONE_SLOTS; zs->slot[k]; k = (k + 1) % ZONE_SLOTS)
		if (!strcmp(zs->z[zs->slot[k] - 1].zone, zone)) {
			z = &zs->z[zs->slot[k] - 1];
			break;
		}
	if (!z && zs->n + 1 < ZONE_SLOTS) {
		zs->z = xrealloc(zs->z, (zs->n + 1) * sizeof(*zs->z));
		z = &zs->z[zs->n];
		z->zone = xstrdup(zone);
		z->off = NULL;
		zs->slot[k] = ++zs->n;
		if (zone_sample(zs, z))
			return ST_INVALID;
	}
	if (!z) {
		/* More zones than slots: each read exactly. */
		if (ics_utc_to_local(t, zone, &c, NULL))
			return ST_INVALID;
		*day = days_from_civil(c.y, c.mo, c.d);
		return 0;
	}
	if (d >= zs->lo && d <= zs->hi && z->off[d - zs->lo] != INT_MIN) {
		*day = floor_div(t + z->off[d - zs->lo], DAY_SECONDS);
		return 0;
	}
	if (ics_utc_to_local(t, zone, &c, NULL))
		return ST_INVALID;
	*day = days_from_civil(c.y, c.mo, c.d);
	return 0;
}

static void zones_free(struct zones *zs)
{
	for (size_t i = 0; i < zs->n; i++) {
		free(zs->z[i].zone);
		free(zs->z[i].off);
	}
	free(zs->z);
}

/* The days a meeting (or one occurrence) occupies in its zone. */
static int meeting_days(struct zones *zs, const char *tz, int all_day, int64_t start, int64_t end, int64_t *first,
			int64_t *last)
{
	int st;

	if (all_day) {
		*first = floor_div(start, DAY_SECONDS);
		*last = end > start ? floor_div(end, DAY_SECONDS) - 1 : *first;
		return 0;
	}
	st = local_day(zs, tz, start, first);
	if (!st)
		st = local_day(zs, tz, end > start ? end - 1 : start, last);
	return st;
}

/* ---- the host, the ordinal, the gap ---- */

static int find_host(struct db *db, const struct summit_query *q, struct summit_plan *p)
{
	struct office_rec rec;
	struct office_view v;
	int st = store_office_get(db, q->body, "chair", &rec);

	if (st && st != ST_NOTFOUND)
		return st;
	if (!st) {
		long cur, k;
		int summit = !strcmp(rec.term, "summit");

		office_rec_clear(&rec);
		st = office_view(db, q->body, "chair", q->today, (size_t)p->hist.planned + 2, &v);
		if (st)
			return st;
		cur = rotation_find(v.terms, v.n, v.today);
		if (summit) {
			/* The summit closes the chair's term under way, or the term after the planned ones. */
			k = (cur < 0 ? 0 : cur) + (long)p->hist.planned;
			p->host_rule = p->hist.planned ? "holds the chair's term after the summits already planned"
				: "holds the chair: the summit closes the term under way";
		} else {
			k = cur < 0 ? 0 : cur + 1;
			p->host_rule = "holds the chair's next term";
		}
		if (k >= 0 && (size_t)k < v.n) {
			p->term = v.terms[k];
			p->has_term = 1;
			p->term_rule = summit ? "summit" : !strcmp(v.rec.term, "follow") ? "follow" : "calendar";
		}
		office_view_free(&v);
	}
	if (q->host) {
		snprintf(p->host, sizeof(p->host), "%s", q->host);
		p->host_rule = "given with --host";
	} else if (p->has_term) {
		memcpy(p->host, p->term.holder, 3);
	} else {
		return error(ST_NOTFOUND, "body '%s' has no chair rotation to name the host of its next summit: "
			     "give --host STATE", q->body);
	}
	return store_require_state(db, p->host, &p->host_tz);
}

/* ---- the planner's input ---- */

struct loader {
	struct db *db;
	struct summit_plan *p;
	unsigned char taking_part[26 * 26]; /* by state code: AA = 0 ... ZZ = 675 */
	struct rows bodies;     /* the bodies they are full members of, sorted */
	struct zones zones;
	struct plan_event *ev;
	size_t nev, alloc_ev, alloc_m;
	const struct plan_meeting_row *cur; /* the series being expanded */
	int cur_involves;
	int64_t from, to;
};

/* A code (a body's, a state's) into buf of n bytes; "" for NULL. Codes fit: the schema checks their length. */
static void copy_code(char *buf, size_t n, const char *code)
{
	size_t len = code ? strlen(code) : 0;

	if (len >= n)
		len = n - 1;
	memcpy(buf, code ? code : "", len);
	buf[len] = '\0';
}

static int add_event(struct loader *l, int64_t id, const char *body, const char *host, const char *tz, int all_day,
		     int64_t start, int64_t end, int involves)
{
	struct summit_plan *p = l->p;
	struct summit_meeting *m;
	int64_t first, last;
	int st = meeting_days(&l->zones, tz, all_day, start, end, &first, &last);

	if (st)
		return st;
	if (p->nmeetings == l->alloc_m) {
		l->alloc_m = l->alloc_m ? l->alloc_m * 2 : 256;
		p->meetings = xrealloc(p->meetings, l->alloc_m * sizeof(*p->meetings));
		l->ev = xrealloc(l->ev, l->alloc_m * sizeof(*l->ev));
	}
	m = &p->meetings[p->nmeetings];
	m->id = id;
	copy_code(m->body, sizeof(m->body), body);
	copy_code(m->host, sizeof(m->host), host);
	m->title = NULL;
	m->all_day = all_day;
	m->start = start;
	m->end = end;
	m->first = first;
	m->last = last;
	l->ev[l->nev].first = first;
	l->ev[l->nev].last = last;
	l->ev[l->nev].involves = involves;
	l->ev[l->nev++].ref = p->nmeetings++;
	return 0;
}

static int code_index(const char *code)
{
	if (!code || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
		return -1;
	return (code[0] - 'A') * 26 + (code[1] - 'A');
}

static int cmp_body(const void *key, const void *cell)
{
	return strcmp(key, *(char *const *)cell);
}

/* Whether a meeting involves the states taking part: one of them hosts it, or is a full member of its body. */
static int involves(const struct loader *l, const char *body, const char *host)
{
	int k = code_index(host);

	if (k >= 0 && l->taking_part[k])
		return 1;
	return l->bodies.n && bsearch(body, l->bodies.cell, l->bodies.n, sizeof(char *), cmp_body) != NULL;
}

static int on_occurrence(void *arg, int64_t start, int64_t end)
{
	struct loader *l = arg;
	const struct plan_meeting_row *m = l->cur;

	return add_event(l, m->id, m->body, m->host, m->tz, m->all_day, start, end, l->cur_involves);
}

static int on_meeting(void *arg, const struct plan_meeting_row *m)
{
	struct loader *l = arg;
	struct series s = { 0 };

	if (!m->recurring)
		return add_event(l, m->id, m->body, m->host, m->tz, m->all_day, m->start, m->end,
				 involves(l, m->body, m->host));
	/* A series: its occurrences in the window. */
	s.rrule = m->rrule;
	s.tz = m->tz;
	s.start = m->start;
	s.end = m->end;
	s.all_day = m->all_day;
	s.exdates = m->exdates;
	s.nexdates = m->nexdates;
	s.rdates = m->rdates;
	s.nrdates = m->nrdates;
	l->cur = m;
	l->cur_involves = involves(l, m->body, m->host);
	return ics_expand(&s, l->from, l->to, on_occurrence, l);
}

/*
 * Events are read in no order; they are put in one, as the planner names
 * the first that stands in a candidate's way: by start, end, all-day,
 * body, host, then meeting (a series' occurrences by start).
 */
static int event_before(const struct plan_event *a, const struct plan_event *b, const struct summit_meeting *ms)
{
	const struct summit_meeting *x = &ms[a->ref], *y = &ms[b->ref];
	int c;

	if (x->start != y->start)
		return x->start < y->start;
	if (x->end != y->end)
		return x->end < y->end;
	if (x->all_day != y->all_day)
		return x->all_day < y->all_day;
	c = strcmp(x->body, y->body);
	if (c)
		return c < 0;
	c = strcmp(x->host, y->host);
	if (c)
		return c < 0;
	return x->id < y->id;
}

/* Sorts e[0..n) stably, tmp holding n / 2: a merge sort with the comparison inlined. */
static void sort_events(struct plan_event *e, struct plan_event *tmp, size_t n, const struct summit_meeting *ms)
{
	size_t mid = n / 2, i, j, k;

	if (n <= 12) {
		for (i = 1; i < n; i++) {
			struct plan_event x = e[i];

			for (j = i; j > 0 && event_before(&x, &e[j - 1], ms); j--)
				e[j] = e[j - 1];
			e[j] = x;
		}
		return;
	}
	sort_events(e, tmp, mid, ms);
	sort_events(e + mid, tmp, n - mid, ms);
	if (!event_before(&e[mid], &e[mid - 1], ms))
		return;
	memcpy(tmp, e, mid * sizeof(*e));
	i = 0, j = mid, k = 0;
	while (i < mid && j < n)
		e[k++] = event_before(&e[j], &tmp[i], ms) ? e[j++] : tmp[i++];
	while (i < mid)
		e[k++] = tmp[i++];
}

static int load_input(struct db *db, const struct summit_query *q, struct summit_plan *p)
{
	struct loader l;
	struct plan_member *mem;
	struct plan_holiday *hol;
	char a[32], b[32];
	int st;

	memset(&l, 0, sizeof(l));
	l.db = db;
	l.p = p;
	st = store_plan_member_rows(db, q->body, p->host, day_text(q->first, a), day_text(q->last, b),
				    &p->member_rows);
	if (!st)
		st = store_plan_holiday_rows(db, q->body, p->host, day_text(q->first - 1, a), day_text(q->last + 1, b),
					     &p->holiday_rows);
	if (st)
		return st;
	st = store_plan_involved_bodies(db, q->body, p->host, day_text(q->first, a), day_text(q->last, b), &l.bodies);
	if (st)
		return st;
	mem = xcalloc(p->member_rows.n ? p->member_rows.n : 1, sizeof(*mem));
	for (size_t i = 0; i < p->member_rows.n; i++) {
		const struct rows *r = &p->member_rows;
		int k = code_index(rows_get(r, i, 0));

		if (k >= 0)
			l.taking_part[k] = 1;
		snprintf(mem[i].state, sizeof(mem[i].state), "%s", rows_get(r, i, 0));
		mem[i].since = parse_days(rows_get(r, i, 1), INT64_MIN);
		mem[i].until = parse_days(rows_get(r, i, 2), INT64_MAX);
		if (!strcmp(rows_get(r, i, 0), p->host) && rows_get(r, i, 4) && !p->host_capital)
			p->host_capital = xstrdup(rows_get(r, i, 4));
	}
	hol = xcalloc(p->holiday_rows.n ? p->holiday_rows.n : 1, sizeof(*hol));
	for (size_t i = 0; i < p->holiday_rows.n; i++) {
		const struct rows *r = &p->holiday_rows;

		snprintf(hol[i].state, sizeof(hol[i].state), "%s", rows_get(r, i, 0));
		hol[i].first = parse_days(rows_get(r, i, 1), 0);
		hol[i].last = parse_days(rows_get(r, i, 2), 0);
		hol[i].name = rows_get(r, i, 3);
		hol[i].provisional = !strcmp(rows_get(r, i, 4), "1");
	}
	p->in.members = mem;
	p->in.nmembers = p->member_rows.n;
	p->in.holidays = hol;
	p->in.nholidays = p->holiday_rows.n;

	/* Meetings a week either side (and a day for zones): the weeks of the candidates. */
	l.zones.lo = q->first - 9;
	l.zones.hi = q->last + q->days + 9;
	l.from = (q->first - 8) * DAY_SECONDS;
	l.to = (q->last + q->days + 8) * DAY_SECONDS;
	st = store_plan_meetings_each(db, l.from, l.to, p->hist.placeholder, on_meeting, &l);
	if (!st && l.nev > 1) {
		struct plan_event *tmp = xmalloc(l.nev / 2 * sizeof(*tmp));

		sort_events(l.ev, tmp, l.nev, p->meetings);
		free(tmp);
	}
	p->in.events = l.ev;
	p->in.nevents = l.nev;
	rows_free(&l.bodies);
	zones_free(&l.zones);
	return st;
}

/* ---- the candidates for a person ---- */

static const char *const wday[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* "2026-05-27", or "2026-05-27 – 2026-05-29"; with weekdays when wd. */
static void span_text(struct strbuf *sb, int64_t first, int64_t last, int wd)
{
	char a[32], b[32];

	if (wd)
		sb_addf(sb, "%s ", wday[weekday_of_days(first)]);
	sb_puts(sb, day_text(first, a));
	if (last != first) {
		sb_puts(sb, " – ");
		if (wd)
			sb_addf(sb, "%s ", wday[weekday_of_days(last)]);
		sb_puts(sb, day_text(last, b));
	}
}

/* "KG, KZ" from "KG,KZ" */
static void states_text(struct strbuf *sb, const char *states)
{
	for (const char *s = states; s && *s; s++) {
		if (*s == ',')
			sb_puts(sb, ", ");
		else
			sb_add(sb, s, 1);
	}
}

/* A reason as a person reads it, without its penalty. The caller frees. */
static char *reason_text(const struct summit_plan *p, const struct plan_candidate *c, const struct plan_reason *r)
{
	struct strbuf sb = STRBUF_INIT;
	const struct summit_meeting *m;

	switch (r->kind) {
	case PR_WEEKEND:
		sb_puts(&sb, "weekend: ");
		span_text(&sb, r->first, r->last, 1);
		break;
	case PR_PROVISIONAL:
		sb_addf(&sb, "provisional holiday '%s' of ", r->name);
		states_text(&sb, r->states);
		sb_puts(&sb, " on ");
		span_text(&sb, r->first, r->last, 0);
		break;
	case PR_RAMADAN:
		sb_puts(&sb, "Ramadan in ");
		states_text(&sb, r->states);
		sb_puts(&sb, " on ");
		span_text(&sb, r->first, r->last, 0);
		break;
	case PR_ADJACENT:
		sb_addf(&sb, "holiday the day %s (travel): '%s' of ", r->first < c->start ? "before" : "after", r->name);
		states_text(&sb, r->states);
		sb_puts(&sb, " on ");
		span_text(&sb, r->first, r->last, 0);
		break;
	case PR_MEETING:
		m = &p->meetings[r->ref];
		sb_addf(&sb, "meeting the same week: %s '%s'", m->body, m->title ? m->title : "?");
		if (m->host[0])
			sb_addf(&sb, " hosted by %s", m->host);
		sb_puts(&sb, " on ");
		span_text(&sb, m->first, m->last, 0);
		break;
	case PR_MORE_MEETINGS:
		sb_addf(&sb, "%zu more meeting%s the same week, not counted", r->count, r->count == 1 ? "" : "s");
		break;
	}
	return sb_detach(&sb);
}

/* Reads the title of a meeting the planner names. */
static int load_title(struct db *db, struct summit_meeting *m)
{
	if (!m->title)
		m->title = store_meeting_title(db, m->id);
	return m->title ? 0 : ST_FAIL;
}

/* The reasons' texts (the meetings' titles read) and the opening session in each member's capital. */
static int describe(struct db *db, struct summit_plan *p)
{
	const struct rows *mr = &p->member_rows;
	const char **zone;
	char (*code)[3];
	size_t n = 0;
	int st = 0;

	p->why = xcalloc(p->res.n ? p->res.n : 1, sizeof(*p->why));
	for (size_t i = 0; i < p->res.n; i++) {
		const struct plan_candidate *c = &p->res.c[i];

		p->why[i] = xcalloc(c->nreasons ? c->nreasons : 1, sizeof(char *));
		for (size_t k = 0; k < c->nreasons; k++) {
			if (c->reasons[k].kind == PR_MEETING && !st)
				st = load_title(db, &p->meetings[c->reasons[k].ref]);
			p->why[i][k] = reason_text(p, c, &c->reasons[k]);
		}
	}
	/* Each state once (the rows are by state). */
	zone = xcalloc(mr->n ? mr->n : 1, sizeof(*zone));
	code = xcalloc(mr->n ? mr->n : 1, sizeof(*code));
	for (size_t i = 0; i < mr->n; i++) {
		if (n && !strcmp(code[n - 1], rows_get(mr, i, 0)))
			continue;
		snprintf(code[n], 3, "%s", rows_get(mr, i, 0));
		zone[n++] = rows_get(mr, i, 3);
	}
	p->nlocal = n;
	p->local = xcalloc(p->res.n ? p->res.n : 1, sizeof(*p->local));
	for (size_t i = 0; i < p->res.n && !st; i++) {
		struct civil c = { 0, 0, 0, p->at_h, p->at_m, 0 };
		int64_t t;

		civil_from_days(p->res.c[i].start, &c.y, &c.mo, &c.d);
		p->local[i] = xcalloc(n ? n : 1, sizeof(**p->local));
		st = ics_local_to_utc(&c, p->host_tz, &t);
		for (size_t k = 0; k < n && !st; k++) {
			struct civil lc;
			struct summit_local *sl = &p->local[i][k];

			st = ics_utc_to_local(t, zone[k], &lc, NULL);
			if (st)
				break;
			memcpy(sl->state, code[k], 3);
			snprintf(sl->hhmm, sizeof(sl->hhmm), "%02d:%02d", lc.h, lc.mi);
			sl->shift = (int)(days_from_civil(lc.y, lc.mo, lc.d) - p->res.c[i].start);
		}
	}
	free(zone);
	free(code);
	return st;
}

int summit_plan(struct db *db, const struct summit_query *q, struct summit_plan *p)
{
	int st;

	memset(p, 0, sizeof(*p));
	snprintf(p->body, sizeof(p->body), "%s", q->body);
	p->first = q->first;
	p->last = q->last;
	p->days = q->days;
	p->at_h = q->at_h;
	p->at_m = q->at_m;
	p->gap_months = q->gap_months;
	p->gap_days = q->gap_days;
	st = store_require_body(db, q->body, &p->body_name);
	if (!st)
		st = store_summit_history(db, q->body, q->today * DAY_SECONDS, &p->hist);
	if (!st)
		st = find_host(db, q, p);
	if (st)
		return st;
	p->ordinal = p->hist.next_ordinal;
	/* No summit before tomorrow, nor closer than the gap to the previous one. */
	p->gap_end = INT64_MIN;
	if (p->hist.prev && (q->gap_months || q->gap_days))
		p->gap_end = add_months(p->hist.prev_last, q->gap_months) + q->gap_days;
	p->earliest = p->gap_end > q->today + 1 ? p->gap_end : q->today + 1;
	st = load_input(db, q, p);
	if (st)
		return st;
	p->in.first = q->first;
	p->in.last = q->last;
	p->in.days = q->days;
	p->in.earliest = p->earliest;
	p->in.top = q->top;
	if (plan_rank(&p->in, &p->res))
		return error(ST_INVALID, "the window of %lld days is longer than %d days",
			     (long long)(q->last - q->first + 1), PLAN_MAX_DAYS);
	return describe(db, p);
}

void summit_plan_free(struct summit_plan *p)
{
	for (size_t i = 0; p->why && i < p->res.n; i++) {
		for (size_t k = 0; k < p->res.c[i].nreasons; k++)
			free(p->why[i][k]);
		free(p->why[i]);
	}
	free(p->why);
	for (size_t i = 0; p->local && i < p->res.n; i++)
		free(p->local[i]);
	free(p->local);
	plan_result_free(&p->res);
	for (size_t i = 0; i < p->nmeetings; i++)
		free(p->meetings[i].title);
	free(p->meetings);
	free((void *)p->in.members);
	free((void *)p->in.holidays);
	free((void *)p->in.events);
	rows_free(&p->member_rows);
	rows_free(&p->holiday_rows);
	free(p->body_name);
	free(p->host_tz);
	free(p->host_capital);
	memset(p, 0, sizeof(*p));
}

/* ---- writing the summit ---- */

/* "6 months", "1 year", "182 days", "1 year and 10 days" */
static void gap_text(struct strbuf *sb, int months, int64_t days)
{
	if (months % 12 == 0 && months)
		sb_addf(sb, "%d year%s", months / 12, months == 12 ? "" : "s");
	else if (months)
		sb_addf(sb, "%d month%s", months, months == 1 ? "" : "s");
	if (months && days)
		sb_puts(sb, " and ");
	if (days)
		sb_addf(sb, "%lld day%s", (long long)days, days == 1 ? "" : "s");
}

/* Why a day the planner excludes is refused. */
static int refuse(struct db *db, struct summit_plan *p, const struct summit_query *q, int64_t day,
		  enum plan_hard why, size_t which)
{
	struct strbuf sb = STRBUF_INIT;
	char a[32], b[32], ord[24];
	int st;

	sb_addf(&sb, "cannot plan %s on %s: ", p->body, day_text(day, a));
	switch (why) {
	case PH_EARLY:
		if (day <= q->today) {
			sb_addf(&sb, "the day is not after today (%s)", day_text(q->today, b));
		} else {
			sb_puts(&sb, "closer than ");
			gap_text(&sb, p->gap_months, p->gap_days);
			sb_addf(&sb, " to the %s summit (%s); the earliest is %s",
				p->hist.prev_ordinal ? fmt_ordinal(p->hist.prev_ordinal, ord) : "previous",
				day_text(p->hist.prev_last, b), day_text(p->earliest, a));
		}
		break;
	case PH_HOLIDAY: {
		const struct plan_holiday *h = &p->in.holidays[which];

		sb_addf(&sb, "a public holiday of %s ('%s', ", h->state, h->name);
		span_text(&sb, h->first, h->last, 0);
		sb_puts(&sb, ")");
		break;
	}
	case PH_MEETING: {
		struct summit_meeting *m = &p->meetings[p->in.events[which].ref];

		load_title(db, m);
		sb_addf(&sb, "meeting %lld of %s ('%s'", (long long)m->id, m->body, m->title ? m->title : "?");
		if (m->host[0])
			sb_addf(&sb, ", hosted by %s", m->host);
		sb_puts(&sb, ") on ");
		span_text(&sb, m->first, m->last, 0);
		break;
	}
	case PH_WINDOW:
	case PH_OK:
		break;
	}
	sb_puts(&sb, "; --force plans it anyway");
	st = error(ST_CONFLICT, "%s", sb.buf);
	sb_release(&sb);
	return st;
}

static int add_deadlines(struct db *db, const struct summit_plan *p, int64_t id)
{
	struct rows r = { 0, 0, NULL };
	int st = store_template_rows(db, &r);

	for (size_t i = 0; !st && i < r.n; i++) {
		const char *name = rows_get(&r, i, 0), *owner = rows_get(&r, i, 2);
		int64_t before = parse_days(rows_get(&r, i, 1), 0), dl;
		const char *who = !strcmp(owner, "host") ? p->host
			: !strcmp(owner, "state") ? rows_get(&r, i, 3)
			: p->has_term ? p->term.holder : p->host;
		int have = store_deadline_titled(db, id, name);

		if (have < 0)
			st = -have;
		else if (!have)
			st = store_deadline_add(db, id, name, 0, 0, before, who, &dl);
	}
	rows_free(&r);
	return st;
}

int summit_commit(struct db *db, const struct summit_query *q, int64_t day, int force, int64_t *id)
{
	struct summit_query cq = *q;
	struct summit_plan p;
	struct meeting m, old, nw;
	enum plan_hard why;
	size_t which = 0;
	char ord[24], a[32];
	int st;

	memset(&m, 0, sizeof(m));
	memset(&old, 0, sizeof(old));
	memset(&nw, 0, sizeof(nw));
	cq.first = day;
	cq.last = day + q->days - 1;
	cq.top = 1;
	st = db_begin(db);
	if (st)
		return st;
	st = summit_plan(db, &cq, &p);
	if (st)
		goto out;
	why = plan_check(&p.in, day, &which);
	if (why != PH_OK && !force) {
		st = refuse(db, &p, q, day, why, which);
		goto out;
	}
	m.uid = new_uid();
	m.body = xstrdup(p.body);
	m.ordinal = p.ordinal;
	m.kind = xstrdup("regular");
	m.title = xasprintf("%s %s", fmt_ordinal(p.ordinal, ord), p.body_name);
	m.host = xstrdup(p.host);
	m.tz = xstrdup(p.host_tz);
	m.start = day * DAY_SECONDS;
	m.end = (day + q->days) * DAY_SECONDS;
	m.all_day = 1;
	m.status = xstrdup("planned");
	m.series_end = m.end;
	m.series_finite = 1;
	m.created = m.updated = now();
	st = store_meeting_insert(db, &m);
	if (!st && p.hist.placeholder) {
		/* The placeholder gives way: cancelled, its history kept. */
		st = store_meeting_get(db, p.hist.placeholder, &old);
		if (!st) {
			char *reason = xasprintf("replaced by meeting %lld, planned for %s", (long long)m.id,
						 day_text(day, a));

			meeting_copy(&nw, &old);
			free(nw.status);
			nw.status = xstrdup("cancelled");
			st = store_meeting_update(db, &old, &nw, reason, now());
			free(reason);
		}
	}
	if (!st)
		st = add_deadlines(db, &p, m.id);
	if (!st)
		*id = m.id;
out:
	if (st)
		db_rollback(db);
	else
		st = db_commit(db);
	summit_plan_free(&p);
	meeting_clear(&m);
	meeting_clear(&old);
	meeting_clear(&nw);
	return st;
}

/* ---- clashes ---- */

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/*
 * The states an occurrence involves: its host and its body's full members
 * on its first day, sorted, "KG,KZ"; NULL when none. The caller frees.
 */
static char *involved(const struct rows *ms, const char *body, const char *host, int64_t day)
{
	char (*codes)[3] = xcalloc(ms->n + 2, sizeof(*codes));
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	if (host)
		snprintf(codes[n++], 3, "%s", host);
	for (size_t i = 0; i < ms->n; i++) {
		if (strcmp(rows_get(ms, i, 0), body) || parse_days(rows_get(ms, i, 2), INT64_MIN) > day ||
		    parse_days(rows_get(ms, i, 3), INT64_MAX) <= day)
			continue;
		snprintf(codes[n++], 3, "%s", rows_get(ms, i, 1));
	}
	qsort(codes, n, sizeof(*codes), cmp_code);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(codes[i], codes[i - 1]))
			sb_addf(&sb, "%s%s", sb.len ? "," : "", codes[i]);
	free(codes);
	return sb.len ? sb_detach(&sb) : NULL;
}

int summit_conflicts(struct db *db, int64_t first, int64_t last, const char *zone, struct conflict_report *r)
{
	struct agenda a;
	struct rows ms;
	struct conflict_occ *co = NULL;
	struct conflict_hit *hits = NULL;
	struct plan_holiday *hol = NULL;
	char **states = NULL, d1[32], d2[32];
	size_t nhits = 0;
	int64_t lo = first, hi = last;
	int st;

	memset(r, 0, sizeof(*r));
	r->first = first;
	r->last = last;
	st = agenda_build(db, NULL, zone, first * DAY_SECONDS, last * DAY_SECONDS, &a);
	if (st)
		return st;
	st = store_full_membership_rows(db, &ms);
	if (st) {
		agenda_free(&a);
		return st;
	}
	r->occ = xcalloc(a.n ? a.n : 1, sizeof(*r->occ));
	co = xcalloc(a.n ? a.n : 1, sizeof(*co));
	states = xcalloc(a.n ? a.n : 1, sizeof(*states));
	for (size_t i = 0; i < a.n && !st; i++) {
		const struct occurrence *o = &a.occ[i];
		const struct meeting *m = o->m;
		struct summit_meeting *sm = &r->occ[r->nocc];
		struct conflict_occ *c = &co[r->nocc];

		if (!strcmp(m->status, "cancelled") || !strcmp(m->status, "postponed"))
			continue;
		sm->id = m->id;
		sm->all_day = m->all_day;
		sm->start = o->start;
		sm->end = o->end;
		if (m->all_day) {
			struct civil day;

			sm->first = o->start / DAY_SECONDS;
			sm->last = o->end > o->start ? o->end / DAY_SECONDS - 1 : sm->first;
			/* The dates in the meeting's own zone, as instants. */
			utc_as_civil(sm->first * DAY_SECONDS, &day);
			st = ics_local_to_utc(&day, m->tz, &c->start);
			utc_as_civil((sm->last + 1) * DAY_SECONDS, &day);
			if (!st)
				st = ics_local_to_utc(&day, m->tz, &c->end);
		} else {
			struct civil lc;

			c->start = o->start;
			c->end = o->end;
			st = ics_utc_to_local(o->start, m->tz, &lc, NULL);
			sm->first = days_from_civil(lc.y, lc.mo, lc.d);
			if (!st)
				st = ics_utc_to_local(o->end > o->start ? o->end - 1 : o->start, m->tz, &lc, NULL);
			sm->last = days_from_civil(lc.y, lc.mo, lc.d);
		}
		if (st)
			break;
		snprintf(sm->body, sizeof(sm->body), "%s", m->body);
		snprintf(sm->host, sizeof(sm->host), "%s", m->host ? m->host : "");
		sm->title = xstrdup(m->title);
		c->first = sm->first;
		c->last = sm->last;
		c->id = m->id;
		c->host = sm->host[0] ? sm->host : NULL;
		states[r->nocc] = involved(&ms, m->body, m->host, sm->first);
		c->states = states[r->nocc];
		lo = sm->first < lo ? sm->first : lo;
		hi = sm->last > hi ? sm->last : hi;
		r->nocc++;
	}
	rows_free(&ms);
	agenda_free(&a);
	if (!st)
		conflict_pairs(co, r->nocc, &r->pairs, &r->npairs);
	if (!st)
		st = store_plan_holiday_rows(db, NULL, NULL, day_text(lo, d1), day_text(hi, d2), &r->holiday_rows);
	if (!st) {
		const struct rows *hr = &r->holiday_rows;

		hol = xcalloc(hr->n ? hr->n : 1, sizeof(*hol));
		for (size_t i = 0; i < hr->n; i++) {
			snprintf(hol[i].state, sizeof(hol[i].state), "%s", rows_get(hr, i, 0));
			hol[i].first = parse_days(rows_get(hr, i, 1), 0);
			hol[i].last = parse_days(rows_get(hr, i, 2), 0);
			hol[i].name = rows_get(hr, i, 3);
			hol[i].provisional = !strcmp(rows_get(hr, i, 4), "1");
		}
		conflict_holidays(co, r->nocc, hol, hr->n, &hits, &nhits);
		r->hits = xcalloc(nhits ? nhits : 1, sizeof(*r->hits));
		for (size_t i = 0; i < nhits; i++) {
			const struct plan_holiday *h = &hol[hits[i].holiday];

			r->hits[i].occ = hits[i].occ;
			memcpy(r->hits[i].state, h->state, 3);
			r->hits[i].name = h->name;
			r->hits[i].first = h->first;
			r->hits[i].last = h->last;
			r->hits[i].provisional = h->provisional;
		}
		r->nhits = nhits;
	}
	for (size_t i = 0; i < r->nocc; i++)
		free(states[i]);
	free(states);
	free(co);
	free(hol);
	free(hits);
	if (st)
		conflict_report_free(r);
	return st;
}

void conflict_report_free(struct conflict_report *r)
{
	for (size_t i = 0; i < r->nocc; i++)
		free(r->occ[i].title);
	free(r->occ);
	conflict_pairs_free(r->pairs, r->npairs);
	free(r->hits);
	rows_free(&r->holiday_rows);
	memset(r, 0, sizeof(*r));
}
