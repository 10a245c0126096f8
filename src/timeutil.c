#include "timeutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ics.h"
#include "util.h"
#include "banned.h"

static int clock_fixed;
static int64_t clock_value;
static int64_t clock_offset;   /* a running clock: the system clock plus this */
static int clock_running;

int64_t days_from_civil(int y, int m, int d)
{
	/* Howard Hinnant's days_from_civil, proleptic Gregorian. */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

int64_t civil_as_utc(const struct civil *c)
{
	return days_from_civil(c->y, c->mo, c->d) * DAY_SECONDS + c->h * 3600 + c->mi * 60 + c->s;
}

void utc_as_civil(int64_t t, struct civil *c)
{
	int64_t days = t >= 0 ? t / DAY_SECONDS : -((-t + DAY_SECONDS - 1) / DAY_SECONDS);
	int64_t rem = t - days * DAY_SECONDS;

	civil_from_days(days, &c->y, &c->mo, &c->d);
	c->h = (int)(rem / 3600);
	c->mi = (int)(rem % 3600 / 60);
	c->s = (int)(rem % 60);
}

int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

int weekday_of_days(int64_t days)
{
	/* 1970-01-01 was a Thursday (3). */
	int64_t w = (days + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static const char *const month_names[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

/* Reads exactly n digits; returns -1 if they are not there. */
static int digits(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

static int parse_date_part(const char *what, const char *s, const char **p, struct civil *c)
{
	const char *q = *p;

	c->y = digits(&q, 4);
	if (c->y < 0 || *q++ != '-')
		goto bad;
	c->mo = digits(&q, 2);
	if (c->mo < 0 || *q++ != '-')
		goto bad;
	c->d = digits(&q, 2);
	if (c->d < 0)
		goto bad;
	if (c->y < 1)
		return error(ST_INVALID, "invalid %s '%s': no year 0000", what, s);
	if (c->mo < 1 || c->mo > 12)
		return error(ST_INVALID, "invalid %s '%s': no month %02d", what, s, c->mo);
	if (c->d < 1 || c->d > days_in_month(c->y, c->mo))
		return error(ST_INVALID, "invalid %s '%s': %s %d has %d days", what, s,
			     month_names[c->mo - 1], c->y, days_in_month(c->y, c->mo));
	*p = q;
	return 0;
bad:
	return error(ST_INVALID, "invalid %s '%s': expected YYYY-MM-DD[ HH:MM[:SS]][Z]", what, s);
}

int parse_date(const char *what, const char *s, struct civil *c)
{
	const char *p = s;
	int st;

	memset(c, 0, sizeof(*c));
	st = parse_date_part(what, s, &p, c);
	if (st)
		return st;
	if (*p)
		return error(ST_INVALID, "invalid %s '%s': expected a date YYYY-MM-DD", what, s);
	return 0;
}

int parse_when(const char *what, const char *s, struct civil *c, enum when_kind *kind)
{
	const char *p = s;
	int st;

	memset(c, 0, sizeof(*c));
	st = parse_date_part(what, s, &p, c);
	if (st)
		return st;
	if (!*p) {
		*kind = WHEN_DATE;
		return 0;
	}
	if (*p != ' ' && *p != 'T')
		goto bad;
	p++;
	c->h = digits(&p, 2);
	if (c->h < 0 || *p++ != ':')
		goto bad;
	c->mi = digits(&p, 2);
	if (c->mi < 0)
		goto bad;
	if (*p == ':') {
		p++;
		c->s = digits(&p, 2);
		if (c->s < 0)
			goto bad;
	}
	*kind = WHEN_LOCAL;
	if (*p == 'Z') {
		*kind = WHEN_UTC;
		p++;
	}
	if (*p)
		goto bad;
	if (c->h > 23)
		return error(ST_INVALID, "invalid %s '%s': no hour %02d", what, s, c->h);
	if (c->mi > 59)
		return error(ST_INVALID, "invalid %s '%s': no minute %02d", what, s, c->mi);
	if (c->s > 59)
		return error(ST_INVALID, "invalid %s '%s': no second %02d", what, s, c->s);
	return 0;
bad:
	return error(ST_INVALID, "invalid %s '%s': expected YYYY-MM-DD[ HH:MM[:SS]][Z]", what, s);
}

int parse_duration(const char *what, const char *s, int64_t *secs)
{
	const char *p = s;
	char *end;
	long long n;
	int64_t unit;

	if (*p == '-')
		return error(ST_INVALID, "invalid %s '%s': negative duration", what, s);
	if (*p == '+')
		p++;
	if (*p == 'P' || *p == 'p')
		return ics_parse_duration(what, s, secs);
	if (*p < '0' || *p > '9')
		goto bad;
	errno = 0;
	n = strtoll(p, &end, 10);
	if (errno || end[0] == '\0' || end[1] != '\0')
		goto bad;
	switch (*end) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = DAY_SECONDS; break;
	case 'w': unit = 7 * DAY_SECONDS; break;
	default: goto bad;
	}
	if (n > INT64_C(100) * 366 * DAY_SECONDS / unit)
		return error(ST_INVALID, "invalid %s '%s': longer than 100 years", what, s);
	*secs = n * unit;
	return 0;
bad:
	return error(ST_INVALID, "invalid %s '%s': expected an ISO 8601 duration (PT2H, P1W) "
		     "or a number with s, m, h, d or w (90m, 3d)", what, s);
}

int parse_period(const char *what, const char *s, int *months, int64_t *days)
{
	const char *p = s;
	char *end;
	long long y = 0, m = 0, n;
	int64_t secs;
	int st;

	*months = 0;
	*days = 0;
	if (*p == '-')
		return error(ST_INVALID, "invalid %s '%s': negative period", what, s);
	if (*p >= '0' && *p <= '9') {
		errno = 0;
		n = strtoll(p, &end, 10);
		if (!errno && n <= 1200 && (!strcmp(end, "mo") || !strcmp(end, "y"))) {
			*months = (int)(strcmp(end, "y") ? n : n * 12);
			goto check;
		}
	}
	if ((*p == 'P' || *p == 'p') && p[1] && !strchr(p, 'T') && !strchr(p, 'W') && !strchr(p, 'D')) {
		/* PnYnM: the months and years ISO 8601 allows and iCalendar durations do not. */
		p++;
		while (*p) {
			errno = 0;
			n = strtoll(p, &end, 10);
			if (errno || end == p || n < 0 || n > 1200)
				goto bad;
			if (*end == 'Y' || *end == 'y')
				y = n;
			else if (*end == 'M' || *end == 'm')
				m = n;
			else
				goto bad;
			p = end + 1;
		}
		*months = (int)(y * 12 + m);
		goto check;
	}
	st = parse_duration(what, s, &secs);
	if (st)
		return st;
	if (secs % DAY_SECONDS)
		return error(ST_INVALID, "invalid %s '%s': a term is whole days, months or years", what, s);
	*days = secs / DAY_SECONDS;
check:
	if (*months == 0 && *days == 0)
		return error(ST_INVALID, "invalid %s '%s': a zero-length term", what, s);
	return 0;
bad:
	return error(ST_INVALID, "invalid %s '%s': expected Nmo, Ny, P6M, P1Y or a duration in days", what, s);
}

char *fmt_2d(char *p, int n)
{
	p[0] = (char)('0' + n / 10 % 10);
	p[1] = (char)('0' + n % 10);
	return p + 2;
}

/* By hand, not snprintf: agendas and exports format thousands. */
char *fmt_ymd(const struct civil *c, char *buf)
{
	char *p = buf;

	if (c->y < 0 || c->y > 9999)
		return buf + snprintf(buf, 32, "%04d-%02d-%02d", c->y, c->mo, c->d);
	p = fmt_2d(p, c->y / 100);
	p = fmt_2d(p, c->y % 100);
	*p++ = '-';
	p = fmt_2d(p, c->mo);
	*p++ = '-';
	p = fmt_2d(p, c->d);
	*p = '\0';
	return p;
}

char *fmt_hm(const struct civil *c, char *buf)
{
	char *p = fmt_2d(buf, c->h);

	*p++ = ':';
	p = fmt_2d(p, c->mi);
	*p = '\0';
	return p;
}

char *fmt_rfc3339(int64_t t, char *buf)
{
	struct civil c;
	char *p;

	utc_as_civil(t, &c);
	p = fmt_ymd(&c, buf);
	*p++ = 'T';
	p = fmt_hm(&c, p);
	*p++ = ':';
	p = fmt_2d(p, c.s);
	*p++ = 'Z';
	*p = '\0';
	return buf;
}

char *fmt_date(int64_t t, char *buf)
{
	struct civil c;

	utc_as_civil(t, &c);
	fmt_ymd(&c, buf);
	return buf;
}

char *fmt_civil(const struct civil *c, int with_time, char *buf)
{
	if (with_time)
		snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d", c->y, c->mo, c->d, c->h, c->mi);
	else
		snprintf(buf, 32, "%04d-%02d-%02d", c->y, c->mo, c->d);
	return buf;
}

char *fmt_duration(int64_t secs, char *buf)
{
	int64_t w = secs / (7 * DAY_SECONDS), d, h, m, s;
	int n;

	if (secs > 0 && secs % (7 * DAY_SECONDS) == 0) {
		snprintf(buf, 32, "P%lldW", (long long)w);
		return buf;
	}
	d = secs / DAY_SECONDS;
	h = secs % DAY_SECONDS / 3600;
	m = secs % 3600 / 60;
	s = secs % 60;
	n = snprintf(buf, 32, "P");
	if (d)
		n += snprintf(buf + n, (size_t)(32 - n), "%lldD", (long long)d);
	if (h || m || s || !d) {
		n += snprintf(buf + n, (size_t)(32 - n), "T");
		if (h)
			n += snprintf(buf + n, (size_t)(32 - n), "%lldH", (long long)h);
		if (m)
			n += snprintf(buf + n, (size_t)(32 - n), "%lldM", (long long)m);
		if (s || (!h && !m))
			snprintf(buf + n, (size_t)(32 - n), "%lldS", (long long)s);
	}
	return buf;
}

int now_init(const char *opt)
{
	const char *s = opt;
	const char *what = "--now";
	struct civil c;
	enum when_kind kind;
	char *zone;
	int st;

	if (!s || !*s) {
		s = getenv("DIPCAL_NOW");
		what = "DIPCAL_NOW";
	}
	if (!s || !*s) {
		clock_fixed = 0;
		return 0;
	}
	if (*s == '@') {
		int64_t v;

		if (parse_int64(s + 1, INT64_C(-62135596800), INT64_C(253402300799), &v))
			return error(ST_INVALID, "invalid %s '%s': expected @SECONDS", what, s);
		clock_value = v;
		clock_fixed = 1;
		return 0;
	}
	st = parse_when(what, s, &c, &kind);
	if (st)
		return st;
	if (kind == WHEN_UTC) {
		clock_value = civil_as_utc(&c);
	} else {
		zone = local_zone_name();
		st = ics_local_to_utc(&c, zone, &clock_value);
		free(zone);
		if (st)
			return st;
	}
	clock_fixed = 1;
	return 0;
}

int64_t now(void)
{
	struct timespec ts;

	if (clock_fixed && !clock_running)
		return clock_value;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec + clock_offset;
}

void now_run(void)
{
	struct timespec ts;

	if (!clock_fixed || clock_running)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	clock_offset = clock_value - (int64_t)ts.tv_sec;
	clock_running = 1;
}

char *local_zone_name(void)
{
	const char *tz = getenv("TZ");
	char link[4096];
	ssize_t n;
	const char *p;

	if (tz && *tz == ':')
		tz++;
	if (tz && *tz) {
		/* TZ=/usr/share/zoneinfo/Asia/Tashkent names the file. */
		p = strstr(tz, "zoneinfo/");
		return xstrdup(p ? p + strlen("zoneinfo/") : tz);
	}
	n = readlink("/etc/localtime", link, sizeof(link) - 1);
	if (n > 0) {
		link[n] = '\0';
		p = strstr(link, "zoneinfo/");
		if (p)
			return xstrdup(p + strlen("zoneinfo/"));
	}
	return xstrdup("UTC");
}

char *fmt_offset_at(int offset, char *buf)
{
	/* By hand: an agenda formats thousands. */
	int a = offset < 0 ? -offset : offset, h = a / 3600 % 100, m = a % 3600 / 60;
	char *p = buf;

	*p++ = offset < 0 ? '-' : '+';
	fmt_2d(p, h);
	p += 2;
	if (a % 3600) {
		fmt_2d(p, m);
		p += 2;
	}
	*p = '\0';
	return p;
}

void fmt_offset(int offset, char *buf, size_t n)
{
	char t[8];
	size_t k = (size_t)(fmt_offset_at(offset, t) - t);

	if (n) {
		if (k >= n)
			k = n - 1;
		memcpy(buf, t, k);
		buf[k] = '\0';
	}
}
