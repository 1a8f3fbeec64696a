/* History through SQLite's session extension (Debian's libsqlite3 is built with it).
 *
 * An entry is a row of `history` and its changeset in parts (`history_changes`): a
 * session records the changes of every table but these two; `tr_history_flush` writes
 * what it holds as the next part and starts a new session, so that a long import needs
 * the memory of one part only. The new rows of an import are recorded apart, as id
 * ranges (`history_ranges`, see st_record_new_rows_by_range). Undo applies the
 * inverses of the parts, last first, then deletes the ranges. */
#include "twinreg/store/history.h"

#include "store/engine_sqlite.h"
#include "store/history_pg.h"
#include "store/util.h"
#include "twinreg/core/utf8.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct tr_history {
    tr_store *store;
    sqlite3_session *session;
    int64_t id; /* the entry's row, written at the first part */
    int parts;
    long counts[3]; /* inserted, updated, deleted */
    char *summary;  /* tr_history_note's, or NULL */
};

static int track_table(void *ctx, const char *table)
{
    (void)ctx;
    /* Not history, history_changes, history_ranges; nor id_gaps: an undo leaves the ids
     * it frees used (ids are never given twice). */
    return strncmp(table, "history", 7) != 0 && strcmp(table, "id_gaps") != 0;
}

static int open_session(tr_history *h, tr_error *err)
{
    if (sqlite3session_create(st_db(h->store), "main", &h->session) != SQLITE_OK ||
        sqlite3session_attach(h->session, NULL) != SQLITE_OK)
        return tr_store_fail(h->store, "cannot record the history", err);
    sqlite3session_table_filter(h->session, track_table, NULL);
    st_set_session(h->store, h->session);
    return 0;
}

