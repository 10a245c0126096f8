/* dipcal import: meetings from an iCalendar file, all or nothing. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "import.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_import[] = {
	"dipcal import FILE [--body BODY]",
	"",
	"Reads the VEVENTs of an iCalendar file (FILE - for standard input) into BODY,",
	"else into the body IMPORT, made when needed. Each event keeps its UID; one",
	"already present is updated only when the file's SEQUENCE is higher, or equal",
	"with a later LAST-MODIFIED (else DTSTAMP), so importing a file again changes",
	"nothing. Zones: VTIMEZONE definitions, IANA names, Windows names (CLDR); floating",
	"times are read in the local zone. A file with any error imports nothing.",
	"Prints: N added, M updated, K unchanged.",
	NULL,
};

int cmd_import(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "body", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_counts counts;
	const char *body = NULL, *path;
	char *zone = NULL;
	struct db *db;
	FILE *in;
	int c, st;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': body = optarg; break;
		case 'h': return usage_help(usage_import);
		case ':': return usage_error(usage_import, "option '%s' needs a value", argv[optind - 1]);
		default: return usage_error(usage_import, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return usage_error(usage_import, "import takes one FILE");
	path = argv[optind];
	in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in)
		return error(ST_FAIL, "cannot open '%s': %s", path, strerror(errno));
	st = app_db(app, &db);
	if (!st) {
		zone = local_zone_name();
		st = import_ics(db, in, strcmp(path, "-") ? path : "standard input", body, zone, &counts);
	}
	if (in != stdin)
		fclose(in);
	free(zone);
	if (!st)
		printf("%ld added, %ld updated, %ld unchanged\n", counts.added, counts.updated, counts.unchanged);
	return st;
}
