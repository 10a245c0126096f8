/*
 * bench-insert DB [N [RUNS]]: creates the database DB (which must not
 * exist) and inserts N meetings (default 100,000) through
 * store_meeting_insert in one transaction, then prints the wall time of
 * that transaction:
 *
 *   insert 100000 meetings, one transaction: 640.2 ms (target ≤ 1000 ms) PASS
 *
 * With RUNS (at most 9), it does so RUNS times, each into a new database
 * (DB, then DB.run1, ... removed after), and prints each time, then their
 * median and minimum: a machine whose speed varies from run to run is
 * judged by its median.
 *
 * The meetings are deterministic (a fixed-seed PRNG): starts spread over
 * 1990-2040 in six zones, a quarter of the single meetings all-day, every
 * tenth meeting recurring (weekly, fortnightly or monthly; without end,
 * with COUNT or with UNTIL; some with EXDATEs), series_end computed with
 * ics_series_end as `meeting add` does. The meetings are built before the
 * clock starts: only the transaction is timed. The database is left for
 * the agenda benchmark (tests/bench/run).
 *
 * Exit status: 0 when the inserts succeed (slow or not), 1 otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "ics.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

/* For 100,000 meetings; scaled for another N. */
#define TARGET_MS 1000.0
#define SEED UINT64_C(0x64697063616c2021)

/* splitmix64: small, fast, and the same sequence everywhere. */
static uint64_t rng_state = SEED;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next() % (uint64_t)(hi - lo + 1));
}

static const struct {
	const char *code, *name, *tz, *city;
} states[] = {
	{ "UZ", "Uzbekistan", "Asia/Tashkent", "Tashkent" },
	{ "KZ", "Kazakhstan", "Asia/Almaty", "Astana" },
	{ "RU", "Russia", "Europe/Moscow", "Moscow" },
	{ "BE", "Belgium", "Europe/Brussels", "Brussels" },
	{ "US", "United States", "America/New_York", "New York" },
	{ NULL, NULL, "UTC", NULL },    /* no host: an online meeting, in UTC */
};
#define NSTATES (sizeof(states) / sizeof(states[0]))

static const char *const bodies[][3] = {
	{ "CAHS", "Consultative Meeting of the Heads of State", "heads-of-state" },
	{ "CAFM", "Council of Foreign Ministers", "ministerial" },
	{ "CANC", "Council of National Coordinators", "coordinators" },
	{ "EXPW", "Expert Working Group", "expert" },
};
#define NBODIES (sizeof(bodies) / sizeof(bodies[0]))

static const char *const statuses[] = { "planned", "planned", "planned", "confirmed", "held", "held",
	"proposed", "postponed", "cancelled", "planned" };
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

struct first_starts {
	int64_t at[3];
	size_t n;
};

static int keep_start(void *arg, int64_t start, int64_t end)
{
	struct first_starts *f = arg;

	(void)end;
	f->at[f->n++] = start;
	return f->n == sizeof(f->at) / sizeof(f->at[0]);
}

/* "20310412T235959Z": the end of the UTC day of t, for UNTIL. */
static void until_text(int64_t t, char *buf, size_t n)
{
	struct civil c;

	utc_as_civil(t, &c);
	snprintf(buf, n, "%04d%02d%02dT235959Z", c.y, c.mo, c.d);
}

/* A recurrence rule for a series starting at start; counts the kinds. */
static char *make_rule(int64_t start, int *open)
{
	static const char *const freqs[] = { "WEEKLY", "WEEKLY;INTERVAL=2", "MONTHLY", "MONTHLY;BYDAY=1TU" };
	const char *freq = freqs[rng_next() % 4];
	int64_t ending = rng_range(0, 99);
	char until[32];

	*open = 0;
	if (ending < 30) {
		*open = 1;
		return xasprintf("FREQ=%s", freq);
	}
	if (ending < 65)
		return xasprintf("FREQ=%s;COUNT=%lld", freq, (long long)rng_range(2, 150));
	until_text(start + rng_range(30, 3650) * DAY_SECONDS, until, sizeof(until));
	return xasprintf("FREQ=%s;UNTIL=%s", freq, until);
}

