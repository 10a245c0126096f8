/*
 * Dates, times and durations: parse_when, parse_date, parse_duration,
 * the civil-day arithmetic, weekdays and the formatters; WHEN values in
 * real zones come from tests/data/when.txt.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ics.h"
#include "tap.h"
#include "timeutil.h"
#include "util.h"

/* parse_when: accepted values and what they are read as. */
static void test_parse_when_valid(void)
{
	static const struct {
		const char *s;
		enum when_kind kind;
		struct civil c;
	} cases[] = {
		{ "2026-01-15", WHEN_DATE, { 2026, 1, 15, 0, 0, 0 } },
		{ "2024-02-29", WHEN_DATE, { 2024, 2, 29, 0, 0, 0 } },
		{ "2000-02-29", WHEN_DATE, { 2000, 2, 29, 0, 0, 0 } },
		{ "0001-01-01", WHEN_DATE, { 1, 1, 1, 0, 0, 0 } },
		{ "9999-12-31", WHEN_DATE, { 9999, 12, 31, 0, 0, 0 } },
		{ "2026-01-15 10:30", WHEN_LOCAL, { 2026, 1, 15, 10, 30, 0 } },
		{ "2026-01-15T10:30", WHEN_LOCAL, { 2026, 1, 15, 10, 30, 0 } },
		{ "2026-01-15 00:00", WHEN_LOCAL, { 2026, 1, 15, 0, 0, 0 } },
		{ "2026-12-31 23:59:59", WHEN_LOCAL, { 2026, 12, 31, 23, 59, 59 } },
		{ "2026-01-15T10:30:45", WHEN_LOCAL, { 2026, 1, 15, 10, 30, 45 } },
		{ "2026-01-15T10:30:45Z", WHEN_UTC, { 2026, 1, 15, 10, 30, 45 } },
		{ "2026-01-15 10:30Z", WHEN_UTC, { 2026, 1, 15, 10, 30, 0 } },
		{ "2024-02-29T23:59Z", WHEN_UTC, { 2024, 2, 29, 23, 59, 0 } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct civil c;
		enum when_kind kind = (enum when_kind)-1;
		int st = parse_when("WHEN", cases[i].s, &c, &kind);
		const struct civil *e = &cases[i].c;

		if (!is_int(st, 0, "parse_when accepts '%s'", cases[i].s))
			continue;
		is_int(kind, cases[i].kind, "parse_when '%s': kind", cases[i].s);
		ok(c.y == e->y && c.mo == e->mo && c.d == e->d && c.h == e->h && c.mi == e->mi && c.s == e->s,
		   "parse_when '%s': fields %04d-%02d-%02d %02d:%02d:%02d", cases[i].s,
		   c.y, c.mo, c.d, c.h, c.mi, c.s);
	}
}

/* parse_when: refused values, each with ST_INVALID. */
static void test_parse_when_invalid(void)
{
	static const char *const bad[] = {
		"2026-02-30", "2026-02-30 10:00", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-01-32", "2026-04-31", "2026-02-29", "1900-02-29", "2100-02-29",
		"0000-01-01",
		"2026-01-15 25:00", "2026-01-15 24:00", "2026-01-15 12:60", "2026-01-15 12:00:60",
		"garbage", "", " ", "next tuesday",
		"2026-01-15x", "2026-01-15 10:00x", "2026-01-15 10:00 ", " 2026-01-15",
		"2026-01-15 10:00ZZ", "2026-01-15Z", "2026-01-15 10:00:00:00",
		"2026-1-15", "26-01-15", "2026/01/15", "20260115",
		"2026-01-15 1:00", "2026-01-15 10", "2026-01-15 10:", "2026-01-15 10:0",
		"2026-01-15 10:00:5", "2026-01-15  10:00", "2026-01-15_10:00",
		"+2026-01-15", "-2026-01-15", "2026-01-15T10:00+05:00",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct civil c;
		enum when_kind kind;

		is_int(parse_when("WHEN", bad[i], &c, &kind), ST_INVALID, "parse_when refuses '%s'", bad[i]);
	}
}

static void test_parse_date(void)
{
	static const char *const good[] = { "2026-01-15", "2024-02-29", "2000-02-29", "2026-12-31" };
	static const char *const bad[] = {
		"2026-02-29", "2026-02-30", "2026-13-01", "2026-01-15 10:00", "2026-01-15T10:00Z",
		"2026-01-15Z", "2026-01-15 ", "garbage", "",
	};
	struct civil c;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		is_int(parse_date("DATE", good[i], &c), 0, "parse_date accepts '%s'", good[i]);
	ok(parse_date("DATE", "2024-02-29", &c) == 0 && c.y == 2024 && c.mo == 2 && c.d == 29 &&
	   c.h == 0 && c.mi == 0 && c.s == 0, "parse_date '2024-02-29' fields");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(parse_date("DATE", bad[i], &c), ST_INVALID, "parse_date refuses '%s'", bad[i]);
}

static void test_parse_duration(void)
{
	static const struct {
		const char *s;
		int64_t secs;
	} good[] = {
		{ "P1W", 604800 }, { "P2W", 1209600 }, { "PT2H", 7200 }, { "PT20S", 20 },
		{ "PT90M", 5400 }, { "P1D", 86400 }, { "P1DT2H", 93600 }, { "PT1H30M", 5400 },
		{ "P1DT1H1M1S", 90061 }, { "+P1W", 604800 },
		{ "45s", 45 }, { "90m", 5400 }, { "2h", 7200 }, { "3d", 259200 }, { "1w", 604800 },
		{ "0m", 0 }, { "+5m", 300 },
		/* 68 years: more than 2^31 seconds, within the 100-year limit of the short form. */
		{ "24856d", INT64_C(2147558400) },
		{ "P24856D", INT64_C(2147558400) },
	};
	static const char *const bad[] = {
		"-PT1H", "-P1D", "-5m", "-0m", "P1M", "P1Y", "P1Y2M", "5x", "", "5", "m", "5 m", "5m ",
		"5mm", "1.5h", "PT1.5H", "PT-1H", "PT1H1H", "P", "PT", "2 hours", "1w2d",
		/* Longer than 100 years. */
		"36601d", "5300w",
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int64_t secs = -1;
		int st = parse_duration("DUR", good[i].s, &secs);

		if (is_int(st, 0, "parse_duration accepts '%s'", good[i].s))
			is_int(secs, good[i].secs, "parse_duration '%s' is %" PRId64 " s", good[i].s, good[i].secs);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t secs = 12345;
		int st = parse_duration("DUR", bad[i], &secs);

		if (!is_int(st, ST_INVALID, "parse_duration refuses '%s'", bad[i]))
			diag("parse_duration('%s') gave %" PRId64 " s", bad[i], secs);
	}
	/*
	 * Beyond 2^31 seconds or 100 years: refusing is fine (the short form
	 * refuses more than 100 years), a wrong, wrapped or negative value is not.
	 */
	{
		static const struct {
			const char *s;
			int64_t secs;
		} big[] = {
			{ "PT600000H", INT64_C(2160000000) }, { "P36601D", INT64_C(3162326400) },
			{ "P50000D", INT64_C(4320000000) }, { "PT4294967297S", INT64_C(4294967297) },
		};

		for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
			int64_t secs = -1;
			int st = parse_duration("DUR", big[i].s, &secs);

			if (!ok(st == ST_INVALID || (st == 0 && secs == big[i].secs),
				"parse_duration '%s' is refused or %" PRId64 " s", big[i].s, big[i].secs))
				diag("status %d, %" PRId64 " s", st, secs);
		}
	}
}

