/* dipcal rotation: who chairs, who hosts, who holds the secretariat. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "office.h"
#include "rotation.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

static const char *const usage_rotation[] = {
	"dipcal rotation set BODY OFFICE --order LIST|alphabetical --term RULE [--start DATE] [--cadence DUR]",
	"   or: dipcal rotation show BODY OFFICE [--from DATE] [--to DATE] [--troika] [--json]",
	"   or: dipcal rotation who BODY OFFICE [--on DATE] [--json]",
	"   or: dipcal rotation next BODY OFFICE [--count N] [--json]",
	"   or: dipcal rotation insert BODY OFFICE STATE [--after STATE]",
	"   or: dipcal rotation remove BODY OFFICE STATE",
	"   or: dipcal rotation swap BODY OFFICE STATE STATE",
	"   or: dipcal rotation skip BODY OFFICE STATE",
	"   or: dipcal rotation extend BODY OFFICE --by DUR",
	"   or: dipcal rotation record BODY OFFICE STATE --start DATE [--end DATE]",
	"   or: dipcal rotation list [BODY] [--json]",
	"",
	"An office (chair, secretariat, any name) passes along an order of states:",
	"--order KZ,UZ,TM,KG,TJ, or alphabetical (by state name). Terms (--term):",
	"  Nmo, Ny, P6M, P1Y   calendar terms from --start, handing over on that day",
	"  summit              from the end of one regular summit of the body to the end",
	"                      of the next, held by the next one's host; projected summits",
	"                      follow --cadence (default 1y) after the last one",
	"  follow:OFFICE[+K]   the holder of OFFICE's term K places ahead",
	"Full members missing from the order join at its end. insert, remove, swap,",
	"skip and extend change terms that start after now (--now); held summits and",
	"recorded terms are history and never change. `swap` exchanges two states'",
	"next turns only; `skip` passes over one turn; `extend` lengthens the current term.",
	"A term's end is the day the office passes on: the next term's start.",
	NULL,
};

enum { O_ORDER = 256, O_TERM, O_START, O_CADENCE, O_FROM, O_TO, O_TROIKA, O_JSON, O_ON, O_COUNT,
	O_AFTER, O_BY, O_END };

static const struct option opts[] = {
	{ "order", required_argument, NULL, O_ORDER },
	{ "term", required_argument, NULL, O_TERM },
	{ "start", required_argument, NULL, O_START },
	{ "cadence", required_argument, NULL, O_CADENCE },
	{ "from", required_argument, NULL, O_FROM },
	{ "to", required_argument, NULL, O_TO },
	{ "troika", no_argument, NULL, O_TROIKA },
	{ "json", no_argument, NULL, O_JSON },
	{ "on", required_argument, NULL, O_ON },
	{ "count", required_argument, NULL, O_COUNT },
	{ "after", required_argument, NULL, O_AFTER },
	{ "by", required_argument, NULL, O_BY },
	{ "end", required_argument, NULL, O_END },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	const char *order, *term, *start, *cadence, *from, *to, *on, *count, *after, *by, *end;
	int troika, json;
};

static int parse(int argc, char **argv, const int *allowed, struct args *a)
{
	char what[64];
	int c;

	memset(a, 0, sizeof(*a));
	snprintf(what, sizeof(what), "rotation %s", argv[0]);
	start_options();
	while ((c = next_option(argc, argv, opts, allowed, usage_rotation, what)) > 0) {
		switch (c) {
		case O_ORDER: a->order = optarg; break;
		case O_TERM: a->term = optarg; break;
		case O_START: a->start = optarg; break;
		case O_CADENCE: a->cadence = optarg; break;
		case O_FROM: a->from = optarg; break;
		case O_TO: a->to = optarg; break;
		case O_TROIKA: a->troika = 1; break;
		case O_JSON: a->json = 1; break;
		case O_ON: a->on = optarg; break;
		case O_COUNT: a->count = optarg; break;
		case O_AFTER: a->after = optarg; break;
		case O_BY: a->by = optarg; break;
		case O_END: a->end = optarg; break;
		}
	}
	return c == OPT_BAD ? ST_USAGE : c;
}

#define PARSE(allowed, nargs, what)                                                    \
	do {                                                                           \
		int rc_ = parse(argc, argv, allowed, &a);                              \
		if (rc_)                                                               \
			return rc_ < 0 ? ST_OK : rc_;                                  \
		if (argc - optind != (nargs))                                          \
			return usage_error(usage_rotation, "rotation %s takes %s", argv[0], what); \
	} while (0)

static char *day_text(int64_t day, char *buf)
{
	return fmt_date(day * DAY_SECONDS, buf);
}

static int must_be_full_member(struct db *db, const char *body, const char *state)
{
	int r = store_is_full_member(db, body, state);

	if (r < 0)
		return -r;
	if (!r)
		return error(ST_INVALID, "state '%s' is not a full member of '%s'", state, body);
	return 0;
}

static int rotation_set(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_ORDER, O_TERM, O_START, O_CADENCE, 0 };
	struct office_rec rec, old;
	struct args a;
	struct db *db;
	char (*order)[3] = NULL;
	size_t norder = 0;
	int64_t id, day;
	int st;

	PARSE(allowed, 2, "BODY and OFFICE");
	if (!a.term)
		return usage_error(usage_rotation, "rotation set needs --term RULE");
	memset(&rec, 0, sizeof(rec));
	memset(&old, 0, sizeof(old));
	st = app_db(app, &db);
	if (!st)
		st = db_require_writable(db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	if (st)
		return st;
	rec.body = xstrdup(argv[optind]);
	rec.name = xstrdup(argv[optind + 1]);
	st = check_text("office name", rec.name, 64, 0);
	if (!st && (!*rec.name || strchr(rec.name, ' ')))
		st = error(ST_INVALID, "invalid office name '%s': a word such as chair or secretariat", rec.name);
	if (st)
		goto out;
	/* The term rule. */
	if (!strcmp(a.term, "summit")) {
		rec.term = xstrdup("summit");
		rec.months = 12;
		if (a.cadence)
			st = parse_period("--cadence", a.cadence, &rec.months, &day);
		if (a.cadence && !st)
			rec.days = (int)day;
	} else if (!strncmp(a.term, "follow:", 7)) {
		struct office_rec f;
		char *name = xstrdup(a.term + 7), *plus = strchr(name, '+');
		int64_t k = 0;

		if (plus) {
			*plus = '\0';
			if (parse_int64(plus + 1, 0, 100, &k))
				st = error(ST_INVALID, "invalid --term '%s': K in follow:OFFICE+K is a number", a.term);
		}
		if (!st && !strcmp(name, rec.name))
			st = error(ST_INVALID, "invalid --term '%s': office '%s' cannot follow itself (a cycle)",
				   a.term, rec.name);
		if (!st)
			st = store_require_office(db, rec.body, name, &f);
		if (!st) {
			/* Following an office that (through others) follows this one would be a cycle. */
			int64_t fid = f.follows;
			int depth = 0;

			while (!st && fid && depth++ < 64) {
				struct office_rec g;

				if (store_office_by_id(db, fid, &g))
					break;
				if (!strcmp(g.name, rec.name))
					st = error(ST_INVALID, "invalid --term '%s': a follow: cycle through '%s'",
						   a.term, g.name);
				fid = g.follows;
				office_rec_clear(&g);
			}
			rec.follows = f.id;
			office_rec_clear(&f);
		}
		rec.follow_offset = (int)k;
		rec.term = xstrdup("follow");
		free(name);
	} else {
		rec.term = xstrdup("calendar");
		st = parse_period("--term", a.term, &rec.months, &day);
		if (!st && day)
			st = error(ST_INVALID, "invalid --term '%s': calendar terms are months or years (6mo, 1y)", a.term);
		if (!st && !a.start)
			st = usage_error(usage_rotation, "calendar terms need --start DATE");
		if (!st)
			st = date_arg("--start", a.start, &day);
		if (!st)
			rec.start = xstrdup(a.start);
	}
	if (st)
		goto out;
	/* The order. */
	if (!a.order && strcmp(rec.term, "follow")) {
		st = usage_error(usage_rotation, "rotation set needs --order LIST or --order alphabetical");
		goto out;
	}
	if (a.order && !strcmp(a.order, "alphabetical")) {
		struct rot_member *m;
		size_t nm;
		int64_t today = today_days();

		rec.alphabetical = 1;
		st = store_full_members(db, rec.body, &m, &nm);
		for (size_t i = 0; !st && i < nm; i++) {
			int dup = 0;

			if (m[i].since > today || m[i].until <= today)
				continue;
			for (size_t j = 0; j < norder; j++)
				dup |= !strcmp(order[j], m[i].state);
			if (dup)
				continue;
			order = xrealloc(order, (norder + 1) * sizeof(*order));
			memcpy(order[norder++], m[i].state, 3);
		}
		free(m);
	} else if (a.order) {
		char *list = xstrdup(a.order), *save = NULL;

		for (char *tok = strtok_r(list, ",", &save); tok && !st; tok = strtok_r(NULL, ",", &save)) {
			char code[3];

			st = state_arg(db, "--order", tok, code);
			for (size_t j = 0; !st && j < norder; j++)
				if (!strcmp(order[j], code))
					st = error(ST_INVALID, "state '%s' appears twice in --order", code);
			if (!st)
				st = must_be_full_member(db, rec.body, code);
			if (!st) {
				order = xrealloc(order, (norder + 1) * sizeof(*order));
				memcpy(order[norder++], code, 3);
			}
		}
		free(list);
		if (!st && !norder)
			st = error(ST_INVALID, "--order names no state");
	}
	if (st)
		goto out;
	st = db_begin(db);
	if (st)
		goto out;
	if (store_office_get(db, rec.body, rec.name, &old) == 0) {
		/* An existing office: a new order, for the terms that start from now on. */
		if (strcmp(old.term, rec.term) || old.months != rec.months || old.days != rec.days ||
		    old.follows != rec.follows || old.follow_offset != rec.follow_offset ||
		    (rec.start && old.start && strcmp(rec.start, old.start))) {
			st = error(ST_CONFLICT, "office '%s' of '%s' already exists with another term rule; "
				   "its history stays: change its order, or give a new office name", rec.name, rec.body);
		} else {
			struct rot_event e;

			memset(&e, 0, sizeof(e));
			e.kind = EV_REORDER;
			e.order = order;
			e.norder = norder;
			e.effective = now();
			st = store_rotation_event_add(db, old.id, &e);
		}
	} else {
		st = store_office_add(db, &rec, order, norder, now(), &id);
	}
	if (!st)
		st = db_commit(db);
	else
		db_rollback(db);
