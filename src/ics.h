#ifndef ICS_H
#define ICS_H

#include <stddef.h>
#include <stdint.h>

#include "timeutil.h"

/*
 * The only user of libical: time zones, durations, recurrence rules.
 * Zones are plain IANA names ("Asia/Tashkent"); "UTC" is UTC.
 */

/* 0 if zone is a known IANA zone; else prints "unknown time zone" naming what, returns ST_INVALID. */
int ics_zone_check(const char *what, const char *zone);
/* Wall-clock c in zone to an instant. Same contract as ics_zone_check. */
int ics_local_to_utc(const struct civil *c, const char *zone, int64_t *out);
/* An instant as wall-clock time in zone, and the zone's UTC offset then in seconds. */
int ics_utc_to_local(int64_t t, const char *zone, struct civil *out, int *offset);
/*
 * 1: ask libical about zones with their whole history, as the reference
 * the faster cut zones are tested against; 0 (the default): cut zones.
 */
void ics_zone_reference(int on);
/* The instant from which zone is answered from its cut rules; INT64_MAX when it is not cut (for tests). */
int64_t ics_zone_cut(const char *zone);
/*
 * Forgets the zones' cuts made so far: each is made again when next
 * needed, from its cache file when that matches.
 */
void ics_zone_cuts_forget(void);
/*
 * Keeps the zones' cuts in files in dir (created when missing), read
 * instead of the tz database when they match it; NULL: none kept (the
 * default). dir is copied.
 */
void ics_zone_cache(const char *dir);
/* The names of the zones libical knows, in *names (kept for the process); returns how many. */
size_t ics_zone_names(const char ***names);
/* The zone's UTC offset at t asked of libical each time, the spans it is remembered in bypassed (for tests). */
int ics_utc_offset_libical(const char *zone, int64_t t, int *offset);
/* ISO 8601 duration ("P1W", "PT20S") to seconds; same contract as parse_duration(). */
int ics_parse_duration(const char *what, const char *s, int64_t *secs);

/* A recurring (or single) series of occurrences. */
struct series {
	const char *rrule;      /* NULL: a single occurrence */
	const char *tz;
	int64_t start, end;     /* first occurrence; all-day: 00:00Z of the dates */
	int all_day;
	const int64_t *exdates; /* occurrence starts to leave out, sorted */
	size_t nexdates;
	const int64_t *rdates;  /* extra occurrence starts, sorted */
	size_t nrdates;
	int64_t wall;           /* a timed series: start as wall-clock time (seconds read as UTC), when has_wall */
	int has_wall;
};

/* qsort comparison of int64_t instants. */
int ics_cmp_instant(const void *a, const void *b);

struct meeting;
/* The series of a meeting (borrowing its strings and arrays). */
struct series ics_series_of(const struct meeting *m);

/*
 * The first start of a series as its wall clock gives it now: its start,
 * unless the zone's rules have changed since the series was entered.
 */
int64_t ics_series_first(const struct series *s);

/* Whether rule repeats by the hour (not for all-day meetings). */
int ics_rrule_hourly(const char *rule);
/* 0 if rule is a valid RRULE; else prints the reason naming the rule, returns ST_INVALID. */
int ics_rrule_check(const char *what, const char *rule);
/*
 * The end of the series' last occurrence, in *end; *finite = 0 when the
 * rule never ends. Returns 0 or ST_INVALID.
 */
int ics_series_end(const struct series *s, int64_t *end, int *finite);
/* The same, always through libical's iterator (the reference for tests). */
int ics_series_end_libical(const struct series *s, int64_t *end, int *finite);
/*
 * Calls fn(arg, start, end) for every occurrence overlapping [from, to)
 * in start order, EXDATEs removed; stops early when fn returns non-zero.
 * Returns 0, or ST_INVALID for a rule libical rejects.
 */
int ics_expand(const struct series *s, int64_t from, int64_t to,
	       int (*fn)(void *arg, int64_t start, int64_t end), void *arg);
/* The same, always through libical's iterator (the reference the fast path is tested against). */
int ics_expand_libical(const struct series *s, int64_t from, int64_t to,
		       int (*fn)(void *arg, int64_t start, int64_t end), void *arg);

