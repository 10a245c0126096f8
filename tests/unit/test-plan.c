/*
 * The summit planner's scoring (src/plan.c) and the clash finder
 * (src/conflict.c): worked examples of each rule, then properties checked
 * over many random scenarios made with a fixed-seed generator:
 *   - no candidate breaks a hard constraint (checked here, independently of
 *     plan.c: fixed holidays of members on the day, meetings involving
 *     them, the earliest day, the window);
 *   - every start day that breaks none is ranked (with a large enough K),
 *     and the exclusions add up to the days considered;
 *   - the ranking is by score, highest first, ties by date, and each score
 *     is 100 minus the penalties of its reasons;
 *   - plan_check() agrees with the independent check;
 *   - ranking twice gives the same answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conflict.h"
#include "plan.h"
#include "rng.h"
#include "tap.h"
#include "timeutil.h"

static int64_t D(int y, int m, int d)
{
	return days_from_civil(y, m, d);
}

static const char *date_text(int64_t day, char *buf)
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
	return buf;
}

/* The candidates' start days as "2026-05-20,2026-05-21". */
static const char *starts(const struct plan_result *r, char *buf, size_t len)
{
	size_t o = 0;
	char d[16];

	buf[0] = '\0';
	for (size_t i = 0; i < r->n && o + 12 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "," : "", date_text(r->c[i].start, d));
	return buf;
}

static const struct plan_reason *find_reason(const struct plan_candidate *c, enum plan_reason_kind k)
{
	for (size_t i = 0; i < c->nreasons; i++)
		if (c->reasons[i].kind == k)
			return &c->reasons[i];
	return NULL;
}

/* ---- worked examples ---- */

