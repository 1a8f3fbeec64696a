/* The statement API the entity files are written in, once for every database engine, and
 * the table of functions a backend fills (SQLite's now: engine_sqlite.c). Private to the
 * store. Modelled on SQLite's VFS: a statement starts with its backend's methods, as an
 * sqlite3_file starts with its pMethods, so a call costs one indirect jump and nothing
 * is allocated per bind or step.
 *
 * What a backend must honour, so that entity code behaves alike on every engine:
 * - SQL text uses `?N` placeholders (1-based); a backend that wants `$N` rewrites them
 *   once, when it prepares.
 * - A bound text is copied: the caller's buffer may change before the step.
 * - A statement runs at its first st_step; a text column stays valid until the next
 *   st_step, st_reset or st_finalize of that statement.
 * - The id of an inserted row is asked for with st_insert_stmt and st_step_insert, so a
 *   backend with no "last insert id" (PostgreSQL) can add `RETURNING id` when it
 *   prepares the statement. */
#ifndef TWINREG_STORE_ENGINE_API_H
#define TWINREG_STORE_ENGINE_API_H

#include "twinreg/store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct st_stmt st_stmt;
typedef struct st_stmt_methods st_stmt_methods;

/* Every backend's statement begins with this member. */
struct st_stmt {
    const st_stmt_methods *m;
};

/* What st_step returns. */
enum { ST_ERROR = -1, ST_DONE = 0, ST_ROW = 1 };

/* A column's type in the current row. */
typedef enum { ST_NULL, ST_INTEGER, ST_REAL, ST_TEXT, ST_BLOB } st_type;

/* How a statement is prepared. */
enum {
    ST_PREPARE_ONCE = 0,     /* run a few times, then finalized */
    ST_PREPARE_KEPT = 1,     /* kept for the store's lifetime (the statement cache) */
    ST_PREPARE_INSERT = 2,   /* an INSERT whose new row's id st_step_insert will read */
    ST_PREPARE_VERBATIM = 4, /* a user's text (`sql`): no rewriting; its $N are the server's */
    /* A long read whose rows are handed over as the server sends them, so the caller works
     * on one while the server sends the next (PostgreSQL's single-row mode; SQLite steps
     * rows so anyway). Nothing else may use the store until it is done or reset. */
    ST_PREPARE_STREAM = 8,
};

struct st_stmt_methods {
    /* Bindings are 1-based; a bound text is copied (and never NULL here: st_bind_text
     * binds NULL for it). */
    void (*bind_int64)(st_stmt *stmt, int index, int64_t value);
    void (*bind_double)(st_stmt *stmt, int index, double value);
    void (*bind_text)(st_stmt *stmt, int index, const char *text);
    void (*bind_null)(st_stmt *stmt, int index);
    /* Not copied: the caller keeps `text` as it is until the statement is reset (a bulk
     * writer's rows, bound thousands at a time). */
    void (*bind_text_kept)(st_stmt *stmt, int index, const char *text);
    /* ST_ROW, ST_DONE or ST_ERROR; the first step of a run executes it. */
    int (*step)(st_stmt *stmt);
    /* The current row's columns, 0-based; a text is NULL for SQL NULL, and bytes are
     * those of the text or blob just read. */
    st_type (*column_type)(st_stmt *stmt, int col);
    int64_t (*column_int64)(st_stmt *stmt, int col);
    double (*column_double)(st_stmt *stmt, int col);
    const char *(*column_text)(st_stmt *stmt, int col);
    const void *(*column_blob)(st_stmt *stmt, int col);
    size_t (*column_bytes)(st_stmt *stmt, int col);
    /* Ready to run again with its bindings kept; clear_bindings makes every one NULL. */
    void (*reset)(st_stmt *stmt);
    void (*clear_bindings)(st_stmt *stmt);
    /* Rows the last run inserted, updated or deleted, still told after reset. */
    int64_t (*changes)(st_stmt *stmt);
    /* The row id an ST_PREPARE_INSERT statement's last run inserted (before reset). */
    int64_t (*inserted_id)(st_stmt *stmt);
    /* The highest N of its ?N; its columns, known once it has run. */
    int (*param_count)(st_stmt *stmt);
    int (*column_count)(st_stmt *stmt);
    const char *(*column_name)(st_stmt *stmt, int col);
    void (*finalize)(st_stmt *stmt);
};

