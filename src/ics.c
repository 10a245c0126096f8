#include "ics.h"

#include <errno.h>
#include <libical/ical.h>
#include <stdarg.h>
#include <strings.h>
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
	/*
	 * libical finds a built-in zone by comparing the name with each of its
	 * ~600 zones: a few names are asked for thousands of times, so the
	 * answers are kept (the zones themselves live as long as the process).
	 */
	static struct {
		char name[64];
		icaltimezone *zone;
	} memo[32];
	static unsigned next, last;
	icaltimezone *z;

	if (!name || !*name)
		return NULL;
	/* The zone asked last, first: an agenda asks the same few in turn. */
	if (memo[last].zone && !strcmp(memo[last].name, name))
		return memo[last].zone;
	if (!strcmp(name, "UTC") || !strcmp(name, "Etc/UTC") || !strcmp(name, "Z"))
		return icaltimezone_get_utc_timezone();
	for (unsigned i = 0; i < sizeof(memo) / sizeof(memo[0]); i++) {
		if (memo[i].zone && !strcmp(memo[i].name, name)) {
			last = i;
			return memo[i].zone;
		}
	}
	z = icaltimezone_get_builtin_timezone(name);
	if (z && strlen(name) < sizeof(memo[0].name)) {
		unsigned i = next++ % (sizeof(memo) / sizeof(memo[0]));

		snprintf(memo[i].name, sizeof(memo[i].name), "%s", name);
		memo[i].zone = z;
	}
	return z;
}

int ics_zone_check(const char *what, const char *zone)
{
	if (!zone_lookup(zone))
		return error(ST_INVALID, "unknown time zone '%.100s'%s%s", zone,
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
 * UTC offsets, remembered as spans of constant offset. libical answers one
 * offset in microseconds; an agenda asks thousands. A span is taken as
 * constant when the offset is the same at its middle and its ends, a week
 * each way: no zone changes its offset and back within two weeks.
 */
#define SPAN_HALF (7 * DAY_SECONDS)

/*
 * A zone's recent rules. libical works out a zone's changes of offset from
 * its whole VTIMEZONE, the rules of the 1980s included, up to five years
 * from now, the first time the zone is asked anything; with libical's
 * ICU-based recurrence iterator that costs several million instructions a
 * zone, more than a whole agenda otherwise takes.
 *
 * From the onset C in force at the start of last year on, though, only the
 * observances with onsets at or after C matter, and of a rule only its
 * onsets from C on. The zone cut to those (each rule starting at its first
 * onset from C, found by libical's iterator), given to libical, answers
 * every instant from C on with the zone's own offsets, at a small part of
 * the cost. Earlier instants are asked of the whole zone.
 *
 * The cut is an optimisation only: ics_zone_reference(1) turns it off, and
 * tests/unit/test-zone-cut.c checks that both agree on every zone libical
 * knows. A zone with a COUNT rule is not cut.
 */
static int zone_reference;

struct cut {
	icaltimezone *full, *recent;
	int64_t from;           /* recent answers for instants >= from */
};

/* One observance (STANDARD or DAYLIGHT) of a VTIMEZONE, as the cut needs it. */
struct obs {
	icalcomponent *c;
	struct icaltimetype dtstart;    /* local */
	int offset_from;                /* TZOFFSETFROM: the offset its onsets are given in */
	int has_rule;
	struct icalrecurrencetype rule; /* UNTIL made local, as libical expands it */
};

/* A local time of an observance as an instant. */
static int64_t obs_utc(const struct obs *o, struct icaltimetype t)
{
	struct civil c;

	ical_to_civil(t, &c);
	return civil_as_utc(&c) - (icaltime_is_utc(t) ? 0 : o->offset_from);
}

/* An instant as the observance's local time. */
static struct icaltimetype obs_local(const struct obs *o, int64_t t)
{
	struct civil c;

	utc_as_civil(t + o->offset_from, &c);
	return civil_to_ical(&c, 0);
}

/* 0, or -1 when the observance is not one the cut understands. */
static int obs_read(icalcomponent *c, struct obs *o)
{
	icalproperty *from = icalcomponent_get_first_property(c, ICAL_TZOFFSETFROM_PROPERTY);
	icalproperty *rr = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY);

	memset(o, 0, sizeof(*o));
	o->c = c;
	o->dtstart = icalcomponent_get_dtstart(c);
	if (!from || icaltime_is_null_time(o->dtstart) || o->dtstart.is_date)
		return -1;
	o->offset_from = icalproperty_get_tzoffsetfrom(from);
	if (!rr)
		return 0;
	if (icalcomponent_count_properties(c, ICAL_RRULE_PROPERTY) != 1)
		return -1;
	o->has_rule = 1;
	o->rule = icalproperty_get_rrule(rr);
	if (o->rule.count)
		return -1;
	if (!icaltime_is_null_time(o->rule.until)) {
		int64_t u = obs_utc(o, o->rule.until);

		if (o->rule.until.is_date)
			return -1;
		o->rule.until = obs_local(o, u);
	}
	return 0;
}

/*
 * The onsets of a rule around instant at: *before, the last one at or
 * before it (INT64_MIN: none), *after, the first at or after it
 * (INT64_MAX: none). Returns 0, or -1 when libical cannot tell.
 */
static int rule_onsets(const struct obs *o, int64_t at, int64_t *before, int64_t *after)
{
	icalrecur_iterator *it;
	struct icaltimetype t;
	int64_t ds = obs_utc(o, o->dtstart), u;
	int steps = 0;

	*before = INT64_MIN;
	*after = INT64_MAX;
	it = icalrecur_iterator_new(o->rule, o->dtstart);
	if (!it)
		return -1;
	/* From a year before: the iterator jumps there instead of stepping from DTSTART. */
	if (at - 400 * DAY_SECONDS > ds && !icalrecur_iterator_set_start(it, obs_local(o, at - 400 * DAY_SECONDS))) {
		icalrecur_iterator_free(it);
		return -1;
	}
	for (t = icalrecur_iterator_next(it); !icaltime_is_null_time(t); t = icalrecur_iterator_next(it)) {
		u = obs_utc(o, t);
		if (u <= at)
			*before = u;
		if (u >= at) {
			*after = u;
			break;
		}
		if (++steps > 1000)
			break;
	}
	icalrecur_iterator_free(it);
	return steps > 1000 ? -1 : 0;
}

/* Whether a rule has no onset from instant at on (its UNTIL is before it). */
static int rule_over(const struct obs *o, int64_t at)
{
	return !icaltime_is_null_time(o->rule.until) && at != INT64_MIN && obs_utc(o, o->rule.until) < at;
}

/* The onsets of a ruleless observance (DTSTART and RDATEs) around at, as rule_onsets(). */
static void plain_onsets(const struct obs *o, int64_t at, int64_t *before, int64_t *after)
{
	icalproperty *rd;
	int64_t u = obs_utc(o, o->dtstart);

	*before = u <= at ? u : INT64_MIN;
	*after = u >= at ? u : INT64_MAX;
	for (rd = icalcomponent_get_first_property(o->c, ICAL_RDATE_PROPERTY); rd;
	     rd = icalcomponent_get_next_property(o->c, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype p = icalproperty_get_rdate(rd);

		u = obs_utc(o, icaltime_is_null_time(p.time) ? p.period.start : p.time);
		if (u <= at && u > *before)
			*before = u;
		if (u >= at && u < *after)
			*after = u;
	}
}

/* Fills cut->recent and cut->from for cut->full; recent stays NULL when the zone is not cut. */
static void make_cut(struct cut *cut)
{
	icalcomponent *vtz = icaltimezone_get_component(cut->full), *c, *keep;
	struct obs o;
	struct civil y;
	int64_t target, at = INT64_MIN, before, after;
	int kept = 0;

	if (!vtz)
		return;
	utc_as_civil(now(), &y);
	target = days_from_civil(y.y - 1, 1, 1) * DAY_SECONDS;
	/*
	 * C: the latest onset at or before the target, of any observance; the
	 * ruleless ones first, so that rules over by then need no iterator.
	 */
	for (int pass = 0; pass < 2; pass++) {
		for (c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); c;
		     c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
			if (obs_read(c, &o))
				return;
			if (o.has_rule != pass || (pass && rule_over(&o, at)))
				continue;
			if (!pass)
				plain_onsets(&o, target, &before, &after);
			else if (rule_onsets(&o, target, &before, &after))
				return;
			if (before > at)
				at = before;
		}
	}
	if (at == INT64_MIN)
		return;
	/* The observances with onsets from C on; each rule from its first onset then. */
	keep = icalcomponent_new_vtimezone();
	icalcomponent_add_property(keep, icalproperty_new_tzid(icaltimezone_get_tzid(cut->full)));
	for (c = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); c;
	     c = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
		icalcomponent *copy;

		obs_read(c, &o);
		if (o.has_rule && rule_over(&o, at))
			continue;
		if (o.has_rule) {
			if (rule_onsets(&o, at, &before, &after)) {
				icalcomponent_free(keep);
				return;
			}
		} else {
			plain_onsets(&o, INT64_MAX / 2, &before, &after);
			after = before;         /* its last onset */
		}
		if (after == INT64_MAX || after < at)
			continue;
		copy = icalcomponent_new_clone(c);
		if (o.has_rule && after > obs_utc(&o, o.dtstart))
			icalcomponent_set_dtstart(copy, obs_local(&o, after));
		icalcomponent_add_component(keep, copy);
		kept++;
	}
	cut->recent = icaltimezone_new();
	if (!kept || !icaltimezone_set_component(cut->recent, keep)) {
		icaltimezone_free(cut->recent, 1);
		icalcomponent_free(keep);
		cut->recent = NULL;
		return;
	}
	cut->from = at;
}

