#ifndef OFFICE_H
#define OFFICE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "rotation.h"
#include "store.h"

/*
 * An office's terms as the database has them now: the glue between the
 * store (the decisions), the calendar (the summits) and rotation.c (the rule).
 */
struct office_view {
	struct office_rec rec;
	struct rot_term *terms;
	size_t n;
	int64_t today;          /* the day of now, in the local zone */
};

/*
 * Computes the terms of BODY's office NAME through day `until`, and at
 * least `after` terms beyond today. Prints and returns a status on error.
 * On success *v is the caller's to office_view_free().
 */
int office_view(struct db *db, const char *body, const char *name, int64_t until, size_t after,
		struct office_view *v);
void office_view_free(struct office_view *v);

/* Today (in the local zone) as days since 1970-01-01. */
int64_t today_days(void);

#endif
