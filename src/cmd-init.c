#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "ics.h"
#include "util.h"
#include "banned.h"

static const char *const usage_init[] = {
	"dipcal init [--demo]",
	"",
	"Creates the database, or upgrades an older one to this dipcal's schema;",
	"every other command does the same first. With --demo, also loads the",
	"Central Asia sample (six states, the consultative meetings since 2018, the",
	"Council of National Coordinators) into an empty database.",
	NULL,
};

static int series_end_of(const struct meeting *m, int64_t *end, int *finite)
{
	struct series s = ics_series_of(m);

	return ics_series_end(&s, end, finite);
}

/* Loads the demo: data as SQL, the ends of its recurring series computed by libical. */
static int load_demo(struct db *db)
{
	struct rows r;
	int st = db_require_writable(db);

	if (st)
		return st;
	st = db_begin(db);
	if (st)
		return st;
	st = store_state_rows(db, &r);
	if (!st) {
		if (r.n)
			st = error(ST_CONFLICT, "cannot load the demo into '%s': it already holds states", db->path);
		rows_free(&r);
	}
	if (!st)
		st = db_exec_script(db, "the demo", demo_sql);
	if (!st)
		st = store_refresh_series(db, series_end_of);
	if (st) {
		db_rollback(db);
		return st;
	}
	return db_commit(db);
}

int cmd_init(struct app *app, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "demo", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct db *db;
	int c, demo = 0, st;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			demo = 1;
			break;
		case 'h':
			return usage_help(usage_init);
		default:
			return usage_error(usage_init, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error(usage_init, "unexpected argument '%s'", argv[optind]);
	st = app_db(app, &db);
	if (st)
		return st;
	if (demo)
		return load_demo(db);
	return 0;
}
