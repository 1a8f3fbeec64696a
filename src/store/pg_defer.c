/* The deferred indexes of a bulk load on a server. A load into a registry with no agreement
 * matches natural keys in memory and loads new rows by COPY; reading the empty table makes
 * a concurrent load of agreements a serialization failure (retried), and the natural key's
 * unique constraint stays the last guard. An administrator (the tables' owner, or a member
 * of its role) also drops the indexes that serve only queries and the natural key's, and
 * builds each once at the end, sorted, then ANALYZEs the tables loaded, as pg_restore
 * users are told to: maintaining them row by row was a fifth of a load of 100k agreements,
 * and a query planned on an empty table's statistics ran a plan made for a few rows. An
 * office's member cannot drop them (that needs the owner); for everyone the DROP takes the
 * table's exclusive lock, so other writers and readers of the agreements wait for the
 * load's commit: the first load into an empty registry is the only time it happens. */
#ifdef TWINREG_POSTGRESQL
#include "store/pg_defer.h"

#include "store/engine_pg.h"
#include "store/util.h"

#include <stdlib.h>
#include <string.h>

/* What drops the deferrable indexes and what rebuilds them, as texts of statements. */
static const char *const plan_sql =
    "SELECT twinreg_is_admin(), "
    "  (SELECT string_agg(format('DROP INDEX %I', indexname), '; ') FROM pg_indexes "
    "   WHERE schemaname = current_schema() AND indexname IN "
    "     ('agreements_builds_on', 'agreement_parties_city')) "
    "  || (SELECT format('; ALTER TABLE agreements DROP CONSTRAINT %I', conname) "
    "      FROM pg_constraint WHERE conrelid = CAST('agreements' AS regclass) "
    "        AND conname = 'agreements_natural_key'), "
    "  (SELECT string_agg(indexdef, '; ') FROM pg_indexes "
    "   WHERE schemaname = current_schema() AND indexname IN "
    "     ('agreements_builds_on', 'agreement_parties_city')) "
    "  || (SELECT format('; ALTER TABLE agreements ADD CONSTRAINT %I %s', conname, "
    "                    pg_get_constraintdef(oid)) "
    "      FROM pg_constraint WHERE conrelid = CAST('agreements' AS regclass) "
    "        AND conname = 'agreements_natural_key') "
    "  || '; ANALYZE cities; ANALYZE agreements; ANALYZE agreement_parties'";

int st_pg_defer_indexes(tr_store *store, char **restore, tr_error *err)
{
    *restore = NULL;
    int any = st_exists_id(store, "SELECT 1 FROM agreements LIMIT 1", 0, err);
    if (any != 0)
        return any < 0 ? -1 : 0;
    st_stmt *stmt = st_stmt_get(store, plan_sql, err);
    if (!stmt)
        return -1;
    if (st_step(stmt) != ST_ROW) {
        st_reset(stmt);
        return st_fail(store, "cannot prepare the import", err);
    }
    /* NULL texts: an index is missing (nothing to drop: the load goes as for a member). */
    int admin = st_column_int64(stmt, 0) != 0;
    const char *drop = st_column_text(stmt, 1), *create = st_column_text(stmt, 2);
    char *drop_copy = admin && drop && create ? strdup(drop) : NULL;
    *restore = strdup(drop_copy ? create : "");
    st_reset(stmt);
    if (!*restore || (admin && drop && create && !drop_copy)) {
        free(drop_copy);
        free(*restore);
        *restore = NULL;
        return tr_error_set(err, TR_IO, "out of memory");
    }
    int rc = drop_copy ? st_pg_exec(store, drop_copy, "cannot prepare the import", err) : 0;
    free(drop_copy);
    if (rc != 0) {
        free(*restore);
        *restore = NULL;
    }
    return rc;
}

int st_pg_restore_indexes(tr_store *store, const char *restore, tr_error *err)
{
    return st_pg_exec(store, restore, "cannot build the indexes", err);
}
#endif
