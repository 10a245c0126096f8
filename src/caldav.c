/* A CalDAV client of one calendar collection: the only user of libcurl. */
#include "caldav.h"

#include <arpa/inet.h>
#define CURL_DISABLE_TYPECHECK /* its macros would hide the calls through the table below */
#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "banned.h"

#ifndef DIPCAL_VERSION
#define DIPCAL_VERSION "0.1"
#endif

/*
 * libcurl is loaded when `publish` first needs it, not at every start of
 * dipcal: with its dependencies (OpenSSL, Kerberos, LDAP, SSH ...) it
 * would add some thirty shared libraries, milliseconds and megabytes to
 * every command, the reminder daemon included.
 */
static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	void (*free)(void *);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	const char *(*url_strerror)(CURLUcode);
} curl;

#define curl_global_init (*curl.global_init)
#define curl_global_cleanup (*curl.global_cleanup)
#define curl_easy_init (*curl.easy_init)
#undef curl_easy_setopt
#define curl_easy_setopt (*curl.easy_setopt)
#define curl_easy_perform (*curl.easy_perform)
#undef curl_easy_getinfo
#define curl_easy_getinfo (*curl.easy_getinfo)
#define curl_easy_cleanup (*curl.easy_cleanup)
#define curl_easy_strerror (*curl.easy_strerror)
#define curl_slist_append (*curl.slist_append)
#define curl_slist_free_all (*curl.slist_free_all)
#define curl_free (*curl.free)
#define curl_url (*curl.url)
#define curl_url_cleanup (*curl.url_cleanup)
#define curl_url_set (*curl.url_set)
#define curl_url_get (*curl.url_get)
#define curl_url_strerror (*curl.url_strerror)

/* Loads libcurl once; 0, or ST_FAIL after saying why. */
static int load_curl(void)
{
	static int state; /* 0 not tried, 1 loaded, -1 failed */
	void *h;
	struct { const char *name; void **fn; } syms[] = {
		{ "curl_global_init", (void **)&curl.global_init },
		{ "curl_global_cleanup", (void **)&curl.global_cleanup },
		{ "curl_easy_init", (void **)&curl.easy_init },
		{ "curl_easy_setopt", (void **)&curl.easy_setopt },
		{ "curl_easy_perform", (void **)&curl.easy_perform },
		{ "curl_easy_getinfo", (void **)&curl.easy_getinfo },
		{ "curl_easy_cleanup", (void **)&curl.easy_cleanup },
		{ "curl_easy_strerror", (void **)&curl.easy_strerror },
		{ "curl_slist_append", (void **)&curl.slist_append },
		{ "curl_slist_free_all", (void **)&curl.slist_free_all },
		{ "curl_free", (void **)&curl.free },
		{ "curl_url", (void **)&curl.url },
		{ "curl_url_cleanup", (void **)&curl.url_cleanup },
		{ "curl_url_set", (void **)&curl.url_set },
		{ "curl_url_get", (void **)&curl.url_get },
		{ "curl_url_strerror", (void **)&curl.url_strerror },
	};

	if (state)
		return state > 0 ? 0 : ST_FAIL;
	state = -1;
	h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return error(ST_FAIL, "cannot load libcurl (libcurl.so.4; Debian package libcurl4): %s", dlerror());
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		*syms[i].fn = dlsym(h, syms[i].name);
		if (!*syms[i].fn)
			return error(ST_FAIL, "cannot load libcurl: no %s in libcurl.so.4", syms[i].name);
	}
	state = 1;
	return 0;
}

#define CONNECT_TIMEOUT 10L
/* A listing larger than this is refused rather than held in memory. */
#define LIST_MAX ((size_t)256 << 20)

struct caldav {
	CURL *h;
	char *url;              /* the collection, trailing slash, no user name */
	char *path;             /* its path, percent-encoded, trailing slash */
	long timeout;
	int global;             /* curl_global_init() done: curl_global_cleanup() at the end */
	char errbuf[CURL_ERROR_SIZE];
};

/* What one request got back. */
struct reply {
	long code;
	char reason[64];        /* the status line's reason phrase, printable ASCII */
	char *etag, *location;
	struct strbuf body;
	int keep_body;          /* else the body is read and dropped */
	int too_large;
};

