/*
 * Rotation speed: `rotation who` and `rotation next` on a body with 50 years
 * of history (target ≤ 5 ms each), timed inside the process as the commands
 * compute them: loading the office, its order, changes, members and summits,
 * and computing the terms. Usage: bench-rotation DB (made anew).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "ics.h"
#include "office.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"

#define RUNS 50

static double ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 + (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *name, double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("%s: median %.2f ms, min %.2f ms (target ≤ 5 ms) %s\n", name, t[n / 2], t[0],
	       t[n / 2] <= 5.0 ? "PASS" : "SLOW");
}

int main(int argc, char **argv)
{
	static const char *const states[] = { "KZ", "UZ", "TM", "KG", "TJ", "AZ" };
	static const char *const zones[] = { "Asia/Almaty", "Asia/Tashkent", "Asia/Ashgabat", "Asia/Bishkek",
		"Asia/Dushanbe", "Asia/Baku" };
	struct office_rec rec;
	struct db *db;
	double who[RUNS], next[RUNS];
	int64_t id;
	char (*order)[3];

	if (argc != 2) {
		fprintf(stderr, "usage: bench-rotation DB\n");
		return 2;
	}
	unlink(argv[1]);
	if (db_open(argv[1], &db) || db_begin(db))
		return 1;
	store_body_add(db, "B", "A body with fifty years of summits", NULL);
	for (int i = 0; i < 6; i++) {
		store_state_add(db, states[i], states[i], zones[i], NULL);
		store_member_add(db, "B", states[i], "full", "1976-01-01", NULL);
	}
	/* One held summit a year, 1976-2025, hosted in turn, and a few changes on the way. */
	for (int y = 1976; y <= 2025; y++) {
		struct meeting m;
		char uid[64];

		memset(&m, 0, sizeof(m));
		snprintf(uid, sizeof(uid), "summit-%d@bench", y);
		m.uid = uid;
		m.body = (char *)"B";
		m.kind = (char *)"regular";
		m.status = (char *)"held";
		m.title = (char *)"Summit";
		m.host = (char *)states[(y - 1976) % 6];
		m.tz = (char *)zones[(y - 1976) % 6];
		m.ordinal = y - 1975;
		m.all_day = 1;
		m.start = days_from_civil(y, 6, 10) * DAY_SECONDS;
		m.end = m.start + DAY_SECONDS;
		m.series_end = m.end;
		m.series_finite = 1;
		m.created = m.updated = m.start;
		if (store_meeting_insert(db, &m))
			return 1;
	}
	memset(&rec, 0, sizeof(rec));
	rec.body = (char *)"B";
	rec.name = (char *)"chair";
	rec.term = (char *)"summit";
	rec.months = 12;
	order = calloc(6, sizeof(*order));
	for (int i = 0; i < 6; i++)
		memcpy(order[i], states[i], 3);
	if (store_office_add(db, &rec, order, 6, days_from_civil(1976, 1, 1) * DAY_SECONDS, &id))
		return 1;
	for (int k = 0; k < 40; k++) {
		struct rot_event e;

		memset(&e, 0, sizeof(e));
		e.kind = k % 2 ? EV_SKIP : EV_SWAP;
		memcpy(e.state, states[k % 6], 3);
		memcpy(e.other, states[(k + 2) % 6], 3);
		e.effective = days_from_civil(1980 + k, 1, 1) * DAY_SECONDS;
		if (store_rotation_event_add(db, id, &e))
			return 1;
	}
	if (db_commit(db))
		return 1;
	free(order);
	now_init("2026-01-15 09:00");
	for (int r = 0; r < RUNS; r++) {
		struct office_view v;
		struct timespec t0;
		long i;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (office_view(db, "B", "chair", today_days() + 1, 2, &v))
			return 1;
		i = rotation_find(v.terms, v.n, today_days());
		who[r] = ms_since(&t0);
		if (i < 0)
			return 1;
		office_view_free(&v);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (office_view(db, "B", "chair", today_days(), 260, &v))
			return 1;
		next[r] = ms_since(&t0);
		office_view_free(&v);
	}
	printf("rotation: 50 years of summits, 40 changes\n");
	report("rotation who", who, RUNS);
	report("rotation next", next, RUNS);
	db_close(db);
	return 0;
}
