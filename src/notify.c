#include "notify.h"

#include <errno.h>
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

/* One notice on its way to the server; freed by whoever is last (the worker or the waiter). */
struct job {
	char *summary, *body;
	int critical, actions, shown;
	int64_t id;
	const char *why;
	const struct notify_loop *loop;  /* NULL: a waiter, not the daemon */
	GMutex lock;
	GCond done_cond;
	int done, abandoned;
};

static void job_free(struct job *j)
{
	g_free(j->summary);
	g_free(j->body);
	g_mutex_clear(&j->lock);
	g_cond_clear(&j->done_cond);
	g_free(j);
}

static int ensure_init(void)
{
	static gsize once;
	static int ok;

	if (g_once_init_enter(&once)) {
		ok = notify_init("dipcal");
		g_once_init_leave(&once, 1);
	}
	return ok;
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

struct action_ctx {
	const struct notify_loop *loop;
	int64_t id;
};

static void on_action(NotifyNotification *nn, char *action, gpointer data)
{
	struct action_ctx *a = data;

	if (a->loop && a->loop->action)
		a->loop->action(a->loop->arg, a->id, action);
	notify_notification_close(nn, NULL);
}

static void on_closed(NotifyNotification *nn, gpointer data)
{
	(void)data;
	g_object_unref(nn);
}

/* The worker: builds and shows the notification; may block on a hung server. */
static gpointer show_thread(gpointer data)
{
	struct job *j = data;
	NotifyNotification *nn;
	GError *err = NULL;
	int keep = 0;

	if (!ensure_init()) {
		j->why = "cannot start libnotify";
		goto out;
	}
	nn = notify_notification_new(j->summary, j->body, NULL);
	notify_notification_set_app_name(nn, "dipcal");
	notify_notification_set_urgency(nn, j->critical ? NOTIFY_URGENCY_CRITICAL : NOTIFY_URGENCY_NORMAL);
	notify_notification_set_category(nn, "x-dipcal.reminder");
	notify_notification_set_timeout(nn, NOTIFY_EXPIRES_DEFAULT);
	if (j->actions && j->loop && server_has_actions()) {
		struct action_ctx *a = g_new0(struct action_ctx, 1), *b = g_new0(struct action_ctx, 1);

		a->loop = b->loop = j->loop;
		a->id = b->id = j->id;
		notify_notification_add_action(nn, "snooze", SNOOZE_LABEL, on_action, a, g_free);
		notify_notification_add_action(nn, "dismiss", "Dismiss", on_action, b, g_free);
		keep = 1;
	}
	j->shown = notify_notification_show(nn, &err);
	if (!j->shown)
		j->why = err && err->domain == G_IO_ERROR && err->code == G_IO_ERROR_TIMED_OUT
			? "the notification server did not answer" : "no notification server";
	g_clear_error(&err);
	if (j->shown && keep)
		g_signal_connect(nn, "closed", G_CALLBACK(on_closed), NULL); /* kept for its actions */
	else
		g_object_unref(nn);
out:
	g_mutex_lock(&j->lock);
	j->done = 1;
	g_cond_signal(&j->done_cond);
	if (j->abandoned) {
		g_mutex_unlock(&j->lock);
		job_free(j);
		return NULL;
	}
	g_mutex_unlock(&j->lock);
	return NULL;
}

static struct job *job_new(const struct notice *n, const struct notify_loop *loop)
{
	struct job *j = g_new0(struct job, 1);

	j->summary = g_strdup(n->summary);
	j->body = g_strdup(n->body);
	j->critical = n->critical;
	j->actions = n->actions;
	j->id = n->id;
	j->loop = loop;
	g_mutex_init(&j->lock);
	g_cond_init(&j->done_cond);
	return j;
}

int notify_show_wait(const struct notice *n, int timeout_ms, const char **why)
{
	struct job *j = job_new(n, NULL);
	gint64 deadline = g_get_monotonic_time() + (gint64)timeout_ms * 1000;
	GThread *t = g_thread_new("notify", show_thread, j);
	int st;

	g_thread_unref(t);
	g_mutex_lock(&j->lock);
	while (!j->done)
		if (!g_cond_wait_until(&j->done_cond, &j->lock, deadline))
			break;
	if (!j->done) {
		/* A hung server: the worker frees the job when (if) it returns. */
		j->abandoned = 1;
		g_mutex_unlock(&j->lock);
		*why = "the notification server did not answer";
		return ST_NO_NOTIFY;
	}
	g_mutex_unlock(&j->lock);
	st = j->shown ? 0 : ST_NO_NOTIFY;
	*why = j->why;
	job_free(j);
	return st;
}

/* ---- the daemon's loop ---- */

struct loop_state {
	const struct notify_loop *l;
	int64_t (*clock)(void);
	GMainLoop *main;
	int tfd, ifd, status;
	char *watch_name;
};

static gboolean post_done(gpointer data)
{
	struct job *j = data;

	j->loop->posted(j->loop->arg, j->id, j->shown, j->why);
	job_free(j);
	return G_SOURCE_REMOVE;
}

static gpointer post_thread(gpointer data)
{
	struct job *j = data;

	show_thread(j);
	g_idle_add(post_done, j);
	return NULL;
}

void notify_post(const struct notify_loop *l, const struct notice *n)
{
	GThread *t = g_thread_new("notify", post_thread, job_new(n, l));

	g_thread_unref(t);
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
	if (notify_is_initted())
		notify_uninit();
	return s.status;
}
