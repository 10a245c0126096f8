/*
 * The rotation engine (src/rotation.c): worked examples of every kind of
 * change, then properties checked over many random scenarios made with a
 * fixed-seed generator:
 *   - every day of the range has exactly one holder (terms sorted, each
 *     ending on the day the next begins);
 *   - history is never rewritten: the terms that began before a change
 *     are the same with and without it;
 *   - once every change has played out, each state of the final order
 *     holds the office exactly once per cycle;
 *   - the holder of a term is a full member on its first day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rotation.h"
#include "tap.h"
#include "timeutil.h"

/* ---- helpers ---- */

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

/* The holders of terms as "A,B,C". */
static const char *holders(const struct rot_term *t, size_t n, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 4 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? "," : "", t[i].holder);
	return buf;
}

/* The terms of a calendar office: order "A,B,C" (two-letter codes), from start. */
struct fixture {
	char order[16][3];
	struct rot_office office;
	struct rot_event ev[16];
	size_t nev;
	struct rot_member mem[16];
	size_t nmem;
	struct rot_summit summit[16];
	size_t nsummit;
};

static void fixture_init(struct fixture *f, enum term_rule rule, const char *order, int months, int64_t start)
{
	memset(f, 0, sizeof(*f));
	for (const char *p = order; *p; p += p[2] ? 3 : 2) {
		memcpy(f->order[f->office.norder], p, 2);
		f->order[f->office.norder++][2] = '\0';
		if (!p[2])
			break;
	}
	f->office.rule = rule;
	f->office.months = months;
	f->office.start = start;
	f->office.order = f->order;
}

/* An event effective at noon UTC of a day. */
static struct rot_event *add_event(struct fixture *f, enum rot_event_kind kind, const char *state,
				   const char *other, int64_t day)
{
	struct rot_event *e = &f->ev[f->nev++];

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	if (state)
		snprintf(e->state, sizeof(e->state), "%s", state);
	if (other)
		snprintf(e->other, sizeof(e->other), "%s", other);
	e->effective = day * DAY_SECONDS + 12 * 3600;
	return e;
}

static int run_fixture(const struct fixture *f, int64_t today, int64_t until, struct rot_term **t, size_t *n)
{
	struct rot_input in;

	memset(&in, 0, sizeof(in));
	in.office = &f->office;
	in.events = f->ev;
	in.nevents = f->nev;
	in.members = f->mem;
	in.nmembers = f->nmem;
	in.summits = f->summit;
	in.nsummits = f->nsummit;
	in.today = today;
	in.now = today * DAY_SECONDS;
	return rotation_terms(&in, until, 0, t, n);
}

/* Whether the terms cover [t[0].start, t[n-1].end) without gaps or overlaps. */
static int contiguous(const struct rot_term *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].start >= t[i].end)
			return 0;
		if (i + 1 < n && t[i].end != t[i + 1].start)
			return 0;
	}
	return n > 0;
}

/* ---- worked examples ---- */

static void test_add_months(void)
{
	is_int(add_months(D(2024, 1, 31), 1), D(2024, 2, 29), "add_months: Jan 31 + 1 month in a leap year is Feb 29");
	is_int(add_months(D(2023, 1, 31), 1), D(2023, 2, 28), "add_months: Jan 31 + 1 month is Feb 28");
	is_int(add_months(D(2023, 8, 31), 1), D(2023, 9, 30), "add_months: Aug 31 + 1 month is Sep 30");
	is_int(add_months(D(2016, 1, 1), 6), D(2016, 7, 1), "add_months: Jan 1 + 6 months is Jul 1");
	is_int(add_months(D(2016, 7, 1), 6), D(2017, 1, 1), "add_months: Jul 1 + 6 months is Jan 1 of the next year");
	is_int(add_months(D(2019, 10, 15), 12), D(2020, 10, 15), "add_months: + 12 months is the same day a year later");
	is_int(add_months(D(2024, 2, 29), 12), D(2025, 2, 28), "add_months: Feb 29 + 1 year is Feb 28");
	is_int(add_months(D(2024, 3, 31), -1), D(2024, 2, 29), "add_months: Mar 31 - 1 month is Feb 29");
	is_int(add_months(D(2020, 12, 1), 0), D(2020, 12, 1), "add_months: + 0 months is the same day");
}

static void test_why_words(void)
{
	static const char *const words[] = { "order", "insertion", "appended", "removal", "swap", "skip",
		"extension", "postponement", "moved", "record", "summit", "follow" };

	for (int w = WHY_ORDER; w <= WHY_FOLLOW; w++)
		is_str(why_word((enum why)w), words[w], "why_word(%d) is '%s'", w, words[w]);
}

