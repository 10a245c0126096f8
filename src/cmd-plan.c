/* dipcal plan, holiday, template and conflicts: when the next summit can be, and what clashes. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "holiday.h"
#include "office.h"
#include "summit.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_plan[] = {
	"dipcal plan BODY [--year Y | --between DATE DATE] [--days N] [--top K] [--host STATE]",
	"                 [--min-gap DUR] [--at HH:MM] [--json]",
	"   or: dipcal plan BODY --commit DATE [--days N] [--host STATE] [--min-gap DUR] [--force]",
	"",
	"Proposes the K best (default 5) start dates for the body's next summit of N days",
	"(default 1, at most 31) in a window: the year Y (default: the year of the day after",
	"now) or --between the two dates, both included. A summit lies wholly in the window,",
	"starts after today, and no sooner than --min-gap (default 6mo; 1y, 90d, P6M, none)",
	"after the last day of the body's previous regular summit (held, planned or confirmed).",
	"",
	"The host is --host, else the holder of the body's office named chair (dipcal",
	"rotation). With summit terms the chair passes at each summit to the next host, so",
	"the summit closes the term under way and its holder hosts; when summits of the",
	"body are already planned or confirmed (from today on), the holder of the term",
	"after them hosts. With calendar terms, the holder of the next term. The ordinal",
	"is that of a proposed placeholder (the earliest regular summit of status proposed,",
	"which the plan replaces and which blocks nothing), else one more than the highest.",
	"",
	"The states taking part: the full members on the day, and the host. Never proposed:",
	"  a day that is a fixed public holiday of one of them (dipcal holiday);",
	"  a day of another meeting of any body that one of them hosts, or whose body one",
	"  of them is a full member of (cancelled and postponed meetings do not count);",
	"  a start before the earliest day above.",
	"Score: 100 minus the penalties, each shown with its states, holiday or meeting:",
	"  20  each Saturday and Sunday of the summit",
	"  25  each day and state of a provisional holiday (lunar dates confirmed late)",
	"   5  each day and state of Ramadan (a provisional holiday named Ramadan)",
	"  10  each state with a holiday on the day before or after the summit (travel)",
	"  10  each meeting of any body in the same week (Monday to Sunday), 5 at most",
	"Ties go to the earlier date. Each candidate shows the opening session (--at,",
	"default 10:00 host time) in the capital of every state taking part.",
	"--json: {body, ordinal, host, chair_term, candidates: [{start, end, score,",
	"reasons: [{kind, penalty, from, to, states, name, meeting, text}], local_times:",
	"{STATE: \"HH:MM\"}}]}; dates are YYYY-MM-DD, end the last day.",
	"",
	"--commit DATE writes the summit: planned, all-day from DATE for N days, hosted as",
	"above, in the host's zone, with the ordinal; and a deadline for each step of the",
	"preparation template (dipcal template list), each a duration before the opening",
	"so that it moves with the summit. A proposed placeholder of that ordinal is",
	"cancelled, its history kept. A date the planner would never propose is refused",
	"(exit 4) unless --force. Prints the new meeting's id.",
	NULL,
};

static const char *const usage_holiday[] = {
	"dipcal holiday add STATE DATE NAME [--to DATE] [--provisional]",
	"   or: dipcal holiday import STATE FILE [--provisional]",
	"   or: dipcal holiday list [STATE] [--year Y] [--json]",
	"   or: dipcal holiday rm ID",
	"",
	"Public holidays of a state: the day DATE, or the days DATE to --to (included).",
	"A provisional one (a lunar holiday confirmed late, an estimate, Ramadan) weighs",
	"against a date in dipcal plan; a fixed one excludes it. `add` prints the new id;",
	"`list` shows the ids (--json: id, state, date, to, name, provisional).",
	"`import` reads the all-day VEVENTs of an iCalendar file (FILE - for standard",
	"input), such as a holiday calendar for Thunderbird: recurring ones through the",
	"end of the fifth year from now; events with a time of day are passed over; a",
	"holiday already there (the same state, first day and name) is kept. A file with",
	"any error imports nothing. Prints: N added, M already there, K with a time.",
	NULL,
};

static const char *const usage_template[] = {
	"dipcal template list [--json]",
	"   or: dipcal template add NAME --before DUR [--owner chair|host|STATE]",
	"   or: dipcal template rm NAME",
	"",
	"The preparation of a summit: dipcal plan --commit makes each step a deadline DUR",
	"before the summit opens (P41W, 290d, 5w, 2d, PT12H), so that it moves with the",
	"summit. Its owner is the chair (default), the host, or a state.",
	NULL,
};

static const char *const usage_conflicts[] = {
	"dipcal conflicts [--from DATE] [--to DATE] [--json]",
	"",
	"The clashes among the meetings from --from (default today) to --to (default a",
	"year later), dates in the local zone, recurring meetings expanded, cancelled and",
	"postponed ones left out: two meetings that overlap in time and share a state (a",
	"host of one, or a full member of both bodies: one head of state cannot be in two",
	"capitals); and a meeting on a public holiday of its host (provisional ones marked).",
	NULL,
};

enum {
	O_YEAR = 256, O_BETWEEN, O_DAYS, O_TOP, O_HOST, O_MIN_GAP, O_AT, O_JSON, O_COMMIT, O_FORCE, O_TO,
	O_PROVISIONAL, O_BEFORE, O_OWNER, O_FROM,
};

static const struct option opts[] = {
	{ "year", required_argument, NULL, O_YEAR },
	{ "between", required_argument, NULL, O_BETWEEN },
	{ "days", required_argument, NULL, O_DAYS },
	{ "top", required_argument, NULL, O_TOP },
	{ "host", required_argument, NULL, O_HOST },
	{ "min-gap", required_argument, NULL, O_MIN_GAP },
	{ "at", required_argument, NULL, O_AT },
	{ "json", no_argument, NULL, O_JSON },
	{ "commit", required_argument, NULL, O_COMMIT },
	{ "force", no_argument, NULL, O_FORCE },
	{ "to", required_argument, NULL, O_TO },
	{ "provisional", no_argument, NULL, O_PROVISIONAL },
	{ "before", required_argument, NULL, O_BEFORE },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "from", required_argument, NULL, O_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *year, *between[2], *days, *top, *host, *min_gap, *at, *commit, *to, *before, *owner, *from;
	int json, force, provisional;
};

/* Returns 0, -1 when help was printed, or a status. what: "plan", "holiday add" ... */
static int parse(const char *const *usage, const char *what, int argc, char **argv, const int *allowed,
		 struct args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	start_options();
	while ((c = next_option(argc, argv, opts, allowed, usage, what)) > 0) {
		switch (c) {
		case O_YEAR: a->year = optarg; break;
		case O_BETWEEN:
			/* Two values: the second is the next word. */
			if (optind >= argc || (argv[optind][0] == '-' && argv[optind][1]))
				return usage_error(usage, "option '--between' needs two dates");
			a->between[0] = optarg;
			a->between[1] = argv[optind++];
			break;
		case O_DAYS: a->days = optarg; break;
		case O_TOP: a->top = optarg; break;
		case O_HOST: a->host = optarg; break;
		case O_MIN_GAP: a->min_gap = optarg; break;
		case O_AT: a->at = optarg; break;
		case O_JSON: a->json = 1; break;
		case O_COMMIT: a->commit = optarg; break;
		case O_FORCE: a->force = 1; break;
		case O_TO: a->to = optarg; break;
		case O_PROVISIONAL: a->provisional = 1; break;
		case O_BEFORE: a->before = optarg; break;
		case O_OWNER: a->owner = optarg; break;
		case O_FROM: a->from = optarg; break;
		}
	}
	return c == OPT_BAD ? ST_USAGE : c;
}

