/* dipcal meeting: add, list, show, set, postpone, cancel, rm. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ics.h"
#include "remind.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_meeting[] = {
	"dipcal meeting add BODY --start WHEN [--end WHEN | --duration DUR] [--tz ZONE] [--host STATE]",
	"                  [--title T] [--city C] [--venue V] [--status S] [--kind K] [--ordinal N]",
	"                  [--rrule RULE] [--exdate WHEN]... [--all-day] [--notes TEXT] [--remind LIST|none]",
	"   or: dipcal meeting list [BODY] [--from DATE] [--to DATE] [--status S] [--json]",
	"   or: dipcal meeting show ID [--json]",
	"   or: dipcal meeting set ID [any option of add] [--reason TEXT]",
	"   or: dipcal meeting postpone ID [--to WHEN] [--reason TEXT]",
	"   or: dipcal meeting cancel ID [--reason TEXT]",
	"   or: dipcal meeting rm ID",
	"",
	"WHEN is YYYY-MM-DD (an all-day meeting) or YYYY-MM-DD HH:MM[:SS] (also with T)",
	"in the meeting's zone: --tz, else the host's zone, else UTC; a trailing Z means UTC.",
	"For an all-day meeting --end is its last day. DUR is ISO 8601 (PT2H, P1W) or",
	"45s, 90m, 2h, 3d, 1w. Default length: one day, or one hour for a timed meeting.",
	"S: proposed, planned (default), confirmed, held, postponed, cancelled.",
	"K: regular (default), extraordinary, informal, preparatory.",
	"RULE: an iCalendar RRULE (FREQ=MONTHLY;BYDAY=1TU); --rrule none removes it.",
	"--exdate leaves out one occurrence (a date: the occurrence on that day).",
	"`add` prints the new meeting's id. Every change raises its SEQUENCE by one;",
	"changes of date, host, status, venue, city and zone are logged with --reason.",
	"`postpone` without --to marks the meeting postponed; with --to it moves it.",
	"--remind: reminder leads (1w,1d,1h, PT20S; none for no reminders); without it,",
	"the body's leads.",
	NULL,
};

enum {
	O_START = 256, O_END, O_DURATION, O_TZ, O_HOST, O_TITLE, O_CITY, O_VENUE, O_STATUS, O_KIND,
	O_ORDINAL, O_RRULE, O_EXDATE, O_ALLDAY, O_NOTES, O_REASON, O_TO, O_FROM, O_JSON, O_REMIND,
};

static const struct option opts[] = {
	{ "start", required_argument, NULL, O_START },
	{ "end", required_argument, NULL, O_END },
	{ "duration", required_argument, NULL, O_DURATION },
	{ "tz", required_argument, NULL, O_TZ },
	{ "host", required_argument, NULL, O_HOST },
	{ "title", required_argument, NULL, O_TITLE },
	{ "city", required_argument, NULL, O_CITY },
	{ "venue", required_argument, NULL, O_VENUE },
	{ "status", required_argument, NULL, O_STATUS },
	{ "kind", required_argument, NULL, O_KIND },
	{ "ordinal", required_argument, NULL, O_ORDINAL },
	{ "rrule", required_argument, NULL, O_RRULE },
	{ "exdate", required_argument, NULL, O_EXDATE },
	{ "all-day", no_argument, NULL, O_ALLDAY },
	{ "notes", required_argument, NULL, O_NOTES },
	{ "reason", required_argument, NULL, O_REASON },
	{ "to", required_argument, NULL, O_TO },
	{ "from", required_argument, NULL, O_FROM },
	{ "json", no_argument, NULL, O_JSON },
	{ "remind", required_argument, NULL, O_REMIND },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* What the command line asks for; NULL: not given. */
struct edit {
	const char *start, *end, *duration, *tz, *host, *title, *city, *venue, *status, *kind;
	const char *ordinal, *rrule, *notes, *reason, *to, *from, *remind;
	const char **exdate;
	size_t nexdate;
	int all_day, json;
};