/* ---- writing iCalendar (RFC 5545): CRLF, folded at 75 octets, text escaped as libical does ---- */

#include <stdio.h>

struct meeting;

/* Writes BEGIN:VCALENDAR and the calendar's properties. */
void ics_begin(FILE *out, const char *calname);
void ics_end(FILE *out);
/*
 * Writes a VTIMEZONE with the plain IANA TZID for zone, its observances
 * computed from the system tz database for the instants [from, to]: the
 * offset in force at `from`, then every change until `to`.
 */
int ics_write_vtimezone(FILE *out, const char *zone, int64_t from, int64_t to);

struct ics_event {
	const struct meeting *m;
	const char *location, *description, *category;
	const int64_t *alarms;  /* leads in seconds before the start */
	size_t nalarms;
	int64_t dtstamp;
};
/* One VEVENT, its text written directly; 0, or ST_FAIL (reported) when out fails. */
int ics_write_event(FILE *out, const struct ics_event *e);
/* The same text (CRLF lines), *len octets in a buffer of the writer's, valid until its next call. */
const char *ics_event_text(const struct ics_event *e, size_t *len);
/* The same VEVENT built and serialized by libical (the reference the fast writer is tested against). */
int ics_write_event_libical(FILE *out, const struct ics_event *e);
/* An all-day event on the days [start, end) (days since 1970-01-01). */
int ics_write_day_event(FILE *out, const char *uid, const char *summary, const char *description,
			int64_t start, int64_t end, const char *category, int64_t dtstamp);
/* A VTODO due at an instant. */
int ics_write_todo(FILE *out, const char *uid, const char *summary, const char *description, int64_t due,
		   int done, const char *category, int64_t dtstamp);

/* ---- reading iCalendar: one VEVENT at a time, never the whole file as one tree ---- */

/* One VEVENT as read, its times as instants. Strings are the reader's until the next call. */
struct ics_vevent {
	char *uid, *summary, *location, *description, *rrule;
	char *notes;                /* X-DIPCAL-NOTES: the notes of a dipcal export, when has_notes */
	int has_notes;
	const char *status;         /* planned, confirmed or cancelled */
	char *tz;                   /* IANA zone of DTSTART, "UTC", or the local zone for floating times */
	int64_t start, end;         /* all-day: 00:00Z of the dates */
	int all_day;
	int64_t sequence, dtstamp, modified; /* modified: LAST-MODIFIED, else DTSTAMP; 0 when absent */
	int64_t created;
	int64_t *exdates, *rdates;
	size_t nexdates, nrdates;
	int has_recurrence_id;
	int64_t recurrence_id;
	int line;                   /* the line of its BEGIN:VEVENT */
};

struct ics_reader;
/*
 * Reads an iCalendar stream. name is used in messages; local_zone reads
 * floating times; resolve(arg, tzid) maps a TZID that is not an IANA name
 * (a Windows name, say) to one, returning a string the caller frees, or NULL.
 * The reader is the caller's to ics_reader_free().
 */
struct ics_reader *ics_reader_new(FILE *in, const char *name, const char *local_zone,
				  char *(*resolve)(void *arg, const char *tzid), void *arg);
/*
 * IANA zones (borrowed) to match a VTIMEZONE whose TZID names none: the
 * first whose clock agrees over three years is used.
 */
void ics_reader_candidates(struct ics_reader *r, char **zones, size_t n);
/* 1 with *ev filled, 0 at the end of the calendar, or a status after printing "NAME:LINE: what". */
int ics_reader_next(struct ics_reader *r, struct ics_vevent *ev);
/*
 * VEVENTs are read by a fast path of the reader's own (ics.c) when their
 * lines are plain, by libical's parser otherwise. With on, every VEVENT goes
 * through libical's parser: the reference the fast path is tested against
 * (tests/unit/test-read-fast.c).
 */
void ics_reader_set_reference(struct ics_reader *r, int on);
/* How many VEVENTs were read each way so far. */
void ics_reader_counts(const struct ics_reader *r, long *fast, long *libical);
void ics_reader_free(struct ics_reader *r);

#endif