/* The zone to ask about instant t: z itself, or its recent rules when they answer for t. */
static icaltimezone *zone_for(icaltimezone *z, int64_t t)
{
	static struct cut cuts[32];
	static unsigned next;
	struct cut *c = NULL;

	if (zone_reference || z == icaltimezone_get_utc_timezone())
		return z;
	for (unsigned i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		if (cuts[i].full == z) {
			c = &cuts[i];
			break;
		}
	if (!c) {
		c = &cuts[next++ % (sizeof(cuts) / sizeof(cuts[0]))];
		if (c->recent)
			icaltimezone_free(c->recent, 1);
		memset(c, 0, sizeof(*c));
		c->full = z;
		make_cut(c);
	}
	return c->recent && t >= c->from ? c->recent : z;
}

int64_t ics_zone_cut(const char *zone)
{
	icaltimezone *z = zone_lookup(zone);
	int64_t t = INT64_MAX / 2;

	/* Asking about a far instant makes (and finds) the zone's cut. */
	if (!z || zone_reference || zone_for(z, t) == z)
		return INT64_MAX;
	for (int64_t lo = INT64_MIN / 4, hi = t; ; ) {
		int64_t mid = lo + (hi - lo) / 2;

		if (hi - lo <= 1)
			return hi;
		if (zone_for(z, mid) == z)
			lo = mid;
		else
			hi = mid;
	}
}

static void forget_spans(void);

size_t ics_zone_names(const char ***names)
{
	static const char **list;
	static size_t n;

	if (!list) {
		icalarray *zs = icaltimezone_get_builtin_timezones();

		list = xcalloc(zs->num_elements + 1, sizeof(*list));
		for (size_t i = 0; i < zs->num_elements; i++) {
			const char *loc = icaltimezone_get_location(icalarray_element_at(zs, i));

			/* copied: libical replaces a zone's location when it loads the zone */
			if (loc)
				list[n++] = xstrdup(loc);
		}
	}
	*names = list;
	return n;
}

void ics_zone_reference(int on)
{
	zone_reference = on;
	forget_spans();
}

static int raw_offset(icaltimezone *z, int64_t t)
{
	struct icaltimetype u = icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
	int dl = 0;

	return icaltimezone_get_utc_offset_of_utc_time(zone_for(z, t), &u, &dl);
}

/* Most recently used first: the spans of an agenda's window stay, one-off lookups pass through. */
static struct span {
	icaltimezone *z;
	int64_t lo, hi;         /* [lo, hi): offset off */
	int off;
} spans[64];
static size_t used;

static void forget_spans(void)
{
	used = 0;
}

/* The offset of z at t, and in [*lo, *hi) a span known to have it all along (empty when there is none). */
static int offset_span(icaltimezone *z, int64_t t, int64_t *lo, int64_t *hi)
{
	struct span hit;
	int o, same = 1;

	*lo = *hi = t;
	if (z == icaltimezone_get_utc_timezone()) {
		*lo = INT64_MIN;
		*hi = INT64_MAX;
		return 0;
	}
	for (size_t i = 0; i < used; i++) {
		if (spans[i].z != z || t < spans[i].lo || t >= spans[i].hi)
			continue;
		hit = spans[i];
		memmove(&spans[1], &spans[0], i * sizeof(spans[0]));
		spans[0] = hit;
		*lo = hit.lo;
		*hi = hit.hi;
		return hit.off;
	}
	o = raw_offset(z, t);
	same = raw_offset(z, t - SPAN_HALF) == o && raw_offset(z, t + SPAN_HALF) == o;
	if (same) {
		if (used < sizeof(spans) / sizeof(spans[0]))
			used++;
		memmove(&spans[1], &spans[0], (used - 1) * sizeof(spans[0]));
		spans[0].z = z;
		spans[0].lo = t - SPAN_HALF;
		spans[0].hi = t + SPAN_HALF;
		spans[0].off = o;
		*lo = spans[0].lo;
		*hi = spans[0].hi;
	}
	return o;
}

static int offset_of(icaltimezone *z, int64_t t)
{
	int64_t lo, hi;

	return offset_span(z, t, &lo, &hi);
}

/*
 * A wall-clock time that a change of offset skips is read with the offset
 * in force before it; one that happens twice is the first (RFC 5545 3.3.5).
 */
static int64_t local_to_utc(icaltimezone *z, int64_t wall)
{
	int64_t best = INT64_MAX;
	int before, after;

	before = offset_of(z, wall - DAY_SECONDS);
	after = offset_of(z, wall + DAY_SECONDS);
	if (after == before)
		return wall - before;   /* no change of offset near: what follows would give the same */
	/* A candidate is right when the zone's offset at it is the one assumed. */
	if (offset_of(z, wall - before) == before)
		best = wall - before;
	if (after != before && offset_of(z, wall - after) == after && wall - after < best)
		best = wall - after;
	return best != INT64_MAX ? best : wall - before;
}

int ics_local_to_utc(const struct civil *c, const char *zone, int64_t *out)
{
	icaltimezone *z = zone_lookup(zone);

	*out = 0;
	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	*out = local_to_utc(z, civil_as_utc(c));
	return 0;
}

int ics_utc_to_local(int64_t t, const char *zone, struct civil *out, int *offset)
{
	icaltimezone *z = zone_lookup(zone);
	int off;

	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	off = offset_of(z, t);
	utc_as_civil(t + off, out);
	if (offset)
		*offset = off;
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

/*
 * The parsed rule in *out, valid until the next call (a rule is some 3 KB:
 * pointed to, not copied). An agenda parses thousands of rules, most of
 * them alike: the last few are kept.
 */
static int rule_of(const char *what, const char *rule, const struct icalrecurrencetype **out)
{
	static struct {
		char *text;
		struct icalrecurrencetype r;
	} memo[8];
	static struct icalrecurrencetype once;  /* an RSCALE rule, not kept */
	static unsigned next;
	struct icalrecurrencetype r;
	unsigned k;

	for (k = 0; k < sizeof(memo) / sizeof(memo[0]); k++)
		if (memo[k].text && !strcmp(memo[k].text, rule)) {
			*out = &memo[k].r;
			return 0;
		}
	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(rule);
	if (icalerrno != ICAL_NO_ERROR || r.freq == ICAL_NO_RECURRENCE) {
		icalerror_clear_errno();
		return error(ST_INVALID, "invalid %s '%s': not a valid RRULE", what, rule);
	}
	if (r.rscale) {
		once = r;
		*out = &once;
		return 0;
	}
	k = next++ % (sizeof(memo) / sizeof(memo[0]));
	free(memo[k].text);
	memo[k].text = xstrdup(rule);
	memo[k].r = r;
	*out = &memo[k].r;
	return 0;
}

static int parse_rule(const char *what, const char *rule, struct icalrecurrencetype *r)
{
	const struct icalrecurrencetype *p;
	int st = rule_of(what, rule, &p);

	if (!st)
		*r = *p;
	return st;
}

int64_t ics_series_first(const struct series *s)
{
	icaltimezone *z;

	if (!s->has_wall || s->all_day || !(z = zone_lookup(s->tz)))
		return s->start;
	return local_to_utc(z, s->wall);
}

struct series ics_series_of(const struct meeting *m)
{
	struct series s = { m->rrule, m->tz, m->start, m->end, m->all_day, m->exdates, m->nexdates,
			    m->rdates, m->nrdates, m->start_wall, m->has_wall && m->rrule && !m->all_day };

	return s;
}

/* Whether libical parses rule and can expand it (parts out of range, BYMONTH=13, pass its parser). */
static int rule_valid(const char *rule)
{
	struct icalrecurrencetype r;
	icalrecur_iterator *it;

	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(rule);
	if (icalerrno != ICAL_NO_ERROR || r.freq == ICAL_NO_RECURRENCE) {
		icalerror_clear_errno();
		return 0;
	}
	/* Meetings do not recur by the second or the minute: such a rule fills any agenda. */
	if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE)
		return 0;
	it = icalrecur_iterator_new(r, icaltime_from_string("20260105T100000"));
	icalerror_clear_errno();
	if (!it)
		return 0;
	icalrecur_iterator_free(it);
	return 1;
}

int ics_rrule_hourly(const char *rule)
{
	struct icalrecurrencetype r;

	icalerror_clear_errno();
	r = icalrecurrencetype_from_string(rule);
	icalerror_clear_errno();
	return r.freq == ICAL_HOURLY_RECURRENCE;
}

int ics_rrule_check(const char *what, const char *rule)
{
	if (!rule_valid(rule))
		return error(ST_INVALID, "invalid %s '%.100s': not a valid RRULE (meetings recur hourly at most)",
			     what, rule);
	return 0;
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

/* An occurrence's instant: its wall-clock time read in the zone as everywhere else (RFC 5545 3.3.5). */
static int64_t occ_instant(struct icaltimetype t, icaltimezone *z, int all_day)
{
	struct civil c;
	int64_t at;

	ical_to_civil(t, &c);
	if (all_day)
		return days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
	if (z == icaltimezone_get_utc_timezone())
		return civil_as_utc(&c);
	if (ics_local_to_utc(&c, icaltimezone_get_location(z), &at))
		return (int64_t)icaltime_as_timet_with_zone(t, z);
	return at;
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

static int fast_expand(const struct series *s, const struct icalrecurrencetype *r, icaltimezone *z,
		       int64_t from, int64_t to, int (*fn)(void *, int64_t, int64_t), void *arg);

/* The last occurrence of a series, found by fast_expand() with no callback. */
struct last_occ {
	int64_t last;
	struct civil lastc;
	int n;
};

static int series_end(const struct series *s, int64_t *end, int *finite, int fast)
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
	{
		/* The common shapes by arithmetic (see fast_expand), the others through libical. */
		struct series plain = *s;
		struct last_occ l;

		memset(&l, 0, sizeof(l));
		l.last = s->start;

		plain.nexdates = 0;
		if (fast && !s->nrdates &&
		    fast_expand(&plain, &r, z, INT64_MIN / 4, INT64_MAX / 4, NULL, &l) == 0) {
			if (l.n >= SERIES_END_LIMIT)
				*finite = 0;
			*end = l.last + dur;
			return 0;
		}
	}
	local_until(&r, z, s->all_day);
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

int ics_series_end(const struct series *s, int64_t *end, int *finite)
{
	return series_end(s, end, finite, 1);
}

int ics_series_end_libical(const struct series *s, int64_t *end, int *finite)
{
	return series_end(s, end, finite, 0);
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

/*
 * The common rules expanded by date arithmetic: libical (built with ICU)
 * spends some 70,000 instructions on each step of its iterator, which an
 * agenda over thousands of series cannot afford. libical still parses
 * every rule and expands every other shape; tests/unit/test-recur.c
 * checks the two agree on the shapes below.
 *
 *   DAILY                      no BY parts
 *   WEEKLY                     BYDAY weekdays (no ordinals), WKST=MO
 *   MONTHLY                    BYMONTHDAY days (1..31), or BYDAY (ordinals -5..5 or none)
 *   YEARLY                     no BY parts
 * with INTERVAL, COUNT and UNTIL. As libical does, a DTSTART that the rule
 * does not give is not an occurrence, and COUNT counts what the rule gives.
 */
static int ical_wd(short day)
{
	/* libical: SUNDAY = 1 .. SATURDAY = 7; weekday_of_days: Monday = 0 .. Sunday = 6 */
	return ((int)icalrecurrencetype_day_day_of_week(day) + 5) % 7;
}

static int empty(const short *a)
{
	return a[0] == ICAL_RECURRENCE_ARRAY_MAX;
}

struct fast {
	const struct icalrecurrencetype *r;
	int weekdays;           /* WEEKLY: bit per weekday (Monday = bit 0) */
	int64_t d0;             /* DTSTART's day */
	int y0, m0, md0, wd0;
};

static int fast_supported(const struct icalrecurrencetype *r, struct fast *f)
{
	if (r->rscale || !empty(r->by_second) || !empty(r->by_minute) || !empty(r->by_hour) ||
	    !empty(r->by_year_day) || !empty(r->by_week_no) || !empty(r->by_set_pos) || !empty(r->by_month))
		return 0;
	if (r->interval < 1)
		return 0;
	switch (r->freq) {
	case ICAL_DAILY_RECURRENCE:
	case ICAL_YEARLY_RECURRENCE:
		return empty(r->by_day) && empty(r->by_month_day);
	case ICAL_WEEKLY_RECURRENCE:
		if (!empty(r->by_month_day) || (r->week_start != ICAL_MONDAY_WEEKDAY && r->interval > 1))
			return 0;
		for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
			if (icalrecurrencetype_day_position(r->by_day[i]))
				return 0;
			f->weekdays |= 1 << ical_wd(r->by_day[i]);
		}
		/* libical numbers the weeks of an INTERVAL its own way when DTSTART's weekday is not listed. */
		if (r->interval > 1 && f->weekdays && !(f->weekdays & (1 << f->wd0)))
			return 0;
		return 1;
	case ICAL_MONTHLY_RECURRENCE:
		if (!empty(r->by_day) && !empty(r->by_month_day))
			return 0;
		for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
			if (r->by_month_day[i] < 1 || r->by_month_day[i] > 31)
				return 0;
		for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
			int pos = icalrecurrencetype_day_position(r->by_day[i]);

			if (pos < -5 || pos > 5)
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

static int cmp_day(const void *a, const void *b)
{
	return ics_cmp_instant(a, b);
}

/* The occurrence days of period k (from DTSTART's period), in order; returns how many. */
static int period_days(const struct fast *f, int64_t k, int64_t *out)
{
	const struct icalrecurrencetype *r = f->r;
	int n = 0;

	switch (r->freq) {
	case ICAL_DAILY_RECURRENCE:
		out[n++] = f->d0 + k * r->interval;
		break;
	case ICAL_WEEKLY_RECURRENCE: {
		int64_t monday = f->d0 - f->wd0 + 7 * k * r->interval;

		if (!f->weekdays) {
			out[n++] = monday + f->wd0;
			break;
		}
		for (int wd = 0; wd < 7; wd++)
			if (f->weekdays & (1 << wd))
				out[n++] = monday + wd;
		break;
	}
	case ICAL_MONTHLY_RECURRENCE: {
		int64_t mi = (int64_t)f->y0 * 12 + (f->m0 - 1) + k * r->interval;
		int y = (int)(mi / 12), m = (int)(mi % 12) + 1, dim = days_in_month(y, m);
		int64_t first = days_from_civil(y, m, 1);

		if (!empty(r->by_day)) {
			for (int i = 0; i < ICAL_BY_DAY_SIZE && r->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++) {
				int wd = ical_wd(r->by_day[i]), pos = icalrecurrencetype_day_position(r->by_day[i]);
				int firstwd = (wd - weekday_of_days(first) + 7) % 7; /* day-of-month - 1 of the first such weekday */
				int count = (dim - 1 - firstwd) / 7 + 1;

				if (pos == 0) {
					for (int j = 0; j < count; j++)
						out[n++] = first + firstwd + 7 * j;
				} else if (pos > 0 && pos <= count) {
					out[n++] = first + firstwd + 7 * (pos - 1);
				} else if (pos < 0 && -pos <= count) {
					out[n++] = first + firstwd + 7 * (count + pos);
				}
			}
		} else if (!empty(r->by_month_day)) {
			for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
				if (r->by_month_day[i] <= dim)
					out[n++] = first + r->by_month_day[i] - 1;
		} else if (f->md0 <= dim) {
			out[n++] = first + f->md0 - 1;
		}
		if (n > 1) {
			qsort(out, (size_t)n, sizeof(*out), cmp_day);
			/* the same day named twice counts once */
			int u = 1;

			for (int i = 1; i < n; i++)
				if (out[i] != out[u - 1])
					out[u++] = out[i];
			n = u;
		}
		break;
	}
	case ICAL_YEARLY_RECURRENCE: {
		int y = f->y0 + (int)(k * r->interval);

		if (f->md0 <= days_in_month(y, f->m0))
			out[n++] = days_from_civil(y, f->m0, f->md0);
		break;
	}
	default:
		break;
	}
	return n;
}

/* Periods to skip to reach day `day` (0 when the rule counts, or the window is before DTSTART). */
static int64_t period_of(const struct fast *f, int64_t day)
{
	const struct icalrecurrencetype *r = f->r;
	int64_t k = 0;

	if (r->count || day <= f->d0)
		return 0;
	switch (r->freq) {
	case ICAL_DAILY_RECURRENCE:
		k = (day - f->d0) / r->interval;
		break;
	case ICAL_WEEKLY_RECURRENCE:
		k = (day - (f->d0 - f->wd0)) / 7 / r->interval;
		break;
	case ICAL_MONTHLY_RECURRENCE: {
		int y, m, d;

		civil_from_days(day, &y, &m, &d);
		k = (((int64_t)y * 12 + m - 1) - ((int64_t)f->y0 * 12 + f->m0 - 1)) / r->interval;
		break;
	}
	case ICAL_YEARLY_RECURRENCE: {
		int y, m, d;

		civil_from_days(day, &y, &m, &d);
		k = (y - f->y0) / r->interval;
		break;
	}
	default:
		break;
	}
	return k > 1 ? k - 1 : 0;
}

/*
 * Expands s with rule r by arithmetic. Returns -1 when the rule's shape
 * is not one of those above (libical then expands it), else 0.
 */
static int fast_expand(const struct series *s, const struct icalrecurrencetype *r, icaltimezone *z,
		       int64_t from, int64_t to, int (*fn)(void *, int64_t, int64_t), void *arg)
{
	struct fast f;
	struct civil c0;
	int64_t dur = s->end - s->start, days[40], until = INT64_MAX, count = 0;
	int until_local = 0;
	struct civil uc;

	memset(&f, 0, sizeof(f));
	f.r = r;
	if (s->all_day)
		utc_as_civil(s->start, &c0);
	else if (s->has_wall)
		utc_as_civil(s->wall, &c0);     /* as written, without the zone's history */
	else if (ics_utc_to_local(s->start, s->tz, &c0, NULL))
		return -1;
	f.d0 = days_from_civil(c0.y, c0.mo, c0.d);
	f.y0 = c0.y;
	f.m0 = c0.mo;
	f.md0 = c0.d;
	f.wd0 = weekday_of_days(f.d0);
	if (!fast_supported(r, &f))
		return -1;
	if (!icaltime_is_null_time(r->until)) {
		if (s->all_day) {
			until = days_from_civil(r->until.year, r->until.month, r->until.day);
			until_local = 2;
		} else if (r->until.is_date) {
			/* A DATE UNTIL of a timed series (RFC 5545 wants a DATE-TIME): 00:00 that day, as libical reads it. */
			until = days_from_civil(r->until.year, r->until.month, r->until.day) * DAY_SECONDS;
			until_local = 1;
		} else if (icaltime_is_utc(r->until)) {
			ical_to_civil(r->until, &uc);
			until = civil_as_utc(&uc);
		} else {
			ical_to_civil(r->until, &uc);
			until = civil_as_utc(&uc);
			until_local = 1;
		}
	}
	for (int64_t k = period_of(&f, (from - dur) / DAY_SECONDS - 1);; k++) {
		int n = period_days(&f, k, days);

		if (k > 400000)
			break;
		for (int i = 0; i < n; i++) {
			struct civil c = c0;
			int64_t start, local;

			if (days[i] < f.d0)
				continue;
			civil_from_days(days[i], &c.y, &c.mo, &c.d);
			local = civil_as_utc(&c);
			if (!fn) {
				/* Only the last occurrence is wanted: wall-clock times, one conversion at the end. */
				struct last_occ *l = arg;

				if (until_local == 2 ? days[i] > until : until_local == 1 ? local > until
				    : local - DAY_SECONDS > until)
					goto last;
				if (!until_local && local + DAY_SECONDS > until && !s->all_day &&
				    !ics_local_to_utc(&c, s->tz, &start) && start > until)
					goto last;
				if (r->count && ++count > r->count)
					goto last;
				l->lastc = c;
				if (++l->n >= SERIES_END_LIMIT)
					goto last;
				continue;
			}
			/*
			 * Well before the window (no zone is a day from UTC) and
			 * clearly not past UNTIL: counted, not converted.
			 */
			if (!s->all_day && local + DAY_SECONDS + dur <= from &&
			    (until_local == 1 ? local <= until : local + DAY_SECONDS < until)) {
				if (r->count && ++count > r->count)
					return 0;
				continue;
			}
			if (s->all_day)
				start = days[i] * DAY_SECONDS;
			else
				start = local_to_utc(z, local);
			if ((until_local == 2 && days[i] > until) || (until_local == 1 && local > until) ||
			    (until_local == 0 && start > until))
				return 0;
			if (r->count && ++count > r->count)
				return 0;
			if (start >= to)
				return 0;
			if (start + dur <= from && !(dur == 0 && start >= from))
				continue;
			if (is_excluded(s, start))
				continue;
			if (fn(arg, start, start + dur))
				return 0;
		}
	}
last:
	if (!fn) {
		struct last_occ *l = arg;

		if (l->n && s->all_day)
			l->last = days_from_civil(l->lastc.y, l->lastc.mo, l->lastc.d) * DAY_SECONDS;
		else if (l->n && ics_local_to_utc(&l->lastc, s->tz, &l->last))
			return -1;
	}
	return 0;
}

static int expand(const struct series *s, int64_t from, int64_t to,
		  int (*fn)(void *arg, int64_t start, int64_t end), void *arg, int fast)
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
	{
		const struct icalrecurrencetype *rp;

		st = rule_of("RRULE", s->rrule, &rp);
		if (st)
			return st;
		if (fast && !s->nrdates && fast_expand(s, rp, z, from, to, fn, arg) == 0)
			return 0;
		r = *rp;
	}
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

int ics_expand(const struct series *s, int64_t from, int64_t to,
	       int (*fn)(void *arg, int64_t start, int64_t end), void *arg)
{
	return expand(s, from, to, fn, arg, 1);
}

int ics_expand_libical(const struct series *s, int64_t from, int64_t to,
		       int (*fn)(void *arg, int64_t start, int64_t end), void *arg)
{
	return expand(s, from, to, fn, arg, 0);
}

/* ---- writing ---- */

#ifndef DIPCAL_VERSION
#define DIPCAL_VERSION "0.1"
#endif

/*
 * Writes libical's text s with its one folding slip mended: a line whose
 * last piece is 73 octets and CRLF, with no ';', ':' or space to break
 * after, comes out of libical as the 73 octets and a CR alone, then a line
 * of a space and an LF alone ("\r\r\n \n"); it is written as it should
 * be, the 73 octets and CRLF (see fold_point()).
 */
static void put_text(FILE *out, const char *s)
{
	const char *p;

	while ((p = strstr(s, "\r\r\n \n"))) {
		fwrite(s, 1, (size_t)(p - s), out);
		fputs("\r\n", out);
		s = p + 5;
	}
	fputs(s, out);
}

/* Serializes one property or component with libical (folding, escaping, CRLF) and frees it. */
static void put_prop(FILE *out, icalproperty *p)
{
	char *s = icalproperty_as_ical_string_r(p);

	put_text(out, s);
	free(s);
	icalproperty_free(p);
}

static void put_comp(FILE *out, icalcomponent *c)
{
	char *s = icalcomponent_as_ical_string_r(c);

	put_text(out, s);
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
	return icaltimezone_get_utc_offset_of_utc_time(zone_for(z, t), &u, is_daylight);
}

static void add_observance(icalcomponent *vtz, int is_daylight, int from, int to, int64_t at)
{
	icalcomponent *obs = icalcomponent_new(is_daylight ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT);
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
	/*
	 * libical expands a zone's changes a few years past the latest one asked
	 * for, each time from the start: asked for the end first, it expands once.
	 */
	offset_at(z, to, &dl);
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

/* Whether t, written as wall-clock time in zone, reads back as t (not so in a repeated hour). */
static int wall_clock_exact(int64_t t, const char *zone)
{
	struct civil c;
	int64_t back;

	if (!strcmp(zone, "UTC") || ics_utc_to_local(t, zone, &c, NULL) || ics_local_to_utc(&c, zone, &back))
		return 1;
	return back == t;
}

static icalproperty *utc_prop(icalproperty *p, int64_t t)
{
	icalproperty_set_value(p, icalvalue_new_datetime(
		icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone())));
	return p;
}

int ics_write_event_libical(FILE *out, const struct ics_event *e)
{
	const struct meeting *m = e->m;
	icalcomponent *ev = icalcomponent_new_vevent();
	enum icalproperty_status status = ICAL_STATUS_TENTATIVE;

	icalcomponent_add_property(ev, icalproperty_new_uid(m->uid));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_DTSTAMP_PROPERTY), e->dtstamp));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_CREATED_PROPERTY), m->created));
	icalcomponent_add_property(ev, utc_prop(icalproperty_new(ICAL_LASTMODIFIED_PROPERTY), m->updated));
	icalcomponent_add_property(ev, icalproperty_new_sequence((int)m->sequence));
	if (!m->all_day && !m->rrule && !wall_clock_exact(m->start, m->tz)) {
		/* The later of a time that happens twice: as UTC, which is exact. */
		icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTSTART_PROPERTY), m->start, "UTC", 0));
		icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTEND_PROPERTY), m->end, "UTC", 0));
	} else {
		icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTSTART_PROPERTY), m->start, m->tz,
							 m->all_day));
		if (m->all_day || wall_clock_exact(m->end, m->tz))
			icalcomponent_add_property(ev, when_prop(icalproperty_new(ICAL_DTEND_PROPERTY), m->end, m->tz,
								 m->all_day));
		else /* an end in an hour that happens twice: its length says which */
			icalcomponent_add_property(ev, icalproperty_new_duration(
				icaldurationtype_from_int((int)(m->end - m->start))));
	}
	icalcomponent_add_property(ev, icalproperty_new_summary(m->title));
	if (e->location && *e->location)
		icalcomponent_add_property(ev, icalproperty_new_location(e->location));
	if (e->description && *e->description)
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	if (e->category)
		icalcomponent_add_property(ev, icalproperty_new_categories(e->category));
	/* The notes alone (DESCRIPTION adds the body, host, chair...), so that an import gives them back. */
	if (m->notes)
		icalcomponent_add_property(ev, icalproperty_new_comment(m->notes));
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

