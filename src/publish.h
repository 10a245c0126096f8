#ifndef PUBLISH_H
#define PUBLISH_H

#include <stddef.h>

#include "db.h"

/*
 * Publishing the meetings to a CalDAV calendar collection: each meeting is
 * one resource, UID.ics, holding its VEVENT and VTIMEZONE. One PROPFIND
 * lists what the server holds; then a meeting never published is created
 * (If-None-Match: *), one whose SEQUENCE differs from the published one is
 * replaced (If-Match: the ETag stored), one no longer here (removed, or of
 * a body no longer published) is deleted, and the rest is left alone.
 * A resource changed on the server since the last publish (its ETag
 * differs, or the server answers 412) is a conflict: reported and left as
 * the server has it, unless force. Each write is recorded in the database
 * as soon as the server confirms it, so that a run cut short resumes.
 */

struct publish_opts {
	const char *url;        /* the collection */
	char *const *bodies;    /* the meetings of these bodies; none: of all */
	int nbodies;
	const char *user;       /* NULL: the URL's or ~/.netrc's */
	const char *password;   /* NULL: ~/.netrc's. Borrowed, never stored */
	long timeout;           /* seconds per request */
	int dry_run;            /* list and compare only; print what would be done */
	int force;              /* overwrite (or delete) what changed on the server */
	int insecure_http;      /* allow plain http to a host that is not loopback */
};

/* What a run did (with dry_run: would do), as far as it got. */
struct publish_counts {
	size_t created, updated, deleted, unchanged, conflicts;
};

/*
 * Publishes the meetings to o->url. Conflicts are printed, one line each,
 * naming the UID. Returns 0, ST_REMOTE_CONFLICT when conflicts were left
 * as the server has them, or a failure status after printing it; *n is
 * filled in every case.
 */
int publish_run(struct db *db, const struct publish_opts *o, struct publish_counts *n);

#endif