static char *day_text(int64_t day, char *buf)
{
	return fmt_date(day * DAY_SECONDS, buf);
}

static int parse_year(const char *s, int *year)
{
	int64_t y;

	if (parse_int64(s, 1, 9999, &y))
		return error(ST_INVALID, "invalid --year '%s': expected a year such as 2026", s);
	*year = (int)y;
	return 0;
}

/* ---- plan ---- */

static const char *const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* The options of plan into q (the body and the window aside). */
static int plan_options(struct db *db, const struct args *a, struct summit_query *q, char *host)
{
	int64_t v;
	int st = 0;

	q->days = 1;
	q->top = 5;
	q->gap_months = 6;
	q->at_h = 10;
	if (a->days && parse_int64(a->days, 1, 31, &v))
		return error(ST_INVALID, "invalid --days '%s': expected a number of days from 1 to 31", a->days);
	if (a->days)
		q->days = (int)v;
	if (a->top && parse_int64(a->top, 1, 100, &v))
		return error(ST_INVALID, "invalid --top '%s': expected a number from 1 to 100", a->top);
	if (a->top)
		q->top = (size_t)v;
	if (a->min_gap && (!strcmp(a->min_gap, "none") || !strcmp(a->min_gap, "0"))) {
		q->gap_months = 0;
	} else if (a->min_gap) {
		st = parse_period("--min-gap", a->min_gap, &q->gap_months, &q->gap_days);
		if (st)
			return st;
	}
	if (a->at) {
		const char *s = a->at;
		int ok = strlen(s) == 5 && s[2] == ':';

		for (int i = 0; ok && i < 5; i++)
			ok = i == 2 || (s[i] >= '0' && s[i] <= '9');
		if (ok) {
			q->at_h = (s[0] - '0') * 10 + (s[1] - '0');
			q->at_m = (s[3] - '0') * 10 + (s[4] - '0');
		}
		if (!ok || q->at_h > 23 || q->at_m > 59)
			return error(ST_INVALID, "invalid --at '%s': expected HH:MM, 00:00 to 23:59", s);
	}
	if (a->host) {
		st = state_arg(db, "--host", a->host, host);
		if (st)
			return st;
		q->host = host;
	}
	return 0;
}

