/* The SQLite backend's statement, for the store's SQLite-only files (history, the reader,
 * maintenance) and for the entity files not yet written over engine.h. */
#ifndef TWINREG_STORE_ENGINE_SQLITE_H
#define TWINREG_STORE_ENGINE_SQLITE_H

#include "store/engine.h"

#include <sqlite3.h>

typedef struct {
    st_stmt base;
    sqlite3_stmt *raw;
} st_sqlite_stmt;

extern const st_stmt_methods st_sqlite_stmt_methods;

/* The SQLite statement behind a statement of this backend. */
static inline sqlite3_stmt *st_sqlite_raw(st_stmt *stmt)
{
    return stmt ? ((st_sqlite_stmt *)stmt)->raw : NULL;
}

/* A statement of the API that owns `raw` (st_finalize finalizes both); NULL when out of
 * memory, `raw` then finalized: for `sql`, which prepares its statement itself. */
st_stmt *st_sqlite_adopt(sqlite3_stmt *raw);

/* A statement of the API over `raw`, valid until the end of the enclosing block (a
 * compound literal: nothing allocated): a bridge for code still holding an sqlite3_stmt. */
#define ST_SQLITE_WRAP(raw) (&(st_sqlite_stmt){{&st_sqlite_stmt_methods}, (raw)}.base)

#endif