static void examples(void)
{
	/* AZ is a full member from 2026-06-10 on. */
	const struct plan_member mem[] = {
		{ "KZ", INT64_MIN, INT64_MAX },
		{ "TM", INT64_MIN, INT64_MAX },
		{ "AZ", D(2026, 6, 10), INT64_MAX },
	};
	struct plan_holiday hol[] = {
		{ "KZ", D(2026, 6, 1), D(2026, 6, 1), "Fixed", 0 },             /* Mon: excluded */
		{ "TM", D(2026, 6, 3), D(2026, 6, 3), "Lunar", 1 },             /* Wed: -25 */
		{ "KZ", D(2026, 6, 3), D(2026, 6, 3), "Lunar", 1 },             /* and -25 */
		{ "AZ", D(2026, 6, 4), D(2026, 6, 4), "Before joining", 0 },    /* not a member yet */
		{ "TM", D(2026, 6, 9), D(2026, 6, 12), "Ramadan", 1 },          /* -5 a day */
		{ "AZ", D(2026, 6, 16), D(2026, 6, 16), "After joining", 0 },   /* excluded */
	};
	struct plan_event ev[] = {
		{ D(2026, 6, 5), D(2026, 6, 5), 1, 0 },   /* Fri: an involving meeting, excluded */
		{ D(2026, 6, 17), D(2026, 6, 17), 0, 1 }, /* Wed: another body's, -10 that week */
	};
	struct plan_input in;
	struct plan_result r;
	const struct plan_candidate *c;
	const struct plan_reason *re;
	char buf[512], d[16];
	size_t which = 99;

	memset(&in, 0, sizeof(in));
	in.first = D(2026, 6, 1);
	in.last = D(2026, 6, 21);
	in.days = 1;
	in.earliest = D(2026, 6, 1);
	in.members = mem;
	in.nmembers = 3;
	in.holidays = hol;
	in.nholidays = sizeof(hol) / sizeof(hol[0]);
	in.events = ev;
	in.nevents = sizeof(ev) / sizeof(ev[0]);
	in.top = 100;

	ok(plan_rank(&in, &r) == 0, "plan_rank on a three-week window");
	is_int((int64_t)r.considered, 21, "21 start days considered");
	is_int((int64_t)r.excluded[PH_HOLIDAY], 2, "two on a fixed holiday of a member (KZ Jun 1, AZ Jun 16)");
	is_int((int64_t)r.excluded[PH_MEETING], 1, "one on an involving meeting (Jun 5)");
	is_int((int64_t)r.n, 18, "18 candidates");
	is_str(date_text(r.c[0].start, d), "2026-06-08", "the best: Mon Jun 8, nothing against it");
	is_int(r.c[0].score, 100, "Jun 8 scores 100");
	ok(strstr(starts(&r, buf, sizeof(buf)), "2026-06-04") != NULL,
	   "Jun 4 is proposed: AZ's holiday was before it joined");
	for (size_t i = 0; i < r.n; i++) {
		c = &r.c[i];
		if (c->start == D(2026, 6, 3)) {
			re = find_reason(c, PR_PROVISIONAL);
			is_int(c->score, 40, "Jun 3: 100 - 25 (TM) - 25 (KZ) - 10 (the meeting of Jun 5)");
			ok(re && re->penalty == 50 && re->states && !strcmp(re->states, "TM,KZ"),
			   "Jun 3: one reason for the lunar holiday of TM and KZ");
			re = find_reason(c, PR_ADJACENT);
			ok(!re, "Jun 3: the holiday on it is not also a travel day");
		}
		if (c->start == D(2026, 6, 2)) {
			re = find_reason(c, PR_ADJACENT);
			is_int(c->score, 60, "Jun 2: KZ's fixed holiday the day before, TM and KZ's lunar one after, "
			       "the meeting of Jun 5");
			ok(re && re->penalty == 10 && re->first == D(2026, 6, 1), "Jun 2: travel on KZ's holiday, -10");
		}
		if (c->start == D(2026, 6, 4)) {
			re = find_reason(c, PR_ADJACENT);
			ok(re && re->penalty == 20 && re->first == D(2026, 6, 3),
			   "Jun 4: the lunar holiday of two states the day before, -10 each");
		}
		if (c->start == D(2026, 6, 6)) {
			re = find_reason(c, PR_WEEKEND);
			is_int(c->score, 70, "Sat Jun 6: 100 - 20 for the weekend - 10 for the meeting of Jun 5");
			ok(re && re->penalty == 20, "Sat Jun 6: the weekend reason");
		}
		if (c->start == D(2026, 6, 9)) {
			re = find_reason(c, PR_RAMADAN);
			is_int(c->score, 95, "Jun 9: Ramadan in TM, -5");
			ok(re && re->penalty == 5 && !strcmp(re->states, "TM"), "Jun 9: the Ramadan reason names TM");
		}
		if (c->start == D(2026, 6, 15)) {
			re = find_reason(c, PR_MEETING);
			ok(re && re->penalty == 10 && re->ref == 1, "Jun 15: the other body's meeting that week, -10");
			re = find_reason(c, PR_ADJACENT);
			ok(re && re->penalty == 10 && !strcmp(re->states, "AZ"), "Jun 15: AZ's holiday the day after, -10");
			is_int(c->score, 80, "Jun 15: 100 - 10 - 10");
		}
	}
	for (size_t i = 1; i < r.n; i++)
		if (r.c[i - 1].score < r.c[i].score ||
		    (r.c[i - 1].score == r.c[i].score && r.c[i - 1].start >= r.c[i].start)) {
			ok(0, "ranked by score, then date (at %zu)", i);
			break;
		}
	plan_result_free(&r);

	is_int(plan_check(&in, D(2026, 6, 1), &which), PH_HOLIDAY, "plan_check: Jun 1 is a fixed holiday");
	is_int((int64_t)which, 0, "plan_check names the holiday");
	is_int(plan_check(&in, D(2026, 6, 5), &which), PH_MEETING, "plan_check: Jun 5 is taken by a meeting");
	is_int(plan_check(&in, D(2026, 6, 2), NULL), PH_OK, "plan_check: Jun 2 is free");
	is_int(plan_check(&in, D(2026, 5, 31), NULL), PH_EARLY, "plan_check: May 31 is before the earliest day");
	is_int(plan_check(&in, D(2026, 6, 22), NULL), PH_WINDOW, "plan_check: Jun 22 is outside the window");

	/* Two days: a summit may not straddle a holiday; the earliest day holds. */
	in.days = 2;
	in.earliest = D(2026, 6, 8);
	ok(plan_rank(&in, &r) == 0, "plan_rank, two days from Jun 8");
	is_int((int64_t)r.excluded[PH_EARLY], 7, "the seven start days before Jun 8 are too early");
	is_int((int64_t)r.excluded[PH_WINDOW], 1, "a start on the last day would end outside the window");
	for (size_t i = 0; i < r.n; i++)
		if (r.c[i].start == D(2026, 6, 15) || r.c[i].start == D(2026, 6, 16))
			ok(0, "a two-day summit from %s touches AZ's holiday", date_text(r.c[i].start, d));
	is_int(r.c[0].score, 95, "the best two-day summit scores 95");
	is_str(date_text(r.c[0].start, d), "2026-06-08", "the best two days: Jun 8-9, one day of Ramadan");
	plan_result_free(&r);

	/* The cap: at most five meetings of the same week count; the rest are named as such. */
	{
		struct plan_event many[8];
		struct plan_input m = in;

		for (int i = 0; i < 8; i++) {
			many[i].first = many[i].last = D(2026, 6, 17);
			many[i].involves = 0;
			many[i].ref = (size_t)i;
		}
		m.events = many;
		m.nevents = 8;
		m.nholidays = 0;
		m.days = 1;
		m.first = m.last = m.earliest = D(2026, 6, 16);
		ok(plan_rank(&m, &r) == 0 && r.n == 1, "one day, eight meetings that week");
		is_int(r.c[0].score, 50, "five meetings count: 100 - 5 x 10");
		re = find_reason(&r.c[0], PR_MORE_MEETINGS);
		ok(re && re->count == 3 && re->penalty == 0, "three more meetings, named and not counted");
		plan_result_free(&r);
	}
	ok(plan_is_ramadan("Ramadan") && plan_is_ramadan("ramadan (estimate)"), "Ramadan is Ramadan");
	ok(!plan_is_ramadan("Ramazan Hayit") && !plan_is_ramadan("Eid al-Fitr") && !plan_is_ramadan("Ramadanx"),
	   "the feasts are not Ramadan");
}

