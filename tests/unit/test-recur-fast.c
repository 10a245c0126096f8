/*
 * The arithmetic expansion of common rules (ics_expand) against libical's
 * iterator (ics_expand_libical): for many rules, zones, starts and
 * windows, both give the same occurrences, to the second.
 */
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "rng.h"
#include "tap.h"
#include "timeutil.h"

#define MAXOCC 4000

struct list {
	int64_t t[MAXOCC];
	int n;
};

static int collect(void *arg, int64_t start, int64_t end)
{
	struct list *l = arg;

	(void)end;
	if (l->n < MAXOCC)
		l->t[l->n++] = start;
	return 0;
}


static const char *const zones[] = { "UTC", "Asia/Tashkent", "Europe/Brussels", "America/New_York", "Asia/Almaty" };
static const char *const days2[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

/* A random rule of the shapes the arithmetic handles (and a few it does not). */
static void random_rule(char *buf, size_t n, int64_t start_day)
{
	static const char *const freqs[] = { "DAILY", "WEEKLY", "MONTHLY", "YEARLY" };
	int f = pick(4), used = 0;
	int y, m, d;

	civil_from_days(start_day, &y, &m, &d);
	used += snprintf(buf + used, n - (size_t)used, "FREQ=%s", freqs[f]);
	if (pick(2))
		used += snprintf(buf + used, n - (size_t)used, ";INTERVAL=%d", 1 + pick(4));
	if (f == 1 && pick(2)) {
		int wd = pick(3) ? weekday_of_days(start_day) : pick(7), extra = pick(7);

		used += snprintf(buf + used, n - (size_t)used, ";BYDAY=%s", days2[wd]);
		if (extra != wd)
			used += snprintf(buf + used, n - (size_t)used, ",%s", days2[extra]);
	}
	if (f == 2) {
		switch (pick(4)) {
		case 0: {
			int wd = pick(2) ? weekday_of_days(start_day) : pick(7), nth = pick(2) ? (d - 1) / 7 + 1 : 1 + pick(5);

			used += snprintf(buf + used, n - (size_t)used, ";BYDAY=%d%s", nth, days2[wd]);
			break;
		}
		case 1:
			used += snprintf(buf + used, n - (size_t)used, ";BYMONTHDAY=%d", pick(2) ? d : 1 + pick(31));
			break;
		case 2: {
			int wd = pick(2) ? weekday_of_days(start_day) : pick(7);

			used += snprintf(buf + used, n - (size_t)used, ";BYDAY=-%d%s", 1 + pick(2), days2[wd]);
			break;
		}
		default:
			break;
		}
	}
	switch (pick(3)) {
	case 0:
		snprintf(buf + used, n - (size_t)used, ";COUNT=%d", 1 + pick(60));
		break;
	case 1: {
		int64_t u = start_day + 30 + pick(3000);
		int uy, um, ud;

		civil_from_days(u, &uy, &um, &ud);
		if (pick(2))
			snprintf(buf + used, n - (size_t)used, ";UNTIL=%04d%02d%02dT%02d%02d00Z", uy, um, ud, pick(24), pick(60));
		else
			snprintf(buf + used, n - (size_t)used, ";UNTIL=%04d%02d%02d", uy, um, ud);
		break;
	}
	default:
		break;
	}
}

int main(void)
{
	int cases = 0, differ = 0, ends = 0, ends_differ = 0;

	for (int i = 0; i < 3000; i++) {
		struct series s;
		struct list a, b;
		char rule[160];
		const char *zone = zones[pick(5)];
		int all_day = pick(5) == 0;
		int64_t day = days_from_civil(2000, 1, 1) + pick(12000), from, to;
		struct civil c;

		memset(&s, 0, sizeof(s));
		random_rule(rule, sizeof(rule), day);
		if (all_day && strstr(rule, "T") && strstr(rule, "UNTIL") && strchr(strstr(rule, "UNTIL"), 'T'))
			continue; /* a DATE series takes a DATE UNTIL */
		civil_from_days(day, &c.y, &c.mo, &c.d);
		c.h = pick(24);
		c.mi = pick(4) * 15;
		c.s = 0;
		s.rrule = rule;
		s.tz = zone;
		s.all_day = all_day;
		if (all_day) {
			s.start = day * DAY_SECONDS;
			s.end = s.start + DAY_SECONDS * (1 + pick(2));
		} else {
			ics_local_to_utc(&c, zone, &s.start);
			s.end = s.start + 60 * (15 + pick(240));
		}
		from = s.start + ((int64_t)pick(4000) - 200) * DAY_SECONDS;
		to = from + (1 + pick(60)) * DAY_SECONDS;
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		ics_expand(&s, from, to, collect, &a);
		ics_expand_libical(&s, from, to, collect, &b);
		cases++;
		{
			int64_t e1 = 0, e2 = 0;
			int f1 = 0, f2 = 0;

			ics_series_end(&s, &e1, &f1);
			ics_series_end_libical(&s, &e2, &f2);
			ends++;
			if (e1 != e2 || f1 != f2) {
				char x[32], y[32], z[32];

				if (++ends_differ <= 5)
					diag("series end of %s from %s: %s vs %s", rule, fmt_rfc3339(s.start, z),
					     fmt_rfc3339(e1, x), fmt_rfc3339(e2, y));
			}
		}
		if (a.n != b.n || memcmp(a.t, b.t, (size_t)a.n * sizeof(int64_t))) {
			char x[32], y[32];

			differ++;
			if (differ <= 10)
				diag("%s %s start %s all_day %d: %d vs %d occurrences (first %s vs %s)", rule, zone,
				     fmt_rfc3339(s.start, x), all_day, a.n, b.n, a.n ? fmt_rfc3339(a.t[0], x) : "-",
				     b.n ? fmt_rfc3339(b.t[0], y) : "-");
		}
	}
	ok(cases > 1000, "%d random series expanded both ways", cases);
	is_int(differ, 0, "the arithmetic and libical agree on every one");
	ok(ends > 1000, "%d series ends computed both ways", ends);
	is_int(ends_differ, 0, "the series ends agree");
	return done_testing();
}
