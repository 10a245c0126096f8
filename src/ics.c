#include "ics.h"

#include <ctype.h>
#include <errno.h>
#include <libical/ical.h>
#include <stdarg.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wctype.h>

#include "store.h"
#include "util.h"
#include "banned.h"

#ifndef DIPCAL_VERSION
#define DIPCAL_VERSION "0.1"
#endif

/*
 * libical's built-in zones are read from the system's tz database and
 * looked up by their IANA location; their TZIDs carry libical's
 * "/freeassociation.sourceforge.net/" prefix, which is never written out.
 */
/*
 * libical finds a built-in zone by comparing the name with each of its
 * ~600 zones: a few names are asked for thousands of times, so the
 * answers are kept (the zones themselves live as long as the process).
 */
static struct {
	char name[64];
	icaltimezone *zone;
} known_zones[32];

/* Whether z is one of libical's built-in zones found by zone_lookup() (not a file's own). */
static int is_builtin(const icaltimezone *z)
{
	for (unsigned i = 0; i < sizeof(known_zones) / sizeof(known_zones[0]); i++)
		if (known_zones[i].zone == z)
			return 1;
	return 0;
}

static icaltimezone *zone_lookup(const char *name)
{
	static unsigned next, last;
	icaltimezone *z;

	if (!name || !*name)
		return NULL;
	/* The zone asked last, first: an agenda asks the same few in turn. */
	if (known_zones[last].zone && !strcmp(known_zones[last].name, name))
		return known_zones[last].zone;
	if (!strcmp(name, "UTC") || !strcmp(name, "Etc/UTC") || !strcmp(name, "Z"))
		return icaltimezone_get_utc_timezone();
	for (unsigned i = 0; i < sizeof(known_zones) / sizeof(known_zones[0]); i++) {
		if (known_zones[i].zone && !strcmp(known_zones[i].name, name)) {
			last = i;
			return known_zones[i].zone;
		}
	}
	z = icaltimezone_get_builtin_timezone(name);
	if (z && strlen(name) < sizeof(known_zones[0].name)) {
		unsigned i = next++ % (sizeof(known_zones) / sizeof(known_zones[0]));

		snprintf(known_zones[i].name, sizeof(known_zones[i].name), "%s", name);
		known_zones[i].zone = z;
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
 * each way: no zone changes its offset and back within two weeks. Where
 * the offset changes within the fortnight, the change is found to the
 * second and each side becomes a span.
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

static int fast_expand(const struct series *s, const struct icalrecurrencetype *r, icaltimezone *z,
		       int64_t from, int64_t to, int (*fn)(void *, int64_t, int64_t), void *arg);

struct onsets {
	int64_t at[64];
	size_t n;
};

static int add_onset(void *arg, int64_t start, int64_t end)
{
	struct onsets *o = arg;

	(void)end;
	if (o->n == sizeof(o->at) / sizeof(o->at[0]))
		return 1;
	o->at[o->n++] = start;
	return 0;
}

/*
 * The onsets of a rule's observance in [from, to) (local times, counted as
 * seconds), by the date arithmetic tested against libical (fast_expand):
 * through libical's ICU-based iterator, the few rules of the zones an
 * agenda meets cost more than the rest of it. A yearly rule of one month
 * and one day (BYMONTH=3;BYDAY=-1SU) is the monthly one of every twelfth
 * month. Returns 0, or -1 for a rule left to libical (or too many onsets).
 */
static int fast_onsets(const struct obs *o, int64_t from, int64_t to, struct onsets *on)
{
	struct icalrecurrencetype r = o->rule;
	struct series s;
	struct civil c;

	ical_to_civil(o->dtstart, &c);
	if (r.freq == ICAL_YEARLY_RECURRENCE) {
		if (r.by_month[0] != c.mo || r.by_month[1] != ICAL_RECURRENCE_ARRAY_MAX ||
		    r.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX || r.by_day[1] != ICAL_RECURRENCE_ARRAY_MAX)
			return -1;
		r.freq = ICAL_MONTHLY_RECURRENCE;
		r.interval = (short)(r.interval * 12);
		r.by_month[0] = ICAL_RECURRENCE_ARRAY_MAX;
	}
	memset(&s, 0, sizeof(s));
	s.tz = "UTC";
	s.start = s.end = s.wall = civil_as_utc(&c);
	s.has_wall = 1;
	on->n = 0;
	if (fast_expand(&s, &r, icaltimezone_get_utc_timezone(), from, to, add_onset, on) ||
	    on->n == sizeof(on->at) / sizeof(on->at[0]))
		return -1;
	return 0;
}

/*
 * In copy (an observance starting at its onset first, an instant), the
 * bounded rule replaced by the dates it gives: libical then expands no rule.
 * Rules fast_onsets() leaves to libical, and rules without an end, stay.
 */
static void rule_as_dates(icalcomponent *copy, const struct obs *o, int64_t first)
{
	struct onsets on;
	struct civil c;
	int64_t local = first + o->offset_from;
	icalproperty *rr;

	if (icaltime_is_null_time(o->rule.until))
		return;
	ical_to_civil(o->rule.until, &c);
	if (fast_onsets(o, local, civil_as_utc(&c) + 1, &on) || !on.n || on.at[0] != local)
		return;
	rr = icalcomponent_get_first_property(copy, ICAL_RRULE_PROPERTY);
	icalcomponent_remove_property(copy, rr);
	icalproperty_free(rr);
	for (size_t i = 1; i < on.n; i++) {
		struct icaldatetimeperiodtype d;

		utc_as_civil(on.at[i], &c);
		d.time = civil_to_ical(&c, 0);
		d.period = icalperiodtype_null_period();
		icalcomponent_add_property(copy, icalproperty_new_rdate(d));
	}
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
	{
		/*
		 * By arithmetic when it can: the onsets within 400 days each way
		 * of at tell both when one follows at and one precedes it there
		 * (or the rule begins there). Else libical's iterator.
		 */
		struct onsets on;
		int64_t lo = at - 400 * DAY_SECONDS, hi = at + 400 * DAY_SECONDS;

		if (!fast_onsets(o, lo + o->offset_from, hi + o->offset_from, &on)) {
			for (size_t i = 0; i < on.n; i++) {
				u = on.at[i] - o->offset_from;
				if (u <= at)
					*before = u;
				if (u >= at && *after == INT64_MAX)
					*after = u;
			}
			if (*after != INT64_MAX && (*before != INT64_MIN || ds >= lo))
				return 0;
			*before = INT64_MIN;
			*after = INT64_MAX;
		}
	}
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
		if (o.has_rule)
			rule_as_dates(copy, &o, after);
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

static struct cut cuts[32];

static void forget_spans(void);

/*
 * A zone's cut can be kept between runs, in the directory given to
 * ics_zone_cache(): a file a zone, named as the zone with '.' for '/'. Its
 * first line names what the cut is made from: the zone's file in the tz
 * database (device, inode, size, time of change), the year it is cut for,
 * libical's version. The second gives the instant it answers from ("none":
 * the zone has no cut), then comes its VTIMEZONE. A file that does not
 * match what the cut would be made from now is made again; one that cannot
 * be read or written costs only the time to make the cut. Loading a whole
 * zone from the tz database and cutting it was a tenth of the time of a
 * large agenda.
 */
#define CUT_CACHE_FORMAT 1
#define CUT_CACHE_MAX 65536

static char *cut_cache_dir;
static time_t cut_cache_since;  /* when this process began to keep cuts */

void ics_zone_cache(const char *dir)
{
	free(cut_cache_dir);
	cut_cache_dir = dir && *dir ? xstrdup(dir) : NULL;
	cut_cache_since = time(NULL);
}

/*
 * Zone z's cache file and the first line it must have, into *path and *key
 * (the caller frees both); -1: none. *fresh: whether the zone's file has
 * been the same since this process began, so that what libical read of it
 * is what the key names (a daemon that outlives an upgrade of the tz
 * database keeps what it read before, and must not file it under the new
 * key).
 */
static int cut_cache_of(icaltimezone *z, char **path, char **key, int *fresh)
{
	const char *loc = icaltimezone_get_location(z), *dir = icaltzutil_get_zone_directory();
	struct stat sb;
	struct civil y;
	char *file, *name;
	int rc;

	*path = *key = NULL;
	if (!cut_cache_dir || !loc || !*loc || !dir || strchr(loc, '.') || strlen(loc) > 200)
		return -1;
	file = xasprintf("%s/%s", dir, loc);
	rc = stat(file, &sb);
	free(file);
	if (rc)
		return -1;
	*fresh = sb.st_ctime < cut_cache_since && sb.st_mtime < cut_cache_since;
	name = xstrdup(loc);
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	*path = xasprintf("%s/%s", cut_cache_dir, name);
	free(name);
	utc_as_civil(now(), &y);
	*key = xasprintf("dipcal %s zone cut %d, libical %d.%d.%d, %s %ju %ju %jd %jd.%09ld, year %d\n", DIPCAL_VERSION,
			 CUT_CACHE_FORMAT, ICAL_MAJOR_VERSION, ICAL_MINOR_VERSION, ICAL_PATCH_VERSION, loc, (uintmax_t)sb.st_dev, (uintmax_t)sb.st_ino, (intmax_t)sb.st_size,
			 (intmax_t)sb.st_mtim.tv_sec, (long)sb.st_mtim.tv_nsec, y.y);
	return 0;
}

/* Whether tzid is location, or ends with "/" and location. */
static int ends_with_zone(const char *tzid, const char *location)
{
	size_t n = tzid ? strlen(tzid) : 0, k = location ? strlen(location) : 0;

	return k && n >= k && !strcmp(tzid + n - k, location) && (n == k || tzid[n - k - 1] == '/');
}

/* The cut of c->full from its cache file, when the file is there and matches key; 0, or -1. */
static int cut_read(struct cut *c, const char *path, const char *key)
{
	FILE *f = fopen(path, "r");
	char *buf, *p, *end;
	size_t n, klen = strlen(key);
	long long from;
	icalcomponent *vtz;
	icalproperty *tzid;
	int ok = 0;

	if (!f)
		return -1;
	buf = xmalloc(CUT_CACHE_MAX + 1);
	n = fread(buf, 1, CUT_CACHE_MAX + 1, f);
	fclose(f);
	buf[n <= CUT_CACHE_MAX ? n : CUT_CACHE_MAX] = '\0';
	if (n > CUT_CACHE_MAX || n < klen || memcmp(buf, key, klen) || strncmp(buf + klen, "from ", 5))
		goto out;
	p = buf + klen + 5;
	if (!strncmp(p, "none\n", 5) && !p[5]) {
		c->recent = NULL;
		ok = 1;
		goto out;
	}
	errno = 0;
	from = strtoll(p, &end, 10);
	if (errno || end == p || *end != '\n')
		goto out;
	vtz = icalparser_parse_string(end + 1);
	if (!vtz)
		goto out;
	/* The TZID: the zone's location, under libical's prefix (the whole zone is not loaded to ask it). */
	tzid = icalcomponent_get_first_property(vtz, ICAL_TZID_PROPERTY);
	if (icalcomponent_isa(vtz) == ICAL_VTIMEZONE_COMPONENT && !icalcomponent_count_errors(vtz) && tzid &&
	    ends_with_zone(icalproperty_get_tzid(tzid), icaltimezone_get_location(c->full))) {
		c->recent = icaltimezone_new();
		if (icaltimezone_set_component(c->recent, vtz)) {
			c->from = from;
			ok = 1;
			vtz = NULL;
		} else {
			icaltimezone_free(c->recent, 1);
			c->recent = NULL;
		}
	}
	if (vtz)
		icalcomponent_free(vtz);
out:
	free(buf);
	return ok ? 0 : -1;
}

/* Keeps the cut c (made just now) in its cache file, replaced at once; quietly nothing when it cannot. */
static void cut_write(const struct cut *c, const char *path, const char *key)
{
	char *tmp = xasprintf("%s.%ld", path, (long)getpid()), *text = NULL;
	FILE *f;
	int bad;

	if (mkdir_parents(path, NULL))
		goto out;
	f = fopen(tmp, "w");
	if (!f)
		goto out;
	if (c->recent) {
		text = icalcomponent_as_ical_string_r(icaltimezone_get_component(c->recent));
		bad = fprintf(f, "%sfrom %lld\n%s", key, (long long)c->from, text ? text : "") < 0 || !text;
	} else {
		bad = fprintf(f, "%sfrom none\n", key) < 0;
	}
	bad |= fclose(f) != 0;
	if (bad || rename(tmp, path))
		unlink(tmp);
out:
	free(text);
	free(tmp);
}

/* The cut of c->full: from its cache file, else made and kept there. */
static void cut_of(struct cut *c)
{
	char *path, *key;
	int fresh = 0;

	if (cut_cache_of(c->full, &path, &key, &fresh)) {
		make_cut(c);
		return;
	}
	if (cut_read(c, path, key)) {
		make_cut(c);
		if (fresh)
			cut_write(c, path, key);
	}
	free(path);
	free(key);
}

void ics_zone_cuts_forget(void)
{
	for (unsigned i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		if (cuts[i].recent)
			icaltimezone_free(cuts[i].recent, 1);
		memset(&cuts[i], 0, sizeof(cuts[i]));
	}
	forget_spans();
}

/* The zone to ask about instant t: z itself, or its recent rules when they answer for t. */
static icaltimezone *zone_for(icaltimezone *z, int64_t t)
{
	static unsigned next;
	struct cut *c = NULL;

	/* Only libical's built-in zones are cut: a file's own VTIMEZONE is short, and freed with the file. */
	if (zone_reference || z == icaltimezone_get_utc_timezone() || !is_builtin(z))
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
		cut_of(c);
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
static size_t nspans;

static void forget_spans(void)
{
	nspans = 0;
}

/* Forgets what is remembered of zone z (a file's own zone, about to be freed: its address may come again). */
static void forget_zone(icaltimezone *z)
{
	size_t k = 0;

	for (size_t i = 0; i < nspans; i++)
		if (spans[i].z != z)
			spans[k++] = spans[i];
	nspans = k;
	for (unsigned i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
		if (cuts[i].full == z) {
			if (cuts[i].recent)
				icaltimezone_free(cuts[i].recent, 1);
			memset(&cuts[i], 0, sizeof(cuts[i]));
		}
}

static void add_span(icaltimezone *z, int64_t lo, int64_t hi, int off)
{
	if (nspans < sizeof(spans) / sizeof(spans[0]))
		nspans++;
	memmove(&spans[1], &spans[0], (nspans - 1) * sizeof(spans[0]));
	spans[0].z = z;
	spans[0].lo = lo;
	spans[0].hi = hi;
	spans[0].off = off;
}

/*
 * The first second of (a, b] with offset ob, where a has offset oa: the one
 * change between them. *before is the offset the second before it has,
 * oa unless the fortnight holds more than one change.
 */
static int64_t change_between(icaltimezone *z, int64_t a, int oa, int64_t b, int ob, int *before)
{
	*before = oa;
	while (b - a > 1) {
		int64_t mid = a + (b - a) / 2;
		int o = raw_offset(z, mid);

		if (o == ob) {
			b = mid;
		} else {
			a = mid;
			*before = o;
		}
	}
	return b;
}

/*
 * Whether a time within a week of t near a change of zone z's offset was
 * looked up before (t is remembered when not): a change is searched for to
 * the second only when times near it are asked more than once.
 */
static int near_change_again(icaltimezone *z, int64_t t)
{
	static struct {
		icaltimezone *z;
		int64_t t;
	} near[8];
	static unsigned next;
	size_t n = sizeof(near) / sizeof(near[0]);

	for (size_t i = 0; i < n; i++) {
		if (near[i].z == z && t > near[i].t - SPAN_HALF && t < near[i].t + SPAN_HALF)
			return 1;
	}
	near[next % n].z = z;
	near[next++ % n].t = t;
	return 0;
}

/* The offset of z at t, and in [*lo, *hi) a span known to have it all along (empty when there is none). */
static int offset_span(icaltimezone *z, int64_t t, int64_t *lo, int64_t *hi)
{
	struct span hit;
	int o, before, after;

	*lo = *hi = t;
	if (z == icaltimezone_get_utc_timezone()) {
		*lo = INT64_MIN;
		*hi = INT64_MAX;
		return 0;
	}
	for (size_t i = 0; i < nspans; i++) {
		if (spans[i].z != z || t < spans[i].lo || t >= spans[i].hi)
			continue;
		hit = spans[i];
		memmove(&spans[1], &spans[0], i * sizeof(spans[0]));
		spans[0] = hit;
		*lo = hit.lo;
		*hi = hit.hi;
		return hit.off;
	}
	/*
	 * A time less than a week past either end of a span of the zone: the
	 * span grows by a week when the offset a week beyond that end is still
	 * its own (its samples stay a week apart at most). Times read in order
	 * then cost one lookup a week instead of three.
	 */
	for (size_t i = 0; i < nspans; i++) {
		int64_t at;

		if (spans[i].z != z || t < spans[i].lo - SPAN_HALF || t >= spans[i].hi + SPAN_HALF)
			continue;
		at = t >= spans[i].hi ? spans[i].hi + SPAN_HALF : spans[i].lo - SPAN_HALF;
		if (raw_offset(z, at) != spans[i].off)
			break;
		hit = spans[i];
		if (t >= hit.hi)
			hit.hi = at;
		else
			hit.lo = at;
		memmove(&spans[1], &spans[0], i * sizeof(spans[0]));
		spans[0] = hit;
		*lo = hit.lo;
		*hi = hit.hi;
		return hit.off;
	}
	o = raw_offset(z, t);
	before = raw_offset(z, t - SPAN_HALF);
	after = raw_offset(z, t + SPAN_HALF);
	if (before == o && after == o) {
		add_span(z, t - SPAN_HALF, t + SPAN_HALF, o);
	} else if (!near_change_again(z, t)) {
		/* A lookup near a change once: its second costs it a search. */
	} else if (before != o && after == o) {
		/* The one change of the fortnight, found to the second: both sides are spans. */
		int last;
		int64_t x = change_between(z, t - SPAN_HALF, before, t, o, &last);

		if (last == before)
			add_span(z, t - SPAN_HALF, x, before);
		add_span(z, x, t + SPAN_HALF, o);
	} else if (before == o) {
		int last;
		int64_t x = change_between(z, t, o, t + SPAN_HALF, after, &last);

		add_span(z, x, t + SPAN_HALF, after);
		if (last == o)
			add_span(z, t - SPAN_HALF, x, o);
	}
	/* The span just added that holds t, if any. */
	if (nspans && spans[0].z == z && t >= spans[0].lo && t < spans[0].hi && spans[0].off == o) {
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

int ics_utc_offset_libical(const char *zone, int64_t t, int *offset)
{
	icaltimezone *z = zone_lookup(zone);

	if (!z)
		return error(ST_INVALID, "unknown time zone '%s'", zone);
	*offset = z == icaltimezone_get_utc_timezone() ? 0 : raw_offset(z, t);
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
static int rule_valid_uncached(const char *rule)
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

/*
 * rule_valid_uncached() remembered: setting up libical's iterator (ICU's
 * calendar) costs some 50,000 instructions, and a calendar's rules repeat.
 * The answer depends on the rule's text alone.
 */
static int rule_valid(const char *rule)
{
	static struct {
		char *rule;
		int valid;
	} memo[64];
	uint32_t h = 2166136261u;
	size_t i;

	for (const char *p = rule; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	i = h % (sizeof(memo) / sizeof(memo[0]));
	if (!memo[i].rule || strcmp(memo[i].rule, rule)) {
		free(memo[i].rule);
		memo[i].rule = xstrdup(rule);
		memo[i].valid = rule_valid_uncached(rule);
	}
	return memo[i].valid;
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
	int64_t lastday;        /* the day of the last occurrence found so far */
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
	int64_t dur = s->end - s->start, days[40], until = INT64_MAX, count = 0, tod;
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
	tod = c0.h * 3600 + c0.mi * 60 + c0.s;
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
			int64_t start, local = days[i] * DAY_SECONDS + tod;

			if (days[i] < f.d0)
				continue;
			if (!fn) {
				/*
				 * Only the last occurrence is wanted: its day, by wall-clock
				 * arithmetic (local is what civil_as_utc() gives for the day at
				 * DTSTART's time), one conversion at the end.
				 */
				struct last_occ *l = arg;

				if (until_local == 2 ? days[i] > until : until_local == 1 ? local > until
				    : local - DAY_SECONDS > until)
					goto last;
				if (!until_local && local + DAY_SECONDS > until && !s->all_day) {
					struct civil c = c0;

					civil_from_days(days[i], &c.y, &c.mo, &c.d);
					if (!ics_local_to_utc(&c, s->tz, &start) && start > until)
						goto last;
				}
				if (r->count && ++count > r->count)
					goto last;
				l->lastday = days[i];
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

		struct civil c = c0;

		civil_from_days(l->lastday, &c.y, &c.mo, &c.d);
		if (l->n && s->all_day)
			l->last = l->lastday * DAY_SECONDS;
		else if (l->n && ics_local_to_utc(&c, s->tz, &l->last))
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
		p = fmt_2d(fmt_2d(p, c->y / 100), c->y % 100);
	} else {
		p = put_uint(p, (unsigned)c->y, 4);
	}
	p = fmt_2d(fmt_2d(p, c->mo), c->d);
	if (with_time) {
		*p++ = 'T';
		p = fmt_2d(fmt_2d(fmt_2d(p, c->h), c->mi), c->s);
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
	char *rbuf;             /* the file, read a block at a time: [rpos, rlen) is yet to be read */
	size_t rpos, rlen, rcap;
	int eof;
	int started, ended;
	struct vtz *zones;
	size_t nzones;
	icalcomponent *cur;     /* the VEVENT being returned, when libical parsed it */
	struct strbuf text;
	struct strbuf logical;  /* the logical line being read */
	int *lines;             /* line number of each logical line in text */
	size_t nlines, alines;
	char *strs[8];
	struct strbuf arena;    /* the fast path's strings for the event returned */
	int64_t *ex, *rd;
	size_t aex, ard;        /* their room */
	int guarded;            /* bit i: guarded_props[i] got the guard in this component */
	int from_dipcal;        /* PRODID says dipcal wrote the file */
	int reference;          /* every VEVENT through libical's parser */
	long nfast, nlibical;   /* VEVENTs read each way */
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

void ics_reader_set_reference(struct ics_reader *r, int on)
{
	r->reference = on;
}

void ics_reader_counts(const struct ics_reader *r, long *fast, long *libical)
{
	*fast = r->nfast;
	*libical = r->nlibical;
}

/* Forgets the event returned last; the buffers stay for the next. */
static void clear_event(struct ics_reader *r)
{
	if (r->cur)
		icalcomponent_free(r->cur);
	r->cur = NULL;
	for (size_t i = 0; i < sizeof(r->strs) / sizeof(r->strs[0]); i++) {
		free(r->strs[i]);
		r->strs[i] = NULL;
	}
	r->arena.len = 0;
}

void ics_reader_free(struct ics_reader *r)
{
	if (!r)
		return;
	clear_event(r);
	for (size_t i = 0; i < r->nzones; i++) {
		free(r->zones[i].tzid);
		free(r->zones[i].iana);
		if (r->zones[i].zone) {
			forget_zone(r->zones[i].zone);
			icaltimezone_free(r->zones[i].zone, 1);
		}
	}
	free(r->zones);
	free(r->rbuf);
	free(r->name);
	free(r->local_zone);
	sb_release(&r->text);
	sb_release(&r->logical);
	sb_release(&r->arena);
	free(r->ex);
	free(r->rd);
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

#define READ_BLOCK 65536

/* Reads on into the buffer, keeping what is yet to be read (moved to its start): 0 at the end of the file. */
static size_t refill(struct ics_reader *r)
{
	size_t keep = r->rlen - r->rpos, n;

	if (r->eof)
		return 0;
	if (r->rpos) {
		memmove(r->rbuf, r->rbuf + r->rpos, keep);
		r->rpos = 0;
		r->rlen = keep;
	}
	if (r->rcap - r->rlen < READ_BLOCK) {
		r->rcap = r->rcap * 2 > r->rlen + READ_BLOCK ? r->rcap * 2 : r->rlen + READ_BLOCK;
		r->rbuf = xrealloc(r->rbuf, r->rcap);
	}
	n = fread(r->rbuf + r->rlen, 1, r->rcap - r->rlen, r->in);
	if (!n)
		r->eof = 1;
	r->rlen += n;
	return n;
}

/*
 * The physical line at r->rpos, all of it in the buffer: its length
 * without its line end (CRs before the LF go too), and in *next where the
 * line after it begins.
 */
static size_t physical_line(struct ics_reader *r, size_t *next)
{
	size_t seen = 0, n;
	const char *nl;

	for (;;) {
		nl = memchr(r->rbuf + r->rpos + seen, '\n', r->rlen - r->rpos - seen);
		if (nl)
			break;
		seen = r->rlen - r->rpos;
		if (!refill(r))
			break;
	}
	n = nl ? (size_t)(nl - (r->rbuf + r->rpos)) : r->rlen - r->rpos;
	*next = r->rpos + n + (nl != NULL);
	while (n > 0 && r->rbuf[r->rpos + n - 1] == '\r')
		n--;
	r->line++;
	return n;
}

/*
 * The next logical line, added to out: folded continuations (a line end
 * then a space or tab) joined octet by octet, and only then checked as
 * UTF-8, so a fold inside a UTF-8 sequence is mended. Returns 1, 0 at the
 * end, or a status.
 */
static int logical_line(struct ics_reader *r, struct strbuf *out, int *line)
{
	size_t start = out->len, n, next;

	if (r->rpos == r->rlen && !refill(r))
		return 0;
	n = physical_line(r, &next);
	*line = r->line;
	sb_add(out, r->rbuf + r->rpos, n);
	r->rpos = next;
	for (;;) {
		if (out->len - start > LINE_MAX_BYTES)
			return fail(r, *line, "the line is longer than %d bytes", LINE_MAX_BYTES);
		if (r->rpos == r->rlen && !refill(r))
			break;
		if (r->rbuf[r->rpos] != ' ' && r->rbuf[r->rpos] != '\t')
			break;
		n = physical_line(r, &next);
		sb_add(out, r->rbuf + r->rpos + 1, n - 1);
		r->rpos = next;
	}
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
	char end[64];
	int line = 0, st, depth = 0;
	size_t klen = strlen(kind) < sizeof(end) - 5 ? strlen(kind) : sizeof(end) - 5;

	memcpy(end, "END:", 4);
	memcpy(end + 4, kind, klen);
	end[4 + klen] = '\0';
	r->text.len = 0;
	r->nlines = 0;
	r->guarded = 0;
	sb_puts(&r->text, "BEGIN:");
	sb_puts(&r->text, kind);
	sb_puts(&r->text, "\r\n");
	for (;;) {
		size_t start = r->text.len, len;
		const char *b;
		int prop;

		/* Each line is read into the component's text, where it stays. */
		st = logical_line(r, &r->text, &line);
		if (st != 1)
			return st ? st : fail(r, begin_line, "BEGIN:%s has no %s: the file is truncated", kind, end);
		b = r->text.buf + start;
		len = r->text.len - start;
		if (!text_ok_len(b, len, 1))
			return fail(r, line, "not UTF-8 text");
		if (r->nlines == r->alines) {
			r->alines = r->alines ? r->alines * 2 : 64;
			r->lines = xrealloc(r->lines, r->alines * sizeof(int));
		}
		r->lines[r->nlines++] = line;
		/* Only lines that begin with B or E can begin or end a component. */
		if ((b[0] | 0x20) == 'b' || (b[0] | 0x20) == 'e') {
			if (starts_with(b, "BEGIN:"))
				depth++;
			if (starts_with(b, "END:")) {
				if (depth == 0) {
					if (strcasecmp(b, end))
						return fail(r, line, "'%.40s' where %s was expected", b, end);
					r->text.len = start;
					sb_puts(&r->text, end);
					sb_puts(&r->text, "\r\n");
					break;
				}
				depth--;
			}
			if (starts_with(b, "BEGIN:VCALENDAR") || starts_with(b, "END:VCALENDAR"))
				return fail(r, line, "'%.40s' inside %s: %s is missing", b, kind, end);
		}
		if (len && (b[len - 1] == ' ' || b[len - 1] == '\t') && (prop = text_prop(b))) {
			sb_puts(&r->text, guard);
			r->guarded |= 1 << (prop - 1);
		}
		sb_add(&r->text, "\r\n", 2);
	}
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
			forget_zone(z.zone);
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

/* What the fast path leaves to libical's parser (never a status: those are positive). */
#define FAST_NO (-1)

/* ics_local_to_utc(), or quietly FAST_NO when it would report an unknown zone. */
static int zone_local_to_utc(const struct civil *c, const char *zone, int quiet, int64_t *out)
{
	if (quiet && !zone_lookup(zone))
		return FAST_NO;
	return ics_local_to_utc(c, zone, out);
}

/*
 * A date-time value's instant: t as read, tzid its TZID parameter or NULL.
 * The zone it is read in goes to *zone (borrowed): the IANA name, "UTC", or
 * the local zone for floating times. An error is reported and returned; with
 * quiet, FAST_NO is returned instead and nothing is said.
 */
static int time_instant(struct ics_reader *r, const char *tzid, const char *name, struct icaltimetype t,
			int64_t *out, const char **zone, int quiet)
{
	struct civil c;

	if (!valid_time(t) || icaltime_is_null_time(t))
		return quiet ? FAST_NO : fail(r, line_of(r, name), "invalid date or time in %s", name);
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
		return zone_local_to_utc(&c, r->local_zone, quiet, out);
	}
	for (size_t i = 0; i < r->nzones; i++) {
		if (strcmp(r->zones[i].tzid, tzid))
			continue;
		if (zone && !*zone)
			*zone = r->zones[i].iana ? r->zones[i].iana : "UTC";
		if (r->zones[i].iana)
			return zone_local_to_utc(&c, r->zones[i].iana, quiet, out);
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
			return quiet ? FAST_NO : fail(r, line_of(r, name), "unknown time zone '%s' in %s", tzid, name);
		memset(&z, 0, sizeof(z));
		z.tzid = xstrdup(tzid);
		z.iana = mapped ? mapped : xstrdup(plain);
		r->zones = xrealloc(r->zones, (r->nzones + 1) * sizeof(*r->zones));
		r->zones[r->nzones++] = z;
		if (zone && !*zone)
			*zone = z.iana;
		return zone_local_to_utc(&c, z.iana, quiet, out);
	}
}

/* A date-time property's instant (see time_instant), read with its TZID parameter. */
static int prop_instant(struct ics_reader *r, icalproperty *p, const char *name, struct icaltimetype t,
			int64_t *out, const char **zone)
{
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);

	return time_instant(r, tzp ? icalparameter_get_tzid(tzp) : NULL, name, t, out, zone, 0);
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

/* Appends an instant to the event's EXDATEs (ex) or RDATEs. */
static void add_date(struct ics_reader *r, int ex, size_t *n, int64_t at)
{
	int64_t **a = ex ? &r->ex : &r->rd;
	size_t *room = ex ? &r->aex : &r->ard;

	if (*n == *room) {
		*room = *room ? *room * 2 : 8;
		*a = xrealloc(*a, *room * sizeof(int64_t));
	}
	(*a)[(*n)++] = at;
}

static int collect_dates(struct ics_reader *r, icalcomponent *c, icalproperty_kind kind, const char *name,
			 size_t *n)
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
		add_date(r, kind == ICAL_EXDATE_PROPERTY, n, at);
	}
	return 0;
}

/* A DTSTAMP's, CREATED's or LAST-MODIFIED's instant, its zone ignored; 0 when it is not a date. */
static int64_t utc_of_time(struct icaltimetype t)
{
	struct civil c;

	if (!valid_time(t))
		return 0;
	ical_to_civil(t, &c);
	return civil_as_utc(&c);
}

static int64_t utc_of(icalproperty *p)
{
	return p ? utc_of_time(icalvalue_get_datetime(icalproperty_get_value(p))) : 0;
}

/* The event's dates sorted, NULL when there are none. */
static void sort_dates(struct ics_reader *r, struct ics_vevent *ev)
{
	if (ev->nexdates)
		qsort(r->ex, ev->nexdates, sizeof(int64_t), ics_cmp_instant);
	if (ev->nrdates)
		qsort(r->rd, ev->nrdates, sizeof(int64_t), ics_cmp_instant);
	ev->exdates = ev->nexdates ? r->ex : NULL;
	ev->rdates = ev->nrdates ? r->rd : NULL;
}

/* ---- the fast path: a VEVENT read without libical's parser ---- */

/*
 * fast_event() splits the content lines of a VEVENT itself (RFC 5545 3.1)
 * and fills struct ics_vevent as read_event() does from libical's tree:
 * values trimmed as libical's parser trims them, TEXT unescaped as it
 * unescapes it (3.3.11), the same instants through time_instant(). RRULE
 * and DURATION values are still read by libical's own functions. It reads
 * only what it can read with certainty: property names of letters, digits
 * and dashes; parameters it knows on the properties it reads; dates in
 * their plain forms; values libical would accept. Anything else, and any
 * error, returns FAST_NO without a word, and the whole component goes to
 * libical's parser (read_event), which reports it as ever.
 * tests/unit/test-read-fast.c holds the two paths to the same results.
 */

#define FAST_MAX_PARAMS 8
/* libical keeps at most this many values of one line (icalparser.c). */
#define LIC_MAX_VALUES 500

/* One content line, split: pointers into the component's text. */
struct cline {
	const char *name;
	size_t nlen;
	int np;
	struct {
		const char *name, *val;
		size_t nlen, vlen;
	} p[FAST_MAX_PARAMS];
	const char *raw;        /* after the ':', the line's end trimmed */
	size_t rawlen;
	const char *val;        /* raw as libical trims a single value */
	size_t vlen;
};

/* libical trims a line's end with iswspace() on each (signed) char, a value's ends with isspace(). */
static int lic_wspace(char c)
{
	return iswspace((wint_t)c) != 0;
}

static int lic_space(char c)
{
	return isspace((unsigned char)c) != 0;
}

static int name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* An octet of a parameter value the fast path reads as libical does: no controls, quotes, escapes. */
static int param_char(char c)
{
	return (unsigned char)c >= 0x20 && c != '"' && c != '\\' && c != '^' && c != 0x7f;
}

static int param_is(const struct cline *cl, int i, const char *name)
{
	return strlen(name) == cl->p[i].nlen && !strncasecmp(cl->p[i].name, name, cl->p[i].nlen);
}

/* Splits the line [s, s + len) into name, parameters and value: 0, or FAST_NO. */
static int split_line(const char *s, size_t len, struct cline *cl)
{
	const char *p = s, *e;

	/* libical trims the line's end, all but its first octet (icalparser_get_line). */
	while (len > 1 && lic_wspace(s[len - 1]))
		len--;
	e = s + len;
	if (memchr(s, '\r', len))
		return FAST_NO;
	cl->name = s;
	while (p < e && name_char(*p))
		p++;
	cl->nlen = (size_t)(p - s);
	if (!cl->nlen || p == e || (*p != ';' && *p != ':'))
		return FAST_NO;
	cl->np = 0;
	while (*p == ';') {
		const char *n = ++p, *v;
		size_t vlen;

		while (p < e && name_char(*p))
			p++;
		if (p == n || p == e || *p != '=' || cl->np == FAST_MAX_PARAMS)
			return FAST_NO;
		cl->p[cl->np].name = n;
		cl->p[cl->np].nlen = (size_t)(p - n);
		p++;
		if (p < e && *p == '"') {
			v = ++p;
			while (p < e && *p != '"') {
				if (!param_char(*p))
					return FAST_NO;
				p++;
			}
			if (p == e)
				return FAST_NO;
			vlen = (size_t)(p - v);
			p++;
		} else {
			v = p;
			while (p < e && *p != ';' && *p != ':') {
				if (!param_char(*p))
					return FAST_NO;
				p++;
			}
			vlen = (size_t)(p - v);
		}
		if (p == e || (*p != ';' && *p != ':') || !vlen || lic_wspace(v[vlen - 1]) || lic_space(v[vlen - 1]))
			return FAST_NO;
		cl->p[cl->np].val = v;
		cl->p[cl->np].vlen = vlen;
		cl->np++;
	}
	cl->raw = ++p;
	cl->rawlen = (size_t)(e - p);
	if (!cl->rawlen)
		return FAST_NO;         /* libical: "No value for ... property" */
	cl->val = cl->raw;
	cl->vlen = cl->rawlen;
	while (cl->vlen && lic_space(cl->val[cl->vlen - 1]))
		cl->vlen--;
	while (cl->vlen && lic_space(*cl->val)) {
		cl->val++;
		cl->vlen--;
	}
	return 0;
}

/* The properties the fast path knows. */
enum fprop {
	F_UNKNOWN, F_UID, F_SUMMARY, F_LOCATION, F_DESCRIPTION, F_COMMENT, F_DTSTART, F_DTEND, F_RECURID,
	F_EXDATE, F_RDATE, F_DURATION, F_RRULE, F_STATUS, F_SEQUENCE, F_DTSTAMP, F_CREATED, F_LASTMOD,
	F_IGNORED,      /* values libical accepts whatever they say: enumerations, integers, text, addresses */
	F_X,            /* X- properties: text */
	F_ACTION, F_TRIGGER, F_REPEAT, F_BEGIN, F_END,
	F_COUNT
};

#define FPROP(name, kind) { name, kind, sizeof(name) - 1 }
static const struct {
	const char *name;
	enum fprop kind;
	size_t len;
} fprops[] = {
	FPROP("UID", F_UID), FPROP("SUMMARY", F_SUMMARY), FPROP("LOCATION", F_LOCATION),
	FPROP("DESCRIPTION", F_DESCRIPTION), FPROP("COMMENT", F_COMMENT), FPROP("DTSTART", F_DTSTART),
	FPROP("DTEND", F_DTEND), FPROP("RECURRENCE-ID", F_RECURID), FPROP("EXDATE", F_EXDATE),
	FPROP("RDATE", F_RDATE), FPROP("DURATION", F_DURATION), FPROP("RRULE", F_RRULE),
	FPROP("STATUS", F_STATUS), FPROP("SEQUENCE", F_SEQUENCE), FPROP("DTSTAMP", F_DTSTAMP),
	FPROP("CREATED", F_CREATED), FPROP("LAST-MODIFIED", F_LASTMOD),
	FPROP("CATEGORIES", F_IGNORED), FPROP("RESOURCES", F_IGNORED), FPROP("CONTACT", F_IGNORED),
	FPROP("RELATED-TO", F_IGNORED), FPROP("CLASS", F_IGNORED), FPROP("TRANSP", F_IGNORED),
	FPROP("PRIORITY", F_IGNORED), FPROP("URL", F_IGNORED), FPROP("ORGANIZER", F_IGNORED),
	FPROP("ATTENDEE", F_IGNORED), FPROP("ACTION", F_ACTION), FPROP("TRIGGER", F_TRIGGER),
	FPROP("REPEAT", F_REPEAT), FPROP("BEGIN", F_BEGIN), FPROP("END", F_END),
};
#undef FPROP

static enum fprop fprop_of(const struct cline *cl)
{
	if (cl->nlen > 2 && cl->name[0] == 'X' && cl->name[1] == '-')
		return cl->nlen >= 6 && !strncasecmp(cl->name, "X-LIC-", 6) ? F_UNKNOWN : F_X;
	for (size_t i = 0; i < sizeof(fprops) / sizeof(fprops[0]); i++) {
		size_t j = 0;

		if (fprops[i].len != cl->nlen)
			continue;
		/* Letters, digits and dashes: equal but for case when they differ in bit 0x20 at most. */
		while (j < cl->nlen && !((fprops[i].name[j] ^ cl->name[j]) & ~0x20))
			j++;
		if (j == cl->nlen)
			return fprops[i].kind;
	}
	return F_UNKNOWN;
}

/*
 * Whether libical would read the line's parameters as the fast path does:
 * TZID and VALUE=DATE or DATE-TIME on dates, LANGUAGE and ALTREP on text,
 * RELATED on TRIGGER, any but VALUE on what is not read; none elsewhere.
 * A TZID goes to tzid (NUL-terminated), or "" when there is none.
 */
static int params_ok(const struct cline *cl, enum fprop k, char *tzid, size_t tzcap)
{
	int seen_tz = 0, seen_value = 0;

	*tzid = '\0';
	for (int i = 0; i < cl->np; i++) {
		int tz = param_is(cl, i, "TZID"), value = param_is(cl, i, "VALUE");

		/* libical reads a TZID up to the value's last colon (Google's "GMT+05:30"). */
		if (tz && memchr(cl->raw, ':', cl->rawlen))
			return FAST_NO;
		switch (k) {
		case F_DTSTART: case F_DTEND: case F_RECURID: case F_EXDATE: case F_RDATE:
			if (tz && !seen_tz++) {
				if (cl->p[i].vlen >= tzcap)
					return FAST_NO;
				memcpy(tzid, cl->p[i].val, cl->p[i].vlen);
				tzid[cl->p[i].vlen] = '\0';
			} else if (value && !seen_value++) {
				if (!((cl->p[i].vlen == 4 && !strncasecmp(cl->p[i].val, "DATE", 4)) ||
				      (cl->p[i].vlen == 9 && !strncasecmp(cl->p[i].val, "DATE-TIME", 9))))
					return FAST_NO;
			} else {
				return FAST_NO;
			}
			break;
		case F_UID: case F_SUMMARY: case F_LOCATION: case F_DESCRIPTION: case F_COMMENT:
			if (!param_is(cl, i, "LANGUAGE") && !param_is(cl, i, "ALTREP"))
				return FAST_NO;
			break;
		case F_TRIGGER:
			if (!param_is(cl, i, "RELATED"))
				return FAST_NO;
			break;
		case F_IGNORED: case F_X: case F_ACTION: case F_REPEAT:
			if (value)
				return FAST_NO;
			break;
		default:
			return FAST_NO;
		}
	}
	return 0;
}

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return FAST_NO;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * A DATE or DATE-TIME as libical's icaltime_from_string() reads it, for the
 * plain forms YYYYMMDD, YYYYMMDDTHHMMSS and YYYYMMDDTHHMMSSZ: 0, or FAST_NO.
 */
static int fast_time(const char *s, size_t n, struct icaltimetype *t)
{
	*t = icaltime_null_time();
	if (n != 8 && n != 15 && n != 16)
		return FAST_NO;
	if (digits(s, 4, &t->year) || digits(s + 4, 2, &t->month) || digits(s + 6, 2, &t->day))
		return FAST_NO;
	if (n == 8) {
		t->is_date = 1;
	} else {
		if (s[8] != 'T' || digits(s + 9, 2, &t->hour) || digits(s + 11, 2, &t->minute) ||
		    digits(s + 13, 2, &t->second) || (n == 16 && s[15] != 'Z'))
			return FAST_NO;
		if (n == 16)
			t->zone = icaltimezone_get_utc_timezone();
	}
	return icaltime_is_null_time(*t) ? FAST_NO : 0;
}

/* A value NUL-terminated in buf of n bytes: 0, or FAST_NO when it is longer. */
static int value_copy(const struct cline *cl, char *buf, size_t n)
{
	if (cl->vlen >= n)
		return FAST_NO;
	memcpy(buf, cl->val, cl->vlen);
	buf[cl->vlen] = '\0';
	return 0;
}

/* A DURATION or TRIGGER value through libical's own reader: 0, or FAST_NO when libical refuses it. */
static int fast_duration(const struct cline *cl, struct icaldurationtype *d)
{
	char buf[64];
	icalerrorstate es = icalerror_get_error_state(ICAL_MALFORMEDDATA_ERROR);

	if (value_copy(cl, buf, sizeof(buf)))
		return FAST_NO;
	icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_NONFATAL);
	*d = icaldurationtype_from_string(buf);
	icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, es);
	icalerror_clear_errno();
	return icaldurationtype_is_bad_duration(*d) ? FAST_NO : 0;
}

/*
 * An RRULE value as libical stores and prints it: its own reader, then its
 * own writer (what icalproperty_get_value_as_string_r() gives). The
 * caller frees *rule. 0, or FAST_NO when libical refuses it.
 */
static int fast_rrule(const struct cline *cl, char **rule)
{
	char *buf = xmalloc(cl->vlen + 1);
	struct icalrecurrencetype rt;
	icalerrorstate es = icalerror_get_error_state(ICAL_MALFORMEDDATA_ERROR);
	int st = FAST_NO;

	memcpy(buf, cl->val, cl->vlen);
	buf[cl->vlen] = '\0';
	icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_NONFATAL);
	rt = icalrecurrencetype_from_string(buf);
	icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, es);
	icalerror_clear_errno();
	free(buf);
	/* libical keeps no rule that has both COUNT and UNTIL (icalvalue_set_recur). */
	if (rt.freq != ICAL_NO_RECURRENCE && (rt.count == 0 || icaltime_is_null_time(rt.until))) {
		*rule = icalrecurrencetype_as_string_r(&rt);
		st = *rule ? 0 : FAST_NO;
	}
	free(rt.rscale);
	return st;
}

/* A TEXT value unescaped as libical does (icalmemory_strdup_and_dequote), into the arena: its offset. */
static size_t fast_text(struct ics_reader *r, const char *v, size_t n)
{
	size_t at = r->arena.len;
	char *o, *out;
	const char *p, *e;

	sb_add(&r->arena, v, n);
	out = o = r->arena.buf + at;
	p = out;
	e = out + n;
	while (p < e) {
		if (*p == '\\') {
			if (++p == e)
				break;
			switch (*p) {
			case 'n': case 'N': *o = '\n'; break;
			case 't': case 'T': *o = '\t'; break;
			case 'r': case 'R': *o = '\r'; break;
			case 'b': case 'B': *o = '\b'; break;
			case 'f': case 'F': *o = '\f'; break;
			case ';': case ',': case '"': case '\\': *o = *p; break;
			default: *o = ' ';
			}
		} else {
			*o = *p;
		}
		o++;
		p++;
	}
	r->arena.len = at + (size_t)(o - out);
	sb_add(&r->arena, "", 1);
	return at;
}

/* The arena offset of a text property's value, its guard removed as text_value() removes it. */
static size_t fast_text_value(struct ics_reader *r, int prop, const char *v, size_t vlen)
{
	size_t at = fast_text(r, v, vlen), n = r->arena.len - 1 - at, g = strlen(guard);

	if ((r->guarded & (1 << prop)) && n >= g && !memcmp(r->arena.buf + at + n - g, guard, g))
		r->arena.buf[at + n - g] = '\0';
	return at;
}

#define NO_TEXT ((size_t)-1)

/* The longest TZID the fast path reads. */
#define FAST_TZID_MAX 128

/* A date-time property as the fast path keeps it. */
struct ftime {
	int set;
	struct icaltimetype t;
	char *tzid;             /* FAST_TZID_MAX bytes of the caller's; "" for none */
};

/* The first value of each property read_event() reads. */
struct fevent {
	const char *text[5];            /* SUMMARY, LOCATION, DESCRIPTION, COMMENT, UID: trimmed, not unescaped */
	size_t tlen[5];
	struct ftime start, end, rid;
	int has_duration, has_status, has_sequence;
	struct icaldurationtype duration;
	const char *status;
	int sequence;
	int has_rrule;
	int has_stamp[3];
	struct icaltimetype stamp[3];   /* DTSTAMP, CREATED, LAST-MODIFIED */
};

/* EXDATE or RDATE: each value of the line, in order. */
static int fast_dates(struct ics_reader *r, const struct cline *cl, const char *tzid, int ex, size_t *n)
{
	const char *p = cl->raw, *e = cl->raw + cl->rawlen;
	int count = 0;

	/* libical reads a floating time with TZID=UTC or GMT as UTC in EXDATE (icalproperty_get_exdate). */
	if (ex && *tzid && (strstr(tzid, "UTC") || strstr(tzid, "GMT")))
		return FAST_NO;
	while (p < e) {
		const char *c = memchr(p, ',', (size_t)(e - p));
		struct icaltimetype t;
		int64_t at;

		if (!c)
			c = e;
		if (++count > LIC_MAX_VALUES || fast_time(p, (size_t)(c - p), &t) ||
		    time_instant(r, *tzid ? tzid : NULL, ex ? "EXDATE" : "RDATE", t, &at, NULL, 1))
			return FAST_NO;
		add_date(r, ex, n, at);
		if (c < e && c + 1 == e)
			return FAST_NO; /* a comma at the end */
		p = c + 1;
	}
	return 0;
}

static int fast_int(const struct cline *cl, int *out)
{
	size_t sign = cl->vlen && (cl->val[0] == '-' || cl->val[0] == '+');

	if (cl->vlen == sign || cl->vlen - sign > 9 || digits(cl->val + sign, cl->vlen - sign, out))
		return FAST_NO;
	if (cl->val[0] == '-')
		*out = -*out;
	return 0;
}

/* One line of the VEVENT (alarm: inside its VALARM): checked, and its value kept when read_event reads it. */
/* DTSTART, DTEND or RECURRENCE-ID: its value read, and kept in ft when it is the first. */
static int fast_when(const struct cline *cl, const char *tzid, struct ftime *ft)
{
	struct icaltimetype t;

	if (fast_time(cl->val, cl->vlen, &t))
		return FAST_NO;
	if (!ft->set++) {
		ft->t = t;
		memcpy(ft->tzid, tzid, strlen(tzid) + 1);
	}
	return 0;
}

static int fast_line(struct ics_reader *r, struct ics_vevent *ev, const struct cline *cl, enum fprop k, int alarm,
		     struct fevent *f)
{
	char tzid[FAST_TZID_MAX];
	struct icaldurationtype d;

	if (params_ok(cl, k, tzid, sizeof(tzid)))
		return FAST_NO;
	if (alarm) {
		switch (k) {
		case F_TRIGGER:
		case F_DURATION:
			return fast_duration(cl, &d);
		case F_ACTION: case F_REPEAT: case F_X: case F_IGNORED: case F_SUMMARY: case F_DESCRIPTION: case F_UID:
			return 0;
		default:
			return FAST_NO;
		}
	}
	switch (k) {
	case F_SUMMARY: case F_LOCATION: case F_DESCRIPTION: case F_COMMENT: case F_UID:
		return 0;       /* kept by fast_event() */
	case F_DTSTART:
		return fast_when(cl, tzid, &f->start);
	case F_DTEND:
		return fast_when(cl, tzid, &f->end);
	case F_RECURID:
		return fast_when(cl, tzid, &f->rid);
	case F_EXDATE:
		return fast_dates(r, cl, tzid, 1, &ev->nexdates);
	case F_RDATE:
		return fast_dates(r, cl, tzid, 0, &ev->nrdates);
	case F_DURATION:
		if (fast_duration(cl, &d))
			return FAST_NO;
		if (!f->has_duration++)
			f->duration = d;
		return 0;
	case F_RRULE: {
		char *rule;

		if (fast_rrule(cl, &rule))
			return FAST_NO;
		if (f->has_rrule++) {
			free(rule);
		} else {
			r->strs[5] = rule;
		}
		return 0;
	}
	case F_STATUS:
		if (!f->has_status++)
			f->status = cl->vlen == 9 && !strncasecmp(cl->val, "CANCELLED", 9) ? "cancelled"
				: cl->vlen == 9 && !strncasecmp(cl->val, "CONFIRMED", 9) ? "confirmed" : "planned";
		return 0;
	case F_SEQUENCE: {
		int v;

		if (fast_int(cl, &v))
			return FAST_NO;
		if (!f->has_sequence++)
			f->sequence = v;
		return 0;
	}
	case F_DTSTAMP: case F_CREATED: case F_LASTMOD: {
		int i = k == F_DTSTAMP ? 0 : k == F_CREATED ? 1 : 2;
		struct icaltimetype t;

		if (fast_time(cl->val, cl->vlen, &t))
			return FAST_NO;
		if (!f->has_stamp[i]++)
			f->stamp[i] = t;
		return 0;
	}
	case F_IGNORED: case F_X:
		return 0;
	default:
		return FAST_NO;
	}
}

static int fast_event(struct ics_reader *r, struct ics_vevent *ev, int begin_line)
{
	static const char head[] = "BEGIN:VEVENT\r\n", tail[] = "END:VEVENT\r\n";
	const char *p = r->text.buf + strlen(head), *end = r->text.buf + r->text.len - strlen(tail);
	struct cline cl;
	size_t off[5];
	struct fevent f;
	char tzids[3][FAST_TZID_MAX];
	const char *zone = NULL;
	size_t tz;
	int alarm = 0;

	memset(ev, 0, sizeof(*ev));
	memset(&f, 0, sizeof(f));
	f.start.tzid = tzids[0];
	f.end.tzid = tzids[1];
	f.rid.tzid = tzids[2];
	ev->line = begin_line;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)(nl - p) - 1;      /* without its CR */
		enum fprop k;

		if (!len || split_line(p, len, &cl))
			return FAST_NO;
		k = fprop_of(&cl);
		if (k == F_BEGIN || k == F_END) {
			/* Only VALARMs are read inside a VEVENT. */
			if (cl.np || cl.rawlen != 6 || memcmp(cl.raw, "VALARM", 6) || alarm != (k == F_END) ||
			    memcmp(cl.name, k == F_BEGIN ? "BEGIN" : "END", cl.nlen))
				return FAST_NO;
			alarm = k == F_BEGIN;
		} else {
			int i = k == F_UID ? 4 : (int)k - F_SUMMARY;

			if (fast_line(r, ev, &cl, k, alarm, &f))
				return FAST_NO;
			/* The first of each text property, as icalcomponent_get_first_property() finds it. */
			if (!alarm && (k == F_UID || (k >= F_SUMMARY && k <= F_COMMENT)) && !f.text[i]) {
				f.text[i] = cl.val;
				f.tlen[i] = cl.vlen;
			}
		}
		p = nl + 1;
	}
	if (alarm)
		return FAST_NO;

	/* As read_event() reads libical's tree; its errors are libical's path's to report. */
	if (!f.text[4])
		return FAST_NO;
	for (int i = 0; i < 5; i++)
		off[i] = NO_TEXT;
	off[4] = fast_text(r, f.text[4], f.tlen[4]);
	if (!r->arena.buf[off[4]] || !f.start.set)
		return FAST_NO;
	if (time_instant(r, *f.start.tzid ? f.start.tzid : NULL, "DTSTART", f.start.t, &ev->start, &zone, 1))
		return FAST_NO;
	ev->all_day = f.start.t.is_date;
	tz = r->arena.len;
	sb_add(&r->arena, zone ? zone : "UTC", strlen(zone ? zone : "UTC") + 1);
	if (f.end.set) {
		if (f.end.t.is_date != f.start.t.is_date ||
		    time_instant(r, *f.end.tzid ? f.end.tzid : NULL, "DTEND", f.end.t, &ev->end, NULL, 1))
			return FAST_NO;
	} else if (f.has_duration) {
		struct icaldurationtype d = f.duration;

		if (d.is_neg)
			return FAST_NO;
		ev->end = ev->start + (int64_t)d.weeks * 7 * DAY_SECONDS + (int64_t)d.days * DAY_SECONDS +
			  (int64_t)d.hours * 3600 + (int64_t)d.minutes * 60 + d.seconds;
	} else {
		ev->end = ev->start + (ev->all_day ? DAY_SECONDS : 0);
	}
	if (ev->end < ev->start)
		return FAST_NO;
	if (ev->all_day && ev->end == ev->start)
		ev->end = ev->start + DAY_SECONDS;
	for (int i = 0; i < 4; i++)
		if (f.text[i] && (i < 3 || r->from_dipcal))
			off[i] = fast_text_value(r, i, f.text[i], f.tlen[i]);
	if (r->strs[5] && !rule_valid(r->strs[5]))
		return FAST_NO;
	ev->rrule = r->strs[5];
	ev->status = f.has_status ? f.status : "planned";
	ev->sequence = f.has_sequence ? f.sequence : 0;
	ev->dtstamp = f.has_stamp[0] ? utc_of_time(f.stamp[0]) : 0;
	ev->created = f.has_stamp[1] ? utc_of_time(f.stamp[1]) : 0;
	ev->modified = f.has_stamp[2] ? utc_of_time(f.stamp[2]) : 0;
	if (!ev->modified)
		ev->modified = ev->dtstamp;
	sort_dates(r, ev);
	if (f.rid.set) {
		if (time_instant(r, *f.rid.tzid ? f.rid.tzid : NULL, "RECURRENCE-ID", f.rid.t, &ev->recurrence_id,
				 NULL, 1))
			return FAST_NO;
		ev->has_recurrence_id = 1;
	}
	/* The arena has its final size: its offsets become pointers. */
	ev->uid = r->arena.buf + off[4];
	ev->tz = r->arena.buf + tz;
	ev->summary = off[0] != NO_TEXT ? r->arena.buf + off[0] : NULL;
	ev->location = off[1] != NO_TEXT ? r->arena.buf + off[1] : NULL;
	ev->description = off[2] != NO_TEXT ? r->arena.buf + off[2] : NULL;
	if (r->from_dipcal) {
		ev->notes = off[3] != NO_TEXT ? r->arena.buf + off[3] : NULL;
		ev->has_notes = 1;
	}
	return 1;
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
	st = collect_dates(r, c, ICAL_EXDATE_PROPERTY, "EXDATE", &ev->nexdates);
	if (!st)
		st = collect_dates(r, c, ICAL_RDATE_PROPERTY, "RDATE", &ev->nrdates);
	if (st)
		return st;
	sort_dates(r, ev);
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
	struct strbuf *l = &r->logical;
	int line = 0, st;

	clear_event(r);
	if (r->ended)
		return 0;
	for (;;) {
		l->len = 0;
		st = logical_line(r, l, &line);
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
			if (l->len == 0)
				continue;
			if (!is_line(l, "BEGIN:VCALENDAR")) {
				st = fail(r, line, "not an iCalendar file: it begins with something else than BEGIN:VCALENDAR");
				break;
			}
			r->started = 1;
			continue;
		}
		if (!text_ok_len(l->buf, l->len, 1)) {
			st = fail(r, line, "not UTF-8 text");
			break;
		}
		if (is_line(l, "END:VCALENDAR")) {
			r->ended = 1;
			st = 0;
			break;
		}
		if (starts_with(l->buf, "PRODID:-//dipcal//"))
			r->from_dipcal = 1;
		if (is_line(l, "BEGIN:VTIMEZONE")) {
			st = read_component(r, "VTIMEZONE", line);
			if (!st)
				st = add_vtimezone(r, line);
			if (st)
				break;
			continue;
		}
		if (is_line(l, "BEGIN:VEVENT")) {
			st = read_component(r, "VEVENT", line);
			if (st)
				break;
			st = r->reference ? FAST_NO : fast_event(r, ev, line);
			if (st == FAST_NO) {
				/* What the fast path does not read with certainty, libical's parser reads. */
				clear_event(r);
				r->nlibical++;
				st = read_event(r, ev, line);
			} else {
				r->nfast++;
			}
			break;
		}
		if (starts_with(l->buf, "BEGIN:")) {
			/* Other components (VTODO, VJOURNAL, ...) are read past. */
			char kind[64];

			snprintf(kind, sizeof(kind), "%s", l->buf + 6);
			st = read_component(r, kind, line);
			if (st)
				break;
			continue;
		}
		if (l->len && !strchr(l->buf, ':')) {
			st = fail(r, line, "not a property line: '%.40s'", l->buf);
			break;
		}
	}
	return st;
}
