/*
 * The reader's fast path for VEVENTs (ics.c, fast_event) against libical's
 * parser (ics_reader_set_reference): the same input read both ways gives
 * the same events, field by field, and the same status and message when
 * it fails.
 *
 *   test-read-fast              the fixtures (tests/fuzz/corpus, tests/data)
 *                               and a few thousand seeded random VEVENTs
 *   test-read-fast FILE...      those files only (the end-to-end tests pass
 *                               every file they import)
 *
 * With READ_FAST_SAVE=DIR, the random calendars are also written to DIR
 * (seeds for the fuzzer, tests/fuzz).
 *
 * The random events mix what the fast path reads (UTF-8 text in Arabic,
 * Cyrillic and Uzbek Latin with escapes, quoted parameters, zones of every
 * kind, dates, durations, rules, several dates a line, VALARMs) with what
 * it must leave to libical (broken lines, unknown parameters, odd forms of
 * dates, nested components); the test also requires that the fast path
 * read most of them, so that it is not passed by leaving everything to
 * libical.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ics.h"
#define RNG_SEED 0x6469706361ull
#include "rng.h"
#include "tap.h"
#include "util.h"

/* ---- reading one input both ways ---- */

struct outcome {
	struct strbuf events;   /* every field of every event, one per line */
	int st;                 /* the last ics_reader_next() status */
	char *err;              /* what was said on stderr */
	long nfast, nlibical;
};

static char *resolve(void *arg, const char *tzid)
{
	static const char *const windows[][2] = {
		{ "West Asia Standard Time", "Asia/Tashkent" },
		{ "Central Asia Standard Time", "Asia/Almaty" },
		{ "Russian Standard Time", "Europe/Moscow" },
		{ "Romance Standard Time", "Europe/Brussels" },
		{ "Eastern Standard Time", "America/New_York" },
		{ "Nowhere Standard Time", "Nowhere/Atlantis" },
	};

	(void)arg;
	for (size_t i = 0; i < sizeof(windows) / sizeof(windows[0]); i++)
		if (!strcmp(tzid, windows[i][0]))
			return xstrdup(windows[i][1]);
	return NULL;
}

static char cand1[] = "Asia/Tashkent", cand2[] = "Europe/Brussels", cand3[] = "America/New_York";
static char *candidates[] = { cand1, cand2, cand3 };

/* A string field, escaped so that each event field stays on its line. */
static void put_str(struct strbuf *sb, const char *name, const char *v)
{
	sb_addf(sb, "%s=", name);
	if (!v) {
		sb_puts(sb, "NULL\n");
		return;
	}
	sb_puts(sb, "'");
	for (const char *p = v; *p; p++) {
		if (*p == '\n')
			sb_puts(sb, "\\n");
		else if (*p == '\r')
			sb_puts(sb, "\\r");
		else if ((unsigned char)*p < 0x20)
			sb_addf(sb, "\\x%02x", (unsigned char)*p);
		else
			sb_add(sb, p, 1);
	}
	sb_puts(sb, "'\n");
}

static void put_dates(struct strbuf *sb, const char *name, const int64_t *d, size_t n)
{
	sb_addf(sb, "%s=%s[", name, d ? "" : "NULL");
	for (size_t i = 0; i < n; i++)
		sb_addf(sb, "%s%lld", i ? "," : "", (long long)d[i]);
	sb_puts(sb, "]\n");
}

static void put_event(struct strbuf *sb, const struct ics_vevent *ev)
{
	sb_addf(sb, "line=%d\n", ev->line);
	put_str(sb, "uid", ev->uid);
	put_str(sb, "summary", ev->summary);
	put_str(sb, "location", ev->location);
	put_str(sb, "description", ev->description);
	put_str(sb, "notes", ev->notes);
	sb_addf(sb, "has_notes=%d\n", ev->has_notes);
	put_str(sb, "rrule", ev->rrule);
	put_str(sb, "status", ev->status);
	put_str(sb, "tz", ev->tz);
	sb_addf(sb, "start=%lld\nend=%lld\nall_day=%d\n", (long long)ev->start, (long long)ev->end, ev->all_day);
	sb_addf(sb, "sequence=%lld\ndtstamp=%lld\nmodified=%lld\ncreated=%lld\n", (long long)ev->sequence,
		(long long)ev->dtstamp, (long long)ev->modified, (long long)ev->created);
	put_dates(sb, "exdates", ev->exdates, ev->nexdates);
	put_dates(sb, "rdates", ev->rdates, ev->nrdates);
	sb_addf(sb, "has_recurrence_id=%d\nrecurrence_id=%lld\n", ev->has_recurrence_id,
		(long long)ev->recurrence_id);
}

