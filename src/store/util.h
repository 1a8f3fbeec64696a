/* Small helpers shared by the entity modules of the store. */
#ifndef TWINREG_STORE_UTIL_H
#define TWINREG_STORE_UTIL_H

#include "store/bulk_parts.h"
#include "store/engine.h"
#include "store/store_internal.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/store.h"

/* Of one query's two texts, the one for the store's engine: `sqlite`, or `pg` on
 * PostgreSQL. Both are string literals (the statement cache keys a text by its address);
 * a query gets a `pg` text only where the dialects differ, named beside its other one. */
const char *st_sql_for(tr_store *store, const char *sqlite, const char *pg);
/* An INSERT's id on PostgreSQL: the id bound to `param` (an import's), else the next of
 * `table`'s identity. SQLite's INTEGER PRIMARY KEY takes a NULL id as "the next one";
 * PostgreSQL's identity refuses NULL. */
#define ST_PG_ID_OR_NEXT(table, param)                                                             \
    "coalesce(CAST(" param " AS BIGINT), nextval(pg_get_serial_sequence('" table "', 'id')))"

/* Steps a write statement to completion. */
int st_step_done(tr_store *store, st_stmt *stmt, const char *what, tr_error *err);
/* 1 when `sql` (binding ?1 to id) returns a row, 0 when not, -1 on error. */
int st_exists_id(tr_store *store, const char *sql, int64_t id, tr_error *err);
/* The first column of `sql`'s first row (binding ?1 to text): 0 with no row, -1 on error. */
int64_t st_int64_of_text(tr_store *store, const char *sql, const char *text, tr_error *err);
/* Two optional texts are the same: both NULL, or equal bytes (a row's value and a field's). */
int st_same_text(const char *a, const char *b);
/* A text field: NULL passes; too long, invalid UTF-8 or control characters are refused.
 * `required` refuses NULL and "". */
int st_check_text(const char *text, const char *what, size_t max, int required, tr_error *err);
/* 1 when s is valid UTF-8 whose only control characters are among `allowed` (e.g. "\t"). */
int st_valid_utf8(const char *s, const char *allowed);
/* A record id typed on the command line: digits only, 1 to TR_ID_MAX (2^53-1). 0 for anything else
 * (a name, a sign, spaces, a number too large: never clamped to another id). */
int64_t st_parse_id(const char *spec);
/* A code (framework, program): 1 to 64 letters, digits and . _ / ( ) -; `what` names it. */
int st_check_code(const char *code, const char *what, tr_error *err);
/* A DATE field (NULL passes unless required). */
int st_check_date(const char *text, const char *what, int required, tr_error *err);
/* Builds one record from the current row of a statement (NULL on error, err set). */
typedef json_t *(*st_row_builder)(tr_store *store, st_stmt *row, tr_error *err);
/* Steps a prepared, bound statement, hands each built record to fn, and finalizes the
 * statement; `what` names the listing in errors ("cannot list cities"). */
int st_each_row(tr_store *store, st_stmt *stmt, st_row_builder build, tr_row_fn fn, void *ctx,
                const char *what, tr_error *err);
/* A list of ids/texts from a one-column query binding ?1 (text key or integer id). */
/* A column as a JSON value, as tr_column_json (store_internal.h) tells. */
json_t *st_column_json(st_stmt *stmt, int col);
json_t *st_column_list(tr_store *store, const char *sql, const char *key, int64_t id,
                       tr_error *err);

/* The history's session (NULL when none records): history.c keeps the store told. */
void st_set_session(tr_store *store, sqlite3_session *session);
/* The command's recording is over: so is its range mode. */
void st_end_ranges(tr_store *store);
/* The sequence above which new rows of range table `table` are recorded by range, or -1. */
int64_t st_range_floor(tr_store *store, int table);
/* A statement that writes rows of a range table (cities; agreements and their parties):
 * the only way to run one is st_range_step, which knows whether the history holds the row
 * as part of an id range. tr_store_stmt refuses such a statement, so a new writer cannot
 * step it past the range by mistake (and break undo). */
typedef struct {
    st_stmt *stmt; /* NULL on error */
    int table;     /* TR_RANGE_CITIES or TR_RANGE_AGREEMENTS, from the statement itself */
} st_range_write;
/* The cached statement (as tr_store_stmt) for `sql`, which must write one range table. */
st_range_write st_range_stmt(tr_store *store, const char *sql, tr_error *err);
/* The same, prepared for the caller, who finalizes it (a statement built at run time). */
st_range_write st_range_prepare(tr_store *store, const char *sql, tr_error *err);
/* Steps it for row `id` (for agreements, the row or its parties; ST_NEW_ROW for an INSERT
 * of a new row; 0 for rows older than any bulk load). When the row is above the table's
 * floor, the history holds it as part of a range, so the session must not see it: not
 * its INSERT, and not a later UPDATE either, which it would take for a change of a row
 * older than the command (recording its values, and on a rollback a DELETE). */
int st_range_step(tr_store *store, st_range_write w, int64_t id, const char *what, tr_error *err);
#define ST_NEW_ROW INT64_MAX
/* The same pair for an INSERT of a new row whose id *id receives (as st_step_insert). */
st_range_write st_range_insert_stmt(tr_store *store, const char *sql, tr_error *err);
int st_range_step_insert(tr_store *store, st_range_write w, int64_t *id, const char *what,
                         tr_error *err);
/* The INSERT of agreement rows up to VALUES, with their columns in the order the writers
 * bind them (the id, those of twinreg/store/agreement_record.h a new agreement gets, the
 * parties key): agreement.c adds one row, agreement_batch.c many at a time. */
#define ST_AGREEMENT_INSERT                                                                        \
    "INSERT INTO agreements (id" TR_AGREEMENT_INSERTED_LIST ", parties_key) VALUES "
#define ST_PLACEHOLDER_(name, column, json, group, type, ins, csv, geo) TR_IF_##ins(", ?")
#define ST_AGREEMENT_INSERT_ONE                                                                    \
    ST_AGREEMENT_INSERT "(?" TR_AGREEMENT_COLUMNS(ST_PLACEHOLDER_) ", ?)"
#define ST_AGREEMENT_INSERT_ONE_PG                                                                 \
    ST_AGREEMENT_INSERT "(" ST_PG_ID_OR_NEXT("agreements", "?1")                                   \
        TR_AGREEMENT_COLUMNS(ST_PLACEHOLDER_) ", ?)"

#endif