/* One engine: what opens statements on a store's connection, runs its transactions and
 * explains its failures. Chosen when the store opens (docs/architecture.md, "A new
 * database engine"). */
typedef struct st_engine {
    const char *name;
    /* `sql` with `?N` placeholders; flags: ST_PREPARE_*. NULL with err set on failure. */
    st_stmt *(*prepare)(tr_store *store, const char *sql, int flags, tr_error *err);
    /* The connection's last failure as a tr_status: a broken constraint, a value of the
     * wrong type or size is TR_REJECTED; busy, read-only, I/O and the rest are TR_IO. */
    int (*fail)(tr_store *store, const char *what, tr_error *err);
    /* 1 when the last failure broke a unique constraint (a natural key already there). */
    int (*unique_violation)(tr_store *store);
    /* The highest id `table`'s counter has given, 0 when none (an import keeps a file's id
     * only above it): sqlite_sequence on SQLite, the identity's sequence on PostgreSQL.
     * -1 on failure. */
    int64_t (*sequence_of)(tr_store *store, const char *table, tr_error *err);
    /* Rows of `table` were given ids up to `id` by the writer (an import keeps a file's):
     * the counter moves past it, never back, so that the engine's next id is not one of
     * them. NULL where the counter follows the rows by itself (SQLite's AUTOINCREMENT). */
    int (*keep_id)(tr_store *store, const char *table, int64_t id, tr_error *err);
    /* The counter's next id, taken now, for a row the writer numbers before it inserts it
     * (a queued agreement): another writer's row can never have it. `ahead` > 1 takes that
     * many at once for the next calls (a round trip per block, not per row), at the cost
     * of the block's unused rest: no later row gets those ids. NULL where one writer at a
     * time numbers rows (SQLite: the highest id so far + 1). 0 with err on failure. */
    int64_t (*next_id)(tr_store *store, const char *table, int ahead, tr_error *err);
    /* The bulk load of new rows: `rows` (len bytes, st_copy_text's format) into `target`
     * ("table (column, ...)"), in the transaction. 1 when the engine cannot load that table
     * so (the caller inserts the rows instead), 0 when loaded, -1 with err. NULL where
     * multi-row INSERTs are the bulk load (SQLite). */
    int (*copy_in)(tr_store *store, const char *target, const char *rows, size_t len,
                   tr_error *err);
    /* A write transaction that behaves as if no other writer ran meanwhile (SQLite: BEGIN
     * IMMEDIATE, one writer at a time; PostgreSQL: SERIALIZABLE); a read transaction,
     * one snapshot, `what` in its failure; commit; rollback, nothing when none is open. */
    int (*begin)(tr_store *store, tr_error *err);
    int (*begin_read)(tr_store *store, const char *what, tr_error *err);
    int (*commit)(tr_store *store, tr_error *err);
    void (*rollback)(tr_store *store);
    /* 1 when the last failure was a conflict with another writer that running the whole
     * transaction again may pass (SQLite waits for the lock itself: never). */
    int (*retryable)(tr_store *store);
} st_engine;

extern const st_engine st_sqlite_engine;

/* The store's engine. */
const st_engine *st_engine_of(tr_store *store);
/* A store whose statements go to `engine` on a server connection (struct st_pg,
 * engine_pg.c), which tr_store_close frees; NULL when out of memory. No SQLite file. */
struct st_pg;
tr_store *st_store_new(const st_engine *engine, struct st_pg *pg);
/* That connection; NULL for a SQLite store. */
struct st_pg *st_store_pg(tr_store *store);
/* Records the schema version a server's store read when it opened. */
void st_store_set_version(tr_store *store, int version);

