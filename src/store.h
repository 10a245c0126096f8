#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#include "db.h"

/*
 * All SQL of dipcal, as prepared statements with bound parameters.
 * Functions return 0 or a status (util.h). "Not found" results are
 * returned silently as ST_NOTFOUND unless the name says require_.
 * Strings in structs filled by the store are the caller's: free them
 * with the matching *_clear().
 */

/* Rows of text cells; NULL cells are SQL NULLs. Free with rows_free(). */
struct rows {
	int ncols;
	size_t n;
	char **cell;     /* cell[r * ncols + c] */
};
void rows_free(struct rows *r);
static inline const char *rows_get(const struct rows *r, size_t row, int col)
{
	return r->cell[row * (size_t)r->ncols + (size_t)col];
}

struct meeting {
	int64_t id;
	char *uid, *body, *title, *host, *city, *venue, *tz, *rrule, *notes, *kind, *status;
	char *remind;               /* reminder leads, seconds, comma-separated; NULL: the body's; "": none */
	int64_t ordinal;            /* 0: none */
	int64_t start, end;         /* UTC; all-day: 00:00Z of first day and of the day after the last */
	int all_day;
	int64_t series_end;         /* end of the last occurrence, when series_finite */
	int series_finite;
	int64_t created, updated, sequence;
	int64_t *exdates;           /* sorted */
	size_t nexdates;
	int64_t *rdates;            /* extra occurrences (RDATE), sorted */
	size_t nrdates;
	int64_t start_wall;         /* a timed series: its first start as wall-clock time, when has_wall */
	int has_wall;               /* read from the database; written by it, from start and tz */
};
void meeting_clear(struct meeting *m);
void meeting_copy(struct meeting *dst, const struct meeting *src);

/* States */
int store_state_add(struct db *db, const char *code, const char *name, const char *tz, const char *capital);
/* Prints "unknown state 'X'" and returns ST_NOTFOUND when there is none. *tz (may be NULL) is the caller's. */
int store_require_state(struct db *db, const char *code, char **tz);
int store_state_rows(struct db *db, struct rows *out);           /* code, name, tz, capital */
char *store_state_json(struct db *db);

/* Bodies */
int store_body_add(struct db *db, const char *code, const char *name, const char *level);
/* *name (may be NULL) is the caller's. */
int store_require_body(struct db *db, const char *code, char **name);
/* 0 when the body exists, ST_NOTFOUND silently when not. */
int store_require_body_quiet(struct db *db, const char *code);
int store_body_rows(struct db *db, struct rows *out);            /* code, name, level, members */
char *store_body_json(struct db *db);

/* Memberships; on: a date or NULL for all. */
int store_member_add(struct db *db, const char *body, const char *state, const char *role,
		     const char *since, const char *until);
int store_member_rows(struct db *db, const char *body, const char *on, struct rows *out);
char *store_member_json(struct db *db, const char *body, const char *on);

/* Meetings */
int store_meeting_insert(struct db *db, struct meeting *m);      /* sets m->id */
/* The same, but ST_CONFLICT, silently and adding nothing, when a meeting has m's UID. */
int store_meeting_insert_new(struct db *db, struct meeting *m);
int store_meeting_get(struct db *db, int64_t id, struct meeting *m);
/* Prints "unknown meeting 'ID'" and returns ST_NOTFOUND when there is none. */
int store_require_meeting(struct db *db, int64_t id, struct meeting *m);
/*
 * Writes nw over old (same id): SEQUENCE rises by one, updated = now,
 * and each change of date, host, status, venue, city or zone is logged
 * with reason.
 */
int store_meeting_update(struct db *db, const struct meeting *old, struct meeting *nw,
			 const char *reason, int64_t now);
/* Like store_meeting_update, but nw's SEQUENCE and updated time are written as they are. */
int store_meeting_write(struct db *db, const struct meeting *old, const struct meeting *nw, const char *reason,
			int64_t now);
int store_meeting_delete(struct db *db, int64_t id);
/* ST_NOTFOUND, silently, when no meeting has that UID. */
int store_meeting_by_uid(struct db *db, const char *uid, struct meeting *m);
/* The id, SEQUENCE and updated time of the meeting with that UID; ST_NOTFOUND, silently, when none has it. */
int store_meeting_version(struct db *db, const char *uid, int64_t *id, int64_t *sequence, int64_t *updated);
/* The next free ordinal of a body's regular meetings. */
int64_t store_next_ordinal(struct db *db, const char *body);

