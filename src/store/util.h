/* Small helpers shared by the entity modules of the store. */
#ifndef TWINREG_STORE_UTIL_H
#define TWINREG_STORE_UTIL_H

#include "twinreg/store.h"

/* Steps a write statement to completion. */
int st_step_done(tr_store *store, sqlite3_stmt *stmt, const char *what, tr_error *err);
/* 1 when `sql` (binding ?1 to id) returns a row, 0 when not, -1 on error. */
int st_exists_id(tr_store *store, const char *sql, int64_t id, tr_error *err);
/* A text field: NULL passes; too long, invalid UTF-8 or control characters are refused.
 * `required` refuses NULL and "". */
int st_check_text(const char *text, const char *what, size_t max, int required, tr_error *err);
/* 1 when s is valid UTF-8 whose only control characters are among `allowed` (e.g. "\t"). */
int st_valid_utf8(const char *s, const char *allowed);
/* A record id typed on the command line: digits only, 1 to 2^63-1. 0 for anything else
 * (a name, a sign, spaces, a number too large: never clamped to another id). */
int64_t st_parse_id(const char *spec);
/* A code (framework, program): 1 to 64 letters, digits and . _ / ( ) -; `what` names it. */
int st_check_code(const char *code, const char *what, tr_error *err);
/* A DATE field (NULL passes unless required). */
int st_check_date(const char *text, const char *what, int required, tr_error *err);
/* Builds one record from the current row of a statement (NULL on error, err set). */
typedef json_t *(*st_row_builder)(tr_store *store, sqlite3_stmt *row, tr_error *err);
/* Steps a prepared, bound statement, hands each built record to fn, and finalizes the
 * statement; `what` names the listing in errors ("cannot list cities"). */
int st_each_row(tr_store *store, sqlite3_stmt *stmt, st_row_builder build, tr_row_fn fn, void *ctx, const char *what,
                tr_error *err);
/* A list of ids/texts from a one-column query binding ?1 (text key or integer id). */
json_t *st_column_list(tr_store *store, const char *sql, const char *key, int64_t id, tr_error *err);

/* The history's session (NULL when none records): history.c keeps the store told. */
void st_set_session(tr_store *store, sqlite3_session *session);
/* The sequence above which new rows of range table `table` are recorded by range, or -1. */
int64_t st_range_floor(tr_store *store, int table);
/* Steps the INSERT of a new row of range table `table` (or of its parties): unrecorded
 * by the session when the table's new rows are recorded by range. */
int st_step_new_row(tr_store *store, int table, sqlite3_stmt *stmt, const char *what, tr_error *err);

#endif