static void reply_clear(struct reply *r)
{
	free(r->etag);
	free(r->location);
	sb_release(&r->body);
	memset(r, 0, sizeof(*r));
}

/* ---- URLs ---- */

int caldav_is_loopback(const char *host)
{
	unsigned char a[16];
	char buf[64];
	size_t n = strlen(host);

	if (!strcasecmp(host, "localhost") || !strcasecmp(host, "localhost."))
		return 1;
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127;
	if (n < 3 || n - 2 >= sizeof(buf) || host[0] != '[' || host[n - 1] != ']')
		return 0;
	memcpy(buf, host + 1, n - 2);
	buf[n - 2] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return 0;
	/* ::1, or an IPv4-mapped loopback address (::ffff:127.x.y.z) */
	for (int i = 0; i < 10; i++)
		if (a[i])
			return 0;
	if (a[10] == 0 && a[11] == 0) {
		for (int i = 12; i < 15; i++)
			if (a[i])
				return 0;
		return a[15] == 1;
	}
	return a[10] == 0xff && a[11] == 0xff && a[12] == 127;
}

/* A part of u, or NULL when it has none. The caller frees with curl_free(). */
static char *url_part(CURLU *u, CURLUPart what)
{
	char *s = NULL;

	if (curl_url_get(u, what, &s, 0) != CURLUE_OK)
		return NULL;
	return s;
}

/* Parses and checks url into *u (the caller's to curl_url_cleanup()). */
static int parse_url(const char *url, int insecure_http, CURLU **u)
{
	char *scheme = NULL, *host = NULL, *pass = NULL, *query = NULL, *frag = NULL;
	CURLUcode rc;
	int st = 0;

	*u = NULL;
	if (load_curl())
		return ST_FAIL;
	*u = curl_url();
	if (!*u)
		die("out of memory");
	rc = curl_url_set(*u, CURLUPART_URL, url, 0);
	if (rc != CURLUE_OK) {
		st = error(ST_INVALID, "invalid URL '%s': %s", url,
			   strstr(url, "://") ? curl_url_strerror(rc) : "expected http:// or https://");
		goto out;
	}
	scheme = url_part(*u, CURLUPART_SCHEME);
	host = url_part(*u, CURLUPART_HOST);
	pass = url_part(*u, CURLUPART_PASSWORD);
	query = url_part(*u, CURLUPART_QUERY);
	frag = url_part(*u, CURLUPART_FRAGMENT);
	if (!scheme || (strcmp(scheme, "http") && strcmp(scheme, "https")))
		st = error(ST_INVALID, "invalid URL '%s': expected http:// or https://", url);
	else if (!host || !*host)
		st = error(ST_INVALID, "invalid URL '%s': no host", url);
	else if (pass)
		/* Not echoed: the URL holds a password. */
		st = error(ST_INVALID, "the URL holds a password: give it with --password-file or ~/.netrc instead");
	else if (query || frag)
		st = error(ST_INVALID, "invalid URL '%s': a calendar collection has no query or fragment", url);
	else if (!strcmp(scheme, "http") && !insecure_http && !caldav_is_loopback(host))
		st = error(ST_INVALID, "refusing plain http to '%s': the password would cross the network unencrypted; "
			   "use https (or --insecure-http)", host);
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(pass);
	curl_free(query);
	curl_free(frag);
	if (st) {
		curl_url_cleanup(*u);
		*u = NULL;
	}
	return st;
}

int caldav_check_url(const char *url, int insecure_http)
{
	CURLU *u;
	int st = parse_url(url, insecure_http, &u);

	if (u)
		curl_url_cleanup(u);
	return st;
}

/* Unreserved characters (RFC 3986) and '@' stay; every other octet becomes %XX. */
static void encode_segment(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~@", *p)) {
			sb_add(sb, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			sb_add(sb, e, 3);
		}
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* s with every %XX decoded. The caller frees. */
static char *decode(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add(&sb, "", 0);
	for (; *s; s++) {
		if (*s == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			char c = (char)(hexval(s[1]) * 16 + hexval(s[2]));

			sb_add(&sb, &c, 1);
			s += 2;
		} else {
			sb_add(&sb, s, 1);
		}
	}
	return sb_detach(&sb);
}

char *caldav_href(const struct caldav *c, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, c->path);
	encode_segment(&sb, name);
	return sb_detach(&sb);
}

