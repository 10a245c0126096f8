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
 * An agenda line is written straight into the output buffer: room for the
 * longest line it can be is made first, then each piece is copied in. An
 * agenda prints thousands of lines; printf's format parsing, then a call
 * per piece, were most of the cost of printing them.
 */
static char *put(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

#define PUT_LIT(p, lit) put((p), (lit), sizeof(lit) - 1)

/* s, then spaces up to width octets (printf's %-*s); width is at most 32 */
static char *put_padded(char *p, const char *s, size_t len, size_t width)
{
	p = put(p, s, len);
	if (len < width) {
		memset(p, ' ', width - len);
		p += width - len;
	}
	return p;
}

/* "2026-05-01 Fri  " for the date c. */
static char *put_day(char *p, const struct civil *c)
{
	p = fmt_ymd(c, p);
	*p++ = ' ';
	p = put(p, weekdays[weekday_of_days(days_from_civil(c->y, c->mo, c->d))], 3);
	return PUT_LIT(p, "  ");
}

/* " (until 2026-05-03)" */
static char *put_until(char *p, const struct civil *c)
{
	p = PUT_LIT(p, " (until ");
	p = fmt_ymd(c, p);
	*p++ = ')';
	return p;
}

/* Appends the line of occurrence o to sb. */
static void put_occ(struct strbuf *sb, const struct occurrence *o, const char *zone)
{
	const struct meeting *m = o->m;
	size_t nbody = strlen(m->body), ntitle = strlen(m->title), ncity = m->city ? strlen(m->city) : 0;
	size_t ntz = strlen(m->tz), nstatus = strlen(m->status);
	/* dates, times, offsets and the words between: under 200 octets in all */
	char *p = sb_room(sb, 256 + nbody + ntitle + ncity + ntz + nstatus);
	struct civil c, e;
	int until = 0;

	if (m->all_day) {
		civil_from_days(o->start / DAY_SECONDS, &c.y, &c.mo, &c.d);
		p = put_day(p, &c);
		p = put_padded(p, "all day", 7, 21);
	} else {
		int so, eo;
		char when[64], *w;

		if (ics_utc_to_local(o->start, zone, &c, &so) || ics_utc_to_local(o->end, zone, &e, &eo))
			return;
		/* One offset when both ends have it; else each its own (a change of daylight-saving time between). */
		w = fmt_hm(&c, when);
		if (so != eo) {
			*w++ = ' ';
			w = fmt_offset_at(so, w);
		}
		*w++ = '-';
		w = fmt_hm(&e, w);
		*w++ = ' ';
		w = fmt_offset_at(eo, w);
		p = put_day(p, &c);
		p = put_padded(p, when, (size_t)(w - when), 21);
		until = e.y != c.y || e.mo != c.mo || e.d != c.d;
	}
	p = PUT_LIT(p, "  ");
	p = put_padded(p, m->body, nbody, 5);
	*p++ = ' ';
	p = put(p, m->title, ntitle);
	if (m->city) {
		p = PUT_LIT(p, " — ");
		p = put(p, m->city, ncity);
	}
	if (!m->all_day && strcmp(m->tz, zone)) {
		struct civil h;
		int off;

		p = PUT_LIT(p, " (");
		p = put(p, m->tz, ntz);
		*p++ = ' ';
		if (ics_utc_to_local(o->start, m->tz, &h, &off)) {
			*p++ = '?';
		} else {
			p = fmt_hm(&h, p);
			*p++ = ' ';
			p = fmt_offset_at(off, p);
		}
		*p++ = ')';
	}
	if (m->all_day && o->end - o->start > DAY_SECONDS) {
		civil_from_days(o->end / DAY_SECONDS - 1, &c.y, &c.mo, &c.d);
		p = put_until(p, &c);
	}
	if (until)
		p = put_until(p, &e);
	p = PUT_LIT(p, " [");
	p = put(p, m->status, nstatus);
	p = PUT_LIT(p, "]\n");
	sb_done(sb, p);
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
