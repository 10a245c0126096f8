/*
 * The VEVENT writer (ics_write_event) against libical's serializer
 * (ics_write_event_libical): for thousands of random meetings, both write
 * the same bytes. The meetings are timed, all-day or in UTC, in the zones
 * of Central Asia, Brussels and New York, starting and ending around each
 * change of offset (in a skipped hour, in an hour that happens twice);
 * their texts mix Arabic, Cyrillic, Uzbek Latin, CJK and four-octet
 * characters with commas, semicolons, colons, backslashes, newlines,
 * control characters and trailing spaces, 0 to 300 characters long, so
 * that folds fall at every offset inside multi-octet characters; some
 * recur, with EXDATEs and RDATEs; 0 to 3 alarms; every status. Every
 * output is also checked line by line: CRLF, at most 75 octets, no fold
 * inside a UTF-8 sequence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ics.h"
#include "store.h"
#define RNG_SEED 0x2545f4914f6cdd1du
#include "rng.h"
#include "tap.h"
#include "timeutil.h"


static const char *const zones[] = {
	"Asia/Tashkent", "Asia/Almaty", "Asia/Bishkek", "Asia/Dushanbe", "Asia/Ashgabat", "Asia/Baku",
	"Europe/Brussels", "America/New_York", "UTC",
};
#define NZONES (sizeof(zones) / sizeof(zones[0]))

/* The changes of offset of each zone, 1970-2040. */
static int64_t changes[NZONES][400];
static int nchanges[NZONES];

static int offset_at(const char *zone, int64_t t)
{
	struct civil c;
	int off = 0;

	ics_utc_to_local(t, zone, &c, &off);
	return off;
}

static void find_changes(void)
{
	const int64_t from = 0, to = days_from_civil(2040, 1, 1) * DAY_SECONDS, step = 7 * DAY_SECONDS;

	for (size_t z = 0; z < NZONES; z++) {
		int off = offset_at(zones[z], from);

		for (int64_t t = from; t < to && nchanges[z] < 400; t += step) {
			int64_t lo = t, hi = t + step;
			int o2 = offset_at(zones[z], hi);

			if (o2 == off)
				continue;
			while (hi - lo > 1) {
				int64_t mid = lo + (hi - lo) / 2;

				if (offset_at(zones[z], mid) == off)
					lo = mid;
				else
					hi = mid;
			}
			changes[z][nchanges[z]++] = hi;
			off = o2;
		}
	}
}

/* Pieces of text: words of several scripts, and what escaping and folding must get right. */
static const char *const pieces[] = {
	"Consultative", "Meeting", "of", "the", "Heads", "of", "State", "Tashkent", "2026",
	"قمة", "آسيا", "الوسطى", "اجتماع", "التشاوري",                      /* Arabic */
	"Консультативная", "встреча", "глав", "государств", "Центральной", "Азии", /* Cyrillic */
	"Oʻzbekiston", "gʻalaba", "Toshkent", "oʻrta", "Gʻarbiy", "maʼlumot",  /* Uzbek Latin */
	"中亚", "峰会", "🇺🇿", "🤝", "😀",                                     /* three and four octets */
	",", ";", ":", "\\", "\n", "\r\n", "\t", "\"", "^", "\b", "\f", "\x01", "\x7f",
	" ", " ", " ", "  ", ", ", "; ", ": ", "\\n", "\\,",
};
#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))

/* Runs with nowhere to break a line: libical then breaks between characters. */
static const char *const runs[] = { "x", "é", "ж", "ع", "ʻ", "中", "😀" };

/* A random text of about n characters (0 to 300) into buf. */
static char *random_text(char *buf, size_t cap, int n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n;) {
		const char *p;
		int times = 1;

		if (pick(6) == 0) { /* a long run without spaces */
			p = runs[pick(sizeof(runs) / sizeof(runs[0]))];
			times = 1 + pick(160);
		} else {
			p = pieces[pick(NPIECES)];
		}
		for (int k = 0; k < times && i < n; k++, i++) {
			size_t pl = strlen(p);

			if (len + pl + 1 >= cap)
				return buf;
			memcpy(buf + len, p, pl);
			len += pl;
			buf[len] = '\0';
		}
	}
	if (pick(5) == 0 && len + 4 < cap) { /* trailing spaces */
		memcpy(buf + len, "   ", 3);
		len += 1 + (size_t)pick(3);
		buf[len] = '\0';
	}
	return buf;
}

