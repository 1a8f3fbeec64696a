/* libpq, loaded the first time a command reaches a PostgreSQL server (dlopen), not linked
 * into the binary: linked, it and the libraries it needs (OpenSSL, Kerberos, LDAP: 22 in
 * all) are loaded at every start, 3.6 ms more for every command of a SQLite registry
 * (partners 2.7 -> 6.2 ms). The store's files include this header instead of libpq-fe.h:
 * each PQ function below is then reached through the table that pg_lib_load fills. */
#ifndef TWINREG_STORE_PG_LIB_H
#define TWINREG_STORE_PG_LIB_H

#include <libpq-fe.h>

#include "twinreg/core/error.h"

/* Every libpq function the store calls. */
/* clang-format off */
#define PG_LIB_FUNCTIONS(X)                                                                        \
    X(PQclear) X(PQcmdStatus) X(PQcmdTuples) X(PQconndefaults) X(PQconnectdb)                      \
    X(PQconnectdbParams) X(PQdb) X(PQdescribePrepared) X(PQerrorMessage) X(PQexec)                 \
    X(PQexecParams) X(PQexecPrepared) X(PQfinish) X(PQfname) X(PQfreemem) X(PQftype)               \
    X(PQgetResult) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQnfields) X(PQnparams)           \
    X(PQntuples) X(PQparamtype) X(PQprepare) X(PQputCopyData) X(PQputCopyEnd)                      \
    X(PQresultErrorField) X(PQresultStatus) X(PQsendQueryParams) X(PQsendQueryPrepared)            \
    X(PQserverVersion) X(PQsetNoticeProcessor) X(PQsetSingleRowMode) X(PQstatus)                   \
    X(PQtransactionStatus) X(PQunescapeBytea)
/* clang-format on */

struct pg_lib {
#define PG_LIB_MEMBER(name) __typeof__(&name) name;
    PG_LIB_FUNCTIONS(PG_LIB_MEMBER)
#undef PG_LIB_MEMBER
};
extern struct pg_lib pg_lib;

/* Loads libpq (libpq.so.5) once; -1 with TR_IO and the reason when it cannot be loaded
 * (libpq5 not installed). Every path that connects calls it first. */
int pg_lib_load(tr_error *err);

/* Calls go through the table (pg_lib.c defines PG_LIB_SELF to reach the real names). */
#ifndef PG_LIB_SELF
#define PQclear (pg_lib.PQclear)
#define PQcmdStatus (pg_lib.PQcmdStatus)
#define PQcmdTuples (pg_lib.PQcmdTuples)
#define PQconndefaults (pg_lib.PQconndefaults)
#define PQconnectdb (pg_lib.PQconnectdb)
#define PQconnectdbParams (pg_lib.PQconnectdbParams)
#define PQdb (pg_lib.PQdb)
#define PQdescribePrepared (pg_lib.PQdescribePrepared)
#define PQerrorMessage (pg_lib.PQerrorMessage)
#define PQexec (pg_lib.PQexec)
#define PQexecParams (pg_lib.PQexecParams)
#define PQexecPrepared (pg_lib.PQexecPrepared)
#define PQfinish (pg_lib.PQfinish)
#define PQfname (pg_lib.PQfname)
#define PQfreemem (pg_lib.PQfreemem)
#define PQftype (pg_lib.PQftype)
#define PQgetResult (pg_lib.PQgetResult)
#define PQgetisnull (pg_lib.PQgetisnull)
#define PQgetlength (pg_lib.PQgetlength)
#define PQgetvalue (pg_lib.PQgetvalue)
#define PQnfields (pg_lib.PQnfields)
#define PQnparams (pg_lib.PQnparams)
#define PQntuples (pg_lib.PQntuples)
#define PQparamtype (pg_lib.PQparamtype)
#define PQprepare (pg_lib.PQprepare)
#define PQputCopyData (pg_lib.PQputCopyData)
#define PQputCopyEnd (pg_lib.PQputCopyEnd)
#define PQresultErrorField (pg_lib.PQresultErrorField)
#define PQresultStatus (pg_lib.PQresultStatus)
#define PQsendQueryParams (pg_lib.PQsendQueryParams)
#define PQsendQueryPrepared (pg_lib.PQsendQueryPrepared)
#define PQserverVersion (pg_lib.PQserverVersion)
#define PQsetNoticeProcessor (pg_lib.PQsetNoticeProcessor)
#define PQsetSingleRowMode (pg_lib.PQsetSingleRowMode)
#define PQstatus (pg_lib.PQstatus)
#define PQtransactionStatus (pg_lib.PQtransactionStatus)
#define PQunescapeBytea (pg_lib.PQunescapeBytea)
#endif

#endif
