/* The SQLite backend of the statement API (engine.h): each method is the sqlite3 call of
 * the same name on the statement inside. */
#include "store/engine_sqlite.h"
#include "store/util.h"

#include "store/store_internal.h"

#include <stdlib.h>

static sqlite3_stmt *raw(st_stmt *stmt) { return ((st_sqlite_stmt *)stmt)->raw; }

static void bind_int64(st_stmt *s, int i, int64_t v) { sqlite3_bind_int64(raw(s), i, v); }
static void bind_double(st_stmt *s, int i, double v) { sqlite3_bind_double(raw(s), i, v); }
static void bind_null(st_stmt *s, int i) { sqlite3_bind_null(raw(s), i); }
static void bind_text(st_stmt *s, int i, const char *text)
{
    sqlite3_bind_text(raw(s), i, text, -1, SQLITE_TRANSIENT);
}

static void bind_text_kept(st_stmt *s, int i, const char *text)
{
    sqlite3_bind_text(raw(s), i, text, -1, SQLITE_STATIC);
}

static int step(st_stmt *s)
{
    int rc = sqlite3_step(raw(s));
    return rc == SQLITE_ROW ? ST_ROW : rc == SQLITE_DONE ? ST_DONE : ST_ERROR;
}

static st_type column_type(st_stmt *s, int c)
{
    switch (sqlite3_column_type(raw(s), c)) {
    case SQLITE_INTEGER:
        return ST_INTEGER;
    case SQLITE_FLOAT:
        return ST_REAL;
    case SQLITE_TEXT:
        return ST_TEXT;
    case SQLITE_BLOB:
        return ST_BLOB;
    default:
        return ST_NULL;
    }
}

static int64_t column_int64(st_stmt *s, int c) { return sqlite3_column_int64(raw(s), c); }
static double column_double(st_stmt *s, int c) { return sqlite3_column_double(raw(s), c); }
static const char *column_text(st_stmt *s, int c)
{
    return (const char *)sqlite3_column_text(raw(s), c);
}
static const void *column_blob(st_stmt *s, int c) { return sqlite3_column_blob(raw(s), c); }
static size_t column_bytes(st_stmt *s, int c) { return (size_t)sqlite3_column_bytes(raw(s), c); }
static void reset(st_stmt *s) { sqlite3_reset(raw(s)); }
static void clear_bindings(st_stmt *s) { sqlite3_clear_bindings(raw(s)); }
static int64_t changes(st_stmt *s) { return sqlite3_changes64(sqlite3_db_handle(raw(s))); }

/* SQLite counts on the connection: the statement must be the last that inserted, which
 * st_step_insert (reading it right after the step) ensures. */
static int64_t inserted_id(st_stmt *s)
{
    return sqlite3_last_insert_rowid(sqlite3_db_handle(raw(s)));
}

static void finalize(st_stmt *s)
{
    sqlite3_finalize(raw(s));
    free(s);
}

static int param_count(st_stmt *s) { return sqlite3_bind_parameter_count(raw(s)); }
static int column_count(st_stmt *s) { return sqlite3_column_count(raw(s)); }
static const char *column_name(st_stmt *s, int c) { return sqlite3_column_name(raw(s), c); }

const st_stmt_methods st_sqlite_stmt_methods = {
    .bind_int64 = bind_int64,
    .bind_double = bind_double,
    .bind_text = bind_text,
    .bind_null = bind_null,
    .bind_text_kept = bind_text_kept,
    .step = step,
    .column_type = column_type,
    .column_int64 = column_int64,
    .column_double = column_double,
    .column_text = column_text,
    .column_blob = column_blob,
    .column_bytes = column_bytes,
    .reset = reset,
    .clear_bindings = clear_bindings,
    .changes = changes,
    .inserted_id = inserted_id,
    .param_count = param_count,
    .column_count = column_count,
    .column_name = column_name,
    .finalize = finalize,
};

st_stmt *st_sqlite_adopt(sqlite3_stmt *raw)
{
    st_sqlite_stmt *s = malloc(sizeof *s);
    if (!s) {
        sqlite3_finalize(raw);
        return NULL;
    }
    *s = (st_sqlite_stmt){{&st_sqlite_stmt_methods}, raw};
    return &s->base;
}

static st_stmt *prepare(tr_store *store, const char *sql, int flags, tr_error *err)
{
    st_sqlite_stmt *s = malloc(sizeof *s);
    if (!s) {
        tr_error_set(err, TR_IO, "cannot prepare a query: out of memory");
        return NULL;
    }
    s->base.m = &st_sqlite_stmt_methods;
    unsigned prep = flags & ST_PREPARE_KEPT ? SQLITE_PREPARE_PERSISTENT : 0;
    if (sqlite3_prepare_v3(st_db(store), sql, -1, prep, &s->raw, NULL) != SQLITE_OK) {
        free(s);
        tr_store_fail(store, "cannot prepare a query", err);
        return NULL;
    }
    return &s->base;
}

static int unique_violation(tr_store *store)
{
    return sqlite3_extended_errcode(st_db(store)) == SQLITE_CONSTRAINT_UNIQUE;
}

/* AUTOINCREMENT keeps the highest id ever given, even of a row deleted since. */
static int64_t sequence_of(tr_store *store, const char *table, tr_error *err)
{
    return st_int64_of_text(
        store, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0)", table, err);
}

static int exec(tr_store *store, const char *sql, const char *what, tr_error *err)
{
    if (sqlite3_exec(st_db(store), sql, NULL, NULL, NULL) != SQLITE_OK)
        return tr_store_fail(store, what, err);
    return 0;
}

/* IMMEDIATE takes the write lock at once: two writers never both read, then both fail to
 * upgrade. Another writer is waited for (the busy timeout), so nothing is ever retried. */
static int begin(tr_store *store, tr_error *err)
{
    return exec(store, "BEGIN IMMEDIATE", "cannot start a transaction", err);
}

/* A deferred BEGIN: the snapshot is taken at the first read, and no write lock. */
static int begin_read(tr_store *store, const char *what, tr_error *err)
{
    return exec(store, "BEGIN", what, err);
}

static int commit(tr_store *store, tr_error *err)
{
    return exec(store, "COMMIT", "cannot commit", err);
}

static void rollback(tr_store *store)
{
    if (!sqlite3_get_autocommit(st_db(store)))
        sqlite3_exec(st_db(store), "ROLLBACK", NULL, NULL, NULL);
}

static int never_retryable(tr_store *store)
{
    (void)store;
    return 0;
}

const st_engine st_sqlite_engine = {.name = "sqlite",
                                    .prepare = prepare,
                                    .fail = tr_store_fail,
                                    .unique_violation = unique_violation,
                                    .sequence_of = sequence_of,
                                    .begin = begin,
                                    .begin_read = begin_read,
                                    .commit = commit,
                                    .rollback = rollback,
                                    .retryable = never_retryable};