/* The URL of resource name. The caller frees. */
static char *resource_url(const struct caldav *c, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, c->url);
	encode_segment(&sb, name);
	return sb_detach(&sb);
}

/* ---- the handle ---- */

static size_t on_header(char *buf, size_t size, size_t n, void *arg)
{
	struct reply *r = arg;
	size_t len = size * n, k = 0;
	const char *v;
	char **slot = NULL;

	if (len >= 5 && !strncmp(buf, "HTTP/", 5)) {
		/* A new response (after a 100 Continue, say): what the previous one said goes. */
		free(r->etag);
		free(r->location);
		r->etag = r->location = NULL;
		r->reason[0] = '\0';
		v = memchr(buf, ' ', len);
		if (v)
			v = memchr(v + 1, ' ', len - (size_t)(v + 1 - buf));
		for (v = v ? v + 1 : buf + len; v < buf + len && *v >= ' ' && *v < 127 && k + 1 < sizeof(r->reason); v++)
			r->reason[k++] = *v;
		r->reason[k] = '\0';
		return len;
	}
	if (len > 5 && !strncasecmp(buf, "ETag:", 5)) {
		slot = &r->etag;
		v = buf + 5;
	} else if (len > 9 && !strncasecmp(buf, "Location:", 9)) {
		slot = &r->location;
		v = buf + 9;
	} else {
		return len;
	}
	while (v < buf + len && (*v == ' ' || *v == '\t'))
		v++;
	while (len && (buf[len - 1] == '\r' || buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	free(*slot);
	*slot = NULL;
	if (v < buf + len) {
		*slot = xmalloc((size_t)(buf + len - v) + 1);
		memcpy(*slot, v, (size_t)(buf + len - v));
		(*slot)[buf + len - v] = '\0';
	}
	return size * n;
}

static size_t on_body(char *buf, size_t size, size_t n, void *arg)
{
	struct reply *r = arg;

	if (!r->keep_body)
		return size * n;
	if (r->body.len + size * n > LIST_MAX) {
		r->too_large = 1;
		return 0;
	}
	sb_add(&r->body, buf, size * n);
	return size * n;
}

static void set_options(struct caldav *c, const struct caldav_opts *o)
{
	CURL *h = c->h;

	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o->timeout < CONNECT_TIMEOUT ? o->timeout : CONNECT_TIMEOUT);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "dipcal/" DIPCAL_VERSION);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	/* Basic, sent with the first request: every request is one round trip (over TLS, or to loopback). */
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	if (o->user)
		curl_easy_setopt(h, CURLOPT_USERNAME, o->user);
	if (o->password)
		curl_easy_setopt(h, CURLOPT_PASSWORD, o->password);
	else
		curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
}

int caldav_open(const struct caldav_opts *o, struct caldav **out)
{
	struct caldav_opts o2 = *o;
	struct caldav *c;
	CURLU *u;
	char *path = NULL, *user = NULL, *url = NULL, *url_user = NULL;
	int st;

	*out = NULL;
	st = parse_url(o->url, o->insecure_http, &u);
	if (st)
		return st;
	c = xcalloc(1, sizeof(*c));
	c->timeout = o->timeout;
	path = url_part(u, CURLUPART_PATH);
	if (!path || !*path || path[strlen(path) - 1] != '/') {
		char *p = xasprintf("%s/", path ? path : "");

		curl_url_set(u, CURLUPART_PATH, p, 0);
		free(p);
		curl_free(path);
		path = url_part(u, CURLUPART_PATH);
	}
	/* The user name of the URL is used, not kept in the collection's name. */
	user = url_part(u, CURLUPART_USER);
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	url = url_part(u, CURLUPART_URL);
	if (!path || !url)
		die("out of memory");
	c->path = xstrdup(path);
	c->url = xstrdup(url);
	c->global = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	if (c->global)
		c->h = curl_easy_init();
	if (!c->h) {
		st = error(ST_FAIL, "cannot start the HTTP client (libcurl)");
		goto out;
	}
	/* libcurl copies the strings it is given. */
	if (!o2.user && user)
		o2.user = url_user = decode(user);
	set_options(c, &o2);
out:
	free(url_user);
	curl_free(path);
	curl_free(user);
	curl_free(url);
	curl_url_cleanup(u);
	if (st) {
		caldav_close(c);
		return st;
	}
	*out = c;
	return 0;
}