static void test_plain_order(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char buf[256], b1[16];
	int rc;

	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC", 6, D(2020, 1, 1));
	rc = run_fixture(&f, D(2020, 3, 1), D(2023, 1, 1), &t, &n);
	is_int(rc, 0, "plain order: rotation_terms returns 0");
	ok(n >= 6, "plain order: at least six terms through 2023-01-01 (got %zu)", n);
	is_str(holders(t, 6, buf, sizeof(buf)), "AA,BB,CC,AA,BB,CC", "plain order: the order repeats");
	is_str(date_text(t[0].start, b1), "2020-01-01", "plain order: the first term begins on --start");
	is_str(date_text(t[0].end, b1), "2020-07-01", "plain order: a 6-month term ends on Jul 1");
	is_str(date_text(t[1].start, b1), "2020-07-01", "plain order: the next term begins on that day");
	ok(contiguous(t, n), "plain order: no gaps, no overlaps");
	ok(t[n - 1].end > D(2023, 1, 1), "plain order: the last term ends after `until`");
	is_int(t[0].actual, 1, "plain order: the term under way is actual");
	is_int(t[1].actual, 0, "plain order: a later term is projected");
	is_int(t[0].why, WHY_ORDER, "plain order: why is order");
	is_int(rotation_find(t, n, D(2019, 12, 31)), -1, "rotation_find: no term before the first");
	is_int(rotation_find(t, n, D(2020, 1, 1)), 0, "rotation_find: the first day of a term");
	is_int(rotation_find(t, n, D(2020, 6, 30)), 0, "rotation_find: the last day of a term");
	is_int(rotation_find(t, n, D(2020, 7, 1)), 1, "rotation_find: the end day belongs to the next term");
	is_int(rotation_find(t, n, t[n - 1].end), -1, "rotation_find: no term from the last end");
	free(t);

	/* `after`: at least that many terms after the one holding today. */
	{
		struct rot_input in;

		memset(&in, 0, sizeof(in));
		in.office = &f.office;
		in.today = D(2020, 3, 1);
		rc = rotation_terms(&in, D(2020, 3, 1), 10, &t, &n);
		is_int(rc, 0, "after: rotation_terms returns 0");
		ok(n >= 11, "after = 10: the current term and ten more (got %zu)", n);
		free(t);
	}
}

static void test_nothing_to_rotate(void)
{
	struct fixture f;
	struct rot_term *t = NULL;
	size_t n = 1;

	fixture_init(&f, TERM_SUMMIT, "", 12, 0);
	f.office.norder = 0;
	is_int(run_fixture(&f, D(2026, 1, 15), D(2027, 1, 1), &t, &n), -1,
	       "summit terms with no order and no summits: -1");
	is_int((int64_t)n, 0, "nothing to rotate: no terms");
	free(t);
}

