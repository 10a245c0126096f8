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

/*
 * An agenda line is built in a buffer with these and written at once: an
 * agenda prints thousands of lines, and printf's format parsing was most
 * of the cost of printing them.
 */
static void put_date(struct strbuf *sb, const struct civil *c)
{
	char d[32];

	sb_add(sb, d, (size_t)(fmt_ymd(c, d) - d));
}

static void put_hm(struct strbuf *sb, const struct civil *c)
{
	char d[16];

	sb_add(sb, d, (size_t)(fmt_hm(c, d) - d));
}

/* s, then spaces up to width octets (printf's %-*s) */
static void put_padded(struct strbuf *sb, const char *s, size_t len, size_t width)
{
	static const char spaces[] = "                                ";

	sb_add(sb, s, len);
	if (len < width)
		sb_add(sb, spaces, width - len < sizeof(spaces) - 1 ? width - len : sizeof(spaces) - 1);
}

/* "10:00 +05" for instant t in zone. */
static void put_clock(struct strbuf *sb, int64_t t, const char *zone)
{
	struct civil c;
	char off[16];
	int offset;

	if (ics_utc_to_local(t, zone, &c, &offset)) {
		sb_add(sb, "?", 1);
		return;
	}
	fmt_offset(offset, off, sizeof(off));
	put_hm(sb, &c);
	sb_add(sb, " ", 1);
	sb_puts(sb, off);
}

/* Appends the line of occurrence o to sb. */
static void put_occ(struct strbuf *sb, const struct occurrence *o, const char *zone)
{
	const struct meeting *m = o->m;
	struct civil c, e;
	int until = 0;

	if (m->all_day) {
		int64_t days = o->start / DAY_SECONDS;

		civil_from_days(days, &c.y, &c.mo, &c.d);
		put_date(sb, &c);
		sb_add(sb, " ", 1);
		sb_puts(sb, weekdays[weekday_of_days(days)]);
		sb_add(sb, "  ", 2);
		put_padded(sb, "all day", 7, 21);
	} else {
		int so, eo;
		char off[16], eoff[16];

		if (ics_utc_to_local(o->start, zone, &c, &so) || ics_utc_to_local(o->end, zone, &e, &eo))
			return;
		fmt_offset(so, off, sizeof(off));
		fmt_offset(eo, eoff, sizeof(eoff));
		/* One offset when both ends have it; else each its own (a change of daylight-saving time between). */
		{
			char when[64], *p = fmt_hm(&c, when);
			size_t n;

			if (so != eo) {
				*p++ = ' ';
				n = strlen(off);
				memcpy(p, off, n);
				p += n;
			}
			*p++ = '-';
			p = fmt_hm(&e, p);
			*p++ = ' ';
			n = strlen(so == eo ? off : eoff);
			memcpy(p, so == eo ? off : eoff, n);
			p += n;
			put_date(sb, &c);
			sb_add(sb, " ", 1);
			sb_puts(sb, weekdays[weekday_of_days(days_from_civil(c.y, c.mo, c.d))]);
			sb_add(sb, "  ", 2);
			put_padded(sb, when, (size_t)(p - when), 21);
		}
		until = e.y != c.y || e.mo != c.mo || e.d != c.d;
	}
	sb_add(sb, "  ", 2);
	put_padded(sb, m->body, strlen(m->body), 5);
	sb_add(sb, " ", 1);
	sb_puts(sb, m->title);
	if (m->city) {
		sb_puts(sb, " — ");
		sb_puts(sb, m->city);
	}
	if (!m->all_day && strcmp(m->tz, zone)) {
		sb_puts(sb, " (");
		sb_puts(sb, m->tz);
		sb_add(sb, " ", 1);
		put_clock(sb, o->start, m->tz);
		sb_add(sb, ")", 1);
	}
	if (m->all_day && o->end - o->start > DAY_SECONDS) {
		civil_from_days(o->end / DAY_SECONDS - 1, &c.y, &c.mo, &c.d);
		sb_puts(sb, " (until ");
		put_date(sb, &c);
		sb_add(sb, ")", 1);
	}
	if (until) {
		sb_puts(sb, " (until ");
		put_date(sb, &e);
		sb_add(sb, ")", 1);
	}
	sb_puts(sb, " [");
	sb_puts(sb, m->status);
	sb_puts(sb, "]\n");
}

/* Prints the agenda's lines; a page at a time. */
static int print_occs(const struct agenda *ag, const char *zone)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < ag->n; i++) {
		put_occ(&sb, &ag->occ[i], zone);
		if (sb.len >= 65536 || i + 1 == ag->n) {
			fwrite(sb.buf, 1, sb.len, stdout);
			sb.len = 0;
		}
	}
	sb_release(&sb);
	return 0;
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
		print_occs(&ag, zone);
	}
	agenda_free(&ag);
out:
	free(zone);
	return st;
}
