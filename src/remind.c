#include "remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ics.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

int parse_leads(const char *what, const char *s, char **out)
{
	struct strbuf sb = STRBUF_INIT;
	char *list, *save = NULL;
	int st = 0;

	*out = NULL;
	if (!strcmp(s, "none")) {
		*out = xstrdup("");
		return 0;
	}
	list = xstrdup(s);
	for (char *tok = strtok_r(list, ",", &save); tok && !st; tok = strtok_r(NULL, ",", &save)) {
		int64_t secs;

		st = parse_duration(what, tok, &secs);
		if (!st && secs > REMIND_MAX_LEAD)
			st = error(ST_INVALID, "invalid %s '%s': a lead longer than 60 days", what, tok);
		if (!st)
			sb_addf(&sb, "%s%lld", sb.len ? "," : "", (long long)secs);
	}
	free(list);
	if (!st && !sb.len)
		st = error(ST_INVALID, "invalid %s '%s': no lead given", what, s);
	if (st) {
		sb_release(&sb);
		return st;
	}
	*out = sb_detach(&sb);
	return 0;
}

/* Leads from their stored text; returns how many (at most max). */
static size_t leads_of(const char *text, int64_t *leads, size_t max)
{
	size_t n = 0;

	while (text && *text && n < max) {
		char *end;

		leads[n++] = strtoll(text, &end, 10);
		text = *end == ',' ? end + 1 : end;
		if (end == text && *end != ',')
			break;
	}
	return n;
}

void remind_batch_free(struct remind_batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct reminder *r = &b->r[i];

		free(r->uid);
		free(r->title);
		free(r->city);
		free(r->venue);
		free(r->tz);
		free(r->status);
		free(r->body);
	}
	free(b->r);
	memset(b, 0, sizeof(*b));
}

static struct reminder *add(struct remind_batch *b)
{
	b->r = xrealloc(b->r, (b->n + 1) * sizeof(*b->r));
	memset(&b->r[b->n], 0, sizeof(b->r[0]));
	return &b->r[b->n++];
}

struct scan {
	struct db *db;
	struct remind_batch *b;
	struct rows bodies;
	int64_t now, grace, until;
	int claim, st;
	const char *user_zone;
	const struct meeting *m;
	int64_t leads[32];
	size_t nleads;
};

/* One occurrence: the latest due lead is claimed, the earlier ones skipped. */
static int occurrence(void *arg, int64_t start, int64_t end)
{
	struct scan *s = arg;
	const struct meeting *m = s->m;
	int64_t occ = start, best = -1;
	struct reminder *r;

	(void)end;
	if (m->all_day) {
		/* An all-day meeting begins at midnight where the user is. */
		struct civil c;

		utc_as_civil(start, &c);
		if (ics_local_to_utc(&c, s->user_zone, &occ))
			occ = start;
	}
	if (occ <= s->now - s->grace)
		return 0;
	for (size_t i = 0; i < s->nleads; i++) {
		int64_t due = occ - s->leads[i];

		if (!s->claim) {
			if (due > s->now && due <= s->until) {
				r = add(s->b);
				r->occ = occ;
				r->lead = s->leads[i];
				r->due = due;
				r->uid = xstrdup(m->uid);
				r->title = xstrdup(m->title);
				r->tz = xstrdup(m->tz);
				r->status = xstrdup(m->status);
				r->body = xstrdup(m->body);
			}
			continue;
		}
		if (due > s->now) {
			if (due < s->b->next)
				s->b->next = due;
		} else if (best < 0 || s->leads[i] < s->leads[best]) {
			best = (int64_t)i;
		}
	}
	if (!s->claim || best < 0)
		return 0;
	for (size_t i = 0; i < s->nleads && !s->st; i++)
		if ((int64_t)i != best && occ - s->leads[i] <= s->now)
			s->st = store_reminder_skip(s->db, m->uid, occ, s->leads[i], occ - s->leads[i]);
	if (!s->st) {
		int64_t id;

		s->st = store_reminder_claim(s->db, m->uid, occ, s->leads[best], occ - s->leads[best], m->title,
					     s->now, (int64_t)getpid(), &id);
		/* Earlier leads still failed or snoozed are superseded by this one. */
		if (!s->st && id)
			s->st = store_reminder_supersede(s->db, m->uid, occ, s->leads[best]);
		if (!s->st && id) {
			r = add(s->b);
			r->id = id;
			r->occ = occ;
			r->lead = s->leads[best];
			r->due = occ - r->lead;
			r->uid = xstrdup(m->uid);
			r->title = xstrdup(m->title);
			r->city = xstrdup_or_null(m->city);
			r->venue = xstrdup_or_null(m->venue);
			r->tz = xstrdup(m->tz);
			r->status = xstrdup(m->status);
			r->body = xstrdup(m->body);
			r->all_day = m->all_day;
		}
	}
	return s->st;
}

