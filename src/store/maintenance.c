/* `check`, `backup` and `restore` on the store: the engine's own integrity checks, and a copy of
 * the whole file in one consistent state. */
#include "store/check_pg.h"
#include "store/pg_backup.h"
#include "store/store_internal.h"

#include <stdio.h>
#include <string.h>

int tr_store_check_integrity(tr_store *store, char *problem, size_t cap)
{
    if (!st_db(store))
        return st_pg_check_integrity(store, problem, cap);
    sqlite3 *db = st_db(store);
    /* integrity_check reads every page and index; it reports one problem per row, each
     * of which may span lines: the first, on one line, and how many there are. */
    sqlite3_stmt *stmt;
    long problems = 0;
    problem[0] = '\0';
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK) {
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const char *row = (const char *)sqlite3_column_text(stmt, 0);
            if (row && strcmp(row, "ok") == 0)
                break;
            if (problems++ == 0)
                snprintf(problem, cap, "%s", row ? row : "?");
        }
        if (rc != SQLITE_ROW && rc != SQLITE_DONE && problems++ == 0)
            snprintf(problem, cap, "%s", sqlite3_errmsg(db));
        sqlite3_finalize(stmt);
    } else {
        problems = 1;
        snprintf(problem, cap, "%s", sqlite3_errmsg(db));
    }
    for (char *p = problem; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    if (problems > 1) {
        size_t len = strlen(problem), keep = cap > 112 ? cap - 112 : 0; /* room for the count */
        len = len > keep ? keep : len;
        snprintf(problem + len, cap - len, " (and %ld more)", problems - 1);
    }
    return problems ? 1 : 0;
}

/* What PRAGMA foreign_key_check lists, counted. The parties, most of a registry's
 * references, are read through their indexes in their order: the pragma reads them by
 * agreement and looks each city up at random (2.1 s at 1M agreements, against 0.4 s). */
static const char *const broken_references[] = {
    "SELECT 'agreement_parties', count(*) FROM agreement_parties p "
    "WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.id = p.city_id)",
    "SELECT 'agreement_parties', coalesce(sum(p.n), 0) "
    "FROM (SELECT agreement_id AS id, count(*) AS n "
    "FROM agreement_parties GROUP BY agreement_id) p "
    "WHERE NOT EXISTS (SELECT 1 FROM agreements a WHERE a.id = p.id)",
    "SELECT f.\"table\", count(*) FROM sqlite_schema m, pragma_foreign_key_check(m.name) f "
    "WHERE m.type = 'table' AND m.name <> 'agreement_parties' GROUP BY f.\"table\""};

long long st_broken_references(tr_store *store, char *table, size_t cap, tr_error *err)
{
    long long rows = 0;
    table[0] = '\0';
    for (size_t i = 0; i < sizeof broken_references / sizeof broken_references[0]; i++) {
        sqlite3_stmt *stmt = tr_store_stmt(store, broken_references[i], err);
        if (!stmt)
            return -1;
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            long long n = sqlite3_column_int64(stmt, 1);
            if (n > 0 && rows == 0)
                snprintf(table, cap, "%s", (const char *)sqlite3_column_text(stmt, 0));
            rows += n;
        }
        sqlite3_reset(stmt);
        if (rc != SQLITE_DONE)
            return tr_store_fail(store, "cannot check the references", err);
    }
    return rows;
}

int tr_store_check_references(tr_store *store, char *problem, size_t cap)
{
    if (!st_db(store))
        return st_pg_check_references(store, problem, cap);
    tr_error err;
    tr_error_init(&err);
    char table[64];
    long long broken = st_broken_references(store, table, sizeof table, &err);
    if (broken < 0)
        snprintf(problem, cap, "%s", err.message);
    else
        snprintf(problem, cap, "%lld row%s refer%s to missing records", broken,
                 broken == 1 ? "" : "s", broken == 1 ? "s" : "");
    tr_error_release(&err);
    return broken != 0;
}

int tr_store_backup_to(tr_store *store, const char *path, char *why, size_t cap)
{
    if (!st_db(store)) { /* a server's registry, copied from one snapshot */
        tr_error err;
        tr_error_init(&err);
        int rc = st_pg_backup_to(store, path, &err);
        snprintf(why, cap, "%s", err.message);
        tr_error_release(&err);
        return rc;
    }
    sqlite3 *copy = NULL;
    int rc = sqlite3_open_v2(path, &copy, SQLITE_OPEN_READWRITE, NULL);
    /* No journal: the caller's rename is what makes the copy whole, and a killed backup
     * leaves one file fewer. */
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(copy, "PRAGMA journal_mode = OFF", NULL, NULL, NULL);
    sqlite3_backup *backup =
        rc == SQLITE_OK ? sqlite3_backup_init(copy, "main", st_db(store), "main") : NULL;
    if (backup) {
        /* All pages in one step: one read transaction, so the copy is one consistent
         * state even while other processes write (WAL lets them go on). */
        rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        rc = rc == SQLITE_DONE ? sqlite3_errcode(copy) : rc;
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_errcode(copy);
    }
    snprintf(why, cap, "%s", copy ? sqlite3_errmsg(copy) : sqlite3_errstr(rc));
    if (sqlite3_close(copy) != SQLITE_OK && rc == SQLITE_OK)
        rc = SQLITE_IOERR;
    return rc == SQLITE_OK ? 0 : -1;
}

int tr_store_restore_from(tr_store *store, const char *path, char *why, size_t cap)
{
    if (!st_db(store)) {
        snprintf(why, cap, "a registry on a server is restored by its administrator");
        return -1;
    }
    sqlite3 *source = NULL;
    int rc = sqlite3_open_v2(path, &source, SQLITE_OPEN_READONLY, NULL);
    sqlite3_backup *copy =
        rc == SQLITE_OK ? sqlite3_backup_init(st_db(store), "main", source, "main") : NULL;
    if (copy) {
        rc = sqlite3_backup_step(copy, -1); /* all pages at once: one transaction */
        sqlite3_backup_finish(copy);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        snprintf(why, cap, "%s", rc == SQLITE_OK ? "" : sqlite3_errstr(rc));
    } else {
        snprintf(why, cap, "%s",
                 rc == SQLITE_OK ? sqlite3_errmsg(st_db(store)) : sqlite3_errstr(rc));
        rc = rc == SQLITE_OK ? SQLITE_ERROR : rc;
    }
    sqlite3_close(source);
    return rc == SQLITE_OK ? 0 : -1;
}
