/* The calendar over HTTP, for calendar programs that subscribe to an iCalendar address. */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dlfcn.h>
#include <microhttpd.h>

#include "export.h"
#include "store.h"
#include "util.h"
#include "banned.h"

/*
 * libmicrohttpd is loaded when `serve` starts, not at every start of
 * dipcal: with GnuTLS and its dependencies it would add a dozen shared
 * libraries to every command.
 */
static struct {
	struct MHD_Daemon *(*start_daemon)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
					   MHD_AccessHandlerCallback, void *, ...);
	void (*stop_daemon)(struct MHD_Daemon *);
	const char *(*lookup_connection_value)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
	enum MHD_Result (*queue_response)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
	struct MHD_Response *(*create_response_from_buffer)(size_t, void *, enum MHD_ResponseMemoryMode);
	void (*destroy_response)(struct MHD_Response *);
	enum MHD_Result (*add_response_header)(struct MHD_Response *, const char *, const char *);
} mhd;

#define MHD_start_daemon (*mhd.start_daemon)
#define MHD_stop_daemon (*mhd.stop_daemon)
#define MHD_lookup_connection_value (*mhd.lookup_connection_value)
#define MHD_queue_response (*mhd.queue_response)
#define MHD_create_response_from_buffer (*mhd.create_response_from_buffer)
#define MHD_destroy_response (*mhd.destroy_response)
#define MHD_add_response_header (*mhd.add_response_header)

/* Loads libmicrohttpd; 0, or ST_FAIL after saying why. */
static int load_mhd(void)
{
	struct { const char *name; void **fn; } syms[] = {
		{ "MHD_start_daemon", (void **)&mhd.start_daemon },
		{ "MHD_stop_daemon", (void **)&mhd.stop_daemon },
		{ "MHD_lookup_connection_value", (void **)&mhd.lookup_connection_value },
		{ "MHD_queue_response", (void **)&mhd.queue_response },
		{ "MHD_create_response_from_buffer", (void **)&mhd.create_response_from_buffer },
		{ "MHD_destroy_response", (void **)&mhd.destroy_response },
		{ "MHD_add_response_header", (void **)&mhd.add_response_header },
	};
	void *h = dlopen("libmicrohttpd.so.12", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return error(ST_FAIL, "cannot load libmicrohttpd (libmicrohttpd.so.12; Debian package libmicrohttpd12): %s",
			     dlerror());
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		*syms[i].fn = dlsym(h, syms[i].name);
		if (!*syms[i].fn)
			return error(ST_FAIL, "cannot load libmicrohttpd: no %s in libmicrohttpd.so.12", syms[i].name);
	}
	return 0;
}

/* Seconds a connection may stay idle. */
#define IDLE_TIMEOUT 60
/* The longest body code (schema/0001-core.sql). */
#define BODY_CODE_MAX 16

/* The signal that stops the server, or 0: set by the handler, read by serve_run(). */
static volatile sig_atomic_t stop_signal;

/*
 * What the request handler works with. MHD runs the handler in its one
 * internal thread only (no thread per connection, no pool), so the
 * connection and these fields are never used by two threads at once.
 */
struct server {
	struct db **db;
	const struct serve_opts *o;
	dev_t dev;              /* the file *db reads */
	ino_t ino;
};

int serve_parse_listen(const char *what, const char *s, struct serve_addr *a)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *addr = s, *port, *end;
	int v6 = s[0] == '[';
	int64_t p;
	size_t n;

	memset(a, 0, sizeof(*a));
	if (v6) {
		addr++;
		end = strchr(addr, ']');
		port = end && end[1] == ':' ? end + 2 : NULL;
	} else {
		end = strrchr(addr, ':');
		port = end ? end + 1 : NULL;
	}
	n = end ? (size_t)(end - addr) : 0;
	if (!port || !n || n >= sizeof(host) || parse_int64(port, 1, 65535, &p))
		goto invalid;
	memcpy(host, addr, n);
	host[n] = '\0';
	if (v6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->sa;

		if (inet_pton(AF_INET6, host, &in6->sin6_addr) != 1)
			goto invalid;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)p);
		a->len = sizeof(*in6);
	} else {
		struct sockaddr_in *in4 = (struct sockaddr_in *)&a->sa;

		if (inet_pton(AF_INET, host, &in4->sin_addr) != 1)
			goto invalid;
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)p);
		a->len = sizeof(*in4);
	}
	return 0;
invalid:
	return error(ST_INVALID, "invalid %s '%s': expected IPv4-ADDRESS:PORT or [IPv6-ADDRESS]:PORT, "
		     "e.g. 127.0.0.1:8080 or [::1]:8080", what, s);
}

/* ---- HTTP dates (main() leaves LC_TIME as "C": English names) ---- */

static void http_date(int64_t t, char *buf, size_t n)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, n, "%a, %d %b %Y %H:%M:%S GMT", &tm))
		snprintf(buf, n, "Thu, 01 Jan 1970 00:00:00 GMT");
}

