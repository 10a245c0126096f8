#include "conflict.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "banned.h"

/* The codes both lists hold, "KG,KZ", or NULL when none. The caller frees. */
static char *shared(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;

	if (!a || !b)
		return NULL;
	/* Codes of two letters, each followed by a comma or the end. */
	for (const char *p = a; p[0] && p[1]; p += p[2] ? 3 : 2) {
		int in_b = 0;

		for (const char *q = b; q[0] && q[1] && !in_b; q += q[2] ? 3 : 2)
			in_b = !strncmp(p, q, 2);
		if (in_b)
			sb_addf(&sb, "%s%.2s", sb.len ? "," : "", p);
	}
	return sb.len ? sb_detach(&sb) : NULL;
}

static int cmp_by_start(const void *x, const void *y, void *arg)
{
	const struct conflict_occ *o = arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	if (o[a].start != o[b].start)
		return o[a].start < o[b].start ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int cmp_pair(const void *x, const void *y, void *arg)
{
	const struct conflict_occ *o = arg;
	const struct conflict_pair *p = x, *q = y;

	if (o[p->a].start != o[q->a].start)
		return o[p->a].start < o[q->a].start ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (o[p->b].start != o[q->b].start)
		return o[p->b].start < o[q->b].start ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* The end used for overlaps: a meeting of no length still occupies its instant. */
static int64_t end_of(const struct conflict_occ *o)
{
	return o->end > o->start ? o->end : o->start + 1;
}

void conflict_pairs(const struct conflict_occ *o, size_t n, struct conflict_pair **out, size_t *nout)
{
	size_t *order = xcalloc(n ? n : 1, sizeof(size_t)), *active = xcalloc(n ? n : 1, sizeof(size_t));
	size_t nactive = 0, alloc = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	qsort_r(order, n, sizeof(size_t), cmp_by_start, (void *)o);
	/* A sweep by start: the active ones are those not ended when the next begins. */
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k], keep = 0;

		for (size_t j = 0; j < nactive; j++)
			if (end_of(&o[active[j]]) > o[i].start)
				active[keep++] = active[j];
		nactive = keep;
		for (size_t j = 0; j < nactive; j++) {
			size_t a = active[j];
			char *s;

			if (o[a].id == o[i].id)
				continue;
			s = shared(o[a].states, o[i].states);
			if (!s)
				continue;
			if (*nout == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				*out = xrealloc(*out, alloc * sizeof(**out));
			}
			(*out)[*nout].a = a;
			(*out)[*nout].b = i;
			(*out)[(*nout)++].states = s;
		}
		active[nactive++] = i;
	}
	if (*nout)
		qsort_r(*out, *nout, sizeof(**out), cmp_pair, (void *)o);
	free(order);
	free(active);
}

void conflict_pairs_free(struct conflict_pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].states);
	free(p);
}

static int cmp_holiday(const void *x, const void *y, void *arg)
{
	const struct plan_holiday *h = arg;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	int c = strcmp(h[a].state, h[b].state);

	if (c)
		return c;
	if (h[a].first != h[b].first)
		return h[a].first < h[b].first ? -1 : 1;
	return a < b ? -1 : a > b;
}

void conflict_holidays(const struct conflict_occ *o, size_t n, const struct plan_holiday *h, size_t nh,
		       struct conflict_hit **out, size_t *nout)
{
	size_t *by = xcalloc(nh ? nh : 1, sizeof(size_t)), alloc = 0;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < nh; i++)
		by[i] = i;
	/* The holidays by state and first day: each occurrence looks at its host's only. */
	qsort_r(by, nh, sizeof(size_t), cmp_holiday, (void *)h);
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = nh;

		if (!o[i].host)
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(h[by[mid]].state, o[i].host) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < nh && !strcmp(h[by[k]].state, o[i].host) && h[by[k]].first <= o[i].last; k++) {
			if (h[by[k]].last < o[i].first)
				continue;
			if (*nout == alloc) {
				alloc = alloc ? alloc * 2 : 16;
				*out = xrealloc(*out, alloc * sizeof(**out));
			}
			(*out)[*nout].occ = i;
			(*out)[(*nout)++].holiday = by[k];
		}
	}
	free(by);
}