/*
 * ---- the VEVENT writer: the text written directly ----
 *
 * libical's serializer builds a tree of properties and a buffer for each
 * value, some 60,000 instructions an event. ics_write_event() writes the
 * same text itself, byte for byte what ics_write_event_libical() writes
 * (tests/unit/test-write-fast.c compares them), as libical 3.0 writes it:
 *   - TEXT: a backslash before '\', ';' and ','; a newline as "\n";
 *     backspace, form feed and CR left out; anything else (tab, other
 *     controls, UTF-8) as it is. CATEGORIES keeps its ';' and ','.
 *   - a parameter value in quotes when it has ';', ':' or ','; '"' and a
 *     newline as ^' and ^n (RFC 6868).
 *   - lines folded where libical folds them: fold_point().
 * One difference: libical writes a date after the year 3000 as 00000000;
 * here it is written as it is.
 */

/* A growing buffer; p is not NUL-terminated. */
struct obuf {
	char *p;
	size_t len, cap;
};

/*
 * The event being written, a long line's copy while it is folded, and the
 * DTSTAMP last written: kept from one event to the next.
 */
static struct {
	struct obuf out, line;
	size_t start;           /* where the property line being written starts in out */
	int64_t stamp;
	char stamp_text[64];   /* room for ob_civil() */
	size_t stamp_len;       /* 0: none yet */
} ew;

