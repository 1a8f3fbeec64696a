/* A bulk load's deferred indexes on a server (bulk_parts.h: st_defer_indexes). Private to
 * the store; only with TWINREG_POSTGRESQL. */
#ifndef TWINREG_STORE_PG_DEFER_H
#define TWINREG_STORE_PG_DEFER_H

#include "twinreg/store/store.h"

/* When the registry has no agreement: *restore is "" (nothing dropped: the natural keys are
 * matched in memory anyway) or, for an administrator, what rebuilds the indexes it dropped.
 * Else *restore stays NULL. */
int st_pg_defer_indexes(tr_store *store, char **restore, tr_error *err);
/* Runs `restore` (not freed). */
int st_pg_restore_indexes(tr_store *store, const char *restore, tr_error *err);

#endif