void caldav_close(struct caldav *c)
{
	if (!c)
		return;
	if (c->h)
		curl_easy_cleanup(c->h);
	if (c->global)
		curl_global_cleanup();
	free(c->url);
	free(c->path);
	free(c);
}

const char *caldav_url(const struct caldav *c)
{
	return c->url;
}

/* ---- requests ---- */

/*
 * Sends one request and reads its reply into *r (cleared first; the caller
 * clears it after). Returns 0 when a reply came, whatever its status, or
 * prints the network failure ("cannot WHAT 'URL': why") and returns ST_FAIL.
 */
static int request(struct caldav *c, const char *what, const char *method, const char *url,
		   struct curl_slist *headers, const char *body, size_t len, int keep_body, struct reply *r)
{
	CURL *h = c->h;
	CURLcode rc;
	curl_off_t connected = 0;
	long oserr = 0;

	memset(r, 0, sizeof(*r));
	r->keep_body = keep_body;
	c->errbuf[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	if (body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	}
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, strcmp(method, "GET") && strcmp(method, "HEAD") ? method : NULL);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	rc = curl_easy_perform(h);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->code);
		return 0;
	}
	if (r->too_large)
		return error(ST_FAIL, "cannot %s '%s': the reply is larger than %zu MiB", what, url, LIST_MAX >> 20);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &oserr);
		return error(ST_FAIL, "cannot %s '%s': cannot connect: %s", what, url,
			     oserr ? strerror((int)oserr) : c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connected);
		if (!connected)
			return error(ST_FAIL, "cannot %s '%s': cannot connect within %ld s", what, url,
				     c->timeout < CONNECT_TIMEOUT ? c->timeout : CONNECT_TIMEOUT);
		return error(ST_FAIL, "cannot %s '%s': no reply within %ld s", what, url, c->timeout);
	default:
		return error(ST_FAIL, "cannot %s '%s': %s", what, url, c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc));
	}
}

