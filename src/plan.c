#include "plan.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "timeutil.h"
#include "util.h"
#include "banned.h"

const struct plan_weights plan_weights_default = {
	.weekend = 20,
	.provisional = 25,
	.ramadan = 5,
	.adjacent = 10,
	.week_meeting = 10,
	.week_cap = 5,
};

const char *plan_reason_word(enum plan_reason_kind k)
{
	static const char *const words[] = { "weekend", "provisional-holiday", "ramadan", "adjacent-holiday",
		"meeting", "more-meetings" };

	return words[k];
}

int plan_is_ramadan(const char *name)
{
	static const char word[] = "ramadan";
	size_t n = sizeof(word) - 1;

	if (!name || strncasecmp(name, word, n))
		return 0;
	/* "Ramadan", "Ramadan (estimate)"; not "Ramadanbayram" */
	return !((name[n] | 0x20) >= 'a' && (name[n] | 0x20) <= 'z');
}

int plan_member_on(const struct plan_input *in, const char *state, int64_t day)
{
	for (size_t i = 0; i < in->nmembers; i++)
		if (in->members[i].since <= day && day < in->members[i].until && !strcmp(in->members[i].state, state))
			return 1;
	return 0;
}

enum plan_hard plan_check(const struct plan_input *in, int64_t start, size_t *which)
{
	int64_t end = start + in->days - 1;

	if (start < in->earliest)
		return PH_EARLY;
	if (start < in->first || end > in->last)
		return PH_WINDOW;
	for (size_t i = 0; i < in->nholidays; i++) {
		const struct plan_holiday *h = &in->holidays[i];

		if (h->provisional || h->last < start || h->first > end)
			continue;
		for (int64_t d = h->first > start ? h->first : start; d <= h->last && d <= end; d++)
			if (plan_member_on(in, h->state, d)) {
				if (which)
					*which = i;
				return PH_HOLIDAY;
			}
	}
	for (size_t i = 0; i < in->nevents; i++) {
		const struct plan_event *e = &in->events[i];

		if (e->involves && e->first <= end && e->last >= start) {
			if (which)
				*which = i;
			return PH_MEETING;
		}
	}
	return PH_OK;
}

/* ---- ranking: per-day tables, then every start day in turn ---- */

/* Lists of indices per slot (a day or a week), in compressed rows. */
struct lists {
	size_t *start;          /* nslots + 1 offsets into idx */
	size_t *idx;
};

struct ctx {
	const struct plan_input *in;
	const struct plan_weights *w;
	int64_t lo, hi;         /* the days the tables cover */
	int64_t monday;         /* the Monday of lo's week */
	unsigned char *hard;    /* per day: PH_HOLIDAY, PH_MEETING or 0 */
	struct lists hol;       /* per day: the holidays on it */
	struct lists wk;        /* per week: the events touching it */
	size_t *stamp;          /* per event: the last candidate that counted it, plus one */
	size_t tick;
	size_t *seen;           /* the events of one candidate's weeks */
};

static void lists_free(struct lists *l)
{
	free(l->start);
	free(l->idx);
}

/* Builds rows for nslots slots: item i covers slots [a_i, b_i] given by span(). */
static void lists_build(struct lists *l, size_t nslots, size_t nitems, const void *arg,
			int (*span)(const void *arg, size_t i, int64_t *a, int64_t *b))
{
	size_t total = 0, *fill;
	int64_t a, b;

	l->start = xcalloc(nslots + 1, sizeof(size_t));
	for (size_t i = 0; i < nitems; i++)
		if (span(arg, i, &a, &b))
			for (int64_t s = a; s <= b; s++)
				l->start[s + 1]++;
	for (size_t s = 0; s < nslots; s++)
		l->start[s + 1] += l->start[s];
	total = l->start[nslots];
	l->idx = xcalloc(total ? total : 1, sizeof(size_t));
	fill = xcalloc(nslots ? nslots : 1, sizeof(size_t));
	for (size_t i = 0; i < nitems; i++)
		if (span(arg, i, &a, &b))
			for (int64_t s = a; s <= b; s++)
				l->idx[l->start[s] + fill[s]++] = i;
	free(fill);
}

/* The slots (days from lo) a holiday covers, clipped; 0 when none. */
static int holiday_span(const void *arg, size_t i, int64_t *a, int64_t *b)
{
	const struct ctx *c = arg;
	const struct plan_holiday *h = &c->in->holidays[i];

	*a = (h->first > c->lo ? h->first : c->lo) - c->lo;
	*b = (h->last < c->hi ? h->last : c->hi) - c->lo;
	return *a <= *b;
}

