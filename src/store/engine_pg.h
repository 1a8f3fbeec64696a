/* The PostgreSQL backend of the statement API (engine.h) over libpq, and a store on a
 * server's connection. Private to the store; only with TWINREG_POSTGRESQL. */
#ifndef TWINREG_STORE_ENGINE_PG_H
#define TWINREG_STORE_ENGINE_PG_H

#include "store/engine.h"

#include "store/pg_lib.h"

/* A store's connection to a server and its last failure (for st_fail). */
typedef struct st_pg st_pg;

extern const st_engine st_pg_engine;

/* Connects to conninfo (a libpq connection string or URI) and opens a store on it, with
 * no schema work: 0, or -1 with TR_IO. Messages never quote conninfo (it may hold a
 * password). The store is closed with tr_store_close. */
int st_pg_store_open(tr_store **out, const char *conninfo, tr_error *err);
/* Before a rollback: reads what a COPY left running, and forgets its failure (remembered
 * still for tr_store_retryable). */
void st_pg_end_copy(tr_store *store);
/* The server connection of a store that st_pg_store_open opened. */
PGconn *st_pg_conn(tr_store *store);
/* 1 when the last failure was a serialization failure or a deadlock (SQLSTATE 40001,
 * 40P01): the transaction layer may run the transaction again. */
int st_pg_retryable(tr_store *store);
/* The last failure's SQLSTATE ("" when none came from the server) and message. */
const char *st_pg_sqlstate(tr_store *store);
const char *st_pg_message(tr_store *store);
/* 1 when the last failure had SQLSTATE `sqlstate` (five characters). */
int st_pg_failed_with(tr_store *store, const char *sqlstate);
/* Forgets the last failure: a transaction that begins has none, and one that then fails
 * for a reason of its own (a duplicate found by a query) must not look retryable. */
void st_pg_forget_failure(tr_store *store);
/* Runs `sql`, which may hold several statements and no parameters (a migration, BEGIN):
 * 0, or st_fail's -1 with `what` in front of the server's reason. */
int st_pg_exec(tr_store *store, const char *sql, const char *what, tr_error *err);
/* Connects to conninfo, runs fn in one transaction (committed when fn returns 0, else
 * rolled back) and closes the store: fn's status, or a connection's or commit's. */
int st_pg_run(const char *conninfo, int (*fn)(tr_store *, void *, tr_error *), void *data,
              tr_error *err);
/* The name of the database the store is connected to (never the connection string). */
const char *st_pg_database(tr_store *store);
/* The schema version this program's migrations/postgresql reach. */
int st_pg_latest_version(void);
/* *has: 1 when the database holds twinreg's version table (init ran), else 0. */
int st_pg_has_schema(tr_store *store, int *has, tr_error *err);
/* The version init recorded (0: none). */
int st_pg_read_version(tr_store *store, int *version, tr_error *err);
/* The engine's transactions (pg_open.c): st_engine's begin, begin_read, commit, rollback. */
int st_pg_begin(tr_store *store, tr_error *err);
int st_pg_begin_read(tr_store *store, const char *what, tr_error *err);
int st_pg_commit(tr_store *store, tr_error *err);
void st_pg_rollback(tr_store *store);
/* Closes the connection (tr_store_close calls it after finalizing the statements). */
void st_pg_free(st_pg *pg);

#endif
