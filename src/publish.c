/* dipcal publish: what to create, replace and delete on a CalDAV server, and the record of it. */
#include "publish.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caldav.h"
#include "export.h"
#include "store.h"
#include "timeutil.h"
#include "util.h"
#include "banned.h"

/* One run: the server's listing, the rows of what was published, the meetings to publish. */
struct job {
	struct db *db;
	const struct publish_opts *o;
	struct caldav *dav;
	struct caldav_list list;
	int64_t coll;                   /* the collection's id; 0 in a dry run to a new one */
	struct publish_row *rows;       /* by UID */
	size_t nrows;
	struct meeting *m;              /* by UID */
	size_t nm, alloc;
	struct publish_counts *n;
};

static int wanted(const struct publish_opts *o, const char *body)
{
	if (!o->nbodies)
		return 1;
	for (int i = 0; i < o->nbodies; i++)
		if (!strcmp(o->bodies[i], body))
			return 1;
	return 0;
}

static int collect(void *arg, const struct meeting *m)
{
	struct job *j = arg;

	if (!wanted(j->o, m->body))
		return 0;
	if (j->nm == j->alloc) {
		j->alloc = j->alloc ? j->alloc * 2 : 64;
		j->m = xrealloc(j->m, j->alloc * sizeof(*j->m));
	}
	meeting_copy(&j->m[j->nm++], m);
	return 0;
}

static int cmp_meeting_uid(const void *a, const void *b)
{
	return strcmp(((const struct meeting *)a)->uid, ((const struct meeting *)b)->uid);
}

static int cmp_row_uid(const void *a, const void *b)
{
	return strcmp(((const struct publish_row *)a)->uid, ((const struct publish_row *)b)->uid);
}

static struct publish_row *find_row(const struct job *j, const char *uid)
{
	struct publish_row key = { (char *)uid, NULL, NULL, 0 };

	return j->nrows ? bsearch(&key, j->rows, j->nrows, sizeof(*j->rows), cmp_row_uid) : NULL;
}

static int is_meeting(const struct job *j, const char *uid)
{
	struct meeting key;

	memset(&key, 0, sizeof(key));
	key.uid = (char *)uid;
	return j->nm && bsearch(&key, j->m, j->nm, sizeof(*j->m), cmp_meeting_uid);
}

/* Records the resource of m as written, with its new ETag (NULL: unknown), in a transaction of its own. */
static int record(struct job *j, const struct meeting *m, const char *name, char *etag)
{
	struct publish_row r = { m->uid, caldav_href(j->dav, name), etag, m->sequence };
	int st = db_begin(j->db);

	if (!st)
		st = store_publish_record(j->db, j->coll, &r, now());
	if (st)
		db_rollback(j->db);
	else
		st = db_commit(j->db);
	free(r.href);
	return st;
}

static int forget(struct job *j, const char *uid)
{
	int st = db_begin(j->db);

	if (!st)
		st = store_publish_forget(j->db, j->coll, uid);
	if (st)
		db_rollback(j->db);
	else
		st = db_commit(j->db);
	return st;
}

/*
 * The name of a meeting's resource: "UID.ics", percent-encoded in the URL.
 * Servers keep it as a file name: a UID with a slash or a backslash, a
 * leading dot, or too long for a file name gets "uid-HASH.ics" (FNV-1a of
 * the UID) instead; the resource holds the UID all the same. The caller frees.
 */