/* Buffers grown larger than this for an event are given back before the next one. */
#define EW_KEEP (256 * 1024)

static void ob_grow(struct obuf *b, size_t n)
{
	size_t want;

	if (n > SIZE_MAX / 4 - b->len)
		die("out of memory");
	want = b->len + n;
	if (want < 2 * b->cap)
		want = 2 * b->cap;
	if (want < 1024)
		want = 1024;
	b->p = xrealloc(b->p, want);
	b->cap = want;
}

static inline void ob_need(struct obuf *b, size_t n)
{
	if (b->cap - b->len < n)
		ob_grow(b, n);
}

static void ob_add(struct obuf *b, const char *s, size_t n)
{
	ob_need(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

#define OB_LIT(b, lit) ob_add((b), (lit), sizeof(lit) - 1)

static void ob_free(struct obuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* What libical's TEXT writer does with a byte: 0 writes it, 1 puts a backslash before it, 2 writes "\n", 3 drops it. */
static const unsigned char text_class[256] = {
	['\\'] = 1, [';'] = 1, [','] = 1, ['\n'] = 2, ['\b'] = 3, ['\f'] = 3, ['\r'] = 3,
};

/* s as a TEXT value; list: CATEGORIES, whose ';' and ',' stay as they are. */
static void ob_text(struct obuf *b, const char *s, int list)
{
	const char *special = list ? "\\\n\b\f\r" : "\\;,\n\b\f\r";
	char *o;

	ob_need(b, 2 * strlen(s));
	o = b->p + b->len;
	for (;;) {
		size_t k = strcspn(s, special);

		memcpy(o, s, k);
		o += k;
		s += k;
		if (!*s)
			break;
		switch (text_class[(unsigned char)*s]) {
		case 1:
			*o++ = '\\';
			*o++ = *s;
			break;
		case 2:
			*o++ = '\\';
			*o++ = 'n';
			break;
		default:
			break;
		}
		s++;
	}
	b->len = (size_t)(o - b->p);
}

/* A parameter value as libical writes it. */
static void ob_param(struct obuf *b, const char *v)
{
	int quote;

	if (!strpbrk(v, ";:,\"\n")) { /* an IANA zone name */
		ob_add(b, v, strlen(v));
		return;
	}
	quote = strpbrk(v, ";:,") != NULL;
	ob_need(b, 2 * strlen(v) + 2);
	if (quote)
		b->p[b->len++] = '"';
	for (; *v; v++) {
		if (*v == '"' || *v == '\n') {
			b->p[b->len++] = '^';
			b->p[b->len++] = *v == '"' ? '\'' : 'n';
		} else {
			b->p[b->len++] = *v;
		}
	}
	if (quote)
		b->p[b->len++] = '"';
}

static const char two_digits[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* v (0 to 99) in two digits. */
static inline char *put2(char *p, int v)
{
	memcpy(p, two_digits + 2 * v, 2);
	return p + 2;
}

/* v in decimal, at least width digits. */
static char *put_uint(char *p, unsigned v, int width)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static void ob_int(struct obuf *b, int v)
{
	char *p;

	ob_need(b, 16);
	p = b->p + b->len;
	if (v < 0)
		*p++ = '-';
	p = put_uint(p, v < 0 ? 0u - (unsigned)v : (unsigned)v, 1);
	b->len = (size_t)(p - b->p);
}

/* YYYYMMDD, or YYYYMMDDTHHMMSS with a Z when utc. */
static void ob_civil(struct obuf *b, const struct civil *c, int with_time, int utc)
{
	char *p;

	ob_need(b, 40);
	p = b->p + b->len;
	if (c->y < 0) { /* not a year of a meeting; as libical's %04d */
		*p++ = '-';
		p = put_uint(p, 0u - (unsigned)c->y, 3);
	} else if (c->y < 10000) {
		p = put2(put2(p, c->y / 100), c->y % 100);
	} else {
		p = put_uint(p, (unsigned)c->y, 4);
	}
	p = put2(put2(p, c->mo), c->d);
	if (with_time) {
		*p++ = 'T';
		p = put2(put2(put2(p, c->h), c->mi), c->s);
		if (utc)
			*p++ = 'Z';
	}
	b->len = (size_t)(p - b->p);
}

/* A duration of t seconds as libical writes icaldurationtype_from_int(t): whole weeks, else days and time. */
static void ob_duration(struct obuf *b, int t)
{
	unsigned u = t < 0 ? 0u - (unsigned)t : (unsigned)t;
	unsigned parts[4] = { u / 86400, u % 86400 / 3600, u % 3600 / 60, u % 60 };
	static const char unit[4] = { 'D', 'H', 'M', 'S' };
	char *p;

	ob_need(b, 64);
	p = b->p + b->len;
	if (!u) {
		memcpy(p, "PT0S", 4);
		b->len += 4;
		return;
	}
	if (t < 0)
		*p++ = '-';
	*p++ = 'P';
	if (u % 604800 == 0) {
		p = put_uint(p, u / 604800, 1);
		*p++ = 'W';
	} else {
		if (parts[0]) {
			p = put_uint(p, parts[0], 1);
			*p++ = 'D';
		}
		if (parts[1] || parts[2] || parts[3])
			*p++ = 'T';
		for (int i = 1; i < 4; i++) {
			if (parts[i]) {
				p = put_uint(p, parts[i], 1);
				*p++ = unit[i];
			}
		}
	}
	b->len = (size_t)(p - b->p);
}

/*
 * How many octets of the left ones at s (a property line's rest, CRLF
 * included) go on the current line, as libical folds (icalproperty.c,
 * get_next_line_start): all when fewer than 75; else up to the last ';',
 * ':' or space among octets 1 to 73 (counting from 0); else up to the last
 * octet among 1 to 74 that begins a character (ASCII or a UTF-8 lead
 * byte), so that no character is split. A continuation line starts with a
 * space: at most 75 octets. libical's one slip is mended (see put_text()):
 * 73 octets and CRLF with nowhere to break stay whole instead of ending in
 * a CR alone.
 */
static size_t fold_point(const char *s, size_t left)
{
	if (left < 75)
		return left;
	for (size_t i = 73; i > 0; i--)
		if (s[i] == ';' || s[i] == ':' || s[i] == ' ')
			return i + 1;
	if (left == 75)
		return left;
	for (size_t i = 74; i > 0; i--)
		if (!((unsigned char)s[i] & 0x80) || ((unsigned char)s[i] & 0xc0) == 0xc0)
			return i;
	return 74;
}

/* Starts a property line in the event with its name (and what follows it up to the value). */
static inline void begin_line(const char *name, size_t n)
{
	ew.start = ew.out.len;
	ob_add(&ew.out, name, n);
}

#define BEGIN_LINE(lit) begin_line((lit), sizeof(lit) - 1)

/* Ends the property line begun last (CRLF) and folds it when it is long. */
static void end_line(void)
{
	const char *s;
	size_t left, k;

	OB_LIT(&ew.out, "\r\n");
	left = ew.out.len - ew.start;
	if (left < 75)
		return;
	/* Folded from a copy, back where it was. */
	ew.line.len = 0;
	ob_add(&ew.line, ew.out.p + ew.start, left);
	ew.out.len = ew.start;
	s = ew.line.p;
	k = fold_point(s, left);
	ob_add(&ew.out, s, k);
	while ((left -= k) > 0) {
		s += k;
		k = fold_point(s, left);
		ob_need(&ew.out, k + 3);
		memcpy(ew.out.p + ew.out.len, "\r\n ", 3);
		memcpy(ew.out.p + ew.out.len + 3, s, k);
		ew.out.len += k + 3;
	}
}

/* name (a literal, with its ':') and a TEXT value. */
#define TEXT_LINE(name, v, list) do { \
		BEGIN_LINE(name); \
		ob_text(&ew.out, (v), (list)); \
		end_line(); \
	} while (0)

/* A DATE-TIME in UTC. */
static void ob_utc(struct obuf *b, int64_t t)
{
	struct civil c;

	utc_as_civil(t, &c);
	ob_civil(b, &c, 1, 1);
}

/* name (a literal, with its ':') and a DATE-TIME in UTC. */
#define UTC_LINE(name, t) do { \
		BEGIN_LINE(name); \
		ob_utc(&ew.out, (t)); \
		end_line(); \
	} while (0)

/* A DATE-TIME read in zone: with a TZID, or in UTC with a Z when the zone is "UTC". */
static void local_line(const char *name, size_t n, const struct civil *c, const char *zone)
{
	int utc = !strcmp(zone, "UTC");

	begin_line(name, n);
	if (!utc) {
		OB_LIT(&ew.out, ";TZID=");
		ob_param(&ew.out, zone);
	}
	OB_LIT(&ew.out, ":");
	ob_civil(&ew.out, c, 1, utc);
	end_line();
}

static void date_line(const char *name, size_t n, int64_t t)
{
	struct civil c;

	utc_as_civil(t, &c);
	begin_line(name, n);
	OB_LIT(&ew.out, ";VALUE=DATE:");
	ob_civil(&ew.out, &c, 0, 0);
	end_line();
}

/* t's wall-clock reading in zone, and whether it reads back as t (not so in an hour that happens twice). */
static int wall_clock(int64_t t, const char *zone, struct civil *c)
{
	icaltimezone *z = strcmp(zone, "UTC") ? zone_lookup(zone) : NULL;
	int64_t lo, hi;
	int off;

	if (!z) {
		utc_as_civil(t, c);
		return 1;
	}
	off = offset_span(z, t, &lo, &hi);
	utc_as_civil(t + off, c);
	/*
	 * local_to_utc() looks a day each way of the wall-clock time: with the
	 * same offset there as at t, it finds t again.
	 */
	if (lo <= t + off - DAY_SECONDS && t + off + DAY_SECONDS < hi)
		return 1;
	return local_to_utc(z, civil_as_utc(c)) == t;
}

/* An EXDATE or RDATE: a DATE, or the wall-clock time in the meeting's zone. */
static void series_date_line(const char *name, size_t n, int64_t t, const char *zone, int all_day)
{
	struct civil c;

	if (all_day) {
		date_line(name, n, t);
		return;
	}
	wall_clock(t, zone, &c);
	local_line(name, n, &c, zone);
}

#define LIT(s) (s), sizeof(s) - 1

const char *ics_event_text(const struct ics_event *e, size_t *len)
{
	const struct meeting *m = e->m;
	struct civil cs, ce;

	if (ew.out.cap > EW_KEEP)
		ob_free(&ew.out);
	if (ew.line.cap > EW_KEEP)
		ob_free(&ew.line);
	ew.out.len = 0;
	OB_LIT(&ew.out, "BEGIN:VEVENT\r\n");
	TEXT_LINE("UID:", m->uid, 0);
	/* One DTSTAMP for a whole export: written once. */
	if (!ew.stamp_len || e->dtstamp != ew.stamp) {
		struct obuf b = { ew.stamp_text, 0, sizeof(ew.stamp_text) };

		ob_utc(&b, e->dtstamp);
		ew.stamp = e->dtstamp;
		ew.stamp_len = b.len;
	}
	OB_LIT(&ew.out, "DTSTAMP:");
	ob_add(&ew.out, ew.stamp_text, ew.stamp_len);
	OB_LIT(&ew.out, "\r\n");
	UTC_LINE("CREATED:", m->created);
	UTC_LINE("LAST-MODIFIED:", m->updated);
	BEGIN_LINE("SEQUENCE:");
	ob_int(&ew.out, (int)m->sequence);
	end_line();
	if (m->all_day) {
		date_line(LIT("DTSTART"), m->start);
		date_line(LIT("DTEND"), m->end);
	} else if (!wall_clock(m->start, m->tz, &cs) && !m->rrule) {
		/* The later of a time that happens twice: as UTC, which is exact. */
		UTC_LINE("DTSTART:", m->start);
		UTC_LINE("DTEND:", m->end);
	} else {
		local_line(LIT("DTSTART"), &cs, m->tz);
		if (wall_clock(m->end, m->tz, &ce)) {
			local_line(LIT("DTEND"), &ce, m->tz);
		} else { /* an end in an hour that happens twice: its length says which */
			BEGIN_LINE("DURATION:");
			ob_duration(&ew.out, (int)(m->end - m->start));
			end_line();
		}
	}
	TEXT_LINE("SUMMARY:", m->title, 0);
	if (e->location && *e->location)
		TEXT_LINE("LOCATION:", e->location, 0);
	if (e->description && *e->description)
		TEXT_LINE("DESCRIPTION:", e->description, 0);
	if (e->category)
		TEXT_LINE("CATEGORIES:", e->category, 1);
	if (m->notes)
		TEXT_LINE("COMMENT:", m->notes, 0);
	if (!strcmp(m->status, "confirmed") || !strcmp(m->status, "held"))
		OB_LIT(&ew.out, "STATUS:CONFIRMED\r\n");
	else if (!strcmp(m->status, "cancelled"))
		OB_LIT(&ew.out, "STATUS:CANCELLED\r\n");
	else
		OB_LIT(&ew.out, "STATUS:TENTATIVE\r\n");
	if (m->rrule) {
		struct icalrecurrencetype r;
		char *rule;

		icalerror_clear_errno();
		r = icalrecurrencetype_from_string(m->rrule);
		rule = icalrecurrencetype_as_string_r(&r);
		BEGIN_LINE("RRULE:");
		if (rule)
			ob_add(&ew.out, rule, strlen(rule));
		else /* what libical writes for a rule it cannot read */
			OB_LIT(&ew.out, "ERROR: No Value");
		free(rule);
		end_line();
		for (size_t i = 0; i < m->nexdates; i++)
			series_date_line(LIT("EXDATE"), m->exdates[i], m->tz, m->all_day);
		for (size_t i = 0; i < m->nrdates; i++)
			series_date_line(LIT("RDATE"), m->rdates[i], m->tz, m->all_day);
	}
	for (size_t i = 0; i < e->nalarms; i++) {
		OB_LIT(&ew.out, "BEGIN:VALARM\r\nACTION:DISPLAY\r\n");
		BEGIN_LINE("TRIGGER:");
		ob_duration(&ew.out, -(int)e->alarms[i]);
		end_line();
		TEXT_LINE("DESCRIPTION:", m->title, 0);
		OB_LIT(&ew.out, "END:VALARM\r\n");
	}
	OB_LIT(&ew.out, "END:VEVENT\r\n");
	*len = ew.out.len;
	return ew.out.p;
}

int ics_write_event(FILE *out, const struct ics_event *e)
{
	size_t n;
	const char *text = ics_event_text(e, &n);

	fwrite(text, 1, n, out);
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

/* ---- reading ---- */

#define LINE_MAX_BYTES (1024 * 1024)
/* U+E000, a private-use character, guards a text value's trailing spaces from libical's parser. */
static const char guard[] = "\xee\x80\x80";

struct vtz {
	char *tzid;
	char *iana;             /* the IANA zone it stands for, or NULL */
	icaltimezone *zone;     /* built from the VTIMEZONE when there is no IANA zone */
};

struct ics_reader {
	FILE *in;
	char *name, *local_zone;
	char *(*resolve)(void *arg, const char *tzid);
	void *arg;
	int line;               /* physical lines read */
	char *pending;          /* a physical line read ahead (to see folds) */
	size_t pending_len;
	int pending_line;
	int started, ended;
	struct vtz *zones;
	size_t nzones;
	icalcomponent *cur;     /* the VEVENT being returned */
	struct strbuf text;
	int *lines;             /* line number of each logical line in text */
	size_t nlines, alines;
	char *strs[8];
	int64_t *ex, *rd;
	int guarded;            /* bit i: guarded_props[i] got the guard in this component */
	int from_dipcal;        /* PRODID says dipcal wrote the file */
	char **candidates;      /* IANA zones a VTIMEZONE of its own may match */
	size_t ncandidates;
};

void ics_reader_candidates(struct ics_reader *r, char **zones, size_t n)
{
	r->candidates = zones;
	r->ncandidates = n;
}

struct ics_reader *ics_reader_new(FILE *in, const char *name, const char *local_zone,
				  char *(*resolve)(void *arg, const char *tzid), void *arg)
{
	struct ics_reader *r = xcalloc(1, sizeof(*r));

	r->in = in;
	r->name = xstrdup(name);
	r->local_zone = xstrdup(local_zone);
	r->resolve = resolve;
	r->arg = arg;
	return r;
}

static void clear_event(struct ics_reader *r)
{
	if (r->cur)
		icalcomponent_free(r->cur);
	r->cur = NULL;
	for (size_t i = 0; i < sizeof(r->strs) / sizeof(r->strs[0]); i++) {
		free(r->strs[i]);
		r->strs[i] = NULL;
	}
	free(r->ex);
	free(r->rd);
	r->ex = r->rd = NULL;
}

void ics_reader_free(struct ics_reader *r)
{
	if (!r)
		return;
	clear_event(r);
	for (size_t i = 0; i < r->nzones; i++) {
		free(r->zones[i].tzid);
		free(r->zones[i].iana);
		if (r->zones[i].zone)
			icaltimezone_free(r->zones[i].zone, 1);
	}
	free(r->zones);
	free(r->pending);
	free(r->name);
	free(r->local_zone);
	sb_release(&r->text);
	free(r->lines);
	free(r);
}

static int fail(struct ics_reader *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct ics_reader *r, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		return error(ST_INVALID, "cannot import '%s': line %d: %s", r->name, line, msg);
	return error(ST_INVALID, "cannot import '%s': %s", r->name, msg);
}

/* Reads one physical line without its line end into *buf; -1 at the end of the file. */
static ssize_t physical_line(struct ics_reader *r, char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, r->in);

	if (n < 0)
		return -1;
	r->line++;
	while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return n;
}

/*
 * The next logical line: folded continuations (a line end then a space or
 * tab) joined octet by octet, and only then checked as UTF-8, so a fold
 * inside a UTF-8 sequence is mended. Returns 1, 0 at the end, or a status.
 */
static int logical_line(struct ics_reader *r, struct strbuf *out, int *line)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	out->len = 0;
	if (out->buf)
		out->buf[0] = '\0';
	if (!r->pending) {
		n = physical_line(r, &buf, &cap);
		if (n < 0) {
			free(buf);
			return 0;
		}
		r->pending = buf;
		r->pending_len = (size_t)n;
		r->pending_line = r->line;
		buf = NULL;
		cap = 0;
	}
	*line = r->pending_line;
	sb_add(out, r->pending, r->pending_len);
	free(r->pending);
	r->pending = NULL;
	for (;;) {
		if (out->len > LINE_MAX_BYTES) {
			free(buf);
			return fail(r, *line, "the line is longer than %d bytes", LINE_MAX_BYTES);
		}
		n = physical_line(r, &buf, &cap);
		if (n < 0)
			break;
		if (n > 0 && (buf[0] == ' ' || buf[0] == '\t')) {
			sb_add(out, buf + 1, (size_t)n - 1);
			continue;
		}
		r->pending = buf;
		r->pending_len = (size_t)n;
		r->pending_line = r->line;
		return 1;
	}
	free(buf);
	return 1;
}

static int is_line(const struct strbuf *l, const char *s)
{
	return !strcasecmp(l->buf ? l->buf : "", s);
}

static int starts_with(const char *s, const char *prefix)
{
	return !strncasecmp(s, prefix, strlen(prefix));
}

/* Text properties whose trailing spaces libical would strip: their number + 1, or 0. */
static const char *const guarded_props[] = { "SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT", NULL };

static int text_prop(const char *l)
{
	for (int i = 0; guarded_props[i]; i++) {
		size_t n = strlen(guarded_props[i]);

		if (!strncasecmp(l, guarded_props[i], n) && (l[n] == ':' || l[n] == ';'))
			return i + 1;
	}
	return 0;
}

/* Reads the lines of one component up to its END into r->text (CRLF-joined). */
static int read_component(struct ics_reader *r, const char *kind, int begin_line)
{
	struct strbuf l = STRBUF_INIT;
	char end[64];
	int line = 0, st, depth = 0;

	snprintf(end, sizeof(end), "END:%s", kind);
	r->text.len = 0;
	r->nlines = 0;
	r->guarded = 0;
	sb_addf(&r->text, "BEGIN:%s\r\n", kind);
	for (;;) {
		int prop;

		st = logical_line(r, &l, &line);
		if (st != 1) {
			sb_release(&l);
			return st ? st : fail(r, begin_line, "BEGIN:%s has no %s: the file is truncated", kind, end);
		}
		if (memchr(l.buf ? l.buf : "", '\0', l.len) || !text_ok(l.buf ? l.buf : "", 1)) {
			sb_release(&l);
			return fail(r, line, "not UTF-8 text");
		}
		if (r->nlines == r->alines) {
			r->alines = r->alines ? r->alines * 2 : 64;
			r->lines = xrealloc(r->lines, r->alines * sizeof(int));
		}
		r->lines[r->nlines++] = line;
		if (starts_with(l.buf, "BEGIN:"))
			depth++;
		if (starts_with(l.buf, "END:")) {
			if (depth == 0) {
				if (!is_line(&l, end)) {
					st = fail(r, line, "'%.40s' where %s was expected", l.buf, end);
					sb_release(&l);
					return st;
				}
				sb_addf(&r->text, "%s\r\n", end);
				break;
			}
			depth--;
		}
		if (starts_with(l.buf, "BEGIN:VCALENDAR") || starts_with(l.buf, "END:VCALENDAR")) {
			st = fail(r, line, "'%.40s' inside %s: %s is missing", l.buf, kind, end);
			sb_release(&l);
			return st;
		}
		sb_add(&r->text, l.buf, l.len);
		prop = text_prop(l.buf);
		if (l.len && (l.buf[l.len - 1] == ' ' || l.buf[l.len - 1] == '\t') && prop) {
			sb_puts(&r->text, guard);
			r->guarded |= 1 << (prop - 1);
		}
		sb_puts(&r->text, "\r\n");
	}
	sb_release(&l);
	return 0;
}

/*
 * A parse error libical left in an X-LIC-ERROR ("Can't parse as RECUR value
 * in RRULE property. Removing entire property: FREQ=X"), said with the
 * line of the property when it can be found.
 */
static int line_of(const struct ics_reader *r, const char *prop);

static int lic_fail(struct ics_reader *r, int begin_line, const char *what, const char *e)
{
	const char *in = strstr(e, " in "), *end = in ? strstr(in + 4, " property") : NULL;
	const char *val = strstr(e, "Removing entire property: ");
	char name[64];

	if (strstr(e, "could not find a property name")) {
		/* A line that is not "NAME:value": its own line. */
		const char *p = strstr(r->text.buf, "\r\n");

		for (size_t i = 0; p && i < r->nlines; i++) {
			const char *next = strstr(p + 2, "\r\n");

			if (next && !memchr(p + 2, ':', (size_t)(next - p - 2)))
				return fail(r, r->lines[i], "not a property line: '%.*s'",
					    (int)(next - p - 2 > 40 ? 40 : next - p - 2), p + 2);
			p = next;
		}
	}
	if (in && end && end - in - 4 < (long)sizeof(name) && end > in + 4) {
		snprintf(name, sizeof(name), "%.*s", (int)(end - in - 4), in + 4);
		return fail(r, line_of(r, name), "invalid %s value '%.80s'", name,
			    val ? val + strlen("Removing entire property: ") : "");
	}
	return fail(r, begin_line, "%s: %s", what, e);
}

/* The first X-LIC-ERROR libical left in c or its children, or NULL. */
static const char *lic_error(icalcomponent *c)
{
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	icalcomponent *k;

	if (p)
		return icalproperty_get_xlicerror(p);
	for (k = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); k;
	     k = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
		const char *e = lic_error(k);

		if (e)
			return e;
	}
	return NULL;
}

