/* A registry on a PostgreSQL server: opening a store on one whose schema `init` made, and
 * the engine's transactions (the st_engine members begin .. rollback). */
#include "store/pg_open.h"

#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"

int st_pg_open_registry(tr_store **out, const char *conninfo, tr_error *err)
{
    tr_store *store;
    *out = NULL;
    if (st_pg_store_open(&store, conninfo, err) != 0)
        return -1;
    /* Only the database's name in messages: the connection string may hold a password. */
    const char *name = st_pg_database(store);
    int has_schema = 0, version = 0;
    if (st_pg_has_schema(store, &has_schema, err) != 0 ||
        (has_schema && st_pg_read_version(store, &version, err) != 0))
        goto fail;
    if (!has_schema || version == 0) {
        tr_error_set(err, TR_IO,
                     "cannot open database '%s': it holds no registry; create one with "
                     "'twinreg --db ... init'",
                     name);
        goto fail;
    }
    if (version > st_pg_latest_version()) {
        tr_error_set(
            err, TR_IO,
            "cannot open database '%s': its schema version %d is newer than this program's (%d)",
            name, version, st_pg_latest_version());
        goto fail;
    }
    /* An older schema is not migrated here: `init` does it, under its lock. */
    if (version < st_pg_latest_version()) {
        tr_error_set(err, TR_IO,
                     "cannot open database '%s': its schema version %d is older than this "
                     "program's (%d); upgrade it with 'twinreg --db ... init'",
                     name, version, st_pg_latest_version());
        goto fail;
    }
    st_store_set_version(store, version);
    *out = store;
    return 0;
fail:
    tr_store_close(store);
    return -1;
}

/* SERIALIZABLE, not PostgreSQL's default READ COMMITTED: a command reads, then writes on
 * what it read (a city resolved by its folded name, an agreement's natural key looked up
 * before the insert, the next position of a party, counts in the history), as it does on
 * SQLite, where BEGIN IMMEDIATE lets one writer at a time. Under READ COMMITTED two
 * writers could both see "not there" and both act on it; SERIALIZABLE makes the server
 * fail one of them instead (40001), and tr_store_retryable lets the caller run it again,
 * when it sees the other's work. The unique indexes stay as the last guard. */
int st_pg_begin(tr_store *store, tr_error *err)
{
    st_pg_forget_failure(store); /* the last run's 40001 says nothing of this one */
    return st_pg_exec(store, "BEGIN ISOLATION LEVEL SERIALIZABLE", "cannot start a transaction",
                      err);
}

/* One snapshot for the whole read (an export), and no write by mistake. */
int st_pg_begin_read(tr_store *store, const char *what, tr_error *err)
{
    return st_pg_exec(store, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", what, err);
}

int st_pg_commit(tr_store *store, tr_error *err)
{
    return st_pg_exec(store, "COMMIT", "cannot commit", err);
}

/* Keeps the failure that made the caller roll back: tr_store_retryable reads it after. */
void st_pg_rollback(tr_store *store)
{
    st_pg_end_copy(store);
    if (PQtransactionStatus(st_pg_conn(store)) != PQTRANS_IDLE)
        PQclear(PQexec(st_pg_conn(store), "ROLLBACK"));
}
#else
int st_pg_open_registry(tr_store **out, const char *conninfo, tr_error *err)
{
    (void)conninfo;
    *out = NULL;
    return tr_error_set(err, TR_IO,
                        "unable to connect to PostgreSQL: twinreg was built without it");
}
#endif
