/* History and undo on PostgreSQL (history_pg.c): what twinreg/store/history.h does on
 * SQLite with its session extension, for a store on a server, whose triggers record the
 * changes themselves. history.c calls these for such a store. Private to the store. */
#ifndef TWINREG_STORE_HISTORY_PG_H
#define TWINREG_STORE_HISTORY_PG_H

#include "twinreg/store/store.h"

#include <stdint.h>

/* Names the transaction's entry (if it changed anything) and writes its counts and the
 * command's summary (NULL: none). */
int st_pg_history_finish(tr_store *store, const char *command, const char *summary, tr_error *err);
/* The current transaction's entry: 0 until it changed something, -1 on error. */
int64_t st_pg_history_current(tr_store *store);
/* As tr_history_list. */
int st_pg_history_list(tr_store *store, long limit, tr_row_fn fn, void *ctx, tr_error *err);
/* As tr_history_undo, for the caller's own entries (an administrator's: anyone's). */
int st_pg_history_undo(tr_store *store, long n, long *reverted_rows, tr_error *err);
/* As tr_history_check: each entry's counts add up to its recorded rows. */
int st_pg_history_check(tr_store *store, tr_error *err);

#endif
