/* `backup FILE` of a registry on a server (pg_backup.c). Private to the store. */
#ifndef TWINREG_STORE_PG_BACKUP_H
#define TWINREG_STORE_PG_BACKUP_H

#include "twinreg/store/store.h"

/* Writes the server's registry, one snapshot of it, as a SQLite registry into `path` (an
 * empty file the caller renames when this succeeds): 0, or -1 with err set. */
int st_pg_backup_to(tr_store *server, const char *path, tr_error *err);

#endif
