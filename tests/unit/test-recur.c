/*
 * Recurring series: ics_expand and ics_series_end over struct series,
 * and the checks of rules and zones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "tap.h"
#include "timeutil.h"
#include "util.h"

#define MAX_OCC 20000

struct occs {
	int64_t start[MAX_OCC], end[MAX_OCC];
	size_t n;
	size_t stop_after;      /* non-zero: ask ics_expand to stop after this many */
	int64_t lo, hi;         /* with keep_window: keep only those overlapping [lo, hi) */
	int keep_window;
};

static struct occs got, ref;

static int collect(void *arg, int64_t start, int64_t end)
{
	struct occs *o = arg;

	if (o->keep_window && !(start < o->hi && (end > o->lo || (end == start && start >= o->lo))))
		return 0;
	if (o->n < MAX_OCC) {
		o->start[o->n] = start;
		o->end[o->n] = end;
	}
	o->n++;
	return o->stop_after && o->n >= o->stop_after;
}

/* An instant from "YYYY-MM-DD[ HH:MM[:SS]][Z]": local time in zone, or 00:00Z of a date. */
static int64_t at(const char *zone, const char *when)
{
	struct civil c;
	enum when_kind kind;
	int64_t t;

	if (parse_when("test", when, &c, &kind)) {
		fprintf(stderr, "test-recur: bad time '%s' in the test itself\n", when);
		exit(2);
	}
	if (kind == WHEN_DATE)
		return days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	if (kind == WHEN_UTC)
		return civil_as_utc(&c);
	if (ics_local_to_utc(&c, zone, &t)) {
		fprintf(stderr, "test-recur: bad zone '%s' in the test itself\n", zone);
		exit(2);
	}
	return t;
}

/* The starts collected, as "2026-01-01T00:00:00Z,..." (the caller frees). */
static char *starts(const struct occs *o)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];

	for (size_t i = 0; i < o->n && i < MAX_OCC; i++) {
		if (i)
			sb_puts(&sb, ",");
		sb_puts(&sb, fmt_rfc3339(o->start[i], buf));
	}
	return sb_detach(&sb);
}

/* Expands s over [from, to) into got; returns ics_expand's status. */
static int expand(const struct series *s, int64_t from, int64_t to)
{
	memset(&got, 0, sizeof(got));
	return ics_expand(s, from, to, collect, &got);
}

/* Expands s over [from, to) and compares the starts with want; every end must be start + duration. */
static void expect(const struct series *s, int64_t from, int64_t to, const char *want, const char *name)
{
	int st = expand(s, from, to);
	char *have = starts(&got);
	int ends_ok = 1;

	is_int(st, 0, "%s: ics_expand succeeds", name);
	is_str(have, want, "%s: occurrences", name);
	for (size_t i = 0; i < got.n && i < MAX_OCC; i++)
		if (got.end[i] - got.start[i] != s->end - s->start)
			ends_ok = 0;
	if (*want)
		ok(ends_ok && got.n > 0, "%s: every occurrence lasts as long as the first", name);
	free(have);
}

static void expect_end(const struct series *s, int64_t want_end, int want_finite, const char *name)
{
	int64_t end = -1;
	int finite = -1;
	int st = ics_series_end(s, &end, &finite);
	char a[32], b[32];

	is_int(st, 0, "%s: ics_series_end succeeds", name);
	is_int(finite, want_finite, "%s: series is %s", name, want_finite ? "finite" : "endless");
	if (want_finite)
		is_str(fmt_rfc3339(end, a), fmt_rfc3339(want_end, b), "%s: series_end", name);
}

