/* History and undo on PostgreSQL. The server records every change itself: row triggers
 * write images into `history_rows` under an entry of `history`, in the transaction that
 * makes the change (migrations/postgresql/0004_history.sql). What is left to the client:
 * naming the command, closing the entry's counts, listing, undoing, checking. An entry is
 * shown as on SQLite (same columns, same words); who made it is the database role. */
#include "store/history_pg.h"

#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"
#include "twinreg/core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fails with the server's reason, or TR_IO when the statement could not be had. */
static int step_done(tr_store *store, st_stmt *stmt, const char *what, tr_error *err)
{
    if (!stmt)
        return -1;
    int rc = st_step(stmt);
    while (rc == ST_ROW)
        rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, what, err);
}

int st_pg_history_finish(tr_store *store, const char *command, const char *summary, tr_error *err)
{
    if (!command || !*command)
        command = "twinreg";
    /* The entry exists once a trigger wrote a change: name it and count its rows. */
    st_stmt *stmt = st_stmt_get(store, "SELECT twinreg_history_close(?1)", err);
    if (stmt)
        st_bind_text(stmt, 1, command);
    if (step_done(store, stmt, "cannot record the history", err) != 0)
        return -1;
    if (!summary)
        return 0;
    stmt = st_stmt_get(store, "SELECT twinreg_history_note(?1)", err);
    if (stmt)
        st_bind_text(stmt, 1, summary);
    return step_done(store, stmt, "cannot record the history", err);
}