static const int add_opts[] = { O_START, O_END, O_DURATION, O_TZ, O_HOST, O_TITLE, O_CITY, O_VENUE,
	O_STATUS, O_KIND, O_ORDINAL, O_RRULE, O_EXDATE, O_ALLDAY, O_NOTES, O_REMIND, 0 };
static const int set_opts[] = { O_START, O_END, O_DURATION, O_TZ, O_HOST, O_TITLE, O_CITY, O_VENUE,
	O_STATUS, O_KIND, O_ORDINAL, O_RRULE, O_EXDATE, O_ALLDAY, O_NOTES, O_REASON, O_REMIND, 0 };
static const int list_opts[] = { O_FROM, O_TO, O_STATUS, O_JSON, 0 };
static const int show_opts[] = { O_JSON, 0 };
static const int postpone_opts[] = { O_TO, O_REASON, 0 };
static const int cancel_opts[] = { O_REASON, 0 };
static const int rm_opts[] = { 0 };

/* Returns 0, -1 when help was printed, or a status. e->exdate is the caller's to free. */
static int parse(int argc, char **argv, const int *allowed, struct edit *e)
{
	char what[64];
	int c;

	memset(e, 0, sizeof(*e));
	snprintf(what, sizeof(what), "meeting %s", argv[0]);
	start_options();
	while ((c = next_option(argc, argv, opts, allowed, usage_meeting, what)) > 0) {
		switch (c) {
		case O_START: e->start = optarg; break;
		case O_END: e->end = optarg; break;
		case O_DURATION: e->duration = optarg; break;
		case O_TZ: e->tz = optarg; break;
		case O_HOST: e->host = optarg; break;
		case O_TITLE: e->title = optarg; break;
		case O_CITY: e->city = optarg; break;
		case O_VENUE: e->venue = optarg; break;
		case O_STATUS: e->status = optarg; break;
		case O_KIND: e->kind = optarg; break;
		case O_ORDINAL: e->ordinal = optarg; break;
		case O_RRULE: e->rrule = optarg; break;
		case O_EXDATE:
			e->exdate = xrealloc(e->exdate, (e->nexdate + 1) * sizeof(*e->exdate));
			e->exdate[e->nexdate++] = optarg;
			break;
		case O_ALLDAY: e->all_day = 1; break;
		case O_NOTES: e->notes = optarg; break;
		case O_REASON: e->reason = optarg; break;
		case O_TO: e->to = optarg; break;
		case O_FROM: e->from = optarg; break;
		case O_JSON: e->json = 1; break;
		case O_REMIND: e->remind = optarg; break;
		}
	}
	if (c == OPT_HELP || c == OPT_BAD) {
		free(e->exdate);
		e->exdate = NULL;
		return c == OPT_BAD ? ST_USAGE : c;
	}
	if (e->end && e->duration) {
		free(e->exdate);
		e->exdate = NULL;
		return usage_error(usage_meeting, "give --end or --duration, not both");
	}
	return 0;
}