static char *resource_name(const char *uid)
{
	uint64_t h = 14695981039346656037ULL;

	if (uid[0] != '.' && !strpbrk(uid, "/\\") && strlen(uid) <= 200)
		return xasprintf("%s.ics", uid);
	for (const unsigned char *p = (const unsigned char *)uid; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return xasprintf("uid-%016llx.ics", (unsigned long long)h);
}

/*
 * PUTs m (If-Match: if_match, or If-None-Match: * when create, or neither)
 * and records it. ST_REMOTE_CONFLICT, silently, on 412.
 */
static int put_meeting(struct job *j, const struct meeting *m, const char *name, const char *if_match, int create)
{
	char *text = NULL, *etag = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int st;

	if (!out)
		die("out of memory");
	st = export_meeting(j->db, m, out);
	if (fclose(out) && !st)
		die("out of memory");
	if (!st)
		st = caldav_put(j->dav, name, text, len, if_match, create, &etag);
	/* No ETag in the reply (the server changed the text, say): the stored version's. */
	if (!st && !etag)
		st = caldav_etag(j->dav, name, &etag) == ST_FAIL ? ST_FAIL : 0;
	if (!st)
		st = record(j, m, name, etag);
	free(etag);
	free(text);
	return st;
}

static int conflict(struct job *j, const char *fmt, const char *uid)
{
	j->n->conflicts++;
	return error(ST_REMOTE_CONFLICT, fmt, uid);
}

#define CHANGED "conflict: '%s' was changed on the server since the last publish; " \
	"the server's copy is kept (--force overwrites it)"
#define DELETED "conflict: '%s' was deleted on the server since the last publish; " \
	"it is not published again (--force restores it)"
#define FOREIGN "conflict: '%s' is on the server but was not published from this database; " \
	"the server's copy is kept (--force overwrites it)"
#define REMOVED "conflict: '%s' was removed here but changed on the server since the last publish; " \
	"the server's copy is kept (--force deletes it)"

/* One meeting: created, replaced, left alone, or a conflict. */
static int publish_meeting(struct job *j, const struct meeting *m)
{
	const struct publish_row *row = find_row(j, m->uid);
	char *name = resource_name(m->uid);
	const struct caldav_entry *e = caldav_list_find(&j->list, name);
	const char *what = NULL, *if_match = NULL;
	size_t *count = NULL;
	int st = 0, create = 0;

	if (!row && !e) {
		what = "create";
		count = &j->n->created;
		create = 1;
	} else if (!row) {
		if (!j->o->force) {
			st = conflict(j, FOREIGN, m->uid);
			goto out;
		}
		what = "overwrite";
		count = &j->n->updated;
	} else if (!e) {
		if (!j->o->force) {
			st = conflict(j, DELETED, m->uid);
			goto out;
		}
		what = "restore";
		count = &j->n->created;
		create = 1;
	} else if (row->etag && e->etag && strcmp(row->etag, e->etag)) {
		if (!j->o->force) {
			st = conflict(j, CHANGED, m->uid);
			goto out;
		}
		what = "overwrite";
		count = &j->n->updated;
	} else if (row->sequence != m->sequence) {
		what = "update";
		count = &j->n->updated;
		if_match = row->etag ? row->etag : e->etag;
	} else {
		j->n->unchanged++;
		/* The server gave no ETag when it was written: keep the one it lists now. */
		if (!row->etag && e->etag && !j->o->dry_run)
			st = record(j, m, name, e->etag);
		goto out;
	}
	if (j->o->dry_run) {
		printf("would %s '%s'\n", what, m->uid);
		(*count)++;
		goto out;
	}
	st = put_meeting(j, m, name, if_match, create && !j->o->force);
	if (st == ST_REMOTE_CONFLICT) {
		/* Changed between the listing and the write. */
		if (!j->o->force) {
			st = conflict(j, row ? CHANGED : FOREIGN, m->uid);
			goto out;
		}
		st = put_meeting(j, m, name, NULL, 0);
	}
	if (!st)
		(*count)++;
out:
	free(name);
	return st;
}

/* A resource whose meeting is gone (or no longer published here): deleted on the server, then forgotten. */
static int publish_removal(struct job *j, const struct publish_row *row)
{
	char *name = resource_name(row->uid);
	const struct caldav_entry *e = caldav_list_find(&j->list, name);
	int st = 0;

	if (e && row->etag && e->etag && strcmp(row->etag, e->etag) && !j->o->force) {
		st = conflict(j, REMOVED, row->uid);
		goto out;
	}
	if (j->o->dry_run) {
		if (e)
			printf("would delete '%s'\n", row->uid);
		j->n->deleted++;
		goto out;
	}
	if (e) {
		st = caldav_delete(j->dav, name, j->o->force ? NULL : row->etag ? row->etag : e->etag);
		if (st == ST_REMOTE_CONFLICT && !j->o->force) {
			st = conflict(j, REMOVED, row->uid);
			goto out;
		}
		if (st == ST_REMOTE_CONFLICT)
			st = caldav_delete(j->dav, name, NULL);
		if (st == ST_NOTFOUND)
			st = 0;
	}
	/* Gone from the server, by this run or before it. */
	if (!st)
		st = forget(j, row->uid);
	if (!st)
		j->n->deleted++;
out:
	free(name);
	return st;
}

/* The collection's rows, or none when it is (re)created: nothing of it is left on the server. */
static int load_rows(struct job *j, int created)
{
	int st;

	if (j->o->dry_run) {
		st = store_publish_collection(j->db, caldav_url(j->dav), &j->coll);
		if (st == ST_NOTFOUND)
			return 0;
	} else {
		st = db_begin(j->db);
		if (!st)
			st = store_publish_collection_add(j->db, caldav_url(j->dav), now(), &j->coll);
		if (!st && created)
			st = store_publish_forget(j->db, j->coll, NULL);
		if (st)
			db_rollback(j->db);
		else
			st = db_commit(j->db);
	}
	if (!st && !created)
		st = store_publish_rows(j->db, j->coll, &j->rows, &j->nrows);
	return st;
}

/* The display name of a new collection: the body's name when one body is published. */
static char *calendar_name(const struct job *j)
{
	char *name = NULL;

	if (j->o->nbodies == 1 && !store_require_body(j->db, j->o->bodies[0], &name) && name)
		return name;
	free(name);
	return xstrdup("dipcal");
}

int publish_run(struct db *db, const struct publish_opts *o, struct publish_counts *n)
{
	struct meeting_filter f = { NULL, NULL, INT64_MIN / 4, INT64_MAX / 4, 0, 0 };
	struct caldav_opts co = { o->url, o->user, o->password, o->insecure_http, o->timeout };
	struct job j;
	int st, created = 0, conflicts = 0;

	memset(n, 0, sizeof(*n));
	memset(&j, 0, sizeof(j));
	j.db = db;
	j.o = o;
	j.n = n;
	st = store_meetings_each(db, &f, collect, &j);
	if (st)
		goto out;
	if (j.nm)
		qsort(j.m, j.nm, sizeof(*j.m), cmp_meeting_uid);
	st = caldav_open(&co, &j.dav);
	if (st)
		goto out;
	st = caldav_list(j.dav, &j.list);
	if (st == ST_NOTFOUND) {
		char *name = calendar_name(&j);

		created = 1;
		if (o->dry_run) {
			printf("would create the calendar '%s'\n", caldav_url(j.dav));
			st = 0;
		} else {
			st = caldav_mkcalendar(j.dav, name);
		}
		free(name);
	} else if (!st && j.list.has_self && !j.list.is_calendar) {
		st = error(ST_INVALID, "'%s' is not a calendar collection (a CalDAV calendar's URL ends with its name, "
			   "like https://host/USER/calendar/)", caldav_url(j.dav));
	}
	if (!st)
		st = load_rows(&j, created);
	for (size_t i = 0; !st && i < j.nm; i++) {
		st = publish_meeting(&j, &j.m[i]);
		if (st == ST_REMOTE_CONFLICT) {
			conflicts = 1;
			st = 0;
		}
	}
	for (size_t i = 0; !st && i < j.nrows; i++) {
		if (is_meeting(&j, j.rows[i].uid))
			continue;
		st = publish_removal(&j, &j.rows[i]);
		if (st == ST_REMOTE_CONFLICT) {
			conflicts = 1;
			st = 0;
		}
	}
	if (!st && conflicts)
		st = ST_REMOTE_CONFLICT;
out:
	caldav_close(j.dav);
	caldav_list_free(&j.list);
	publish_rows_free(j.rows, j.nrows);
	for (size_t i = 0; i < j.nm; i++)
		meeting_clear(&j.m[i]);
	free(j.m);
	return st;
}
