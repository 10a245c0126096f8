#include "holiday.h"

#include <string.h>

#include "ics.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

#define NAME_MAX_BYTES 256

static char *resolve_zone(void *arg, const char *tzid)
{
	return store_windows_zone(arg, tzid);
}

struct adder {
	struct db *db;
	const char *state, *summary, *file;
	int provisional, line;
	struct holiday_counts *c;
};

/* One occurrence: the dates [start, end) as a holiday. */
static int add_days(void *arg, int64_t start, int64_t end)
{
	struct adder *a = arg;
	int64_t first = start / DAY_SECONDS, last = end > start ? end / DAY_SECONDS - 1 : first, id;
	char f[32], l[32];
	int st;

	if (last - first >= 366)
		return error(ST_INVALID, "cannot import '%s': the event at line %d lasts %lld days; a holiday "
			     "lasts at most 366 days", a->file, a->line, (long long)(last - first + 1));
	st = store_holiday_add(a->db, a->state, fmt_date(first * DAY_SECONDS, f), fmt_date(last * DAY_SECONDS, l),
			       a->summary, a->provisional, 1, &id);
	if (st == ST_CONFLICT) {
		a->c->present++;
		return 0;
	}
	if (!st)
		a->c->added++;
	return st;
}

int holiday_import(struct db *db, const char *state, FILE *in, const char *name, int provisional,
		   const char *local_zone, struct holiday_counts *c)
{
	struct ics_reader *r = NULL;
	struct ics_vevent ev;
	struct civil now_c;
	int64_t limit;
	int st;

	memset(c, 0, sizeof(*c));
	/* Recurring holidays: through the end of the fifth year from now. */
	utc_as_civil(now(), &now_c);
	limit = days_from_civil(now_c.y + 6, 1, 1) * DAY_SECONDS;
	st = db_begin(db);
	if (st)
		return st;
	r = ics_reader_new(in, name, local_zone, resolve_zone, db);
	for (;;) {
		struct adder a;
		struct series s = { 0 };

		st = ics_reader_next(r, &ev);
		if (st != 1)
			break;
		a = (struct adder){ db, state, ev.summary, name, provisional, ev.line, c };
		if (!ev.all_day) {
			c->timed++;
			continue;
		}
		if (ev.status && !strcmp(ev.status, "cancelled"))
			continue;
		if (!ev.summary || !*ev.summary)
			a.summary = "Holiday";
		else if (strlen(ev.summary) > NAME_MAX_BYTES) {
			st = error(ST_INVALID, "cannot import '%s': the event at line %d: SUMMARY is %zu bytes; "
				   "the limit is %d", name, ev.line, strlen(ev.summary), NAME_MAX_BYTES);
			break;
		}
		memset(&s, 0, sizeof(s));
		s.rrule = ev.rrule ? ev.rrule : ev.nrdates ? "FREQ=DAILY;COUNT=1" : NULL;
		s.tz = ev.tz;
		s.start = ev.start;
		s.end = ev.end;
		s.all_day = 1;
		s.exdates = ev.exdates;
		s.nexdates = ev.nexdates;
		s.rdates = ev.rdates;
		s.nrdates = ev.nrdates;
		if (s.rrule)
			st = ics_expand(&s, ev.start, limit > ev.start ? limit : ev.start + DAY_SECONDS, add_days, &a);
		else
			st = add_days(&a, ev.start, ev.end);
		if (st)
			break;
	}
	ics_reader_free(r);
	if (st) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}
