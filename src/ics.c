#include "ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

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

int ics_local_to_utc(const struct civil *c, const char *zone, int64_t *out)
{
	icaltimezone *z = zone_lookup(zone);

	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	*out = (int64_t)icaltime_as_timet_with_zone(civil_to_ical(c, 0), z);
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

	icalerror_clear_errno();
	d = icaldurationtype_from_string(s);
	if (icaldurationtype_is_bad_duration(d) || icalerrno != ICAL_NO_ERROR) {
		icalerror_clear_errno();
		return error(ST_INVALID, "invalid %s '%s': not an ISO 8601 duration "
			     "(PnW, PnDTnHnMnS; months and years are not durations)", what, s);
	}
	if (d.is_neg)
		return error(ST_INVALID, "invalid %s '%s': negative duration", what, s);
	*secs = icaldurationtype_as_int(d);
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
	*end = last + dur;
	return 0;
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
	it = icalrecur_iterator_new(r, series_dtstart(s, z));
	if (!it)
		return error(ST_INVALID, "invalid RRULE '%s': libical cannot expand it", s->rrule);
	/*
	 * Jump ahead to the window where libical can (not with COUNT, whose
	 * numbering must start at DTSTART). A day of slack covers zone offsets.
	 */
	if (!r.count && from - dur - DAY_SECONDS > s->start) {
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
	return 0;
}