out:
	office_rec_clear(&rec);
	office_rec_clear(&old);
	free(order);
	return st;
}

static const char *holder_of(const struct rot_term *t)
{
	return t->holder[0] ? t->holder : "-";
}

static const char *status_of(const struct rot_term *t)
{
	return t->actual ? "actual" : "projected";
}

static int print_terms_json(struct db *db, const struct rot_term *t, size_t n, const struct rot_term *all,
			    size_t nall, int troika);

static int rotation_show(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_FROM, O_TO, O_TROIKA, O_JSON, 0 };
	struct office_view v;
	struct args a;
	struct db *db;
	int64_t from = 0, to = 0;
	long cur, first = 0, last;
	int st;
	char b1[32], b2[32];

	PARSE(allowed, 2, "BODY and OFFICE");
	st = 0;
	if (a.from)
		st = date_arg("--from", a.from, &from);
	if (!st && a.to)
		st = date_arg("--to", a.to, &to);
	if (!st && a.from && a.to && to < from)
		st = error(ST_INVALID, "--to '%s' is before --from '%s'", a.to, a.from);
	if (!st)
		st = app_db(app, &db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	if (!st)
		st = office_view(db, argv[optind], argv[optind + 1], a.to ? to : today_days(), 8, &v);
	if (st)
		return st;
	cur = rotation_find(v.terms, v.n, v.today);
	/* By default: from the term before the current one through one full cycle ahead. */
	if (!a.from)
		first = cur > 0 ? cur - 1 : 0;
	else
		while ((size_t)first < v.n && v.terms[first].end <= from)
			first++;
	last = (long)v.n - 1;
	if (a.to) {
		while (last >= first && v.terms[last].start > to)
			last--;
	} else if (cur >= 0 && (size_t)(cur + 7) < v.n) {
		last = cur + 7;
	}
	if (a.json) {
		st = print_terms_json(db, v.terms + first, (size_t)(last - first + 1), v.terms, v.n, a.troika);
	} else {
		printf("%s %s (%s%s%s)\n", v.rec.body, v.rec.name, v.rec.term,
		       v.rec.follows_name ? ": follows " : "", v.rec.follows_name ? v.rec.follows_name : "");
		printf("%-6s %-10s  %-10s  %-9s  %s%s\n", "HOLDER", "START", "END", "STATUS",
		       a.troika ? "PREV  NEXT  " : "", "WHY");
		for (long i = first; i <= last; i++) {
			const struct rot_term *t = &v.terms[i];

			printf("%-6s %s  %s  %-9s  ", holder_of(t), day_text(t->start, b1), day_text(t->end, b2),
			       status_of(t));
			if (a.troika)
				printf("%-4s  %-4s  ", i > 0 ? holder_of(&v.terms[i - 1]) : "-",
				       (size_t)(i + 1) < v.n ? holder_of(&v.terms[i + 1]) : "-");
			printf("%s: %s%s\n", why_word(t->why), t->note, i == cur ? "  <- now" : "");
		}
	}
	office_view_free(&v);
	return st;
}