static void print_plan(const struct summit_plan *p)
{
	const struct plan_result *r = &p->res;
	char a[32], b[32], ord[24];

	printf("%s: %s\n", p->body, p->body_name);
	printf("next: the %s summit, hosted by %s%s%s%s\n", fmt_ordinal(p->ordinal, ord), p->host,
	       p->host_capital ? " (" : "", p->host_capital ? p->host_capital : "", p->host_capital ? ")" : "");
	printf("host: %s %s\n", p->host, p->host_rule);
	if (p->has_term)
		printf("chair: %s, %s to %s (%s, %s terms)\n", p->term.holder, day_text(p->term.start, a),
		       day_text(p->term.end, b), p->term.actual ? "actual" : "projected", p->term_rule);
	printf("window: %s to %s, %d day%s; earliest start %s", day_text(p->first, a), day_text(p->last, b), p->days,
	       p->days == 1 ? "" : "s", day_text(p->earliest, ord));
	if (p->gap_end == p->earliest && p->hist.prev)
		printf(" (the gap after the %s summit, %s)",
		       p->hist.prev_ordinal ? fmt_ordinal(p->hist.prev_ordinal, ord) : "previous",
		       day_text(p->hist.prev_last, a));
	else
		printf(" (tomorrow)");
	printf("\nstart days: %zu; excluded: %zu too early or too late, %zu on a public holiday, %zu on a meeting\n",
	       r->considered, r->excluded[PH_EARLY] + r->excluded[PH_WINDOW], r->excluded[PH_HOLIDAY],
	       r->excluded[PH_MEETING]);
	if (!r->n) {
		printf("\nno date in the window keeps to every hard constraint\n");
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct plan_candidate *c = &r->c[i];

		printf("\n%2zu. %s %s", i + 1, weekdays[weekday_of_days(c->start)], day_text(c->start, a));
		if (c->last != c->start)
			printf(" to %s %s", weekdays[weekday_of_days(c->last)], day_text(c->last, b));
		printf("  score %d\n", c->score);
		for (size_t k = 0; k < c->nreasons; k++)
			printf("    %4d  %s\n", -c->reasons[k].penalty, p->why[i][k]);
		printf("    opening %02d:%02d in %s (%s):", p->at_h, p->at_m,
		       p->host_capital ? p->host_capital : p->host_tz, p->host);
		for (size_t k = 0; k < p->nlocal; k++)
			printf("%s %s %s%s", k ? "," : "", p->local[i][k].state, p->local[i][k].hhmm,
			       p->local[i][k].shift < 0 ? " (the day before)" : p->local[i][k].shift > 0 ? " (the day after)" : "");
		printf("\n");
	}
}

static int plan_commit(struct app *app, const struct args *a, const char *body)
{
	struct summit_query q;
	struct db *db;
	char host[3] = { 0 };
	int64_t day, id = 0;
	int st;

	memset(&q, 0, sizeof(q));
	q.body = body;
	st = app_db_rw(app, &db);
	if (!st)
		st = store_require_body(db, body, NULL);
	if (!st)
		st = plan_options(db, a, &q, host);
	if (!st)
		st = date_arg("--commit", a->commit, &day);
	if (st)
		return st;
	q.today = today_days();
	st = summit_commit(db, &q, day, a->force, &id);
	if (!st)
		printf("%lld\n", (long long)id);
	return st;
}