/* The line of the first logical line that begins with prop, or the component's first line. */
static int line_of(const struct ics_reader *r, const char *prop)
{
	const char *p = r->text.buf;
	size_t i = 0;

	/* r->text starts with the BEGIN line, which r->lines does not count. */
	p = strstr(p, "\r\n");
	while (p && i < r->nlines) {
		p += 2;
		if (prop && !strncasecmp(p, prop, strlen(prop)))
			return r->lines[i];
		p = strstr(p, "\r\n");
		i++;
	}
	return r->nlines ? r->lines[0] - 1 : 0;
}

static icalcomponent *parse_text(struct ics_reader *r)
{
	return icalparser_parse_string(r->text.buf);
}

/*
 * The first candidate IANA zone whose offsets agree with zone's on the 1st
 * and 15th of every month of last year, this year and next year (so its
 * changes of offset fall in the same fortnights), or NULL. The caller frees.
 */
static char *same_clock(const struct ics_reader *r, icaltimezone *zone)
{
	int64_t samples[72];
	int want[72], year, m, d, n = 0;

	civil_from_days(now() / DAY_SECONDS, &year, &m, &d);
	for (int y = year - 1; y <= year + 1; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= 15; d += 14)
				samples[n++] = days_from_civil(y, m, d) * DAY_SECONDS + 12 * 3600;
	for (int i = 0; i < n; i++)
		want[i] = raw_offset(zone, samples[i]);
	for (size_t k = 0; k < r->ncandidates; k++) {
		icaltimezone *c = zone_lookup(r->candidates[k]);
		int i = 0;

		while (c && i < n && raw_offset(c, samples[i]) == want[i])
			i++;
		if (c && i == n)
			return xstrdup(r->candidates[k]);
	}
	return NULL;
}