static int meeting(void *arg, const struct meeting *m)
{
	struct scan *s = arg;
	const char *text = m->remind;
	struct series ser = { 0 };

	/* Nothing to remind of: cancelled, or postponed with its new date still to come. */
	if (!strcmp(m->status, "cancelled") || !strcmp(m->status, "postponed"))
		return 0;
	for (size_t i = 0; !text && i < s->bodies.n; i++)
		if (!strcmp(rows_get(&s->bodies, i, 0), m->body))
			text = rows_get(&s->bodies, i, 1);
	if (!text)
		text = REMIND_DEFAULT_LEADS;
	s->nleads = leads_of(text, s->leads, sizeof(s->leads) / sizeof(s->leads[0]));
	if (!s->nleads)
		return 0;
	s->m = m;
	ser = ics_series_of(m);
	/* Occurrences from a grace ago (with a day's slack for all-day dates) to the longest lead ahead. */
	if (ics_expand(&ser, s->now - s->grace - DAY_SECONDS, s->until + REMIND_MAX_LEAD + DAY_SECONDS,
		       occurrence, s))
		return s->st ? s->st : ST_INVALID;
	return s->st;
}

static int deadlines(struct scan *s)
{
	struct rows d;
	int st = store_deadline_due_rows(s->db, s->now - s->grace, s->until + REMIND_MAX_LEAD, &d);

	for (size_t i = 0; !st && i < d.n; i++) {
		struct meeting m;
		char *uid = xasprintf("deadline:%s:%s", rows_get(&d, i, 0), rows_get(&d, i, 1));
		char *title = xasprintf("Deadline: %s (%s)", rows_get(&d, i, 2), rows_get(&d, i, 5));
		int64_t due = 0;

		parse_int64(rows_get(&d, i, 3), INT64_MIN, INT64_MAX, &due);
		memset(&m, 0, sizeof(m));
		m.uid = uid;
		m.title = title;
		m.tz = (char *)rows_get(&d, i, 6);
		m.city = (char *)rows_get(&d, i, 7);
		m.body = (char *)rows_get(&d, i, 8);
		m.status = (char *)"planned";
		m.start = m.end = due;
		s->nleads = leads_of(rows_get(&d, i, 4) ? rows_get(&d, i, 4) : REMIND_DEADLINE_LEADS, s->leads,
				     sizeof(s->leads) / sizeof(s->leads[0]));
		s->m = &m;
		if (s->nleads)
			st = occurrence(s, due, due);
		free(uid);
		free(title);
	}
	rows_free(&d);
	return st;
}

static int found_occ(void *arg, int64_t start, int64_t end)
{
	int64_t *want = arg;

	(void)end;
	if (start == *want)
		*want = INT64_MIN;
	return *want == INT64_MIN;
}

/* Whether the meeting still has an occurrence starting at occ (all-day: at the user's midnight). */
static int still_occurs(const struct meeting *m, int64_t occ, const char *user_zone)
{
	struct series s = ics_series_of(m);
	int64_t want = occ;

	if (m->all_day) {
		struct civil c;

		if (ics_utc_to_local(occ, user_zone, &c, NULL))
			return 0;
		want = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	}
	{
		int64_t target = want;

		if (ics_expand(&s, target - DAY_SECONDS, target + DAY_SECONDS, found_occ, &want))
			return 0;
	}
	return want == INT64_MIN;
}

/*
 * Fills the details of a reclaimed reminder from its meeting. 0 when the
 * occurrence is gone (the meeting moved or was removed): it is dropped.
 */
static int details(struct db *db, struct reminder *r, const char *user_zone)
{
	const char *uid = r->uid;
	struct meeting m;

	if (!strncmp(uid, "deadline:", 9)) {
		const char *p = strchr(uid + 9, ':');

		uid = p ? p + 1 : uid;
		r->deadline = 1;
	}
	if (store_meeting_by_uid(db, uid, &m) == 0) {
		if (!r->deadline && (!strcmp(m.status, "cancelled") || !still_occurs(&m, r->occ, user_zone))) {
			meeting_clear(&m);
			return 0;
		}
		if (!r->title || !*r->title) {
			free(r->title);
			r->title = xstrdup(m.title);
		}
		r->city = xstrdup_or_null(m.city);
		r->venue = xstrdup_or_null(m.venue);
		r->tz = xstrdup(m.tz);
		r->status = xstrdup(m.status);
		r->body = xstrdup(m.body);
		r->all_day = m.all_day && !r->deadline;
		meeting_clear(&m);
		return 1;
	}
	return 0;
}

int remind_collect(struct db *db, int64_t now, int64_t grace, int claim, int64_t until, const char *user_zone,
		   struct remind_batch *b)
{
	struct meeting_filter f;
	struct scan s;
	struct rows re;
	int st;

