/* `backup FILE` on a shared registry: a SQLite registry file, so that any office can take
 * the registry home. The server's rows are read in one snapshot (a REPEATABLE READ, READ
 * ONLY transaction), through a cursor a batch at a time, so memory does not grow with the
 * registry; the file gets the current schema, the rows with their ids, and the id counters
 * (the highest id each table ever gave, and the ids never used), so that it goes on
 * numbering as the server would. The history is not copied: the server keeps row images,
 * SQLite changesets; the copy starts a history of its own. */
#include "store/pg_backup.h"

#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"
#include "store/id_counter.h"
#include "store/pg_tables.h"

#include <stdio.h>
#include <string.h>

#define BATCH_ROWS "5000"

static int run(tr_store *store, const char *sql, const char *what, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, sql, err);
    if (!stmt)
        return -1;
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW)
        ;
    st_finalize(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, what, err);
}

/* Binds column c of the server's row to parameter c + 1 of the copy's INSERT. */
static void bind_column(st_stmt *insert, st_stmt *row, int c)
{
    switch (st_column_type(row, c)) {
    case ST_NULL:
        st_bind_null(insert, c + 1);
        break;
    case ST_INTEGER:
        st_bind_int64(insert, c + 1, st_column_int64(row, c));
        break;
    case ST_REAL:
        st_bind_double(insert, c + 1, st_column_double(row, c));
        break;
    default:
        st_bind_text(insert, c + 1, st_column_text(row, c));
    }
}

/* The INSERT of the copy for the columns of `row` (a batch the server returned). */
static st_stmt *insert_for(tr_store *copy, const char *table, st_stmt *row, tr_error *err)
{
    char sql[4096];
    int n = st_column_count(row);
    size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s (", table);
    for (int c = 0; c < n && len < sizeof sql; c++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%s", c ? ", " : "",
                                st_column_name(row, c));
    for (int c = 0; c < n && len < sizeof sql; c++)
        len +=
            (size_t)snprintf(sql + len, sizeof sql - len, "%s?%d", c ? ", " : ") VALUES (", c + 1);
    if (len + 2 >= sizeof sql) {
        tr_error_set(err, TR_IO, "internal error: the columns of %s do not fit", table);
        return NULL;
    }
    memcpy(sql + len, ")", 2);
    return st_prepare_once(copy, sql, err);
}

/* Copies one table, a batch of rows at a time, through a cursor of the snapshot. */
static int copy_table(tr_store *server, tr_store *copy, const char *table, tr_error *err)
{
    char declare[160];
    snprintf(declare, sizeof declare,
             "DECLARE backup_rows NO SCROLL CURSOR FOR SELECT * FROM %s ORDER BY 1", table);
    if (run(server, declare, "cannot read the registry", err) != 0)
        return -1;
    st_stmt *insert = NULL;
    int status = 0, got;
    do {
        st_stmt *batch = st_prepare_once(server, "FETCH " BATCH_ROWS " FROM backup_rows", err);
        if (!batch)
            return -1;
        int rc;
        got = 0;
        while (status == 0 && (rc = st_step(batch)) == ST_ROW) {
            got++;
            if (!insert && !(insert = insert_for(copy, table, batch, err))) {
                status = -1;
                break;
            }
            for (int c = 0; c < st_column_count(batch); c++)
                bind_column(insert, batch, c);
            if (st_step(insert) != ST_DONE)
                status = st_fail(copy, "cannot write the copy", err);
            st_reset(insert);
        }
        if (status == 0 && rc != ST_DONE)
            status = st_fail(server, "cannot read the registry", err);
        st_finalize(batch);
    } while (status == 0 && got > 0);
    st_finalize(insert);
    return status == 0 ? run(server, "CLOSE backup_rows", "cannot read the registry", err) : -1;
}

/* Each id table's counter in the copy: the highest id the server ever gave, not only the
 * highest it holds, since ids are never given twice. */
static int copy_counters(tr_store *server, tr_store *copy, tr_error *err)
{
#define ID_NAME(up, name) #name,
    static const char *const id_tables[] = {ST_ID_TABLE_LIST(ID_NAME)};
#undef ID_NAME
    for (size_t i = 0; i < sizeof id_tables / sizeof id_tables[0]; i++) {
        int64_t highest = st_engine_of(server)->sequence_of(server, id_tables[i], err);
        if (highest < 0)
            return -1;
        st_stmt *stmt = st_prepare_once(
            copy,
            "INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2 WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = ?1)",
            err);
        st_stmt *raise = stmt ? st_prepare_once(copy,
                                                "UPDATE sqlite_sequence SET seq = max(seq, ?2) "
                                                "WHERE name = ?1",
                                                err)
                              : NULL;
        int rc = -1;
        if (stmt && raise) {
            st_bind_text(stmt, 1, id_tables[i]);
            st_bind_int64(stmt, 2, highest);
            st_bind_text(raise, 1, id_tables[i]);
            st_bind_int64(raise, 2, highest);
            rc = st_step(stmt) == ST_DONE && st_step(raise) == ST_DONE
                     ? 0
                     : st_fail(copy, "cannot write the copy", err);
        }
        st_finalize(stmt);
        st_finalize(raise);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int st_pg_backup_to(tr_store *server, const char *path, tr_error *err)
{
    tr_store *copy;
    if (tr_store_open(&copy, path, err) != 0)
        return -1;
    int rc = run(server, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                 "cannot read the registry", err);
    if (rc == 0)
        rc = tr_store_begin(copy, err);
    if (rc == 0)
        rc = run(copy, "PRAGMA defer_foreign_keys = ON", "cannot write the copy", err);
    /* Parents first, and foreign keys checked at the commit: an agreement may build on one
     * with a higher id. */
    for (size_t t = 0; rc == 0 && t < st_pg_registry_table_count; t++)
        rc = copy_table(server, copy, st_pg_registry_tables[t], err);
    if (rc == 0)
        rc = copy_counters(server, copy, err);
    if (rc == 0) /* the ids never used came with the rows: none to find at the commit */
        st_ids_as_copied(copy);
    if (rc == 0)
        rc = tr_store_commit(copy, err);
    else
        tr_store_rollback(copy);
    tr_error ignored; /* the snapshot only read */
    tr_error_init(&ignored);
    run(server, "ROLLBACK", "cannot read the registry", &ignored);
    tr_error_release(&ignored);
    tr_store_close(copy);
    return rc;
}
#else
/* A build without libpq has no store on a server: never called. */
int st_pg_backup_to(tr_store *server, const char *path, tr_error *err)
{
    (void)server, (void)path;
    return tr_error_set(err, TR_IO, "twinreg was built without PostgreSQL");
}
#endif