static int add_vtimezone(struct ics_reader *r, int begin_line)
{
	icalcomponent *c = parse_text(r);
	icalproperty *p;
	const char *tzid, *e;
	struct vtz z;

	if (!c)
		return fail(r, begin_line, "cannot parse VTIMEZONE");
	e = lic_error(c);
	p = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
	tzid = p ? icalproperty_get_tzid(p) : NULL;
	if (e || !tzid) {
		int st = fail(r, begin_line, "VTIMEZONE: %s", e ? e : "no TZID");

		icalcomponent_free(c);
		return st;
	}
	memset(&z, 0, sizeof(z));
	z.tzid = xstrdup(tzid);
	{
		const char *plain = strstr(tzid, "/freeassociation.sourceforge.net/");

		plain = plain ? plain + strlen("/freeassociation.sourceforge.net/") : tzid;
		if (zone_lookup(plain))
			z.iana = xstrdup(plain);
		else if (r->resolve)
			z.iana = r->resolve(r->arg, tzid);
	}
	if (!z.iana) {
		z.zone = icaltimezone_new();
		if (!icaltimezone_set_component(z.zone, c)) {
			icaltimezone_free(z.zone, 1);
			free(z.tzid);
			icalcomponent_free(c);
			return fail(r, begin_line, "VTIMEZONE '%s' cannot be used", tzid);
		}
		c = NULL; /* the zone owns it now */
		/* A zone of its own (Outlook's "Customized Time Zone"): the IANA zone with the same clock. */
		z.iana = same_clock(r, z.zone);
	}
	if (c)
		icalcomponent_free(c);
	r->zones = xrealloc(r->zones, (r->nzones + 1) * sizeof(*r->zones));
	r->zones[r->nzones++] = z;
	return 0;
}