static char *slurp(FILE *f)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	return sb_detach(&sb);
}

static void read_all(const char *data, size_t size, const char *name, int reference, struct outcome *o)
{
	FILE *in = fmemopen((void *)data, size ? size : 1, "rb");
	FILE *errf = tmpfile();
	struct ics_reader *r;
	struct ics_vevent ev;
	int saved, n = 0;

	memset(o, 0, sizeof(*o));
	if (!in || !errf) {
		o->st = -1;
		o->err = xstrdup("cannot open the input");
		if (in)
			fclose(in);
		if (errf)
			fclose(errf);
		return;
	}
	if (!size)
		fgetc(in);      /* fmemopen needs a byte: an empty input is one read past */
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(errf), 2);
	r = ics_reader_new(in, name, "Asia/Tashkent", resolve, NULL);
	ics_reader_candidates(r, candidates, sizeof(candidates) / sizeof(candidates[0]));
	ics_reader_set_reference(r, reference);
	while ((o->st = ics_reader_next(r, &ev)) == 1 && n++ < 200000)
		put_event(&o->events, &ev);
	ics_reader_counts(r, &o->nfast, &o->nlibical);
	ics_reader_free(r);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	o->err = slurp(errf);
	fclose(errf);
	fclose(in);
}

static void outcome_clear(struct outcome *o)
{
	sb_release(&o->events);
	free(o->err);
}

/* The first line where a and b differ, for the diagnostics. */
static void first_difference(const char *a, const char *b)
{
	int line = 1;

	while (*a && *a == *b) {
		if (*a == '\n') {
			line++;
			a++;
			b++;
			continue;
		}
		/* to the end of the line only when it is the same */
		if (strcspn(a, "\n") != strcspn(b, "\n") || strncmp(a, b, strcspn(a, "\n")))
			break;
		a += strcspn(a, "\n");
		b += strcspn(b, "\n");
	}
	diag("field %d: fast:    %.*s", line, (int)strcspn(a, "\n"), a);
	diag("field %d: libical: %.*s", line, (int)strcspn(b, "\n"), b);
}

static long total_fast, total_libical;

/* Reads data both ways: 1 when they agree (diagnostics when not). */
static int same_both_ways(const char *data, size_t size, const char *name, int quiet)
{
	struct outcome f, l;
	int same;

	read_all(data, size, name, 0, &f);
	read_all(data, size, name, 1, &l);
	same = f.st == l.st && !strcmp(f.err, l.err) &&
	       !strcmp(f.events.buf ? f.events.buf : "", l.events.buf ? l.events.buf : "");
	total_fast += f.nfast;
	total_libical += f.nlibical;
	if (!same && !quiet) {
		diag("%s: status %d (fast) and %d (libical)", name, f.st, l.st);
		if (strcmp(f.err, l.err))
			diag("messages: fast '%s', libical '%s'", f.err, l.err);
		else
			first_difference(f.events.buf ? f.events.buf : "", l.events.buf ? l.events.buf : "");
		if (getenv("READ_FAST_DUMP"))
			fprintf(stdout, "# input:\n%.*s\n", (int)size, data);
	}
	outcome_clear(&f);
	outcome_clear(&l);
	return same;
}

static int same_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *data;
	size_t n;
	int same;

	if (!f)
		return ok(0, "%s: cannot be read", path);
	data = slurp(f);
	fseek(f, 0, SEEK_END);
	n = (size_t)ftell(f);
	fclose(f);
	same = same_both_ways(data, n, path, 0);
	free(data);
	return ok(same, "%s: the same events, status and message both ways", path);
}

static void same_dir(const char *name)
{
	DIR *d = opendir(name);
	struct dirent *e;

	if (!d) {
		diag("no directory %s", name);
		return;
	}
	while ((e = readdir(d))) {
		char path[4096];
		size_t n = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		if (!strcmp(name, "tests/data") && (n < 4 || strcmp(e->d_name + n - 4, ".ics")))
			continue;
		snprintf(path, sizeof(path), "%s/%s", name, e->d_name);
		same_file(path);
	}
	closedir(d);
}