struct meeting_filter {
	const char *body;       /* NULL: all */
	const char *status;     /* NULL: all */
	int64_t from, to;       /* series overlapping [from, to) */
	int64_t dfrom, dto;     /* all-day ones: dates (00:00Z) overlapping [dfrom, dto); both 0: from, to */
};
/* Meetings whose series overlap the window, by start. *out is the caller's: free each with meeting_clear(). */
int store_meetings(struct db *db, const struct meeting_filter *f, struct meeting **out, size_t *n);
/*
 * The same, in no order, with only what an agenda shows (id, uid, body,
 * title, host, city, tz, start, end, all_day, status, the series); the
 * other fields are NULL or 0. The strings live in *strings (the caller's
 * to arena_release()); *out and each meeting's exdates and rdates are the
 * caller's to free (not meeting_clear()).
 */
int store_agenda_meetings(struct db *db, const struct meeting_filter *f, struct arena *strings,
			  struct meeting **out, size_t *n);
/* Calls fn for each meeting of the window in turn, without keeping them; stops when fn returns non-zero
 * (and returns that). m is valid during the call only. */
int store_meetings_each(struct db *db, const struct meeting_filter *f,
			int (*fn)(void *arg, const struct meeting *m), void *arg);
/*
 * The same for an export, in the order of their ids, with what an export
 * writes (kind, remind and the series end are not read), the strings
 * borrowed from the statement: valid during the call only.
 */
int store_export_meetings_each(struct db *db, const struct meeting_filter *f,
			       int (*fn)(void *arg, const struct meeting *m), void *arg);
char *store_meetings_json(struct db *db, const struct meeting_filter *f);

/* The titles of a meeting's documents, "; "-separated, for many meetings in turn. */
struct doc_lookup;
struct doc_lookup *store_doc_lookup_new(struct db *db);
/* NULL when the meeting has none; the text is valid until the next call. */
const char *store_doc_lookup(struct doc_lookup *dl, int64_t meeting);
void store_doc_lookup_free(struct doc_lookup *dl);
char *store_meeting_json(struct db *db, int64_t id);
/* The change log of a meeting: field, old, new, reason, changed (RFC 3339). */
int store_change_rows(struct db *db, int64_t meeting, struct rows *out);

/* Documents: id, meeting, title, kind, valid_from, valid_to; meeting 0: all. */
int store_doc_add(struct db *db, int64_t meeting, const char *title, const char *kind,
		  const char *valid_from, const char *valid_to, int64_t *id);
int store_doc_rows(struct db *db, int64_t meeting, struct rows *out);
char *store_doc_json(struct db *db, int64_t meeting);

/* Deadlines: exactly one of due / before (has_due tells). */
int store_deadline_add(struct db *db, int64_t meeting, const char *title, int has_due, int64_t due,
		       int64_t before, const char *owner, int64_t *id);
int store_deadline_done(struct db *db, int64_t id, int done);
/* id, meeting, title, due (seconds), owner, done, tz, before (seconds or NULL), body, uid, meeting title */
int store_deadline_rows(struct db *db, int64_t meeting, struct rows *out);
char *store_deadline_json(struct db *db, int64_t meeting);

/* One agenda occurrence. */
struct occurrence {
	const struct meeting *m;
	int64_t start, end;
	int64_t key;            /* sort key: the start, or for a date its midnight in the viewer's zone */
};
/*
 * The occurrences as a JSON array (the caller frees; NULL on failure). The
 * meetings' strings must stay where they are, unchanged, during the call:
 * a value met again at the same address is taken as the same value (an
 * agenda's meetings share their zones, hosts, bodies and statuses).
 */
char *store_occurrences_json(struct db *db, const struct occurrence *occ, size_t n);

/* Rotating offices (schema/0002-rotation.sql); see rotation.h for the structs. */
struct rot_event;
struct rot_summit;
struct rot_member;

struct office_rec {
	int64_t id;
	char *body, *name, *term, *start;   /* start: calendar terms' first handover date */
	int months, days, follow_offset, alphabetical;
	int64_t follows;                     /* 0: none */
	char *follows_name;
};
void office_rec_clear(struct office_rec *o);
/* ST_NOTFOUND, silently, when there is none. */
int store_office_get(struct db *db, const char *body, const char *name, struct office_rec *o);
/* Prints "unknown office" and returns ST_NOTFOUND when there is none. */
int store_require_office(struct db *db, const char *body, const char *name, struct office_rec *o);
int store_office_by_id(struct db *db, int64_t id, struct office_rec *o);
int store_office_add(struct db *db, const struct office_rec *o, char (*order)[3], size_t n, int64_t now,
		     int64_t *id);