/* ---- random scenarios ---- */


static int64_t rnd(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(next_rand() % (uint64_t)(hi - lo + 1));
}

static const char *const codes[] = { "AA", "BB", "CC", "DD", "EE", "FF" };

/* Independent of plan.c: the hard constraint a summit from s breaks, or 0. */
static int naive_hard(const struct plan_input *in, int64_t s)
{
	int64_t e = s + in->days - 1;

	if (s < in->earliest)
		return PH_EARLY;
	if (s < in->first || e > in->last)
		return PH_WINDOW;
	for (int64_t d = s; d <= e; d++) {
		for (size_t i = 0; i < in->nholidays; i++) {
			const struct plan_holiday *h = &in->holidays[i];
			int member = 0;

			if (h->provisional || d < h->first || d > h->last)
				continue;
			for (size_t k = 0; k < in->nmembers; k++)
				member |= !strcmp(in->members[k].state, h->state) && in->members[k].since <= d &&
					  d < in->members[k].until;
			if (member)
				return PH_HOLIDAY;
		}
		for (size_t i = 0; i < in->nevents; i++)
			if (in->events[i].involves && in->events[i].first <= d && d <= in->events[i].last)
				return PH_MEETING;
	}
	return PH_OK;
}

static void properties(void)
{
	int bad_hard = 0, bad_complete = 0, bad_order = 0, bad_score = 0, bad_check = 0, bad_sum = 0, bad_again = 0;
	const int runs = 400;

	for (int run = 0; run < runs; run++) {
		struct plan_member mem[8];
		struct plan_holiday hol[60];
		struct plan_event ev[80];
		struct plan_input in;
		struct plan_result r, r2;
		size_t nm = 0, nh, ne, valid = 0, excluded = 0;
		int64_t base = D(2026, 1, 1) + rnd(0, 700);

		memset(&in, 0, sizeof(in));
		for (int i = 0; i < 6; i++) {
			mem[nm].state[0] = codes[i][0];
			mem[nm].state[1] = codes[i][1];
			mem[nm].state[2] = '\0';
			mem[nm].since = rnd(0, 3) ? INT64_MIN : base + rnd(-20, 60);
			mem[nm].until = rnd(0, 5) ? INT64_MAX : base + rnd(61, 200);
			nm++;
		}
		nh = (size_t)rnd(0, 60);
		for (size_t i = 0; i < nh; i++) {
			int64_t f = base + rnd(-10, 130);

			memcpy(hol[i].state, codes[rnd(0, 5)], 3);
			hol[i].first = f;
			hol[i].last = f + (rnd(0, 5) ? 0 : rnd(1, 29));
			hol[i].name = rnd(0, 6) ? "Holiday" : "Ramadan";
			hol[i].provisional = rnd(0, 2) == 0;
		}
		ne = (size_t)rnd(0, 80);
		for (size_t i = 0; i < ne; i++) {
			int64_t f = base + rnd(-15, 135);

			ev[i].first = f;
			ev[i].last = f + rnd(0, 2);
			ev[i].involves = rnd(0, 3) == 0;
			ev[i].ref = i;
		}
		in.first = base;
		in.last = base + rnd(0, 120);
		in.days = (int)rnd(1, 3);
		in.earliest = base + rnd(-5, 30);
		in.members = mem;
		in.nmembers = nm;
		in.holidays = hol;
		in.nholidays = nh;
		in.events = ev;
		in.nevents = ne;
		in.top = 1000;
		if (plan_rank(&in, &r)) {
			ok(0, "run %d: plan_rank refused its input", run);
			continue;
		}
		for (size_t i = 0; i < r.n; i++) {
			int penalties = 0;

			if (naive_hard(&in, r.c[i].start))
				bad_hard++;
			for (size_t k = 0; k < r.c[i].nreasons; k++)
				penalties += r.c[i].reasons[k].penalty;
			if (r.c[i].score != PLAN_BASE - penalties)
				bad_score++;
			if (i && (r.c[i - 1].score < r.c[i].score ||
				  (r.c[i - 1].score == r.c[i].score && r.c[i - 1].start >= r.c[i].start)))
				bad_order++;
		}
		for (int64_t s = in.first; s <= in.last; s++) {
			int h = naive_hard(&in, s), c = (int)plan_check(&in, s, NULL);

			/* Either may name another of the constraints a day breaks, not another verdict. */
			if (!h != !c || (h == PH_EARLY || h == PH_WINDOW) != (c == PH_EARLY || c == PH_WINDOW))
				bad_check++;
			if (h)
				continue;
			valid++;
		}
		for (int k = 1; k < 5; k++)
			excluded += r.excluded[k];
		if (valid != r.n)
			bad_complete++;
		if (excluded + r.n != r.considered || r.considered != (size_t)(in.last - in.first + 1))
			bad_sum++;
		in.top = 7;
		if (plan_rank(&in, &r2) == 0) {
			for (size_t i = 0; i < r2.n; i++)
				if (r2.c[i].start != r.c[i].start || r2.c[i].score != r.c[i].score)
					bad_again++;
			if (r2.n != (r.n < 7 ? r.n : 7))
				bad_again++;
			plan_result_free(&r2);
		}
		plan_result_free(&r);
	}
	is_int(bad_hard, 0, "%d random scenarios: no candidate breaks a hard constraint", runs);
	is_int(bad_complete, 0, "every start day that breaks none is ranked");
	is_int(bad_sum, 0, "the exclusions and the candidates add up to the days considered");
	is_int(bad_order, 0, "ranked by score, then date");
	is_int(bad_score, 0, "each score is 100 minus the penalties of its reasons");
	is_int(bad_check, 0, "plan_check agrees with the independent check on every day");
	is_int(bad_again, 0, "the top 7 of a second ranking are the first 7 of the full one");
}

