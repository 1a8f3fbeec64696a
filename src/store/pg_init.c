/* `init` on a PostgreSQL server (twinreg/store/engine.h): the embedded migrations of
 * migrations/postgresql, applied in one transaction, and the version they reached. */
#include "twinreg/store/engine.h"

#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"
#include "store/migrations.h"
#include "store/util.h"

#include <stdio.h>

/* Serializes concurrent inits of one database: both would create the version table. */
#define INIT_LOCK_KEY 0x7477696e726567 /* "twinreg" */

int st_pg_latest_version(void)
{
    return tr_pg_migration_count ? tr_pg_migrations[tr_pg_migration_count - 1].version : 0;
}

int st_pg_has_schema(tr_store *store, int *has, tr_error *err)
{
    *has =
        (int)st_int64_of_text(store, "SELECT CASE WHEN to_regclass(?1) IS NULL THEN 0 ELSE 1 END",
                              "twinreg_schema_version", err);
    return *has < 0 ? -1 : 0;
}

int st_pg_read_version(tr_store *store, int *version, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT max(version) FROM twinreg_schema_version", err);
    if (!stmt)
        return -1;
    int rc = st_step(stmt);
    *version = rc == ST_ROW ? (int)st_column_int64(stmt, 0) : 0; /* NULL (no row): 0 */
    st_reset(stmt);
    return rc == ST_ROW ? 0 : st_fail(store, "cannot read the database", err);
}

static int write_version(tr_store *store, int version, tr_error *err)
{
    static const char *const what = "cannot record the schema version";
    st_stmt *clear = st_stmt_get(store, "DELETE FROM twinreg_schema_version", err);
    if (!clear || st_step_done(store, clear, what, err) != 0)
        return -1;
    st_stmt *insert =
        st_stmt_get(store, "INSERT INTO twinreg_schema_version (version) VALUES (?1)", err);
    if (!insert)
        return -1;
    st_bind_int64(insert, 1, version);
    return st_step_done(store, insert, what, err);
}

/* Inside the transaction: the version table, the check, the migrations it lacks. */
static int migrate(tr_store *store, int *version, tr_error *err)
{
    st_stmt *lock = st_stmt_get(store, "SELECT pg_advisory_xact_lock(?1)", err);
    if (!lock)
        return -1;
    st_bind_int64(lock, 1, INIT_LOCK_KEY);
    if (st_step(lock) != ST_ROW) {
        st_reset(lock);
        return st_fail(store, "cannot lock the database", err);
    }
    st_reset(lock);
    if (st_pg_exec(store,
                   "CREATE TABLE IF NOT EXISTS twinreg_schema_version (version integer NOT NULL)",
                   "cannot create the schema", err) != 0 ||
        st_pg_read_version(store, version, err) != 0)
        return -1;
    int latest = st_pg_latest_version();
    if (*version > latest) /* SQLite's words, with the database's name for its path */
        return tr_error_set(
            err, TR_IO,
            "cannot open database '%s': its schema version %d is newer than this program's (%d)",
            st_pg_database(store), *version, latest);
    int from = *version;
    for (int i = 0; i < tr_pg_migration_count; i++) {
        const struct tr_migration *m = &tr_pg_migrations[i];
        if (m->version <= from)
            continue;
        char what[128];
        snprintf(what, sizeof what, "cannot apply migration %04d_%s", m->version, m->name);
        if (st_pg_exec(store, m->sql, what, err) != 0 || st_migration_hook(store, m, err) != 0)
            return -1;
        *version = m->version;
    }
    return *version == from ? 0 : write_version(store, *version, err);
}

static int migrate_run(tr_store *store, void *version, tr_error *err)
{
    return migrate(store, version, err);
}

int tr_store_pg_init(const char *conninfo, int *schema_version, tr_error *err)
{
    return st_pg_run(conninfo, migrate_run, schema_version, err);
}
#else
int tr_store_pg_init(const char *conninfo, int *schema_version, tr_error *err)
{
    (void)conninfo;
    (void)schema_version;
    return tr_error_set(err, TR_IO,
                        "unable to connect to PostgreSQL: twinreg was built without it");
}
#endif