/* The office's base order; *order is the caller's to free(). */
int store_office_order(struct db *db, int64_t office, char (**order)[3], size_t *n);
/* The full members of body, ever, sorted by state name (for alphabetical orders). */
int store_full_members(struct db *db, const char *body, struct rot_member **m, size_t *n);
/* Whether state has ever been a full member of body (1/0), or a negative status. */
int store_is_full_member(struct db *db, const char *body, const char *state);
int store_rotation_events(struct db *db, int64_t office, struct rot_event **ev, size_t *n);
void rot_events_free(struct rot_event *ev, size_t n);
int store_rotation_event_add(struct db *db, int64_t office, const struct rot_event *e);
/* Rows of the body's regular summits, not cancelled, by start: start, end, all_day, tz, host,
 * ordinal, status, first host before a change (or NULL), whether ever postponed. */
int store_summit_rows(struct db *db, const char *body, struct rows *out);
/* body, name, term, months, days, start, follows, offset, order */
int store_office_rows(struct db *db, const char *body, struct rows *out);
char *store_office_json(struct db *db, const char *body);
/* One rotation term as a JSON object: holder, start, end, status, why, note, and with troika
 * previous and next. The caller frees; NULL on failure. */
char *store_term_json(struct db *db, const char *holder, const char *start, const char *end, const char *status,
		      const char *why, const char *note, const char *prev, const char *next, int troika);
/* Recomputes series_end_utc of every recurring meeting, and each meeting's own copy of its EXDATEs and RDATEs (after loading SQL data). */
int store_refresh_series(struct db *db, int (*end_of)(const struct meeting *m, int64_t *end, int *finite));

/*
 * The version of everything in the database, for HTTP validators: *etag is a
 * strong entity tag (quoted) that changes with any change to any row, and
 * *last_modified the newest time the rows record (0 when none; the clock may
 * have been pinned). *etag is the caller's to free.
 */
int store_calendar_version(struct db *db, char **etag, int64_t *last_modified);

/*
 * For export: each zone of the timed meetings (of body, or all) whose series
 * meet [from, to), with the first start and the last end (far for series
 * without end): tz, first, last.
 */
int store_zone_spans(struct db *db, const char *body, int64_t from, int64_t to, int64_t far, struct rows *out);
/* IANA zones a VTIMEZONE of its own may stand for: the states' zones, then those of the CLDR table. */
int store_zone_candidates(struct db *db, struct rows *out);
/* The IANA zone of a Windows zone name (CLDR), or NULL. The caller frees. */
char *store_windows_zone(struct db *db, const char *name);

/* Reminders (store-remind.c). Leads are seconds, comma-separated. */
int store_body_set_remind(struct db *db, const char *body, const char *leads);
/* code, remind */
int store_body_leads(struct db *db, struct rows *out);
int store_deadline_set_remind(struct db *db, int64_t id, const char *leads);
/* Open deadlines due in (from, to]: id, meeting uid, title, due, remind, meeting title, tz, city, body */
int store_deadline_due_rows(struct db *db, int64_t from, int64_t to, struct rows *out);
/* Records a lead passed over (a later one of the same occurrence is shown instead). */
int store_reminder_skip(struct db *db, const char *uid, int64_t occ, int64_t lead, int64_t due);
/* Claims a reminder for this process: *id is its row, or 0 when another has it already. */
int store_reminder_claim(struct db *db, const char *uid, int64_t occ, int64_t lead, int64_t due,
			 const char *title, int64_t now, int64_t pid, int64_t *id);
/* Claims failed and snoozed reminders now due, and stale claims: id, uid, occurrence, lead, due, old state */
int store_reminder_reclaim(struct db *db, int64_t now, int64_t stale, int64_t oldest_occ, int64_t pid,
			   struct rows *out);
/* Sets a claimed reminder's state: delivered, failed (to be retried at due), snoozed (shown again at due). */
int store_reminder_set(struct db *db, int64_t id, const char *state, int64_t due, int64_t now);
/* Failed or snoozed reminders of an occurrence's earlier leads become skipped. */
int store_reminder_supersede(struct db *db, const char *uid, int64_t occ, int64_t lead);
int store_reminder_attempts(struct db *db, int64_t id);
/* The earliest retry or snooze after now, or INT64_MAX. */
int64_t store_reminder_next(struct db *db, int64_t now, int64_t oldest_occ);
/* uid, title, occurrence, lead, due, state, delivered */
int store_reminder_rows(struct db *db, struct rows *out);

/* One reminder for remind --list --json. The caller frees. */
char *store_reminder_json(struct db *db, const char *uid, const char *title, const char *occurrence, int64_t lead,
			  const char *due, const char *state);

/* Summit planning (store-plan.c; schema/0006-plan.sql). Days are days since 1970-01-01. */
/* Prints "already exists" (unless quiet) and returns ST_CONFLICT for a duplicate (state, first, name). */
int store_holiday_add(struct db *db, const char *state, const char *first, const char *last, const char *name,
		      int provisional, int quiet, int64_t *id);
