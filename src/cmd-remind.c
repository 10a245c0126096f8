/* dipcal remind: desktop reminders, never lost and never doubled. */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "notify.h"
#include "remind.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_remind[] = {
	"dipcal remind [--once] [--grace DUR] [--fallback stdout]",
	"   or: dipcal remind --list [--json]",
	"",
	"Sends a desktop notification for each (occurrence, lead) when its time comes.",
	"Leads: `body set BODY --remind 1w,1d,1h`, `meeting add|set --remind LIST|none`,",
	"`deadline add --remind LIST`; a body without leads reminds 1 day and 1 hour ahead,",
	"a deadline 1 day ahead. Each reminder is claimed in the database before it is",
	"shown, so two processes never both send it; missed leads of one occurrence",
	"(the machine was off) give one notification, the latest. Reminders of an",
	"occurrence that began more than --grace ago (default 15m) are dropped, and so",
	"are those of cancelled meetings and of meetings postponed without a new date.",
	"",
	"Without --once, runs in the foreground until SIGINT/SIGTERM: it sleeps until the",
	"next reminder is due, and wakes when the database changes, when the clock is set",
	"and after a resume. Actions (where the server has them): Snooze 10 min, Dismiss.",
	"--once sends what is due and exits: 7 when no notification server answered",
	"(the reminders stay due and a later run sends them). --fallback stdout prints",
	"the reminders that cannot be shown. --list shows pending, delivered, snoozed and",
	"failed reminders with their due times.",
	NULL,
};

#define SNOOZE_SECONDS 600
#define SHOW_WAIT_MS 5000

struct daemon {
	struct db *db;
	int64_t grace;
	int fallback;
	char *zone;
	struct notify_loop loop;
};