int cmd_plan(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_YEAR, O_BETWEEN, O_DAYS, O_TOP, O_HOST, O_MIN_GAP, O_AT, O_JSON, O_COMMIT,
		O_FORCE, 0 };
	struct summit_query q;
	struct summit_plan p;
	struct args a;
	struct db *db;
	char host[3] = { 0 };
	int st = parse(usage_plan, "plan", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_plan, "plan takes one BODY");
	if (a.year && a.between[0])
		return usage_error(usage_plan, "give --year or --between, not both");
	if (a.commit && (a.year || a.between[0] || a.top || a.at || a.json))
		return usage_error(usage_plan, "--commit takes --days, --host, --min-gap and --force only");
	if (a.force && !a.commit)
		return usage_error(usage_plan, "--force goes with --commit DATE");
	if (a.commit)
		return plan_commit(app, &a, argv[optind]);
	memset(&q, 0, sizeof(q));
	q.body = argv[optind];
	q.today = today_days();
	if (a.between[0]) {
		st = date_arg("--between", a.between[0], &q.first);
		if (!st)
			st = date_arg("--between", a.between[1], &q.last);
		if (!st && q.last < q.first)
			st = error(ST_INVALID, "invalid --between '%s' '%s': the end is before the start",
				   a.between[0], a.between[1]);
		if (!st && q.last - q.first >= PLAN_MAX_DAYS)
			st = error(ST_INVALID, "invalid --between '%s' '%s': %lld days; the limit is %d", a.between[0],
				   a.between[1], (long long)(q.last - q.first + 1), PLAN_MAX_DAYS);
	} else {
		int year, y, m, d;

		civil_from_days(q.today + 1, &y, &m, &d);
		year = y;
		if (a.year)
			st = parse_year(a.year, &year);
		q.first = days_from_civil(year, 1, 1);
		q.last = days_from_civil(year, 12, 31);
	}
	if (!st)
		st = app_db(app, &db);
	if (!st)
		st = store_require_body(db, q.body, NULL);
	if (!st)
		st = plan_options(db, &a, &q, host);
	if (st)
		return st;
	st = summit_plan(db, &q, &p);
	if (st) {
		summit_plan_free(&p);
		return st;
	}
	if (a.json)
		st = print_json(store_plan_json(db, &p));
	else
		print_plan(&p);
	summit_plan_free(&p);
	return st;
}

/* ---- holiday ---- */

static int holiday_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_TO, O_PROVISIONAL, 0 };
	struct args a;
	struct db *db;
	char code[3], first[32], last[32];
	int64_t f, l, id;
	int st = parse(usage_holiday, "holiday add", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 3)
		return usage_error(usage_holiday, "holiday add takes STATE, DATE and NAME");
	st = date_arg("date", argv[optind + 1], &f);
	l = f;
	if (!st && a.to)
		st = date_arg("--to", a.to, &l);
	if (!st && l < f)
		st = error(ST_INVALID, "--to '%s' is before the date '%s'", a.to, argv[optind + 1]);
	if (!st && l - f >= 366)
		st = error(ST_INVALID, "invalid --to '%s': a holiday lasts at most 366 days", a.to);
	if (!st)
		st = check_text("holiday name", argv[optind + 2], 256, 0);
	if (!st && !*argv[optind + 2])
		st = error(ST_INVALID, "the holiday name is empty");
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = state_arg(db, "state", argv[optind], code);
	if (st)
		return st;
	st = db_begin(db);
	if (st)
		return st;
	st = store_holiday_add(db, code, day_text(f, first), day_text(l, last), argv[optind + 2], a.provisional, 0, &id);
	if (st) {
		db_rollback(db);
		return st;
	}
	st = db_commit(db);
	if (!st)
		printf("%lld\n", (long long)id);
	return st;
}

