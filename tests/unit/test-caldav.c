/*
 * The CalDAV client's pure parts: reading a PROPFIND multistatus (namespace
 * prefixes, entities, absolute hrefs, encoded names, 404 propstats, the
 * collection itself, sub-collections), which hosts are loopback, and which
 * collection URLs are refused before anything is sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caldav.h"
#include "tap.h"
#include "util.h"

static const char *etag_of(const struct caldav_list *l, const char *name)
{
	const struct caldav_entry *e = caldav_list_find(l, name);

	return e ? e->etag : "(missing)";
}

/* As Radicale 3 writes it: the default namespace, quoted ETags, encoded hrefs. */
static void test_radicale(void)
{
	static const char xml[] =
		"<?xml version='1.0' encoding='utf-8'?>\n"
		"<multistatus xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\">"
		"<response><href>/alice/cal/</href><propstat><prop><resourcetype><C:calendar /><collection />"
		"</resourcetype><getetag>\"c0\"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>"
		"<response><href>/alice/cal/b%40x.ics</href><propstat><prop><resourcetype />"
		"<getetag>\"e-b\"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>"
		"<response><href>/alice/cal/a%20b%C3%A9.ics</href><propstat><prop><resourcetype />"
		"<getetag>\"e-a\"</getetag></prop><status>HTTP/1.1 200 OK</status></propstat></response>"
		"</multistatus>";
	struct caldav_list l;

	is_int(caldav_parse_multistatus(xml, strlen(xml), "/alice/cal/", &l), 0, "radicale: parsed");
	is_int((int64_t)l.n, 2, "radicale: two members");
	ok(l.has_self && l.is_calendar, "radicale: the collection is a calendar");
	is_str(l.n ? l.e[0].name : NULL, "a b\xc3\xa9.ics", "radicale: names decoded and sorted");
	is_str(etag_of(&l, "b@x.ics"), "\"e-b\"", "radicale: ETag of b@x.ics");
	is_str(etag_of(&l, "a b\xc3\xa9.ics"), "\"e-a\"", "radicale: ETag of an encoded name");
	ok(!caldav_list_find(&l, "c.ics"), "radicale: no c.ics");
	caldav_list_free(&l);
}

/* Prefixes, entities, absolute hrefs, a 404 propstat, a sub-collection, comments and CDATA. */
static void test_variants(void)
{
	static const char xml[] =
		"<?xml version=\"1.0\"?>\n<!-- a comment <response> -->\n"
		"<d:multistatus xmlns:d=\"DAV:\" xmlns:cal=\"urn:ietf:params:xml:ns:caldav\">\n"
		" <d:response>\n  <d:href>https://dav.example.org/dav/cal</d:href>\n"
		"  <d:propstat><d:prop><d:resourcetype><d:collection/><cal:calendar/></d:resourcetype></d:prop>"
		"<d:status>HTTP/1.1 200 OK</d:status></d:propstat>\n </d:response>\n"
		" <d:response><d:href>https://dav.example.org/dav/cal/one.ics</d:href>\n"
		"  <d:propstat><d:prop><d:getetag>&quot;1-abc&quot;</d:getetag></d:prop>"
		"<d:status>HTTP/1.1 200 OK</d:status></d:propstat>\n"
		"  <d:propstat><d:prop><d:resourcetype/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>\n"
		" </d:response>\n"
		" <d:response><d:href>/dav/cal/two.ics</d:href>"
		"  <d:propstat><d:prop><d:getetag>W/\"weak\"</d:getetag></d:prop><d:status>HTTP/1.1 404 Not Found</d:status>"
		"</d:propstat></d:response>\n"
		" <d:response><d:href>/dav/cal/three.ics</d:href>"
		"  <d:propstat><d:prop><d:getetag><![CDATA[\"<3>\"]]></d:getetag></d:prop>"
		"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\n"
		" <d:response><d:href>/dav/cal/four&#46;ics</d:href>"
		"  <d:propstat><d:prop><d:getetag>&#x22;4&#34;</d:getetag></d:prop>"
		"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\n"
		" <d:response><d:href>/dav/cal/sub/</d:href>"
		"  <d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop>"
		"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\n"
		" <d:response><d:href>/dav/other/five.ics</d:href>"
		"  <d:propstat><d:prop><d:getetag>\"5\"</d:getetag></d:prop>"
		"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>\n"
		"</d:multistatus>\n";
	struct caldav_list l;

	is_int(caldav_parse_multistatus(xml, strlen(xml), "/dav/cal/", &l), 0, "variants: parsed");
	ok(l.has_self && l.is_calendar, "variants: the collection, without its trailing slash, is the calendar");
	is_int((int64_t)l.n, 4, "variants: four members (no sub-collection, nothing outside)");
	is_str(etag_of(&l, "one.ics"), "\"1-abc\"", "variants: &quot; in an ETag, absolute href");
	is_str(etag_of(&l, "two.ics"), NULL, "variants: the ETag of a 404 propstat is not taken");
	is_str(etag_of(&l, "three.ics"), "\"<3>\"", "variants: CDATA");
	is_str(etag_of(&l, "four.ics"), "\"4\"", "variants: numeric character references");
	ok(!caldav_list_find(&l, "sub") && !caldav_list_find(&l, "five.ics"), "variants: sub-collection and outsider left out");
	caldav_list_free(&l);
}