/* The reply's reason phrase, else (HTTP/2 has none) the usual one for its status, else "". */
static const char *reason(const struct reply *r)
{
	static const struct { long code; const char *text; } usual[] = {
		{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" }, { 404, "Not Found" },
		{ 405, "Method Not Allowed" }, { 409, "Conflict" }, { 410, "Gone" }, { 412, "Precondition Failed" },
		{ 413, "Content Too Large" }, { 415, "Unsupported Media Type" }, { 500, "Internal Server Error" },
		{ 501, "Not Implemented" }, { 502, "Bad Gateway" }, { 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" }, { 507, "Insufficient Storage" },
	};

	if (r->reason[0])
		return r->reason;
	for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
		if (usual[i].code == r->code)
			return usual[i].text;
	return "";
}

/* Prints a reply that is not what was asked for as one line; returns ST_FAIL. */
static int http_error(const char *what, const char *url, const struct reply *r)
{
	const char *hint = "";

	if (r->code == 401)
		hint = ": wrong user name or password (--user, --password-file, ~/.netrc)";
	else if (r->code == 403)
		hint = ": this user may not do that here";
	else if (r->code == 404)
		hint = ": no such collection or resource";
	else if (r->code == 413)
		hint = ": the server takes nothing this large";
	else if (r->code == 507)
		hint = ": the server is out of space";
	else if (r->code >= 500)
		hint = ": the server failed";
	if (r->code >= 300 && r->code < 400 && r->location)
		return error(ST_FAIL, "cannot %s '%s': HTTP %ld %s: moved to '%s'", what, url, r->code, reason(r),
			     r->location);
	return error(ST_FAIL, "cannot %s '%s': HTTP %ld %s%s", what, url, r->code, reason(r), hint);
}

/*
 * If-Match compares strongly (RFC 9110 13.1.1): a weak ETag never matches,
 * so a resource the server gave one for is written without the condition
 * (the listing has been compared with it already).
 */
static int is_weak(const char *etag)
{
	return etag[0] == 'W' && etag[1] == '/';
}

static struct curl_slist *add_header(struct curl_slist *l, const char *h)
{
	struct curl_slist *n = curl_slist_append(l, h);

	if (!n)
		die("out of memory");
	return n;
}

static const char propfind_body[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<d:propfind xmlns:d=\"DAV:\"><d:prop><d:resourcetype/><d:getetag/></d:prop></d:propfind>\n";

int caldav_list(struct caldav *c, struct caldav_list *out)
{
	struct curl_slist *hd = NULL;
	struct reply r;
	int st;

	memset(out, 0, sizeof(*out));
	hd = add_header(hd, "Depth: 1");
	hd = add_header(hd, "Content-Type: application/xml; charset=utf-8");
	hd = add_header(hd, "Expect:");
	st = request(c, "list", "PROPFIND", c->url, hd, propfind_body, sizeof(propfind_body) - 1, 1, &r);
	curl_slist_free_all(hd);
	if (st)
		return st;
	if (r.code == 404)
		st = ST_NOTFOUND;
	else if (r.code != 207)
		st = http_error("list", c->url, &r);
	else if (caldav_parse_multistatus(r.body.buf ? r.body.buf : "", r.body.len, c->path, out))
		st = error(ST_FAIL, "cannot list '%s': the reply is not a WebDAV multistatus", c->url);
	reply_clear(&r);
	if (st)
		caldav_list_free(out);
	return st;
}

/* s with &, <, >, " escaped for XML. The caller frees. */
static char *xml_escape(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	sb_add(&sb, "", 0);
	for (; *s; s++) {
		switch (*s) {
		case '&': sb_puts(&sb, "&amp;"); break;
		case '<': sb_puts(&sb, "&lt;"); break;
		case '>': sb_puts(&sb, "&gt;"); break;
		case '"': sb_puts(&sb, "&quot;"); break;
		default: sb_add(&sb, s, 1); break;
		}
	}
	return sb_detach(&sb);
}

int caldav_mkcalendar(struct caldav *c, const char *displayname)
{
	struct curl_slist *hd = NULL;
	struct reply r;
	char *name = xml_escape(displayname), *body;
	int st;

	body = xasprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
			 "<c:mkcalendar xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"><d:set><d:prop>"
			 "<d:displayname>%s</d:displayname>"
			 "<c:supported-calendar-component-set><c:comp name=\"VEVENT\"/></c:supported-calendar-component-set>"
			 "</d:prop></d:set></c:mkcalendar>\n", name);
	hd = add_header(hd, "Content-Type: application/xml; charset=utf-8");
	hd = add_header(hd, "Expect:");
	st = request(c, "create the calendar", "MKCALENDAR", c->url, hd, body, strlen(body), 0, &r);
	curl_slist_free_all(hd);
	if (!st && r.code != 201) {
		if (r.code == 403 || r.code == 405 || r.code == 501)
			st = error(ST_FAIL, "cannot create the calendar '%s': HTTP %ld %s: the server does not allow it "
				   "here; create the calendar on the server first", c->url, r.code, reason(&r));
		else
			st = http_error("create the calendar", c->url, &r);
	}
	reply_clear(&r);
	free(name);
	free(body);
	return st;
}

int caldav_put(struct caldav *c, const char *name, const char *body, size_t len, const char *if_match,
	       int if_none_match, char **etag)
{
	struct curl_slist *hd = NULL;
	struct reply r;
	char *url = resource_url(c, name), *cond = NULL;
	int st;

	*etag = NULL;
	hd = add_header(hd, "Content-Type: text/calendar; charset=utf-8");
	/* Many servers (Radicale's among them) never send 100 Continue: waiting for it costs a second a request. */
	hd = add_header(hd, "Expect:");
	if (if_match && !is_weak(if_match)) {
		cond = xasprintf("If-Match: %s", if_match);
		hd = add_header(hd, cond);
	} else if (!if_match && if_none_match) {
		hd = add_header(hd, "If-None-Match: *");
	}
	st = request(c, "write", "PUT", url, hd, body, len, 0, &r);
	curl_slist_free_all(hd);
	if (!st) {
		if (r.code == 412)
			st = ST_REMOTE_CONFLICT;
		else if (r.code < 200 || r.code > 299)
			st = http_error("write", url, &r);
		else if (r.etag)
			*etag = xstrdup(r.etag);
	}
	reply_clear(&r);
	free(cond);
	free(url);
	return st;
}

int caldav_delete(struct caldav *c, const char *name, const char *if_match)
{
	struct curl_slist *hd = NULL;
	struct reply r;
	char *url = resource_url(c, name), *cond = NULL;
	int st;

	if (if_match && !is_weak(if_match)) {
		cond = xasprintf("If-Match: %s", if_match);
		hd = add_header(hd, cond);
	}
	st = request(c, "delete", "DELETE", url, hd, NULL, 0, 0, &r);
	curl_slist_free_all(hd);
	if (!st) {
		if (r.code == 412)
			st = ST_REMOTE_CONFLICT;
		else if (r.code == 404 || r.code == 410)
			st = ST_NOTFOUND;
		else if (r.code < 200 || r.code > 299)
			st = http_error("delete", url, &r);
	}
	reply_clear(&r);
	free(cond);
	free(url);
	return st;
}

int caldav_etag(struct caldav *c, const char *name, char **etag)
{
	struct reply r;
	char *url = resource_url(c, name);
	int st;

	*etag = NULL;
	st = request(c, "read", "HEAD", url, NULL, NULL, 0, 0, &r);
	if (!st) {
		if (r.code == 404 || r.code == 410)
			st = ST_NOTFOUND;
		else if (r.code < 200 || r.code > 299)
			st = http_error("read", url, &r);
		else if (r.etag)
			*etag = xstrdup(r.etag);
	}
	reply_clear(&r);
	free(url);
	return st;
}

/* ---- the multistatus reply ---- */

void caldav_list_free(struct caldav_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->e[i].name);
		free(l->e[i].etag);
	}
	free(l->e);
	memset(l, 0, sizeof(*l));
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct caldav_entry *)a)->name, ((const struct caldav_entry *)b)->name);
}