static int valid_time(struct icaltimetype t)
{
	if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1 ||
	    t.day > days_in_month(t.year, t.month))
		return 0;
	return t.is_date || (t.hour >= 0 && t.hour < 24 && t.minute >= 0 && t.minute < 60 && t.second >= 0 &&
			     t.second < 61);
}

/*
 * A date-time property's instant. The zone it is read in goes to *zone
 * (borrowed): the IANA name, "UTC", or the local zone for floating times.
 */
static int prop_instant(struct ics_reader *r, icalproperty *p, const char *name, struct icaltimetype t,
			int64_t *out, const char **zone)
{
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *tzid = tzp ? icalparameter_get_tzid(tzp) : NULL;
	struct civil c;

	if (!valid_time(t) || icaltime_is_null_time(t))
		return fail(r, line_of(r, name), "invalid date or time in %s", name);
	ical_to_civil(t, &c);
	if (t.is_date) {
		*out = days_from_civil(c.y, c.mo, c.d) * DAY_SECONDS;
		return 0;
	}
	if (icaltime_is_utc(t)) {
		*out = civil_as_utc(&c);
		if (zone && !*zone)
			*zone = "UTC";
		return 0;
	}
	if (!tzid) {
		if (zone && !*zone)
			*zone = r->local_zone;
		return ics_local_to_utc(&c, r->local_zone, out);
	}
	for (size_t i = 0; i < r->nzones; i++) {
		if (strcmp(r->zones[i].tzid, tzid))
			continue;
		if (zone && !*zone)
			*zone = r->zones[i].iana ? r->zones[i].iana : "UTC";
		if (r->zones[i].iana)
			return ics_local_to_utc(&c, r->zones[i].iana, out);
		*out = (int64_t)icaltime_as_timet_with_zone(t, r->zones[i].zone);
		return 0;
	}
	/* A TZID without a VTIMEZONE: an IANA name, libical's prefixed one, or a Windows name. */
	{
		const char *plain = strstr(tzid, "/freeassociation.sourceforge.net/");
		char *mapped = NULL;
		struct vtz z;

		plain = plain ? plain + strlen("/freeassociation.sourceforge.net/") : tzid;
		if (!zone_lookup(plain) && r->resolve)
			mapped = r->resolve(r->arg, tzid);
		if (!mapped && !zone_lookup(plain))
			return fail(r, line_of(r, name), "unknown time zone '%s' in %s", tzid, name);
		memset(&z, 0, sizeof(z));
		z.tzid = xstrdup(tzid);
		z.iana = mapped ? mapped : xstrdup(plain);
		r->zones = xrealloc(r->zones, (r->nzones + 1) * sizeof(*r->zones));
		r->zones[r->nzones++] = z;
		if (zone && !*zone)
			*zone = z.iana;
		return ics_local_to_utc(&c, z.iana, out);
	}
}