static void test_remove(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char buf[256];

	/* BB leaves during AA's term: CC moves up into BB's slot. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 6, D(2016, 1, 1));
	add_event(&f, EV_REMOVE, "BB", NULL, D(2016, 3, 1));
	run_fixture(&f, D(2016, 3, 1), D(2019, 1, 1), &t, &n);
	is_str(holders(t, 6, buf, sizeof(buf)), "AA,CC,DD,AA,CC,DD", "remove: the later slots move forward");
	is_int(t[1].why, WHY_REMOVAL, "remove: the term that takes the slot says why (removal)");
	ok(contiguous(t, n), "remove: no gaps, no overlaps");
	free(t);

	/* A removal two terms ahead: the slot is deleted all the same. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 6, D(2016, 1, 1));
	add_event(&f, EV_REMOVE, "CC", NULL, D(2016, 3, 1));
	run_fixture(&f, D(2016, 3, 1), D(2019, 1, 1), &t, &n);
	is_str(holders(t, 6, buf, sizeof(buf)), "AA,BB,DD,AA,BB,DD", "remove ahead: the slot is deleted");
	is_int(t[2].why, WHY_REMOVAL, "remove ahead: the term that takes the deleted slot says why (removal)");
	free(t);
}

static void test_skip(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char buf[256];

	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 12, D(2020, 1, 1));
	add_event(&f, EV_SKIP, "BB", NULL, D(2020, 5, 1));
	run_fixture(&f, D(2020, 5, 1), D(2027, 1, 1), &t, &n);
	is_str(holders(t, 8, buf, sizeof(buf)), "AA,CC,DD,AA,BB,CC,DD,AA",
	       "skip: the next moves up, the order resumes, the skipped state comes in the next cycle");
	is_int(t[1].why, WHY_SKIP, "skip: why is skip");
	ok(contiguous(t, n), "skip: no gaps, no overlaps");
	free(t);
}

static void test_swap(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char buf[256];

	/* ASEAN 2011: AA and CC exchange their next turns; later cycles unchanged. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 12, D(2020, 1, 1));
	add_event(&f, EV_SWAP, "CC", "BB", D(2020, 5, 1));
	run_fixture(&f, D(2020, 5, 1), D(2028, 1, 1), &t, &n);
	is_str(holders(t, 9, buf, sizeof(buf)), "AA,CC,BB,DD,AA,BB,CC,DD,AA",
	       "swap: two turns exchanged, the next cycle unchanged");
	is_int(t[1].why, WHY_SWAP, "swap: the first exchanged term says why (swap)");
	is_int(t[2].why, WHY_SWAP, "swap: the second exchanged term says why (swap)");
	ok(strstr(t[1].note, "CC takes BB") != NULL, "swap: the first note names the holder (got '%s')", t[1].note);
	ok(strstr(t[2].note, "BB takes CC") != NULL, "swap: the second note names the holder (got '%s')", t[2].note);
	free(t);

	/* The same swap named the other way round: the same terms, the same notes. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 12, D(2020, 1, 1));
	add_event(&f, EV_SWAP, "BB", "CC", D(2020, 5, 1));
	run_fixture(&f, D(2020, 5, 1), D(2028, 1, 1), &t, &n);
	is_str(holders(t, 9, buf, sizeof(buf)), "AA,CC,BB,DD,AA,BB,CC,DD,AA", "swap named the other way: the same terms");
	ok(strstr(t[1].note, "CC takes BB") != NULL, "swap named the other way: the first note names the holder (got '%s')",
	   t[1].note);
	ok(strstr(t[2].note, "BB takes CC") != NULL, "swap named the other way: the second note names the holder (got '%s')",
	   t[2].note);
	free(t);

	/* A swap with a state that leaves before either turn: no one who left holds the office. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 12, D(2020, 1, 1));
	add_event(&f, EV_SWAP, "BB", "DD", D(2020, 3, 1));
	add_event(&f, EV_REMOVE, "DD", NULL, D(2020, 5, 1));
	run_fixture(&f, D(2020, 5, 1), D(2027, 1, 1), &t, &n);
	is_str(holders(t, 6, buf, sizeof(buf)), "AA,BB,CC,AA,BB,CC",
	       "swap then remove: the swap lapses, the removed state holds no term");
	free(t);
}

static void test_insert(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char buf[256];

	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC", 12, D(2020, 1, 1));
	add_event(&f, EV_INSERT, "DD", "AA", D(2020, 5, 1));
	run_fixture(&f, D(2020, 5, 1), D(2027, 1, 1), &t, &n);
	is_str(holders(t, 8, buf, sizeof(buf)), "AA,DD,BB,CC,AA,DD,BB,CC", "insert --after: placed after AA");
	is_int(t[1].why, WHY_INSERTION, "insert: the first turn says why (insertion)");
	is_int(t[5].why, WHY_ORDER, "insert: the second turn is in order");
	free(t);

	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC", 12, D(2020, 1, 1));
	add_event(&f, EV_INSERT, "DD", NULL, D(2020, 5, 1));
	run_fixture(&f, D(2020, 5, 1), D(2027, 1, 1), &t, &n);
	is_str(holders(t, 8, buf, sizeof(buf)), "AA,BB,CC,DD,AA,BB,CC,DD", "insert without --after: at the end");
	free(t);

	/* A new full member is appended; inserted later elsewhere, its turns are labelled once each. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC", 12, D(2020, 1, 1));
	f.mem[0] = (struct rot_member){ "AA", INT64_MIN, INT64_MAX };
	f.mem[1] = (struct rot_member){ "BB", INT64_MIN, INT64_MAX };
	f.mem[2] = (struct rot_member){ "CC", INT64_MIN, INT64_MAX };
	f.mem[3] = (struct rot_member){ "DD", D(2020, 3, 1), INT64_MAX };
	f.nmem = 4;
	add_event(&f, EV_INSERT, "DD", "AA", D(2021, 5, 1));
	run_fixture(&f, D(2021, 5, 1), D(2030, 1, 1), &t, &n);
	is_str(holders(t, 9, buf, sizeof(buf)), "AA,BB,CC,AA,DD,BB,CC,AA,DD",
	       "a new member appended, then inserted after AA");
	is_int(t[4].why, WHY_INSERTION, "its first turn after the insertion says why (insertion)");
	is_int(t[8].why, WHY_ORDER, "its next turn is in order, not a second 'insertion'");
	free(t);
}

static void test_extend(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char b1[16];
	struct rot_event *e;

	/* Organization of Turkic States: the chair from 2019-10-15 extended by a year in 2020. */
	fixture_init(&f, TERM_CALENDAR, "AZ,TR,UZ,KZ,KG", 12, D(2019, 10, 15));
	e = add_event(&f, EV_EXTEND, NULL, NULL, D(2020, 4, 1));
	e->months = 12;
	run_fixture(&f, D(2020, 4, 1), D(2024, 1, 1), &t, &n);
	is_str(t[0].holder, "AZ", "extend: the holder stays");
	is_str(date_text(t[0].end, b1), "2021-10-15", "extend: the term ends a year later");
	is_int(t[0].why, WHY_EXTENSION, "extend: why is extension");
	is_str(t[1].holder, "TR", "extend: the next holder is unchanged");
	is_str(date_text(t[1].start, b1), "2021-10-15", "extend: the next term starts a year later");
	is_str(date_text(t[1].end, b1), "2022-10-15", "extend: and lasts a full term");
	ok(contiguous(t, n), "extend: no gaps, no overlaps");
	free(t);

	/* An extension by days. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB", 6, D(2020, 1, 1));
	e = add_event(&f, EV_EXTEND, NULL, NULL, D(2020, 7, 10));
	e->days = 10;
	run_fixture(&f, D(2020, 7, 10), D(2022, 1, 1), &t, &n);
	is_str(date_text(t[1].end, b1), "2021-01-11", "extend by 10 days: the term under way ends 10 days later");
	is_str(date_text(t[0].end, b1), "2020-07-01", "extend: the term before is unchanged");
	free(t);
}

static void test_record(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char b1[16];
	struct rot_event *e;

	/* A recorded term with an end: history as it happened, the order continues from its holder. */
	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC,DD", 12, D(2018, 9, 3));
	e = add_event(&f, EV_RECORD, "CC", NULL, D(2026, 1, 1));
	e->start = D(2018, 9, 3);
	e->end = D(2019, 10, 15);
	run_fixture(&f, D(2026, 1, 15), D(2022, 1, 1), &t, &n);
	is_str(t[0].holder, "CC", "record: the recorded holder");
	is_str(date_text(t[0].end, b1), "2019-10-15", "record: the recorded end");
	is_int(t[0].why, WHY_RECORD, "record: why is record");
	is_int(t[0].actual, 1, "record: actual");
	is_str(t[1].holder, "DD", "record: the order continues from the recorded holder");
	is_str(date_text(t[1].start, b1), "2019-10-15", "record: the next term begins on the recorded end");
	free(t);

	/* A recorded handover later than the projected one: the term before lasts until it. */
	fixture_init(&f, TERM_CALENDAR, "KG,AZ,TR", 12, D(2018, 9, 3));
	e = add_event(&f, EV_RECORD, "AZ", NULL, D(2026, 1, 1));
	e->start = D(2019, 10, 15);
	run_fixture(&f, D(2026, 1, 15), D(2022, 1, 1), &t, &n);
	is_str(t[0].holder, "KG", "late record: KG holds the first term");
	is_str(date_text(t[0].end, b1), "2019-10-15", "late record: until the recorded handover");
	is_str(t[1].holder, "AZ", "late record: then AZ");
	is_str(date_text(t[1].start, b1), "2019-10-15", "late record: AZ's one term begins on the recorded day");
	ok(strcmp(t[2].holder, "AZ") != 0, "late record: AZ's turn is one term, not two (third holder %s)",
	   t[2].holder);
	free(t);
}

