#ifndef SERVE_H
#define SERVE_H

#include <sys/socket.h>

#include "db.h"

/* An address to listen on. */
struct serve_addr {
	struct sockaddr_storage sa;
	socklen_t len;
};

/*
 * Parses ADDR:PORT, ADDR an IPv4 address, or [ADDR]:PORT, ADDR an IPv6
 * address; PORT is 1 to 65535. Returns 0 or ST_INVALID (reported, naming
 * what, e.g. "--listen").
 */
int serve_parse_listen(const char *what, const char *s, struct serve_addr *a);

struct serve_opts {
	const char *listen;     /* the address as given, for messages */
	struct serve_addr addr;
	char *const *bodies;    /* the bodies of /calendar.ics and the only ones served; none: all */
	int nbodies;
};

/*
 * Serves the calendar over HTTP until SIGINT or SIGTERM:
 *   GET or HEAD /calendar.ics   the bodies of o (all when none), as dipcal export writes them
 *   GET or HEAD /BODY.ics       one of them
 * with an ETag and Last-Modified taken from the database as it is at each
 * request; If-None-Match and If-Modified-Since get 304 Not Modified. Other
 * paths get 404, other methods 405.
 *
 * *db is the open database. When its file is replaced (a new database at the
 * same path), *db is closed and replaced by a connection to the new one; the
 * caller still closes *db. Returns 0 after a clean stop, or a status (reported)
 * when the server cannot start.
 */
int serve_run(struct db **db, const struct serve_opts *o);

#endif
