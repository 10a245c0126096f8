#ifndef CONFLICT_H
#define CONFLICT_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

/*
 * Clashes among meetings: pure functions over plain structs, no I/O. Two
 * occurrences clash when they overlap in time and share a state (one head
 * of state cannot be in two capitals); an occurrence clashes with a public
 * holiday of its host on one of its days.
 */

struct conflict_occ {
	int64_t start, end;     /* instants; an all-day one from the local midnight of its first day in its zone */
	int64_t first, last;    /* its days in its zone, both included */
	int64_t id;             /* the meeting: occurrences of one meeting never clash with each other */
	const char *host;       /* NULL when none */
	const char *states;     /* the states it involves, sorted and comma-separated ("KG,KZ"): its host and
				 * its body's full members */
};

struct conflict_pair {
	size_t a, b;            /* indices of the occurrences, a starting first */
	char *states;           /* the states they share, "KG,KZ" */
};

struct conflict_hit {
	size_t occ;             /* the occurrence */
	size_t holiday;         /* the holiday of its host */
};

/*
 * The pairs of occurrences that clash, by the start of a, then of b. *out
 * is the caller's to conflict_pairs_free().
 */
void conflict_pairs(const struct conflict_occ *o, size_t n, struct conflict_pair **out, size_t *nout);
void conflict_pairs_free(struct conflict_pair *p, size_t n);

/* The occurrences on a holiday of their host, in the order of o. *out is the caller's to free(). */
void conflict_holidays(const struct conflict_occ *o, size_t n, const struct plan_holiday *h, size_t nh,
		       struct conflict_hit **out, size_t *nout);

#endif