/* A cached statement for `sql` (a string literal: the cache is keyed by its address),
 * reset, every parameter NULL. Owned by the store. Refuses a write of cities or
 * agreements, which goes through st_range_stmt (util.h). */
st_stmt *st_stmt_get(tr_store *store, const char *sql, tr_error *err);
/* The same for an INSERT whose new row's id st_step_insert returns. */
st_stmt *st_insert_stmt(tr_store *store, const char *sql, tr_error *err);
/* An INSERT of a row of `table` that keeps the id `want_id` (an import's), or is numbered
 * by the engine when it is 0 (by the registry once the engine's counter is at the top of
 * the range: id_counter.h): `with_id` binds the id as its last parameter, `next_id` is the
 * same text without the id. One text binding NULL would do on SQLite only: a NULL id means "the
 * next one" to an INTEGER PRIMARY KEY, and breaks NOT NULL on PostgreSQL's identity. */
st_stmt *st_insert_id_stmt(tr_store *store, const char *table, const char *with_id,
                           const char *next_id, int64_t want_id, tr_error *err);
/* A statement for the caller, who finalizes it (a listing run once). */
st_stmt *st_prepare_once(tr_store *store, const char *sql, tr_error *err);
/* The same for a long read: ST_PREPARE_STREAM. */
st_stmt *st_prepare_stream(tr_store *store, const char *sql, tr_error *err);
/* Runs an st_insert_stmt to completion and resets it: *id is the id of the row it
 * inserted, 0 when it changed none. After an upsert that updated a row, *id is not that
 * row's on every engine: the caller, who looked the row up, knows it. */
int st_step_insert(tr_store *store, st_stmt *stmt, int64_t *id, const char *what, tr_error *err);
/* The store's last failure, as the engine maps it to a tr_status: -1. */
int st_fail(tr_store *store, const char *what, tr_error *err);
/* 1 when the store's last failure broke a unique constraint. */
int st_unique_violation(tr_store *store);

static inline void st_bind_int64(st_stmt *s, int i, int64_t v) { s->m->bind_int64(s, i, v); }
static inline void st_bind_double(st_stmt *s, int i, double v) { s->m->bind_double(s, i, v); }
static inline void st_bind_null(st_stmt *s, int i) { s->m->bind_null(s, i); }
/* NULL binds SQL NULL. */
static inline void st_bind_text(st_stmt *s, int i, const char *text)
{
    if (text)
        s->m->bind_text(s, i, text);
    else
        s->m->bind_null(s, i);
}
static inline void st_bind_text_kept(st_stmt *s, int i, const char *text)
{
    s->m->bind_text_kept(s, i, text);
}
static inline void st_clear_bindings(st_stmt *s) { s->m->clear_bindings(s); }
static inline int st_step(st_stmt *s) { return s->m->step(s); }
static inline st_type st_column_type(st_stmt *s, int c) { return s->m->column_type(s, c); }
static inline int64_t st_column_int64(st_stmt *s, int c) { return s->m->column_int64(s, c); }
static inline double st_column_double(st_stmt *s, int c) { return s->m->column_double(s, c); }
static inline const char *st_column_text(st_stmt *s, int c) { return s->m->column_text(s, c); }
static inline const void *st_column_blob(st_stmt *s, int c) { return s->m->column_blob(s, c); }
static inline size_t st_column_bytes(st_stmt *s, int c) { return s->m->column_bytes(s, c); }
static inline void st_reset(st_stmt *s) { s->m->reset(s); }
static inline int64_t st_changes(st_stmt *s) { return s->m->changes(s); }
static inline int st_param_count(st_stmt *s) { return s->m->param_count(s); }
static inline int st_column_count(st_stmt *s) { return s->m->column_count(s); }
static inline const char *st_column_name(st_stmt *s, int c) { return s->m->column_name(s, c); }
static inline void st_finalize(st_stmt *s)
{
    if (s)
        s->m->finalize(s);
}

#endif
