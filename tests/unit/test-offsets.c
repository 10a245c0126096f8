/*
 * UTC offsets as ics.c remembers them (spans of constant offset, grown a
 * week at a time, changes found to the second) against libical asked each
 * time (ics_utc_offset_libical): times in order, at random, and around
 * every change of offset, in zones with summer time, with none, with
 * half-hour changes and with summer time suspended for a month.
 */
#include <stdlib.h>

#include "ics.h"
#include "tap.h"
#include "timeutil.h"

static const char *const zones[] = {
	"Europe/Brussels", "America/New_York", "Asia/Tashkent", "Asia/Almaty", "Europe/Moscow",
	"Australia/Lord_Howe", "Africa/Casablanca", "America/Santiago", "Asia/Tehran", "UTC",
};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

static uint64_t rng = 0x6f6666736574ull;

static int64_t pick(int64_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (int64_t)((rng * 2685821657736338717u) % (uint64_t)n);
}

static int bad;

static void check(const char *zone, int64_t t)
{
	struct civil c;
	int got, want;

	if (ics_utc_to_local(t, zone, &c, &got) || ics_utc_offset_libical(zone, t, &want)) {
		bad++;
		return;
	}
	if (got != want && bad++ < 5)
		diag("%s at %lld: %d, libical says %d", zone, (long long)t, got, want);
}

int main(void)
{
	int64_t from = days_from_civil(1985, 1, 1) * DAY_SECONDS, to = days_from_civil(2045, 1, 1) * DAY_SECONDS;
	int64_t step = 6 * 3600;

	/* In order, the zones taking turns (as an import sorted by start reads them). */
	bad = 0;
	for (int64_t t = from; t < to; t += step + pick(3600))
		check(zones[pick(NZONES)], t);
	ok(!bad, "times in order over sixty years: the offsets libical gives");

	/* At random, near and far. */
	bad = 0;
	for (int i = 0; i < 200000; i++)
		check(zones[pick(NZONES)], from + pick(to - from));
	ok(!bad, "times at random: the offsets libical gives");

	/*
	 * Around each change of offset, every ten minutes of the day before and
	 * after: from before the change on, then back (every other change), or
	 * from after it on, then back across it (the others), so that the
	 * change is found from either side.
	 */
	bad = 0;
	for (size_t z = 0; z < NZONES; z++) {
		int prev, n = 0;

		ics_utc_offset_libical(zones[z], from, &prev);
		for (int64_t t = from; t < to; t += 3600) {
			int o;

			ics_utc_offset_libical(zones[z], t, &o);
			if (o == prev)
				continue;
			prev = o;
			if (n++ % 2 == 0) {
				for (int64_t u = t - DAY_SECONDS - 3 * 3600; u < t + DAY_SECONDS; u += 600)
					check(zones[z], u);
			} else {
				for (int64_t u = t + 3600; u < t + DAY_SECONDS; u += 600)
					check(zones[z], u);
			}
			for (int64_t u = t + DAY_SECONDS; u > t - 2 * DAY_SECONDS; u -= 599)
				check(zones[z], u);
		}
	}
	ok(!bad, "around every change of offset: the offsets libical gives");
	return done_testing();
}
