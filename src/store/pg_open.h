/* Opening a registry on a PostgreSQL server, in every build (without libpq: TR_IO). */
#ifndef TWINREG_STORE_PG_OPEN_H
#define TWINREG_STORE_PG_OPEN_H

#include "twinreg/store/store.h"

/* A store on the server conninfo names, whose schema `init` made at this program's
 * version: 0, or -1 with TR_IO (no registry there: "run init"; a newer or older schema).
 * Messages name the database, never conninfo (it may hold a password). */
int st_pg_open_registry(tr_store **out, const char *conninfo, tr_error *err);

#endif