/* ---- random VEVENTs ---- */


/* 1 in n. */
static int one_in(int n)
{
	return pick(n) == 0;
}

#define PICK(a) ((a)[pick((int)(sizeof(a) / sizeof((a)[0])))])

/* Pieces of TEXT values: every script the secretariats write, and every escape. */
static const char *const words[] = {
	"Встреча министров", "Совет глав государств", "в Москве", "Ташкент", "Йошкар-Ола", "Ёлка",
	"اجتماع القمة", "مجلس وزراء الخارجية", "الرياض", "أبوظبي",
	"Oʻzbekiston Respublikasi", "Toshkent shahri", "Gʻijduvon", "Shayxontohur tumani", "Qoraqalpogʻiston",
	"Summit", "Council", "CAHS", "2026",
	"\\,", "\\;", "\\n", "\\N", "\\\\", "\\t", "\\r", "\\b", "\\f", "\\\"", "\\x", "\\:", "\\Ё",
	",", ";", ":", "\"", "'", "^", "^n", "<p>", "&amp;", "%s", "€", "😀", "\t",
	" ", "  ", "", "=", "mailto:a@b.uz", "http://example.org:8080/a?b=c",
};

static void random_text(struct strbuf *sb)
{
	int n = one_in(20) ? 0 : 1 + pick(5);

	if (one_in(8))
		sb_puts(sb, pick(2) ? " " : "\t");
	for (int i = 0; i < n; i++) {
		if (i && pick(2))
			sb_puts(sb, " ");
		sb_puts(sb, PICK(words));
	}
	if (one_in(6))
		sb_puts(sb, PICK(((const char *const[]){ " ", "  ", "\t", " \\", "\\", "\\\\" })));
	if (one_in(30))
		for (int i = 0; i < 40; i++)
			sb_puts(sb, "долгий текст ");
}

static const char *const iana[] = { "Asia/Tashkent", "Europe/Moscow", "Europe/Brussels", "America/New_York",
				    "Asia/Almaty", "Asia/Riyadh", "UTC" };

/* A TZID parameter value (quoted or not): IANA names, Windows names, the file's own zones, odd ones. */
static void random_tzid(struct strbuf *sb)
{
	static const char *const odd[] = {
		"West Asia Standard Time", "\"West Asia Standard Time\"", "Central Asia Standard Time",
		"\"Russian Standard Time\"", "Romance Standard Time", "Nowhere Standard Time",
		"/freeassociation.sourceforge.net/Asia/Tashkent", "\"Europe/Brussels\"",
		"Customized Time Zone", "\"Customized Time Zone\"", "Brussels Own", "Tashkent Own",
		"Mars/Olympus_Mons", "GMT", "UTC", "Etc/UTC", "\"(UTC+05:00) Ashgabat, Tashkent\"",
		"GMT+05", "\"Asia/Tashkent\" ", "Asia/Tashkent ", "\"\"", "Asia\\/Tashkent", "\"Asia/Tash^nkent\"",
	};

	if (pick(3))
		sb_puts(sb, PICK(iana));
	else
		sb_puts(sb, PICK(odd));
}

static void random_date(struct strbuf *sb, int date, int utc)
{
	/* DTENDs mostly after their DTSTARTs */
	int y = utc == 2 ? 2045 + pick(5) : 1990 + pick(50), m = 1 + pick(12), d = 1 + pick(28);

	if (one_in(40)) {
		/* What libical reads loosely or refuses, and what dipcal refuses. */
		static const char *const odd[] = {
			"20260230", "20261301T100000Z", "20260101T240000", "00000000", "00000000T000000",
			"2026-01-01", "2026-01-01T10:00:00", "2026-01-01T10:00:00Z", "20260101T1000", "2026011",
			"20260101T100000z", "20260101 100000", "+2026101", "2026 101", "20260101T100060",
			"20260101T100061Z", "99991231", "00010101T000000Z", "20260101T100000Z/PT1H", "abc",
			"20260101T100000/20260101T110000", "20260101T100000ZZ", "１２３４５６７８",
		};
		sb_puts(sb, PICK(odd));
		return;
	}
	sb_addf(sb, "%04d%02d%02d", y, m, d);
	if (!date) {
		sb_addf(sb, "T%02d%02d%02d", pick(24), pick(4) * 15, one_in(10) ? pick(60) : 0);
		if (utc & 1)
			sb_puts(sb, "Z");
	}
}