static void replace(char **field, const char *v)
{
	free(*field);
	*field = v && *v ? xstrdup(v) : NULL;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The start of the occurrence that an --exdate names. */
static int exdate_instant(const char *s, const struct meeting *m, int64_t *out)
{
	struct civil c, at;
	int64_t t;
	int is_date, st;

	st = when_to_utc("--exdate", s, m->tz, &t, &is_date);
	if (st)
		return st;
	if (m->all_day) {
		if (!is_date)
			return error(ST_INVALID, "invalid --exdate '%s': the meeting is all-day; give a date", s);
		*out = t;
		return 0;
	}
	if (!is_date) {
		*out = t;
		return 0;
	}
	/* A date: the occurrence starting that day at the series' local time. */
	utc_as_civil(t, &c);
	st = ics_utc_to_local(m->start, m->tz, &at, NULL);
	if (st)
		return st;
	c.h = at.h;
	c.mi = at.mi;
	c.s = at.s;
	return ics_local_to_utc(&c, m->tz, out);
}

/* Moves the exceptions of m, whose start was old_start, by the days and the time its start moved. */
static void move_exdates(struct meeting *m, int64_t old_start)
{
	struct civil o, n, x;

	if (m->all_day) {
		for (size_t i = 0; i < m->nexdates; i++)
			m->exdates[i] += m->start - old_start;
		return;
	}
	if (ics_utc_to_local(old_start, m->tz, &o, NULL) || ics_utc_to_local(m->start, m->tz, &n, NULL))
		return;
	for (size_t i = 0; i < m->nexdates; i++) {
		int64_t day;

		if (ics_utc_to_local(m->exdates[i], m->tz, &x, NULL))
			continue;
		day = days_from_civil(x.y, x.mo, x.d) + days_from_civil(n.y, n.mo, n.d) - days_from_civil(o.y, o.mo, o.d);
		civil_from_days(day, &x.y, &x.mo, &x.d);
		x.h = n.h;
		x.mi = n.mi;
		x.s = n.s;
		ics_local_to_utc(&x, m->tz, &m->exdates[i]);
	}
}

/* The first occurrence of m's series at or after its start, or INT64_MIN when none. */
static int first_occ(void *arg, int64_t start, int64_t end)
{
	(void)end;
	*(int64_t *)arg = start;
	return 1;
}

/* The date (00:00Z) of instant t in zone. */
static int64_t date_in_zone(int64_t t, const char *zone)
{
	struct civil c;

	if (ics_utc_to_local(t, zone, &c, NULL))
		return t - t % DAY_SECONDS;
	return days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
}

/*
 * Applies e to m (a new meeting when creating, else a copy of the stored
 * one), checking every value. Nothing is written here.
 */
static int apply(struct db *db, const struct edit *e, struct meeting *m, int creating)
{
	int64_t len = m->end - m->start, t, v, ordv = 0;
	int is_date = 0, st = 0, timing;
	char *host_tz = NULL, *old_host_tz = NULL;

	/* Worked out here from start and zone, which may change; the database keeps its wall clock while they stay. */
	m->has_wall = 0;
	if (e->title)
		st = check_text("title", e->title, TEXT_MAX, 0);
	if (!st && e->city)
		st = check_text("city", e->city, TEXT_MAX, 0);
	if (!st && e->venue)
		st = check_text("venue", e->venue, TEXT_MAX, 0);
	if (!st && e->notes)
		st = check_text("notes", e->notes, NOTES_MAX, 1);
	if (!st && e->reason)
		st = check_text("reason", e->reason, TEXT_MAX, 0);
	if (!st && e->status)
		st = check_enum("status", e->status, status_words);
	if (!st && e->kind)
		st = check_enum("kind", e->kind, kind_words);
	if (!st && e->ordinal && strcmp(e->ordinal, "none") && parse_int64(e->ordinal, 1, 1000000, &ordv))
		st = error(ST_INVALID, "invalid --ordinal '%s': expected a positive number or none", e->ordinal);
	if (!st && e->tz)
		st = ics_zone_check(NULL, e->tz);
	if (!st && e->rrule && strcmp(e->rrule, "none"))
		st = ics_rrule_check("--rrule", e->rrule);
	if (!st && e->remind) {
		char *leads;

		st = parse_leads("--remind", e->remind, &leads);
		if (!st) {
			free(m->remind);
			m->remind = leads;
		}
	}
	if (st)
		return st;
	if (e->host && *e->host) {
		char code[3] = { 0 };

		if (strlen(e->host) != 2)
			return error(ST_INVALID, "invalid --host '%s': expected a two-letter state code", e->host);
		memcpy(code, e->host, 2);
		st = check_state_code("--host", code);
		if (!st)
			st = store_require_state(db, code, &host_tz);
		if (st)
			return st;
		if (m->host && !e->tz && !creating)
			store_require_state(db, m->host, &old_host_tz);
		/* A meeting that moves country moves to its zone, unless it had one of its own. */
		if (!e->tz && (creating || (old_host_tz && m->tz && !strcmp(old_host_tz, m->tz))))
			replace(&m->tz, host_tz);
		replace(&m->host, code);
	} else if (e->host) {
		replace(&m->host, NULL);
	}
	if (e->tz)
		replace(&m->tz, e->tz);
	if (!m->tz)
		m->tz = xstrdup("UTC");
	free(host_tz);
	free(old_host_tz);

	timing = e->start || e->end || e->duration || (e->all_day && !m->all_day);
	if (e->start) {
		int64_t old_start = m->start;
		int old_all_day = m->all_day;

		st = when_to_utc("--start", e->start, m->tz, &t, &is_date);
		if (st)
			return st;
		if (e->all_day && !is_date)
			t = date_in_zone(t, m->tz);
		if (creating || (is_date || e->all_day) != m->all_day)
			len = is_date || e->all_day ? DAY_SECONDS : 3600;
		m->all_day = is_date || e->all_day;
		m->start = t;
		/* A series that moves takes its exceptions along: the same days after its start, at its new time. */
		if (!creating && m->nexdates && old_all_day == m->all_day)
			move_exdates(m, old_start);
	} else if (e->all_day && !m->all_day) {
		m->start = date_in_zone(m->start, m->tz);
		m->all_day = 1;
		len = DAY_SECONDS;
	}
	if (timing)
		m->end = m->start + len;
	if (e->end) {
		st = when_to_utc("--end", e->end, m->tz, &t, &is_date);
		if (st)
			return st;
		if (m->all_day && !is_date)
			return error(ST_INVALID, "invalid --end '%s': the meeting is all-day; give its last day", e->end);
		if (!m->all_day && is_date)
			return error(ST_INVALID, "invalid --end '%s': the meeting is timed; give a time", e->end);
		if (m->all_day)
			t += DAY_SECONDS;
		if (t < m->start + (m->all_day ? DAY_SECONDS : 0))
			return error(ST_INVALID, "--end '%s' is before the start", e->end);
		m->end = t;
	} else if (e->duration) {
		st = parse_duration("--duration", e->duration, &v);
		if (st)
			return st;
		if (m->all_day && (v == 0 || v % DAY_SECONDS))
			return error(ST_INVALID, "invalid --duration '%s': an all-day meeting lasts whole days",
				     e->duration);
		m->end = m->start + v;
	}
	if (m->end < m->start)
		return error(ST_INVALID, "the end is before the start");

	if (e->title)
		replace(&m->title, e->title);
	if (e->city)
		replace(&m->city, e->city);
	if (e->venue)
		replace(&m->venue, e->venue);
	if (e->notes)
		replace(&m->notes, e->notes);
	if (e->status)
		replace(&m->status, e->status);
	if (e->kind)
		replace(&m->kind, e->kind);
	if (e->ordinal)
		m->ordinal = strcmp(e->ordinal, "none") ? ordv : 0;
	if (e->rrule)
		replace(&m->rrule, strcmp(e->rrule, "none") ? e->rrule : NULL);
	if (!m->rrule) {
		free(m->exdates);
		m->exdates = NULL;
		m->nexdates = 0;
	}
	if (e->nexdate && !m->rrule)
		return error(ST_INVALID, "--exdate needs a recurring meeting (--rrule)");
	if (m->rrule && m->all_day && ics_rrule_hourly(m->rrule))
		return error(ST_INVALID, "invalid --rrule '%.100s': an all-day meeting recurs daily at most", m->rrule);
	/* iCalendar dates end at 9999-12-31. */
	if (m->end > INT64_C(253402300800) || m->start < INT64_C(-62135596800))
		return error(ST_INVALID, "the meeting falls outside the years 1 to 9999");
	if (e->title && !*e->title)
		return error(ST_INVALID, "the title is empty");
	for (size_t i = 0; i < e->nexdate; i++) {
		st = exdate_instant(e->exdate[i], m, &t);
		if (st)
			return st;
		m->exdates = xrealloc(m->exdates, (m->nexdates + 1) * sizeof(int64_t));
		m->exdates[m->nexdates++] = t;
	}
	if (m->nexdates)
		qsort(m->exdates, m->nexdates, sizeof(int64_t), cmp_i64);
	{
		struct series s = ics_series_of(m);

		st = ics_series_end(&s, &m->series_end, &m->series_finite);
		if (!st && m->rrule && (e->start || e->rrule)) {
			/* A start the rule does not give is no occurrence here, but is one in other calendars. */
			int64_t first = INT64_MIN;

			s.nexdates = 0;
			s.nrdates = 0;
			ics_expand(&s, m->start, m->start + DAY_SECONDS, first_occ, &first);
			if (first != m->start)
				st = error(ST_INVALID, "the start is not an occurrence of the rule '%.100s': "
					   "give a start that the rule gives", m->rrule);
		}
	}
	return st;
}

static int meeting_add(struct app *app, int argc, char **argv)
{
	struct edit e;
	struct meeting m;
	struct db *db;
	char *body_name = NULL, ord[24];
	int st;

	st = parse(argc, argv, add_opts, &e);
	if (st)
		return st < 0 ? ST_OK : st;
	memset(&m, 0, sizeof(m));
	if (argc - optind != 1) {
		st = usage_error(usage_meeting, "meeting add takes one BODY");
		goto out;
	}
	if (!e.start) {
		st = usage_error(usage_meeting, "meeting add needs --start WHEN");
		goto out;
	}
	st = app_db_rw(app, &db);
	if (!st)
		st = store_require_body(db, argv[optind], &body_name);
	if (st)
		goto out;
	m.body = xstrdup(argv[optind]);
	m.kind = xstrdup("regular");
	m.status = xstrdup("planned");
	st = apply(db, &e, &m, 1);
	if (st)
		goto out;
	if (!m.title)
		m.title = m.ordinal ? xasprintf("%s %s", fmt_ordinal(m.ordinal, ord), body_name) : xstrdup(body_name);
	m.uid = new_uid();
	m.created = m.updated = now();
	st = db_begin(db);
	if (st)
		goto out;
	st = store_meeting_insert(db, &m);
	if (!st)
		st = db_commit(db);
	else
		db_rollback(db);
	if (!st)
		printf("%lld\n", (long long)m.id);
out:
	free(e.exdate);
	free(body_name);
	meeting_clear(&m);
	return st;
}

/* Loads meeting ID, applies e, writes it back with the change logged. */
static int edit_meeting(struct app *app, const char *id_arg, const struct edit *e)
{
	struct meeting old, nw;
	struct db *db;
	int64_t id;
	int st;

	memset(&nw, 0, sizeof(nw));
	st = parse_id("meeting id", id_arg, &id);
	if (st)
		return st;
	st = app_db(app, &db);
	if (!st)
		st = db_require_writable(db);
	if (st)
		return st;
	st = db_begin(db);
	if (st)
		return st;
	st = store_require_meeting(db, id, &old);
	if (st) {
		db_rollback(db);
		return st;
	}
	meeting_copy(&nw, &old);
	st = apply(db, e, &nw, 0);
	if (!st)
		st = store_meeting_update(db, &old, &nw, e->reason, now());
	if (!st)
		st = db_commit(db);
	else
		db_rollback(db);
	meeting_clear(&old);
	meeting_clear(&nw);
	return st;
}

static int meeting_set(struct app *app, int argc, char **argv)
{
	struct edit e;
	int st = parse(argc, argv, set_opts, &e);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		st = usage_error(usage_meeting, "meeting set takes one ID");
	else
		st = edit_meeting(app, argv[optind], &e);
	free(e.exdate);
	return st;
}

static int meeting_postpone(struct app *app, int argc, char **argv)
{
	struct edit e;
	int st = parse(argc, argv, postpone_opts, &e);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_meeting, "meeting postpone takes one ID");
	/* Without a new date the meeting is postponed sine die; with one it is moved. */
	if (e.to)
		e.start = e.to;
	else
		e.status = "postponed";
	return edit_meeting(app, argv[optind], &e);
}

