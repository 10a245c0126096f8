/*
 * Replays through the iCalendar reader every input the fuzzer has been
 * seeded with (tests/fuzz/corpus) and every input that once crashed it
 * (tests/data/fuzz): each must end in events or one error, never a crash
 * (make asan runs this under the sanitizers).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "tap.h"

static int replay(const char *path)
{
	FILE *in = fopen(path, "rb");
	struct ics_reader *r;
	struct ics_vevent ev;
	int st, n = 0;

	if (!in)
		return -1;
	r = ics_reader_new(in, path, "Asia/Tashkent", NULL, NULL);
	while ((st = ics_reader_next(r, &ev)) == 1 && n < 100000) {
		struct series s = { ev.rrule, ev.tz, ev.start, ev.end, ev.all_day, ev.exdates, ev.nexdates,
				    ev.rdates, ev.nrdates, 0, 0 };
		int64_t end;
		int finite;

		if (ev.rrule)
			ics_series_end(&s, &end, &finite);
		n++;
	}
	ics_reader_free(r);
	fclose(in);
	return st;
}

static void dir(const char *name)
{
	DIR *d = opendir(name);
	struct dirent *e;

	if (!d) {
		diag("no directory %s", name);
		return;
	}
	while ((e = readdir(d))) {
		char path[4096];
		int st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", name, e->d_name);
		st = replay(path);
		ok(st == 0 || st == 5, "%s: read to its end or refused (%d)", path, st);
	}
	closedir(d);
}

int main(void)
{
	dir("tests/fuzz/corpus");
	dir("tests/data/fuzz");
	return done_testing();
}
