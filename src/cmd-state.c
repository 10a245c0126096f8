/* dipcal state, body and member: the parties and the forums they meet in. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ics.h"
#include "remind.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_state[] = {
	"dipcal state add CODE NAME --tz ZONE [--capital CITY]",
	"   or: dipcal state list [--json]",
	"",
	"CODE is the ISO 3166-1 alpha-2 code (KZ); ZONE an IANA zone (Asia/Almaty).",
	"The zone is that of the capital: meetings hosted by the state default to it.",
	NULL,
};

static const char *const usage_body[] = {
	"dipcal body add CODE NAME [--level LEVEL]",
	"   or: dipcal body set CODE --remind LIST|none",
	"   or: dipcal body list [--json]",
	"",
	"CODE: up to 16 of A-Z, 0-9, '-' and '_' (CAHS). LEVEL: heads-of-state (default),",
	"heads-of-government, ministerial, coordinators, expert or other.",
	"--remind: the reminder leads of the body's meetings (1w,1d,1h; none).",
	NULL,
};

static const char *const usage_member[] = {
	"dipcal member add BODY STATE [--role full|guest|observer] [--since DATE] [--until DATE]",
	"   or: dipcal member list BODY [--on DATE] [--json]",
	"",
	"A state may hold several memberships over time (guest, then full) but not two",
	"at once. --since is the first day, --until the first day without it.",
	NULL,
};

static const char *const level_words[] = {
	"heads-of-state", "heads-of-government", "ministerial", "coordinators", "expert", "other", NULL,
};
static const char *const role_words[] = { "full", "guest", "observer", NULL };

enum { OPT_JSON = 256, OPT_TZ, OPT_CAPITAL, OPT_LEVEL, OPT_ROLE, OPT_SINCE, OPT_UNTIL, OPT_ON, OPT_REMIND };

/* Options shared by the three families; each subcommand takes those it names. */
static const struct option opts[] = {
	{ "json", no_argument, NULL, OPT_JSON },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "capital", required_argument, NULL, OPT_CAPITAL },
	{ "level", required_argument, NULL, OPT_LEVEL },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "on", required_argument, NULL, OPT_ON },
	{ "remind", required_argument, NULL, OPT_REMIND },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	int json, help;
	const char *tz, *capital, *level, *role, *since, *until, *on, *remind;
};

/* Parses options allowed by `allowed` (a list of OPT_ values ending in 0); returns 0, or a status. */
static int parse(const char *const *usage, int argc, char **argv, const int *allowed, struct args *a)
{
	int c;

	memset(a, 0, sizeof(*a));
	start_options();
	while ((c = next_option(argc, argv, opts, allowed, usage, argv[0])) > 0) {
		switch (c) {
		case OPT_JSON: a->json = 1; break;
		case OPT_TZ: a->tz = optarg; break;
		case OPT_CAPITAL: a->capital = optarg; break;
		case OPT_LEVEL: a->level = optarg; break;
		case OPT_ROLE: a->role = optarg; break;
		case OPT_SINCE: a->since = optarg; break;
		case OPT_UNTIL: a->until = optarg; break;
		case OPT_ON: a->on = optarg; break;
		case OPT_REMIND: a->remind = optarg; break;
		}
	}
	return c == OPT_BAD ? ST_USAGE : c;
}

/* Runs parse(); turns "help was shown" into ST_OK for the caller's return. */
#define PARSE(usage, allowed)                                          \
	do {                                                           \
		int rc_ = parse(usage, argc, argv, allowed, &a);       \
		if (rc_)                                               \
			return rc_ < 0 ? ST_OK : rc_;                  \
	} while (0)

static int state_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_TZ, OPT_CAPITAL, 0 };
	struct args a;
	struct db *db;
	char *code;
	int st;

	PARSE(usage_state, allowed);
	if (argc - optind != 2)
		return usage_error(usage_state, "state add takes CODE and NAME");
	if (!a.tz)
		return usage_error(usage_state, "state add needs --tz ZONE");
	code = argv[optind];
	st = check_state_code("state code", code);
	if (!st)
		st = check_text("name", argv[optind + 1], TEXT_MAX, 0);
	if (!st && !argv[optind + 1][0])
		st = error(ST_INVALID, "the name of state '%s' is empty", code);
	if (!st && a.capital)
		st = check_text("capital", a.capital, TEXT_MAX, 0);
	if (!st)
		st = ics_zone_check(NULL, a.tz);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_state_add(db, code, argv[optind + 1], a.tz, a.capital);
	return st;
}

static int state_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_JSON, 0 };
	static const char *const heads[] = { "CODE", "NAME", "ZONE", "CAPITAL" };
	struct args a;
	struct rows r;
	struct db *db;
	int st;

	PARSE(usage_state, allowed);
	if (optind < argc)
		return usage_error(usage_state, "unexpected argument '%s'", argv[optind]);
	st = app_db(app, &db);
	if (st)
		return st;
	if (a.json)
		return print_json(store_state_json(db));
	st = store_state_rows(db, &r);
	if (st)
		return st;
	print_rows(stdout, heads, &r);
	rows_free(&r);
	return 0;
}

