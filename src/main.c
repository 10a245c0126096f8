#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "db.h"
#include "ics.h"
#include "notify.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

#ifndef DIPCAL_VERSION
#define DIPCAL_VERSION "0.1"
#endif

struct command {
	const char *name;
	int (*fn)(struct app *app, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "init", cmd_init, "create or upgrade the database (--demo loads the Central Asia sample)" },
	{ "state", cmd_state, "add and list states" },
	{ "body", cmd_body, "add and list bodies (summits, councils)" },
	{ "member", cmd_member, "add and list memberships of states in bodies" },
	{ "meeting", cmd_meeting, "add, list, show, change, postpone, cancel and remove meetings" },
	{ "doc", cmd_doc, "add and list documents of meetings" },
	{ "deadline", cmd_deadline, "add, list and complete deadlines" },
	{ "agenda", cmd_agenda, "list the occurrences of meetings in a window" },
	{ "export", cmd_export, "write an iCalendar file for Thunderbird and other calendars" },
	{ "import", cmd_import, "read meetings from an iCalendar file" },
	{ "remind", cmd_remind, "desktop reminders ahead of meetings and deadlines" },
	{ "plan", cmd_plan, "the best dates for a body's next summit, its host; --commit writes it with deadlines" },
	{ "holiday", cmd_holiday, "add, import, list and remove public holidays of states" },
	{ "template", cmd_template, "the preparation steps a planned summit gets as deadlines" },
	{ "conflicts", cmd_conflicts, "meetings that clash: a shared state at the same time, or a host's holiday" },
	{ "rotation", cmd_rotation, "rotating offices: who chairs, hosts or holds the secretariat, when" },
	{ "serve", cmd_serve, "serve the calendar over HTTP for Thunderbird and other calendars to subscribe" },
	{ "publish", cmd_publish, "publish the meetings to a CalDAV calendar on a server, for the team" },
};

static const char *const usage_lines[] = {
	"dipcal [--db FILE] [--now TIME] COMMAND [ARGS]",
	"",
	"Options:",
	"  --db FILE     the database (default $DIPCAL_DB, else $XDG_DATA_HOME/dipcal/dipcal.db,",
	"                else ~/.local/share/dipcal/dipcal.db)",
	"  --now TIME    the clock: YYYY-MM-DD[ HH:MM[:SS]] in the local zone, ...Z for UTC,",
	"                or @SECONDS (default $DIPCAL_NOW, else the system clock)",
	"  --help        this help; COMMAND --help for a command's",
	"  --version     the version",
	"",
	"Exit status:",
	"  0  success",
	"  1  runtime failure: I/O, a database that is not dipcal's, newer, busy or read-only",
	"  2  usage error: unknown command or option, missing argument",
	"  3  not found: unknown body, state, meeting, document or deadline",
	"  4  conflict: the thing already exists",
	"  5  invalid value: date, time, zone, duration, recurrence rule or text",
	"  6  publish: resources changed on the server since the last publish (conflicts)",
	"  7  remind: no notification server answered; the reminders stay undelivered",
	NULL,
};

static void print_commands(FILE *out)
{
	fputs("\nCommands:\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
}

/*
 * The zones' cuts are kept in $XDG_CACHE_HOME/dipcal/zones, else
 * ~/.cache/dipcal/zones (see ics_zone_cache); nowhere without either.
 */
static void zone_cache(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir = NULL;

	if (xdg && *xdg == '/')
		dir = xasprintf("%s/dipcal/zones", xdg);
	else if (home && *home == '/')
		dir = xasprintf("%s/.cache/dipcal/zones", home);
	ics_zone_cache(dir);
	free(dir);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct app app = { NULL, NULL, 022 };
	const char *now_opt = NULL;
	int c, st;

	setlocale(LC_CTYPE, "");
	db_setup();
	/* Files dipcal creates (the database, its WAL, exports) are the user's alone. */
	app.umask = (unsigned)umask(077);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (!*optarg)
				return usage_error(usage_lines, "--db needs a file name, not an empty one");
			app.db_opt = optarg;
			break;
		case 'n':
			if (!*optarg)
				return usage_error(usage_lines, "--now needs a time, not an empty one");
			now_opt = optarg;
			break;
		case ':':
			return usage_error(usage_lines, "option '%s' needs a value", argv[optind - 1]);
		case 'h':
			usage_help(usage_lines);
			print_commands(stdout);
			return ST_OK;
		case 'V':
			printf("dipcal %s\n", DIPCAL_VERSION);
			return ST_OK;
		default:
			return usage_error(usage_lines, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		usage_error(usage_lines, "no command given");
		print_commands(stderr);
		return ST_USAGE;
	}
	/* The hidden helper that shows one notification (see notify.h). */
	if (optind < argc && !strcmp(argv[optind], "__notify"))
		return notify_child(argc - optind, argv + optind);
	st = now_init(now_opt);
	if (st)
		return st;
	zone_cache();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name))
			continue;
		argc -= optind;
		argv += optind;
		optind = 0; /* GNU getopt: start afresh for the command's options */
		st = commands[i].fn(&app, argc, argv);
		db_close(app.db);
		return st;
	}
	usage_error(usage_lines, "unknown command '%s'", argv[optind]);
	print_commands(stderr);
	return ST_USAGE;
}
