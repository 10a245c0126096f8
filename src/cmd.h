#ifndef CMD_H
#define CMD_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "store.h"

/* What every command gets from main(): the global options and the database, opened on first use. */
struct app {
	const char *db_opt;     /* --db, or NULL */
	struct db *db;
	unsigned umask;         /* the user's umask (dipcal runs with 077), for files meant to be shared */
};

/* Opens and migrates the database on first use. */
int app_db(struct app *app, struct db **db);
/* The same, for a command that writes: a read-only database is refused first. */
int app_db_rw(struct app *app, struct db **db);

/* A command family's usage: lines, the first the synopsis. */
struct usage {
	const char *const *lines;
};
/* Prints usage to stdout (for --help) and returns ST_OK. */
int usage_help(const char *const *lines);
/* Prints the message (if any), then usage to stderr; returns ST_USAGE. */
int usage_error(const char *const *lines, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The option getopt_long() last returned, for a message: what was typed
 * for an unknown one, "--name" for a known one (argv[optind - 1] would be
 * its value). li is getopt_long()'s longindex.
 */
struct option;
const char *option_name(char **argv, const struct option *opts, int c, int li);

/*
 * The options of a subcommand, one at a time: getopt_long() over argv with
 * opts, taking only --help and the codes in allowed (0-terminated). Call
 * start_options() first. Returns the next code (optarg set), 0 at the end,
 * OPT_HELP after printing the usage for --help, or OPT_BAD after printing a
 * usage error naming the option and `what` (the subcommand).
 */
#define OPT_HELP (-1)
#define OPT_BAD (-2)
void start_options(void);
int next_option(int argc, char **argv, const struct option *opts, const int *allowed,
		const char *const *usage, const char *what);
/* A date argument as days since 1970-01-01; prints and returns ST_INVALID when bad. */
int date_arg(const char *what, const char *s, int64_t *day);
/* A state code argument, upper-cased into code[3], that the database knows. */
int state_arg(struct db *db, const char *what, const char *s, char *code);

/* Checks a text option: valid UTF-8, no control characters, at most max bytes. */
int check_text(const char *what, const char *s, size_t max, int allow_newlines);
/* Checks s against a NULL-terminated list of allowed words. */
int check_enum(const char *what, const char *s, const char *const *allowed);
/* Parses a positive id. */
int parse_id(const char *what, const char *s, int64_t *id);
/* Parses a state code (two letters, upper-cased in place). */
int check_state_code(const char *what, char *s);

/*
 * WHEN in zone: a date gives 00:00Z of that date and *is_date = 1; a time
 * in zone or UTC gives the instant.
 */
int when_to_utc(const char *what, const char *s, const char *zone, int64_t *t, int *is_date);

/* Prints rows as aligned columns with a header line. */
void print_rows(FILE *out, const char *const *heads, const struct rows *r);
/* Prints a JSON text and a newline; NULL (a failed query) gives ST_FAIL. */
int print_json(char *json);


int cmd_init(struct app *app, int argc, char **argv);
int cmd_state(struct app *app, int argc, char **argv);
int cmd_body(struct app *app, int argc, char **argv);
int cmd_member(struct app *app, int argc, char **argv);
int cmd_meeting(struct app *app, int argc, char **argv);
int cmd_doc(struct app *app, int argc, char **argv);
int cmd_deadline(struct app *app, int argc, char **argv);
int cmd_agenda(struct app *app, int argc, char **argv);
int cmd_rotation(struct app *app, int argc, char **argv);
int cmd_export(struct app *app, int argc, char **argv);
int cmd_serve(struct app *app, int argc, char **argv);
int cmd_publish(struct app *app, int argc, char **argv);
int cmd_import(struct app *app, int argc, char **argv);
int cmd_remind(struct app *app, int argc, char **argv);
int cmd_plan(struct app *app, int argc, char **argv);
int cmd_holiday(struct app *app, int argc, char **argv);
int cmd_template(struct app *app, int argc, char **argv);
int cmd_conflicts(struct app *app, int argc, char **argv);

extern const char *const status_words[];
extern const char *const kind_words[];

#endif
