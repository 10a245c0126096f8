#ifndef SUMMIT_H
#define SUMMIT_H

#include <stddef.h>
#include <stdint.h>

#include "conflict.h"
#include "db.h"
#include "plan.h"
#include "rotation.h"
#include "store.h"

/*
 * The glue between the store, the chair rotation (office.h) and the pure
 * planner (plan.h, conflict.h): who hosts a body's next summit, the
 * planner's input for a window, the summit written with its deadlines,
 * and the clashes among the meetings of a window.
 */

/* A meeting (one occurrence of it) as the planner shows it. */
struct summit_meeting {
	int64_t id;
	char body[17];
	char host[3];               /* "" when none */
	char *title;                /* the planner reads it only for the meetings it names; NULL until then */
	int all_day;
	int64_t start, end;         /* instants (all-day: 00:00Z of the first day and of the day after the last) */
	int64_t first, last;        /* days in its zone, both included */
};

/* The opening session as a member's capital sees it. */
struct summit_local {
	char state[3];
	char hhmm[6];
	int shift;                  /* the day against the host's: -1, 0 or 1 */
};

/* What the planner is asked. */
struct summit_query {
	const char *body;
	const char *host;           /* --host, else NULL: the chair rotation's */
	int64_t first, last;        /* the window, days */
	int days;                   /* the summit's length */
	int gap_months;             /* the least gap after the previous summit; both 0: none */
	int64_t gap_days;
	int at_h, at_m;             /* the opening session, host time */
	size_t top;
	int64_t today;              /* the day of now; no summit starts before tomorrow */
};

struct summit_plan {
	char body[17];
	char *body_name;
	int64_t ordinal;
	char host[3];
	char *host_tz, *host_capital;
	const char *host_rule;      /* how the host was found, for a person */
	int has_term;               /* the chair's term the host was taken from */
	struct rot_term term;
	const char *term_rule;      /* "summit", "calendar" or "follow" */
	struct summit_history hist;
	int64_t first, last, earliest, gap_end;
	int days, at_h, at_m, gap_months;
	int64_t gap_days;
	struct plan_input in;       /* what was ranked; its arrays are owned here */
	struct plan_result res;
	struct summit_meeting *meetings; /* what events and reasons refer to (ref) */
	size_t nmeetings;
	char ***why;                /* why[i][k]: reason k of candidate i, for a person */
	struct summit_local **local; /* local[i][k]: the opening of candidate i in member k's capital */
	size_t nlocal;
	struct rows member_rows, holiday_rows; /* the strings the input borrows */
};

/*
 * Plans: the host and ordinal of the body's next summit, then the best
 * q->top start days of the window. Prints and returns a status on error;
 * on success *p is the caller's to summit_plan_free().
 */
int summit_plan(struct db *db, const struct summit_query *q, struct summit_plan *p);
void summit_plan_free(struct summit_plan *p);

/*
 * Writes the summit of q->days days from `day` (planned, all-day, in the
 * host's zone) and one deadline per template step, in one transaction. A
 * proposed placeholder of the same ordinal is cancelled, pointing to it.
 * A day the planner would exclude is refused (ST_CONFLICT) unless force.
 * *id is the new meeting's.
 */
int summit_commit(struct db *db, const struct summit_query *q, int64_t day, int force, int64_t *id);

/* The clashes of the days [first, last]. */
struct conflict_report {
	int64_t first, last;
	struct summit_meeting *occ; /* every occurrence of the window, by time */
	size_t nocc;
	struct conflict_pair *pairs;
	size_t npairs;
	struct conflict_holiday {
		size_t occ;
		char state[3];
		const char *name;   /* borrowed from rows */
		int64_t first, last;
		int provisional;
	} *hits;
	size_t nhits;
	struct rows holiday_rows;
};

/*
 * The clashes among the meetings of [first, last] (recurring ones
 * expanded; cancelled and postponed ones left out). zone reads dates for
 * the window. On success *r is the caller's to conflict_report_free().
 */
int summit_conflicts(struct db *db, int64_t first, int64_t last, const char *zone, struct conflict_report *r);
void conflict_report_free(struct conflict_report *r);

#endif