/* A property name, now and then in lower case (libical reads names in any case). */
static void put_name(struct strbuf *sb, const char *name)
{
	int lower = one_in(20);

	for (const char *p = name; *p; p++) {
		char c = *p;

		if (lower && c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		sb_add(sb, &c, 1);
	}
}

/* A DTSTART-like property: NAME[;params]:value, its kind (date, UTC, floating, zoned) kept for DTEND. */
static void random_when(struct strbuf *sb, const char *name, int *date, int *kind)
{
	if (*kind < 0) {
		*date = one_in(5);
		*kind = pick(4);        /* 0 UTC, 1 floating, 2 TZID, 3 TZID and UTC */
	}
	put_name(sb, name);
	if (*date && pick(3))
		sb_puts(sb, PICK(((const char *const[]){ ";VALUE=DATE", ";value=date", ";VALUE=DATE-TIME",
							 ";VALUE=\"DATE\"", ";VALUE=PERIOD", ";VALUE=TEXT" })));
	if (!*date && one_in(10))
		sb_puts(sb, ";VALUE=DATE-TIME");
	if (*kind >= 2 || (*date && one_in(5))) {
		sb_puts(sb, PICK(((const char *const[]){ ";TZID=", ";TZID=", ";TZID=", ";tzid=", ";TzId=" })));
		random_tzid(sb);
	}
	if (one_in(25))
		sb_puts(sb, PICK(((const char *const[]){ ";X-FOO=bar", ";RANGE=THISANDFUTURE", ";LANGUAGE=ru",
							 ";TZID=Asia/Almaty", ";FOO", ";=x", ";X-Q=\"a;b:c\"" })));
	sb_puts(sb, ":");
	if (one_in(40))
		sb_puts(sb, " ");
	random_date(sb, *date, (*kind == 0 || *kind == 3) + (name[2] == 'E' && pick(8) ? 2 : 0));
	if (one_in(40))
		sb_puts(sb, PICK(((const char *const[]){ " ", "\t", ",", ":00" })));
}

static void random_dates_line(struct strbuf *sb, const char *name, int date)
{
	int n = 1 + pick(one_in(10) ? 8 : 3), kind = pick(3);

	sb_puts(sb, name);
	if (date && pick(4))
		sb_puts(sb, ";VALUE=DATE");
	if (kind == 2) {
		sb_puts(sb, ";TZID=");
		random_tzid(sb);
	}
	sb_puts(sb, ":");
	for (int i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, one_in(40) ? PICK(((const char *const[]){ ",,", ", ", " ,", ";" })) : ",");
		random_date(sb, date, kind == 0);
	}
	if (one_in(40))
		sb_puts(sb, ",");
}

static const char *const rules[] = {
	"FREQ=DAILY;COUNT=5", "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=10", "FREQ=MONTHLY;BYMONTHDAY=15",
	"FREQ=YEARLY", "FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231T000000Z", "freq=weekly;count=3",
	"FREQ=MONTHLY;BYDAY=2TU;COUNT=12", "FREQ=DAILY;UNTIL=20300101", "COUNT=4;FREQ=DAILY",
	"FREQ=HOURLY;COUNT=3", "FREQ=MINUTELY;COUNT=3", "FREQ=SECONDLY", "FREQ=FOO",
	"FREQ=DAILY;COUNT=3;UNTIL=20300101",
	"FREQ=WEEKLY;BYDAY=XX", "FREQ=MONTHLY;BYMONTH=13", "FREQ=DAILY;FOO=BAR", "BYDAY=MO",
	"FREQ=WEEKLY;WKST=SU;BYDAY=SU,MO", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "FREQ=DAILY;COUNT=2,FREQ=WEEKLY",
	"FREQ=MONTHLY;COUNT=67", "FREQ=DAILY;INTERVAL=0",
};

static const char *const durations[] = {
	"PT1H", "PT90M", "P1D", "P2W", "PT1H30M", "P1DT2H", "-PT1H", "+PT2H", "P1Y", "PT", "P", "PT1H2",
	"soon", "P1W2D", "PT0S", "P12345678901D", "PT36H",
};

