/*
 * The agenda (agenda_build) against a reference worked out the slow way:
 * random meetings (single and recurring, timed and all-day, long and
 * empty, in several zones, with EXDATEs, RDATEs and many equal starts)
 * are stored, then for random windows seen from several zones the
 * agenda must list exactly the occurrences that libical's own expansion
 * (ics_expand_libical) of every stored meeting gives, in the agenda's
 * order: by start (a date by its midnight in the viewer's zone), dates
 * before times, then by meeting id.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "agenda.h"
#include "db.h"
#include "ics.h"
#include "rng.h"
#include "store.h"
#include "tap.h"
#include "timeutil.h"
#include "util.h"

#define NMEETINGS 700
#define NWINDOWS 60

static const struct {
	const char *code, *tz;
} states[] = {
	{ "UZ", "Asia/Tashkent" }, { "KZ", "Asia/Almaty" }, { "RU", "Europe/Moscow" },
	{ "BE", "Europe/Brussels" }, { "US", "America/New_York" }, { NULL, "UTC" },
};
#define NSTATES (sizeof(states) / sizeof(states[0]))

static const char *const viewers[] = { "UTC", "Asia/Tashkent", "America/New_York", "Pacific/Kiritimati",
	"Pacific/Pago_Pago", "Europe/Brussels" };

static const char *const rules[] = {
	"FREQ=DAILY", "FREQ=DAILY;COUNT=5", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2",
	"FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=20", "FREQ=WEEKLY;UNTIL=20270301T000000Z", "FREQ=MONTHLY",
	"FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "FREQ=MONTHLY;BYMONTHDAY=31",
	"FREQ=YEARLY", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=WEEKLY;UNTIL=20260915",
};
#define NRULES (sizeof(rules) / sizeof(rules[0]))

static struct meeting ms[NMEETINGS];

static int first_starts(void *arg, int64_t start, int64_t end)
{
	int64_t *t = arg;

	(void)end;
	for (int i = 0; i < 4; i++)
		if (!t[i]) {
			t[i] = start;
			return i == 3;
		}
	return 1;
}

/* Meeting i, at random: most of them in 2025-2027, some series from long before. */
static void make_meeting(int i, struct meeting *m)
{
	size_t s = (size_t)pick(NSTATES);
	int recurring = pick(5) < 2;
	int64_t day = days_from_civil(2025, 1, 1) + pick(3 * 365);
	char title[32];

	memset(m, 0, sizeof(*m));
	if (recurring && pick(4) == 0)
		day = days_from_civil(2008 + pick(15), 1 + pick(12), 1 + pick(28));
	snprintf(title, sizeof(title), "m%d", i);
	m->uid = xasprintf("agenda-%d@test", i);
	m->body = xstrdup(pick(2) ? "CAHS" : "CANC");
	m->kind = xstrdup("regular");
	m->status = xstrdup(pick(10) ? "planned" : "cancelled");
	m->title = xstrdup(title);
	m->host = xstrdup_or_null(states[s].code);
	m->tz = xstrdup(states[s].tz);
	m->created = m->updated = 1767225600;
	if (pick(4) == 0) {
		m->all_day = 1;
		m->start = day * DAY_SECONDS;
		m->end = m->start + (1 + pick(pick(8) ? 3 : 40)) * DAY_SECONDS;
	} else {
		static const int hours[] = { 0, 9, 9, 10, 10, 23 };
		struct civil c;
		int len = pick(10);

		civil_from_days(day, &c.y, &c.mo, &c.d);
		c.h = hours[pick(6)];
		c.mi = pick(2) * 30;
		c.s = 0;
		if (ics_local_to_utc(&c, m->tz, &m->start))
			abort();
		m->end = m->start + (len == 0 ? 0 : len == 1 ? (1 + pick(40)) * DAY_SECONDS : (1 + pick(8)) * 1800);
		if (!recurring && pick(50) == 0)
			m->end = m->start + (400 + pick(1000)) * DAY_SECONDS;    /* a meeting of years: a mandate, say */
	}
	if (recurring) {
		struct series sr;
		int64_t t[4] = { 0, 0, 0, 0 };

		m->rrule = xstrdup(rules[pick(NRULES)]);
		sr = ics_series_of(m);
		/* Two EXDATEs among the occurrences from a day of 2025-2027 (or from the start). */
		if (pick(3) == 0) {
			int64_t from = (days_from_civil(2025, 1, 1) + pick(3 * 365)) * DAY_SECONDS;

			if (ics_expand(&sr, from > m->start ? from : m->start, INT64_MAX / 4, first_starts, t) == 0 &&
			    t[2]) {
				m->exdates = xmalloc(2 * sizeof(int64_t));
				m->exdates[0] = t[pick(2)];
				m->exdates[1] = t[2];
				m->nexdates = 2;
			}
		}
		if (pick(6) == 0) {
			m->rdates = xmalloc(sizeof(int64_t));
			m->rdates[0] = m->start + (1 + pick(900)) * 3600 * 24 + 7200;
			m->nrdates = 1;
		}
		sr = ics_series_of(m);
		if (ics_series_end(&sr, &m->series_end, &m->series_finite))
			abort();
	}
}

