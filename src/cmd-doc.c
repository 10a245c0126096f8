/* dipcal doc and deadline: what a meeting adopts and what must be ready before it. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ics.h"
#include "remind.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_doc[] = {
	"dipcal doc add MEETING TITLE --kind K [--valid-from DATE] [--valid-to DATE]",
	"   or: dipcal doc list [--meeting ID] [--json]",
	"",
	"K: statement, declaration, decision, concept, treaty, agreement, appeal,",
	"programme, catalogue, regulations, report or other. `add` prints the new id.",
	NULL,
};

static const char *const usage_deadline[] = {
	"dipcal deadline add MEETING TITLE (--due WHEN | --before DUR) [--owner STATE] [--remind LIST]",
	"   or: dipcal deadline list [--meeting ID] [--json]",
	"   or: dipcal deadline done ID [--undo]",
	"",
	"--due is an instant (WHEN in the meeting's zone, ...Z for UTC); --before is a",
	"duration before the meeting's start (P5W, 2d), so the deadline moves with the",
	"meeting. `add` prints the new id.",
	NULL,
};

static const char *const doc_kinds[] = { "statement", "declaration", "decision", "concept", "treaty",
	"agreement", "appeal", "programme", "catalogue", "regulations", "report", "other", NULL };

enum { O_KIND = 256, O_FROM, O_TO, O_MEETING, O_JSON, O_DUE, O_BEFORE, O_OWNER, O_UNDO, O_REMIND };

static const struct option opts[] = {
	{ "kind", required_argument, NULL, O_KIND },
	{ "valid-from", required_argument, NULL, O_FROM },
	{ "valid-to", required_argument, NULL, O_TO },
	{ "meeting", required_argument, NULL, O_MEETING },
	{ "json", no_argument, NULL, O_JSON },
	{ "due", required_argument, NULL, O_DUE },
	{ "before", required_argument, NULL, O_BEFORE },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "undo", no_argument, NULL, O_UNDO },
	{ "remind", required_argument, NULL, O_REMIND },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *kind, *from, *to, *meeting, *due, *before, *owner, *remind;
	int json, undo;
};

static int parse(const char *const *usage, int argc, char **argv, const int *allowed, struct args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	start_options();
	while ((c = next_option(argc, argv, opts, allowed, usage, argv[0])) > 0) {
		switch (c) {
		case O_KIND: a->kind = optarg; break;
		case O_FROM: a->from = optarg; break;
		case O_TO: a->to = optarg; break;
		case O_MEETING: a->meeting = optarg; break;
		case O_JSON: a->json = 1; break;
		case O_DUE: a->due = optarg; break;
		case O_BEFORE: a->before = optarg; break;
		case O_OWNER: a->owner = optarg; break;
		case O_UNDO: a->undo = 1; break;
		case O_REMIND: a->remind = optarg; break;
		}
	}
	return c == OPT_BAD ? ST_USAGE : c;
}

#define PARSE(usage, allowed)                                          \
	do {                                                           \
		int rc_ = parse(usage, argc, argv, allowed, &a);       \
		if (rc_)                                               \
			return rc_ < 0 ? ST_OK : rc_;                  \
	} while (0)

/* Parses an optional --meeting ID and checks that the meeting exists. */
static int meeting_filter(struct app *app, const char *arg, int64_t *id, struct db **db)
{
	struct meeting m;
	int st = 0;

	*id = 0;
	if (arg)
		st = parse_id("--meeting", arg, id);
	if (!st)
		st = app_db(app, db);
	if (!st && *id) {
		st = store_require_meeting(*db, *id, &m);
		if (!st)
			meeting_clear(&m);
	}
	return st;
}

static int doc_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_KIND, O_FROM, O_TO, 0 };
	struct args a;
	struct meeting m;
	struct civil c;
	struct db *db;
	int64_t id, doc;
	int st;

	PARSE(usage_doc, allowed);
	if (argc - optind != 2)
		return usage_error(usage_doc, "doc add takes MEETING and TITLE");
	if (!a.kind)
		return usage_error(usage_doc, "doc add needs --kind K");
	st = parse_id("meeting id", argv[optind], &id);
	if (!st)
		st = check_text("title", argv[optind + 1], TEXT_MAX, 0);
	if (!st && !argv[optind + 1][0])
		st = error(ST_INVALID, "the document title is empty");
	if (!st)
		st = check_enum("kind", a.kind, doc_kinds);
	if (!st && a.from)
		st = parse_date("--valid-from", a.from, &c);
	if (!st && a.to)
		st = parse_date("--valid-to", a.to, &c);
	if (!st && a.from && a.to && strcmp(a.to, a.from) < 0)
		st = error(ST_INVALID, "--valid-to '%s' is before --valid-from '%s'", a.to, a.from);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_require_meeting(db, id, &m);
	if (st)
		return st;
	meeting_clear(&m);
	st = store_doc_add(db, id, argv[optind + 1], a.kind, a.from, a.to, &doc);
	if (!st)
		printf("%lld\n", (long long)doc);
	return st;
}

static int doc_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_MEETING, O_JSON, 0 };
	static const char *const heads[] = { "ID", "MEETING", "TITLE", "KIND", "VALID FROM", "VALID TO" };
	struct args a;
	struct rows r;
	struct db *db;
	int64_t id;
	int st;

	PARSE(usage_doc, allowed);
	if (optind < argc)
		return usage_error(usage_doc, "unexpected argument '%s'", argv[optind]);
	st = meeting_filter(app, a.meeting, &id, &db);
	if (st)
		return st;
	if (a.json)
		return print_json(store_doc_json(db, id));
	st = store_doc_rows(db, id, &r);
	if (st)
		return st;
	print_rows(stdout, heads, &r);
	rows_free(&r);
	return 0;
}

