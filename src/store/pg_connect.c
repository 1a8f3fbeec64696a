/* Connects to a PostgreSQL server and disconnects (pg_connect.h); without libpq
 * (-DTWINREG_POSTGRESQL=OFF) it says that this build has no PostgreSQL. */
#include "store/pg_connect.h"

#ifdef TWINREG_POSTGRESQL
#include "store/pg_lib.h"

#include <string.h>

int tr_store_pg_probe(const char *conninfo, int *server_version, tr_error *err)
{
    if (pg_lib_load(err) != 0)
        return -1;
    PGconn *conn = PQconnectdb(conninfo);
    if (conn == NULL)
        return tr_error_set(err, TR_IO, "unable to connect to PostgreSQL: out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        /* libpq's message may span lines ("connection to server ... failed: ..."). */
        const char *why = PQerrorMessage(conn);
        int len = (int)strcspn(why, "\n");
        tr_error_set(err, TR_IO, "unable to connect to PostgreSQL: %.*s", len, why);
        PQfinish(conn);
        return -1;
    }
    *server_version = PQserverVersion(conn);
    PQfinish(conn);
    return 0;
}
#else
int tr_store_pg_probe(const char *conninfo, int *server_version, tr_error *err)
{
    (void)conninfo;
    (void)server_version;
    return tr_error_set(err, TR_IO,
                        "unable to connect to PostgreSQL: twinreg was built without it");
}
#endif