/* An HTTP-date in any of its three forms (RFC 9110, 5.6.7); 0 on success, -1 otherwise. */
static int parse_http_date(const char *s, int64_t *t)
{
	static const char *const forms[] = {
		"%a, %d %b %Y %H:%M:%S GMT",    /* IMF-fixdate */
		"%a, %d-%b-%y %H:%M:%S GMT",    /* RFC 850 */
		"%a %b %e %H:%M:%S %Y",         /* asctime */
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct tm tm;
		const char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(s, forms[i], &tm);
		if (end && !end[strspn(end, " \t")]) {
			*t = (int64_t)timegm(&tm);
			return 0;
		}
	}
	return -1;
}

/* Whether an If-None-Match value is "*" or lists etag (weak comparison, RFC 9110, 13.1.2). */
static int etag_listed(const char *list, const char *etag)
{
	size_t n = strlen(etag);
	const char *p = list, *q;

	for (;;) {
		p += strspn(p, " \t,");
		if (!*p)
			return 0;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p != '"') {
			p += strcspn(p, ",");
			continue;
		}
		q = strchr(p + 1, '"');
		if (!q)
			return 0;
		if ((size_t)(q + 1 - p) == n && !memcmp(p, etag, n))
			return 1;
		p = q + 1;
	}
}

/* ---- responses ---- */

/* Queues r (NULL: out of memory, the connection is closed) and drops this function's reference. */
static enum MHD_Result queue(struct MHD_Connection *conn, unsigned int code, struct MHD_Response *r)
{
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result reply_text(struct MHD_Connection *conn, unsigned int code, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);

	if (r) {
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
		if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
			MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	}
	return queue(conn, code, r);
}

