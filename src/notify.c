#include "notify.h"

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <glib-unix.h>
#include <libnotify/notify.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "banned.h"

#define SNOOZE_LABEL "Snooze 10 min"

/*
 * libnotify (with GIO, GdkPixbuf and their dependencies) is loaded only by
 * the child that shows a notice: every other command, and the reminder
 * daemon itself, run with GLib alone.
 */
static struct {
	gboolean (*init)(const char *);
	void (*uninit)(void);
	GList *(*get_server_caps)(void);
	NotifyNotification *(*notification_new)(const char *, const char *, const char *);
	void (*set_app_name)(NotifyNotification *, const char *);
	void (*set_urgency)(NotifyNotification *, NotifyUrgency);
	void (*set_category)(NotifyNotification *, const char *);
	void (*set_timeout)(NotifyNotification *, gint);
	void (*add_action)(NotifyNotification *, const char *, const char *, NotifyActionCallback, gpointer,
			   GFreeFunc);
	gboolean (*show)(NotifyNotification *, GError **);
	gboolean (*close)(NotifyNotification *, GError **);
	gulong (*signal_connect_data)(gpointer, const gchar *, GCallback, gpointer, GClosureNotify, GConnectFlags);
	void (*object_unref)(gpointer);
} nt;

#define notify_init (*nt.init)
#define notify_uninit (*nt.uninit)
#define notify_get_server_caps (*nt.get_server_caps)
#define notify_notification_new (*nt.notification_new)
#define notify_notification_set_app_name (*nt.set_app_name)
#define notify_notification_set_urgency (*nt.set_urgency)
#define notify_notification_set_category (*nt.set_category)
#define notify_notification_set_timeout (*nt.set_timeout)
#define notify_notification_add_action (*nt.add_action)
#define notify_notification_show (*nt.show)
#define notify_notification_close (*nt.close)
#undef g_signal_connect_data
#define g_signal_connect_data (*nt.signal_connect_data)
#define g_object_unref (*nt.object_unref)

/* Loads libnotify; 0, or -1 (the child then reports the notice as not shown). */
static int load_notify(void)
{
	struct { const char *name; void **fn; } syms[] = {
		{ "notify_init", (void **)&nt.init },
		{ "notify_uninit", (void **)&nt.uninit },
		{ "notify_get_server_caps", (void **)&nt.get_server_caps },
		{ "notify_notification_new", (void **)&nt.notification_new },
		{ "notify_notification_set_app_name", (void **)&nt.set_app_name },
		{ "notify_notification_set_urgency", (void **)&nt.set_urgency },
		{ "notify_notification_set_category", (void **)&nt.set_category },
		{ "notify_notification_set_timeout", (void **)&nt.set_timeout },
		{ "notify_notification_add_action", (void **)&nt.add_action },
		{ "notify_notification_show", (void **)&nt.show },
		{ "notify_notification_close", (void **)&nt.close },
		{ "g_signal_connect_data", (void **)&nt.signal_connect_data },
		{ "g_object_unref", (void **)&nt.object_unref },
	};
	void *h = dlopen("libnotify.so.4", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		*syms[i].fn = dlsym(h, syms[i].name);
		if (!*syms[i].fn)
			return -1;
	}
	return 0;
}

/*
 * Each notification is shown by a child process (this program, run as
 * `dipcal __notify`): libnotify is not thread-safe, and its show call can
 * block for ~25 s on a server that never answers. A child per notice
 * means a hung one delays no other, and the daemon's loop never waits.
 * The child writes one line: "shown" or "failed WHY"; then, when it
 * offered actions, "action NAME" if a person chose one, and exits.
 */

/* ---- the child ---- */

static GMainLoop *child_loop;

static void on_action(NotifyNotification *nn, char *action, gpointer data)
{
	(void)data;
	printf("action %s\n", action);
	fflush(stdout);
	notify_notification_close(nn, NULL);
	g_main_loop_quit(child_loop);
}

static void on_closed(NotifyNotification *nn, gpointer data)
{
	(void)nn;
	(void)data;
	g_main_loop_quit(child_loop);
}

static gboolean child_quit(gpointer data)
{
	(void)data;
	g_main_loop_quit(child_loop);
	return G_SOURCE_REMOVE;
}

static gboolean parent_gone(gint fd, GIOCondition cond, gpointer data)
{
	(void)fd;
	(void)cond;
	return child_quit(data);
}

static int server_has_actions(void)
{
	GList *caps = notify_get_server_caps(), *l;
	int found = 0;

	for (l = caps; l; l = l->next)
		if (!strcmp(l->data, "actions"))
			found = 1;
	g_list_free_full(caps, g_free);
	return found;
}

