#include "office.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

int64_t today_days(void)
{
	char *zone = local_zone_name();
	struct civil c;
	int64_t t = now();

	if (ics_utc_to_local(t, zone, &c, NULL))
		utc_as_civil(t, &c);
	free(zone);
	return days_from_civil(c.y, c.mo, c.d);
}

/* The body's regular summits, with the day each hands the office over. */
static int load_summits(struct db *db, const char *body, struct rot_summit **out, size_t *n)
{
	struct rows r;
	int st = store_summit_rows(db, body, &r);

	*out = NULL;
	*n = 0;
	if (st)
		return st;
	*out = xcalloc(r.n ? r.n : 1, sizeof(**out));
	for (size_t i = 0; i < r.n; i++) {
		struct rot_summit *s = &(*out)[i];
		int64_t start = 0, end = 0, all_day = 0, ordinal = 0;
		const char *tz = rows_get(&r, i, 3), *host = rows_get(&r, i, 4), *status = rows_get(&r, i, 6);
		const char *moved = rows_get(&r, i, 7);
		struct civil c;

		parse_int64(rows_get(&r, i, 0), INT64_MIN, INT64_MAX, &start);
		parse_int64(rows_get(&r, i, 1), INT64_MIN, INT64_MAX, &end);
		parse_int64(rows_get(&r, i, 2), 0, 1, &all_day);
		if (rows_get(&r, i, 5))
			parse_int64(rows_get(&r, i, 5), 0, INT64_MAX, &ordinal);
		snprintf(s->host, sizeof(s->host), "%s", host ? host : "");
		snprintf(s->moved_from, sizeof(s->moved_from), "%s", moved ? moved : "");
		s->ordinal = ordinal;
		s->held = !strcmp(status, "held");
		s->postponed = !strcmp(status, "postponed");
		snprintf(s->status, sizeof(s->status), "%s", status);
		if (all_day) {
			s->start = start / DAY_SECONDS;
			s->handover = end / DAY_SECONDS;
		} else {
			/* The office passes on the day after the summit's last day, in its zone. */
			if (ics_utc_to_local(start, tz, &c, NULL))
				utc_as_civil(start, &c);
			s->start = days_from_civil(c.y, c.mo, c.d);
			if (ics_utc_to_local(end > start ? end - 1 : end, tz, &c, NULL))
				utc_as_civil(end, &c);
			s->handover = days_from_civil(c.y, c.mo, c.d) + 1;
		}
	}
	*n = r.n;
	rows_free(&r);
	return 0;
}

static int compute(struct db *db, const struct office_rec *rec, int64_t until, size_t after, int64_t today,
		   int depth, struct rot_term **terms, size_t *n)
{
	struct rot_office o;
	struct rot_input in;
	struct rot_event *ev = NULL;
	struct rot_summit *summits = NULL;
	struct rot_member *members = NULL;
	size_t nev = 0, nsummits = 0, nmembers = 0;
	int st;

	memset(&o, 0, sizeof(o));
	memset(&in, 0, sizeof(in));
	if (!strcmp(rec->term, "follow")) {
		struct office_rec f;
		struct rot_term *ft;
		size_t nft;

		if (depth > 8)
			return error(ST_INVALID, "office '%s' of '%s' follows a cycle of offices", rec->name, rec->body);
		st = store_office_by_id(db, rec->follows, &f);
		if (st)
			return st == ST_NOTFOUND ? error(ST_NOTFOUND, "office '%s' follows a missing office", rec->name) : st;
		st = compute(db, &f, until, after + (size_t)rec->follow_offset + 1, today, depth + 1, &ft, &nft);
		office_rec_clear(&f);
		if (st)
			return st;
		rotation_follow(ft, nft, rec->follow_offset, terms, n);
		free(ft);
		return 0;
	}
	st = store_office_order(db, rec->id, &o.order, &o.norder);
	if (!st)
		st = store_rotation_events(db, rec->id, &ev, &nev);
	if (!st)
		st = store_full_members(db, rec->body, &members, &nmembers);
	if (!st && !strcmp(rec->term, "summit"))
		st = load_summits(db, rec->body, &summits, &nsummits);
	if (st)
		goto out;
	o.rule = !strcmp(rec->term, "summit") ? TERM_SUMMIT : TERM_CALENDAR;
	o.months = rec->months;
	o.days = rec->days;
	if (rec->start) {
		struct civil c;

		if (!parse_date("start", rec->start, &c))
			o.start = days_from_civil(c.y, c.mo, c.d);
	}
	/*
	 * Terms hand over on local days: a change is compared with the local
	 * midnight of a term's first day, so its instant is read as local time.
	 */
	{
		char *zone = local_zone_name();

		for (size_t i = 0; i < nev; i++) {
			struct civil c;
			int off = 0;

			if (!ics_utc_to_local(ev[i].effective, zone, &c, &off))
				ev[i].effective += off;
		}
		free(zone);
	}
	in.office = &o;
	in.events = ev;
	in.nevents = nev;
	in.summits = summits;
	in.nsummits = nsummits;
	in.members = members;
	in.nmembers = nmembers;
	in.today = today;
	in.now = now();
	if (rotation_terms(&in, until, after, terms, n))
		st = error(ST_NOTFOUND, "office '%s' of '%s' has no states to rotate and no summits", rec->name,
			   rec->body);
out:
	free(o.order);
	rot_events_free(ev, nev);
	free(summits);
	free(members);
	return st;
}

int office_view(struct db *db, const char *body, const char *name, int64_t until, size_t after,
		struct office_view *v)
{
	int st;

	memset(v, 0, sizeof(*v));
	v->today = today_days();
	st = store_require_office(db, body, name, &v->rec);
	if (st)
		return st;
	st = compute(db, &v->rec, until, after, v->today, 0, &v->terms, &v->n);
	if (st)
		office_view_free(v);
	return st;
}

void office_view_free(struct office_view *v)
{
	office_rec_clear(&v->rec);
	free(v->terms);
	memset(v, 0, sizeof(*v));
}
