#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ics.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

const char *const status_words[] = { "proposed", "planned", "confirmed", "held", "postponed", "cancelled", NULL };
const char *const kind_words[] = { "regular", "extraordinary", "informal", "preparatory", NULL };

int app_db(struct app *app, struct db **db)
{
	char *path;
	int st;

	if (!app->db) {
		path = db_default_path(app->db_opt);
		db_zone_functions(ics_local_to_utc, ics_utc_to_local);
		st = db_open(path, &app->db);
		free(path);
		if (st)
			return st;
	}
	*db = app->db;
	return 0;
}

int app_db_rw(struct app *app, struct db **db)
{
	int st = app_db(app, db);

	return st ? st : db_require_writable(*db);
}

static void print_usage(FILE *out, const char *const *lines)
{
	for (int i = 0; lines[i]; i++)
		fprintf(out, "%s%s\n", i ? "" : "usage: ", lines[i]);
}

int usage_help(const char *const *lines)
{
	print_usage(stdout, lines);
	return ST_OK;
}

int usage_error(const char *const *lines, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fputs("dipcal: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	print_usage(stderr, lines);
	return ST_USAGE;
}

const char *option_name(char **argv, const struct option *opts, int c, int li)
{
	static char buf[80];

	if (c == '?' || c == ':' || li < 0)
		return argv[optind - 1];
	snprintf(buf, sizeof(buf), "--%s", opts[li].name);
	return buf;
}

void start_options(void)
{
	opterr = 0;
	optind = 0;
}

int next_option(int argc, char **argv, const struct option *opts, const int *allowed,
		const char *const *usage, const char *what)
{
	int li = -1, c = getopt_long(argc, argv, ":h", opts, &li), ok;

	if (c == -1)
		return 0;
	if (c == 'h') {
		usage_help(usage);
		return OPT_HELP;
	}
	ok = 0;
	for (int i = 0; allowed[i] && !ok; i++)
		ok = allowed[i] == c;
	if (ok)
		return c;
	if (c == ':')
		usage_error(usage, "option '%s' needs a value", argv[optind - 1]);
	else
		usage_error(usage, "unknown option '%s' for '%s'", option_name(argv, opts, c, li), what);
	return OPT_BAD;
}

int date_arg(const char *what, const char *s, int64_t *day)
{
	struct civil c;
	int st = parse_date(what, s, &c);

	if (!st)
		*day = days_from_civil(c.y, c.mo, c.d);
	return st;
}

int state_arg(struct db *db, const char *what, const char *s, char *code)
{
	if (strlen(s) != 2)
		return error(ST_INVALID, "invalid %s '%s': expected a two-letter state code", what, s);
	memcpy(code, s, 3);
	if (check_state_code(what, code))
		return ST_INVALID;
	return store_require_state(db, code, NULL);
}

int check_text(const char *what, const char *s, size_t max, int allow_newlines)
{
	size_t n = strlen(s);

	if (n > max)
		return error(ST_INVALID, "%s is %zu bytes long; the limit is %zu bytes", what, n, max);
	if (!text_ok(s, allow_newlines))
		return error(ST_INVALID, "%s is not valid UTF-8 text (or holds control characters)", what);
	return 0;
}

int check_enum(const char *what, const char *s, const char *const *allowed)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; allowed[i]; i++)
		if (!strcmp(s, allowed[i]))
			return 0;
	for (int i = 0; allowed[i]; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", allowed[i]);
	error(ST_INVALID, "invalid %s '%s': expected one of %s", what, s, sb.buf);
	sb_release(&sb);
	return ST_INVALID;
}

int parse_id(const char *what, const char *s, int64_t *id)
{
	if (parse_int64(s, 1, INT64_MAX, id))
		return error(ST_INVALID, "invalid %s '%s': expected a positive number", what, s);
	return 0;
}

int check_state_code(const char *what, char *s)
{
	if (strlen(s) != 2 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z') ||
	    !((s[1] | 0x20) >= 'a' && (s[1] | 0x20) <= 'z'))
		return error(ST_INVALID, "invalid %s '%s': expected a two-letter ISO 3166-1 code", what, s);
	s[0] = (char)(s[0] & ~0x20);
	s[1] = (char)(s[1] & ~0x20);
	return 0;
}

int when_to_utc(const char *what, const char *s, const char *zone, int64_t *t, int *is_date)
{
	struct civil c;
	enum when_kind kind;
	int st = parse_when(what, s, &c, &kind);

	if (st)
		return st;
	*is_date = kind == WHEN_DATE;
	switch (kind) {
	case WHEN_DATE:
		*t = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
		return 0;
	case WHEN_UTC:
		*t = civil_as_utc(&c);
		return 0;
	case WHEN_LOCAL:
		break;
	}
	return ics_local_to_utc(&c, zone, t);
}

/* The number of characters (code points) in UTF-8 text: what a terminal column counts. */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void pad(FILE *out, const char *s, size_t w, int last)
{
	fputs(s, out);
	if (last) {
		fputc('\n', out);
		return;
	}
	/* Two spaces at least, even after a cell wider than its column. */
	for (size_t n = width(s); n < w + 2 || n < width(s) + 2; n++)
		fputc(' ', out);
}

void print_rows(FILE *out, const char *const *heads, const struct rows *r)
{
	size_t *w = xcalloc((size_t)r->ncols, sizeof(size_t));

	for (int c = 0; c < r->ncols; c++)
		w[c] = width(heads[c]);
	for (size_t i = 0; i < r->n; i++)
		for (int c = 0; c < r->ncols; c++) {
			const char *v = rows_get(r, i, c);
			size_t n = v ? width(v) : 1;

			if (n > w[c] && n <= 48)
				w[c] = n;
		}
	for (int c = 0; c < r->ncols; c++)
		pad(out, heads[c], w[c], c + 1 == r->ncols);
	for (size_t i = 0; i < r->n; i++)
		for (int c = 0; c < r->ncols; c++) {
			const char *v = rows_get(r, i, c);

			pad(out, v ? v : "-", w[c], c + 1 == r->ncols);
		}
	free(w);
}

int print_json(char *json)
{
	if (!json)
		return ST_FAIL;
	puts(json);
	free(json);
	return 0;
}
