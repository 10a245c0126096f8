#ifndef IMPORT_H
#define IMPORT_H

#include <stdio.h>

#include "db.h"

struct import_counts {
	long added, updated, unchanged;
};

/*
 * Imports the VEVENTs of an iCalendar stream into body (created as
 * "IMPORT" when NULL) in one transaction: all of it, or nothing. A UID
 * already present is updated only when the file's SEQUENCE is higher, or
 * equal with a later LAST-MODIFIED (else DTSTAMP). Floating times are read
 * in local_zone. Returns 0 or a status (already reported).
 */
int import_ics(struct db *db, FILE *in, const char *name, const char *body, const char *local_zone,
	       struct import_counts *c);

#endif