/* JSON through SQLite: one object per term, built from bound values. */
static int print_terms_json(struct db *db, const struct rot_term *t, size_t n, const struct rot_term *all,
			    size_t nall, int troika)
{
	struct strbuf sb = STRBUF_INIT;
	char b1[32], b2[32];
	int st = 0;

	sb_puts(&sb, "[");
	for (size_t i = 0; i < n && !st; i++) {
		size_t k = (size_t)(t + i - all);
		const char *prev = troika && k > 0 ? all[k - 1].holder : NULL;
		const char *next = troika && k + 1 < nall ? all[k + 1].holder : NULL;
		char *obj = store_term_json(db, t[i].holder, day_text(t[i].start, b1), day_text(t[i].end, b2),
					    status_of(&t[i]), why_word(t[i].why), t[i].note, prev, next, troika);

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
	return st;
}

static int rotation_who(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_ON, O_JSON, 0 };
	struct office_view v;
	struct args a;
	struct db *db;
	int64_t on;
	long i;
	int st = 0;
	char b1[32], b2[32];

	PARSE(allowed, 2, "BODY and OFFICE");
	on = today_days();
	if (a.on)
		st = date_arg("--on", a.on, &on);
	if (!st)
		st = app_db(app, &db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	if (!st)
		st = office_view(db, argv[optind], argv[optind + 1], on + 1, 2, &v);
	if (st)
		return st;
	i = rotation_find(v.terms, v.n, on);
	if (i < 0) {
		st = error(ST_NOTFOUND, "no one holds office '%s' of '%s' on %s: it begins on %s", v.rec.name,
			   v.rec.body, day_text(on, b1), v.n ? day_text(v.terms[0].start, b2) : "no date yet");
	} else {
		const struct rot_term *t = &v.terms[i];
		const char *prev = i > 0 ? v.terms[i - 1].holder : NULL;
		const char *next = (size_t)i + 1 < v.n ? v.terms[i + 1].holder : NULL;

		if (a.json) {
			char *obj = store_term_json(db, t->holder, day_text(t->start, b1), day_text(t->end, b2),
						    status_of(t), why_word(t->why), t->note, prev, next, 1);

			st = print_json(obj);
		} else {
			printf("%s\n", t->holder);
			char b3[32];

			printf("%s %s on %s: %s, %s to %s (%s; %s)\n", v.rec.body, v.rec.name, day_text(on, b3),
			       t->holder, day_text(t->start, b1), day_text(t->end, b2), status_of(t), t->note);
			printf("previous: %s  next: %s\n", prev ? prev : "-", next ? next : "-");
		}
	}
	office_view_free(&v);
	return st;
}

static int rotation_next(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_COUNT, O_JSON, 0 };
	struct office_view v;
	struct args a;
	struct db *db;
	int64_t count = 0;
	long cur;
	int st = 0;
	char b1[32], b2[32];

	PARSE(allowed, 2, "BODY and OFFICE");
	if (a.count && parse_int64(a.count, 1, 1000, &count))
		return error(ST_INVALID, "invalid --count '%s': expected a number from 1 to 1000", a.count);
	st = app_db(app, &db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	/* Without --count: one full cycle, as long as the order (up to 256 states). */
	if (!st)
		st = office_view(db, argv[optind], argv[optind + 1], today_days(), count ? (size_t)count : 260, &v);
	if (st)
		return st;
	cur = rotation_find(v.terms, v.n, v.today);
	if (!count) {
		/* One full cycle: as many terms as states take turns. */
		char seen[256][3];
		size_t ns = 0;

		for (size_t i = (size_t)(cur + 1); i < v.n && ns < 256; i++) {
			int dup = 0;

			for (size_t j = 0; j < ns; j++)
				dup |= !strcmp(seen[j], v.terms[i].holder);
			if (dup)
				break;
			memcpy(seen[ns++], v.terms[i].holder, 3);
		}
		count = (int64_t)ns;
	}
	if ((size_t)(cur + 1 + count) > v.n)
		count = (int64_t)v.n - cur - 1;
	if (a.json) {
		st = print_terms_json(db, v.terms + cur + 1, (size_t)count, v.terms, v.n, 0);
	} else {
		for (long i = cur + 1; i <= cur + count; i++)
			printf("%-3s %s  %s  %-9s  %s: %s\n", holder_of(&v.terms[i]), day_text(v.terms[i].start, b1),
			       day_text(v.terms[i].end, b2), status_of(&v.terms[i]), why_word(v.terms[i].why),
			       v.terms[i].note);
	}
	office_view_free(&v);
	return st;
}

/* Whether state holds a term of the office that starts after today, within the next cycle. */
static int in_coming_turns(const struct office_view *v, const char *state, long *cur_holder)
{
	long cur = rotation_find(v->terms, v->n, v->today);

	*cur_holder = cur;
	for (size_t i = (size_t)(cur + 1); i < v->n; i++)
		if (!strcmp(v->terms[i].holder, state))
			return 1;
	return 0;
}

/* insert, remove, swap, skip, extend, record: one event, checked, then written. */
static int rotation_change(struct app *app, int argc, char **argv, enum rot_event_kind kind)
{
	static const int ins_opts[] = { O_AFTER, 0 };
	static const int none[] = { 0 };
	static const int ext_opts[] = { O_BY, 0 };
	static const int rec_opts[] = { O_START, O_END, 0 };
	static const char *const takes[] = { "BODY, OFFICE and STATE", "BODY, OFFICE and STATE",
		"BODY, OFFICE and two STATEs", "BODY, OFFICE and STATE", "BODY and OFFICE", "BODY, OFFICE and STATE" };
	const int *allowed = kind == EV_INSERT ? ins_opts : kind == EV_EXTEND ? ext_opts
		: kind == EV_RECORD ? rec_opts : none;
	int nargs = kind == EV_SWAP ? 4 : kind == EV_EXTEND ? 2 : 3;
	struct office_view v;
	struct rot_event e;
	struct args a;
	struct db *db;
	long cur;
	int st;

	PARSE(allowed, nargs, takes[kind]);
	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.effective = now();
	st = app_db(app, &db);
	if (!st)
		st = db_require_writable(db);
	if (!st)
		st = store_require_body(db, argv[optind], NULL);
	if (!st && nargs >= 3)
		st = state_arg(db, "state", argv[optind + 2], e.state);
	if (!st && nargs == 4)
		st = state_arg(db, "state", argv[optind + 3], e.other);
	if (!st && kind == EV_INSERT && a.after)
		st = state_arg(db, "--after", a.after, e.other);
	if (!st && kind == EV_EXTEND && !a.by)
		st = usage_error(usage_rotation, "rotation extend needs --by DUR");
	if (!st && kind == EV_EXTEND)
		st = parse_period("--by", a.by, &e.months, &e.days);
	if (!st && kind == EV_RECORD) {
		if (!a.start)
			st = usage_error(usage_rotation, "rotation record needs --start DATE");
		if (!st)
			st = date_arg("--start", a.start, &e.start);
		if (!st && a.end)
			st = date_arg("--end", a.end, &e.end);
		if (!st && a.end && e.end <= e.start)
			st = error(ST_INVALID, "--end '%s' is not after --start '%s'", a.end, a.start);
	}
	if (!st && (kind == EV_INSERT || kind == EV_RECORD))
		st = must_be_full_member(db, argv[optind], e.state);
	if (st)
		return st;
	st = office_view(db, argv[optind], argv[optind + 1], today_days(), 64, &v);
	if (st)
		return st;
	if (!strcmp(v.rec.term, "summit") && (kind == EV_EXTEND || kind == EV_RECORD)) {
		st = error(ST_INVALID, "office '%s' of '%s' has summit terms, which the summits decide: "
			   "move or postpone the summit (dipcal meeting set|postpone) instead", v.rec.name, v.rec.body);
		goto out;
	}
	if (kind == EV_INSERT && e.other[0] && !strcmp(e.other, e.state)) {
		st = error(ST_INVALID, "cannot place state '%s' after itself", e.state);
		goto out;
	}
	if (!strcmp(v.rec.term, "follow") && kind != EV_RECORD) {
		st = error(ST_INVALID, "office '%s' follows '%s': change that office instead", v.rec.name,
			   v.rec.follows_name);
		goto out;
	}
	in_coming_turns(&v, "", &cur);
	switch (kind) {
	case EV_INSERT:
		if (e.other[0] && !in_coming_turns(&v, e.other, &cur) && !(cur >= 0 && !strcmp(v.terms[cur].holder, e.other)))
			st = error(ST_INVALID, "--after '%s': the state is not in the order of '%s'", e.other, v.rec.name);
		break;
	case EV_REMOVE:
	case EV_SKIP:
		if (!in_coming_turns(&v, e.state, &cur))
			st = error(ST_INVALID, "state '%s' is not in the order of office '%s'", e.state, v.rec.name);
		else if (kind == EV_SKIP && cur >= 0 && !strcmp(v.terms[cur].holder, e.state) &&
			 (size_t)cur + 1 < v.n && strcmp(v.terms[cur + 1].holder, e.state) &&
			 !in_coming_turns(&v, e.state, &cur))
			st = error(ST_INVALID, "state '%s' holds the term under way", e.state);
		break;
	case EV_SWAP:
		if (!strcmp(e.state, e.other))
			st = error(ST_INVALID, "cannot swap state '%s' with itself", e.state);
		else if (cur >= 0 && (!strcmp(v.terms[cur].holder, e.state) || !strcmp(v.terms[cur].holder, e.other)))
			st = error(ST_INVALID, "cannot swap '%s': its term is already under way",
				   !strcmp(v.terms[cur].holder, e.state) ? e.state : e.other);
		else if (!in_coming_turns(&v, e.state, &cur))
			st = error(ST_INVALID, "state '%s' is not in the order of office '%s'", e.state, v.rec.name);
		else if (!in_coming_turns(&v, e.other, &cur))
			st = error(ST_INVALID, "state '%s' is not in the order of office '%s'", e.other, v.rec.name);
		break;
	case EV_EXTEND:
		if (cur < 0)
			st = error(ST_INVALID, "office '%s' has no term under way to extend", v.rec.name);
		break;
	case EV_RECORD:
	case EV_REORDER:
		break;
	}
	if (st)
		goto out;
	st = db_begin(db);
	if (!st) {
		st = store_rotation_event_add(db, v.rec.id, &e);
		st = st ? (db_rollback(db), st) : db_commit(db);
	}
out:
	office_view_free(&v);
	return st;
}

static int rotation_insert(struct app *app, int argc, char **argv)
{
	return rotation_change(app, argc, argv, EV_INSERT);
}

static int rotation_remove(struct app *app, int argc, char **argv)
{
	return rotation_change(app, argc, argv, EV_REMOVE);
}

static int rotation_swap(struct app *app, int argc, char **argv)
{
	return rotation_change(app, argc, argv, EV_SWAP);
}

static int rotation_skip(struct app *app, int argc, char **argv)
{
	return rotation_change(app, argc, argv, EV_SKIP);
}

static int rotation_extend(struct app *app, int argc, char **argv)
{
	return rotation_change(app, argc, argv, EV_EXTEND);
}

static int rotation_record(struct app *app, int argc, char **argv)
{
	return rotation_change(app, argc, argv, EV_RECORD);
}

static int rotation_list(struct app *app, int argc, char **argv)
{
	static const int allowed[] = { O_JSON, 0 };
	static const char *const heads[] = { "BODY", "OFFICE", "TERM", "MONTHS", "DAYS", "START", "FOLLOWS",
		"AHEAD", "ORDER" };
	struct args a;
	struct rows r;
	struct db *db;
	const char *body = NULL;
	int st = parse(argc, argv, allowed, &a);

	if (st)
		return st < 0 ? ST_OK : st;
	if (argc - optind > 1)
		return usage_error(usage_rotation, "rotation list takes at most one BODY");
	st = app_db(app, &db);
	if (!st && argc > optind) {
		body = argv[optind];
		st = store_require_body(db, body, NULL);
	}
	if (st)
		return st;
	if (a.json)
		return print_json(store_office_json(db, body));
	st = store_office_rows(db, body, &r);
	if (st)
		return st;
	{
		/* Shown without the last two columns (the alphabetical flag and the id). */
		struct rows shown = { 9, r.n, NULL };

		shown.cell = xcalloc(r.n ? r.n : 1, 9 * sizeof(char *));
		for (size_t i = 0; i < r.n; i++)
			for (int c = 0; c < 9; c++)
				shown.cell[i * 9 + (size_t)c] = xstrdup_or_null(r.cell[i * 11 + (size_t)c]);
		print_rows(stdout, heads, &shown);
		rows_free(&shown);
	}
	rows_free(&r);
	return 0;
}

int cmd_rotation(struct app *app, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct app *, int, char **);
	} subs[] = {
		{ "set", rotation_set }, { "show", rotation_show }, { "who", rotation_who },
		{ "next", rotation_next }, { "insert", rotation_insert }, { "remove", rotation_remove },
		{ "swap", rotation_swap }, { "skip", rotation_skip }, { "extend", rotation_extend },
		{ "record", rotation_record }, { "list", rotation_list },
	};

	if (argc < 2)
		return usage_error(usage_rotation, "rotation needs a subcommand");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage_help(usage_rotation);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(app, argc - 1, argv + 1);
	return usage_error(usage_rotation, "unknown subcommand 'rotation %s'", argv[1]);
}
