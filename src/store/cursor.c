/* Cursors over named queries (twinreg/store/cursor.h): a thin skin over a statement of the
 * statement API, on either engine, with nothing allocated per row. */
#include "store/cursor_impl.h"
#include "store/name_order.h"
#include "store/named_queries.h"
#include "store/util.h"

#include "twinreg/core/fold.h"

#include <stdlib.h>

int st_cursor_new(tr_store *store, st_stmt *stmt, const char *what, tr_cursor **out, tr_error *err)
{
    *out = stmt ? calloc(1, sizeof **out) : NULL;
    if (!*out) {
        st_finalize(stmt);
        return tr_error_set(err, TR_IO, "%s: out of memory", what);
    }
    **out = (tr_cursor){store, stmt, what, NULL};
    return 0;
}

int tr_cursor_open(tr_store *store, enum tr_query q, const char *what, tr_cursor **out,
                   tr_error *err)
{
    *out = NULL;
    tr_error ignored; /* "cannot prepare a query": the engine tells it again in `what`'s words */
    tr_error_init(&ignored);
    st_stmt *stmt = st_prepare_once(store, st_named_query(store, q), &ignored);
    tr_error_release(&ignored);
    if (!stmt)
        return st_fail(store, what, err);
    return st_cursor_new(store, stmt, what, out, err);
}

int tr_cursor_next(tr_cursor *c, tr_error *err)
{
    int rc = c->clock ? st_sql_step(c) : st_step(c->stmt);
    if (rc == ST_ROW)
        return 1;
    if (rc == ST_DONE)
        return 0;
    return c->clock ? st_sql_fail(c, err) : st_fail(c->store, c->what, err);
}

enum tr_value_kind tr_cursor_kind(tr_cursor *c, int col)
{
    switch (st_column_type(c->stmt, col)) {
    case ST_NULL:
        return TR_VALUE_NULL;
    case ST_INTEGER:
        return TR_VALUE_INT;
    case ST_REAL:
        return TR_VALUE_REAL;
    case ST_BLOB:
        return TR_VALUE_BLOB;
    default:
        return TR_VALUE_TEXT;
    }
}

int64_t tr_cursor_int(tr_cursor *c, int col) { return st_column_int64(c->stmt, col); }

const char *tr_cursor_text(tr_cursor *c, int col) { return st_column_text(c->stmt, col); }

size_t tr_cursor_bytes(tr_cursor *c, int col) { return st_column_bytes(c->stmt, col); }

json_t *tr_cursor_json(tr_cursor *c, int col) { return st_column_json(c->stmt, col); }

int tr_cursor_columns(tr_cursor *c) { return st_column_count(c->stmt); }

const char *tr_cursor_column_name(tr_cursor *c, int col) { return st_column_name(c->stmt, col); }

void tr_cursor_close(tr_cursor *c)
{
    if (!c)
        return;
    st_finalize(c->stmt);
    if (c->clock) /* the reader may run more: its timer must not outlive the clock */
        st_sql_stop_clock(c);
    free(c->clock);
    free(c);
}

int tr_city_names_with_prefix(tr_store *store, const char *prefix, int max,
                              void (*fn)(const char *name, void *ctx), void *ctx, tr_error *err)
{
    /* The name as typed, or folded: "lod" offers Łódź, as `city show lodz` finds it. */
    char key[1024];
    if (tr_fold_into(prefix, key, sizeof key) != 0)
        *key = '\0';
    st_stmt *stmt = st_prepare_once(
        store,
        "SELECT name FROM cities WHERE substr(name, 1, length(?1)) = ?1 "
        "OR substr(name_key, 1, length(?3)) = ?3 ORDER BY " ST_NAME_ORDER("cities") " LIMIT ?2",
        err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, prefix);
    st_bind_int64(stmt, 2, max);
    st_bind_text(stmt, 3, *key ? key : NULL); /* no letter typed: the name alone */
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW)
        fn(st_column_text(stmt, 0), ctx);
    st_finalize(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, "cannot list cities", err);
}
