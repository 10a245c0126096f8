#ifndef ROTATION_H
#define ROTATION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Rotating offices (chair, secretariat, ...): pure functions over plain
 * structs, no I/O. Days are days since 1970-01-01; a term [start, end)
 * ends on the day the office passes on, which is the next term's start.
 */

enum term_rule { TERM_CALENDAR, TERM_SUMMIT, TERM_FOLLOW };

enum rot_event_kind { EV_INSERT, EV_REMOVE, EV_SWAP, EV_SKIP, EV_EXTEND, EV_RECORD, EV_REORDER };

/* A change to the rotation, effective for terms that start after `effective` (UTC seconds). */
struct rot_event {
	enum rot_event_kind kind;
	char state[3];          /* insert, remove, skip, record: the state; swap: A */
	char other[3];          /* insert: after this state ("" = at the end); swap: B */
	int months;             /* extend */
	int64_t days;           /* extend */
	int64_t start, end;     /* record: the term's days; end 0 = one term */
	char (*order)[3];       /* reorder: the new order */
	size_t norder;
	int64_t effective;
};

/* A regular summit of the body, in date order. */
struct rot_summit {
	char host[3];           /* "" when not known */
	char moved_from[3];     /* the host before a change of host, "" if none */
	int64_t start;          /* first day */
	int64_t handover;       /* the day after its last day */
	int64_t ordinal;
	int held, postponed;
	char status[12];        /* the meeting's status */
};

/* A full membership of the body. */
struct rot_member {
	char state[3];
	int64_t since, until;   /* days; INT64_MIN / INT64_MAX when open */
};

struct rot_office {
	enum term_rule rule;
	int months;             /* calendar terms: length; summit terms: cadence in months */
	int64_t days;           /* summit terms: cadence in days (added to months) */
	int64_t start;          /* calendar terms: the first handover day */
	int follow_offset;      /* follow: K places ahead */
	char (*order)[3];
	size_t norder;
};

enum why {
	WHY_ORDER, WHY_INSERTION, WHY_APPENDED, WHY_REMOVAL, WHY_SWAP, WHY_SKIP, WHY_EXTENSION,
	WHY_POSTPONEMENT, WHY_MOVED, WHY_RECORD, WHY_SUMMIT, WHY_FOLLOW,
};

struct rot_term {
	char holder[3];         /* "" when vacant: no member of the order could hold it then */
	int64_t start, end;
	int actual;             /* 1: has begun, or recorded / fixed by a held summit */
	enum why why;
	char note[128];         /* the why, for a person */
};

struct rot_input {
	const struct rot_office *office;
	const struct rot_event *events;   /* in order of effective time */
	size_t nevents;
	const struct rot_summit *summits; /* summit terms */
	size_t nsummits;
	const struct rot_member *members; /* full memberships */
	size_t nmembers;
	int64_t today;                    /* the day of now */
	int64_t now;                      /* now, UTC seconds */
};

/*
 * Computes the terms from the first until one ends after `until` and at
 * least `after` terms follow the one holding `today`. *out (an array of
 * *n terms) is the caller's to free(). Returns 0, or -1 when there is
 * nothing to rotate (no order and no summits).
 */
int rotation_terms(const struct rot_input *in, int64_t until, size_t after, struct rot_term **out, size_t *n);

/*
 * An office that follows another K places ahead: the same terms, each held
 * by the holder of the followed office's term K later. *out is the
 * caller's to free(); the last K terms of the followed office are dropped.
 */
void rotation_follow(const struct rot_term *t, size_t n, int k, struct rot_term **out, size_t *nout);

/* The index of the term holding `day`, or -1. */
long rotation_find(const struct rot_term *t, size_t n, int64_t day);

/* Adds months to a day (the day of month clamped: Jan 31 + 1 month = Feb 28/29). */
int64_t add_months(int64_t day, int months);

const char *why_word(enum why w);

#endif