/* The weeks (from monday) an event touches, clipped; 0 when none. */
static int event_span(const void *arg, size_t i, int64_t *a, int64_t *b)
{
	const struct ctx *c = arg;
	const struct plan_event *e = &c->in->events[i];
	int64_t f = e->first > c->lo ? e->first : c->lo, l = e->last < c->hi ? e->last : c->hi;

	if (f > l)
		return 0;
	*a = (f - c->monday) / 7;
	*b = (l - c->monday) / 7;
	return 1;
}

static void ctx_free(struct ctx *c)
{
	free(c->hard);
	lists_free(&c->hol);
	lists_free(&c->wk);
	free(c->stamp);
	free(c->seen);
}

static void ctx_init(struct ctx *c, const struct plan_input *in)
{
	size_t ndays, nweeks;

	memset(c, 0, sizeof(*c));
	c->in = in;
	c->w = in->weights ? in->weights : &plan_weights_default;
	/* A day either side for travel, a week either side for the weeks. */
	c->lo = in->first - 7;
	c->hi = in->last + 7;
	c->monday = c->lo - weekday_of_days(c->lo);
	ndays = (size_t)(c->hi - c->lo + 1);
	nweeks = (size_t)((c->hi - c->monday) / 7 + 1);
	c->hard = xcalloc(ndays, 1);
	for (size_t i = 0; i < in->nholidays; i++) {
		const struct plan_holiday *h = &in->holidays[i];

		if (h->provisional)
			continue;
		for (int64_t d = h->first > c->lo ? h->first : c->lo; d <= h->last && d <= c->hi; d++)
			if (!c->hard[d - c->lo] && plan_member_on(in, h->state, d))
				c->hard[d - c->lo] = PH_HOLIDAY;
	}
	for (size_t i = 0; i < in->nevents; i++) {
		const struct plan_event *e = &in->events[i];

		if (!e->involves)
			continue;
		for (int64_t d = e->first > c->lo ? e->first : c->lo; d <= e->last && d <= c->hi; d++)
			if (!c->hard[d - c->lo])
				c->hard[d - c->lo] = PH_MEETING;
	}
	lists_build(&c->hol, ndays, in->nholidays, c, holiday_span);
	lists_build(&c->wk, nweeks, in->nevents, c, event_span);
	c->stamp = xcalloc(in->nevents ? in->nevents : 1, sizeof(size_t));
	c->seen = xcalloc(in->nevents ? in->nevents : 1, sizeof(size_t));
}

/* Adds to the reason of the same kind and name (or event), made when missing. */
static void add_reason(struct plan_candidate *cand, enum plan_reason_kind kind, const char *name, size_t ref,
		       const char *state, int64_t day, int penalty)
{
	struct plan_reason *r = NULL;

	for (size_t i = 0; i < cand->nreasons && !r; i++) {
		struct plan_reason *x = &cand->reasons[i];

		/* Each meeting is a reason of its own. */
		if (x->kind != kind || kind == PR_MEETING)
			continue;
		if ((!name && !x->name) || (name && x->name && !strcmp(name, x->name)))
			r = x;
	}
	if (!r) {
		cand->reasons = xrealloc(cand->reasons, (cand->nreasons + 1) * sizeof(*cand->reasons));
		r = &cand->reasons[cand->nreasons++];
		memset(r, 0, sizeof(*r));
		r->kind = kind;
		r->name = name;
		r->ref = ref;
		r->first = r->last = day;
	}
	if (day < r->first)
		r->first = day;
	if (day > r->last)
		r->last = day;
	r->penalty += penalty;
	if (state) {
		/* The states, once each, in the order met. */
		const char *p = r->states;
		int have = 0;

		for (; p && *p && !have; p += p[2] ? 3 : 2)
			have = !strncmp(p, state, 2);
		if (!have) {
			char *s = r->states ? xasprintf("%s,%s", r->states, state) : xstrdup(state);

			free(r->states);
			r->states = s;
		}
	}
}

