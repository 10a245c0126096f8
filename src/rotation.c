#include "rotation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeutil.h"
#include "util.h"
#include "banned.h"

#define MAX_TERMS 20000
#define MAX_ORDER 256

const char *why_word(enum why w)
{
	static const char *const words[] = {
		"order", "insertion", "appended", "removal", "swap", "skip", "extension",
		"postponement", "moved", "record", "summit", "follow",
	};

	return words[w];
}

int64_t add_months(int64_t day, int months)
{
	int y, m, d, dim;
	int64_t total;

	civil_from_days(day, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	dim = days_in_month(y, m);
	return days_from_civil(y, m, d > dim ? dim : d);
}

/* The live state of a rotation as the terms are generated. */
struct gen {
	char order[MAX_ORDER][3];
	size_t n;
	long last;                    /* index of the last natural holder; the next is the one after */
	char removed[MAX_ORDER][3];   /* explicitly removed: not re-appended */
	size_t nremoved;
	char skip[MAX_ORDER][3];      /* pending skips */
	size_t nskip;
	struct { char a[3], b[3]; int phase; } swap[16];
	size_t nswap;
	struct { char state[3]; enum why why; char note[96]; } fresh[MAX_ORDER]; /* first turn still to come */
	size_t nfresh;
	enum why pending_why;         /* the why of the next natural term */
	char pending_note[128];
};

static long find_in(char (*list)[3], size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return (long)i;
	return -1;
}

static void del_at(char (*list)[3], size_t *n, size_t i)
{
	memmove(list[i], list[i + 1], (*n - i - 1) * sizeof(list[0]));
	(*n)--;
}

/* The reason of a state's next turn (its first after a change), replacing an earlier one. */
static void mark_fresh(struct gen *g, const char *s, enum why w, const char *note)
{
	size_t i;

	for (i = 0; i < g->nfresh && strcmp(g->fresh[i].state, s); i++)
		;
	if (i == g->nfresh) {
		if (g->nfresh >= MAX_ORDER)
			return;
		g->nfresh++;
	}
	memcpy(g->fresh[i].state, s, 3);
	g->fresh[i].why = w;
	snprintf(g->fresh[i].note, sizeof(g->fresh[i].note), "%s", note);
}

/* Inserts s at index i, keeping the next natural holder where it was. */
static void insert_at(struct gen *g, size_t i, const char *s)
{
	if (g->n >= MAX_ORDER)
		return;
	memmove(g->order[i + 1], g->order[i], (g->n - i) * sizeof(g->order[0]));
	memcpy(g->order[i], s, 3);
	g->n++;
	if ((long)i <= g->last)
		g->last++;
}

static size_t next_index(const struct gen *g)
{
	return (size_t)(g->last + 1) % g->n;
}

static void remove_state(struct gen *g, const char *s)
{
	long i = find_in(g->order, g->n, s);

	if (i < 0)
		return;
	del_at(g->order, &g->n, (size_t)i);
	if (i <= g->last)
		g->last--;
}

static void apply_event(struct gen *g, const struct rot_event *e)
{
	long i;

	switch (e->kind) {
	case EV_INSERT:
		i = find_in(g->removed, g->nremoved, e->state);
		if (i >= 0)
			del_at(g->removed, &g->nremoved, (size_t)i);
		if (find_in(g->order, g->n, e->state) >= 0)
			remove_state(g, e->state);
		i = e->other[0] ? find_in(g->order, g->n, e->other) : -1;
		insert_at(g, i >= 0 ? (size_t)i + 1 : g->n, e->state);
		mark_fresh(g, e->state, WHY_INSERTION, "first turn after its insertion");
		break;
	case EV_REMOVE:
		i = find_in(g->order, g->n, e->state);
		if (i >= 0 && g->n > 1) {
			/* The state after it moves into its slot, and every later one with it. */
			char note[96];

			snprintf(note, sizeof(note), "moved forward: %s left the order", e->state);
			mark_fresh(g, g->order[((size_t)i + 1) % g->n], WHY_REMOVAL, note);
		}
		/* Its pending swaps lapse; its skip too. */
		for (size_t k = 0; k < g->nswap;) {
			if (!strcmp(g->swap[k].a, e->state) || !strcmp(g->swap[k].b, e->state))
				g->swap[k] = g->swap[--g->nswap];
			else
				k++;
		}
		i = find_in(g->skip, g->nskip, e->state);
		if (i >= 0)
			del_at(g->skip, &g->nskip, (size_t)i);
		remove_state(g, e->state);
		if (find_in(g->removed, g->nremoved, e->state) < 0 && g->nremoved < MAX_ORDER)
			memcpy(g->removed[g->nremoved++], e->state, 3);
		break;
	case EV_SWAP:
		if (g->nswap < sizeof(g->swap) / sizeof(g->swap[0])) {
			memcpy(g->swap[g->nswap].a, e->state, 3);
			memcpy(g->swap[g->nswap].b, e->other, 3);
			g->swap[g->nswap++].phase = 0;
		}
		break;
	case EV_SKIP:
		if (g->nskip < MAX_ORDER)
			memcpy(g->skip[g->nskip++], e->state, 3);
		break;
	case EV_REORDER: {
		char nextstate[3] = "";

		if (g->n)
			memcpy(nextstate, g->order[next_index(g)], 3);
		g->n = 0;
		for (size_t k = 0; k < e->norder && k < MAX_ORDER; k++)
			memcpy(g->order[g->n++], e->order[k], 3);
		i = find_in(g->order, g->n, nextstate);
		g->last = (i >= 0 ? i : 0) - 1;
		break;
	}
	case EV_EXTEND:
	case EV_RECORD:
		break;
	}
}

/* Full members on `day` join the end of the order; those whose membership ended leave it. */
static void sync_members(struct gen *g, const struct rot_input *in, int64_t day)
{
	for (size_t k = 0; k < g->n;) {
		int member = 0, known = 0;

		for (size_t j = 0; j < in->nmembers; j++) {
			if (strcmp(in->members[j].state, g->order[k]))
				continue;
			known = 1;
			if (in->members[j].since <= day && day < in->members[j].until)
				member = 1;
		}
		/* A state whose full membership has ended leaves the order. */
		if (known && !member && day >= 0 && in->nmembers) {
			int later = 0;

			for (size_t j = 0; j < in->nmembers; j++)
				if (!strcmp(in->members[j].state, g->order[k]) && in->members[j].since > day)
					later = 1;
			if (!later) {
				char s[3];

				memcpy(s, g->order[k], 3);
				remove_state(g, s);
				continue;
			}
		}
		k++;
	}
	for (size_t j = 0; j < in->nmembers; j++) {
		const struct rot_member *m = &in->members[j];

		if (m->since > day || day >= m->until)
			continue;
		if (find_in(g->order, g->n, m->state) >= 0 || find_in(g->removed, g->nremoved, m->state) >= 0)
			continue;
		if (g->n >= MAX_ORDER)
			break;
		memcpy(g->order[g->n++], m->state, 3);
		mark_fresh(g, m->state, WHY_APPENDED, "a new full member, appended at the end of the order");
	}
}

/* The next natural holder, with pending skips and swaps applied. */
/* Whether state may hold the office on day: a full member then, or a state with no membership known. */
static int may_hold(const struct rot_input *in, const char *state, int64_t day)
{
	int known = 0;

	for (size_t j = 0; j < in->nmembers; j++) {
		if (strcmp(in->members[j].state, state))
			continue;
		known = 1;
		if (in->members[j].since <= day && day < in->members[j].until)
			return 1;
	}
	return !known;
}

static int pick(struct gen *g, const struct rot_input *in, int64_t day, char *holder, enum why *why, char *note,
		size_t notelen)
{
	size_t guard = 0;

	*why = g->pending_why;
	snprintf(note, notelen, "%s", g->pending_note);
	g->pending_why = WHY_ORDER;
	g->pending_note[0] = '\0';
	while (g->n && guard++ < 2 * MAX_ORDER) {
		const char *s;
		long k;

		g->last = (long)next_index(g);
		s = g->order[g->last];
		/* A state that is not a member then is passed over; it keeps its place. */
		if (!may_hold(in, s, day))
			continue;
		k = find_in(g->skip, g->nskip, s);
		if (k >= 0) {
			*why = WHY_SKIP;
			snprintf(note, notelen, "moved forward: %s's turn skipped", s);
			del_at(g->skip, &g->nskip, (size_t)k);
			continue;
		}
		for (size_t i = 0; i < g->nswap; i++) {
			const char *other = NULL;

			if (g->swap[i].phase == 0 && !strcmp(s, g->swap[i].a))
				other = g->swap[i].b;
			else if (g->swap[i].phase == 0 && !strcmp(s, g->swap[i].b))
				other = g->swap[i].a;
			if (other && !may_hold(in, other, day)) {
				/* A swap with a state that may not hold the office then lapses. */
				g->swap[i] = g->swap[--g->nswap];
				i--;
				continue;
			}
			if (other) {
				/* The first of the two to come takes the other's turn, and owes its own. */
				char o[3], self[3];

				memcpy(o, other, 3);
				memcpy(self, s, 3);
				memcpy(holder, o, 3);
				memcpy(g->swap[i].a, o, 3);
				memcpy(g->swap[i].b, self, 3);
				g->swap[i].phase = 1;
				*why = WHY_SWAP;
				snprintf(note, notelen, "%s takes %s's turn", o, self);
				return 0;
			}
			if (g->swap[i].phase == 1 && !strcmp(s, g->swap[i].a) && !may_hold(in, g->swap[i].b, day)) {
				g->swap[i] = g->swap[--g->nswap];
				break;
			}
			if (g->swap[i].phase == 1 && !strcmp(s, g->swap[i].a)) {
				memcpy(holder, g->swap[i].b, 3);
				*why = WHY_SWAP;
				snprintf(note, notelen, "%s takes %s's turn", g->swap[i].b, s);
				g->swap[i] = g->swap[--g->nswap];
				return 0;
			}
		}
		memcpy(holder, s, 3);
		for (size_t i = 0; i < g->nfresh; i++) {
			if (strcmp(g->fresh[i].state, s))
				continue;
			*why = g->fresh[i].why;
			snprintf(note, notelen, "%s", g->fresh[i].note);
			g->fresh[i] = g->fresh[--g->nfresh];
			break;
		}
		return 0;
	}
	return -1;
}

/* After a holder fixed from outside the order (a summit host, a record), the order continues from it. */
static void continue_from(struct gen *g, const char *holder)
{
	long i = find_in(g->order, g->n, holder);

	if (i >= 0)
		g->last = i;
}

static int64_t day_start(int64_t day)
{
	return day * DAY_SECONDS;
}

static const struct rot_event *record_at(const struct rot_input *in, int64_t start, int64_t end)
{
	for (size_t i = 0; i < in->nevents; i++)
		if (in->events[i].kind == EV_RECORD && in->events[i].start >= start && in->events[i].start < end)
			return &in->events[i];
	return NULL;
}

/* Extensions effective while the term [start, end) was under way lengthen it. */
static int64_t extend_end(const struct rot_input *in, int64_t start, int64_t end, int *extended, char *note,
			  size_t notelen)
{
	for (size_t i = 0; i < in->nevents; i++) {
		const struct rot_event *e = &in->events[i];

		if (e->kind != EV_EXTEND || e->effective < day_start(start) || e->effective >= day_start(end))
			continue;
		end = add_months(end, e->months) + e->days;
		*extended = 1;
		snprintf(note, notelen, "term extended by %d month(s) %lld day(s)", e->months, (long long)e->days);
	}
	return end;
}

int rotation_terms(const struct rot_input *in, int64_t until, size_t after, struct rot_term **out, size_t *n)
{
	const struct rot_office *o = in->office;
	struct gen *g = xcalloc(1, sizeof(*g));
	struct rot_term *t = NULL;
	size_t alloc = 0, applied = 0, si = 0, after_today = 0;
	int64_t cursor;
	char last_summit_host[3] = "";

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < o->norder && i < MAX_ORDER; i++)
		memcpy(g->order[g->n++], o->order[i], 3);
	g->last = (long)g->n - 1;
	if (o->rule == TERM_SUMMIT) {
		if (!in->nsummits && !g->n) {
			free(g);
			return -1;
		}
		cursor = in->nsummits ? in->summits[0].start : in->today;
	} else {
		cursor = o->start;
	}
	while (*n < MAX_TERMS) {
		struct rot_term term;
		const struct rot_event *rec;
		int extended = 0;
		char note[128] = "";

		memset(&term, 0, sizeof(term));
		term.start = cursor;
		/* Changes take effect for terms that start after they were made. */
		while (applied < in->nevents && in->events[applied].effective < day_start(cursor))
			apply_event(g, &in->events[applied++]);
		sync_members(g, in, cursor);

		if (o->rule == TERM_SUMMIT && si < in->nsummits) {
			const struct rot_summit *s = &in->summits[si++];

			term.end = s->handover;
			if (s->host[0]) {
				memcpy(term.holder, s->host, 3);
				continue_from(g, s->host);
			} else if (pick(g, in, cursor, term.holder, &term.why, note, sizeof(note))) {
				term.holder[0] = '\0'; /* no one may hold it: vacant */
			}
			term.why = WHY_SUMMIT;
			if (s->ordinal)
				snprintf(term.note, sizeof(term.note), "host of summit %lld (%s)", (long long)s->ordinal,
					 s->status);
			else if (s->host[0])
				snprintf(term.note, sizeof(term.note), "host of the summit of %s (%s)", s->host, s->status);
			else
				snprintf(term.note, sizeof(term.note), "a summit without a host (%s)%s", s->status,
					 term.holder[0] ? ": the next in order" : ", and no member to hold it: vacant");
			if (s->moved_from[0] && strcmp(s->moved_from, s->host)) {
				term.why = WHY_MOVED;
				snprintf(term.note, sizeof(term.note), "summit moved from %s to %s: the turn passed",
					 s->moved_from, s->host);
			}
			if (s->postponed && !s->held) {
				/* No date yet: the term lasts at least a cadence from today. */
				int64_t stretched = add_months(in->today, o->months) + o->days;

				term.why = WHY_POSTPONEMENT;
				snprintf(term.note, sizeof(term.note), "summit postponed: the term is stretched");
				if (term.end < stretched)
					term.end = stretched;
			}
			term.actual = s->held || term.start <= in->today;
			memcpy(last_summit_host, term.holder, 3);
		} else {
			rec = record_at(in, cursor, cursor + 1);
			if (rec) {
				memcpy(term.holder, rec->state, 3);
				continue_from(g, rec->state);
				term.why = WHY_RECORD;
				snprintf(term.note, sizeof(term.note), "recorded");
				term.actual = 1;
				term.end = rec->end > rec->start ? rec->end
					: o->rule == TERM_CALENDAR ? add_months(cursor, o->months)
					: add_months(cursor, o->months) + o->days;
			} else {
				if (pick(g, in, cursor, term.holder, &term.why, note, sizeof(note))) {
					/* Before any member could hold it (or after the last left): vacant. */
					term.holder[0] = '\0';
					snprintf(note, sizeof(note), "vacant: no member of the order could hold it");
				}
				snprintf(term.note, sizeof(term.note), "%s", note[0] ? note : "next in order");
				term.end = add_months(cursor, o->months) + (o->rule == TERM_SUMMIT ? o->days : 0);
				term.actual = term.start <= in->today;
			}
			/*
			 * A recorded handover during this term cuts it short; one during
			 * the next term means this one lasted until then.
			 */
			rec = record_at(in, cursor + 1, term.why == WHY_RECORD ? term.end
					: term.end + (term.end - term.start));
			if (rec && rec->start > term.start)
				term.end = rec->start;
			term.end = extend_end(in, term.start, term.end, &extended, note, sizeof(note));
			if (extended) {
				term.why = WHY_EXTENSION;
				snprintf(term.note, sizeof(term.note), "%s", note);
			}
		}
		if (term.end <= term.start)
			term.end = term.start + 1;
		if (*n == alloc) {
			alloc = alloc ? alloc * 2 : 32;
			t = xrealloc(t, alloc * sizeof(*t));
		}
		t[(*n)++] = term;
		if (term.start > in->today)
			after_today++;
		cursor = term.end;
		if (cursor > until && after_today >= after && (o->rule != TERM_SUMMIT || si >= in->nsummits))
			break;
	}
	free(g);
	*out = t;
	return *n ? 0 : -1;
}

void rotation_follow(const struct rot_term *t, size_t n, int k, struct rot_term **out, size_t *nout)
{
	size_t m = n > (size_t)k ? n - (size_t)k : 0;

	*out = xcalloc(m ? m : 1, sizeof(**out));
	*nout = m;
	for (size_t i = 0; i < m; i++) {
		(*out)[i] = t[i];
		memcpy((*out)[i].holder, t[i + (size_t)k].holder, 3);
		(*out)[i].why = WHY_FOLLOW;
		if (k)
			snprintf((*out)[i].note, sizeof((*out)[i].note), "follows %d place(s) ahead of the followed office", k);
		else
			snprintf((*out)[i].note, sizeof((*out)[i].note), "follows the followed office");
	}
}

long rotation_find(const struct rot_term *t, size_t n, int64_t day)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].end <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && t[lo].start <= day && day < t[lo].end)
		return (long)lo;
	return -1;
}
