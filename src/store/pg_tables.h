/* The registry's tables on a server, a row's parents before it: what a backup copies and
 * `check` expects. Their columns are SQLite's, in the same order (CTest pg_schema). */
#ifndef TWINREG_STORE_PG_TABLES_H
#define TWINREG_STORE_PG_TABLES_H

#include <stddef.h>

extern const char *const st_pg_registry_tables[];
extern const size_t st_pg_registry_table_count;

#endif