static int cmp_seen(const void *a, const void *b, void *arg)
{
	const struct plan_event *ev = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (ev[x].first != ev[y].first)
		return ev[x].first < ev[y].first ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * The score of a start day that breaks no hard constraint; with cand,
 * also the reasons, added to cand.
 */
static int evaluate(struct ctx *c, int64_t s, struct plan_candidate *cand)
{
	const struct plan_input *in = c->in;
	const struct plan_weights *w = c->w;
	int64_t e = s + in->days - 1;
	int penalty = 0;
	size_t nseen = 0;

	for (int64_t d = s; d <= e; d++) {
		const struct lists *l = &c->hol;
		size_t slot = (size_t)(d - c->lo);

		if (weekday_of_days(d) >= 5) {
			penalty += w->weekend;
			if (cand)
				add_reason(cand, PR_WEEKEND, NULL, 0, NULL, d, w->weekend);
		}
		for (size_t k = l->start[slot]; k < l->start[slot + 1]; k++) {
			const struct plan_holiday *h = &in->holidays[l->idx[k]];
			int ram;

			if (!h->provisional || !plan_member_on(in, h->state, d))
				continue;
			ram = plan_is_ramadan(h->name);
			penalty += ram ? w->ramadan : w->provisional;
			if (cand)
				add_reason(cand, ram ? PR_RAMADAN : PR_PROVISIONAL, h->name, 0, h->state, d,
					   ram ? w->ramadan : w->provisional);
		}
	}
	/* Travel: a holiday on the day before or after, not one the summit is on. */
	for (int side = 0; side < 2; side++) {
		int64_t d = side ? e + 1 : s - 1;
		size_t slot = (size_t)(d - c->lo);

		for (size_t k = c->hol.start[slot]; k < c->hol.start[slot + 1]; k++) {
			const struct plan_holiday *h = &in->holidays[c->hol.idx[k]];

			if (plan_is_ramadan(h->name) || (h->first <= e && h->last >= s) ||
			    !plan_member_on(in, h->state, d))
				continue;
			penalty += w->adjacent;
			if (cand)
				add_reason(cand, PR_ADJACENT, h->name, 0, h->state, d, w->adjacent);
		}
	}
	/* Meetings in the same weeks, each once. */
	c->tick++;
	for (int64_t wk = (s - c->monday) / 7; wk <= (e - c->monday) / 7; wk++) {
		for (size_t k = c->wk.start[wk]; k < c->wk.start[wk + 1]; k++) {
			size_t i = c->wk.idx[k];

			if (c->stamp[i] == c->tick)
				continue;
			c->stamp[i] = c->tick;
			c->seen[nseen++] = i;
		}
	}
	penalty += (int)(nseen < (size_t)w->week_cap ? nseen : (size_t)w->week_cap) * w->week_meeting;
	if (cand && nseen) {
		size_t counted = nseen < (size_t)w->week_cap ? nseen : (size_t)w->week_cap;

		qsort_r(c->seen, nseen, sizeof(size_t), cmp_seen, (void *)in->events);
		for (size_t k = 0; k < counted; k++) {
			const struct plan_event *ev = &in->events[c->seen[k]];

			add_reason(cand, PR_MEETING, NULL, ev->ref, NULL, ev->first, w->week_meeting);
			cand->reasons[cand->nreasons - 1].last = ev->last;
		}
		if (nseen > counted) {
			add_reason(cand, PR_MORE_MEETINGS, NULL, 0, NULL, s, 0);
			cand->reasons[cand->nreasons - 1].last = e;
			cand->reasons[cand->nreasons - 1].count = nseen - counted;
		}
	}
	return PLAN_BASE - penalty;
}

struct scored {
	int64_t start;
	int score;
};

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

int plan_rank(const struct plan_input *in, struct plan_result *out)
{
	struct ctx c;
	struct scored *all;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	if (in->days < 1 || in->last < in->first || in->last - in->first >= PLAN_MAX_DAYS)
		return -1;
	ctx_init(&c, in);
	all = xcalloc((size_t)(in->last - in->first + 1), sizeof(*all));
	for (int64_t s = in->first; s <= in->last; s++) {
		int64_t e = s + in->days - 1;
		enum plan_hard why = PH_OK;

		out->considered++;
		if (s < in->earliest)
			why = PH_EARLY;
		else if (e > in->last)
			why = PH_WINDOW;
		for (int64_t d = s; !why && d <= e; d++)
			why = (enum plan_hard)c.hard[d - c.lo];
		if (why) {
			out->excluded[why]++;
			continue;
		}
		all[n].start = s;
		all[n++].score = evaluate(&c, s, NULL);
	}
	qsort(all, n, sizeof(*all), cmp_scored);
	out->n = n < in->top ? n : in->top;
	out->c = xcalloc(out->n ? out->n : 1, sizeof(*out->c));
	for (size_t i = 0; i < out->n; i++) {
		struct plan_candidate *cand = &out->c[i];

		cand->start = all[i].start;
		cand->last = all[i].start + in->days - 1;
		cand->score = evaluate(&c, cand->start, cand);
	}
	free(all);
	ctx_free(&c);
	return 0;
}

void plan_result_free(struct plan_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		for (size_t k = 0; k < r->c[i].nreasons; k++)
			free(r->c[i].reasons[k].states);
		free(r->c[i].reasons);
	}
	free(r->c);
	memset(r, 0, sizeof(*r));
}
