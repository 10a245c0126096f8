#ifndef AGENDA_H
#define AGENDA_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* Occurrences of meetings in a window, recurrences expanded and EXDATEs removed. */
struct agenda {
	struct meeting *m;      /* the meetings involved */
	size_t nm;
	struct occurrence *occ; /* in order of time; point into m */
	size_t n;
	struct arena strings;   /* the meetings' strings */
};

/*
 * The occurrences of meetings (of body, or all when NULL) on the dates
 * [first, last] as seen in zone: timed ones overlapping local midnight of
 * first to local midnight after last, all-day ones whose dates meet
 * [first, last]. first and last are 00:00Z of the dates. On success *a
 * is the caller's to agenda_free().
 */
int agenda_build(struct db *db, const char *body, const char *zone, int64_t first, int64_t last,
		 struct agenda *a);
void agenda_free(struct agenda *a);

#endif