static int meeting_cancel(struct app *app, int argc, char **argv)
{
	struct edit e;
	int st = parse(argc, argv, cancel_opts, &e);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_meeting, "meeting cancel takes one ID");
	e.status = "cancelled";
	return edit_meeting(app, argv[optind], &e);
}

static int meeting_rm(struct app *app, int argc, char **argv)
{
	struct edit e;
	struct db *db;
	int64_t id;
	int st = parse(argc, argv, rm_opts, &e);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_meeting, "meeting rm takes one ID");
	st = parse_id("meeting id", argv[optind], &id);
	if (!st)
		st = app_db(app, &db);
	if (!st)
		st = db_require_writable(db);
	if (st)
		return st;
	st = db_begin(db);
	if (st)
		return st;
	st = store_meeting_delete(db, id);
	if (!st)
		return db_commit(db);
	db_rollback(db);
	return st;
}

/* "2026-09-10 10:00 +05" in the meeting's zone, or "2026-09-10" for a date. */
static char *fmt_local(int64_t t, const char *zone, int all_day)
{
	struct civil c;
	char buf[32], off[16];
	int offset;

	if (all_day)
		return xstrdup(fmt_date(t, buf));
	if (ics_utc_to_local(t, zone, &c, &offset))
		return xstrdup(fmt_rfc3339(t, buf));
	fmt_offset(offset, off, sizeof(off));
	return xasprintf("%s %s", fmt_civil(&c, 1, buf), off);
}