int notify_child(int argc, char **argv)
{
	NotifyNotification *nn;
	GError *err = NULL;
	int critical, actions, shown;

	/* __notify SUMMARY BODY CRITICAL ACTIONS */
	if (argc != 5)
		return ST_USAGE;
	critical = !strcmp(argv[3], "1");
	actions = !strcmp(argv[4], "1");
	if (load_notify()) {
		printf("failed cannot load libnotify (libnotify.so.4; Debian package libnotify4)\n");
		return ST_NO_NOTIFY;
	}
	if (!notify_init("dipcal")) {
		printf("failed cannot start libnotify\n");
		return ST_NO_NOTIFY;
	}
	nn = notify_notification_new(argv[1], argv[2], NULL);
	notify_notification_set_app_name(nn, "dipcal");
	notify_notification_set_urgency(nn, critical ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
	notify_notification_set_category(nn, "x-dipcal.reminder");
	notify_notification_set_timeout(nn, NOTIFY_EXPIRES_DEFAULT);
	actions = actions && server_has_actions();
	if (actions) {
		notify_notification_add_action(nn, "snooze", SNOOZE_LABEL, on_action, NULL, NULL);
		notify_notification_add_action(nn, "dismiss", "Dismiss", on_action, NULL, NULL);
		g_signal_connect(nn, "closed", G_CALLBACK(on_closed), NULL);
	}
	shown = notify_notification_show(nn, &err);
	if (shown)
		printf("shown\n");
	else
		printf("failed %s\n", err && err->domain == g_quark_try_string("g-io-error-quark") && err->code == G_IO_ERROR_TIMED_OUT
		       ? "the notification server did not answer" : "no notification server");
	fflush(stdout);
	g_clear_error(&err);
	if (shown && actions) {
		/* Waits for an action, the notice's closing, the parent's end, or a day. */
		child_loop = g_main_loop_new(NULL, FALSE);
		g_unix_fd_add(STDOUT_FILENO, G_IO_ERR | G_IO_HUP, parent_gone, NULL);
		g_timeout_add_seconds(86400, child_quit, NULL);
		g_main_loop_run(child_loop);
		g_main_loop_unref(child_loop);
	}
	g_object_unref(nn);
	notify_uninit();
	return shown ? 0 : ST_NO_NOTIFY;
}

/* ---- the parent ---- */

struct child {
	const struct notify_loop *loop;   /* NULL for a waiter */
	int64_t id;
	GPid pid;
	int fd, answered;
	GString *buf;
};

/* Starts the child for n; returns its stdout, or -1 (then *why says why). */
static int spawn(const struct notice *n, int actions, GPid *pid, const char **why)
{
	char self[4096];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *argv[7];
	int out = -1;
	GError *err = NULL;

	if (len <= 0) {
		*why = "cannot find the dipcal program";
		return -1;
	}
	self[len] = '\0';
	argv[0] = self;
	argv[1] = (char *)"__notify";
	argv[2] = (char *)n->summary;
	argv[3] = (char *)n->body;
	argv[4] = (char *)(n->critical ? "1" : "0");
	argv[5] = (char *)(actions ? "1" : "0");
	argv[6] = NULL;
	if (!g_spawn_async_with_pipes(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
				      NULL, NULL, pid, NULL, &out, NULL, &err)) {
		g_clear_error(&err);
		*why = "cannot start the notification helper";
		return -1;
	}
	return out;
}

int notify_show_wait(const struct notice *n, int timeout_ms, const char **why)
{
	struct pollfd pfd;
	char line[256];
	ssize_t got = 0, r;
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	GPid pid;
	int fd = spawn(n, 0, &pid, why), status;

	if (fd < 0)
		return ST_NO_NOTIFY;
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (got < (ssize_t)sizeof(line) - 1 && !memchr(line, '\n', (size_t)got)) {
		gint64 left = (deadline - g_get_monotonic_time()) / 1000;

		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		r = read(fd, line + got, sizeof(line) - 1 - (size_t)got);
		if (r <= 0)
			break;
		got += r;
	}
	line[got] = '\0';
	close(fd);
	if (!memchr(line, '\n', (size_t)got)) {
		/* No answer in time: a hung server. The child is ended. */
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		g_spawn_close_pid(pid);
		*why = "the notification server did not answer";
		return ST_NO_NOTIFY;
	}
	waitpid(pid, &status, 0);
	g_spawn_close_pid(pid);
	if (!strncmp(line, "shown", 5)) {
		*why = NULL;
		return 0;
	}
	*why = strstr(line, "did not answer") ? "the notification server did not answer" : "no notification server";
	return ST_NO_NOTIFY;
}

/* ---- the daemon's loop ---- */

struct loop_state {
	const struct notify_loop *l;
	int64_t (*clock)(void);
	GMainLoop *main;
	int tfd, ifd, status;
	char *watch_name;
};

static void child_exited(GPid pid, gint status, gpointer data)
{
	(void)status;
	(void)data;
	g_spawn_close_pid(pid);
}

/* Reads the child's lines: its result, then perhaps an action. */
static gboolean child_output(gint fd, GIOCondition cond, gpointer data)
{
	struct child *c = data;
	char buf[256];
	ssize_t r = (cond & G_IO_IN) ? read(fd, buf, sizeof(buf)) : 0;
	char *nl;

	if (r > 0)
		g_string_append_len(c->buf, buf, r);
	while ((nl = memchr(c->buf->str, '\n', c->buf->len))) {
		*nl = '\0';
		if (!c->answered && !strcmp(c->buf->str, "shown")) {
			c->answered = 1;
			c->loop->posted(c->loop->arg, c->id, 1, NULL);
		} else if (!c->answered) {
			c->answered = 1;
			c->loop->posted(c->loop->arg, c->id, 0, strstr(c->buf->str, "did not answer")
					? "the notification server did not answer" : "no notification server");
		} else if (!strncmp(c->buf->str, "action ", 7) && c->loop->action) {
			c->loop->action(c->loop->arg, c->id, c->buf->str + 7);
		}
		g_string_erase(c->buf, 0, (gssize)(nl - c->buf->str) + 1);
	}
	if (r > 0)
		return G_SOURCE_CONTINUE;
	/* The child is done (or died without a word: not shown). */
	if (!c->answered)
		c->loop->posted(c->loop->arg, c->id, 0, "the notification helper failed");
	close(fd);
	g_string_free(c->buf, TRUE);
	g_free(c);
	return G_SOURCE_REMOVE;
}

void notify_post(const struct notify_loop *l, const struct notice *n)
{
	struct child *c = g_new0(struct child, 1);
	const char *why = NULL;

	c->loop = l;
	c->id = n->id;
	c->fd = spawn(n, n->actions, &c->pid, &why);
	if (c->fd < 0) {
		l->posted(l->arg, n->id, 0, why);
		g_free(c);
		return;
	}
	c->buf = g_string_new(NULL);
	g_child_watch_add(c->pid, child_exited, NULL);
	g_unix_fd_add(c->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, child_output, c);
}

/* Arms the timer for the instant `next` of the dipcal clock, as wall-clock time. */
static void arm(struct loop_state *s, int64_t next)
{
	struct itimerspec its;
	struct timespec real;
	int64_t wait;

	memset(&its, 0, sizeof(its));
	clock_gettime(CLOCK_REALTIME, &real);
	wait = next - s->clock();
	if (wait < 0)
		wait = 0;
	if (wait > 86400)
		wait = 86400; /* look again once a day at the longest */
	its.it_value.tv_sec = real.tv_sec + (time_t)wait;
	its.it_value.tv_nsec = wait ? 0 : real.tv_nsec + 1000;
	if (its.it_value.tv_nsec >= 1000000000L) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000L;
	}
	/* Absolute wall-clock time: it fires after a resume, and a set clock cancels it. */
	timerfd_settime(s->tfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &its, NULL);
}