/* A VALARM, mostly as clients write them. */
static void random_alarm(struct strbuf *sb)
{
	sb_puts(sb, one_in(30) ? "begin:valarm\r\n" : "BEGIN:VALARM\r\n");
	sb_puts(sb, PICK(((const char *const[]){ "ACTION:DISPLAY", "ACTION:AUDIO", "ACTION:display",
						 "ACTION:X-SPEAK", "ACTION:" })));
	sb_puts(sb, "\r\n");
	switch (pick(6)) {
	case 0: sb_puts(sb, "TRIGGER:-PT15M\r\n"); break;
	case 1: sb_puts(sb, "TRIGGER;RELATED=END:PT0S\r\n"); break;
	case 2: sb_puts(sb, "TRIGGER;VALUE=DATE-TIME:20260101T090000Z\r\n"); break;
	case 3: sb_addf(sb, "TRIGGER:%s\r\n", PICK(durations)); break;
	case 4: sb_puts(sb, "TRIGGER:-P1D\r\nREPEAT:2\r\nDURATION:PT5M\r\n"); break;
	default: sb_puts(sb, "TRIGGER;RELATED=START:-PT1H\r\n");
	}
	if (pick(2)) {
		sb_puts(sb, PICK(((const char *const[]){ "DESCRIPTION:", "SUMMARY:", "DESCRIPTION;LANGUAGE=uz:" })));
		random_text(sb);
		sb_puts(sb, "\r\n");
	}
	if (one_in(10))
		sb_puts(sb, PICK(((const char *const[]){ "X-WR-ALARMUID:abc\r\n", "ATTENDEE:mailto:a@b.uz\r\n",
							 "UID:alarm-1\r\n", "DTSTART:20260101T000000Z\r\n", "GEO:x\r\n" })));
	sb_puts(sb, one_in(30) ? "end:valarm\r\n" : "END:VALARM\r\n");
}

/* Lines that break something, or that only libical reads. */
static const char *const broken[] = {
	"NOCOLON", ":novalue", "SUMMARY", "DTSTART;TZID=\"unterminated:20260101T100000", "SUMMARY;:x", "",
	"GEO:abc", "GEO:41.3;69.2", "FOO:bar", "DTSTART:", "UID:", "SUMMARY:   ", "SEQUENCE:", "x-lower:case",
	"X-LIC-ERROR:planted", "x-lic-error:planted", "SUMMARY;LANGUAGE=:empty", "SUMMARY;X-A=^n^^^':x",
	"DESCRIPTION;ALTREP=\"cid:x\\\"y\":quoted", "DTSTAMP;VALUE=DATE:20260101", "CREATED:20260101",
	"LAST-MODIFIED:20261301T000000Z", "SEQUENCE:12abc", "SEQUENCE:-3", "SEQUENCE:99999999999",
	"SEQUENCE:+7", "SEQUENCE: 5", "STATUS:cancelled", "STATUS:X-POSTPONED", "STATUS:", "STATUS: CONFIRMED",
	"CLASS:PUBLIC", "CLASS:X-SECRET", "TRANSP:OPAQUE", "PRIORITY:high", "URL:http://example.org/a,b;c",
	"ORGANIZER;CN=\"Doe, John\":mailto:doe@example.org",
	"ATTENDEE;ROLE=CHAIR;PARTSTAT=ACCEPTED;RSVP=MAYBE:mailto:x@y",
	"ATTENDEE;CN=Q;VALUE=TEXT:mailto:x@y", "CATEGORIES:a,b\\,c,,d", "CATEGORIES:,lead", "RESOURCES:room 1",
	"CONTACT:Ministry\\, protocol", "RELATED-TO:abc", "ATTACH:http://x/y", "REQUEST-STATUS:2.0;Success",
	"X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X-ALT-DESC;FMTTYPE=text/html:<p>a\\,b</p>", "X-:empty x",
	"X-DIPCAL-NOTES:notes", "X-FOO;VALUE=DATE:abc", "X-FOO;TZID=Asia/Tashkent:a:b", "X-BAR;CN=x:y",
	"BEGIN:VTODO\r\nUID:inner\r\nEND:VTODO", "BEGIN:X-THING\r\nEND:X-THING", "DUE:20260101T000000Z",
	"RECURRENCE-ID;RANGE=THISANDFUTURE:20260101T100000Z", "RDATE;VALUE=PERIOD:20260101T100000Z/PT1H",
	"RDATE:20260101T100000Z/PT1H", "EXDATE;TZID=GMT:20260101T100000", "EXDATE;TZID=UTC:20260101T100000",
	"EXDATE;TZID=Etc/UTC:20260101T100000", "DTSTART;TZID=GMT+05:30:20260101T100000",
	"SUMMARY;LANGUAGE=ru;LANGUAGE=uz:twice", "SUMMARY;ALTREP=\"http://a:1/b;c\";LANGUAGE=ar:ok",
	"DESCRIPTION:\\", "UID;X-A=1:with-param", "Summary:mixed case", "dtstamp:20260101T000000Z",
	"END;X=1:VALARM", "BEGIN;X=1:VALARM", "DTSTART;TZID=Asia/Tashkent;TZID=Europe/Moscow:20260101T100000",
	"DURATION;X-A=1:PT1H", "RRULE;X-A=1:FREQ=DAILY", "RRULE:", "COMMENT:a comment\\; with escapes\\n",
	"COMMENT;LANGUAGE=en:second", "RESOURCES:a,\"b,c\"",
};

