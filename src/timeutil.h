#ifndef TIMEUTIL_H
#define TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Instants are int64_t seconds since 1970-01-01T00:00:00Z. An all-day
 * meeting's "instant" is 00:00Z of its date: a date, not a moment, as
 * iCalendar's VALUE=DATE.
 */

/* A wall-clock reading: a date and a time of day, in no particular zone. */
struct civil {
	int y, mo, d, h, mi, s;
};

enum when_kind {
	WHEN_DATE,   /* YYYY-MM-DD */
	WHEN_LOCAL,  /* YYYY-MM-DD HH:MM[:SS], in some zone */
	WHEN_UTC,    /* ... with a trailing Z */
};

#define DAY_SECONDS INT64_C(86400)

int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t days, int *y, int *m, int *d);
int64_t civil_as_utc(const struct civil *c);
void utc_as_civil(int64_t t, struct civil *c);
int days_in_month(int y, int m);
/* 0 = Monday ... 6 = Sunday */
int weekday_of_days(int64_t days);

/*
 * Parses WHEN. On a bad value prints "dipcal: invalid WHAT 'S': reason"
 * and returns ST_INVALID; 0 on success.
 */
int parse_when(const char *what, const char *s, struct civil *c, enum when_kind *kind);
/* Parses a date YYYY-MM-DD only; same contract. */
int parse_date(const char *what, const char *s, struct civil *c);
/*
 * Parses DUR: ISO 8601 (P1W, PT2H, P1DT2H) or a short form (45s, 90m,
 * 2h, 3d, 1w) into seconds. Negative durations are refused. Same contract.
 */
int parse_duration(const char *what, const char *s, int64_t *secs);

/*
 * Parses a period: months and years (6mo, 1y, P6M, P1Y, P1Y6M) and any
 * DUR (whole days). Zero and negative periods are refused. Same contract.
 */
int parse_period(const char *what, const char *s, int *months, int64_t *days);

/* Formats into buf (at least 32 bytes), returns buf. */
char *fmt_rfc3339(int64_t t, char *buf);        /* 2026-09-10T05:00:00Z */
char *fmt_date(int64_t t, char *buf);           /* 2026-09-10 (UTC date) */
/* n (0..99) as two digits at p, not terminated; returns the end. */
char *fmt_2d(char *p, int n);
/* "2026-09-10" and "10:00" of c at buf (16 octets), terminated; return the NUL's address. */
char *fmt_ymd(const struct civil *c, char *buf);
char *fmt_hm(const struct civil *c, char *buf);
char *fmt_civil(const struct civil *c, int with_time, char *buf);
/* A UTC offset in seconds as "+05", "+0530" or "-04" into buf of n bytes. */
void fmt_offset(int offset, char *buf, size_t n);
/* The same into buf, which has room for 6 bytes and a NUL; returns the end (the NUL). */
char *fmt_offset_at(int offset, char *buf);
/* Formats seconds as an ISO 8601 duration (P1W, PT2H30M). */
char *fmt_duration(int64_t secs, char *buf);

/*
 * The clock. now_init() takes the --now value (or NULL, then $DIPCAL_NOW,
 * then the system clock); returns 0 or ST_INVALID. now() is that instant
 * when it was set, else the system clock.
 */
int now_init(const char *opt);
int64_t now(void);
/* From here on the clock runs: a set clock advances with the system clock (for the daemon). */
void now_run(void);

/* The IANA name of the local zone ($TZ, else /etc/localtime), else "UTC". The caller frees. */
char *local_zone_name(void);

#endif