/* The span of a meeting as a person reads it: last day inclusive, one date for one day. */
static char *fmt_span(const struct meeting *m)
{
	char *a = fmt_local(m->start, m->tz, m->all_day), *b, *s;

	if (m->all_day && m->end - m->start <= DAY_SECONDS)
		return a;
	b = fmt_local(m->all_day ? m->end - DAY_SECONDS : m->end, m->tz, m->all_day);
	if (!m->all_day && strlen(a) > 17 && strlen(b) > 17 && !strncmp(a, b, 11))
		s = xasprintf("%.16s–%s", a, b + 11);
	else
		s = xasprintf("%s – %s", a, b);
	free(a);
	free(b);
	return s;
}

static int day_bound(const char *what, const char *s, int64_t *t)
{
	struct civil c;
	int st = parse_date(what, s, &c);

	if (!st)
		*t = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	return st;
}

static int meeting_list(struct app *app, int argc, char **argv)
{
	static const char *const heads[] = { "ID", "WHEN", "BODY", "NO", "HOST", "STATUS", "TITLE" };
	struct meeting_filter f = { NULL, NULL, INT64_MIN / 4, INT64_MAX / 4, INT64_MIN / 4, INT64_MAX / 4 };
	struct meeting *ms = NULL;
	struct edit e;
	struct db *db;
	struct rows r = { 7, 0, NULL };
	size_t n = 0;
	int st = parse(argc, argv, list_opts, &e);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind > 1)
		return usage_error(usage_meeting, "meeting list takes at most one BODY");
	if (e.from)
		st = day_bound("--from", e.from, &f.dfrom);
	if (!st && e.to) {
		st = day_bound("--to", e.to, &f.dto);
		f.dto += DAY_SECONDS;
	}
	if (!st && e.from && e.to && f.dto <= f.dfrom)
		st = error(ST_INVALID, "--to '%s' is before --from '%s'", e.to, e.from);
	if (!st && e.status)
		st = check_enum("status", e.status, status_words);
	/* Dates are days in the local zone for timed meetings, as in the agenda. */
	if (!st && (e.from || e.to)) {
		char *zone = local_zone_name();
		struct civil c;

		if (e.from) {
			utc_as_civil(f.dfrom, &c);
			st = ics_local_to_utc(&c, zone, &f.from);
		}
		if (!st && e.to) {
			utc_as_civil(f.dto, &c);
			st = ics_local_to_utc(&c, zone, &f.to);
		}
		free(zone);
	}
	if (!st)
		st = app_db(app, &db);
	if (!st && argc > optind) {
		f.body = argv[optind];
		st = store_require_body(db, f.body, NULL);
	}
	if (st)
		return st;
	f.status = e.status;
	if (e.json)
		return print_json(store_meetings_json(db, &f));
	st = store_meetings(db, &f, &ms, &n);
	if (st)
		return st;
	r.cell = xcalloc(n ? n : 1, 7 * sizeof(char *));
	r.n = n;
	for (size_t i = 0; i < n; i++) {
		const struct meeting *m = &ms[i];
		char **row = r.cell + i * 7;
		char *span = fmt_span(m);

		row[0] = xasprintf("%lld", (long long)m->id);
		row[1] = m->rrule ? xasprintf("%s (repeats)", span) : xstrdup(span);
		row[2] = xstrdup(m->body);
		row[3] = m->ordinal ? xasprintf("%lld", (long long)m->ordinal) : NULL;
		row[4] = xstrdup_or_null(m->host);
		row[5] = xstrdup(m->status);
		row[6] = m->city ? xasprintf("%s — %s", m->title, m->city) : xstrdup(m->title);
		free(span);
		meeting_clear(&ms[i]);
	}
	free(ms);
	print_rows(stdout, heads, &r);
	rows_free(&r);
	return 0;
}