const struct caldav_entry *caldav_list_find(const struct caldav_list *l, const char *name)
{
	struct caldav_entry key = { (char *)name, NULL };

	if (!l->n)
		return NULL;
	return bsearch(&key, l->e, l->n, sizeof(*l->e), cmp_entry);
}

/* What the parser keeps of the response being read. */
struct ms_parse {
	const char *base;       /* the collection's path, decoded, trailing slash */
	struct caldav_list *out;
	size_t alloc;
	struct strbuf text;     /* the text of the innermost element */
	int multistatus, complete;      /* its start and its end were read */
	int in_response, in_propstat, in_resourcetype;
	char *href, *etag, *ps_etag;
	int is_cal, is_coll, ps_cal, ps_coll, ps_ok;
};

/* Appends text with XML's character references decoded. */
static void add_text(struct strbuf *sb, const char *s, const char *end)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' }, { "apos;", '\'' },
	};

	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		size_t i;

		if (!amp) {
			sb_add(sb, s, (size_t)(end - s));
			return;
		}
		sb_add(sb, s, (size_t)(amp - s));
		s = amp + 1;
		for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
			size_t n = strlen(ents[i].name);

			if ((size_t)(end - s) >= n && !strncmp(s, ents[i].name, n)) {
				sb_add(sb, &ents[i].c, 1);
				s += n;
				break;
			}
		}
		if (i < sizeof(ents) / sizeof(ents[0]))
			continue;
		if (s < end && *s == '#') {
			const char *p = s + 1;
			int hex = p < end && (*p == 'x' || *p == 'X');
			unsigned long cp = 0;
			char u[4];
			size_t k = 0;

			for (p += hex; p < end && *p != ';' && cp <= 0x10ffff; p++) {
				int d = hex ? hexval(*p) : (*p >= '0' && *p <= '9' ? *p - '0' : -1);

				if (d < 0)
					break;
				cp = cp * (hex ? 16 : 10) + (unsigned long)d;
			}
			if (p < end && *p == ';' && cp && cp <= 0x10ffff) {
				if (cp < 0x80) {
					u[k++] = (char)cp;
				} else if (cp < 0x800) {
					u[k++] = (char)(0xc0 | cp >> 6);
					u[k++] = (char)(0x80 | (cp & 0x3f));
				} else if (cp < 0x10000) {
					u[k++] = (char)(0xe0 | cp >> 12);
					u[k++] = (char)(0x80 | (cp >> 6 & 0x3f));
					u[k++] = (char)(0x80 | (cp & 0x3f));
				} else {
					u[k++] = (char)(0xf0 | cp >> 18);
					u[k++] = (char)(0x80 | (cp >> 12 & 0x3f));
					u[k++] = (char)(0x80 | (cp >> 6 & 0x3f));
					u[k++] = (char)(0x80 | (cp & 0x3f));
				}
				sb_add(sb, u, k);
				s = p + 1;
				continue;
			}
		}
		sb_add(sb, "&", 1);
	}
}