static int dispatch(struct app *app, int argc, char **argv, const char *const *usage,
		    int (*add)(struct app *, int, char **), int (*list)(struct app *, int, char **))
{
	if (argc < 2)
		return usage_error(usage, "%s needs a subcommand", argv[0]);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage_help(usage);
	if (!strcmp(argv[1], "add"))
		return add(app, argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return list(app, argc - 1, argv + 1);
	return usage_error(usage, "unknown subcommand '%s %s'", argv[0], argv[1]);
}

int cmd_state(struct app *app, int argc, char **argv)
{
	return dispatch(app, argc, argv, usage_state, state_add, state_list);
}

static int body_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_LEVEL, 0 };
	struct args a;
	struct db *db;
	const char *code, *name;
	int st = 0;

	PARSE(usage_body, allowed);
	if (argc - optind != 2)
		return usage_error(usage_body, "body add takes CODE and NAME");
	code = argv[optind];
	name = argv[optind + 1];
	if (!*code || strlen(code) > 16 || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != strlen(code))
		return error(ST_INVALID, "invalid body code '%s': expected up to 16 of A-Z, 0-9, '-' and '_'", code);
	st = check_text("name", name, TEXT_MAX, 0);
	if (!st && !*name)
		st = error(ST_INVALID, "the name of body '%s' is empty", code);
	if (!st && a.level)
		st = check_enum("level", a.level, level_words);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_body_add(db, code, name, a.level);
	return st;
}

static int body_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_JSON, 0 };
	static const char *const heads[] = { "CODE", "NAME", "LEVEL", "STATES" };
	struct args a;
	struct rows r;
	struct db *db;
	int st;

	PARSE(usage_body, allowed);
	if (optind < argc)
		return usage_error(usage_body, "unexpected argument '%s'", argv[optind]);
	st = app_db(app, &db);
	if (st)
		return st;
	if (a.json)
		return print_json(store_body_json(db));
	st = store_body_rows(db, &r);
	if (st)
		return st;
	print_rows(stdout, heads, &r);
	rows_free(&r);
	return 0;
}

static int body_set(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_REMIND, 0 };
	struct args a;
	struct db *db;
	char *leads = NULL;
	int st;

	PARSE(usage_body, allowed);
	if (argc - optind != 1)
		return usage_error(usage_body, "body set takes one CODE");
	if (!a.remind)
		return usage_error(usage_body, "body set needs --remind LIST");
	st = parse_leads("--remind", a.remind, &leads);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_body_set_remind(db, argv[optind], leads);
	free(leads);
	return st;
}

int cmd_body(struct app *app, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return body_set(app, argc - 1, argv + 1);
	return dispatch(app, argc, argv, usage_body, body_add, body_list);
}

static int check_date_opt(const char *what, const char *s)
{
	struct civil c;

	return s ? parse_date(what, s, &c) : 0;
}

static int member_add(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_ROLE, OPT_SINCE, OPT_UNTIL, 0 };
	struct args a;
	struct db *db;
	char *state;
	int st;

	PARSE(usage_member, allowed);
	if (argc - optind != 2)
		return usage_error(usage_member, "member add takes BODY and STATE");
	state = argv[optind + 1];
	st = check_state_code("state code", state);
	if (!st && a.role)
		st = check_enum("role", a.role, role_words);
	if (!st)
		st = check_date_opt("--since", a.since);
	if (!st)
		st = check_date_opt("--until", a.until);
	if (!st && a.since && a.until && strcmp(a.until, a.since) <= 0)
		st = error(ST_INVALID, "--until '%s' is not after --since '%s'", a.until, a.since);
	if (!st)
		st = app_db_rw(app, &db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	if (!st)
		st = store_require_state(db, state, NULL);
	if (!st)
		st = store_member_add(db, argv[optind], state, a.role, a.since, a.until);
	return st;
}

static int member_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { OPT_JSON, OPT_ON, 0 };
	static const char *const heads[] = { "STATE", "NAME", "ROLE", "SINCE", "UNTIL" };
	struct args a;
	struct rows r;
	struct db *db;
	int st;

	PARSE(usage_member, allowed);
	if (argc - optind != 1)
		return usage_error(usage_member, "member list takes BODY");
	st = check_date_opt("--on", a.on);
	if (!st)
		st = app_db(app, &db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	if (st)
		return st;
	if (a.json)
		return print_json(store_member_json(db, argv[optind], a.on));
	st = store_member_rows(db, argv[optind], a.on, &r);
	if (st)
		return st;
	print_rows(stdout, heads, &r);
	rows_free(&r);
	return 0;
}

int cmd_member(struct app *app, int argc, char **argv)
{
	return dispatch(app, argc, argv, usage_member, member_add, member_list);
}