/* ---- clashes ---- */

static void clashes(void)
{
	struct conflict_occ o[] = {
		{ 1000, 2000, 10, 10, 1, "TM", "AZ,KG,KZ,TJ,TM,UZ" },  /* a summit */
		{ 1500, 1600, 10, 10, 2, "TM", "KZ,TM" },              /* overlaps: KZ, TM */
		{ 2000, 3000, 10, 10, 3, "KZ", "KZ" },                 /* starts when the first ends: no */
		{ 1200, 1300, 10, 10, 4, "FR", "DE,FR" },              /* overlaps, nothing shared */
		{ 1100, 1900, 10, 10, 1, "TM", "AZ,KG,KZ,TJ,TM,UZ" },  /* the same meeting again: no */
	};
	struct plan_holiday h[] = {
		{ "TM", 9, 10, "Holiday", 0 },
		{ "KZ", 11, 11, "Later", 0 },
		{ "FR", 10, 10, "Fete", 1 },
	};
	struct conflict_pair *p;
	struct conflict_hit *hits;
	size_t n, nh;

	conflict_pairs(o, 5, &p, &n);
	is_int((int64_t)n, 2, "two clashes");
	ok(n == 2 && p[0].a == 0 && p[0].b == 1 && !strcmp(p[0].states, "KZ,TM"),
	   "the summit and meeting 2 share KZ and TM");
	ok(n == 2 && p[1].a == 4 && p[1].b == 1 && !strcmp(p[1].states, "KZ,TM"),
	   "the summit's other occurrence clashes with meeting 2 too");
	conflict_pairs_free(p, n);
	conflict_holidays(o, 5, h, 3, &hits, &nh);
	is_int((int64_t)nh, 4, "four occurrences on a holiday of their host (TM three times, FR once)");
	ok(nh == 4 && hits[3].occ == 4 && hits[0].holiday == 0 && hits[2].holiday == 2,
	   "in the order of the occurrences, naming the holiday");
	free(hits);
}

int main(void)
{
	examples();
	properties();
	clashes();
	return done_testing();
}