/* days_from_civil and civil_from_days agree, day by day, over +-2700 years. */
static void test_civil_days(void)
{
	static const struct {
		int y, m, d;
		int64_t days;
	} anchors[] = {
		{ 1970, 1, 1, 0 }, { 1969, 12, 31, -1 }, { 1970, 1, 2, 1 }, { 2000, 1, 1, 10957 },
		{ 2000, 2, 29, 11016 }, { 2000, 3, 1, 11017 }, { 2024, 2, 29, 19782 },
		{ 2026, 1, 15, 20468 }, { 1900, 1, 1, -25567 }, { 1600, 3, 1, -135080 },
		{ 1, 1, 1, -719162 }, { 0, 3, 1, -719468 }, { 0, 2, 29, -719469 }, { -1, 12, 31, -719529 },
		{ 9999, 12, 31, 2932896 },
	};
	int64_t bad = 0, first_bad = 0;
	int py, pm, pd;

	for (size_t i = 0; i < sizeof(anchors) / sizeof(anchors[0]); i++) {
		int y, m, d;

		is_int(days_from_civil(anchors[i].y, anchors[i].m, anchors[i].d), anchors[i].days,
		       "days_from_civil(%d-%02d-%02d)", anchors[i].y, anchors[i].m, anchors[i].d);
		civil_from_days(anchors[i].days, &y, &m, &d);
		ok(y == anchors[i].y && m == anchors[i].m && d == anchors[i].d,
		   "civil_from_days(%" PRId64 ") is %d-%02d-%02d (got %d-%02d-%02d)", anchors[i].days,
		   anchors[i].y, anchors[i].m, anchors[i].d, y, m, d);
	}

	/* Each day is the day after the previous one, and maps back to itself. */
	civil_from_days(-1000001, &py, &pm, &pd);
	for (int64_t z = -1000000; z <= 1000000; z++) {
		int y, m, d;
		int next;

		civil_from_days(z, &y, &m, &d);
		if (pd < days_in_month(py, pm))
			next = y == py && m == pm && d == pd + 1;
		else if (pm < 12)
			next = y == py && m == pm + 1 && d == 1;
		else
			next = y == py + 1 && m == 1 && d == 1;
		if (!next || days_from_civil(y, m, d) != z) {
			if (!bad++)
				first_bad = z;
		}
		py = y;
		pm = m;
		pd = d;
	}
	if (!ok(bad == 0, "days_from_civil/civil_from_days round-trip every day of [-1000000, 1000000]"))
		diag("%" PRId64 " days wrong, the first is %" PRId64, bad, first_bad);

	is_int(days_in_month(2024, 2), 29, "days_in_month 2024-02 (leap)");
	is_int(days_in_month(2026, 2), 28, "days_in_month 2026-02");
	is_int(days_in_month(2000, 2), 29, "days_in_month 2000-02 (leap, divisible by 400)");
	is_int(days_in_month(1900, 2), 28, "days_in_month 1900-02 (not leap, divisible by 100)");
	is_int(days_in_month(0, 2), 29, "days_in_month 0000-02 (leap)");
	is_int(days_in_month(-100, 2), 28, "days_in_month -0100-02 (not leap)");
	is_int(days_in_month(2026, 4), 30, "days_in_month 2026-04");
	is_int(days_in_month(2026, 12), 31, "days_in_month 2026-12");
}