/* Builds meeting i in *m. Returns 0 or a status. */
static int make_meeting(size_t i, struct meeting *m, int *open)
{
	static const int64_t lo_day = 7305, hi_day = 25932;    /* 1990-01-01, 2040-12-31 */
	size_t s = (size_t)(rng_next() % NSTATES);
	int recurring = i % 10 == 0;
	int64_t day = rng_range(lo_day, hi_day);
	char title[64];
	int st;

	memset(m, 0, sizeof(*m));
	*open = 0;
	m->uid = xasprintf("bench-%07zu@dipcal", i);
	m->body = xstrdup(bodies[rng_next() % NBODIES][0]);
	m->kind = xstrdup(recurring ? "informal" : "regular");
	m->status = xstrdup(statuses[rng_next() % NSTATUSES]);
	snprintf(title, sizeof(title), "%s %zu", recurring ? "Series" : "Meeting", i);
	m->title = xstrdup(title);
	m->host = xstrdup_or_null(states[s].code);
	m->city = xstrdup_or_null(states[s].city);
	if (rng_next() % 3 == 0)
		m->venue = xstrdup("Congress Hall");
	m->tz = xstrdup(states[s].tz);
	m->created = m->updated = 1767225600;   /* 2026-01-01T00:00:00Z */
	if (!recurring && rng_next() % 4 == 0) {
		m->all_day = 1;
		m->start = day * DAY_SECONDS;
		m->end = m->start + rng_range(1, 3) * DAY_SECONDS;
	} else {
		struct civil c;

		civil_from_days(day, &c.y, &c.mo, &c.d);
		c.h = (int)rng_range(8, 17);
		c.mi = (int)rng_range(0, 1) * 30;
		c.s = 0;
		st = ics_local_to_utc(&c, m->tz, &m->start);
		if (st)
			return st;
		m->end = m->start + rng_range(1, 8) * 1800;
	}
	if (recurring) {
		m->rrule = make_rule(m->start, open);
		if (rng_next() % 5 == 0) {
			/* Leave out the second and third occurrences. */
			struct first_starts f = { { 0 }, 0 };
			struct series sr = ics_series_of(m);

			st = ics_expand(&sr, m->start, m->start + 400 * DAY_SECONDS, keep_start, &f);
			if (st)
				return st;
			if (f.n > 1) {
				m->nexdates = f.n - 1;
				m->exdates = xmalloc(m->nexdates * sizeof(int64_t));
				memcpy(m->exdates, f.at + 1, m->nexdates * sizeof(int64_t));
			}
		}
	}
	{
		struct series sr = ics_series_of(m);

		st = ics_series_end(&sr, &m->series_end, &m->series_finite);
	}
	return st;
}

/* Creates the database at path and inserts the n meetings ms in one transaction: its wall time in *ms_out. */
static int insert_all(const char *path, struct meeting *ms, size_t n, double *ms_out)
{
	struct timespec t0;
	struct db *db;
	int st;

	st = db_open(path, &db);
	if (st)
		return st;
	st = db_begin(db);
	for (size_t i = 0; i < NSTATES && !st; i++)
		if (states[i].code)
			st = store_state_add(db, states[i].code, states[i].name, states[i].tz, states[i].city);
	for (size_t i = 0; i < NBODIES && !st; i++)
		st = store_body_add(db, bodies[i][0], bodies[i][1], bodies[i][2]);
	if (!st)
		st = db_commit(db);
	if (st) {
		db_close(db);
		return st;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = db_begin(db);
	for (size_t i = 0; i < n && !st; i++)
		st = store_meeting_insert(db, &ms[i]);
	if (!st)
		st = db_commit(db);
	else
		db_rollback(db);
	*ms_out = ms_since(&t0);
	db_close(db);
	return st;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	struct meeting *ms;
	struct timespec t0;
	size_t n = 100000, runs = 1, nrec = 0, nopen = 0, nex = 0;
	int64_t nv, rv;
	double gen_ms, times[9], target;
	int st = 0;

	if (argc < 2 || argc > 4 || (argc >= 3 && parse_int64(argv[2], 1, 10000000, &nv)) ||
	    (argc == 4 && parse_int64(argv[3], 1, 9, &rv))) {
		fprintf(stderr, "usage: bench-insert DB [N [RUNS]]\n");
		return 2;
	}
	if (argc >= 3)
		n = (size_t)nv;
	if (argc == 4)
		runs = (size_t)rv;
	target = TARGET_MS * (double)n / 100000;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ms = xcalloc(n, sizeof(*ms));
	for (size_t i = 0; i < n && !st; i++) {
		int open;

		st = make_meeting(i, &ms[i], &open);
		nrec += ms[i].rrule != NULL;
		nopen += (size_t)open;
		nex += ms[i].nexdates;
	}
	gen_ms = ms_since(&t0);
	if (st)
		return 1;

	db_zone_functions(ics_local_to_utc, ics_utc_to_local);
	db_setup();
	/* The first run makes DB; the others a database beside it, removed after. */
	for (size_t r = 0; r < runs && !st; r++) {
		char *path = r ? xasprintf("%s.run%zu", argv[1], r) : xstrdup(argv[1]);

		st = insert_all(path, ms, n, &times[r]);
		if (r) {
			static const char *const sides[] = { "", "-wal", "-shm" };

			for (size_t k = 0; k < sizeof(sides) / sizeof(sides[0]); k++) {
				char *f = xasprintf("%s%s", path, sides[k]);

				unlink(f);
				free(f);
			}
		}
		free(path);
	}
	for (size_t i = 0; i < n; i++)
		meeting_clear(&ms[i]);
	free(ms);
	if (st)
		return 1;

	printf("data: %zu meetings, %zu recurring (%zu without end), %zu exdates, 1990-2040, %zu zones; "
	       "built in %.1f ms (untimed)\n", n, nrec, nopen, nex, NSTATES, gen_ms);
	if (runs == 1) {
		printf("insert %zu meetings, one transaction: %.1f ms (target ≤ %.0f ms) %s\n",
		       n, times[0], target, times[0] <= target ? "PASS" : "SLOW");
	} else {
		double med;

		printf("insert %zu meetings, one transaction, runs:", n);
		for (size_t r = 0; r < runs; r++)
			printf(" %.1f", times[r]);
		printf(" ms\n");
		qsort(times, runs, sizeof(times[0]), cmp_double);
		med = runs % 2 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
		printf("insert %zu meetings, one transaction: median %.1f ms, min %.1f ms (target ≤ %.0f ms) %s\n",
		       n, med, times[0], target, med <= target ? "PASS" : "SLOW");
	}
	return 0;
}