static void random_prop(struct strbuf *sb, int *date, int *kind)
{
	switch (pick(30)) {
	case 0: case 1:
		sb_puts(sb, PICK(((const char *const[]){ "SUMMARY", "SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT",
							 "summary", "Location", "SUMMARY;LANGUAGE=ru", "DESCRIPTION;ALTREP=\"http://x.uz/a\"",
							 "LOCATION;LANGUAGE=\"uz-Latn\"", "SUMMARY;X-FOO=bar" })));
		sb_puts(sb, ":");
		random_text(sb);
		break;
	case 2:
		random_when(sb, "DTEND", date, kind);
		break;
	case 3:
		sb_addf(sb, "DURATION:%s", PICK(durations));
		break;
	case 4:
		sb_addf(sb, "RRULE:%s", PICK(rules));
		break;
	case 5:
		random_dates_line(sb, "EXDATE", *date);
		break;
	case 6:
		random_dates_line(sb, "RDATE", *date);
		break;
	case 7: {
		int k = -1, d = 0;

		random_when(sb, "RECURRENCE-ID", &d, &k);
		break;
	}
	case 8:
		sb_addf(sb, "SEQUENCE:%d", pick(5));
		break;
	case 9:
		sb_puts(sb, PICK(((const char *const[]){ "STATUS:CONFIRMED", "STATUS:TENTATIVE",
							 "STATUS:CANCELLED" })));
		break;
	case 10:
		sb_puts(sb, PICK(((const char *const[]){ "CREATED:", "LAST-MODIFIED:", "DTSTAMP:" })));
		random_date(sb, 0, 1);
		break;
	case 11:
		sb_puts(sb, PICK(((const char *const[]){ "CATEGORIES:CAHS,CAFM", "CLASS:PUBLIC", "TRANSP:OPAQUE",
							 "X-MICROSOFT-CDO-IMPORTANCE:1", "X-WR-TIMEZONE:Asia/Tashkent",
							 "ORGANIZER;CN=\"Protocol, MFA\":mailto:protocol@mfa.uz",
							 "ATTENDEE;CN=Ministry;RSVP=TRUE:mailto:a@b.kz", "PRIORITY:5",
							 "URL:https://example.org/a" })));
		break;
	case 12: case 13: case 14: case 15: case 16: case 17: case 18: case 19: case 20:
		sb_puts(sb, PICK(((const char *const[]){ "SUMMARY", "LOCATION", "DESCRIPTION", "COMMENT" })));
		sb_puts(sb, ":");
		random_text(sb);
		break;
	case 21: case 22: case 23:
		sb_puts(sb, PICK(((const char *const[]){ "DTSTAMP:", "CREATED:", "LAST-MODIFIED:", "SEQUENCE:1",
							 "STATUS:CONFIRMED", "CATEGORIES:EXPW" })));
		if (sb->buf[sb->len - 1] == ':')
			random_date(sb, 0, 1);
		break;
	case 24: case 25:
		random_alarm(sb);
		sb->len -= 2;   /* the caller ends the line */
		sb->buf[sb->len] = '\0';
		break;
	default:
		sb_puts(sb, PICK(broken));
	}
}

/* Folds a line into physical lines at random places, even inside UTF-8 sequences. */
static void put_line(struct strbuf *out, const char *line, size_t n, int lf)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		if (line[i] == '\r' && i + 1 < n && line[i + 1] == '\n') {
			sb_puts(out, lf ? "\n" : "\r\n");
			i++;
			col = 0;
			continue;
		}
		if (col >= 20 && one_in(40)) {
			sb_puts(out, lf ? "\n" : "\r\n");
			sb_puts(out, pick(4) ? " " : "\t");
			col = 0;
		}
		sb_add(out, line + i, 1);
		col++;
	}
	sb_puts(out, lf ? "\n" : "\r\n");
}