static void test_follow(void)
{
	struct fixture f;
	struct rot_term *t, *ft;
	size_t n, nf;
	char buf[256];

	fixture_init(&f, TERM_CALENDAR, "AA,BB,CC", 12, D(2020, 1, 1));
	run_fixture(&f, D(2020, 5, 1), D(2026, 1, 1), &t, &n);
	rotation_follow(t, n, 0, &ft, &nf);
	is_int((int64_t)nf, (int64_t)n, "follow +0: as many terms");
	is_str(holders(ft, 6, buf, sizeof(buf)), "AA,BB,CC,AA,BB,CC", "follow +0: the same holders");
	ok(ft[2].start == t[2].start && ft[2].end == t[2].end, "follow +0: the same dates");
	is_int(ft[0].why, WHY_FOLLOW, "follow: why is follow");
	free(ft);
	rotation_follow(t, n, 1, &ft, &nf);
	is_int((int64_t)nf, (int64_t)n - 1, "follow +1: one term fewer");
	is_str(holders(ft, 6, buf, sizeof(buf)), "BB,CC,AA,BB,CC,AA", "follow +1: the next holder");
	ok(ft[2].start == t[2].start && ft[2].end == t[2].end, "follow +1: the same dates");
	free(ft);
	rotation_follow(t, 2, 5, &ft, &nf);
	is_int((int64_t)nf, 0, "follow +5 of two terms: none");
	free(ft);
	free(t);
}

static void test_summits(void)
{
	struct fixture f;
	struct rot_term *t;
	size_t n;
	char buf[256], b1[16];
	static const struct {
		const char *host;
		int y, m, d;
	} sco[] = {
		{ "KZ", 2017, 6, 9 }, { "CN", 2018, 6, 10 }, { "KG", 2019, 6, 14 }, { "RU", 2020, 11, 10 },
		{ "TJ", 2021, 9, 17 }, { "UZ", 2022, 9, 16 }, { "IN", 2023, 7, 4 }, { "KZ", 2024, 7, 4 },
		{ "CN", 2025, 9, 1 },
	};

	/* SCO: the presidency passes to the next host at the close of each summit. */
	fixture_init(&f, TERM_SUMMIT, "IN,KZ,CN,KG,PK,RU,TJ,UZ", 12, 0);
	for (size_t i = 0; i < sizeof(sco) / sizeof(sco[0]); i++) {
		struct rot_summit *s = &f.summit[f.nsummit++];

		snprintf(s->host, sizeof(s->host), "%s", sco[i].host);
		s->start = D(sco[i].y, sco[i].m, sco[i].d);
		s->handover = s->start + 1;
		s->held = 1;
		snprintf(s->status, sizeof(s->status), "held");
	}
	run_fixture(&f, D(2026, 1, 15), D(2027, 1, 1), &t, &n);
	is_str(holders(t, 11, buf, sizeof(buf)), "KZ,CN,KG,RU,TJ,UZ,IN,KZ,CN,KG,PK",
	       "SCO: the hosts, then the order from the last host");
	is_str(t[rotation_find(t, n, D(2020, 1, 1))].holder, "RU", "SCO on 2020-01-01: RU (hosts 2020)");
	is_str(t[rotation_find(t, n, D(2024, 7, 4))].holder, "KZ", "SCO on the day of the Astana summit: KZ");
	is_str(t[rotation_find(t, n, D(2024, 7, 5))].holder, "CN", "SCO the day after: CN");
	is_str(date_text(t[9].start, b1), "2025-09-02", "SCO: the projected term begins after the last summit");
	is_int(t[9].actual, 1, "SCO: the term under way is actual");
	is_int(t[10].actual, 0, "SCO: the next is projected");
	ok(contiguous(t, n), "SCO: no gaps, no overlaps");
	free(t);
}