struct ref {
	const struct meeting *m;
	int64_t start, end, key;
};

struct refs {
	struct ref *r;
	size_t n, alloc;
	const struct meeting *m;
	int64_t from, to;
	const char *zone;
};

static int add_ref(void *arg, int64_t start, int64_t end)
{
	struct refs *l = arg;
	struct ref *r;

	if (start >= l->to || (end <= l->from && !(end == start && start >= l->from)))
		return 0;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 256;
		l->r = xrealloc(l->r, l->alloc * sizeof(*l->r));
	}
	r = &l->r[l->n++];
	r->m = l->m;
	r->start = start;
	r->end = end;
	r->key = start;
	if (l->m->all_day) {
		struct civil c;

		utc_as_civil(start, &c);
		if (ics_local_to_utc(&c, l->zone, &r->key))
			abort();
	}
	return 0;
}

static int cmp_ref(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->m->all_day != b->m->all_day)
		return b->m->all_day - a->m->all_day;
	return a->m->id < b->m->id ? -1 : a->m->id > b->m->id;
}

/* The reference occurrences on the dates [first, last] seen from zone, in order; the caller frees ->r. */
static void reference(const char *zone, int64_t first, int64_t last, struct refs *l)
{
	struct civil c;
	int64_t tfrom, tto;

	memset(l, 0, sizeof(*l));
	l->zone = zone;
	utc_as_civil(first, &c);
	ics_local_to_utc(&c, zone, &tfrom);
	utc_as_civil(last + DAY_SECONDS, &c);
	ics_local_to_utc(&c, zone, &tto);
	for (size_t i = 0; i < NMEETINGS; i++) {
		struct meeting *m = &ms[i];
		struct series s = ics_series_of(m);

		l->m = m;
		l->from = m->all_day ? first : tfrom;
		l->to = m->all_day ? last + DAY_SECONDS : tto;
		if (ics_expand_libical(&s, l->from, l->to, add_ref, l))
			abort();
	}
	if (l->n)
		qsort(l->r, l->n, sizeof(*l->r), cmp_ref);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/dipcal-test-agenda-%ld.db", tmp && *tmp ? tmp : "/tmp", (long)getpid());
	struct db *db = NULL;
	size_t total = 0;
	int st, nseries = 0;

	db_zone_functions(ics_local_to_utc, ics_utc_to_local);
	if (!is_int(db_open(path, &db), 0, "a fresh database"))
		return done_testing();
	st = db_begin(db);
	for (size_t i = 0; i < NSTATES && !st; i++)
		if (states[i].code)
			st = store_state_add(db, states[i].code, states[i].code, states[i].tz, NULL);
	if (!st)
		st = store_body_add(db, "CAHS", "Heads of State", NULL);
	if (!st)
		st = store_body_add(db, "CANC", "National Coordinators", NULL);
	for (int i = 0; i < NMEETINGS && !st; i++) {
		make_meeting(i, &ms[i]);
		nseries += ms[i].rrule != NULL;
		st = store_meeting_insert(db, &ms[i]);
	}
	if (!st)
		st = db_commit(db);
	is_int(st, 0, "%d random meetings stored", NMEETINGS);

	for (int w = 0; w < NWINDOWS && !st; w++) {
		const char *zone = viewers[pick((int)(sizeof(viewers) / sizeof(viewers[0])))];
		int64_t first = (days_from_civil(2025, 1, 1) + pick(3 * 365)) * DAY_SECONDS;
		int64_t last = first + (w % 10 == 0 ? pick(400) : pick(40)) * DAY_SECONDS;
		struct agenda a;
		struct refs l;
		size_t same = 0;
		struct civil c;

		reference(zone, first, last, &l);
		if (!is_int(agenda_build(db, NULL, zone, first, last, &a), 0, "agenda %d builds", w)) {
			free(l.r);
			break;
		}
		while (same < a.n && same < l.n && a.occ[same].m->id == l.r[same].m->id &&
		       a.occ[same].start == l.r[same].start && a.occ[same].end == l.r[same].end)
			same++;
		utc_as_civil(first, &c);
		if (!ok(same == a.n && same == l.n, "agenda %d (%04d-%02d-%02d, %lld days, %s): %zu occurrences "
			"as the reference has them", w, c.y, c.mo, c.d, (long long)((last - first) / DAY_SECONDS + 1),
			zone, a.n)) {
			diag("agenda %zu, reference %zu, first difference at %zu", a.n, l.n, same);
			if (same < a.n)
				diag("agenda: meeting %lld at %lld", (long long)a.occ[same].m->id,
				     (long long)a.occ[same].start);
			if (same < l.n)
				diag("reference: meeting %lld at %lld", (long long)l.r[same].m->id,
				     (long long)l.r[same].start);
		}
		total += a.n;
		agenda_free(&a);
		free(l.r);
	}
	ok(total > 20 * NWINDOWS, "the windows hold %zu occurrences in all", total);

	/* Each meeting's class of length (meeting.span) and the lengths of span_class agree. */
	{
		sqlite3_stmt *q;
		int bad = -1, n = -1;

		if (sqlite3_prepare_v2(db->h, "WITH l AS (SELECT span, iif(rrule IS NULL, end_utc, series_end_utc) "
				       "- start_utc AS len, rrule IS NOT NULL AND series_end_utc IS NULL AS open "
				       "FROM meeting) "
				       "SELECT count(*), sum(NOT (l.span = 99 AND l.open OR NOT l.open AND l.len <= c.longest "
				       "AND (l.span = 0 OR l.len > (SELECT longest FROM span_class WHERE class = l.span - 1)))) "
				       "FROM l JOIN span_class c ON c.class = l.span", -1, &q, NULL) == SQLITE_OK &&
		    sqlite3_step(q) == SQLITE_ROW) {
			n = sqlite3_column_int(q, 0);
			bad = sqlite3_column_int(q, 1);
		}
		sqlite3_finalize(q);
		is_int(n, NMEETINGS, "every meeting has a class of length");
		is_int(bad, 0, "each meeting's class holds its length, and the class before does not");
		ok(nseries > 0 && nseries < NMEETINGS, "single meetings and series both (%d series)", nseries);
	}

	db_close(db);
	for (int i = 0; i < NMEETINGS; i++)
		meeting_clear(&ms[i]);
	unlink(path);
	{
		char *side = xasprintf("%s-wal", path);

		unlink(side);
		free(side);
		side = xasprintf("%s-shm", path);
		unlink(side);
		free(side);
	}
	free(path);
	return done_testing();
}
