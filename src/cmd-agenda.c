/* dipcal agenda: what happens in a window of days, in your zone and the host's. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "cmd.h"
#include "ics.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_agenda[] = {
	"dipcal agenda [--from DATE] [--to DATE | --days N] [--tz ZONE] [--body BODY] [--json]",
	"",
	"Lists the occurrences of meetings from --from (default today) through --to",
	"(default: today and the next 14 days; --days N: N days from --from),",
	"recurrences expanded and exceptions removed; cancelled ones are marked.",
	"Each is shown in --tz (default the local zone) and in the host's zone.",
	NULL,
};

static const char *const weekdays[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };

/* "10:00 +05" for instant t in zone. */
static void clock_in(int64_t t, const char *zone, char *buf, size_t n)
{
	struct civil c;
	char off[16];
	int offset;

	if (ics_utc_to_local(t, zone, &c, &offset)) {
		snprintf(buf, n, "?");
		return;
	}
	fmt_offset(offset, off, sizeof(off));
	snprintf(buf, n, "%02d:%02d %s", c.h, c.mi, off);
}

static void print_occ(const struct occurrence *o, const char *zone)
{
	const struct meeting *m = o->m;
	struct civil c;
	char a[48], b[48], h[48];

	if (m->all_day) {
		int64_t days = o->start / DAY_SECONDS;

		civil_from_days(days, &c.y, &c.mo, &c.d);
		printf("%04d-%02d-%02d %s  %-21s", c.y, c.mo, c.d, weekdays[weekday_of_days(days)], "all day");
	} else {
		struct civil e;
		int so, eo;
		char off[16], eoff[16];

		if (ics_utc_to_local(o->start, zone, &c, &so) || ics_utc_to_local(o->end, zone, &e, &eo))
			return;
		fmt_offset(so, off, sizeof(off));
		fmt_offset(eo, eoff, sizeof(eoff));
		/* One offset when both ends have it; else each its own (a change of daylight-saving time between). */
		if (so == eo)
			snprintf(a, sizeof(a), "%02d:%02d-%02d:%02d %s", c.h, c.mi, e.h, e.mi, off);
		else
			snprintf(a, sizeof(a), "%02d:%02d %s-%02d:%02d %s", c.h, c.mi, off, e.h, e.mi, eoff);
		printf("%04d-%02d-%02d %s  %-21s", c.y, c.mo, c.d,
		       weekdays[weekday_of_days(days_from_civil(c.y, c.mo, c.d))], a);
		if (e.y != c.y || e.mo != c.mo || e.d != c.d)
			snprintf(b, sizeof(b), " (until %04d-%02d-%02d)", e.y, e.mo, e.d);
		else
			b[0] = '\0';
	}
	if (m->all_day)
		b[0] = '\0';
	printf("  %-5s %s", m->body, m->title);
	if (m->city)
		printf(" — %s", m->city);
	if (!m->all_day && strcmp(m->tz, zone)) {
		clock_in(o->start, m->tz, h, sizeof(h));
		printf(" (%s %s)", m->tz, h);
	}
	if (m->all_day && o->end - o->start > DAY_SECONDS) {
		civil_from_days(o->end / DAY_SECONDS - 1, &c.y, &c.mo, &c.d);
		printf(" (until %04d-%02d-%02d)", c.y, c.mo, c.d);
	}
	printf("%s [%s]\n", b, m->status);
}

int cmd_agenda(struct app *app, int argc, char **argv)
{
	enum { O_FROM = 256, O_TO, O_DAYS, O_TZ, O_JSON, O_BODY };
	static const struct option opts[] = {
		{ "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO },
		{ "days", required_argument, NULL, O_DAYS },
		{ "tz", required_argument, NULL, O_TZ },
		{ "body", required_argument, NULL, O_BODY },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *from = NULL, *to = NULL, *days = NULL, *body = NULL;
	char *zone = NULL;
	struct agenda ag;
	struct civil c;
	struct db *db;
	int64_t first, last, ndays = 15;
	int ch, json = 0, st;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (ch) {
		case O_FROM: from = optarg; break;
		case O_TO: to = optarg; break;
		case O_DAYS: days = optarg; break;
		case O_TZ: free(zone); zone = xstrdup(optarg); break;
		case O_BODY: body = optarg; break;
		case O_JSON: json = 1; break;
		case 'h': free(zone); return usage_help(usage_agenda);
		case ':':
			free(zone);
			return usage_error(usage_agenda, "option '%s' needs a value", argv[optind - 1]);
		default:
			free(zone);
			return usage_error(usage_agenda, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		free(zone);
		return usage_error(usage_agenda, "unexpected argument '%s'", argv[optind]);
	}
	if (to && days) {
		free(zone);
		return usage_error(usage_agenda, "give --to or --days, not both");
	}
	if (!zone)
		zone = local_zone_name();
	st = ics_zone_check("--tz", zone);
	if (st)
		goto out;
	if (days && parse_int64(days, 1, 36600, &ndays)) {
		st = error(ST_INVALID, "invalid --days '%s': expected a number from 1 to 36600", days);
		goto out;
	}
	if (from) {
		st = parse_date("--from", from, &c);
		if (st)
			goto out;
	} else {
		st = ics_utc_to_local(now(), zone, &c, NULL);
		if (st)
			goto out;
	}
	first = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	last = first + (ndays - 1) * DAY_SECONDS;
	if (to) {
		st = parse_date("--to", to, &c);
		if (st)
			goto out;
		last = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
		if (last < first) {
			st = error(ST_INVALID, "--to '%s' is before --from", to);
			goto out;
		}
	}
	st = app_db(app, &db);
	if (!st && body)
		st = store_require_body(db, body, NULL);
	if (!st)
		st = agenda_build(db, body, zone, first, last, &ag);
	if (st)
		goto out;
	if (json) {
		st = print_json(store_occurrences_json(db, ag.occ, ag.n));
	} else {
		for (size_t i = 0; i < ag.n; i++)
			print_occ(&ag.occ[i], zone);
	}
	agenda_free(&ag);
out:
	free(zone);
	return st;
}