/* ---- random scenarios ---- */

static uint64_t rng_state = UINT64_C(0x2016072620190101);

static uint64_t rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int64_t rnd_range(int64_t lo, int64_t hi) /* [lo, hi] */
{
	return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

#define POOL 16
#define MAXEV 10

struct scenario {
	int id;
	struct rot_office office;
	char order[POOL][3];
	char pool[POOL][3];
	int npool;
	struct rot_member mem[2 * POOL];
	size_t nmem;
	struct rot_event ev[MAXEV];
	size_t nev;
	int64_t today;
	int64_t last_change;    /* the last day anything changes */
};

static void code_of(int k, char *out)
{
	out[0] = (char)('A' + k / 26);
	out[1] = (char)('A' + k % 26);
	out[2] = '\0';
}

static int cmp_event(const void *a, const void *b)
{
	const struct rot_event *x = a, *y = b;

	return x->effective < y->effective ? -1 : x->effective > y->effective;
}

static void make_scenario(struct scenario *s, int id)
{
	static const int lengths[] = { 3, 6, 12 };
	int norder = (int)rnd_range(3, 12), extra = (int)rnd_range(0, 3);
	int perm[POOL];
	int64_t start, span;

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->npool = norder + extra;
	for (int k = 0; k < s->npool; k++) {
		code_of(k * 7 + (int)rnd_range(0, 6), s->pool[k]);
		perm[k] = k;
	}
	for (int k = s->npool - 1; k > 0; k--) {
		int j = (int)rnd_range(0, k), x = perm[k];

		perm[k] = perm[j];
		perm[j] = x;
	}
	for (int k = 0; k < norder; k++)
		memcpy(s->order[k], s->pool[perm[k]], 3);
	s->office.rule = TERM_CALENDAR;
	s->office.months = lengths[rnd() % 3];
	s->office.order = s->order;
	s->office.norder = (size_t)norder;
	start = D((int)rnd_range(1995, 2030), (int)rnd_range(1, 12), (int)rnd_range(1, 28));
	if (rnd() % 4 == 0)
		start = add_months(D(2000, 1, 31), (int)rnd_range(0, 300)); /* month ends */
	s->office.start = start;
	span = (int64_t)s->office.months * 31 * norder * 2;   /* about two cycles */
	s->last_change = start;

	/* Memberships: the first two of the order always full members; others may leave and rejoin. */
	for (int k = 0; k < s->npool; k++) {
		const char *st = s->pool[perm[k]];
		int64_t since = INT64_MIN, until = INT64_MAX;
		int core = k < 2, in_order = k < norder;
		int r = (int)(rnd() % 10);

		if (!in_order) {
			since = start + rnd_range(-400, span);
		} else if (!core && r < 2) {
			until = start + rnd_range(1, span);
		} else if (!core && r < 3) {
			until = start + rnd_range(1, span / 2);
			s->mem[s->nmem++] = (struct rot_member){ "", since, until };
			memcpy(s->mem[s->nmem - 1].state, st, 3);
			since = until + rnd_range(1, span / 2);
			until = INT64_MAX;
		}
		s->mem[s->nmem++] = (struct rot_member){ "", since, until };
		memcpy(s->mem[s->nmem - 1].state, st, 3);
	}
	for (size_t j = 0; j < s->nmem; j++) {
		if (s->mem[j].since != INT64_MIN && s->mem[j].since > s->last_change)
			s->last_change = s->mem[j].since;
		if (s->mem[j].until != INT64_MAX && s->mem[j].until > s->last_change)
			s->last_change = s->mem[j].until;
	}

	/* Changes at random instants (not midnights). */
	s->nev = (size_t)rnd_range(0, 8);
	for (size_t i = 0; i < s->nev; i++) {
		struct rot_event *e = &s->ev[i];
		int a = (int)rnd_range(0, s->npool - 1), b;

		memset(e, 0, sizeof(*e));
		e->kind = (enum rot_event_kind)rnd_range(EV_INSERT, EV_EXTEND);
		e->effective = start * DAY_SECONDS + rnd_range(-30 * DAY_SECONDS, span * DAY_SECONDS);
		if (rnd() % 4 == 0)
			e->effective -= e->effective % DAY_SECONDS;     /* at midnight: maybe the very start of a term */
		switch (e->kind) {
		case EV_REMOVE:
			/* never the two core states: the order never empties */
			a = (int)rnd_range(2, s->npool - 1);
			memcpy(e->state, s->pool[perm[a]], 3);
			break;
		case EV_INSERT:
			memcpy(e->state, s->pool[perm[a]], 3);
			b = (int)rnd_range(-1, s->npool - 1);
			if (b >= 0 && b != a)
				memcpy(e->other, s->pool[perm[b]], 3);
			break;
		case EV_SWAP:
			b = (a + (int)rnd_range(1, s->npool - 1)) % s->npool;
			memcpy(e->state, s->pool[perm[a]], 3);
			memcpy(e->other, s->pool[perm[b]], 3);
			break;
		case EV_SKIP:
			memcpy(e->state, s->pool[perm[a]], 3);
			break;
		case EV_EXTEND:
			if (rnd() % 2)
				e->months = (int)rnd_range(1, 12);
			else
				e->days = rnd_range(1, 200);
			break;
		default:
			break;
		}
		if (e->effective / DAY_SECONDS + 1 > s->last_change)
			s->last_change = e->effective / DAY_SECONDS + 1;
	}
	qsort(s->ev, s->nev, sizeof(s->ev[0]), cmp_event);
	s->today = start + rnd_range(0, span);
}

/* The horizon: well past the last change, so that every pending change has played out. */
static int64_t horizon(const struct scenario *s)
{
	return s->last_change + (int64_t)s->office.months * 31 * (int64_t)(s->npool + 1) * (int64_t)(2 * s->nev + 6);
}

static int compute(const struct scenario *s, const struct rot_event *ev, size_t nev, const struct rot_member *mem,
		   size_t nmem, struct rot_term **t, size_t *n)
{
	struct rot_input in;

	memset(&in, 0, sizeof(in));
	in.office = &s->office;
	in.events = ev;
	in.nevents = nev;
	in.members = mem;
	in.nmembers = nmem;
	in.today = s->today;
	in.now = s->today * DAY_SECONDS + 9 * 3600;
	return rotation_terms(&in, horizon(s), 0, t, n);
}

static void describe(const struct scenario *s)
{
	char b1[16], b2[16];
	static const char *const kinds[] = { "insert", "remove", "swap", "skip", "extend", "record", "reorder" };

	diag("  scenario %d: %d-month terms from %s, order of %zu:", s->id, s->office.months,
	     date_text(s->office.start, b1), s->office.norder);
	for (size_t i = 0; i < s->office.norder; i++)
		diag("    %s", s->order[i]);
	for (size_t j = 0; j < s->nmem; j++)
		diag("  member %s since %s until %s", s->mem[j].state,
		     s->mem[j].since == INT64_MIN ? "-" : date_text(s->mem[j].since, b1),
		     s->mem[j].until == INT64_MAX ? "-" : date_text(s->mem[j].until, b2));
	for (size_t i = 0; i < s->nev; i++)
		diag("  event %s %s %s months=%d days=%lld effective %s +%llds", kinds[s->ev[i].kind], s->ev[i].state,
		     s->ev[i].other, s->ev[i].months, (long long)s->ev[i].days,
		     date_text(s->ev[i].effective / DAY_SECONDS, b1),
		     (long long)(s->ev[i].effective % DAY_SECONDS));
}

static void dump_terms(const struct rot_term *t, size_t n, size_t from, size_t to)
{
	char b1[16], b2[16];

	for (size_t i = from; i < n && i < to; i++)
		diag("    [%zu] %s %s..%s %s (%s)", i, t[i].holder, date_text(t[i].start, b1), date_text(t[i].end, b2),
		     why_word(t[i].why), t[i].note);
}

static int member_on(const struct scenario *s, const char *state, int64_t day)
{
	for (size_t j = 0; j < s->nmem; j++)
		if (!strcmp(s->mem[j].state, state) && s->mem[j].since <= day && day < s->mem[j].until)
			return 1;
	return 0;
}

/* The states in the order once every change has played out. */
static int final_order(const struct scenario *s, char (*out)[3])
{
	int n = 0;
	int64_t end = horizon(s);

	for (int k = 0; k < s->npool; k++) {
		const char *st = s->pool[k];
		int removed = 0;

		for (size_t i = 0; i < s->nev; i++) {
			if (!strcmp(s->ev[i].state, st) && s->ev[i].kind == EV_REMOVE)
				removed = 1;
			if (!strcmp(s->ev[i].state, st) && s->ev[i].kind == EV_INSERT)
				removed = 0;
		}
		if (!removed && member_on(s, st, end))
			memcpy(out[n++], st, 3);
	}
	return n;
}

/* Whether two terms are the same; for the term an extension lengthens, only its holder and start. */
static int same_term(const struct rot_term *a, const struct rot_term *b, int all)
{
	if (strcmp(a->holder, b->holder) || a->start != b->start || a->actual != b->actual)
		return 0;
	return !all || (a->end == b->end && a->why == b->why && !strcmp(a->note, b->note));
}

#define SCENARIOS 600

struct tally {
	int ran, failed;
	int reported;
};

static void fail_once(struct tally *ty, const struct scenario *s, const char *what)
{
	ty->failed++;
	if (ty->reported++ < 2) {
		diag("%s", what);
		describe(s);
	}
}

static void test_random_scenarios(void)
{
	struct tally cover = { 0, 0, 0 }, hist = { 0, 0, 0 }, mhist = { 0, 0, 0 }, cycle = { 0, 0, 0 },
		     member = { 0, 0, 0 }, swapped = { 0, 0, 0 }, find = { 0, 0, 0 };
	int cycles_checked = 0;

	for (int id = 0; id < SCENARIOS; id++) {
		struct scenario s;
		struct rot_term *t = NULL;
		size_t n = 0;
		char msg[256], fin[POOL][3];
		int nfin, rc;

		make_scenario(&s, id);
		rc = compute(&s, s.ev, s.nev, s.mem, s.nmem, &t, &n);

		/* 1. Every day of the range has exactly one holder. */
		cover.ran++;
		{
			const char *bad = NULL;

			if (rc || !n)
				bad = "no terms";
			else if (t[0].start != s.office.start)
				bad = "the first term does not begin on the office's start";
			else if (t[n - 1].end <= horizon(&s))
				bad = "the terms stop before `until`";
			for (size_t i = 0; !bad && i < n; i++) {
				if (strlen(t[i].holder) != 2)
					bad = "a term without a holder";
				else if (t[i].start >= t[i].end)
					bad = "a term that does not end after it begins";
				else if (i + 1 < n && t[i].end != t[i + 1].start)
					bad = t[i].end < t[i + 1].start ? "a gap between two terms" : "two terms overlap";
			}
			if (bad) {
				snprintf(msg, sizeof(msg), "coverage, scenario %d: %s", id, bad);
				fail_once(&cover, &s, msg);
			}
		}
		/* rotation_find agrees with a linear scan on random days. */
		find.ran++;
		for (int k = 0; n && k < 20; k++) {
			int64_t day = rnd_range(t[0].start - 5, t[n - 1].end + 5);
			long got = rotation_find(t, n, day);
			long want = -1;
			int count = 0;

			for (size_t i = 0; i < n; i++)
				if (t[i].start <= day && day < t[i].end) {
					count++;
					want = (long)i;
				}
			if (count > 1 || got != want) {
				snprintf(msg, sizeof(msg), "rotation_find, scenario %d: day %lld found %ld, expected %ld (%d terms)",
					 id, (long long)day, got, want, count);
				fail_once(&find, &s, msg);
				break;
			}
		}

		/* 2. History is never rewritten: without each change, the earlier terms are the same. */
		for (size_t i = 0; i < s.nev; i++) {
			struct rot_event ev[MAXEV];
			struct rot_term *u = NULL;
			size_t nu = 0, k, before_t = 0, before_u = 0;
			int64_t eff = s.ev[i].effective;
			int bad = 0;

			hist.ran++;
			memcpy(ev, s.ev, i * sizeof(ev[0]));
			memcpy(ev + i, s.ev + i + 1, (s.nev - i - 1) * sizeof(ev[0]));
			compute(&s, ev, s.nev - 1, s.mem, s.nmem, &u, &nu);
			for (k = 0; k < n && t[k].start * DAY_SECONDS <= eff; k++)
				before_t++;
			for (k = 0; k < nu && u[k].start * DAY_SECONDS <= eff; k++)
				before_u++;
			if (before_t != before_u)
				bad = 1;
			for (k = 0; !bad && k < before_t; k++) {
				/* An extension lengthens the term under way: its end and why change. */
				int under_way = t[k].end * DAY_SECONDS > eff || u[k].end * DAY_SECONDS > eff;

				if (!same_term(&t[k], &u[k], !(s.ev[i].kind == EV_EXTEND && under_way)))
					bad = 1;
			}
			if (bad) {
				snprintf(msg, sizeof(msg), "history, scenario %d: event %zu rewrote a term that began before it", id,
					 i);
				fail_once(&hist, &s, msg);
				if (hist.reported <= 2) {
					diag("  with the event:");
					dump_terms(t, n, 0, before_t + 2);
					diag("  without it:");
					dump_terms(u, nu, 0, before_u + 2);
				}
			}
			free(u);
		}
		/* ... nor by a membership change: moved later, the terms before it are the same. */
		for (size_t j = 0; j < s.nmem; j++) {
			struct rot_member mem[2 * POOL];
			struct rot_term *u = NULL;
			size_t nu = 0, k;
			int64_t day;
			int bad = 0;

			memcpy(mem, s.mem, s.nmem * sizeof(mem[0]));
			if (mem[j].until != INT64_MAX) {
				day = mem[j].until;             /* a leave: stay on instead */
				mem[j].until = INT64_MAX;
				if (j + 1 < s.nmem && !strcmp(mem[j + 1].state, mem[j].state))
					mem[j].until = mem[j + 1].since;
			} else if (mem[j].since != INT64_MIN) {
				day = mem[j].since;             /* a join: join three years later */
				mem[j].since += 3 * 366;
			} else {
				continue;
			}
			mhist.ran++;
			compute(&s, s.ev, s.nev, mem, s.nmem, &u, &nu);
			for (k = 0; k < n && t[k].start < day; k++)
				if (k >= nu || !same_term(&t[k], &u[k], 1))
					bad = 1;
			if (bad) {
				snprintf(msg, sizeof(msg), "membership history, scenario %d: membership %zu rewrote an earlier term",
					 id, j);
				fail_once(&mhist, &s, msg);
			}
			free(u);
		}

		/* 3. Once everything has played out, one turn each per cycle. */
		nfin = final_order(&s, fin);
		if (!rc && nfin >= 2) {
			size_t j0 = 0, need;

			while (j0 < n && t[j0].start <= s.last_change)
				j0++;
			j0 += (size_t)(2 * s.nev + 3) * (size_t)s.npool;
			need = j0 + 2 * (size_t)nfin;
			if (need <= n) {
				int bad = 0;

				cycle.ran++;
				cycles_checked++;
				for (int f = 0; f < nfin && !bad; f++) {
					int count = 0;

					for (size_t k = j0; k < j0 + (size_t)nfin; k++)
						count += !strcmp(t[k].holder, fin[f]);
					if (count != 1)
						bad = 1;
				}
				for (size_t k = j0; k < j0 + (size_t)nfin && !bad; k++)
					if (strcmp(t[k].holder, t[k + (size_t)nfin].holder))
						bad = 1;
				if (bad) {
					snprintf(msg, sizeof(msg), "cycle, scenario %d: not one turn each over %d terms from term %zu",
						 id, nfin, j0);
					fail_once(&cycle, &s, msg);
					if (cycle.reported <= 2) {
						diag("  expected the states:");
						for (int f = 0; f < nfin; f++)
							diag("    %s", fin[f]);
						dump_terms(t, n, j0, j0 + 2 * (size_t)nfin);
					}
				}
			}
		}

		/* 4. A holder is a full member on the first day of its term: whether it came in order or by a swap. */
		member.ran++;
		swapped.ran++;
		for (int by_swap = 0; by_swap < 2; by_swap++) {
			struct tally *ty = by_swap ? &swapped : &member;

			for (size_t k = 0; k < n; k++) {
				char b1[16];

				if ((t[k].why == WHY_SWAP) != by_swap || member_on(&s, t[k].holder, t[k].start))
					continue;
				snprintf(msg, sizeof(msg), "membership, scenario %d: %s holds the term from %s%s without being a full member",
					 id, t[k].holder, date_text(t[k].start, b1), by_swap ? " by a swap" : "");
				fail_once(ty, &s, msg);
				if (ty->reported <= 2)
					dump_terms(t, n, k > 3 ? k - 3 : 0, k + 2);
				break;
			}
		}
		free(t);
	}
	ok(cover.failed == 0, "random: every day has exactly one holder (%d of %d scenarios failed)", cover.failed,
	   cover.ran);
	ok(find.failed == 0, "random: rotation_find finds the one term holding a day (%d of %d failed)", find.failed,
	   find.ran);
	ok(hist.failed == 0, "random: a change never rewrites the terms that began before it (%d of %d changes)",
	   hist.failed, hist.ran);
	ok(mhist.failed == 0, "random: a membership change never rewrites earlier terms (%d of %d changes)",
	   mhist.failed, mhist.ran);
	ok(cycles_checked >= SCENARIOS / 2, "random: the cycle property was checked in most scenarios (%d)",
	   cycles_checked);
	ok(cycle.failed == 0, "random: once settled, each state of the final order holds once per cycle (%d of %d failed)",
	   cycle.failed, cycle.ran);
	ok(member.failed == 0, "random: a holder in order is a full member on its term's first day (%d of %d scenarios failed)",
	   member.failed, member.ran);
	ok(swapped.failed == 0, "random: a holder by a swap is a full member on its term's first day (%d of %d scenarios failed)",
	   swapped.failed, swapped.ran);
}

/* Without memberships and with only changes the command line accepts, each kind on its own. */
static void test_random_by_kind(void)
{
	static const char *const names[] = { "insert", "remove", "swap", "skip", "extend" };

	for (int kind = EV_INSERT; kind <= EV_EXTEND; kind++) {
		int failed = 0, ran = 0;

		for (int id = 0; id < 150; id++) {
			struct scenario s;
			struct rot_term *t = NULL;
			size_t n = 0;
			size_t w = 0;

			make_scenario(&s, 10000 + kind * 1000 + id);
			s.nmem = 0;
			for (size_t i = 0; i < s.nev; i++)
				if (s.ev[i].kind == (enum rot_event_kind)kind)
					s.ev[w++] = s.ev[i];
			s.nev = w;
			if (!s.nev)
				continue;
			s.last_change = s.office.start;
			for (size_t i = 0; i < s.nev; i++)
				if (s.ev[i].effective / DAY_SECONDS + 1 > s.last_change)
					s.last_change = s.ev[i].effective / DAY_SECONDS + 1;
			ran++;
			compute(&s, s.ev, s.nev, NULL, 0, &t, &n);
			if (!contiguous(t, n))
				failed++;
			for (size_t i = 0; i < s.nev; i++) {
				struct rot_event ev[MAXEV];
				struct rot_term *u = NULL;
				size_t nu = 0;
				int64_t eff = s.ev[i].effective;

				memcpy(ev, s.ev, i * sizeof(ev[0]));
				memcpy(ev + i, s.ev + i + 1, (s.nev - i - 1) * sizeof(ev[0]));
				compute(&s, ev, s.nev - 1, NULL, 0, &u, &nu);
				for (size_t k = 0; k < n && t[k].start * DAY_SECONDS <= eff; k++) {
					int under_way = t[k].end * DAY_SECONDS > eff;

					if (k >= nu || !same_term(&t[k], &u[k], !(kind == EV_EXTEND && under_way))) {
						failed++;
						break;
					}
				}
				free(u);
			}
			free(t);
		}
		ok(failed == 0 && ran > 50, "random, %s only: contiguous and history kept (%d failures in %d scenarios)",
		   names[kind], failed, ran);
	}
}

int main(void)
{
	test_add_months();
	test_why_words();
	test_plain_order();
	test_nothing_to_rotate();
	test_remove();
	test_skip();
	test_swap();
	test_insert();
	test_extend();
	test_record();
	test_follow();
	test_summits();
	test_random_scenarios();
	test_random_by_kind();
	return done_testing();
}
