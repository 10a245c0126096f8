#include "ics.h"

#include <errno.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "util.h"
#include "banned.h"

/*
 * libical's built-in zones are read from the system's tz database and
 * looked up by their IANA location; their TZIDs carry libical's
 * "/freeassociation.sourceforge.net/" prefix, which is never written out.
 */
static icaltimezone *zone_lookup(const char *name)
{
	if (!name || !*name)
		return NULL;
	if (!strcmp(name, "UTC") || !strcmp(name, "Etc/UTC") || !strcmp(name, "Z"))
		return icaltimezone_get_utc_timezone();
	return icaltimezone_get_builtin_timezone(name);
}

int ics_zone_check(const char *what, const char *zone)
{
	if (!zone_lookup(zone))
		return error(ST_INVALID, "unknown time zone '%s'%s%s", zone,
			     what ? " in " : "", what ? what : "");
	return 0;
}

static struct icaltimetype civil_to_ical(const struct civil *c, int is_date)
{
	struct icaltimetype t = icaltime_null_time();

	t.year = c->y;
	t.month = c->mo;
	t.day = c->d;
	if (is_date) {
		t.is_date = 1;
	} else {
		t.hour = c->h;
		t.minute = c->mi;
		t.second = c->s;
	}
	return t;
}

static void ical_to_civil(struct icaltimetype t, struct civil *c)
{
	c->y = t.year;
	c->mo = t.month;
	c->d = t.day;
	c->h = t.is_date ? 0 : t.hour;
	c->mi = t.is_date ? 0 : t.minute;
	c->s = t.is_date ? 0 : t.second;
}

/*
 * A wall-clock time that a change of offset skips is read with the offset
 * in force before it; one that happens twice is the first (RFC 5545 3.3.5).
 */
int ics_local_to_utc(const struct civil *c, const char *zone, int64_t *out)
{
	icaltimezone *z = zone_lookup(zone);
	int64_t wall = civil_as_utc(c), t, cand[2], best = INT64_MAX;
	int off[2], found = 0;

	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	t = (int64_t)icaltime_as_timet_with_zone(civil_to_ical(c, 0), z);
	for (int i = 0; i < 2; i++) {
		struct civil back;

		ics_utc_to_local(t + (i ? 1 : -1) * DAY_SECONDS, zone, &back, &off[i]);
		cand[i] = wall - off[i];
		ics_utc_to_local(cand[i], zone, &back, NULL);
		if (civil_as_utc(&back) == wall && cand[i] < best) {
			best = cand[i];
			found = 1;
		}
	}
	*out = found ? best : wall - off[0];
	return 0;
}

int ics_utc_to_local(int64_t t, const char *zone, struct civil *out, int *offset)
{
	icaltimezone *z = zone_lookup(zone);
	struct icaltimetype it;

	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	it = icaltime_from_timet_with_zone((time_t)t, 0, z);
	ical_to_civil(it, out);
	if (offset)
		*offset = (int)(civil_as_utc(out) - t);
	return 0;
}

int ics_parse_duration(const char *what, const char *s, int64_t *secs)
{
	struct icaldurationtype d;
	const char *p = s + (*s == '+' || *s == '-');
	int64_t v;

	icalerror_clear_errno();
	d = icaldurationtype_from_string(s);
	/* "P" and "PT" name no amount; libical takes them as zero. */
	if (icaldurationtype_is_bad_duration(d) || icalerrno != ICAL_NO_ERROR || !strcmp(p, "P") ||
	    !strcmp(p, "PT") || p[strlen(p) - 1] == 'T') {
		icalerror_clear_errno();
		return error(ST_INVALID, "invalid %s '%s': not an ISO 8601 duration "
			     "(PnW, PnDTnHnMnS; months and years are not durations)", what, s);
	}
	if (d.is_neg)
		return error(ST_INVALID, "invalid %s '%s': negative duration", what, s);
	/* libical keeps each part in an int: longer digit runs than 9 would wrap. */
	for (const char *q = p; *q; q++)
		if (strspn(q, "0123456789") > 9)
			return error(ST_INVALID, "invalid %s '%s': longer than 100 years", what, s);
	/* In 64 bits: libical's icaldurationtype_as_int() wraps past 68 years. */
	v = (int64_t)d.weeks * 7 * DAY_SECONDS + (int64_t)d.days * DAY_SECONDS + (int64_t)d.hours * 3600 +
	    (int64_t)d.minutes * 60 + (int64_t)d.seconds;
	if (v > INT64_C(100) * 366 * DAY_SECONDS)
		return error(ST_INVALID, "invalid %s '%s': longer than 100 years", what, s);
	*secs = v;
	return 0;
}

