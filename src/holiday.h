#ifndef HOLIDAY_H
#define HOLIDAY_H

#include <stdio.h>

#include "db.h"

struct holiday_counts {
	long added;     /* new holidays */
	long present;   /* already there: the same state, first day and name */
	long timed;     /* events with a time of day, passed over */
};

/*
 * Reads the all-day VEVENTs of an iCalendar stream (a holiday calendar)
 * as holidays of state, in one transaction: all of them, or nothing.
 * Recurring events are expanded through the end of the fifth year after
 * the year of now; cancelled ones are left out. name is used in messages.
 * Returns 0 or a status (already reported).
 */
int holiday_import(struct db *db, const char *state, FILE *in, const char *name, int provisional,
		   const char *local_zone, struct holiday_counts *c);

#endif
