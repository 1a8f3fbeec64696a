/* A connection probe for PostgreSQL: the only use of libpq until the engine comes. */
#ifndef TWINREG_STORE_PG_CONNECT_H
#define TWINREG_STORE_PG_CONNECT_H

#include "twinreg/core/error.h"

/* Connects to conninfo (a libpq connection string or URI), stores the server's version
 * (150004 for 15.4) and disconnects: 0, or -1 with TR_IO, also in a build without libpq.
 * The message quotes libpq's reason, never conninfo, which may hold a password. */
int tr_store_pg_probe(const char *conninfo, int *server_version, tr_error *err);

#endif