	memset(b, 0, sizeof(*b));
	b->next = INT64_MAX;
	memset(&s, 0, sizeof(s));
	s.db = db;
	s.b = b;
	s.now = now;
	s.grace = grace;
	s.claim = claim;
	s.until = claim ? now : until;
	s.user_zone = user_zone;
	st = store_body_leads(db, &s.bodies);
	if (st)
		return st;
	memset(&f, 0, sizeof(f));
	f.from = now - grace - DAY_SECONDS;
	f.to = s.until + REMIND_MAX_LEAD + DAY_SECONDS;
	if (claim) {
		st = db_begin(db);
		if (st)
			goto out;
	}
	st = store_meetings_each(db, &f, meeting, &s);
	if (!st)
		st = deadlines(&s);
	if (!st && claim) {
		st = store_reminder_reclaim(db, now, now - REMIND_STALE, now - grace, (int64_t)getpid(), &re);
		for (size_t i = 0; !st && i < re.n; i++) {
			struct reminder *r = add(b);
			int64_t v = 0;

			parse_int64(rows_get(&re, i, 0), 1, INT64_MAX, &r->id);
			r->uid = xstrdup(rows_get(&re, i, 1));
			parse_int64(rows_get(&re, i, 2), INT64_MIN, INT64_MAX, &r->occ);
			parse_int64(rows_get(&re, i, 3), 0, INT64_MAX, &v);
			r->lead = v;
			parse_int64(rows_get(&re, i, 4), INT64_MIN, INT64_MAX, &r->due);
		}
		if (!st)
			rows_free(&re);
		for (size_t i = 0; !st && i < b->n;) {
			if (b->r[i].tz || details(db, &b->r[i], user_zone)) {
				i++;
				continue;
			}
			/* Gone: recorded as skipped, and left out. */
			st = store_reminder_set(db, b->r[i].id, "skipped", b->r[i].due, now);
			free(b->r[i].uid);
			free(b->r[i].title);
			free(b->r[i].city);
			free(b->r[i].venue);
			free(b->r[i].tz);
			free(b->r[i].status);
			free(b->r[i].body);
			b->r[i] = b->r[--b->n];
		}
		if (!st) {
			int64_t retry = store_reminder_next(db, now, now - grace);

			if (retry < b->next)
				b->next = retry;
		}
		if (st)
			db_rollback(db);
		else
			st = db_commit(db);
	}
out:
	rows_free(&s.bodies);
	if (st)
		remind_batch_free(b);
	return st;
}

int remind_delivered(struct db *db, int64_t id, int64_t now)
{
	return store_reminder_set(db, id, "delivered", now, now);
}

int remind_failed(struct db *db, int64_t id, int64_t now)
{
	int n = store_reminder_attempts(db, id);
	int64_t wait = 30;

	for (int i = 0; i < n && wait < 900; i++)
		wait *= 2;
	return store_reminder_set(db, id, "failed", now + (wait > 900 ? 900 : wait), now);
}

int remind_snooze(struct db *db, int64_t id, int64_t until)
{
	return store_reminder_set(db, id, "snoozed", until, until);
}

/* "1 day", "2 hours", "10 minutes", "20 seconds" for a span. */
static void span_text(int64_t secs, char *buf, size_t n)
{
	static const struct { int64_t unit; const char *name; } units[] = {
		{ 7 * 86400, "week" }, { 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		int64_t k = (secs + units[i].unit / 2) / units[i].unit;

		if (secs >= units[i].unit || units[i].unit == 1) {
			snprintf(buf, n, "%lld %s%s", (long long)k, units[i].name, k == 1 ? "" : "s");
			return;
		}
	}
}

char *remind_summary(const struct reminder *r, int64_t now)
{
	int64_t left = r->occ - now;
	char span[48];
	const char *what = r->deadline ? "Due" : "Starts";

	if (left > 0) {
		span_text(left, span, sizeof(span));
		return r->city ? xasprintf("In %s: %s — %s", span, r->title, r->city) : xasprintf("In %s: %s", span, r->title);
	}
	if (left > -60)
		return r->city ? xasprintf("%s now: %s — %s", what, r->title, r->city) : xasprintf("%s now: %s", what, r->title);
	span_text(-left, span, sizeof(span));
	return xasprintf("%s %s ago: %s", r->deadline ? "Was due" : "Started", span, r->title);
}

static void clock_line(struct strbuf *sb, const char *label, int64_t t, const char *zone)
{
	struct civil c;
	char buf[32], off[16];
	int offset;

	if (ics_utc_to_local(t, zone, &c, &offset))
		return;
	fmt_offset(offset, off, sizeof(off));
	sb_addf(sb, "%s%s %s (%s, UTC%s)", sb->len ? "\n" : "", label, fmt_civil(&c, 1, buf), zone, off);
}

char *remind_body(const struct reminder *r, const char *user_zone)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[32];

	if (r->all_day) {
		struct civil c;

		/* occ is the user's midnight of that day: the day is the user's. */
		if (ics_utc_to_local(r->occ, user_zone, &c, NULL))
			utc_as_civil(r->occ, &c);
		sb_addf(&sb, "All day on %s", fmt_civil(&c, 0, buf));
	} else {
		clock_line(&sb, "Host's time:", r->occ, r->tz);
		if (strcmp(r->tz, user_zone))
			clock_line(&sb, "Your time:", r->occ, user_zone);
	}
	if (r->venue)
		sb_addf(&sb, "\nVenue: %s", r->venue);
	if (r->status)
		sb_addf(&sb, "\nStatus: %s", r->status);
	return sb_detach(&sb);
}

int remind_critical(const struct reminder *r, int64_t now)
{
	return r->occ - now <= 3600;
}