/* A text value with the guard against libical's stripping removed. The caller frees. */
static char *text_value(const struct ics_reader *r, int prop, const char *s)
{
	size_t n, g = strlen(guard);
	char *v;

	if (!s)
		return NULL;
	v = xstrdup(s);
	n = strlen(v);
	if ((r->guarded & (1 << prop)) && n >= g && !strcmp(v + n - g, guard))
		v[n - g] = '\0';
	return v;
}

int ics_cmp_instant(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int collect_dates(struct ics_reader *r, icalcomponent *c, icalproperty_kind kind, const char *name,
			 int64_t **out, size_t *n)
{
	icalproperty *p;
	int st;

	for (p = icalcomponent_get_first_property(c, kind); p; p = icalcomponent_get_next_property(c, kind)) {
		struct icaltimetype t;
		int64_t at;

		if (kind == ICAL_RDATE_PROPERTY) {
			struct icaldatetimeperiodtype dp = icalproperty_get_rdate(p);

			t = icaltime_is_null_time(dp.time) ? dp.period.start : dp.time;
		} else {
			t = icalproperty_get_exdate(p);
		}
		st = prop_instant(r, p, name, t, &at, NULL);
		if (st)
			return st;
		*out = xrealloc(*out, (*n + 1) * sizeof(int64_t));
		(*out)[(*n)++] = at;
	}
	if (*n)
		qsort(*out, *n, sizeof(int64_t), ics_cmp_instant);
	return 0;
}

static int64_t utc_of(icalproperty *p)
{
	struct icaltimetype t;
	struct civil c;

	if (!p)
		return 0;
	t = icalvalue_get_datetime(icalproperty_get_value(p));
	if (!valid_time(t))
		return 0;
	ical_to_civil(t, &c);
	return civil_as_utc(&c);
}

static int read_event(struct ics_reader *r, struct ics_vevent *ev, int begin_line)
{
	icalcomponent *c;
	icalproperty *p, *ps, *pe, *pd;
	const char *e, *zone = NULL;
	struct icaltimetype ts;
	int st;

	c = parse_text(r);
	if (!c)
		return fail(r, begin_line, "cannot parse VEVENT");
	r->cur = c;
	e = lic_error(c);
	if (e)
		return lic_fail(r, begin_line, "VEVENT", e);
	memset(ev, 0, sizeof(*ev));
	ev->line = begin_line;
	p = icalcomponent_get_first_property(c, ICAL_UID_PROPERTY);
	if (!p || !icalproperty_get_uid(p) || !*icalproperty_get_uid(p))
		return fail(r, begin_line, "VEVENT without UID");
	ev->uid = r->strs[0] = xstrdup(icalproperty_get_uid(p));
	ps = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
	if (!ps)
		return fail(r, begin_line, "VEVENT '%s' without DTSTART", ev->uid);
	ts = icalproperty_get_dtstart(ps);
	st = prop_instant(r, ps, "DTSTART", ts, &ev->start, &zone);
	if (st)
		return st;
	ev->all_day = ts.is_date;
	ev->tz = r->strs[1] = xstrdup(zone ? zone : "UTC");
	pe = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY);
	pd = icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY);
	if (pe) {
		struct icaltimetype te = icalproperty_get_dtend(pe);

		if (te.is_date != ts.is_date)
			return fail(r, line_of(r, "DTEND"), "DTEND and DTSTART are not both dates or both times");
		st = prop_instant(r, pe, "DTEND", te, &ev->end, NULL);
		if (st)
			return st;
	} else if (pd) {
		struct icaldurationtype d = icalproperty_get_duration(pd);

		if (icaldurationtype_is_bad_duration(d) || d.is_neg)
			return fail(r, line_of(r, "DURATION"), "invalid DURATION");
		ev->end = ev->start + (int64_t)d.weeks * 7 * DAY_SECONDS + (int64_t)d.days * DAY_SECONDS +
			  (int64_t)d.hours * 3600 + (int64_t)d.minutes * 60 + d.seconds;
	} else {
		ev->end = ev->start + (ev->all_day ? DAY_SECONDS : 0);
	}
	if (ev->end < ev->start)
		return fail(r, line_of(r, "DTEND"), "VEVENT '%s' ends before it starts", ev->uid);
	if (ev->all_day && ev->end == ev->start)
		ev->end = ev->start + DAY_SECONDS;
	p = icalcomponent_get_first_property(c, ICAL_SUMMARY_PROPERTY);
	ev->summary = r->strs[2] = text_value(r, 0, p ? icalproperty_get_summary(p) : NULL);
	p = icalcomponent_get_first_property(c, ICAL_LOCATION_PROPERTY);
	ev->location = r->strs[3] = text_value(r, 1, p ? icalproperty_get_location(p) : NULL);
	p = icalcomponent_get_first_property(c, ICAL_DESCRIPTION_PROPERTY);
	ev->description = r->strs[4] = text_value(r, 2, p ? icalproperty_get_description(p) : NULL);
	/* A dipcal export keeps the notes in COMMENT: DESCRIPTION there adds the body, host, chair... */
	if (r->from_dipcal) {
		p = icalcomponent_get_first_property(c, ICAL_COMMENT_PROPERTY);
		ev->notes = r->strs[6] = text_value(r, 3, p ? icalproperty_get_comment(p) : NULL);
		ev->has_notes = 1;
	}
	p = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY);
	if (p) {
		char *rule = icalproperty_get_value_as_string_r(p);

		ev->rrule = r->strs[5] = rule;
		if (!rule || !rule_valid(rule))
			return fail(r, line_of(r, "RRULE"), "invalid RRULE '%.80s'", rule ? rule : "");
	}
	p = icalcomponent_get_first_property(c, ICAL_STATUS_PROPERTY);
	if (p) {
		enum icalproperty_status s = icalproperty_get_status(p);

		ev->status = s == ICAL_STATUS_CANCELLED ? "cancelled" : s == ICAL_STATUS_CONFIRMED ? "confirmed"
			: "planned";
	} else {
		ev->status = "planned";
	}
	p = icalcomponent_get_first_property(c, ICAL_SEQUENCE_PROPERTY);
	ev->sequence = p ? icalproperty_get_sequence(p) : 0;
	ev->dtstamp = utc_of(icalcomponent_get_first_property(c, ICAL_DTSTAMP_PROPERTY));
	ev->created = utc_of(icalcomponent_get_first_property(c, ICAL_CREATED_PROPERTY));
	ev->modified = utc_of(icalcomponent_get_first_property(c, ICAL_LASTMODIFIED_PROPERTY));
	if (!ev->modified)
		ev->modified = ev->dtstamp;
	st = collect_dates(r, c, ICAL_EXDATE_PROPERTY, "EXDATE", &r->ex, &ev->nexdates);
	if (!st)
		st = collect_dates(r, c, ICAL_RDATE_PROPERTY, "RDATE", &r->rd, &ev->nrdates);
	if (st)
		return st;
	ev->exdates = r->ex;
	ev->rdates = r->rd;
	p = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
	if (p) {
		st = prop_instant(r, p, "RECURRENCE-ID", icalproperty_get_recurrenceid(p), &ev->recurrence_id, NULL);
		if (st)
			return st;
		ev->has_recurrence_id = 1;
	}
	return 1;
}

int ics_reader_next(struct ics_reader *r, struct ics_vevent *ev)
{
	struct strbuf l = STRBUF_INIT;
	int line = 0, st;

	clear_event(r);
	if (r->ended)
		return 0;
	for (;;) {
		st = logical_line(r, &l, &line);
		if (st < 0 || st > 1)
			break;
		if (st == 0) {
			if (!r->started)
				st = fail(r, 0, "the file is empty");
			else
				st = fail(r, r->line, "END:VCALENDAR is missing: the file is truncated");
			break;
		}
		if (!r->started) {
			if (l.len == 0)
				continue;
			if (!is_line(&l, "BEGIN:VCALENDAR")) {
				st = fail(r, line, "not an iCalendar file: it begins with something else than BEGIN:VCALENDAR");
				break;
			}
			r->started = 1;
			continue;
		}
		if (memchr(l.buf ? l.buf : "", '\0', l.len) || !text_ok(l.buf ? l.buf : "", 1)) {
			st = fail(r, line, "not UTF-8 text");
			break;
		}
		if (is_line(&l, "END:VCALENDAR")) {
			r->ended = 1;
			st = 0;
			break;
		}
		if (starts_with(l.buf, "PRODID:-//dipcal//"))
			r->from_dipcal = 1;
		if (is_line(&l, "BEGIN:VTIMEZONE")) {
			st = read_component(r, "VTIMEZONE", line);
			if (!st)
				st = add_vtimezone(r, line);
			if (st)
				break;
			continue;
		}
		if (is_line(&l, "BEGIN:VEVENT")) {
			st = read_component(r, "VEVENT", line);
			if (!st)
				st = read_event(r, ev, line);
			break;
		}
		if (starts_with(l.buf, "BEGIN:")) {
			/* Other components (VTODO, VJOURNAL, ...) are read past. */
			char kind[64];

			snprintf(kind, sizeof(kind), "%s", l.buf + 6);
			st = read_component(r, kind, line);
			if (st)
				break;
			continue;
		}
		if (l.len && !strchr(l.buf, ':')) {
			st = fail(r, line, "not a property line: '%.40s'", l.buf);
			break;
		}
	}
	sb_release(&l);
	return st;
}
