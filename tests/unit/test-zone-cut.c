/*
 * Zones cut to their recent rules (the default) against libical's zones
 * with their whole history (ics_zone_reference(1)): for every zone libical
 * knows, the same UTC offset at instants spread over 1960-2040, and, for
 * the zones dipcal's users meet most, every six hours from 1985 to 2040.
 * Then the same with the cuts kept in files (ics_zone_cache): made and
 * written, read back, and made again when a file is damaged or names
 * another zone.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ics.h"
#include "tap.h"
#include "timeutil.h"
#include "util.h"

/* The offsets of zone at n instants from t0, step apart, into out. */
static int offsets(const char *zone, int reference, int64_t t0, int64_t step, size_t n, int *out)
{
	ics_zone_reference(reference);
	for (size_t i = 0; i < n; i++) {
		struct civil c;

		if (ics_utc_to_local(t0 + (int64_t)i * step, zone, &c, &out[i]))
			return -1;
	}
	return 0;
}

/* Compares both ways over n samples; names the first difference. */
static int same_offsets(const char *zone, int64_t t0, int64_t step, size_t n)
{
	int *cut = calloc(n, sizeof(int)), *whole = calloc(n, sizeof(int));
	int pass;

	if (!cut || !whole)
		abort();
	pass = !offsets(zone, 0, t0, step, n, cut) && !offsets(zone, 1, t0, step, n, whole);
	for (size_t i = 0; pass && i < n; i++) {
		if (cut[i] != whole[i]) {
			struct civil c;

			utc_as_civil(t0 + (int64_t)i * step, &c);
			diag("%s at %04d-%02d-%02dT%02d:%02d:%02dZ: cut %d, whole %d", zone, c.y, c.mo, c.d, c.h,
			     c.mi, c.s, cut[i], whole[i]);
			pass = 0;
		}
	}
	free(cut);
	free(whole);
	return pass;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 70000);
	size_t n;

	if (!buf)
		abort();
	if (f) {
		n = fread(buf, 1, 69999, f);
		buf[n] = '\0';
		fclose(f);
	}
	return buf;
}

static void spill(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

/* Every zone libical knows, sampled 1960-2040, cut (as it is now kept) and whole: how many differ. */
static size_t differing(const char **names, size_t n)
{
	int64_t t0 = days_from_civil(1960, 1, 1) * DAY_SECONDS, t1 = days_from_civil(2040, 1, 1) * DAY_SECONDS;
	int64_t step = 41 * DAY_SECONDS + 5 * 3600 + 11 * 60;
	size_t failed = 0;

	for (size_t i = 0; i < n; i++)
		if (!same_offsets(names[i], t0, step, (size_t)((t1 - t0) / step)))
			failed++;
	return failed;
}

static void cached_cuts(const char **names, size_t n, const char *const *close_look, size_t nclose)
{
	char dir[] = "/tmp/dipcal-test-zone-cut.XXXXXX";
	char *file, *text, *other;
	size_t files = 0;

	if (!mkdtemp(dir))
		abort();
	ics_zone_cache(dir);
	ics_zone_cuts_forget();
	is_int((int64_t)differing(names, n), 0, "with a cache: every zone the same cut and whole (cuts made and written)");
	for (size_t i = 0; i < nclose; i++) {
		struct stat sb;
		char *name = strdup(close_look[i]);

		for (char *p = name; *p; p++)
			if (*p == '/')
				*p = '.';
		file = xasprintf("%s/%s", dir, name);
		files += !stat(file, &sb);
		free(file);
		free(name);
	}
	is_int((int64_t)files, (int64_t)nclose, "a cache file for each zone looked at closely");
	ics_zone_cuts_forget();
	is_int((int64_t)differing(names, n), 0, "every zone the same, its cut read back from its file");
	ok(same_offsets("America/New_York", days_from_civil(2025, 1, 1) * DAY_SECONDS, 3600, 24 * 366 * 3),
	   "America/New_York, read back: the same offsets every hour of 2025-2027");

	/* The cut is read from the file, not made again: Tashkent's, changed by hand to +06, is believed. */
	{
		char *tk = xasprintf("%s/Asia.Tashkent", dir), *t, *p;
		int off = 0;
		struct civil c;

		t = slurp(tk);
		while ((p = strstr(t, "TZOFFSETTO:+0500")))
			memcpy(p, "TZOFFSETTO:+0600", 16);
		spill(tk, t);
		ics_zone_cuts_forget();
		ics_zone_reference(0);
		ics_utc_to_local(days_from_civil(2026, 6, 1) * DAY_SECONDS, "Asia/Tashkent", &c, &off);
		is_int(off, 6 * 3600, "a cut is read from its file (one changed by hand to +06 is believed)");
		unlink(tk);
		ics_zone_cuts_forget();
		ics_utc_to_local(days_from_civil(2026, 6, 1) * DAY_SECONDS, "Asia/Tashkent", &c, &off);
		is_int(off, 5 * 3600, "without its file, Tashkent's cut made again: +05");
		free(t);
		free(tk);
	}

	/* A damaged file, and one with another zone's cut under this zone's first line: made again. */
	file = xasprintf("%s/Asia.Almaty", dir);
	text = slurp(file);
	ok(!strncmp(text, "dipcal ", 7) && strstr(text, " zone cut ") && strstr(text, "BEGIN:VTIMEZONE") && strstr(text, "Asia/Almaty"),
	   "the file names what the cut is made from, then holds the VTIMEZONE");
	spill(file, "dipcal zone cut: not what it should be\n");
	ics_zone_cuts_forget();
	ok(same_offsets("Asia/Almaty", days_from_civil(2023, 1, 1) * DAY_SECONDS, 3600, 24 * 366 * 3),
	   "a damaged file: the cut made again, the same offsets 2023-2025");
	{
		char *again = slurp(file);

		is_str(again, text, "and the file written again as it was");
		free(again);
	}
	{
		char *ny = xasprintf("%s/America.New_York", dir), *first_line_end = strchr(text, '\n');

		other = slurp(ny);
		/* Almaty's first line, New York's cut */
		{
			char *mixed = xasprintf("%.*s%s", (int)(first_line_end - text) + 1, text, strchr(other, '\n') + 1);

			spill(file, mixed);
			free(mixed);
		}
		ics_zone_cuts_forget();
		ok(same_offsets("Asia/Almaty", days_from_civil(2023, 1, 1) * DAY_SECONDS, 3600, 24 * 366 * 3),
		   "another zone's cut under Almaty's first line: not taken, the same offsets 2023-2025");
		free(ny);
	}
	/* Another year on the clock: the cut is made again, for that year. */
	if (now_init("2031-06-01 00:00Z") == 0) {
		char *again;

		ics_zone_cuts_forget();
		ok(same_offsets("Asia/Almaty", days_from_civil(2030, 1, 1) * DAY_SECONDS, 3600, 24 * 366 * 2),
		   "the clock in 2031: the same offsets 2030-2031");
		again = slurp(file);
		ok(strstr(again, ", year 2031\n") != NULL, "and Almaty's file made again for 2031");
		free(again);
	} else {
		ok(0, "the clock can be set to 2031");
	}
	free(text);
	free(other);
	free(file);
	ics_zone_cache(NULL);
	ics_zone_cuts_forget();
	/* The cache directory holds files only. */
	{
		DIR *d = opendir(dir);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char *f;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			f = xasprintf("%s/%s", dir, e->d_name);
			unlink(f);
			free(f);
		}
		if (d)
			closedir(d);
		if (rmdir(dir))
			diag("could not remove %s", dir);
	}
}

