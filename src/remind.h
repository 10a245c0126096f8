#ifndef REMIND_H
#define REMIND_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

/*
 * Reminders: which (occurrence, lead) pairs are due, claimed for this
 * process in a transaction before anything is shown, and what became of
 * them. No notification code here (that is notify.c).
 */

#define REMIND_DEFAULT_LEADS "86400,3600"   /* 1 day and 1 hour */
#define REMIND_DEADLINE_LEADS "86400"
#define REMIND_MAX_LEAD (60 * 86400)
#define REMIND_STALE 120                    /* seconds after which a claim of a dead process lapses */

struct reminder {
	int64_t id;             /* its row once claimed; 0 for one not yet due */
	char *uid, *title, *city, *venue, *tz, *status, *body;
	int64_t occ, lead, due;
	int all_day, deadline;
};

struct remind_batch {
	struct reminder *r;
	size_t n;
	int64_t next;           /* the next due time after now (INT64_MAX: none known) */
};

/*
 * Claims the reminders due at now whose occurrence began less than grace
 * ago: of several missed leads of one occurrence only the latest, the
 * others recorded as skipped. With claim 0 nothing is written and the
 * reminders due up to `until` are listed instead. *b is the caller's to
 * remind_batch_free().
 */
int remind_collect(struct db *db, int64_t now, int64_t grace, int claim, int64_t until, const char *user_zone,
		   struct remind_batch *b);
void remind_batch_free(struct remind_batch *b);

int remind_delivered(struct db *db, int64_t id, int64_t now);
/* Failed: tried again after a backoff that grows with each attempt (30 s to 15 min). */
int remind_failed(struct db *db, int64_t id, int64_t now);
int remind_snooze(struct db *db, int64_t id, int64_t until);

/* "In 1 day: 8th Consultative Meeting — Ashgabat". The caller frees. */
char *remind_summary(const struct reminder *r, int64_t now);
/* The start in the host's zone and in the user's, venue and status. The caller frees. */
char *remind_body(const struct reminder *r, const char *user_zone);
/* Critical when it starts within the hour. */
int remind_critical(const struct reminder *r, int64_t now);

/* "1w,1d,1h" or "PT20S" into seconds, comma-separated; "none" gives "". The caller frees *out. */
int parse_leads(const char *what, const char *s, char **out);

#endif