tr_history *tr_history_start(tr_store *store, tr_error *err)
{
    tr_history *h = calloc(1, sizeof *h);
    if (!h) {
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    h->store = store;
    /* A server's store has no session: its triggers record every change, in the same
     * transaction (history_pg.c). */
    if (!st_db(store))
        return h;
    if (open_session(h, err) != 0) {
        tr_history_cancel(h);
        return NULL;
    }
    return h;
}

void tr_history_cancel(tr_history *h)
{
    if (!h)
        return;
    st_set_session(h->store, NULL);
    st_end_ranges(h->store);
    if (h->session)
        sqlite3session_delete(h->session);
    free(h->summary);
    free(h);
}

int tr_history_note(tr_history *h, const char *summary, tr_error *err)
{
    char *copy = summary ? strdup(summary) : NULL;
    if (summary && !copy)
        return tr_error_set(err, TR_IO, "out of memory");
    free(h->summary);
    h->summary = copy;
    return 0;
}

/* Adds the changes of a changeset to counts, by kind; -1 when it cannot be read. */
static int count_changes(int size, const void *data, long counts[3])
{
    sqlite3_changeset_iter *it;
    if (sqlite3changeset_start(&it, size, (void *)data) != SQLITE_OK)
        return -1;
    int rc;
    while ((rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *table;
        int columns, op, indirect;
        if (sqlite3changeset_op(it, &table, &columns, &op, &indirect) != SQLITE_OK)
            break;
        counts[op == SQLITE_INSERT ? 0 : op == SQLITE_UPDATE ? 1 : 2]++;
    }
    int fin = sqlite3changeset_finalize(it);
    return rc == SQLITE_DONE && fin == SQLITE_OK ? 0 : -1;
}

/* Who runs this command: the operating-system user of the process (its effective uid's
 * name, or "uid N" without one), not $USER, which anyone can set. */
static void os_user(char *out, size_t cap)
{
    struct passwd pw, *found = NULL;
    char buf[1024];
    uid_t uid = geteuid();
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name[0])
        snprintf(out, cap, "%s", found->pw_name);
    else
        snprintf(out, cap, "uid %lu", (unsigned long)uid);
}

/* The entry's row in `history`, written when it first has something to hold. */
static int ensure_entry(tr_history *h, const char *command, tr_error *err)
{
    if (h->id)
        return 0;
    char at[32];
    time_t now = time(NULL);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    sqlite3_stmt *stmt =
        tr_store_stmt(h->store,
                      "INSERT INTO history (at, command, inserted, updated, deleted, made_by) "
                      "VALUES (?1, ?2, 0, 0, 0, ?3)",
                      err);
    if (!stmt)
        return -1;
    tr_bind_text(stmt, 1, at);
    if (!command || !*command)
        command = "twinreg";
    sqlite3_bind_text(stmt, 2, command, (int)strnlen(command, 4000), SQLITE_TRANSIENT);
    char user[257];
    os_user(user, sizeof user);
    tr_bind_text(stmt, 3, user);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return tr_store_fail(h->store, "cannot record the history", err);
    h->id = sqlite3_last_insert_rowid(st_db(h->store));
    return 0;
}

/* Writes the session's changes as the next part (creating the entry at the first). */
static int write_part(tr_history *h, const char *command, tr_error *err)
{
    int size = 0;
    void *data = NULL;
    int rc = sqlite3session_changeset(h->session, &size, &data);
    if (rc != SQLITE_OK)
        return tr_store_fail(h->store, "cannot record the history", err);
    if (size == 0) { /* nothing changed since the last part */
        sqlite3_free(data);
        return 0;
    }
    if (count_changes(size, data, h->counts) != 0) {
        sqlite3_free(data);
        return tr_error_set(err, TR_IO, "cannot record the history: unreadable changeset");
    }
    if (ensure_entry(h, command, err) != 0) {
        sqlite3_free(data);
        return -1;
    }
    sqlite3_stmt *stmt = tr_store_stmt(
        h->store, "INSERT INTO history_changes (history_id, part, changeset) VALUES (?1, ?2, ?3)",
        err);
    if (!stmt) {
        sqlite3_free(data);
        return -1;
    }
    sqlite3_bind_int64(stmt, 1, h->id);
    sqlite3_bind_int(stmt, 2, ++h->parts);
    sqlite3_bind_blob(stmt, 3, data, size, sqlite3_free);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return rc == SQLITE_DONE ? 0 : tr_store_fail(h->store, "cannot record the history", err);
}

int tr_history_flush(tr_history *h, const char *command, tr_error *err)
{
    if (!h->session) /* a server's store: its triggers record (tr_history_start) */
        return 0;
    if (write_part(h, command, err) != 0)
        return -1;
    st_set_session(h->store, NULL); /* until the next one is open: never a freed one */
    sqlite3session_delete(h->session);
    h->session = NULL;
    return open_session(h, err);
}

/* Literal statements per range table (a table name cannot be bound): the last id, the
 * rows above a floor (an agreement's parties with it), and their deletion by an undo. */
static const struct {
    const char *last, *count, *remove_children, *remove;
} range_sql[TR_RANGE_TABLES] = {
    [TR_RANGE_CITIES] = {"SELECT coalesce(max(id), 0) FROM cities",
                         "SELECT count(*) FROM cities WHERE id > ?1", NULL,
                         "DELETE FROM cities WHERE id > ?1 AND id <= ?2"},
    [TR_RANGE_AGREEMENTS] =
        {"SELECT coalesce(max(id), 0) FROM agreements",
         "SELECT (SELECT count(*) FROM agreements WHERE id > ?1) + "
         "(SELECT count(*) FROM agreement_parties WHERE agreement_id > ?1)",
         "DELETE FROM agreement_parties WHERE agreement_id > ?1 AND agreement_id <= ?2",
         "DELETE FROM agreements WHERE id > ?1 AND id <= ?2"},
};

/* An integer from a one-row query binding ?1 (when bind >= 0); -1 on error. */
static int64_t query_int(tr_store *store, const char *sql, int64_t bind, tr_error *err)
{
    sqlite3_stmt *stmt = tr_store_stmt(store, sql, err);
    if (!stmt)
        return -1;
    if (bind >= 0)
        sqlite3_bind_int64(stmt, 1, bind);
    int64_t v = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_reset(stmt);
    return v < 0 ? tr_store_fail(store, "cannot record the history", err) : v;
}

/* Records the rows inserted above each range table's floor as one range. */
static int write_ranges(tr_history *h, const char *command, tr_error *err)
{
    for (int t = 0; t < TR_RANGE_TABLES; t++) {
        int64_t above = st_range_floor(h->store, t), upto, rows;
        if (above < 0)
            continue;
        if ((upto = query_int(h->store, range_sql[t].last, -1, err)) < 0)
            return -1;
        if (upto <= above)
            continue;
        if ((rows = query_int(h->store, range_sql[t].count, above, err)) < 0 ||
            ensure_entry(h, command, err) != 0)
            return -1;
        sqlite3_stmt *stmt = tr_store_stmt(h->store,
                                           "INSERT INTO history_ranges (history_id, table_name, "
                                           "above, upto, rows) VALUES (?1, ?2, ?3, ?4, ?5)",
                                           err);
        if (!stmt)
            return -1;
        sqlite3_bind_int64(stmt, 1, h->id);
        tr_bind_text(stmt, 2, tr_range_tables[t]);
        sqlite3_bind_int64(stmt, 3, above);
        sqlite3_bind_int64(stmt, 4, upto);
        sqlite3_bind_int64(stmt, 5, rows);
        if (st_step_done(h->store, ST_SQLITE_WRAP(stmt), "cannot record the history", err) != 0)
            return -1;
        h->counts[0] += rows;
    }
    return 0;
}

int tr_history_finish(tr_history *h, const char *command, tr_error *err)
{
    if (!st_db(h->store)) {
        int rc = st_pg_history_finish(h->store, command, h->summary, err);
        tr_history_cancel(h);
        return rc;
    }
    int rc = h->session ? write_part(h, command, err) : 0; /* none: a server's (start) */
    if (rc == 0 && h->session)
        rc = write_ranges(h, command, err);
    if (rc == 0 && h->id) {
        sqlite3_stmt *stmt = tr_store_stmt(h->store,
                                           "UPDATE history SET inserted = ?2, updated = ?3, "
                                           "deleted = ?4, summary = ?5 WHERE id = ?1",
                                           err);
        if (!stmt) {
            rc = -1;
        } else {
            sqlite3_bind_int64(stmt, 1, h->id);
            for (int i = 0; i < 3; i++)
                sqlite3_bind_int64(stmt, 2 + i, h->counts[i]);
            tr_bind_text(stmt, 5, h->summary); /* NULL binds NULL */
            rc = sqlite3_step(stmt) == SQLITE_DONE
                     ? 0
                     : tr_store_fail(h->store, "cannot record the history", err);
            sqlite3_reset(stmt);
        }
    }
    tr_history_cancel(h);
    return rc;
}

int tr_history_list(tr_store *store, long limit, tr_row_fn fn, void *ctx, tr_error *err)
{
    if (!st_db(store))
        return st_pg_history_list(store, limit, fn, ctx, err);
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(st_db(store),
                           "SELECT id, at, made_by, command, inserted, updated, deleted, summary "
                           "FROM history ORDER BY id DESC LIMIT ?1",
                           -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot read the history", err);
    sqlite3_bind_int64(stmt, 1, limit > 0 ? limit : -1);
    int rc, status = 0;
    while (status == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *row =
            json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", tr_column_json(stmt, 0), "at",
                      tr_column_json(stmt, 1), "by", tr_column_json(stmt, 2), "command",
                      tr_column_json(stmt, 3), "inserted", tr_column_json(stmt, 4), "updated",
                      tr_column_json(stmt, 5), "deleted", tr_column_json(stmt, 6), "summary",
                      tr_column_json(stmt, 7));
        if (!row) { /* a value that is not text (written by another tool) */
            status = tr_error_set(
                err, TR_IO, "cannot read history entry %lld: it is damaged (see 'twinreg check')",
                (long long)sqlite3_column_int64(stmt, 0));
            break;
        }
        status = fn(row, ctx);
        json_decref(row);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = tr_store_fail(store, "cannot read the history", err);
    sqlite3_finalize(stmt);
    return status;
}

/* A row to delete that is already gone (a cascade of the same undo removed it) is the
 * state wanted; any other conflict (the row is not as the entry left it, or a constraint
 * fails) aborts the undo. */
static int abort_on_conflict(void *ctx, int conflict, sqlite3_changeset_iter *it)
{
    const char *table;
    int columns, op, indirect;
    if (conflict == SQLITE_CHANGESET_NOTFOUND &&
        sqlite3changeset_op(it, &table, &columns, &op, &indirect) == SQLITE_OK &&
        op == SQLITE_DELETE)
        return SQLITE_CHANGESET_OMIT;
    *(int *)ctx = 1;
    return SQLITE_CHANGESET_ABORT;
}

/* Entry `id` cannot be reverted: the database no longer holds what it left. */
static int conflicts(int64_t id, const char *command, tr_error *err)
{
    return tr_error_set(
        err, TR_REJECTED,
        "cannot undo change %lld (%s): a later change conflicts with it; nothing was undone",
        (long long)id, command);
}

/* Deletes the rows entry `id` inserted as ranges (agreements before the cities they
 * name). Its changesets are already reverted, so each range holds exactly the rows it
 * recorded; any other number means a later change conflicts. */
static int undo_ranges(tr_store *store, int64_t id, const char *command, tr_error *err)
{
    for (int t = TR_RANGE_TABLES - 1; t >= 0; t--) {
        sqlite3_stmt *stmt = tr_store_stmt(store,
                                           "SELECT above, upto, rows FROM history_ranges WHERE "
                                           "history_id = ?1 AND table_name = ?2",
                                           err);
        if (!stmt)
            return -1;
        sqlite3_bind_int64(stmt, 1, id);
        tr_bind_text(stmt, 2, tr_range_tables[t]);
        int rc = sqlite3_step(stmt);
        int64_t above = sqlite3_column_int64(stmt, 0), upto = sqlite3_column_int64(stmt, 1),
                rows = sqlite3_column_int64(stmt, 2);
        sqlite3_reset(stmt);
        if (rc == SQLITE_DONE)
            continue;
        if (rc != SQLITE_ROW)
            return tr_store_fail(store, "cannot undo", err);
        int64_t removed = 0;
        const char *steps[] = {range_sql[t].remove_children, range_sql[t].remove};
        for (int i = 0; i < 2; i++) {
            if (!steps[i])
                continue;
            st_range_write w = st_range_stmt(store, steps[i], err);
            if (!(stmt = st_sqlite_raw(w.stmt)))
                return -1;
            sqlite3_bind_int64(stmt, 1, above);
            sqlite3_bind_int64(stmt, 2, upto);
            rc = sqlite3_step(stmt); /* an undo records no history: stepped as such */
            sqlite3_reset(stmt);
            if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
                return tr_store_fail(store, "cannot undo", err);
            if (rc != SQLITE_DONE) { /* a later row still names one of them */
                removed = -1;
                break;
            }
            removed += sqlite3_changes(st_db(store));
        }
        if (removed != rows)
            return conflicts(id, command, err);
    }
    return 0;
}

/* Applies the inverse of every part of entry `id`, last part first, then its ranges. */
static int undo_entry(tr_store *store, int64_t id, const char *command, tr_error *err)
{
    sqlite3 *db = st_db(store);
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(
            db,
            "SELECT part, changeset FROM history_changes WHERE history_id = ?1 ORDER BY part DESC",
            -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot undo", err);
    sqlite3_bind_int64(stmt, 1, id);
    int rc, status = 0;
    while (status == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        void *inverse = NULL;
        int size = 0, conflict = 0;
        if (sqlite3changeset_invert(sqlite3_column_bytes(stmt, 1),
                                    (void *)sqlite3_column_blob(stmt, 1), &size,
                                    &inverse) != SQLITE_OK) {
            status = tr_error_set(
                err, TR_IO, "cannot undo change %lld: its record is damaged (see 'twinreg check')",
                (long long)id);
            break;
        }
        int applied = sqlite3changeset_apply(db, size, inverse, NULL, abort_on_conflict, &conflict);
        sqlite3_free(inverse);
        if (applied != SQLITE_OK)
            status = conflict ? conflicts(id, command, err)
                              : tr_store_fail_code(store, applied, "cannot undo", err);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = tr_store_fail(store, "cannot undo", err);
    sqlite3_finalize(stmt);
    return status == 0 ? undo_ranges(store, id, command, err) : status;
}

int tr_history_undo(tr_store *store, long n, long *reverted_rows, tr_error *err)
{
    if (!st_db(store))
        return st_pg_history_undo(store, n, reverted_rows, err);
    sqlite3 *db = st_db(store);
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, command, inserted + updated + deleted FROM history ORDER BY "
                           "id DESC LIMIT ?1",
                           -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot undo", err);
    sqlite3_bind_int64(stmt, 1, n);
    long done = 0;
    int rc, status = 0;
    *reverted_rows = 0;
    while (status == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        if ((status = undo_entry(store, id, (const char *)sqlite3_column_text(stmt, 1), err)) != 0)
            break;
        sqlite3_stmt *del = tr_store_stmt(store, "DELETE FROM history WHERE id = ?1", err);
        if (!del) {
            status = -1;
            break;
        }
        sqlite3_bind_int64(del, 1, id);
        if (sqlite3_step(del) != SQLITE_DONE)
            status = tr_store_fail(store, "cannot undo", err);
        sqlite3_reset(del);
        *reverted_rows += sqlite3_column_int64(stmt, 2);
        done++;
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = tr_store_fail(store, "cannot undo", err);
    sqlite3_finalize(stmt);
    if (status == 0 && done < n)
        status =
            done == 0
                ? tr_error_set(err, TR_REJECTED, "nothing to undo: the history is empty")
                : tr_error_set(
                      err, TR_REJECTED,
                      "cannot undo %ld changes: the history holds only %ld; nothing was undone", n,
                      done);
    return status;
}

int tr_history_check(tr_store *store, tr_error *err)
{
    if (!st_db(store))
        return st_pg_history_check(store, err);
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(
            st_db(store),
            "SELECT h.id, c.changeset, h.inserted + h.updated + h.deleted, "
            "  (SELECT count(*) FROM history_changes WHERE history_id = h.id) + "
            "  (SELECT count(*) FROM history_ranges WHERE history_id = h.id), "
            "  (SELECT coalesce(sum(rows), 0) FROM history_ranges WHERE history_id = h.id), "
            "  typeof(h.command), h.command "
            "FROM history h LEFT JOIN history_changes c ON c.history_id = h.id ORDER BY h.id, "
            "c.part",
            -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot read the history", err);
    int rc, status = 0;
    int64_t current = 0;
    long counts[3] = {0, 0, 0}, expected = 0;
    while (status == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        if (id != current) {
            if (current && counts[0] + counts[1] + counts[2] != expected)
                status = tr_error_set(err, TR_IO,
                                      "history entry %lld: its changes do not add up to its counts",
                                      (long long)current);
            current = id, expected = sqlite3_column_int64(stmt, 2);
            counts[0] = sqlite3_column_int64(stmt, 4); /* the rows inserted as ranges */
            counts[1] = counts[2] = 0;
            if (status == 0 && sqlite3_column_int64(stmt, 3) == 0)
                status = tr_error_set(err, TR_IO, "history entry %lld: its changes are missing",
                                      (long long)id);
            /* `history` shows the command line as text (JSON too): it must be readable. */
            const char *command = (const char *)sqlite3_column_blob(stmt, 6);
            if (status == 0 &&
                (strcmp((const char *)sqlite3_column_text(stmt, 5), "text") != 0 ||
                 !tr_utf8_valid(command ? command : "", (size_t)sqlite3_column_bytes(stmt, 6))))
                status = tr_error_set(
                    err, TR_IO, "history entry %lld: its command line is not valid UTF-8 text",
                    (long long)id);
        }
        if (status == 0 && sqlite3_column_type(stmt, 1) == SQLITE_BLOB &&
            count_changes(sqlite3_column_bytes(stmt, 1), sqlite3_column_blob(stmt, 1), counts) != 0)
            status = tr_error_set(err, TR_IO, "history entry %lld: its changeset cannot be read",
                                  (long long)id);
    }
    if (status == 0 && current && counts[0] + counts[1] + counts[2] != expected)
        status =
            tr_error_set(err, TR_IO, "history entry %lld: its changes do not add up to its counts",
                         (long long)current);
    if (status == 0 && rc != SQLITE_DONE)
        status = tr_store_fail(store, "cannot read the history", err);
    sqlite3_finalize(stmt);
    return status;
}

int64_t tr_history_last_id(tr_store *store)
{
    if (!st_db(store))
        return st_pg_history_current(store);
    tr_error ignored;
    tr_error_init(&ignored);
    st_stmt *stmt = st_stmt_get(store, "SELECT coalesce(max(id), 0) FROM history", &ignored);
    tr_error_release(&ignored);
    if (!stmt)
        return -1;
    int64_t id = st_step(stmt) == ST_ROW ? st_column_int64(stmt, 0) : -1;
    st_reset(stmt);
    return id;
}
