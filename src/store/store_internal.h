/* What the store's own files share and no other layer sees: the SQLite connection, the
 * statement cache and the bind and column helpers. Outside src/store, only the store's
 * own tests include it. */
#ifndef TWINREG_STORE_INTERNAL_H
#define TWINREG_STORE_INTERNAL_H

#include "twinreg/store/store.h"

#include <jansson.h>
#include <sqlite3.h>

/* The store's connection. */
sqlite3 *st_db(tr_store *store);
/* The plain connection behind tr_store_open_reader (query_only, no -wal or -shm left
 * behind). The caller closes it with sqlite3_close. */
int st_open_reader_db(sqlite3 **db, const char *path, tr_error *err);

/* A prepared statement for `sql` (a string literal: the cache is keyed by its address),
 * reset and with bindings cleared. Owned by the store. */
sqlite3_stmt *tr_store_stmt(tr_store *store, const char *sql, tr_error *err);
/* The same as tr_store_fail for the code `rc` a call returned (its message when the
 * connection has none). */
int tr_store_fail_code(tr_store *store, int rc, const char *what, tr_error *err);

/* The rows that refer to a missing record (what PRAGMA foreign_key_check lists), counted,
 * and the table of the first in `table` (maintenance.c); -1 with err. */
long long st_broken_references(tr_store *store, char *table, size_t cap, tr_error *err);

/* Binding helpers: NULL text binds SQL NULL. */
void tr_bind_text(sqlite3_stmt *stmt, int index, const char *text);
/* A column as a JSON value: null, integer, real or string; a real that JSON cannot hold
 * as the string "Infinity", "-Infinity" or "NaN", a blob as a lowercase hex string, text
 * that is not UTF-8 with U+FFFD for its invalid bytes (src/store/column_json.c). New
 * reference; NULL only when out of memory. */
json_t *tr_column_json(sqlite3_stmt *stmt, int col);

#endif