static int parse_rule(const char *what, const char *rule, struct icalrecurrencetype *r)
{
	icalerror_clear_errno();
	*r = icalrecurrencetype_from_string(rule);
	if (icalerrno != ICAL_NO_ERROR || r->freq == ICAL_NO_RECURRENCE) {
		icalerror_clear_errno();
		return error(ST_INVALID, "invalid %s '%s': not a valid RRULE", what, rule);
	}
	return 0;
}

struct series ics_series_of(const struct meeting *m)
{
	struct series s = { m->rrule, m->tz, m->start, m->end, m->all_day, m->exdates, m->nexdates,
			    m->rdates, m->nrdates };

	return s;
}

int ics_rrule_check(const char *what, const char *rule)
{
	struct icalrecurrencetype r;

	return parse_rule(what, rule, &r);
}

/* The series' first start as libical time in its zone (a DATE when all-day). */
static struct icaltimetype series_dtstart(const struct series *s, icaltimezone *z)
{
	struct civil c;

	if (s->all_day) {
		utc_as_civil(s->start, &c);
		return civil_to_ical(&c, 1);
	}
	return icaltime_from_timet_with_zone((time_t)s->start, 0, z);
}

static int64_t occ_instant(struct icaltimetype t, icaltimezone *z, int all_day)
{
	struct civil c;

	if (all_day) {
		ical_to_civil(t, &c);
		return days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	}
	return (int64_t)icaltime_as_timet_with_zone(t, z);
}