/* Text lengths: mostly short, some long, a run of every length up to 300. */
static int text_length(void)
{
	switch (pick(4)) {
	case 0:
		return pick(20);
	case 1:
		return pick(80);
	default:
		return pick(301);
	}
}

static const char *const statuses[] = { "proposed", "planned", "confirmed", "held", "postponed", "cancelled" };

static const char *const rules[] = {
	"FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
	"FREQ=MONTHLY;BYMONTHDAY=15;COUNT=10", "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20301231T000000Z;INTERVAL=2",
	"FREQ=YEARLY;COUNT=5;BYMONTH=3;BYMONTHDAY=15", "FREQ=DAILY;INTERVAL=3;COUNT=40",
	"FREQ=WEEKLY;UNTIL=20291231;WKST=SU", "FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=HOURLY;INTERVAL=6;COUNT=20",
	"FREQ=YEARLY", "FREQ=MONTHLY;BYDAY=-1FR;BYMONTH=1,4,7,10",
};

/* Lines of CRLF, at most 75 octets, a continuation never starting inside a character. */
static const char *line_fault(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'))
			return "a CR without LF";
		if (s[i] != '\n')
			continue;
		if (i == 0 || s[i - 1] != '\r')
			return "an LF without CR";
		if (i - 1 - start > 75)
			return "a line longer than 75 octets";
		if (s[start] == ' ' && i - 1 - start > 1 && ((unsigned char)s[start + 1] & 0xc0) == 0x80)
			return "a fold inside a UTF-8 sequence";
		start = i + 1;
	}
	return start == n ? NULL : "no CRLF at the end";
}

/* Up to 140 octets of s from `from` on one line: CR, LF and other controls as \r, \n, \xNN. */
static const char *snippet(const char *s, size_t n, size_t from, char *buf, size_t cap)
{
	size_t len = 0;

	for (size_t i = from; i < n && i < from + 140 && len + 8 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\r' || c == '\n')
			len += (size_t)snprintf(buf + len, cap - len, "\\%c", c == '\r' ? 'r' : 'n');
		else if (c < 0x20 || c == 0x7f)
			len += (size_t)snprintf(buf + len, cap - len, "\\x%02x", c);
		else
			buf[len++] = (char)c;
	}
	buf[len] = '\0';
	return buf;
}

/* Writes e both ways; 1 when the texts are the same (else prints where they part). */
static int same_both_ways(const struct ics_event *e, const char *what, char **fast_out, size_t *fast_len)
{
	char *a = NULL, *b = NULL, buf[1200];
	size_t na = 0, nb = 0, i;
	FILE *fa = open_memstream(&a, &na), *fb = open_memstream(&b, &nb);
	int rc_a, rc_b, same;

	rc_a = ics_write_event(fa, e);
	rc_b = ics_write_event_libical(fb, e);
	fclose(fa);
	fclose(fb);
	same = !rc_a && !rc_b && na == nb && !memcmp(a, b, na);
	if (!same) {
		size_t from;

		for (i = 0; i < na && i < nb && a[i] == b[i]; i++)
			;
		from = i > 60 ? i - 60 : 0;
		diag("%s: the writers part at octet %zu of %zu/%zu (status %d/%d)", what, i, na, nb, rc_a, rc_b);
		diag("  fast:    ...%s", snippet(a, na, from, buf, sizeof(buf)));
		diag("  libical: ...%s", snippet(b, nb, from, buf, sizeof(buf)));
	}
	free(b);
	if (fast_out) {
		*fast_out = a;
		*fast_len = na;
	} else {
		free(a);
	}
	return same;
}