static int deadline_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_DUE, O_BEFORE, O_OWNER, O_REMIND, 0 };
	struct args a;
	struct meeting m;
	struct db *db;
	int64_t id, due = 0, before = 0, dl;
	int st, is_date;
	char owner[3] = { 0 }, *leads = NULL;

	PARSE(usage_deadline, allowed);
	if (argc - optind != 2)
		return usage_error(usage_deadline, "deadline add takes MEETING and TITLE");
	if (!a.due == !a.before)
		return usage_error(usage_deadline, "deadline add needs one of --due WHEN and --before DUR");
	st = parse_id("meeting id", argv[optind], &id);
	if (!st)
		st = check_text("title", argv[optind + 1], TEXT_MAX, 0);
	if (!st && !argv[optind + 1][0])
		st = error(ST_INVALID, "the deadline title is empty");
	if (!st && a.before)
		st = parse_duration("--before", a.before, &before);
	if (!st && a.remind)
		st = parse_leads("--remind", a.remind, &leads);
	if (!st && a.owner) {
		if (strlen(a.owner) != 2)
			return error(ST_INVALID, "invalid --owner '%s': expected a two-letter state code", a.owner);
		memcpy(owner, a.owner, 2);
		st = check_state_code("--owner", owner);
	}
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_require_meeting(db, id, &m);
	if (st)
		return st;
	if (a.due) {
		st = when_to_utc("--due", a.due, m.tz, &due, &is_date);
		/* A date alone: the end of that day in the meeting's zone. */
		if (!st && is_date) {
			struct civil c;

			utc_as_civil(due, &c);
			c.h = 23;
			c.mi = 59;
			c.s = 59;
			st = ics_local_to_utc(&c, m.tz, &due);
		}
	}
	meeting_clear(&m);
	if (!st && a.owner)
		st = store_require_state(db, owner, NULL);
	if (!st)
		st = db_begin(db);
	if (!st) {
		st = store_deadline_add(db, id, argv[optind + 1], a.due != NULL, due, before,
					a.owner ? owner : NULL, &dl);
		if (!st && leads)
			st = store_deadline_set_remind(db, dl, leads);
		st = st ? (db_rollback(db), st) : db_commit(db);
	}
	if (!st)
		printf("%lld\n", (long long)dl);
	free(leads);
	return st;
}

static int deadline_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_MEETING, O_JSON, 0 };
	static const char *const heads[] = { "ID", "MEETING", "DUE", "OWNER", "DONE", "TITLE" };
	struct args a;
	struct rows r, out;
	struct db *db;
	int64_t id;
	int st;

	PARSE(usage_deadline, allowed);
	if (optind < argc)
		return usage_error(usage_deadline, "unexpected argument '%s'", argv[optind]);
	st = meeting_filter(app, a.meeting, &id, &db);
	if (st)
		return st;
	if (a.json)
		return print_json(store_deadline_json(db, id));
	st = store_deadline_rows(db, id, &r);
	if (st)
		return st;
	out.ncols = 6;
	out.n = r.n;
	out.cell = xcalloc(r.n ? r.n : 1, 6 * sizeof(char *));
	for (size_t i = 0; i < r.n; i++) {
		char **row = out.cell + i * 6;
		int64_t due = 0;
		struct civil c;
		char buf[32], off[16];
		int offset;

		parse_int64(rows_get(&r, i, 3), INT64_MIN, INT64_MAX, &due);
		row[0] = xstrdup(rows_get(&r, i, 0));
		row[1] = xstrdup(rows_get(&r, i, 1));
		if (!ics_utc_to_local(due, rows_get(&r, i, 6), &c, &offset)) {
			fmt_offset(offset, off, sizeof(off));
			row[2] = xasprintf("%s %s", fmt_civil(&c, 1, buf), off);
		} else {
			row[2] = xstrdup(fmt_rfc3339(due, buf));
		}
		row[3] = xstrdup_or_null(rows_get(&r, i, 4));
		row[4] = xstrdup(strcmp(rows_get(&r, i, 5), "0") ? "yes" : "no");
		row[5] = xstrdup(rows_get(&r, i, 2));
	}
	rows_free(&r);
	print_rows(stdout, heads, &out);
	rows_free(&out);
	return 0;
}

static int deadline_done(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_UNDO, 0 };
	struct args a;
	struct db *db;
	int64_t id;
	int st;

	PARSE(usage_deadline, allowed);
	if (argc - optind != 1)
		return usage_error(usage_deadline, "deadline done takes one ID");
	st = parse_id("deadline id", argv[optind], &id);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_deadline_done(db, id, !a.undo);
	return st;
}

int cmd_doc(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage_doc, "doc needs a subcommand");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage_help(usage_doc);
	if (!strcmp(argv[1], "add"))
		return doc_add(app, argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return doc_list(app, argc - 1, argv + 1);
	return usage_error(usage_doc, "unknown subcommand 'doc %s'", argv[1]);
}

int cmd_deadline(struct app *app, int argc, char **argv)
{
	if (argc < 2)
		return usage_error(usage_deadline, "deadline needs a subcommand");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage_help(usage_deadline);
	if (!strcmp(argv[1], "add"))
		return deadline_add(app, argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return deadline_list(app, argc - 1, argv + 1);
	if (!strcmp(argv[1], "done"))
		return deadline_done(app, argc - 1, argv + 1);
	return usage_error(usage_deadline, "unknown subcommand 'deadline %s'", argv[1]);
}