static void test_weekday(void)
{
	static const struct {
		int y, m, d, wd;
	} cases[] = {
		{ 2026, 1, 15, 3 },  /* Thursday */
		{ 1970, 1, 1, 3 },   /* Thursday */
		{ 1969, 12, 31, 2 }, /* Wednesday */
		{ 1969, 12, 28, 6 }, /* Sunday */
		{ 2000, 1, 1, 5 },   /* Saturday */
		{ 1900, 1, 1, 0 },   /* Monday */
		{ 1600, 1, 1, 5 },   /* Saturday */
		{ 2024, 2, 29, 3 },  /* Thursday */
		{ 2026, 3, 29, 6 },  /* Sunday */
		{ 2026, 9, 14, 0 },  /* Monday */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(weekday_of_days(days_from_civil(cases[i].y, cases[i].m, cases[i].d)), cases[i].wd,
		       "weekday_of_days(%d-%02d-%02d) is %d", cases[i].y, cases[i].m, cases[i].d, cases[i].wd);
}

static void test_formatters(void)
{
	static const struct {
		int64_t t;
		const char *s;
	} rfc[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ -1, "1969-12-31T23:59:59Z" },
		{ -86400, "1969-12-31T00:00:00Z" },
		{ -86401, "1969-12-30T23:59:59Z" },
		{ 951782400, "2000-02-29T00:00:00Z" },
		{ 1700000000, "2023-11-14T22:13:20Z" },
		{ 2000000000, "2033-05-18T03:33:20Z" },
		{ INT64_C(253402300799), "9999-12-31T23:59:59Z" },
		{ INT64_C(-62135596800), "0001-01-01T00:00:00Z" },
	};
	static const struct {
		int64_t secs;
		const char *s;
	} dur[] = {
		{ 0, "PT0S" }, { 20, "PT20S" }, { 60, "PT1M" }, { 7200, "PT2H" }, { 9000, "PT2H30M" },
		{ 3661, "PT1H1M1S" }, { 86400, "P1D" }, { 93600, "P1DT2H" }, { 90061, "P1DT1H1M1S" },
		{ 604800, "P1W" }, { 1209600, "P2W" }, { 691200, "P8D" }, { 604801, "P7DT1S" },
	};
	char buf[32];
	struct civil c;

	for (size_t i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++)
		is_str(fmt_rfc3339(rfc[i].t, buf), rfc[i].s, "fmt_rfc3339(%" PRId64 ")", rfc[i].t);
	for (size_t i = 0; i < sizeof(dur) / sizeof(dur[0]); i++) {
		int64_t back = -1;

		is_str(fmt_duration(dur[i].secs, buf), dur[i].s, "fmt_duration(%" PRId64 ")", dur[i].secs);
		ok(parse_duration("DUR", buf, &back) == 0 && back == dur[i].secs,
		   "parse_duration(fmt_duration(%" PRId64 ")) gives it back", dur[i].secs);
	}
	is_str(fmt_date(-1, buf), "1969-12-31", "fmt_date(-1)");
	is_str(fmt_date(INT64_C(1789041600), buf), "2026-09-10", "fmt_date(2026-09-10T12:00Z)");

	utc_as_civil(-1, &c);
	ok(c.y == 1969 && c.mo == 12 && c.d == 31 && c.h == 23 && c.mi == 59 && c.s == 59,
	   "utc_as_civil(-1) is 1969-12-31 23:59:59");
	c = (struct civil){ 2026, 3, 29, 1, 2, 3 };
	is_int(civil_as_utc(&c), INT64_C(1774746123), "civil_as_utc(2026-03-29 01:02:03)");
	is_str(fmt_civil(&c, 1, buf), "2026-03-29 01:02", "fmt_civil with time");
	is_str(fmt_civil(&c, 0, buf), "2026-03-29", "fmt_civil without time");
}