static void round_now(struct loop_state *s)
{
	arm(s, s->l->round(s->l->arg));
}

static gboolean on_timer(gint fd, GIOCondition cond, gpointer data)
{
	uint64_t n;

	(void)cond;
	/* ECANCELED: the wall clock was set; a round sees the new time. */
	if (read(fd, &n, sizeof(n)) < 0 && errno != ECANCELED && errno != EAGAIN)
		return G_SOURCE_CONTINUE;
	round_now(data);
	return G_SOURCE_CONTINUE;
}

static gboolean on_change(gint fd, GIOCondition cond, gpointer data)
{
	struct loop_state *s = data;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	int ours = 0;

	(void)cond;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *e = (struct inotify_event *)(void *)p;

			if (e->len && !strncmp(e->name, s->watch_name, strlen(s->watch_name)))
				ours = 1;
			p += sizeof(*e) + e->len;
		}
	}
	if (ours)
		round_now(s);
	return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer data)
{
	struct loop_state *s = data;

	g_main_loop_quit(s->main);
	return G_SOURCE_REMOVE;
}

int notify_run(const struct notify_loop *l, int64_t (*clock)(void))
{
	struct loop_state s;
	char *dir;
	const char *slash;

	memset(&s, 0, sizeof(s));
	s.l = l;
	s.clock = clock;
	s.tfd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
	s.ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s.tfd < 0 || s.ifd < 0)
		return error(ST_FAIL, "cannot start the reminder loop: %s", strerror(errno));
	slash = strrchr(l->watch, '/');
	dir = slash ? g_strndup(l->watch, (gsize)(slash - l->watch)) : g_strdup(".");
	if (!*dir) {
		g_free(dir);
		dir = g_strdup("/");
	}
	s.watch_name = g_strdup(slash ? slash + 1 : l->watch);
	/* The database and its -wal: a meeting added or moved by any process. */
	if (inotify_add_watch(s.ifd, dir, IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE) < 0) {
		int st = error(ST_FAIL, "cannot watch '%s': %s", dir, strerror(errno));

		g_free(dir);
		g_free(s.watch_name);
		close(s.tfd);
		close(s.ifd);
		return st;
	}
	g_free(dir);
	s.main = g_main_loop_new(NULL, FALSE);
	g_unix_fd_add(s.tfd, G_IO_IN, on_timer, &s);
	g_unix_fd_add(s.ifd, G_IO_IN, on_change, &s);
	g_unix_signal_add(SIGINT, on_signal, &s);
	g_unix_signal_add(SIGTERM, on_signal, &s);
	round_now(&s);
	g_main_loop_run(s.main);
	g_main_loop_unref(s.main);
	close(s.tfd);
	close(s.ifd);
	g_free(s.watch_name);
	return s.status;
}
