#ifndef EXPORT_H
#define EXPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"

struct export_opts {
	char *const *bodies;    /* none: all bodies */
	int nbodies;
	int64_t from, to;       /* meetings whose series meet [from, to); INT64_MIN/4, INT64_MAX/4: all */
	const int64_t *alarms;  /* display alarms, seconds before the start */
	size_t nalarms;
	int rotations, deadlines;
};

/* Writes one VCALENDAR to out. Returns 0 or a status (already reported). */
int export_write(struct db *db, const struct export_opts *o, FILE *out);

struct meeting;
/*
 * One meeting as a whole VCALENDAR, as a calendar object resource of a
 * CalDAV collection holds it: its VTIMEZONE and its VEVENT described as
 * export_write() describes it (location, description, chair, documents),
 * without METHOD (RFC 4791 4.1). Returns 0 or a status (already reported).
 */
int export_meeting(struct db *db, const struct meeting *m, FILE *out);

#endif