int64_t st_pg_history_current(tr_store *store)
{
    tr_error ignored;
    tr_error_init(&ignored);
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT coalesce(CAST(nullif(current_setting('twinreg.history_id', "
                                "true), '') AS bigint), 0)",
                                &ignored);
    tr_error_release(&ignored);
    int64_t id = stmt && st_step(stmt) == ST_ROW ? st_column_int64(stmt, 0) : -1;
    if (stmt)
        st_reset(stmt);
    return id;
}

int st_pg_history_list(tr_store *store, long limit, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store,
                                    "SELECT id, at, made_by, command, inserted, updated, deleted, "
                                    "summary FROM history ORDER BY id DESC LIMIT ?1",
                                    err);
    if (!stmt)
        return -1;
    if (limit > 0)
        st_bind_int64(stmt, 1, limit);
    else
        st_bind_null(stmt, 1); /* LIMIT NULL: all */
    static const char *const keys[] = {"id",       "at",      "by",      "command",
                                       "inserted", "updated", "deleted", "summary"};
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        json_t *row = json_object();
        for (int c = 0; row && c < 8; c++) {
            json_t *v = st_column_type(stmt, c) == ST_NULL ? json_null()
                        : st_column_type(stmt, c) == ST_INTEGER
                            ? json_integer(st_column_int64(stmt, c))
                            : json_stringn(st_column_text(stmt, c), st_column_bytes(stmt, c));
            if (!v || json_object_set_new(row, keys[c], v) != 0) {
                json_decref(row);
                row = NULL;
            }
        }
        status = row ? fn(row, ctx)
                     : tr_error_set(err, TR_IO,
                                    "cannot read history entry %lld: it is damaged (see "
                                    "'twinreg check')",
                                    (long long)st_column_int64(stmt, 0));
        json_decref(row);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot read the history", err);
    st_finalize(stmt);
    return status;
}

/* Reverts entry `id` and removes it: 0, or -1 with the words SQLite's undo uses when a
 * later change conflicts (TR409 from the server) and TR_NOT_ALLOWED's when row-level
 * security refuses a row. */
static int undo_entry(tr_store *store, int64_t id, const char *command, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT twinreg_undo_entry(?1)", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    st_reset(stmt);
    if (rc != ST_ROW)
        return st_pg_failed_with(store, "TR409")
                   ? tr_error_set(err, TR_REJECTED,
                                  "cannot undo change %lld (%s): a later change conflicts with it; "
                                  "nothing was undone",
                                  (long long)id, command)
                   : st_fail(store, "cannot undo", err);
    stmt = st_stmt_get(store, "SELECT twinreg_history_forget(?1)", err);
    if (stmt)
        st_bind_int64(stmt, 1, id);
    return step_done(store, stmt, "cannot undo", err);
}

int st_pg_history_undo(tr_store *store, long n, long *reverted_rows, tr_error *err)
{
    /* A role undoes its own entries; an administrator anyone's. */
    st_stmt *stmt = st_prepare_once(store,
                                    "SELECT id, command, inserted + updated + deleted "
                                    "FROM history WHERE twinreg_is_admin() OR made_by = "
                                    "session_user ORDER BY id DESC LIMIT ?1",
                                    err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, n);
    /* Read first, then undo: one statement at a time on a connection. */
    struct entry {
        int64_t id, rows;
        char *command;
    } *entries = NULL;
    long found = 0, cap = 0;
    int rc = ST_ERROR, status = 0, out_of_memory = 0;
    while (!out_of_memory && (rc = st_step(stmt)) == ST_ROW) {
        if (found == cap) {
            struct entry *grown = realloc(entries, (size_t)(cap = cap * 2 + 16) * sizeof *grown);
            if (!grown) {
                out_of_memory = 1;
                break;
            }
            entries = grown;
        }
        const char *command = st_column_text(stmt, 1);
        entries[found] = (struct entry){st_column_int64(stmt, 0), st_column_int64(stmt, 2),
                                        strdup(command ? command : "")};
        out_of_memory = !entries[found++].command;
    }
    if (out_of_memory)
        status = tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        status = st_fail(store, "cannot undo", err);
    st_finalize(stmt);
    if (status == 0 && found < n)
        status = found == 0
                     ? tr_error_set(err, TR_REJECTED, "nothing to undo: the history is empty")
                     : tr_error_set(err, TR_REJECTED,
                                    "cannot undo %ld changes: the history holds only %ld; "
                                    "nothing was undone",
                                    n, found);
    *reverted_rows = 0;
    for (long i = 0; status == 0 && i < found; i++) {
        status = undo_entry(store, entries[i].id, entries[i].command, err);
        *reverted_rows += entries[i].rows;
    }
    for (long i = 0; i < found; i++)
        free(entries[i].command);
    free(entries);
    return status;
}

int st_pg_history_check(tr_store *store, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(
        store,
        "SELECT h.id, h.inserted, h.updated, h.deleted, c.i, c.u, c.d, h.command, "
        "  (SELECT count(*) FROM history_rows WHERE history_id = h.id) "
        "FROM history h CROSS JOIN LATERAL twinreg_history_counts(h.id) AS c ORDER BY h.id",
        err);
    if (!stmt)
        return -1;
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        long long id = (long long)st_column_int64(stmt, 0);
        int64_t recorded = 0, counted = 0;
        for (int c = 1; c <= 3; c++) /* each count on its own: as written, as the rows say */
            if (st_column_int64(stmt, c) != st_column_int64(stmt, c + 3))
                recorded = -1;
        const char *command = st_column_text(stmt, 7);
        counted = st_column_int64(stmt, 8);
        if (counted == 0)
            status = tr_error_set(err, TR_IO, "history entry %lld: its changes are missing", id);
        else if (recorded != 0)
            status = tr_error_set(
                err, TR_IO, "history entry %lld: its changes do not add up to its counts", id);
        else if (!command || !tr_utf8_valid(command, st_column_bytes(stmt, 7)))
            status = tr_error_set(
                err, TR_IO, "history entry %lld: its command line is not valid UTF-8 text", id);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot read the history", err);
    st_finalize(stmt);
    return status;
}
#else
/* A build without libpq has no store on a server: never called. */
static int no_server(tr_error *err)
{
    return tr_error_set(err, TR_IO, "twinreg was built without PostgreSQL");
}
int st_pg_history_finish(tr_store *store, const char *command, const char *summary, tr_error *err)
{
    (void)store, (void)command, (void)summary;
    return no_server(err);
}
int st_pg_history_list(tr_store *store, long limit, tr_row_fn fn, void *ctx, tr_error *err)
{
    (void)store, (void)limit, (void)fn, (void)ctx;
    return no_server(err);
}
int64_t st_pg_history_current(tr_store *store)
{
    (void)store;
    return -1;
}
int st_pg_history_undo(tr_store *store, long n, long *reverted_rows, tr_error *err)
{
    (void)store, (void)n, (void)reverted_rows;
    return no_server(err);
}
int st_pg_history_check(tr_store *store, tr_error *err)
{
    (void)store;
    return no_server(err);
}
#endif
