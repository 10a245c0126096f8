#ifndef CALDAV_H
#define CALDAV_H

#include <stddef.h>

/*
 * The only user of libcurl: an HTTP client of one CalDAV calendar
 * collection (RFC 4791 on WebDAV, RFC 4918), every request on one handle
 * so that the connection is kept alive where the server allows.
 *
 * Resources are named by their last path segment as text ("UID.ics");
 * the client percent-encodes it. Failures are printed as one line naming
 * the URL and the HTTP status or the network error, never a password, and
 * returned as ST_FAIL. Outcomes the caller decides on are returned
 * silently: ST_NOTFOUND for 404 (or 410), ST_REMOTE_CONFLICT for 412
 * Precondition Failed.
 */

struct caldav_opts {
	const char *url;        /* the collection */
	const char *user;       /* NULL: the URL's, or ~/.netrc's */
	const char *password;   /* NULL: ~/.netrc's for the host, if any (borrowed; libcurl copies it) */
	int insecure_http;      /* plain http to a host that is not loopback */
	long timeout;           /* seconds for a request; connecting gets at most 10 of them */
};

/*
 * Checks a collection URL before anything is sent: http or https with a
 * host, no password, query or fragment in it, and plain http only to a
 * loopback host (127.0.0.0/8, ::1, localhost) unless insecure_http.
 * Prints why and returns ST_INVALID when it is refused.
 */
int caldav_check_url(const char *url, int insecure_http);
/* 1 when host (as a URL writes it: IPv6 in brackets) is loopback or localhost. */
int caldav_is_loopback(const char *host);

struct caldav;
/* A client of the collection o->url (checked first). *out is the caller's to caldav_close(). */
int caldav_open(const struct caldav_opts *o, struct caldav **out);
void caldav_close(struct caldav *c);
/* The collection's URL, normalized, with a trailing slash and no user name. Borrowed. */
const char *caldav_url(const struct caldav *c);
/* The path of resource name on the server, percent-encoded ("/alice/cal/a%20b.ics"). The caller frees. */
char *caldav_href(const struct caldav *c, const char *name);

/* The members of a collection, as a PROPFIND lists them. */
struct caldav_entry {
	char *name;             /* the last path segment, decoded */
	char *etag;             /* NULL when the server gave none */
};
struct caldav_list {
	struct caldav_entry *e; /* sorted by name (strcmp) */
	size_t n;
	int has_self;           /* the collection itself was listed ... */
	int is_calendar;        /* ... as a calendar collection */
};
void caldav_list_free(struct caldav_list *l);
/* The member called name, or NULL. */
const struct caldav_entry *caldav_list_find(const struct caldav_list *l, const char *name);
/*
 * Parses a PROPFIND reply (a DAV:multistatus) into *out: the members of
 * the collection at path (percent-encoded, trailing slash) that are not
 * collections, with their ETags. 0, or -1 (silently) when it is not a
 * whole multistatus. *out is the caller's to caldav_list_free() either way.
 */
int caldav_parse_multistatus(const char *xml, size_t len, const char *path, struct caldav_list *out);

/* PROPFIND Depth 1: the collection's members and their ETags; ST_NOTFOUND silently when it does not exist. */
int caldav_list(struct caldav *c, struct caldav_list *out);
/* MKCALENDAR: creates the collection as a calendar of events called displayname. */
int caldav_mkcalendar(struct caldav *c, const char *displayname);
/*
 * PUT of an iCalendar text as resource name. With if_match, If-Match: that
 * ETag (none for a weak one, which never matches); else with if_none_match,
 * If-None-Match: * (create only); else unconditional. On success *etag is
 * the new version's ETag, or NULL when the reply had none; the caller frees it.
 */
int caldav_put(struct caldav *c, const char *name, const char *body, size_t len, const char *if_match,
	       int if_none_match, char **etag);
/* DELETE of resource name, with If-Match: if_match unless NULL. */
int caldav_delete(struct caldav *c, const char *name, const char *if_match);
/* HEAD: the resource's ETag in *etag (NULL when none; the caller frees). */
int caldav_etag(struct caldav *c, const char *name, char **etag);

#endif