static int holiday_import_cmd(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_PROVISIONAL, 0 };
	struct holiday_counts c;
	struct args a;
	struct db *db;
	const char *path;
	char code[3], *zone;
	FILE *in;
	int st = parse(usage_holiday, "holiday import", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 2)
		return usage_error(usage_holiday, "holiday import takes STATE and FILE");
	st = app_db_rw(app, &db);
	if (!st)
		st = state_arg(db, "state", argv[optind], code);
	if (st)
		return st;
	path = argv[optind + 1];
	in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in)
		return error(ST_FAIL, "cannot open '%s': %s", path, strerror(errno));
	zone = local_zone_name();
	st = holiday_import(db, code, in, strcmp(path, "-") ? path : "standard input", a.provisional, zone, &c);
	free(zone);
	if (in != stdin)
		fclose(in);
	if (!st)
		printf("%ld added, %ld already there, %ld with a time\n", c.added, c.present, c.timed);
	return st;
}

static int holiday_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_YEAR, O_JSON, 0 };
	static const char *const heads[] = { "ID", "STATE", "DATE", "TO", "NAME", "PROVISIONAL" };
	struct args a;
	struct rows r;
	struct db *db;
	char code[3] = { 0 };
	int year = 0, st = parse(usage_holiday, "holiday list", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind > 1)
		return usage_error(usage_holiday, "holiday list takes at most one STATE");
	if (a.year)
		st = parse_year(a.year, &year);
	if (!st)
		st = app_db(app, &db);
	if (!st && argc > optind)
		st = state_arg(db, "state", argv[optind], code);
	if (st)
		return st;
	if (a.json)
		return print_json(store_holiday_json(db, code[0] ? code : NULL, year));
	st = store_holiday_rows(db, code[0] ? code : NULL, year, &r);
	if (st)
		return st;
	print_rows(stdout, heads, &r);
	rows_free(&r);
	return 0;
}

static int holiday_rm(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { 0 };
	struct args a;
	struct db *db;
	int64_t id;
	int st = parse(usage_holiday, "holiday rm", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_holiday, "holiday rm takes one ID");
	st = parse_id("holiday id", argv[optind], &id);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = db_begin(db);
	if (st)
		return st;
	st = store_holiday_rm(db, id);
	if (st) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* ---- template ---- */

static int template_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_JSON, 0 };
	static const char *const heads[] = { "NAME", "BEFORE", "OWNER" };
	struct args a;
	struct rows r, shown;
	struct db *db;
	int st = parse(usage_template, "template list", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 0)
		return usage_error(usage_template, "template list takes no arguments");
	st = app_db(app, &db);
	if (st)
		return st;
	if (a.json)
		return print_json(store_template_json(db));
	st = store_template_rows(db, &r);
	if (st)
		return st;
	shown.ncols = 3;
	shown.n = r.n;
	shown.cell = xcalloc(r.n ? r.n : 1, 3 * sizeof(char *));
	for (size_t i = 0; i < r.n; i++) {
		int64_t before = 0;
		char buf[32];

		parse_int64(rows_get(&r, i, 1), 0, INT64_MAX, &before);
		shown.cell[i * 3] = xstrdup(rows_get(&r, i, 0));
		shown.cell[i * 3 + 1] = before % DAY_SECONDS ? xstrdup(fmt_duration(before, buf))
			: xasprintf("%lld day%s (%s)", (long long)(before / DAY_SECONDS), before == DAY_SECONDS ? "" : "s",
				    fmt_duration(before, buf));
		shown.cell[i * 3 + 2] = xstrdup(rows_get(&r, i, 3) ? rows_get(&r, i, 3) : rows_get(&r, i, 2));
	}
	print_rows(stdout, heads, &shown);
	rows_free(&shown);
	rows_free(&r);
	return 0;
}

static int template_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_BEFORE, O_OWNER, 0 };
	struct args a;
	struct db *db;
	const char *owner = "chair";
	char code[3] = { 0 };
	int64_t before;
	int st = parse(usage_template, "template add", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_template, "template add takes one NAME");
	if (!a.before)
		return usage_error(usage_template, "template add needs --before DUR");
	st = check_text("step name", argv[optind], 256, 0);
	if (!st && !*argv[optind])
		st = error(ST_INVALID, "the step name is empty");
	if (!st)
		st = parse_duration("--before", a.before, &before);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st && a.owner && strcmp(a.owner, "chair") && strcmp(a.owner, "host")) {
		owner = "state";
		if (strlen(a.owner) != 2)
			st = error(ST_INVALID, "invalid --owner '%s': expected chair, host or a state code", a.owner);
		else
			st = state_arg(db, "--owner", a.owner, code);
	} else if (!st && a.owner) {
		owner = a.owner;
	}
	if (!st)
		st = db_begin(db);
	if (st)
		return st;
	st = store_template_add(db, argv[optind], before, owner, code[0] ? code : NULL);
	if (st) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