static void print_fallback(const char *summary, const char *body)
{
	printf("%s\n", summary);
	for (const char *p = body; *p;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("  %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
	fflush(stdout);
}

static void make_notice(const struct reminder *r, int64_t t, const char *zone, struct notice *n, char **summary,
			char **body)
{
	*summary = remind_summary(r, t);
	*body = remind_body(r, zone);
	memset(n, 0, sizeof(*n));
	n->summary = *summary;
	n->body = *body;
	n->critical = remind_critical(r, t);
	n->id = r->id;
}

static int remind_once(struct db *db, int64_t grace, int fallback, const char *zone)
{
	struct remind_batch b;
	const char *why = NULL;
	int st, failed = 0, down = 0;
	int64_t t = now();

	st = remind_collect(db, t, grace, 1, t, zone, &b);
	if (st)
		return st;
	for (size_t i = 0; i < b.n && !st; i++) {
		struct notice n;
		char *summary, *body;
		int shown = 0;

		make_notice(&b.r[i], t, zone, &n, &summary, &body);
		/* Once the server has failed, the rest are not tried in this run. */
		if (!down)
			shown = notify_show_wait(&n, SHOW_WAIT_MS, &why) == 0;
		if (!shown && fallback) {
			print_fallback(summary, body);
			shown = 1;
		}
		if (!shown)
			down = 1;
		st = shown ? remind_delivered(db, b.r[i].id, t) : remind_failed(db, b.r[i].id, t);
		failed += !shown;
		free(summary);
		free(body);
	}
	remind_batch_free(&b);
	if (!st && failed)
		st = error(ST_NO_NOTIFY, "%s: %d reminder%s not delivered; a later run sends %s", why ? why :
			   "no notification server", failed, failed == 1 ? "" : "s", failed == 1 ? "it" : "them");
	return st;
}

static int64_t daemon_round(void *arg)
{
	struct daemon *d = arg;
	struct remind_batch b;
	int64_t t = now(), next;

	if (remind_collect(d->db, t, d->grace, 1, t, d->zone, &b))
		return t + 60; /* the database is busy or broken: look again in a minute */
	for (size_t i = 0; i < b.n; i++) {
		struct notice n;
		char *summary, *body;

		make_notice(&b.r[i], t, d->zone, &n, &summary, &body);
		n.actions = 1;
		notify_post(&d->loop, &n);
		free(summary);
		free(body);
	}
	next = b.next;
	remind_batch_free(&b);
	/* An idle daemon keeps little: what a round allocated goes back to the system. */
	malloc_trim(0);
	return next;
}

static void daemon_posted(void *arg, int64_t id, int shown, const char *why)
{
	struct daemon *d = arg;
	int64_t t = now();

	if (!shown && d->fallback) {
		printf("reminder %lld: %s\n", (long long)id, why ? why : "not shown");
		shown = 1;
	}
	if (shown)
		remind_delivered(d->db, id, t);
	else
		remind_failed(d->db, id, t);
}

static void daemon_action(void *arg, int64_t id, const char *action)
{
	struct daemon *d = arg;

	if (!strcmp(action, "snooze"))
		remind_snooze(d->db, id, now() + SNOOZE_SECONDS);
}

static int remind_list(struct db *db, int json, const char *zone)
{
	struct remind_batch b;
	struct rows r;
	int64_t t = now();
	int st = remind_collect(db, t, 0, 0, t + 30 * DAY_SECONDS, zone, &b);

	if (st)
		return st;
	st = store_reminder_rows(db, &r);
	if (st) {
		remind_batch_free(&b);
		return st;
	}
	if (json) {
		struct strbuf sb = STRBUF_INIT;
		char *obj;

		sb_puts(&sb, "[");
		for (size_t i = 0; i < b.n + r.n; i++) {
			char occ[32], due[32];
			int64_t o = 0, du = 0, lead = 0;
			const char *uid, *title, *state;

			if (i < b.n) {
				o = b.r[i].occ;
				du = b.r[i].due;
				lead = b.r[i].lead;
				uid = b.r[i].uid;
				title = b.r[i].title;
				state = "pending";
			} else {
				size_t k = i - b.n;

				uid = rows_get(&r, k, 0);
				title = rows_get(&r, k, 1);
				parse_int64(rows_get(&r, k, 2), INT64_MIN, INT64_MAX, &o);
				parse_int64(rows_get(&r, k, 3), 0, INT64_MAX, &lead);
				parse_int64(rows_get(&r, k, 4), INT64_MIN, INT64_MAX, &du);
				state = rows_get(&r, k, 5);
			}
			obj = store_reminder_json(db, uid, title, fmt_rfc3339(o, occ), lead, fmt_rfc3339(du, due), state);
			if (!obj) {
				st = ST_FAIL;
				break;
			}
			sb_addf(&sb, "%s%s", i ? "," : "", obj);
			free(obj);
		}
		sb_puts(&sb, "]");
		if (!st)
			puts(sb.buf);
		sb_release(&sb);
	} else {
		char a[32], c[32];

		printf("%-10s %-20s  %-20s  %s\n", "STATE", "DUE", "STARTS", "TITLE");
		for (size_t i = 0; i < b.n; i++)
			printf("%-10s %-20s  %-20s  %s\n", "pending", fmt_rfc3339(b.r[i].due, a),
			       fmt_rfc3339(b.r[i].occ, c), b.r[i].title);
		for (size_t k = 0; k < r.n; k++) {
			int64_t o = 0, du = 0;

			parse_int64(rows_get(&r, k, 2), INT64_MIN, INT64_MAX, &o);
			parse_int64(rows_get(&r, k, 4), INT64_MIN, INT64_MAX, &du);
			printf("%-10s %-20s  %-20s  %s\n", rows_get(&r, k, 5), fmt_rfc3339(du, a), fmt_rfc3339(o, c),
			       rows_get(&r, k, 1));
		}
	}
	rows_free(&r);
	remind_batch_free(&b);
	return st;
}

int cmd_remind(struct app *app, int argc, char **argv)
{
	enum { O_ONCE = 256, O_GRACE, O_FALLBACK, O_LIST, O_JSON };
	static const struct option opts[] = {
		{ "once", no_argument, NULL, O_ONCE },
		{ "grace", required_argument, NULL, O_GRACE },
		{ "fallback", required_argument, NULL, O_FALLBACK },
		{ "list", no_argument, NULL, O_LIST },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct daemon d;
	int c, once = 0, list = 0, json = 0, st = 0;

	memset(&d, 0, sizeof(d));
	d.grace = 15 * 60;
	opterr = 0;
	optind = 0;
	while (!st && (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_ONCE: once = 1; break;
		case O_GRACE: st = parse_duration("--grace", optarg, &d.grace); break;
		case O_FALLBACK:
			if (strcmp(optarg, "stdout"))
				st = error(ST_INVALID, "invalid --fallback '%s': expected stdout", optarg);
			d.fallback = 1;
			break;
		case O_LIST: list = 1; break;
		case O_JSON: json = 1; break;
		case 'h': return usage_help(usage_remind);
		case ':': return usage_error(usage_remind, "option '%s' needs a value", argv[optind - 1]);
		default: return usage_error(usage_remind, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (st)
		return st;
	if (optind < argc)
		return usage_error(usage_remind, "unexpected argument '%s'", argv[optind]);
	if (json && !list)
		return usage_error(usage_remind, "--json goes with --list");
	st = list ? app_db(app, &d.db) : app_db_rw(app, &d.db);
	if (st)
		return st;
	d.zone = local_zone_name();
	if (list)
		st = remind_list(d.db, json, d.zone);
	else if (once)
		st = remind_once(d.db, d.grace, d.fallback, d.zone);
	else {
		now_run();
		/* A small page cache: the daemon reads a few weeks of meetings at a time. */
		db_exec_script(d.db, "pragmas", "PRAGMA cache_size = -512");
		d.loop.arg = &d;
		d.loop.round = daemon_round;
		d.loop.posted = daemon_posted;
		d.loop.action = daemon_action;
		d.loop.watch = d.db->path;
		st = notify_run(&d.loop, now);
	}
	free(d.zone);
	return st;
}