static void test_not_multistatus(void)
{
	static const char html[] = "<html><body><h1>Welcome</h1></body></html>";
	static const char cut[] = "<multistatus xmlns=\"DAV:\"><response><href>/a/b.ics</href><propstat><prop><getetag a=\"";
	struct caldav_list l;

	is_int(caldav_parse_multistatus(html, strlen(html), "/a/", &l), -1, "an HTML page is not a multistatus");
	caldav_list_free(&l);
	is_int(caldav_parse_multistatus(cut, strlen(cut), "/a/", &l), -1, "a cut reply is not a multistatus");
	caldav_list_free(&l);
	is_int(caldav_parse_multistatus("", 0, "/a/", &l), -1, "an empty reply is not a multistatus");
	caldav_list_free(&l);
}

static void test_loopback(void)
{
	static const struct {
		const char *host;
		int loopback;
	} cases[] = {
		{ "127.0.0.1", 1 }, { "127.1.2.3", 1 }, { "localhost", 1 }, { "LOCALHOST", 1 }, { "[::1]", 1 },
		{ "[::ffff:127.0.0.1]", 1 }, { "128.0.0.1", 0 }, { "10.0.0.1", 0 }, { "[::2]", 0 }, { "::1", 0 },
		{ "localhost.example.org", 0 }, { "example.org", 0 }, { "[fe80::1]", 0 }, { "", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(caldav_is_loopback(cases[i].host), cases[i].loopback, "loopback '%s'", cases[i].host);
}

static void test_check_url(void)
{
	static const struct {
		const char *url;
		int insecure, st;
	} cases[] = {
		{ "https://dav.example.org/alice/cal/", 0, 0 },
		{ "https://dav.example.org/alice/cal", 0, 0 },
		{ "http://127.0.0.1:5232/alice/cal/", 0, 0 },
		{ "http://[::1]:5232/alice/cal/", 0, 0 },
		{ "http://localhost/alice/cal/", 0, 0 },
		{ "http://dav.example.org/alice/cal/", 0, ST_INVALID },
		{ "http://dav.example.org/alice/cal/", 1, 0 },
		{ "https://alice:secret@dav.example.org/cal/", 0, ST_INVALID },
		{ "https://alice@dav.example.org/cal/", 0, 0 },
		{ "https://dav.example.org/cal/?x=1", 0, ST_INVALID },
		{ "ftp://dav.example.org/cal/", 0, ST_INVALID },
		{ "dav.example.org/cal/", 0, ST_INVALID },
		{ "", 0, ST_INVALID },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(caldav_check_url(cases[i].url, cases[i].insecure), cases[i].st, "check URL '%s'%s", cases[i].url,
		       cases[i].insecure ? " with --insecure-http" : "");
}

int main(void)
{
	test_radicale();
	test_variants();
	test_not_multistatus();
	test_loopback();
	test_check_url();
	return done_testing();
}