static int template_rm(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { 0 };
	struct args a;
	struct db *db;
	int st = parse(usage_template, "template rm", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 1)
		return usage_error(usage_template, "template rm takes one NAME");
	st = app_db_rw(app, &db);
	if (!st)
		st = db_begin(db);
	if (st)
		return st;
	st = store_template_rm(db, argv[optind]);
	if (st) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

/* ---- conflicts ---- */

static void print_occ(const struct summit_meeting *m)
{
	char a[32], b[32];

	printf("  %lld %s '%s'", (long long)m->id, m->body, m->title);
	if (m->host[0])
		printf(" hosted by %s", m->host);
	if (m->all_day)
		printf(", %s%s%s\n", day_text(m->first, a), m->last != m->first ? " to " : "",
		       m->last != m->first ? day_text(m->last, b) : "");
	else
		printf(", %s to %s\n", fmt_rfc3339(m->start, a), fmt_rfc3339(m->end, b));
}

int cmd_conflicts(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_FROM, O_TO, O_JSON, 0 };
	struct conflict_report r;
	struct args a;
	struct db *db;
	int64_t first, last;
	char *zone;
	int st = parse(usage_conflicts, "conflicts", argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind != 0)
		return usage_error(usage_conflicts, "conflicts takes no arguments");
	first = today_days();
	if (a.from)
		st = date_arg("--from", a.from, &first);
	last = first + 365;
	if (!st && a.to)
		st = date_arg("--to", a.to, &last);
	if (!st && last < first)
		st = error(ST_INVALID, "--to '%s' is before --from", a.to);
	if (!st)
		st = app_db(app, &db);
	if (st)
		return st;
	zone = local_zone_name();
	st = summit_conflicts(db, first, last, zone, &r);
	free(zone);
	if (st)
		return st;
	if (a.json) {
		st = print_json(store_conflicts_json(db, &r));
	} else {
		for (size_t i = 0; i < r.npairs; i++) {
			char *shared = xstrdup(r.pairs[i].states);

			for (char *p = shared; *p; p++)
				if (*p == ',')
					*p = ' ';
			printf("overlap, shared %s:\n", shared);
			print_occ(&r.occ[r.pairs[i].a]);
			print_occ(&r.occ[r.pairs[i].b]);
			free(shared);
		}
		for (size_t i = 0; i < r.nhits; i++) {
			char x[32], y[32];

			printf("%sholiday of the host %s, '%s' (%s%s%s):\n", r.hits[i].provisional ? "provisional " : "",
			       r.hits[i].state, r.hits[i].name, day_text(r.hits[i].first, x),
			       r.hits[i].last != r.hits[i].first ? " to " : "",
			       r.hits[i].last != r.hits[i].first ? day_text(r.hits[i].last, y) : "");
			print_occ(&r.occ[r.hits[i].occ]);
		}
		if (!r.npairs && !r.nhits) {
			char x[32], y[32];

			printf("no conflicts from %s to %s\n", day_text(first, x), day_text(last, y));
		}
	}
	conflict_report_free(&r);
	return st;
}

/* ---- the families ---- */

struct sub {
	const char *name;
	int (*fn)(struct app *, int, char **);
};

static int dispatch(struct app *app, int argc, char **argv, const char *family, const char *const *usage,
		    const struct sub *subs, size_t n)
{
	if (argc < 2)
		return usage_error(usage, "%s needs a subcommand", family);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage_help(usage);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(app, argc - 1, argv + 1);
	return usage_error(usage, "unknown subcommand '%s %s'", family, argv[1]);
}

int cmd_holiday(struct app *app, int argc, char **argv)
{
	static const struct sub subs[] = {
		{ "add", holiday_add }, { "import", holiday_import_cmd }, { "list", holiday_list }, { "rm", holiday_rm },
	};

	return dispatch(app, argc, argv, "holiday", usage_holiday, subs, sizeof(subs) / sizeof(subs[0]));
}

int cmd_template(struct app *app, int argc, char **argv)
{
	static const struct sub subs[] = {
		{ "list", template_list }, { "add", template_add }, { "rm", template_rm },
	};

	return dispatch(app, argc, argv, "template", usage_template, subs, sizeof(subs) / sizeof(subs[0]));
}
