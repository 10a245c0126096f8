#include "agenda.h"

#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

struct collect {
	struct agenda *a;
	const struct meeting *m;
	size_t alloc;
	int64_t from, to;       /* the window for this meeting's kind */
	const char *zone;
};

static int add_occ(void *arg, int64_t start, int64_t end)
{
	struct collect *c = arg;
	struct agenda *a = c->a;
	struct occurrence *o;

	if (start >= c->to || (end <= c->from && !(end == start && start >= c->from)))
		return 0;
	if (a->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 64;
		a->occ = xrealloc(a->occ, c->alloc * sizeof(*a->occ));
	}
	o = &a->occ[a->n++];
	o->m = c->m;
	o->start = start;
	o->end = end;
	o->key = start;
	if (c->m->all_day) {
		struct civil day;

		utc_as_civil(start, &day);
		if (ics_local_to_utc(&day, c->zone, &o->key))
			o->key = start;
	}
	return 0;
}

/* Whether occurrence a comes before b: by key, dates before times, then by meeting id. */
static inline int occ_before(const struct occurrence *a, const struct occurrence *b)
{
	if (a->key != b->key)
		return a->key < b->key;
	if (a->m->all_day != b->m->all_day)
		return a->m->all_day > b->m->all_day;
	return a->m->id < b->m->id;
}

/*
 * Sorts o[0..n) stably with tmp (room for n) as scratch: a merge sort
 * whose comparison is inlined, several times faster than qsort() on the
 * thousands of occurrences of a large agenda.
 */
static void sort_occ(struct occurrence *o, struct occurrence *tmp, size_t n)
{
	size_t mid, i, j, k;

	if (n <= 12) {
		for (i = 1; i < n; i++) {
			struct occurrence x = o[i];

			for (j = i; j > 0 && occ_before(&x, &o[j - 1]); j--)
				o[j] = o[j - 1];
			o[j] = x;
		}
		return;
	}
	mid = n / 2;
	sort_occ(o, tmp, mid);
	sort_occ(o + mid, tmp, n - mid);
	if (!occ_before(&o[mid], &o[mid - 1]))
		return;                 /* already in order, as one meeting's occurrences are */
	memcpy(tmp, o, mid * sizeof(*o));
	i = 0, j = mid, k = 0;
	while (i < mid && j < n)
		o[k++] = occ_before(&o[j], &tmp[i]) ? o[j++] : tmp[i++];
	while (i < mid)
		o[k++] = tmp[i++];
}

int agenda_build(struct db *db, const char *body, const char *zone, int64_t first, int64_t last,
		 struct agenda *a)
{
	struct meeting_filter f = { body, NULL, 0, 0, 0, 0 };
	struct collect c;
	struct civil day;
	int64_t tfrom, tto;
	int st;

	memset(a, 0, sizeof(*a));
	utc_as_civil(first, &day);
	st = ics_local_to_utc(&day, zone, &tfrom);
	if (st)
		return st;
	utc_as_civil(last + DAY_SECONDS, &day);
	st = ics_local_to_utc(&day, zone, &tto);
	if (st)
		return st;
	f.from = tfrom;
	f.to = tto;
	f.dfrom = first;
	f.dto = last + DAY_SECONDS;
	st = store_agenda_meetings(db, &f, &a->strings, &a->m, &a->nm);
	if (st) {
		agenda_free(a);
		return st;
	}
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.zone = zone;
	for (size_t i = 0; i < a->nm && !st; i++) {
		const struct meeting *m = &a->m[i];
		struct series s = ics_series_of(m);

		c.m = m;
		c.from = m->all_day ? first : tfrom;
		c.to = m->all_day ? last + DAY_SECONDS : tto;
		st = ics_expand(&s, c.from, c.to, add_occ, &c);
	}
	if (st) {
		agenda_free(a);
		return st;
	}
	if (a->n > 1) {
		struct occurrence *tmp = xmalloc(a->n / 2 * sizeof(*tmp));

		sort_occ(a->occ, tmp, a->n);
		free(tmp);
	}
	return 0;
}

void agenda_free(struct agenda *a)
{
	for (size_t i = 0; i < a->nm; i++) {
		free(a->m[i].exdates);
		free(a->m[i].rdates);
	}
	free(a->m);
	arena_release(&a->strings);
	free(a->occ);
	memset(a, 0, sizeof(*a));
}