/* The validators and caching rule of a 200 or 304. */
static void add_validators(struct MHD_Response *r, const char *etag, int64_t last_modified)
{
	char date[64];

	http_date(last_modified, date, sizeof(date));
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	/* A cached copy may be used only after asking whether it is still current. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
}

/* ---- the database ---- */

/*
 * Reconnects when the file at the path is no longer the one *db reads (a new
 * database put in its place), and gives the file's newest change: the later
 * mtime of the database and its write-ahead log, where each commit lands.
 */
static int refresh_db(struct server *srv, int64_t *mtime)
{
	struct db *fresh;
	struct stat sb, wal;
	char *path = xstrdup((*srv->db)->path), *walpath = NULL;
	int st = 0;

	if (stat(path, &sb)) {
		st = error(ST_FAIL, "cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (sb.st_dev != srv->dev || sb.st_ino != srv->ino) {
		st = db_open(path, &fresh);
		if (st)
			goto out;
		db_close(*srv->db);
		*srv->db = fresh;
		srv->dev = sb.st_dev;
		srv->ino = sb.st_ino;
	}
	*mtime = (int64_t)sb.st_mtime;
	walpath = xasprintf("%s-wal", path);
	if (!stat(walpath, &wal) && (int64_t)wal.st_mtime > *mtime)
		*mtime = (int64_t)wal.st_mtime;
out:
	free(walpath);
	free(path);
	return st;
}

/* Whether code is a body this server serves: one of o's (when given) and in the database. */
static int serves_body(struct server *srv, const char *code, int *yes)
{
	struct rows r;
	int listed = !srv->o->nbodies, st;

	*yes = 0;
	for (int i = 0; i < srv->o->nbodies; i++)
		if (!strcmp(srv->o->bodies[i], code))
			listed = 1;
	if (!listed)
		return 0;
	st = store_body_rows(*srv->db, &r);
	for (size_t i = 0; !st && i < r.n; i++)
		if (!strcmp(rows_get(&r, i, 0), code))
			*yes = 1;
	if (!st)
		rows_free(&r);
	return st;
}

/*
 * GET or HEAD of url. The version is read before the calendar is written:
 * a change committed in between gives a newer calendar under an older ETag,
 * which costs the client one more download, never a stale 304.
 */
static enum MHD_Result reply_calendar(struct server *srv, struct MHD_Connection *conn, const char *url)
{
	struct export_opts eo = { srv->o->bodies, srv->o->nbodies, INT64_MIN / 4, INT64_MAX / 4, NULL, 0, 0, 0 };
	struct MHD_Response *r = NULL;
	struct strbuf sel = STRBUF_INIT;
	char code[BODY_CODE_MAX + 1], *version = NULL, *etag = NULL, *buf = NULL;
	char *one[1] = { code };
	const char *inm, *ims;
	int64_t mtime = 0, changed = 0, since;
	size_t len = strlen(url), size = 0;
	unsigned int status = MHD_HTTP_OK;
	int st, yes = 1, fresh = 0;
	FILE *f;

	st = refresh_db(srv, &mtime);
	if (st)
		goto out;
	if (strcmp(url, "/calendar.ics")) {
		if (url[0] != '/' || len <= strlen("/.ics") || len - strlen("/.ics") > BODY_CODE_MAX ||
		    strcmp(url + len - strlen(".ics"), ".ics"))
			yes = 0;
		if (yes) {
			memcpy(code, url + 1, len - strlen("/.ics"));
			code[len - strlen("/.ics")] = '\0';
			st = serves_body(srv, code, &yes);
		}
		if (st || !yes)
			goto out;
		eo.bodies = one;
		eo.nbodies = 1;
	}
	st = store_calendar_version(*srv->db, &version, &changed);
	if (st)
		goto out;
	/* The entity tag: the database's version and which bodies; a body code has no quote. */
	for (int i = 0; i < eo.nbodies; i++)
		sb_addf(&sel, "%s%s", i ? "+" : "", eo.bodies[i]);
	etag = xasprintf("\"%.*s-%s\"", (int)strlen(version) - 2, version + 1, eo.nbodies ? sel.buf : "all");
	/* The rows' own times count only when not later than the real clock (dipcal's may be pinned). */
	if (changed > mtime && changed <= (int64_t)time(NULL))
		mtime = changed;
	/* If-None-Match, when sent, decides alone (RFC 9110, 13.2.2). */
	inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	ims = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	if (inm)
		fresh = etag_listed(inm, etag);
	else if (ims && !parse_http_date(ims, &since))
		fresh = mtime <= since;
	if (fresh) {
		status = MHD_HTTP_NOT_MODIFIED;
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		goto out;
	}
	/* The calendar itself, written afresh: its DTSTAMPs are the time of this request. */
	f = open_memstream(&buf, &size);
	if (!f) {
		st = error(ST_FAIL, "cannot write the calendar: %s", strerror(errno));
		goto out;
	}
	st = export_write(*srv->db, &eo, f);
	if (fclose(f) && !st)
		st = error(ST_FAIL, "cannot write the calendar: %s", strerror(errno));
	if (st)
		goto out;
	r = MHD_create_response_from_buffer(size, buf, MHD_RESPMEM_MUST_FREE);
	if (r) {
		buf = NULL;
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/calendar; charset=utf-8");
	}
out:
	if (r)
		add_validators(r, etag, mtime);
	free(buf);
	free(etag);
	free(version);
	sb_release(&sel);
	if (st)
		return reply_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "the calendar cannot be read; see the server's log\n");
	if (!yes)
		return reply_text(conn, MHD_HTTP_NOT_FOUND, "not found: the calendars are /calendar.ics and /BODY.ics\n");
	return queue(conn, status, r);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **req)
{
	struct server *srv = cls;

	(void)version;
	(void)upload_data;
	/* Refused at once: MHD then discards what the client still sends and closes the connection. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed: use GET\n");
	/* The first call has the headers; answer once the request is complete. */
	if (!*req) {
		*req = srv;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	return reply_calendar(srv, conn, url);
}

/* ---- the server ---- */

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* A socket bound to the address and listening; -1 after reporting why not. */
static int listen_on(const struct serve_opts *o)
{
	int fd = socket(o->addr.sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    bind(fd, (const struct sockaddr *)&o->addr.sa, o->addr.len) || listen(fd, SOMAXCONN)) {
		error(ST_FAIL, "cannot listen on '%s': %s", o->listen, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int serve_run(struct db **db, const struct serve_opts *o)
{
	struct server srv = { db, o, 0, 0 };
	struct sigaction sa, old_int, old_term;
	struct MHD_Daemon *d = NULL;
	sigset_t stop, old_mask, wait_mask;
	struct stat sb;
	int fd, st = 0;

	if (load_mhd())
		return ST_FAIL;
	if (stat((*db)->path, &sb))
		return error(ST_FAIL, "cannot read '%s': %s", (*db)->path, strerror(errno));
	srv.dev = sb.st_dev;
	srv.ino = sb.st_ino;
	fd = listen_on(o);
	if (fd < 0)
		return ST_FAIL;
	/* The signals wait for sigsuspend() below: blocked here, and so in the thread MHD starts. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigprocmask(SIG_BLOCK, &stop, &old_mask);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	stop_signal = 0;
	/* With a socket given, MHD neither binds nor reports why it could not; it closes the socket when stopped. */
	d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, on_request, &srv,
			     MHD_OPTION_LISTEN_SOCKET, fd,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)IDLE_TIMEOUT,
			     MHD_OPTION_END);
	if (!d) {
		st = error(ST_FAIL, "cannot listen on '%s': the HTTP server did not start", o->listen);
		/* MHD may have closed the socket already; no other thread runs yet to reuse the number. */
		if (fcntl(fd, F_GETFD) != -1)
			close(fd);
		goto out;
	}
	printf("serving http://%s/calendar.ics until interrupted\n", o->listen);
	fflush(stdout);
	wait_mask = old_mask;
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	while (!stop_signal)
		sigsuspend(&wait_mask);
	MHD_stop_daemon(d);
out:
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	return st;
}