/* Trims spaces at both ends, in place. */
static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static FILE *open_data(const char *name, char *path, size_t size)
{
	static const char *const dirs[] = { "tests/data", "../tests/data", "../../tests/data", "../../../tests/data" };
	const char *env = getenv("TESTS_DATA");
	FILE *f;

	/* $TESTS_DATA: the data directory, or the file itself. */
	if (env && *env) {
		struct stat st;

		if (stat(env, &st) == 0 && S_ISDIR(st.st_mode))
			snprintf(path, size, "%s/%s", env, name);
		else
			snprintf(path, size, "%s", env);
		return fopen(path, "r");
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, size, "%s/%s", dirs[i], name);
		f = fopen(path, "r");
		if (f)
			return f;
	}
	snprintf(path, size, "tests/data/%s", name);
	return NULL;
}

/* Every line of tests/data/when.txt: WHEN | ZONE | expected RFC 3339 or "error". */
/* UTC offsets as the agenda shows them: "+05", "-0430", "+0545". */
static void test_fmt_offset(void)
{
	static const struct {
		int offset;
		const char *want;
	} cases[] = {
		{ 0, "+00" }, { 5 * 3600, "+05" }, { -5 * 3600, "-05" }, { 14 * 3600, "+14" },
		{ -(4 * 3600 + 30 * 60), "-0430" }, { 5 * 3600 + 45 * 60, "+0545" }, { 12 * 3600 + 45 * 60, "+1245" },
		{ -12 * 3600, "-12" }, { 3600 + 30 * 60, "+0130" },
	};
	char buf[16], tiny[3];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fmt_offset(cases[i].offset, buf, sizeof(buf));
		is_str(buf, cases[i].want, "fmt_offset(%d)", cases[i].offset);
	}
	fmt_offset(5 * 3600 + 45 * 60, tiny, sizeof(tiny));
	is_str(tiny, "+0", "fmt_offset cuts to the buffer, terminated");
}