/* The text collected, without the white space around it. The caller frees. */
static char *trimmed(const struct strbuf *sb)
{
	const char *s = sb->buf ? sb->buf : "", *e = s + sb->len;

	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
		e--;
	{
		char *r = xmalloc((size_t)(e - s) + 1);

		memcpy(r, s, (size_t)(e - s));
		r[e - s] = '\0';
		return r;
	}
}

/* A response read to its end: the collection itself, one of its members, or something else. */
static void end_response(struct ms_parse *p)
{
	const char *h = p->href;
	char *path, *rest;
	size_t bl = strlen(p->base), pl;

	if (!h)
		return;
	/* An absolute URL: its path. */
	if (!strncasecmp(h, "http://", 7) || !strncasecmp(h, "https://", 8)) {
		h = strchr(strstr(h, "://") + 3, '/');
		if (!h)
			return;
	}
	path = decode(h);
	pl = strlen(path);
	if (!strcmp(path, p->base) || (pl + 1 == bl && !strncmp(path, p->base, pl))) {
		p->out->has_self = 1;
		p->out->is_calendar = p->is_cal;
	} else if (pl > bl && !strncmp(path, p->base, bl) && !strchr(path + bl, '/') && !p->is_coll) {
		rest = path + bl;
		if (p->out->n == p->alloc) {
			p->alloc = p->alloc ? p->alloc * 2 : 64;
			p->out->e = xrealloc(p->out->e, p->alloc * sizeof(*p->out->e));
		}
		p->out->e[p->out->n].name = xstrdup(rest);
		p->out->e[p->out->n].etag = p->etag;
		p->etag = NULL;
		p->out->n++;
	}
	free(path);
}

static void start_element(struct ms_parse *p, const char *name)
{
	sb_release(&p->text);
	if (!strcmp(name, "multistatus")) {
		p->multistatus = 1;
	} else if (!strcmp(name, "response")) {
		p->in_response = 1;
		free(p->href);
		free(p->etag);
		p->href = p->etag = NULL;
		p->is_cal = p->is_coll = 0;
	} else if (!strcmp(name, "propstat")) {
		p->in_propstat = 1;
		free(p->ps_etag);
		p->ps_etag = NULL;
		p->ps_cal = p->ps_coll = 0;
		p->ps_ok = 1;
	} else if (!strcmp(name, "resourcetype")) {
		p->in_resourcetype = 1;
	} else if (p->in_resourcetype && !strcmp(name, "calendar")) {
		p->ps_cal = 1;
	} else if (p->in_resourcetype && !strcmp(name, "collection")) {
		p->ps_coll = 1;
	}
}