static int is_excluded(const struct series *s, int64_t start)
{
	size_t lo = 0, hi = s->nexdates;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->exdates[mid] == start)
			return 1;
		if (s->exdates[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * libical compares UNTIL with the occurrences' wall-clock times: a UTC
 * UNTIL (an instant, RFC 5545) becomes the zone's wall-clock time first.
 */
static void local_until(struct icalrecurrencetype *r, icaltimezone *z, int all_day)
{
	if (icaltime_is_null_time(r->until) || r->until.is_date || !icaltime_is_utc(r->until) || all_day)
		return;
	r->until = icaltime_convert_to_zone(r->until, z);
	r->until.zone = NULL;
}

/* Occurrences of a finite rule are counted up to this many when the end is sought. */
#define SERIES_END_LIMIT 100000

int ics_series_end(const struct series *s, int64_t *end, int *finite)
{
	struct icalrecurrencetype r;
	icaltimezone *z = zone_lookup(s->tz);
	icalrecur_iterator *it;
	struct icaltimetype t;
	int64_t dur = s->end - s->start, last = s->start;
	int st, n = 0;

	*finite = 1;
	*end = s->end;
	if (!s->rrule)
		return 0;
	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", s->tz);
	st = parse_rule("RRULE", s->rrule, &r);
	if (st)
		return st;
	local_until(&r, z, s->all_day);
	if (!r.count && icaltime_is_null_time(r.until)) {
		*finite = 0;
		return 0;
	}
	it = icalrecur_iterator_new(r, series_dtstart(s, z));
	if (!it)
		return error(ST_INVALID, "invalid RRULE '%s': libical cannot expand it", s->rrule);
	for (t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
		last = occ_instant(t, z, s->all_day);
		if (++n >= SERIES_END_LIMIT) {
			*finite = 0;
			break;
		}
	}
	icalrecur_iterator_free(it);
	if (s->nrdates && s->rdates[s->nrdates - 1] > last)
		last = s->rdates[s->nrdates - 1];
	*end = last + dur;
	return 0;
}

/* Whether the rule itself has an occurrence starting at `start`. */
static int rule_gives(struct icalrecurrencetype *r, const struct series *s, icaltimezone *z, int64_t start)
{
	icalrecur_iterator *it = icalrecur_iterator_new(*r, series_dtstart(s, z));
	struct icaltimetype t;
	int found = 0;

	if (!it)
		return 0;
	for (t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
		int64_t at = occ_instant(t, z, s->all_day);

		if (at >= start) {
			found = at == start;
			break;
		}
	}
	icalrecur_iterator_free(it);
	return found;
}

int ics_expand(const struct series *s, int64_t from, int64_t to,
	       int (*fn)(void *arg, int64_t start, int64_t end), void *arg)
{
	struct icalrecurrencetype r;
	icaltimezone *z;
	icalrecur_iterator *it;
	struct icaltimetype t;
	int64_t dur = s->end - s->start;
	int st;

	if (!s->rrule) {
		if (s->start < to && (s->end > from || (s->end == s->start && s->start >= from)))
			fn(arg, s->start, s->end);
		return 0;
	}
	z = zone_lookup(s->tz);
	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", s->tz);
	st = parse_rule("RRULE", s->rrule, &r);
	if (st)
		return st;
	local_until(&r, z, s->all_day);
	it = icalrecur_iterator_new(r, series_dtstart(s, z));
	if (!it)
		return error(ST_INVALID, "invalid RRULE '%s': libical cannot expand it", s->rrule);
	/*
	 * Jump ahead to the window where libical can (not with COUNT, whose
	 * numbering must start at DTSTART). A day of slack covers zone offsets.
	 */
	if (!r.count && r.freq >= ICAL_DAILY_RECURRENCE && from - dur - DAY_SECONDS > s->start) {
		struct icaltimetype jump = icaltime_from_timet_with_zone(
			(time_t)(from - dur - DAY_SECONDS), s->all_day, z);

		if (s->all_day)
			jump.is_date = 1;
		icalrecur_iterator_set_start(it, jump);
	}
	for (t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
		int64_t start = occ_instant(t, z, s->all_day);

		if (start >= to)
			break;
		if (start + dur <= from && !(dur == 0 && start >= from))
			continue;
		if (is_excluded(s, start))
			continue;
		if (fn(arg, start, start + dur))
			break;
	}
	icalrecur_iterator_free(it);
	/* RDATEs add occurrences the rule does not give (those it gives are not repeated). */
	for (size_t i = 0; i < s->nrdates; i++) {
		int64_t start = s->rdates[i];

		if (start >= to || (start + dur <= from && !(dur == 0 && start >= from)) || is_excluded(s, start))
			continue;
		if (rule_gives(&r, s, z, start))
			continue;
		if (fn(arg, start, start + dur))
			break;
	}
	return 0;
}

/* ---- writing ---- */

#ifndef DIPCAL_VERSION
#define DIPCAL_VERSION "0.1"
#endif

/* Serializes one property or component with libical (folding, escaping, CRLF) and frees it. */
static void put_prop(FILE *out, icalproperty *p)
{
	char *s = icalproperty_as_ical_string_r(p);

	fputs(s, out);
	free(s);
	icalproperty_free(p);
}

static void put_comp(FILE *out, icalcomponent *c)
{
	char *s = icalcomponent_as_ical_string_r(c);

	fputs(s, out);
	free(s);
	icalcomponent_free(c);
}

void ics_begin(FILE *out, const char *calname)
{
	fputs("BEGIN:VCALENDAR\r\n", out);
	put_prop(out, icalproperty_new_version("2.0"));
	put_prop(out, icalproperty_new_prodid("-//dipcal//dipcal " DIPCAL_VERSION "//EN"));
	put_prop(out, icalproperty_new_calscale("GREGORIAN"));
	put_prop(out, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	{
		icalproperty *p = icalproperty_new_x(calname);

		icalproperty_set_x_name(p, "X-WR-CALNAME");
		put_prop(out, p);
	}
}

void ics_end(FILE *out)
{
	fputs("END:VCALENDAR\r\n", out);
}

static int offset_at(icaltimezone *z, int64_t t, int *is_daylight)
{
	struct icaltimetype u = icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());

	*is_daylight = 0;
	return icaltimezone_get_utc_offset_of_utc_time(z, &u, is_daylight);
}

static void add_observance(icalcomponent *vtz, int daylight, int from, int to, int64_t at)
{
	icalcomponent *obs = icalcomponent_new(daylight ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT);
	struct civil c;
	struct icaltimetype t;
	char name[16];
	int a = to < 0 ? -to : to;

	/* DTSTART is the local time of the change, reckoned in the offset before it. */
	utc_as_civil(at + from, &c);
	t = civil_to_ical(&c, 0);
	if (a % 3600)
		snprintf(name, sizeof(name), "%c%02d%02d", to < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
	else
		snprintf(name, sizeof(name), "%c%02d", to < 0 ? '-' : '+', a / 3600);
	icalcomponent_add_property(obs, icalproperty_new_tzname(name));
	icalcomponent_add_property(obs, icalproperty_new_tzoffsetfrom(from));
	icalcomponent_add_property(obs, icalproperty_new_tzoffsetto(to));
	icalcomponent_add_property(obs, icalproperty_new_dtstart(t));
	icalcomponent_add_component(vtz, obs);
}

int ics_write_vtimezone(FILE *out, const char *zone, int64_t from, int64_t to)
{
	icaltimezone *z = zone_lookup(zone);
	icalcomponent *vtz;
	int off, dl, prev_dl;
	int64_t t, step = 7 * DAY_SECONDS;

	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	if (!strcmp(zone, "UTC"))
		return 0;
	vtz = icalcomponent_new_vtimezone();
	icalcomponent_add_property(vtz, icalproperty_new_tzid(zone));
	off = offset_at(z, from, &prev_dl);
	add_observance(vtz, prev_dl, off, off, from);
	/* Weekly samples find each change of offset; a binary search finds its second. */
	for (t = from; t < to; t += step) {
		int64_t lo = t, hi = t + step > to ? to : t + step;
		int o2 = offset_at(z, hi, &dl);

		if (o2 == off && dl == prev_dl)
			continue;
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			int d2, o3 = offset_at(z, mid, &d2);

			if (o3 == off && d2 == prev_dl)
				lo = mid;
			else
				hi = mid;
		}
		o2 = offset_at(z, hi, &dl);
		add_observance(vtz, dl, off, o2, hi);
		off = o2;
		prev_dl = dl;
		t = hi - step; /* go on from the change */
	}
	put_comp(out, vtz);
	return 0;
}

/* A DATE-TIME in the meeting's zone with a plain IANA TZID, a UTC time, or a DATE. */
static icalproperty *when_prop(icalproperty *p, int64_t t, const char *tz, int all_day)
{
	struct civil c;
	struct icaltimetype it;

	if (all_day) {
		utc_as_civil(t, &c);
		it = civil_to_ical(&c, 1);
	} else if (!strcmp(tz, "UTC")) {
		it = icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
	} else {
		ics_utc_to_local(t, tz, &c, NULL);
		it = civil_to_ical(&c, 0);
	}
	icalproperty_set_value(p, all_day ? icalvalue_new_date(it) : icalvalue_new_datetime(it));
	if (!all_day && strcmp(tz, "UTC"))
		icalproperty_add_parameter(p, icalparameter_new_tzid(tz));
	return p;
}

static icalproperty *utc_prop(icalproperty *p, int64_t t)
{
	icalproperty_set_value(p, icalvalue_new_datetime(
		icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone())));
	return p;
}

int ics_write_event(FILE *out, const struct ics_event *e)
{
	const struct meeting *m = e->m;
	icalcomponent *ev = icalcomponent_new_vevent();
	enum icalproperty_status status = ICAL_STATUS_TENTATIVE;

	icalcomponent_add_property(ev, icalproperty_new_uid(m->uid));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_DTSTAMP_PROPERTY), e->dtstamp));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_CREATED_PROPERTY), m->created));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_LASTMODIFIED_PROPERTY), m->updated));
	icalcomponent_add_property(ev, icalproperty_new_sequence((int)m->sequence));
	icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTSTART_PROPERTY), m->start, m->tz, m->all_day));
	icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTEND_PROPERTY), m->end, m->tz, m->all_day));
	icalcomponent_add_property(ev, icalproperty_new_summary(m->title));
	if (e->location && *e->location)
		icalcomponent_add_property(ev, icalproperty_new_location(e->location));
	if (e->description && *e->description)
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	if (e->category)
		icalcomponent_add_property(ev, icalproperty_new_categories(e->category));
	if (!strcmp(m->status, "confirmed") || !strcmp(m->status, "held"))
		status = ICAL_STATUS_CONFIRMED;
	else if (!strcmp(m->status, "cancelled"))
		status = ICAL_STATUS_CANCELLED;
	icalcomponent_add_property(ev, icalproperty_new_status(status));
	if (m->rrule) {
		icalerror_clear_errno();
		icalcomponent_add_property(ev, icalproperty_new_rrule(icalrecurrencetype_from_string(m->rrule)));
		for (size_t i = 0; i < m->nexdates; i++)
			icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_EXDATE_PROPERTY),
								 m->exdates[i], m->tz, m->all_day));
		for (size_t i = 0; i < m->nrdates; i++)
			icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_RDATE_PROPERTY),
								 m->rdates[i], m->tz, m->all_day));
	}
	for (size_t i = 0; i < e->nalarms; i++) {
		icalcomponent *a = icalcomponent_new_valarm();
		struct icaltriggertype trig;

		memset(&trig, 0, sizeof(trig));
		trig.time = icaltime_null_time();
		trig.duration = icaldurationtype_from_int(-(int)e->alarms[i]);
		icalcomponent_add_property(a, icalproperty_new_action(ICAL_ACTION_DISPLAY));
		icalcomponent_add_property(a, icalproperty_new_trigger(trig));
		icalcomponent_add_property(a, icalproperty_new_description(m->title));
		icalcomponent_add_component(ev, a);
	}
	put_comp(out, ev);
	return ferror(out) ? error(ST_FAIL, "cannot write: %s", strerror(errno)) : 0;
}

