/* `sql` on a server (sql_reader_pg.c): what sql_reader.c does on SQLite. Private to the
 * store. */
#ifndef TWINREG_STORE_SQL_READER_PG_H
#define TWINREG_STORE_SQL_READER_PG_H

#include "twinreg/store/cursor.h"

/* As tr_sql_open, on a store opened on a server. */
int st_pg_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                   const struct tr_sql_params *params, tr_cursor **out, tr_error *err);
/* As st_sql_fail, for the server's last failure. */
int st_pg_sql_fail(tr_cursor *c, tr_error *err);

#endif
