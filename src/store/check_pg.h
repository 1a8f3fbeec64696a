/* `check` on a server (check_pg.c): the counterparts of tr_store_check_integrity,
 * tr_store_check_references and tr_store_schema_problem, with the same contract (0 when
 * sound, else 1 with the problem on one line). Private to the store. */
#ifndef TWINREG_STORE_CHECK_PG_H
#define TWINREG_STORE_CHECK_PG_H

#include "twinreg/store/store.h"

#include <stddef.h>

int st_pg_check_integrity(tr_store *store, char *problem, size_t cap);
int st_pg_check_references(tr_store *store, char *problem, size_t cap);
int st_pg_schema_problem(tr_store *store, char *problem, size_t cap);

#endif