int ics_write_day_event(FILE *out, const char *uid, const char *summary, const char *description,
			int64_t start, int64_t end, const char *category, int64_t dtstamp)
{
	icalcomponent *ev = icalcomponent_new_vevent();

	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_DTSTAMP_PROPERTY), dtstamp));
	icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTSTART_PROPERTY), start * DAY_SECONDS, "UTC", 1));
	icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTEND_PROPERTY), end * DAY_SECONDS, "UTC", 1));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
	if (description)
		icalcomponent_add_property(ev, icalproperty_new_description(description));
	icalcomponent_add_property(ev, icalproperty_new_categories(category));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	put_comp(out, ev);
	return 0;
}

int ics_write_todo(FILE *out, const char *uid, const char *summary, const char *description, int64_t due,
		   int done, const char *category, int64_t dtstamp)
{
	icalcomponent *td = icalcomponent_new_vtodo();

	icalcomponent_add_property(td, icalproperty_new_uid(uid));
	icalcomponent_add_property(td, utc_prop(icalproperty_new(ICAL_DTSTAMP_PROPERTY), dtstamp));
	icalcomponent_add_property(td, utc_prop(icalproperty_new(ICAL_DUE_PROPERTY), due));
	icalcomponent_add_property(td, icalproperty_new_summary(summary));
	if (description)
		icalcomponent_add_property(td, icalproperty_new_description(description));
	icalcomponent_add_property(td, icalproperty_new_categories(category));
	icalcomponent_add_property(td, icalproperty_new_status(done ? ICAL_STATUS_COMPLETED : ICAL_STATUS_NEEDSACTION));
	put_comp(out, td);
	return 0;
}
