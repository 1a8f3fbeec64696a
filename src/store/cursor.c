/* Cursors over named queries (twinreg/store/cursor.h): a thin skin over a statement, with
 * nothing allocated per row. */
#include "store/cursor_impl.h"
#include "store/named_queries.h"

#include <stdlib.h>

int st_cursor_new(tr_store *store, sqlite3_stmt *stmt, const char *what, tr_cursor **out,
                  tr_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out) {
        sqlite3_finalize(stmt);
        return tr_error_set(err, TR_IO, "%s: out of memory", what);
    }
    **out = (tr_cursor){store, stmt, what, NULL};
    return 0;
}

int tr_cursor_open(tr_store *store, enum tr_query q, const char *what, tr_cursor **out,
                   tr_error *err)
{
    sqlite3_stmt *stmt = NULL;
    *out = NULL;
    if (sqlite3_prepare_v2(st_db(store), st_named_query(q), -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, what, err);
    return st_cursor_new(store, stmt, what, out, err);
}

int tr_cursor_next(tr_cursor *c, tr_error *err)
{
    int rc = c->clock ? st_sql_step(c) : sqlite3_step(c->stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return c->clock ? st_sql_fail(c, rc, err) : tr_store_fail(c->store, c->what, err);
}

enum tr_value_kind tr_cursor_kind(tr_cursor *c, int col)
{
    switch (sqlite3_column_type(c->stmt, col)) {
    case SQLITE_NULL:
        return TR_VALUE_NULL;
    case SQLITE_INTEGER:
        return TR_VALUE_INT;
    case SQLITE_FLOAT:
        return TR_VALUE_REAL;
    case SQLITE_BLOB:
        return TR_VALUE_BLOB;
    default:
        return TR_VALUE_TEXT;
    }
}

int64_t tr_cursor_int(tr_cursor *c, int col) { return sqlite3_column_int64(c->stmt, col); }

const char *tr_cursor_text(tr_cursor *c, int col)
{
    return (const char *)sqlite3_column_text(c->stmt, col);
}

size_t tr_cursor_bytes(tr_cursor *c, int col) { return (size_t)sqlite3_column_bytes(c->stmt, col); }

json_t *tr_cursor_json(tr_cursor *c, int col) { return tr_column_json(c->stmt, col); }

int tr_cursor_columns(tr_cursor *c) { return sqlite3_column_count(c->stmt); }

const char *tr_cursor_column_name(tr_cursor *c, int col)
{
    return sqlite3_column_name(c->stmt, col);
}

void tr_cursor_close(tr_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->stmt);
    if (c->clock) /* the reader may run more: its timer must not outlive the clock */
        sqlite3_progress_handler(st_db(c->store), 0, NULL, NULL);
    free(c->clock);
    free(c);
}

int tr_city_names_with_prefix(tr_store *store, const char *prefix, int max,
                              void (*fn)(const char *name, void *ctx), void *ctx, tr_error *err)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(
            st_db(store),
            "SELECT name FROM cities WHERE substr(name, 1, length(?1)) = ?1 ORDER BY name LIMIT ?2",
            -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot list cities", err);
    sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 2, max);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        fn((const char *)sqlite3_column_text(stmt, 0), ctx);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : tr_store_fail(store, "cannot list cities", err);
}