static void test_weekly_dst(void)
{
	const char *tz = "Europe/Brussels";
	struct series s = { "FREQ=WEEKLY", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	int all_ten = 1;

	s.start = at(tz, "2026-03-19 10:00");
	s.end = s.start + 3600;
	expect(&s, at(tz, "2026-03-01"), at(tz, "2026-04-10"),
	       "2026-03-19T09:00:00Z,2026-03-26T09:00:00Z,2026-04-02T08:00:00Z,2026-04-09T08:00:00Z",
	       "weekly 10:00 Brussels across the spring change");
	for (size_t i = 0; i < got.n; i++) {
		struct civil c;
		int offset;

		if (ics_utc_to_local(got.start[i], tz, &c, &offset) || c.h != 10 || c.mi != 0 ||
		    weekday_of_days(days_from_civil(c.y, c.mo, c.d)) != 3)
			all_ten = 0;
	}
	ok(all_ten && got.n == 4, "weekly Brussels: every occurrence is Thursday 10:00 local");
	expect(&s, at(tz, "2026-10-20"), at(tz, "2026-11-04"),
	       "2026-10-22T08:00:00Z,2026-10-29T09:00:00Z", "weekly 10:00 Brussels across the autumn change");
	expect_end(&s, 0, 0, "weekly without end");
}

static void test_count(void)
{
	const char *tz = "Asia/Tashkent";
	struct series s = { "FREQ=DAILY;COUNT=3", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	struct series w = { "FREQ=WEEKLY;COUNT=3", "Europe/Brussels", 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };

	s.start = at(tz, "2026-05-04 09:00");
	s.end = s.start + 5400;
	expect(&s, at(tz, "2026-01-01"), at(tz, "2027-01-01"),
	       "2026-05-04T04:00:00Z,2026-05-05T04:00:00Z,2026-05-06T04:00:00Z", "daily COUNT=3");
	is_int((int64_t)got.n, 3, "daily COUNT=3: exactly 3");
	expect_end(&s, at("UTC", "2026-05-06 05:30Z"), 1, "daily COUNT=3");

	w.start = at(w.tz, "2026-03-19 10:00");
	w.end = w.start + 3600;
	expect_end(&w, at("UTC", "2026-04-02 09:00Z"), 1, "weekly COUNT=3 across the spring change");
	expect(&w, at("UTC", "2026-03-27"), at("UTC", "2027-01-01"), "2026-04-02T08:00:00Z",
	       "weekly COUNT=3, window after the second");
	expect(&w, at("UTC", "2026-04-03"), at("UTC", "2027-01-01"), "", "weekly COUNT=3, window after the end");
}

static void test_until(void)
{
	struct series s = { "FREQ=WEEKLY;UNTIL=20260331T235959Z", "Europe/Brussels", 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	struct series d = { "FREQ=DAILY;UNTIL=20260506T040000Z", "Asia/Tashkent", 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };

	s.start = at(s.tz, "2026-03-03 10:00");
	s.end = s.start + 3600;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-03-03T09:00:00Z,2026-03-10T09:00:00Z,2026-03-17T09:00:00Z,2026-03-24T09:00:00Z,"
	       "2026-03-31T08:00:00Z", "weekly UNTIL end of March");
	expect_end(&s, at("UTC", "2026-03-31 09:00Z"), 1, "weekly UNTIL end of March");

	/* UNTIL is inclusive: an occurrence starting at UNTIL belongs to the series. */
	d.start = at(d.tz, "2026-05-04 09:00");
	d.end = d.start + 3600;
	expect(&d, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-05-04T04:00:00Z,2026-05-05T04:00:00Z,2026-05-06T04:00:00Z", "daily UNTIL the third start");
	expect_end(&d, at("UTC", "2026-05-06 05:00Z"), 1, "daily UNTIL the third start");

	/* UNTIL is an instant: west of UTC, 09:00Z on the 6th is before that day's 09:00 EDT (13:00Z). */
	d.rrule = "FREQ=DAILY;UNTIL=20260506T090000Z";
	d.tz = "America/New_York";
	d.start = at(d.tz, "2026-05-04 09:00");
	d.end = d.start + 3600;
	expect(&d, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-05-04T13:00:00Z,2026-05-05T13:00:00Z", "daily in New York UNTIL 4 hours before the third");
	expect_end(&d, at("UTC", "2026-05-05 14:00Z"), 1, "daily in New York UNTIL 4 hours before the third");
}

static void test_exdate(void)
{
	const char *tz = "Asia/Tashkent";
	struct series s = { "FREQ=WEEKLY;COUNT=5", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	int64_t ex[2];

	s.start = at(tz, "2026-02-02 09:00");
	s.end = s.start + 3600;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-02-02T04:00:00Z,2026-02-09T04:00:00Z,2026-02-16T04:00:00Z,2026-02-23T04:00:00Z,"
	       "2026-03-02T04:00:00Z", "weekly COUNT=5, no EXDATE");

	ex[0] = at(tz, "2026-02-16 09:00");
	s.exdates = ex;
	s.nexdates = 1;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-02-02T04:00:00Z,2026-02-09T04:00:00Z,2026-02-23T04:00:00Z,2026-03-02T04:00:00Z",
	       "EXDATE removes exactly the third");

	ex[0] = at(tz, "2026-02-16 09:00") + 1;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-02-02T04:00:00Z,2026-02-09T04:00:00Z,2026-02-16T04:00:00Z,2026-02-23T04:00:00Z,"
	       "2026-03-02T04:00:00Z", "EXDATE one second off removes nothing");

	ex[0] = s.start;
	ex[1] = at(tz, "2026-03-02 09:00");
	s.nexdates = 2;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-02-09T04:00:00Z,2026-02-16T04:00:00Z,2026-02-23T04:00:00Z",
	       "two EXDATEs remove the first and the last");
}

static void test_all_day(void)
{
	struct series s = { "FREQ=YEARLY", "Asia/Tashkent", 0, 0, 1, NULL, 0, NULL, 0, 0, 0 };
	struct series ny = { "FREQ=YEARLY", "America/New_York", 0, 0, 1, NULL, 0, NULL, 0, 0, 0 };
	struct series d = { "FREQ=DAILY;UNTIL=20260912", "Asia/Tashkent", 0, 0, 1, NULL, 0, NULL, 0, 0, 0 };
	int midnight = 1;

	/* A two-day meeting every 10 September. */
	s.start = at("UTC", "2026-09-10");
	s.end = s.start + 2 * DAY_SECONDS;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2030-01-01"),
	       "2026-09-10T00:00:00Z,2027-09-10T00:00:00Z,2028-09-10T00:00:00Z,2029-09-10T00:00:00Z",
	       "all-day yearly");
	for (size_t i = 0; i < got.n; i++)
		if (got.start[i] % DAY_SECONDS || got.end[i] % DAY_SECONDS)
			midnight = 0;
	ok(midnight, "all-day yearly: starts and ends at 00:00Z");
	expect(&s, at("UTC", "2040-01-01"), at("UTC", "2042-01-01"),
	       "2040-09-10T00:00:00Z,2041-09-10T00:00:00Z", "all-day yearly, window 14 years on");
	expect(&s, at("UTC", "2040-09-11"), at("UTC", "2040-09-12"),
	       "2040-09-10T00:00:00Z", "all-day yearly, window on its second day");

	ny.start = s.start;
	ny.end = s.end;
	expect(&ny, at("UTC", "2040-01-01"), at("UTC", "2042-01-01"),
	       "2040-09-10T00:00:00Z,2041-09-10T00:00:00Z", "all-day yearly in New York, window 14 years on");

	d.start = at("UTC", "2026-09-10");
	d.end = d.start + DAY_SECONDS;
	expect(&d, at("UTC", "2026-01-01"), at("UTC", "2027-01-01"),
	       "2026-09-10T00:00:00Z,2026-09-11T00:00:00Z,2026-09-12T00:00:00Z", "all-day daily UNTIL a date");
	expect_end(&d, at("UTC", "2026-09-13"), 1, "all-day daily UNTIL a date");
}