static void random_event(struct strbuf *out, int lf, int n)
{
	struct strbuf l = STRBUF_INIT;
	int date = 0, kind = -1, nprops = pick(8);
	/* UID and DTSTART first or later, now and then missing or twice */
	int uid_at = one_in(40) ? -1 : pick(nprops + 1), start_at = one_in(40) ? -1 : pick(nprops + 1);

	put_line(out, "BEGIN:VEVENT", 12, lf);
	for (int i = 0; i <= nprops; i++) {
		if (i == uid_at) {
			sb_addf(&l, "%s:ev-%d-%d@example.org", one_in(30) ? "uid" : "UID", n, pick(3));
			if (one_in(20))
				sb_puts(&l, PICK(((const char *const[]){ "\\,x", " ", "\\", "\\n" })));
			put_line(out, l.buf, l.len, lf);
			l.len = 0;
		}
		if (i == start_at || (i == nprops && start_at >= 0 && one_in(30))) {
			random_when(&l, "DTSTART", &date, &kind);
			put_line(out, l.buf, l.len, lf);
			l.len = 0;
		}
		if (i == nprops)
			break;
		if (one_in(3)) {
			sb_puts(&l, "DTSTAMP:");
			random_date(&l, 0, 1);
		} else {
			random_prop(&l, &date, &kind);
		}
		put_line(out, l.buf, l.len, lf);
		l.len = 0;
	}
	put_line(out, "END:VEVENT", 10, lf);
	sb_release(&l);
}

/* The file's own zones: an IANA one, one of its own (+05:00, Tashkent's clock), a Windows-named one. */
static const char vtimezones[] =
	"BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
	"BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
	"BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
	"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	"BEGIN:VTIMEZONE\r\nTZID:Brussels Own\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
	"BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
	"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
	"BEGIN:VTIMEZONE\r\nTZID:Tashkent Own\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
	"TZOFFSETFROM:+0730\r\nTZOFFSETTO:+0730\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
	"BEGIN:VTIMEZONE\r\nTZID:West Asia Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\n"
	"TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

static void random_calendar(struct strbuf *out, int events, int *n)
{
	int lf = one_in(4);

	sb_puts(out, lf ? "BEGIN:VCALENDAR\nVERSION:2.0\n" : "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
	sb_puts(out, pick(3) ? "PRODID:-//dipcal//dipcal 0.1//EN\r\n"
		     : "PRODID:-//Example Corp.//Outlook 16.0//EN\r\n");
	if (pick(3))
		sb_puts(out, vtimezones);
	for (int i = 0; i < events; i++)
		random_event(out, lf, (*n)++);
	sb_puts(out, "END:VCALENDAR\r\n");
}

static void save(const char *dir, const char *name, const struct strbuf *cal)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f) {
		fwrite(cal->buf, 1, cal->len, f);
		fclose(f);
	}
}

int main(int argc, char **argv)
{
	int batches = 60, per_batch = 25, events = 0;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			same_file(argv[i]);
		return done_testing();
	}
	same_dir("tests/fuzz/corpus");
	same_dir("tests/data/fuzz");
	same_dir("tests/data");
	for (int b = 0; b < batches; b++) {
		int same = 0, first = events;

		for (int c = 0; c < per_batch; c++) {
			struct strbuf cal = STRBUF_INIT;
			char name[64];

			snprintf(name, sizeof(name), "random-%d.ics", events);
			random_calendar(&cal, 1 + pick(5), &events);
			if (getenv("READ_FAST_SAVE"))
				save(getenv("READ_FAST_SAVE"), name, &cal);
			same += same_both_ways(cal.buf, cal.len, name, same < c);
			sb_release(&cal);
		}
		ok(same == per_batch, "random VEVENTs %d to %d: the same both ways (%d of %d calendars)", first,
		   events - 1, same, per_batch);
	}
	diag("VEVENTs read by the fast path: %ld; left to libical: %ld", total_fast, total_libical);
	ok(total_fast > total_libical, "the fast path read most VEVENTs (%ld of %ld)", total_fast,
	   total_fast + total_libical);
	return done_testing();
}
