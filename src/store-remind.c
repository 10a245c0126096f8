/* The SQL of reminders (schema/0005-remind.sql). */
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "util.h"
#include "banned.h"

int store_body_set_remind(struct db *db, const char *body, const char *leads)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "UPDATE body SET remind = @leads WHERE code = @body", &st))
		return ST_FAIL;
	b_text(st, "@body", body);
	b_text(st, "@leads", leads);
	rc = step_write(db, st, "change body");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 0)
		return error(ST_NOTFOUND, "unknown body '%s'", body);
	return rc;
}

int store_body_leads(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT code, remind FROM body ORDER BY code", &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

int store_deadline_set_remind(struct db *db, int64_t id, const char *leads)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "UPDATE deadline SET remind = @leads WHERE id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	b_text(st, "@leads", leads);
	rc = step_write(db, st, "change deadline");
	sqlite3_finalize(st);
	return rc;
}

int store_deadline_due_rows(struct db *db, int64_t from, int64_t to, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT d.id, m.uid, d.title, " DUE_SQL("d", "m") " AS due, "
		 "d.remind, m.title, m.tz, m.city, m.body FROM deadline d JOIN meeting m ON m.id = d.meeting_id "
		 "WHERE d.done = 0 AND m.status <> 'cancelled' AND due > @from AND due <= @to ORDER BY due", &st))
		return ST_FAIL;
	b_int(st, "@from", from);
	b_int(st, "@to", to);
	return fill_rows(db, st, out);
}

int store_reminder_skip(struct db *db, const char *uid, int64_t occ, int64_t lead, int64_t due)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "INSERT INTO reminder(uid, occurrence_utc, lead_s, state, due_utc) "
		 "VALUES (@uid, @occ, @lead, 'skipped', @due) ON CONFLICT DO NOTHING", &st))
		return ST_FAIL;
	b_text(st, "@uid", uid);
	b_int(st, "@occ", occ);
	b_int(st, "@lead", lead);
	b_int(st, "@due", due);
	rc = step_write(db, st, "record reminder");
	sqlite3_finalize(st);
	return rc;
}

int store_reminder_claim(struct db *db, const char *uid, int64_t occ, int64_t lead, int64_t due,
			 const char *title, int64_t now, int64_t pid, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (prep(db, "INSERT INTO reminder(uid, occurrence_utc, lead_s, state, due_utc, claimed_utc, claimed_pid, "
		 "title) VALUES (@uid, @occ, @lead, 'claimed', @due, @now, @pid, @title) ON CONFLICT DO NOTHING", &st))
		return ST_FAIL;
	b_text(st, "@uid", uid);
	b_int(st, "@occ", occ);
	b_int(st, "@lead", lead);
	b_int(st, "@due", due);
	b_int(st, "@now", now);
	b_int(st, "@pid", pid);
	b_text(st, "@title", title);
	rc = step_write(db, st, "claim reminder");
	sqlite3_finalize(st);
	if (!rc && sqlite3_changes(db->h) == 1)
		*id = sqlite3_last_insert_rowid(db->h);
	return rc;
}

int store_reminder_reclaim(struct db *db, int64_t now, int64_t stale, int64_t oldest_occ, int64_t pid,
			   struct rows *out)
{
	sqlite3_stmt *st;

	/* Failed and snoozed reminders whose time has come, and claims a dead process left. */
	if (prep(db, "UPDATE reminder SET state = 'claimed', claimed_utc = @now, claimed_pid = @pid "
		 "WHERE ((state IN ('failed', 'snoozed') AND due_utc <= @now) "
		 "OR (state = 'claimed' AND claimed_utc < @stale)) AND occurrence_utc > @oldest "
		 "RETURNING id, uid, occurrence_utc, lead_s, due_utc, state", &st))
		return ST_FAIL;
	b_int(st, "@now", now);
	b_int(st, "@stale", stale);
	b_int(st, "@oldest", oldest_occ);
	b_int(st, "@pid", pid);
	return fill_rows(db, st, out);
}

int store_reminder_set(struct db *db, int64_t id, const char *state, int64_t due, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "UPDATE reminder SET state = @state, due_utc = @due, "
		 "delivered_utc = iif(@state = 'delivered', @now, delivered_utc), "
		 "attempts = attempts + iif(@state = 'failed', 1, 0), claimed_pid = NULL WHERE id = @id", &st))
		return ST_FAIL;
	b_int(st, "@id", id);
	b_text(st, "@state", state);
	b_int(st, "@due", due);
	b_int(st, "@now", now);
	rc = step_write(db, st, "record reminder");
	sqlite3_finalize(st);
	return rc;
}

int store_reminder_attempts(struct db *db, int64_t id)
{
	sqlite3_stmt *st;
	int n = 0;

	if (prep(db, "SELECT attempts FROM reminder WHERE id = @id", &st))
		return 0;
	b_int(st, "@id", id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

int64_t store_reminder_next(struct db *db, int64_t now, int64_t oldest_occ)
{
	sqlite3_stmt *st;
	int64_t next = INT64_MAX;

	if (prep(db, "SELECT min(due_utc) FROM reminder WHERE state IN ('failed', 'snoozed') "
		 "AND due_utc > @now AND occurrence_utc > @oldest", &st))
		return INT64_MAX;
	b_int(st, "@now", now);
	b_int(st, "@oldest", oldest_occ);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		next = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return next;
}

int store_reminder_rows(struct db *db, struct rows *out)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT uid, coalesce(title, ''), occurrence_utc, lead_s, due_utc, state, delivered_utc "
		 "FROM reminder WHERE state IN ('delivered', 'snoozed', 'failed', 'claimed') "
		 "ORDER BY due_utc DESC LIMIT 200", &st))
		return ST_FAIL;
	return fill_rows(db, st, out);
}

char *store_reminder_json(struct db *db, const char *uid, const char *title, const char *occurrence, int64_t lead,
			  const char *due, const char *state)
{
	sqlite3_stmt *st;

	if (prep(db, "SELECT json_object('uid', @uid, 'title', @title, 'occurrence', @occ, 'lead', @lead, "
		 "'due', @due, 'state', @state)", &st))
		return NULL;
	b_text(st, "@uid", uid);
	b_text(st, "@title", title);
	b_text(st, "@occ", occurrence);
	b_int(st, "@lead", lead);
	b_text(st, "@due", due);
	b_text(st, "@state", state);
	return json_one(db, st);
}

int store_reminder_supersede(struct db *db, const char *uid, int64_t occ, int64_t lead)
{
	sqlite3_stmt *st;
	int rc;

	if (prep(db, "UPDATE reminder SET state = 'skipped' WHERE uid = @uid AND occurrence_utc = @occ "
		 "AND lead_s > @lead AND state IN ('failed', 'snoozed')", &st))
		return ST_FAIL;
	b_text(st, "@uid", uid);
	b_int(st, "@occ", occ);
	b_int(st, "@lead", lead);
	rc = step_write(db, st, "record reminder");
	sqlite3_finalize(st);
	return rc;
}