static void test_when_file(void)
{
	char path[4096], line[1024];
	FILE *f = open_data("when.txt", path, sizeof(path));
	int lineno = 0, cases = 0;

	if (!ok(f != NULL, "open %s", path))
		return;
	while (fgets(line, sizeof(line), f)) {
		char *when, *zone, *want, *bar1, *bar2;
		struct civil c;
		enum when_kind kind;
		int64_t t = 0;
		int st;
		char got[32];

		lineno++;
		when = trim(line);
		if (!*when || *when == '#')
			continue;
		bar1 = strchr(when, '|');
		bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
		if (!ok(bar2 && !strchr(bar2 + 1, '|'), "%s:%d has three fields", path, lineno))
			continue;
		*bar1 = *bar2 = '\0';
		when = trim(when);
		zone = trim(bar1 + 1);
		want = trim(bar2 + 1);
		cases++;

		st = parse_when("WHEN", when, &c, &kind);
		if (!st) {
			switch (kind) {
			case WHEN_DATE:
				t = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
				break;
			case WHEN_UTC:
				t = civil_as_utc(&c);
				break;
			case WHEN_LOCAL:
				st = ics_local_to_utc(&c, zone, &t);
				break;
			}
		}
		if (!strcmp(want, "error")) {
			if (!is_int(st, ST_INVALID, "'%s' in %s is refused (line %d)", when, zone, lineno) && !st)
				diag("read as %s", fmt_rfc3339(t, got));
			continue;
		}
		if (!is_int(st, 0, "'%s' in %s is accepted (line %d)", when, zone, lineno))
			continue;
		is_str(fmt_rfc3339(t, got), want, "'%s' in %s is %s (line %d)", when, zone, want, lineno);
	}
	fclose(f);
	ok(cases >= 20, "%s holds %d cases", path, cases);
}

/* The reverse conversion agrees with the forward one away from transitions. */
static void test_utc_to_local(void)
{
	static const struct {
		const char *zone;
		int64_t t;
		struct civil c;
		int offset;
	} cases[] = {
		{ "Asia/Tashkent", INT64_C(1768449600), { 2026, 1, 15, 9, 0, 0 }, 5 * 3600 },
		{ "Asia/Almaty", INT64_C(1521086400), { 2018, 3, 15, 10, 0, 0 }, 6 * 3600 },
		{ "Asia/Almaty", INT64_C(1773550800), { 2026, 3, 15, 10, 0, 0 }, 5 * 3600 },
		{ "Europe/Brussels", INT64_C(1774688400), { 2026, 3, 28, 10, 0, 0 }, 3600 },
		{ "Europe/Brussels", INT64_C(1774771200), { 2026, 3, 29, 10, 0, 0 }, 7200 },
		{ "America/New_York", INT64_C(1772982000), { 2026, 3, 8, 11, 0, 0 }, -4 * 3600 },
		{ "UTC", 0, { 1970, 1, 1, 0, 0, 0 }, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct civil c;
		int offset = 12345;
		int st = ics_utc_to_local(cases[i].t, cases[i].zone, &c, &offset);
		const struct civil *e = &cases[i].c;
		char buf[32];

		ok(st == 0 && c.y == e->y && c.mo == e->mo && c.d == e->d && c.h == e->h && c.mi == e->mi &&
		   c.s == e->s && offset == cases[i].offset,
		   "ics_utc_to_local(%s, %s) is %04d-%02d-%02d %02d:%02d, offset %d",
		   fmt_rfc3339(cases[i].t, buf), cases[i].zone, e->y, e->mo, e->d, e->h, e->mi, cases[i].offset);
	}
	{
		struct civil c;

		is_int(ics_utc_to_local(0, "Mars/Olympus", &c, NULL), ST_INVALID,
		       "ics_utc_to_local refuses an unknown zone");
	}
}

int main(void)
{
	test_parse_when_valid();
	test_parse_when_invalid();
	test_parse_date();
	test_parse_duration();
	test_civil_days();
	test_weekday();
	test_formatters();
	test_fmt_offset();
	test_when_file();
	test_utc_to_local();
	return done_testing();
}