/* An instant: around a change of offset of the zone, or anywhere in 1900-2999. */
static int64_t random_instant(size_t z)
{
	if (nchanges[z] && pick(3)) {
		int64_t c = changes[z][pick(nchanges[z])];

		/* within two hours of the change, often on the minute or the hour */
		int64_t d = (int64_t)pick(4 * 3600 + 1) - 2 * 3600;

		if (pick(2))
			d -= d % (pick(2) ? 3600 : 60);
		return c + d;
	}
	if (pick(4) == 0)
		return days_from_civil(1900 + pick(1100), 1 + pick(12), 1 + pick(28)) * DAY_SECONDS + pick(86400);
	return days_from_civil(1970 + pick(71), 1 + pick(12), 1 + pick(28)) * DAY_SECONDS + pick(96) * 900;
}

static void random_meeting(struct meeting *m, struct ics_event *e, char (*text)[2048], int64_t *dates,
			   int64_t *alarms)
{
	size_t z = (size_t)pick(NZONES);
	int64_t len;

	memset(m, 0, sizeof(*m));
	memset(e, 0, sizeof(*e));
	m->tz = (char *)zones[z];
	m->all_day = pick(4) == 0;
	m->start = random_instant(z);
	switch (pick(5)) {
	case 0: /* ends around a change too */
		len = nchanges[z] ? changes[z][pick(nchanges[z])] + pick(7200) - 3600 - m->start : 3600;
		if (len < 0 || len > 400 * DAY_SECONDS)
			len = pick(4) * 3600;
		break;
	case 1:
		len = 0;
		break;
	default:
		len = (1 + pick(48)) * 1800;
		break;
	}
	m->end = m->start + len;
	if (m->all_day) {
		m->start -= ((m->start % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
		m->end = m->start + (1 + pick(5)) * DAY_SECONDS;
	}
	m->uid = pick(4) ? random_text(text[0], sizeof(text[0]), 1 + pick(60)) : (char *)"cahs-2026-8@dipcal";
	m->title = random_text(text[1], sizeof(text[1]), text_length());
	m->status = (char *)statuses[pick(6)];
	m->notes = pick(3) ? NULL : random_text(text[2], sizeof(text[2]), text_length());
	m->sequence = pick(10) ? pick(20) : pick(1000000);
	m->created = random_instant(z);
	m->updated = m->created + pick(1000000);
	if (pick(4) == 0) {
		m->rrule = (char *)rules[pick(sizeof(rules) / sizeof(rules[0]))];
		m->nexdates = (size_t)pick(4);
		m->nrdates = (size_t)pick(3);
		m->exdates = dates;
		m->rdates = dates + 4;
		for (size_t i = 0; i < m->nexdates + m->nrdates; i++) {
			int64_t t = pick(2) ? random_instant(z) : m->start + pick(60) * 7 * DAY_SECONDS;

			if (m->all_day)
				t -= ((t % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
			dates[i < m->nexdates ? i : 4 + i - m->nexdates] = t;
		}
	}
	e->m = m;
	e->location = pick(4) ? random_text(text[3], sizeof(text[3]), text_length()) : pick(2) ? "" : NULL;
	e->description = pick(5) ? random_text(text[4], sizeof(text[4]), text_length()) : pick(2) ? "" : NULL;
	e->category = pick(5) ? (pick(2) ? "CAHS" : random_text(text[5], sizeof(text[5]), 1 + pick(40))) : NULL;
	e->nalarms = (size_t)pick(4);
	for (size_t i = 0; i < e->nalarms; i++) {
		static const int64_t leads[] = { 0, 60, 900, 3600, 86400, 604800, 1209600, 90061, 7200, 172800 };

		alarms[i] = pick(3) ? leads[pick(sizeof(leads) / sizeof(leads[0]))] : pick(40 * 86400);
	}
	e->alarms = alarms;
	e->dtstamp = random_instant(z);
}

/* A summary whose last piece, after a fold, is 73 octets with nowhere to break. */
static void test_last_piece_73(void)
{
	char title[256];
	struct meeting m;
	struct ics_event e;
	char *out = NULL;
	size_t n = 0;
	int64_t none = 0;

	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	/* "SUMMARY:" breaks after the colon; then 74 octets, and the last 73 with CRLF. */
	memset(title, 'x', 147);
	title[147] = '\0';
	m.uid = (char *)"fold-73@dipcal";
	m.title = title;
	m.tz = (char *)"UTC";
	m.status = (char *)"planned";
	m.start = 1767225600;
	m.end = m.start + 3600;
	e.m = &m;
	e.alarms = &none;
	ok(same_both_ways(&e, "a last piece of 73 octets", &out, &n), "a last piece of 73 octets: the same both ways");
	is_str(line_fault(out, n), NULL, "it ends in CRLF, not in a CR alone");
	ok(strstr(out, "\r\n " "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\nSTATUS") != NULL,
	   "the 73 octets stay on one line");
	free(out);
}

/* After the year 3000 libical writes 00000000; the writer writes the date. */
static void test_far_years(void)
{
	struct meeting m;
	struct ics_event e;
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	memset(&m, 0, sizeof(m));
	memset(&e, 0, sizeof(e));
	m.uid = (char *)"far@dipcal";
	m.title = (char *)"Far";
	m.tz = (char *)"Asia/Tashkent";
	m.status = (char *)"planned";
	m.all_day = 1;
	m.start = days_from_civil(9999, 12, 30) * DAY_SECONDS;
	m.end = m.start + DAY_SECONDS;
	m.created = m.updated = days_from_civil(3001, 1, 1) * DAY_SECONDS;
	e.m = &m;
	e.dtstamp = m.created;
	ics_write_event(f, &e);
	fclose(f);
	ok(strstr(out, "DTSTART;VALUE=DATE:99991230\r\nDTEND;VALUE=DATE:99991231\r\n") != NULL, "dates of the year 9999");
	ok(strstr(out, "CREATED:30010101T000000Z\r\n") != NULL, "times after 3000");
	free(out);
}

int main(void)
{
	static char text[6][2048];
	struct meeting m;
	struct ics_event e;
	int64_t dates[8], alarms[4];
	int differ = 0, faults = 0, cases = 4000, folded = 0, utc = 0, durations = 0, multi = 0;

	find_changes();
	ok(nchanges[0] > 10 && nchanges[6] > 100 && nchanges[7] > 100, "changes of offset found (%d in Tashkent)",
	   nchanges[0]);
	for (int i = 0; i < cases; i++) {
		char *out = NULL, what[64];
		size_t n = 0;
		const char *fault;

		random_meeting(&m, &e, text, dates, alarms);
		snprintf(what, sizeof(what), "meeting %d", i);
		if (!same_both_ways(&e, what, &out, &n) && ++differ > 5)
			break;
		fault = line_fault(out, n);
		if (fault && ++faults <= 5)
			diag("%s: %s", what, fault);
		folded += strstr(out, "\r\n ") != NULL;
		utc += strstr(out, "DTSTART:") && strcmp(m.tz, "UTC");
		durations += strstr(out, "\r\nDURATION:") != NULL;
		for (size_t k = 3; k + 3 < n; k++) {
			if (out[k] == '\n' && out[k + 1] == ' ' && ((unsigned char)out[k - 3] & 0x80)) {
				multi++;
				break;
			}
		}
		free(out);
	}
	is_int(differ, 0, "%d random meetings written the same both ways", cases);
	is_int(faults, 0, "every line ends in CRLF, is at most 75 octets, and no fold splits a character");
	ok(folded > cases / 2, "%d of them with folded lines", folded);
	ok(multi > cases / 10, "%d folded next to multi-octet characters", multi);
	ok(utc > 20, "%d written in UTC (a start that happens twice)", utc);
	ok(durations > 20, "%d with a DURATION (an end that happens twice)", durations);
	test_last_piece_73();
	test_far_years();
	return done_testing();
}
