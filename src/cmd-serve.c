/* dipcal serve: the calendar over HTTP, for calendar programs to subscribe to. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "serve.h"
#include "util.h"
#include "banned.h"

#define DEFAULT_LISTEN "127.0.0.1:8080"

static const char *const usage_serve[] = {
	"dipcal serve [--listen ADDR:PORT] [BODY...]",
	"",
	"Serves the calendar over HTTP until interrupted (SIGINT or SIGTERM): the meetings",
	"as dipcal export writes them, read from the database at each request, so that",
	"changes show at once. GET /calendar.ics is the BODYs given (all bodies when none),",
	"GET /BODY.ics one of them. Replies carry an ETag and Last-Modified; If-None-Match",
	"and If-Modified-Since get 304 Not Modified when nothing changed.",
	"In Thunderbird: New Calendar, On the Network, iCalendar (ICS), location",
	"http://127.0.0.1:8080/calendar.ics.",
	"",
	"  --listen ADDR:PORT   an IPv4 address and port, or [IPv6]:PORT (default " DEFAULT_LISTEN ");",
	"                       there is no authentication: any address that can reach it reads",
	"                       the calendar",
	NULL,
};

int cmd_serve(struct app *app, int argc, char **argv)
{
	enum { O_LISTEN = 256 };
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, O_LISTEN },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o;
	struct db *db;
	int c, st = 0;

	memset(&o, 0, sizeof(o));
	o.listen = DEFAULT_LISTEN;
	opterr = 0;
	optind = 0;
	while (!st && (c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case O_LISTEN: o.listen = optarg; break;
		case 'h': return usage_help(usage_serve);
		case ':': st = usage_error(usage_serve, "option '%s' needs a value", argv[optind - 1]); break;
		default: st = usage_error(usage_serve, "unknown option '%s'", argv[optind - 1]); break;
		}
	}
	/* The address first: a bad one is refused before the database is opened (or created). */
	if (!st)
		st = serve_parse_listen("--listen", o.listen, &o.addr);
	if (!st)
		st = app_db(app, &db);
	o.bodies = argv + optind;
	o.nbodies = argc - optind;
	for (int i = 0; !st && i < o.nbodies; i++)
		st = store_require_body(db, o.bodies[i], NULL);
	if (!st)
		st = serve_run(&app->db, &o);
	return st;
}
