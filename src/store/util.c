/* Helpers shared by the entity modules: stepping, existence checks, field checks. */
#include "store/util.h"

#include "twinreg/core/date.h"
#include "twinreg/core/id.h"
#include "twinreg/core/number.h"
#include "twinreg/core/utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *st_sql_for(tr_store *store, const char *sqlite, const char *pg)
{
    return st_store_pg(store) ? pg : sqlite;
}

int st_step_done(tr_store *store, st_stmt *stmt, const char *what, tr_error *err)
{
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, what, err);
}

int st_step_insert(tr_store *store, st_stmt *stmt, int64_t *id, const char *what, tr_error *err)
{
    int rc = st_step(stmt);
    /* Read before the reset: PostgreSQL's RETURNING row goes with its result. */
    *id = rc == ST_DONE && st_changes(stmt) > 0 ? stmt->m->inserted_id(stmt) : 0;
    st_reset(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, what, err);
}

int st_same_text(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

int st_exists_id(tr_store *store, const char *sql, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_ROW ? 1 : rc == ST_DONE ? 0 : st_fail(store, "cannot check a reference", err);
}

int64_t st_int64_of_text(tr_store *store, const char *sql, const char *text, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, text);
    int rc = st_step(stmt);
    int64_t value = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    st_reset(stmt);
    return rc == ST_ROW || rc == ST_DONE ? value : st_fail(store, "cannot read a number", err);
}

int64_t st_parse_id(const char *spec)
{
    long long v;
    return tr_parse_whole(spec, 1, TR_ID_MAX, &v) == 0
               ? v
               : 0; /* no record has an id outside the range */
}

int st_valid_utf8(const char *s, const char *allowed)
{
    size_t len = strlen(s);
    uint32_t cp;
    for (size_t i = 0, n; i < len; i += n)
        if ((n = tr_utf8_decode(s + i, len - i, &cp)) == 0 ||
            (cp < 0x20 && !strchr(allowed, (int)cp)))
            return 0;
    return 1;
}

int st_check_code(const char *code, const char *what, tr_error *err)
{
    size_t n = code ? strlen(code) : 0;
    int ok = n >= 1 && n <= 64;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)code[i]) || strchr("._/()-", code[i]);
    return ok ? 0
              : tr_error_set(err, TR_REJECTED,
                             "invalid %s '%s': use 1 to 64 letters, digits and . _ / ( ) -", what,
                             code ? code : "");
}

int st_check_text(const char *text, const char *what, size_t max, int required, tr_error *err)
{
    if (!text || !*text)
        return required ? tr_error_set(err, TR_REJECTED, "invalid %s: it is empty", what) : 0;
    if (strlen(text) > max)
        return tr_error_set(err, TR_REJECTED, "invalid %s: longer than %zu bytes", what, max);
    if (!st_valid_utf8(text, "\t\n"))
        return tr_error_set(err, TR_REJECTED,
                            "invalid %s: not valid UTF-8 text (or has control characters)", what);
    return 0;
}

int st_check_date(const char *text, const char *what, int required, tr_error *err)
{
    if (!text)
        return required ? tr_error_set(err, TR_REJECTED, "missing %s", what) : 0;
    tr_date d;
    return tr_date_parse(text, &d, what, err);
}

json_t *st_column_list(tr_store *store, const char *sql, const char *key, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return NULL;
    if (key)
        st_bind_text(stmt, 1, key);
    else
        st_bind_int64(stmt, 1, id);
    json_t *list = json_array();
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW)
        json_array_append_new(list, st_column_json(stmt, 0));
    st_reset(stmt);
    if (rc != ST_DONE) {
        json_decref(list);
        st_fail(store, "cannot read a list", err);
        return NULL;
    }
    return list;
}

int st_each_row(tr_store *store, st_stmt *stmt, st_row_builder build, tr_row_fn fn, void *ctx,
                const char *what, tr_error *err)
{
    if (!stmt)
        return -1;
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        json_t *rec = build(store, stmt, err);
        status = rec ? fn(rec, ctx) : -1;
        json_decref(rec);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, what, err);
    st_finalize(stmt);
    return status;
}