static void test_long_series(void)
{
	const char *tz = "Asia/Tashkent";
	struct series s = { "FREQ=DAILY", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	struct series i3 = { "FREQ=DAILY;INTERVAL=3", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	struct series w2 = { "FREQ=WEEKLY;INTERVAL=2", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };

	s.start = at(tz, "2000-01-01 09:00");
	s.end = s.start + 3600;
	expect(&s, at("UTC", "2026-01-15"), at("UTC", "2026-01-18"),
	       "2026-01-15T04:00:00Z,2026-01-16T04:00:00Z,2026-01-17T04:00:00Z", "daily since 2000, window in 2026");
	expect(&s, at("UTC", "2026-01-15 04:30Z"), at("UTC", "2026-01-16 04:00Z"),
	       "2026-01-15T04:00:00Z", "daily since 2000: an occurrence under way at the window's start");
	expect(&s, at("UTC", "2026-01-15 05:00Z"), at("UTC", "2026-01-16 04:00Z"),
	       "", "daily since 2000: one that ended at the window's start is out, one at its end too");

	/* 2026-01-17 is 9513 = 3 x 3171 days after 2000-01-01. */
	i3.start = s.start;
	i3.end = s.end;
	expect(&i3, at("UTC", "2026-01-15"), at("UTC", "2026-01-25"),
	       "2026-01-17T04:00:00Z,2026-01-20T04:00:00Z,2026-01-23T04:00:00Z",
	       "every third day since 2000, window in 2026");

	/* 2026-01-12 is 1358 weeks after Monday 2000-01-03. */
	w2.start = at(tz, "2000-01-03 09:00");
	w2.end = w2.start + 3600;
	expect(&w2, at("UTC", "2026-01-01"), at("UTC", "2026-02-01"),
	       "2026-01-12T04:00:00Z,2026-01-26T04:00:00Z", "fortnightly since 2000, window in 2026");
}

static void test_monthly_byday(void)
{
	const char *tz = "Asia/Tashkent";
	struct series s = { "FREQ=MONTHLY;BYDAY=1TU", tz, 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	int first_tuesdays = 1;

	s.start = at(tz, "2026-01-06 10:00");
	s.end = s.start + 7200;
	expect(&s, at("UTC", "2026-01-01"), at("UTC", "2026-07-01"),
	       "2026-01-06T05:00:00Z,2026-02-03T05:00:00Z,2026-03-03T05:00:00Z,2026-04-07T05:00:00Z,"
	       "2026-05-05T05:00:00Z,2026-06-02T05:00:00Z", "monthly first Tuesday, first half of 2026");
	expand(&s, at("UTC", "2026-01-01"), at("UTC", "2036-01-01"));
	for (size_t i = 0; i < got.n; i++) {
		struct civil c;

		ics_utc_to_local(got.start[i], tz, &c, NULL);
		if (c.d > 7 || c.h != 10 || weekday_of_days(days_from_civil(c.y, c.mo, c.d)) != 1)
			first_tuesdays = 0;
	}
	ok(first_tuesdays && got.n == 120, "monthly first Tuesday: 120 in ten years, each a first Tuesday 10:00");
	expect(&s, at("UTC", "2030-01-01"), at("UTC", "2030-04-01"),
	       "2030-01-01T05:00:00Z,2030-02-05T05:00:00Z,2030-03-05T05:00:00Z",
	       "monthly first Tuesday, window in 2030");
}

/*
 * The occurrences in a window must not depend on where expansion starts:
 * expanding from the series' start and keeping those in the window gives
 * the same as expanding the window alone (which skips ahead).
 */
static void test_window_independence(void)
{
	static const struct {
		const char *rule;
		int timed_only;
	} rules[] = {
		{ "FREQ=DAILY", 0 }, { "FREQ=DAILY;INTERVAL=3", 0 }, { "FREQ=WEEKLY", 0 },
		{ "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE", 0 }, { "FREQ=MONTHLY;BYDAY=1TU", 0 },
		{ "FREQ=MONTHLY;BYDAY=-1FR", 0 }, { "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", 0 },
		{ "FREQ=MONTHLY;INTERVAL=5", 0 }, { "FREQ=MONTHLY;BYMONTHDAY=31", 0 },
		{ "FREQ=YEARLY", 0 }, { "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", 0 }, { "FREQ=YEARLY;INTERVAL=4", 0 },
		{ "FREQ=HOURLY;INTERVAL=5", 1 }, { "FREQ=HOURLY;INTERVAL=7", 1 },
	};
	static const char *const zones[] = { "Asia/Tashkent", "Europe/Brussels", "America/New_York" };
	static const struct {
		const char *start;
		int64_t dur;
		int all_day;
	} starts_[] = {
		{ "2000-02-29 23:30", 5400, 0 },
		{ "2024-12-31 00:30", 3 * DAY_SECONDS, 0 },
		{ "2000-02-29", DAY_SECONDS, 1 },
	};
	/* 2026 to 2028: a leap year in it, for the series of 29 February. */
	int64_t from = at("UTC", "2026-01-01"), to = at("UTC", "2029-01-01");

	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		int same = 1, compared = 0;

		for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
			for (size_t k = 0; k < sizeof(starts_) / sizeof(starts_[0]); k++) {
				struct series s = { rules[r].rule, zones[z], 0, 0, starts_[k].all_day, NULL, 0, NULL, 0, 0, 0 };
				char *a, *b;

				if (starts_[k].all_day && rules[r].timed_only)
					continue;
				s.start = starts_[k].all_day ? at("UTC", starts_[k].start) : at(zones[z], starts_[k].start);
				s.end = s.start + starts_[k].dur;
				memset(&ref, 0, sizeof(ref));
				ref.keep_window = 1;
				ref.lo = from;
				ref.hi = to;
				ics_expand(&s, s.start, to, collect, &ref);
				expand(&s, from, to);
				a = starts(&ref);
				b = starts(&got);
				compared++;
				if (ref.n != got.n || strcmp(a, b)) {
					if (same)
						diag("%s in %s from %s: from the start %zu, the window alone %zu; "
						     "first: %.20s vs %.20s", rules[r].rule, zones[z], starts_[k].start,
						     ref.n, got.n, a, b);
					same = 0;
				}
				if (ref.n == 0) {
					diag("%s in %s from %s: nothing in the window", rules[r].rule, zones[z],
					     starts_[k].start);
					same = 0;
				}
				free(a);
				free(b);
			}
		}
		ok(same && compared > 0, "%s: a 2026-2028 window gives what expanding from the start gives", rules[r].rule);
	}

	/* The same, spelled out: every five hours from 2026-01-01 00:00Z; on 10 January: 04, 09, 14, 19. */
	{
		struct series s = { "FREQ=HOURLY;INTERVAL=5", "UTC", 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };

		s.start = at("UTC", "2026-01-01 00:00Z");
		s.end = s.start + 3600;
		expect(&s, at("UTC", "2026-01-10"), at("UTC", "2026-01-11"),
		       "2026-01-10T04:00:00Z,2026-01-10T09:00:00Z,2026-01-10T14:00:00Z,2026-01-10T19:00:00Z",
		       "every five hours, window nine days on");
	}
}

static void test_single(void)
{
	struct series s = { NULL, "Asia/Tashkent", 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };
	int64_t t = at("UTC", "2026-01-15 10:00Z");

	s.start = t;
	s.end = t + 3600;
	expect(&s, t + 1800, t + 1860, "2026-01-15T10:00:00Z", "single: window inside it");
	expect(&s, t - 3600, t + 1, "2026-01-15T10:00:00Z", "single: window meeting its start");
	expand(&s, t + 3600, t + 7200);
	is_int((int64_t)got.n, 0, "single: window from its end has none");
	expand(&s, t - 3600, t);
	is_int((int64_t)got.n, 0, "single: window up to its start has none");
	expect_end(&s, t + 3600, 1, "single");

	s.end = s.start;
	expand(&s, t, t + 60);
	is_int((int64_t)got.n, 1, "single without duration at the window's start is in it");
	expand(&s, t - 60, t);
	is_int((int64_t)got.n, 0, "single without duration at the window's end is not");
}

static void test_stop_early(void)
{
	struct series s = { "FREQ=DAILY", "Asia/Tashkent", 0, 0, 0, NULL, 0, NULL, 0, 0, 0 };

	s.start = at(s.tz, "2026-01-01 09:00");
	s.end = s.start + 3600;
	memset(&got, 0, sizeof(got));
	got.stop_after = 2;
	is_int(ics_expand(&s, s.start, s.start + 30 * DAY_SECONDS, collect, &got), 0, "ics_expand stopped early: status");
	is_int((int64_t)got.n, 2, "ics_expand stops when the callback returns non-zero");
}

static void test_checks(void)
{
	static const char *const good_rules[] = {
		"FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=MONTHLY;BYDAY=1TU", "FREQ=DAILY;COUNT=3",
		"FREQ=YEARLY;UNTIL=20300101T000000Z", "FREQ=WEEKLY;INTERVAL=2",
	};
	static const char *const bad_rules[] = {
		"FREQ=SOMETIMES", "FREQ=WEEKLY;BYDAY=XX", "", "COUNT=3", "garbage",
	};
	static const char *const good_zones[] = {
		"Asia/Tashkent", "Asia/Almaty", "Asia/Bishkek", "Asia/Baku", "Europe/Brussels",
		"America/New_York", "UTC",
	};
	static const char *const bad_zones[] = { "Mars/Olympus", "", "Europe/Brusels", "Asia" };
	struct series s = { "FREQ=SOMETIMES", "Asia/Tashkent", 0, 3600, 0, NULL, 0, NULL, 0, 0, 0 };
	int64_t end;
	int finite;

	for (size_t i = 0; i < sizeof(good_rules) / sizeof(good_rules[0]); i++)
		is_int(ics_rrule_check("RRULE", good_rules[i]), 0, "ics_rrule_check accepts '%s'", good_rules[i]);
	for (size_t i = 0; i < sizeof(bad_rules) / sizeof(bad_rules[0]); i++)
		is_int(ics_rrule_check("RRULE", bad_rules[i]), ST_INVALID, "ics_rrule_check refuses '%s'", bad_rules[i]);
	for (size_t i = 0; i < sizeof(good_zones) / sizeof(good_zones[0]); i++)
		is_int(ics_zone_check("ZONE", good_zones[i]), 0, "ics_zone_check accepts '%s'", good_zones[i]);
	for (size_t i = 0; i < sizeof(bad_zones) / sizeof(bad_zones[0]); i++)
		is_int(ics_zone_check("ZONE", bad_zones[i]), ST_INVALID, "ics_zone_check refuses '%s'", bad_zones[i]);

	is_int(expand(&s, 0, 86400 * 30), ST_INVALID, "ics_expand refuses FREQ=SOMETIMES");
	is_int(ics_series_end(&s, &end, &finite), ST_INVALID, "ics_series_end refuses FREQ=SOMETIMES");
	s.rrule = "FREQ=DAILY;COUNT=2";
	s.tz = "Mars/Olympus";
	is_int(expand(&s, 0, 86400 * 30), ST_INVALID, "ics_expand refuses zone Mars/Olympus");
	is_int(ics_series_end(&s, &end, &finite), ST_INVALID, "ics_series_end refuses zone Mars/Olympus");
}

int main(void)
{
	test_weekly_dst();
	test_count();
	test_until();
	test_exdate();
	test_all_day();
	test_long_series();
	test_monthly_byday();
	test_window_independence();
	test_single();
	test_stop_early();
	test_checks();
	return done_testing();
}