int store_holiday_rm(struct db *db, int64_t id);
/* id, state, date, to, name, provisional ("yes" or NULL); state NULL: all; year 0: all */
int store_holiday_rows(struct db *db, const char *state, int year, struct rows *out);
char *store_holiday_json(struct db *db, const char *state, int year);
/* The holidays meeting the dates [first, last] of body's full members and host (body NULL: of all
 * states): state, first, last (days), name, provisional. */
int store_plan_holiday_rows(struct db *db, const char *body, const char *host, const char *first, const char *last,
			    struct rows *out);
/* body's full members during [first, last] and host: state, since, until (days or NULL), tz, capital, role */
int store_plan_member_rows(struct db *db, const char *body, const char *host, const char *first, const char *last,
			   struct rows *out);
/* Every full membership: body, state, since, until (days or NULL). */
int store_full_membership_rows(struct db *db, struct rows *out);
/* One meeting for the planner; the strings are valid during the call only. */
struct plan_meeting_row {
	int64_t id;
	const char *body, *host, *tz;
	int64_t start, end;
	int all_day, recurring;
	const char *rrule;                  /* recurring ones: the rule, exceptions and extra dates, sorted */
	int64_t *exdates, *rdates;
	size_t nexdates, nrdates;
};
/* The meetings of [from, to) (instants), not cancelled or postponed, but skip, in no set order;
 * stops when fn returns non-zero. */
int store_plan_meetings_each(struct db *db, int64_t from, int64_t to, int64_t skip,
			     int (*fn)(void *arg, const struct plan_meeting_row *m), void *arg);
/* The bodies (codes, sorted) that body's full members during [first, last] and host are full members of. */
int store_plan_involved_bodies(struct db *db, const char *body, const char *host, const char *first,
			       const char *last, struct rows *out);
/* A meeting's title, or NULL (reported unless there is no such meeting). The caller frees. */
char *store_meeting_title(struct db *db, int64_t id);
/* What a body's regular summits say about the next one (0 where none). */
struct summit_history {
	int64_t placeholder, placeholder_ordinal; /* the proposed summit a plan replaces */
	int64_t prev, prev_ordinal;               /* the latest held, planned or confirmed summit */
	int64_t prev_first, prev_last;            /* its days */
	int64_t planned;                          /* planned or confirmed from today on */
	int64_t next_ordinal;
};
int store_summit_history(struct db *db, const char *body, int64_t today, struct summit_history *h);
/* name, before_s, owner (chair, host or state), state */
int store_template_rows(struct db *db, struct rows *out);
char *store_template_json(struct db *db);
/* owner: chair, host or state (then state names it) */
int store_template_add(struct db *db, const char *name, int64_t before, const char *owner, const char *state);
int store_template_rm(struct db *db, const char *name);
/* 1 when meeting has a deadline with this title, 0 when not, or a negative status. */
int store_deadline_titled(struct db *db, int64_t meeting, const char *title);
struct summit_plan;
struct conflict_report;
/* The JSON of a plan and of a conflict report. The caller frees; NULL on failure. */
char *store_plan_json(struct db *db, const struct summit_plan *p);
char *store_conflicts_json(struct db *db, const struct conflict_report *r);

/*
 * Publishing to CalDAV (schema/0007-publish.sql, store-publish.c): the
 * collections published to, and per collection the resources written there.
 * A row outlives its meeting until the resource is deleted on the server.
 */
struct publish_row {
	char *uid, *href;       /* href: the resource's path on the server, percent-encoded */
	char *etag;             /* the server's ETag after the last write; NULL when it gave none */
	int64_t sequence;       /* the SEQUENCE of the copy on the server */
};
void publish_rows_free(struct publish_row *rows, size_t n);
/* The id of the collection at url; ST_NOTFOUND, silently, when it was never published to. */
int store_publish_collection(struct db *db, const char *url, int64_t *id);
/* The same, adding the collection when it is new. */
int store_publish_collection_add(struct db *db, const char *url, int64_t now, int64_t *id);
/* The resources of a collection, by UID (byte order). *rows is the caller's to publish_rows_free(). */
int store_publish_rows(struct db *db, int64_t collection, struct publish_row **rows, size_t *n);
/* Records one resource as written (a new row, or over the old one). */
int store_publish_record(struct db *db, int64_t collection, const struct publish_row *r, int64_t now);
/* Forgets one resource, deleted on the server; uid NULL: every resource of the collection. */
int store_publish_forget(struct db *db, int64_t collection, const char *uid);

#endif
