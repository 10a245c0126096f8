#ifndef NOTIFY_H
#define NOTIFY_H

#include <stdint.h>

/*
 * Desktop notifications through libnotify, and the event loop of the
 * reminder daemon (GLib, which libnotify needs for its actions). The only
 * user of <libnotify/notify.h> and <glib.h>.
 *
 * notify_notification_show() can block for about 25 s on a notification
 * server that never answers, and libnotify is not thread-safe: each notice
 * is shown by a child process, so neither a caller that waits (with a
 * limit), nor the daemon's loop, nor any other notice is held.
 */

struct notice {
	const char *summary, *body;
	int critical;           /* urgency critical, else normal */
	int64_t id;             /* handed back with its result and actions */
	int actions;            /* offer "Snooze 10 min" and "Dismiss" where the server can */
};

/* The child that shows one notice (`dipcal __notify SUMMARY BODY CRITICAL ACTIONS`). */
int notify_child(int argc, char **argv);

/* Shows n, waiting at most timeout_ms. 0 when shown, else ST_NO_NOTIFY with *why (static text). */
int notify_show_wait(const struct notice *n, int timeout_ms, const char **why);

struct notify_loop {
	void *arg;
	/* Shows what is due (with notify_post) and returns the next due instant, UTC seconds. */
	int64_t (*round)(void *arg);
	/* What became of a posted notice. */
	void (*posted)(void *arg, int64_t id, int shown, const char *why);
	/* A person's action on a shown notice: "snooze" or "dismiss". */
	void (*action)(void *arg, int64_t id, const char *action);
	/* A file whose changes (by any process) start a round: the database. */
	const char *watch;
};

/* Shows n from a child process; its result (and any action) comes to the loop's callbacks. */
void notify_post(const struct notify_loop *l, const struct notice *n);
/*
 * Runs rounds: at the due instant (a timer, no polling), when the watched
 * file changes, when the wall clock is set, and after a resume; until
 * SIGINT or SIGTERM. Returns 0 or a status.
 */
int notify_run(const struct notify_loop *l, int64_t (*clock)(void));

#endif