int main(void)
{
	static const char *const close_look[] = {
		"Asia/Tashkent", "Asia/Almaty", "Asia/Bishkek", "Asia/Dushanbe", "Asia/Ashgabat", "Asia/Baku",
		"Asia/Qostanay", "Europe/Brussels", "America/New_York", "Europe/Moscow", "Australia/Sydney",
		"America/Santiago", "Africa/Casablanca", "Asia/Tehran",
	};
	const char **names;
	size_t n = ics_zone_names(&names);
	int64_t t1960 = days_from_civil(1960, 1, 1) * DAY_SECONDS;
	int64_t t1985 = days_from_civil(1985, 1, 1) * DAY_SECONDS;
	int64_t t2040 = days_from_civil(2040, 1, 1) * DAY_SECONDS;
	/* 23 days and 3h37m apart: every hour of the day and day of the year comes round */
	int64_t step = 23 * DAY_SECONDS + 3 * 3600 + 37 * 60;
	size_t failed = 0;

	ok(n > 300, "libical knows %zu zones", n);
	for (size_t i = 0; i < n; i++)
		if (!same_offsets(names[i], t1960, step, (size_t)((t2040 - t1960) / step)))
			failed++;
	is_int((int64_t)failed, 0, "every zone gives the same offsets cut and whole, 1960-2040");
	for (size_t i = 0; i < sizeof(close_look) / sizeof(close_look[0]); i++)
		ok(same_offsets(close_look[i], t1985, 6 * 3600, (size_t)((t2040 - t1985) / (6 * 3600))),
		   "%s: the same offsets every six hours, 1985-2040", close_look[i]);
	/* The cut is there to be used: each of these zones has one, in force from last year at the latest. */
	{
		struct civil today;
		int64_t last_year;

		ics_zone_reference(0);
		utc_as_civil(now(), &today);
		last_year = days_from_civil(today.y - 1, 1, 1) * DAY_SECONDS;
		for (size_t i = 0; i < sizeof(close_look) / sizeof(close_look[0]); i++)
			ok(ics_zone_cut(close_look[i]) <= last_year, "%s is cut, from last year at the latest",
			   close_look[i]);
	}
	/* Every change of offset from 2024 to 2031, to the second, in the zones looked at closely. */
	for (size_t i = 0; i < sizeof(close_look) / sizeof(close_look[0]); i++) {
		int64_t t0 = days_from_civil(2024, 1, 1) * DAY_SECONDS, t1 = days_from_civil(2031, 1, 1) * DAY_SECONDS;
		int prev, o, changes = 0, same = 1;
		struct civil c;

		ics_zone_reference(1);
		ics_utc_to_local(t0, close_look[i], &c, &prev);
		for (int64_t t = t0 + 3600; t < t1 && same; t += 3600) {
			int64_t lo = t - 3600, hi = t;

			ics_zone_reference(1);
			ics_utc_to_local(t, close_look[i], &c, &o);
			if (o == prev)
				continue;
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;
				int m;

				ics_utc_to_local(mid, close_look[i], &c, &m);
				if (m == prev)
					lo = mid;
				else
					hi = mid;
			}
			changes++;
			same = same_offsets(close_look[i], hi - 2, 1, 4);
			prev = o;
		}
		ok(same, "%s: the same offsets around each of its %d changes of 2024-2030, to the second", close_look[i],
		   changes);
	}
	/* A change of offset to the second: the hour Brussels skips in March 2026. */
	{
		int64_t t = days_from_civil(2026, 3, 29) * DAY_SECONDS + 3600;

		ok(same_offsets("Europe/Brussels", t - 2, 1, 4), "Europe/Brussels: the same offsets at 01:00:00Z on 2026-03-29, to the second");
	}
	cached_cuts(names, n, close_look, sizeof(close_look) / sizeof(close_look[0]));
	ics_zone_reference(0);
	return done_testing();
}