static void end_element(struct ms_parse *p, const char *name)
{
	if (!strcmp(name, "multistatus") && p->multistatus)
		p->complete = 1;
	if (!p->in_response)
		return;
	if (!strcmp(name, "href") && !p->in_propstat) {
		if (!p->href)
			p->href = trimmed(&p->text);
	} else if (!strcmp(name, "getetag") && p->in_propstat) {
		free(p->ps_etag);
		p->ps_etag = trimmed(&p->text);
		if (!*p->ps_etag) {
			free(p->ps_etag);
			p->ps_etag = NULL;
		}
	} else if (!strcmp(name, "status") && p->in_propstat) {
		char *s = trimmed(&p->text), *sp = strchr(s, ' ');

		p->ps_ok = sp && sp[1] == '2';
		free(s);
	} else if (!strcmp(name, "resourcetype")) {
		p->in_resourcetype = 0;
	} else if (!strcmp(name, "propstat")) {
		p->in_propstat = 0;
		if (p->ps_ok) {
			if (p->ps_etag) {
				free(p->etag);
				p->etag = p->ps_etag;
				p->ps_etag = NULL;
			}
			p->is_cal |= p->ps_cal;
			p->is_coll |= p->ps_coll;
		}
	} else if (!strcmp(name, "response")) {
		end_response(p);
		p->in_response = 0;
	}
	sb_release(&p->text);
}

/* The local name of the tag at s (after '<' or '</'), into buf; returns where the name ends. */
static const char *tag_name(const char *s, const char *end, char *buf, size_t n)
{
	const char *start = s, *colon = NULL;
	size_t k;

	while (s < end && !strchr(" \t\r\n/>", *s)) {
		if (*s == ':')
			colon = s;
		s++;
	}
	if (colon)
		start = colon + 1;
	k = (size_t)(s - start) < n - 1 ? (size_t)(s - start) : n - 1;
	memcpy(buf, start, k);
	buf[k] = '\0';
	return s;
}

/* Where the text that ends with the string stop ends (after it), or NULL. */
static const char *skip_to(const char *s, const char *end, const char *stop)
{
	size_t n = strlen(stop);

	for (; s + n <= end; s++)
		if (!memcmp(s, stop, n))
			return s + n;
	return NULL;
}

int caldav_parse_multistatus(const char *xml, size_t len, const char *path, struct caldav_list *out)
{
	struct ms_parse p;
	const char *s = xml, *end = xml + len;
	char *base = decode(path);
	int ok = 1;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.base = base;
	while (ok && s < end) {
		const char *lt = memchr(s, '<', (size_t)(end - s));
		char name[64];

		if (!lt) {
			add_text(&p.text, s, end);
			break;
		}
		add_text(&p.text, s, lt);
		s = lt + 1;
		if (s < end && (*s == '?' || *s == '!')) {
			if (end - s >= 3 && !memcmp(s, "!--", 3))
				s = skip_to(s + 3, end, "-->");
			else if (end - s >= 8 && !memcmp(s, "![CDATA[", 8)) {
				const char *e = skip_to(s + 8, end, "]]>");

				if (e)
					sb_add(&p.text, s + 8, (size_t)(e - 3 - (s + 8)));
				s = e;
			} else {
				s = skip_to(s, end, ">");
			}
			ok = s != NULL;
			continue;
		}
		if (s < end && *s == '/') {
			s = tag_name(s + 1, end, name, sizeof(name));
			end_element(&p, name);
			s = skip_to(s, end, ">");
			ok = s != NULL;
			continue;
		}
		s = tag_name(s, end, name, sizeof(name));
		start_element(&p, name);
		/* The attributes, whose quoted values may hold '>'. */
		while (s < end && *s != '>') {
			if (*s == '"' || *s == '\'') {
				const char *q = memchr(s + 1, *s, (size_t)(end - s - 1));

				if (!q)
					s = end - 1;
				else
					s = q;
			}
			s++;
		}
		if (s >= end) {
			ok = 0;
			break;
		}
		if (s[-1] == '/')
			end_element(&p, name);
		s++;
	}
	free(p.href);
	free(p.etag);
	free(p.ps_etag);
	sb_release(&p.text);
	free(base);
	if (out->n)
		qsort(out->e, out->n, sizeof(*out->e), cmp_entry);
	return ok && p.complete ? 0 : -1;
}