static void show_field(const char *name, const char *value)
{
	if (value && *value)
		printf("%-10s %s\n", name, value);
}

static int meeting_show(struct app *app, int argc, char **argv)
{
	static const char *const doc_heads[] = { "ID", "MEETING", "TITLE", "KIND", "FROM", "TO" };
	static const char *const chg_heads[] = { "FIELD", "OLD", "NEW", "REASON", "CHANGED" };
	struct meeting m;
	struct edit e;
	struct db *db;
	struct rows r;
	int64_t id;
	char *s, buf[32];
	int st = parse(argc, argv, show_opts, &e);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_meeting, "meeting show takes one ID");
	st = parse_id("meeting id", argv[optind], &id);
	if (!st)
		st = app_db(app, &db);
	if (!st)
		st = store_require_meeting(db, id, &m);
	if (st)
		return st;
	if (e.json) {
		meeting_clear(&m);
		return print_json(store_meeting_json(db, id));
	}
	printf("%-10s %lld\n", "Meeting", (long long)m.id);
	show_field("UID", m.uid);
	show_field("Title", m.title);
	show_field("Body", m.body);
	show_field("Kind", m.kind);
	if (m.ordinal)
		printf("%-10s %lld\n", "Ordinal", (long long)m.ordinal);
	show_field("Status", m.status);
	show_field("Host", m.host);
	show_field("City", m.city);
	show_field("Venue", m.venue);
	show_field("Zone", m.tz);
	s = fmt_local(m.start, m.tz, m.all_day);
	printf("%-10s %s%s%s%s\n", "Start", s, m.all_day ? "" : " (", m.all_day ? "" : fmt_rfc3339(m.start, buf),
	       m.all_day ? "" : ")");
	free(s);
	s = fmt_local(m.all_day ? m.end - DAY_SECONDS : m.end, m.tz, m.all_day);
	printf("%-10s %s%s\n", m.all_day ? "Last day" : "End", s, m.all_day ? " (all day)" : "");
	free(s);
	show_field("Repeats", m.rrule);
	for (size_t i = 0; i < m.nexdates; i++) {
		s = fmt_local(m.exdates[i], m.tz, m.all_day);
		show_field("Except", s);
		free(s);
	}
	show_field("Notes", m.notes);
	printf("%-10s %lld\n", "Sequence", (long long)m.sequence);
	show_field("Created", fmt_rfc3339(m.created, buf));
	show_field("Updated", fmt_rfc3339(m.updated, buf));
	meeting_clear(&m);
	st = store_doc_rows(db, id, &r);
	if (st)
		return st;
	if (r.n) {
		printf("\nDocuments\n");
		print_rows(stdout, doc_heads, &r);
	}
	rows_free(&r);
	st = store_change_rows(db, id, &r);
	if (st)
		return st;
	if (r.n) {
		printf("\nChanges\n");
		print_rows(stdout, chg_heads, &r);
	}
	rows_free(&r);
	return 0;
}

int cmd_meeting(struct app *app, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct app *, int, char **);
	} subs[] = {
		{ "add", meeting_add }, { "list", meeting_list }, { "show", meeting_show },
		{ "set", meeting_set }, { "postpone", meeting_postpone }, { "cancel", meeting_cancel },
		{ "rm", meeting_rm },
	};

	if (argc < 2)
		return usage_error(usage_meeting, "meeting needs a subcommand");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage_help(usage_meeting);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(app, argc - 1, argv + 1);
	return usage_error(usage_meeting, "unknown subcommand 'meeting %s'", argv[1]);
}
