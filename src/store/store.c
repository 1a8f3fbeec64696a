/* Opening the registry: path resolution, folder creation, pragmas, version check and
 * migrations; transactions and the prepared-statement cache. */
#include "twinreg/core/id.h"
#include "twinreg/store/engine.h" /* tr_store_engine_of */
#include "twinreg/core/number.h"
#include "twinreg/core/folders.h"
#include "twinreg/store/store.h"

#include "store/engine_sqlite.h"
#include "store/check_pg.h"
#include "store/id_counter.h"
#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"
#include "store/pg_defer.h"
#endif
#include "store/migrations.h"
#include "store/pg_open.h"
#include "store/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STMT_CACHE_SIZE 96
#define BUSY_TIMEOUT_MS 5000
#define BUSY_TIMEOUT_MAX_MS 3600000 /* an hour */

struct tr_store {
    sqlite3 *db;
    const st_engine *engine;
    struct st_pg *pg; /* a server's connection (engine_pg.c), when db is NULL */
    int schema_version;
    struct {
        const char *sql;
        st_stmt *stmt;
        int range_table; /* the range table it writes, or ST_NO_RANGE_TABLE */
        /* ST_PREPARE_INSERT or 0: part of the key, since a backend may prepare the same
         * text otherwise for an insert (and the linker may merge equal literals). */
        int flags;
    } cache[STMT_CACHE_SIZE];
    int cached;
    /* The history's session while a command records one (history.c keeps it current). */
    sqlite3_session *session;
    /* Per range table (cities, agreements): the sequence when new rows began to be
     * recorded by id range, or -1 while they are recorded row by row. */
    int64_t range_floor[TR_RANGE_TABLES];
    struct st_id_counters ids; /* of the write transaction (id_counter.h) */
    /* SQLite's foreign-key checks are off for this write transaction and every reference
     * is checked once at its commit (tr_store_check_references_at_commit). */
    int references_at_commit;
    /* What opening it created, for tr_store_close_discarding_new: the file ("" when it
     * was there), and the first folder made for it ("" when none). */
    char created_file[4096];
    char created_dir[4096];
};

void tr_store_configure_sqlite(void)
{
    static int configured;
    if (configured)
        return;
    configured = 1;
    /* A savepoint or a statement inside a transaction first copies each page it changes
     * to a statement journal, a temporary file once past 64 KiB, and then for the rest of
     * the transaction: a merge of 100k agreements into 1M wrote 3 GB there (1.55M pwrite
     * calls, two thirds of its time). Kept in memory, in 1 KiB blocks: a threshold is also
     * the block size, and a 16 MiB block (2.9 s against 3.2 s for that merge) was mapped
     * and unmapped at every record under AddressSanitizer (a 30k-agreement import: 93 s,
     * 78 of them in the kernel). Its size is that of the pages one statement or savepoint
     * changes. */
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1); /* SQLITE_MISUSE once started */
}

int tr_store_latest_version(void)
{
    return tr_migration_count ? tr_migrations[tr_migration_count - 1].version : 0;
}

int tr_store_default_path(const char *explicit_path, char *buf, size_t cap, tr_error *err)
{
    const char *env = getenv("TWINREG_DB");
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (explicit_path && *explicit_path)
        n = snprintf(buf, cap, "%s", explicit_path);
    else if (env && *env)
        n = snprintf(buf, cap, "%s", env);
    else if (xdg && *xdg == '/') /* relative: invalid, to be ignored (XDG spec) */
        n = snprintf(buf, cap, "%s/twinreg/registry.db", xdg);
    else if (home && *home)
        n = snprintf(buf, cap, "%s/.local/share/twinreg/registry.db", home);
    else
        return tr_error_set(err, TR_IO, "cannot locate the database: set --db, TWINREG_DB or HOME");
    if (n < 0 || (size_t)n >= cap)
        return tr_error_set(err, TR_IO, "cannot open database: path too long");
    return 0;
}

int tr_store_busy_timeout(tr_error *err)
{
    const char *text = getenv("TWINREG_BUSY_TIMEOUT_MS");
    if (!text)
        return BUSY_TIMEOUT_MS;
    /* Junk must never mean "do not wait", nor a typo days: atoi took "5s" as 5, "abc" as 0. */
    long long ms;
    if (tr_parse_whole(text, 0, BUSY_TIMEOUT_MAX_MS, &ms) != 0)
        return tr_error_set(
            err, TR_USAGE,
            "invalid TWINREG_BUSY_TIMEOUT_MS '%.40s': expected milliseconds, 0 to %d", text,
            BUSY_TIMEOUT_MAX_MS);
    return (int)ms;
}

static tr_status status_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
        return TR_REJECTED;
    default:
        return TR_IO;
    }
}

int tr_store_fail(tr_store *store, const char *what, tr_error *err)
{
    return tr_store_fail_code(store, sqlite3_extended_errcode(store->db), what, err);
}

int tr_store_fail_code(tr_store *store, int rc, const char *what, tr_error *err)
{
    /* Some calls (sqlite3changeset_apply) return a failure and leave the connection's own
     * error at "not an error": their code is then told in SQLite's words for it. */
    const char *message =
        sqlite3_extended_errcode(store->db) == rc ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        return tr_error_set(err, TR_IO,
                            "%s: the database is busy (another process holds it past the timeout)",
                            what);
    if ((rc & 0xff) == SQLITE_READONLY)
        return tr_error_set(err, TR_IO,
                            "%s: the database file (or its folder) cannot be written: %s", what,
                            message);
    /* A failed read or write says why in the system's words ("No space left on device",
     * "File too large"). */
    int sys = sqlite3_system_errno(store->db);
    if (((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
         (rc & 0xff) == SQLITE_CANTOPEN) &&
        sys)
        return tr_error_set(err, TR_IO, "%s: %s (%s)", what, message, strerror(sys));
    return tr_error_set(err, status_of(rc), "%s: %s", what, message);
}

static int exec(tr_store *store, const char *sql, const char *what, tr_error *err)
{
    if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return tr_store_fail(store, what, err);
    return 0;
}

static int read_user_version(tr_store *store, int *version, const char *what, tr_error *err)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(store->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        sqlite3_finalize(stmt);
        return tr_store_fail(store, what, err);
    }
    *version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    return 0;
}

static int migrate(tr_store *store, tr_error *err)
{
    if (store->schema_version == tr_store_latest_version())
        return 0;
    if (tr_store_begin(store, err) != 0)
        return -1;
    /* Read again under the write lock: another process may have migrated meanwhile. */
    if (read_user_version(store, &store->schema_version, "cannot read the database", err) != 0)
        goto fail;
    for (int i = 0; i < tr_migration_count; i++) {
        const struct tr_migration *m = &tr_migrations[i];
        if (m->version <= store->schema_version)
            continue;
        char what[128];
        snprintf(what, sizeof what, "cannot apply migration %04d_%s", m->version, m->name);
        if (exec(store, m->sql, what, err) != 0 || st_migration_step(store, m->name, err) != 0)
            goto fail;
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
        if (exec(store, pragma, what, err) != 0)
            goto fail;
        store->schema_version = m->version;
    }
    return tr_store_commit(store, err);
fail:
    tr_store_rollback(store);
    return -1;
}

/* A registry that a reading command names must already be there: opening it must not
 * create the file (SQLite would) nor its folders. */
static int must_exist(const char *path, tr_error *err)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return 0;
    if (errno == ENOENT || errno == ENOTDIR)
        return tr_error_set(
            err, TR_IO,
            "cannot open database '%s': it does not exist (a command that only reads "
            "never creates one; 'twinreg init' does)",
            path);
    return tr_error_set(err, TR_IO, "cannot open database '%s': %s", path, strerror(errno));
}

static int open_store(tr_store **out, const char *path, int create, tr_error *err)
{
    *out = NULL;
    if (tr_store_engine_of(path) == TR_ENGINE_POSTGRESQL) /* `init` makes its schema */
        return st_pg_open_registry(out, path, err);
    tr_store *store = calloc(1, sizeof *store);
    if (!store)
        return tr_error_set(err, TR_IO, "out of memory");
    struct stat st;
    if (create && stat(path, &st) != 0)
        snprintf(store->created_file, sizeof store->created_file, "%s", path);
    if (create ? tr_make_parent_dirs(path, store->created_dir, sizeof store->created_dir, err) != 0
               : must_exist(path, err) != 0) {
        tr_store_close_discarding_new(store);
        return -1;
    }
    store->engine = &st_sqlite_engine;
    for (int t = 0; t < TR_RANGE_TABLES; t++)
        store->range_floor[t] = -1;
    /* SQLite's memory statistics take a global mutex at every allocation; twinreg reads
     * none of them. Possible only before SQLite initializes (the first open): later calls
     * fail harmlessly. */
    static int configured;
    if (!configured) {
        configured = 1;
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    }
    tr_store_configure_sqlite();
    /* NOMUTEX: one thread at a time uses a connection (an import's reading thread never
     * touches SQLite), so the per-call lock of the serialized mode buys nothing. */
    int rc = sqlite3_open_v2(
        path, &store->db,
        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        tr_error_set(err, TR_IO, "cannot open database '%s': %s", path,
                     store->db ? sqlite3_errmsg(store->db) : sqlite3_errstr(rc));
        tr_store_close(store);
        return -1;
    }
    sqlite3_extended_result_codes(store->db, 1);
    /* How long to wait for another writer; TWINREG_BUSY_TIMEOUT_MS changes it (tests of a
     * lock held past the timeout need not wait 5 s). */
    int timeout = tr_store_busy_timeout(err);
    if (timeout < 0)
        goto fail;
    sqlite3_busy_timeout(store->db, timeout);
    /* The version is read before anything that could write (WAL switch, migrations), so a
     * database from a newer program is never altered. */
    if (read_user_version(store, &store->schema_version, "cannot read the database", err) != 0)
        goto fail;
    if (store->schema_version > tr_store_latest_version()) {
        tr_error_set(
            err, TR_IO,
            "cannot open database '%s': its schema version %d is newer than this program's (%d)",
            path, store->schema_version, tr_store_latest_version());
        goto fail;
    }
    if (exec(store, "PRAGMA journal_mode = WAL", "cannot open database", err) != 0 ||
        exec(store, "PRAGMA foreign_keys = ON", "cannot open database", err) != 0 ||
        migrate(store, err) != 0)
        goto fail;
    *out = store;
    return 0;
fail:
    tr_store_close_discarding_new(store);
    return -1;
}

int tr_store_open(tr_store **out, const char *path, tr_error *err)
{
    return open_store(out, path, 1, err);
}

int tr_store_open_existing(tr_store **out, const char *path, tr_error *err)
{
    return open_store(out, path, 0, err);
}

int st_open_reader_db(sqlite3 **db, const char *path, tr_error *err)
{
    *db = NULL;
    if (must_exist(path, err) != 0)
        return -1;
    /* Read-write, not SQLITE_OPEN_READONLY: a read-only connection cannot checkpoint, so
     * the last one to close leaves the -wal and -shm files beside the registry. Opened
     * like every other reader, it removes them as they do; query_only keeps it to reading. */
    int rc = sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(*db, "PRAGMA query_only = ON", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        tr_error_set(err, TR_IO, "cannot open database '%s': %s", path,
                     *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc));
        sqlite3_close(*db);
        *db = NULL;
        return -1;
    }
    return 0;
}

int tr_store_open_reader(tr_store **out, const char *path, tr_error *err)
{
    *out = NULL;
    if (tr_store_engine_of(path) == TR_ENGINE_POSTGRESQL) /* `sql` makes it read only */
        return st_pg_open_registry(out, path, err);
    /* Before the connection opens: SQLite enforces a heap limit (`sql` --max-memory) only
     * with its memory statistics on; the call fails harmlessly once SQLite has started. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1);
    int timeout = tr_store_busy_timeout(err);
    sqlite3 *db = NULL;
    if (timeout < 0 || st_open_reader_db(&db, path, err) != 0)
        return -1;
    tr_store *store = calloc(1, sizeof *store);
    if (!store) {
        sqlite3_close(db);
        return tr_error_set(err, TR_IO, "cannot open database '%s': out of memory", path);
    }
    store->db = db;
    store->engine = &st_sqlite_engine;
    for (int t = 0; t < TR_RANGE_TABLES; t++)
        store->range_floor[t] = -1;
    sqlite3_busy_timeout(db, timeout);
    /* Not migrated, so its version is told as it is: the caller may refuse a newer one. */
    char what[64 + PATH_MAX];
    snprintf(what, sizeof what, "cannot open database '%s'", path);
    if (read_user_version(store, &store->schema_version, what, err) != 0) {
        tr_store_close(store);
        return -1;
    }
    *out = store;
    return 0;
}

const char *tr_store_engine_version(void) { return sqlite3_libversion(); }

const char *tr_store_path(tr_store *store)
{
    return store->db ? sqlite3_db_filename(store->db, "main") : NULL; /* a server: no file */
}

int tr_store_schema_problem(tr_store *store, char *problem, size_t cap)
{
    if (!store->db)
        return st_pg_schema_problem(store, problem, cap);
    /* What the migrations give, built afresh in memory, against what the file has. */
    static const char list[] =
        "SELECT type, name, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' "
        "ORDER BY type, name";
    sqlite3 *fresh = NULL;
    sqlite3_stmt *want = NULL, *have = NULL;
    int rc = sqlite3_open(":memory:", &fresh);
    for (int i = 0; rc == SQLITE_OK && i < tr_migration_count; i++)
        rc = sqlite3_exec(fresh, tr_migrations[i].sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(fresh, list, -1, &want, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(store->db, list, -1, &have, NULL);
    problem[0] = '\0';
    if (rc != SQLITE_OK)
        snprintf(problem, cap, "cannot compare: %s", sqlite3_errmsg(want ? store->db : fresh));
    while (rc == SQLITE_OK && !problem[0]) {
        int a = sqlite3_step(want), b = sqlite3_step(have);
        if (a != SQLITE_ROW && b != SQLITE_ROW)
            break;
        const char *wt = a == SQLITE_ROW ? (const char *)sqlite3_column_text(want, 1) : NULL;
        const char *ht = b == SQLITE_ROW ? (const char *)sqlite3_column_text(have, 1) : NULL;
        int order = !wt   ? 1
                    : !ht ? -1
                          : strcmp((const char *)sqlite3_column_text(want, 0),
                                   (const char *)sqlite3_column_text(have, 0));
        if (order == 0)
            order = strcmp(wt, ht);
        if (order < 0)
            snprintf(problem, cap, "%s %s is missing", sqlite3_column_text(want, 0), wt);
        else if (order > 0)
            snprintf(problem, cap, "%s %s should not be there", sqlite3_column_text(have, 0), ht);
        else if (strcmp((const char *)sqlite3_column_text(want, 2),
                        (const char *)sqlite3_column_text(have, 2)) != 0)
            snprintf(problem, cap, "%s %s differs from its definition",
                     sqlite3_column_text(have, 0), ht);
    }
    sqlite3_finalize(want);
    sqlite3_finalize(have);
    sqlite3_close(fresh);
    return problem[0] ? -1 : 0;
}

int st_bulk_cache(tr_store *store, tr_error *err)
{
    if (!store->db) /* a server's memory is its administrator's to set */
        return 0;
    return exec(store, "PRAGMA cache_size = -131072", "cannot set the cache size", err);
}

/* The indexes that no lookup of an import uses (they are only for the queries), and the
 * agreements' natural key, which the importer then keeps in memory: each is built once,
 * sorted, at the end. */
#define DEFERRABLE_INDEXES                                                                         \
    "('agreements_builds_on', 'agreement_parties_city', 'agreements_natural_key')"

const char *const tr_range_tables[TR_RANGE_TABLES] = {"cities", "agreements"};

int st_record_new_rows_by_range(tr_store *store, tr_error *err)
{
    /* A server's triggers record each row in the same statement that writes it (COPY's
     * too), and undo deletes exactly those rows by their images: no range to record. */
    if (!store->db)
        return 0;
    for (int t = 0; t < TR_RANGE_TABLES; t++) {
        if ((store->range_floor[t] = tr_store_sequence(store, tr_range_tables[t])) < 0)
            return tr_store_fail(store, "cannot prepare the import", err);
        /* At the top of the range, new rows take ids never used below it: row by row. */
        if (store->range_floor[t] >= TR_ID_MAX)
            store->range_floor[t] = -1;
    }
    return 0;
}

int64_t st_range_floor(tr_store *store, int table) { return store->range_floor[table]; }

void st_set_session(tr_store *store, sqlite3_session *session) { store->session = session; }

void st_end_ranges(tr_store *store)
{
    for (int t = 0; t < TR_RANGE_TABLES; t++)
        store->range_floor[t] = -1;
}

/* Stops the session seeing a write of row `id` of `table` when the history holds that row
 * by range: 1 when paused (the caller resumes it), 0 when not. */
static int pause_for_range(tr_store *store, int table, int64_t id)
{
    int64_t floor = store->range_floor[table];
    int paused = store->session && floor >= 0 && id > floor;
    if (paused)
        sqlite3session_enable(store->session, 0);
    return paused;
}

static void resume_after_range(tr_store *store, int paused)
{
    if (paused)
        sqlite3session_enable(store->session, 1);
}

int st_range_step(tr_store *store, st_range_write w, int64_t id, const char *what, tr_error *err)
{
    int paused = pause_for_range(store, w.table, id);
    int rc = st_step_done(store, w.stmt, what, err);
    resume_after_range(store, paused);
    return rc;
}

int st_range_step_insert(tr_store *store, st_range_write w, int64_t *id, const char *what,
                         tr_error *err)
{
    int paused = pause_for_range(store, w.table, ST_NEW_ROW);
    int rc = st_step_insert(store, w.stmt, id, what, err);
    resume_after_range(store, paused);
    return rc;
}

int st_defer_indexes(tr_store *store, char **restore, tr_error *err)
{
    *restore = NULL;
    if (!store->db) {
#ifdef TWINREG_POSTGRESQL
        return st_pg_defer_indexes(store, restore, err);
#else
        return 0; /* no server without libpq */
#endif
    }
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(
            store->db,
            "SELECT (SELECT count(*) FROM (SELECT 1 FROM agreements LIMIT 1)), "
            "  group_concat(sql, ';'), group_concat('DROP INDEX ' || name, ';') "
            "FROM sqlite_schema WHERE type = 'index' AND name IN " DEFERRABLE_INDEXES,
            -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot prepare the import", err);
    int rc = sqlite3_step(stmt);
    int empty = rc == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 0 &&
                sqlite3_column_type(stmt, 1) != SQLITE_NULL;
    char *create = empty ? strdup((const char *)sqlite3_column_text(stmt, 1)) : NULL;
    char *drop = empty ? strdup((const char *)sqlite3_column_text(stmt, 2)) : NULL;
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW || (empty && (!create || !drop))) {
        free(create), free(drop);
        return rc != SQLITE_ROW ? tr_store_fail(store, "cannot prepare the import", err)
                                : tr_error_set(err, TR_IO, "out of memory");
    }
    int status = drop ? exec(store, drop, "cannot prepare the import", err) : 0;
    free(drop);
    /* With no index to update at random, rows go in appended and each page is written
     * once: a 16 MB cache does as well as 128 MB (1M agreements: 17.7 s either way, and
     * 127 MB of memory instead of 222). */
    if (status == 0 && create)
        status = exec(store, "PRAGMA cache_size = -16384", "cannot set the cache size", err);
    if (status == 0)
        *restore = create;
    else
        free(create);
    return status;
}

void tr_store_sort_on_every_core(tr_store *store)
{
    if (!store->db) /* SQLite's tuning: a server sorts as it is configured to */
        return;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    sqlite3_limit(store->db, SQLITE_LIMIT_WORKER_THREADS,
                  cores > 4   ? 4
                  : cores > 1 ? (int)cores
                              : 0);
}

void tr_store_map_for_reading(tr_store *store)
{
    /* A build without memory mapping ignores it: reads go through the cache. */
    if (store->db)
        sqlite3_exec(store->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
}

int st_restore_indexes(tr_store *store, char *restore, tr_error *err)
{
    if (restore && *restore) /* each index is a sort of its whole table */
        tr_store_sort_on_every_core(store);
    int rc = 0;
    if (restore && *restore && !store->db) {
#ifdef TWINREG_POSTGRESQL
        rc = st_pg_restore_indexes(store, restore, err);
#endif
    } else if (restore && *restore) {
        rc = exec(store, restore, "cannot build the indexes", err);
    }
    free(restore);
    return rc;
}

void tr_store_close(tr_store *store)
{
    if (!store)
        return;
    for (int i = 0; i < store->cached; i++)
        st_finalize(store->cache[i].stmt);
    sqlite3_close(store->db);
#ifdef TWINREG_POSTGRESQL
    st_pg_free(store->pg);
#endif
    free(store);
}

tr_store *st_store_new(const st_engine *engine, struct st_pg *pg)
{
    tr_store *store = calloc(1, sizeof *store);
    if (!store)
        return NULL;
    store->engine = engine;
    store->pg = pg;
    for (int t = 0; t < TR_RANGE_TABLES; t++)
        store->range_floor[t] = -1;
    return store;
}

struct st_pg *st_store_pg(tr_store *store) { return store->pg; }

void st_store_set_version(tr_store *store, int version) { store->schema_version = version; }

/* 1 when nobody has written to the registry yet: no row was ever inserted (the id
 * counters are empty) and no change recorded. Another process that opened the file this
 * one created, and saved a change, makes it 0. */
static int never_written(tr_store *store)
{
    sqlite3_stmt *stmt = NULL;
    /* sqlite_sequence exists once a table with AUTOINCREMENT does (the first migration). */
    int rc = sqlite3_prepare_v2(store->db, "SELECT NOT EXISTS (SELECT 1 FROM sqlite_sequence)", -1,
                                &stmt, NULL);
    int empty = rc != SQLITE_OK
                    ? sqlite3_table_column_metadata(store->db, "main", "sqlite_sequence", NULL,
                                                    NULL, NULL, NULL, NULL, NULL) != SQLITE_OK
                    : sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) == 1;
    sqlite3_finalize(stmt);
    return empty;
}

void tr_store_close_discarding_new(tr_store *store)
{
    if (!store)
        return;
    char file[sizeof store->created_file], dir[sizeof store->created_dir];
    snprintf(file, sizeof file, "%s", store->created_file);
    snprintf(dir, sizeof dir, "%s", store->created_dir);
    int discard = file[0] && (!store->db || never_written(store));
    tr_store_close(store);
    if (!discard)
        return;
    static const char *const parts[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char part[sizeof file + 16];
        snprintf(part, sizeof part, "%s%s", file, parts[i]);
        unlink(part);
    }
    /* The folders made for it, deepest first; rmdir leaves one that is not empty. */
    size_t top = strlen(dir);
    for (char *slash; top && (slash = strrchr(file, '/')) && (size_t)(slash - file) >= top;) {
        *slash = '\0';
        if (rmdir(file) != 0)
            break;
    }
}

sqlite3 *st_db(tr_store *store) { return store->db; }
int tr_store_schema_version(tr_store *store) { return store->schema_version; }

int tr_store_expected_version(tr_store *store)
{
#ifdef TWINREG_POSTGRESQL
    if (!store->db)
        return st_pg_latest_version();
#endif
    return tr_store_latest_version();
}

/* After the transaction (or a BEGIN that failed): SQLite checks each row again. Kept
 * asked for while a transaction is still open (a failed ROLLBACK), where the pragma is a
 * no-op: the commit then still checks every reference. */
static void references_checked_by_row(tr_store *store)
{
    if (store->references_at_commit && sqlite3_get_autocommit(store->db) &&
        sqlite3_exec(store->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) == SQLITE_OK)
        store->references_at_commit = 0;
}

int tr_store_begin(tr_store *store, tr_error *err)
{
    if (store->engine->begin(store, err) != 0) {
        references_checked_by_row(store);
        return -1;
    }
    if (st_ids_begin(store, err) != 0) {
        tr_store_rollback(store);
        return -1;
    }
    return 0;
}

struct st_id_counters *st_id_counters(tr_store *store) { return &store->ids; }

/* Ids stay within 1..TR_ID_MAX (twinreg/id.h). Once a file's id at the top of the range is
 * kept, the registry numbers new rows itself (id_counter.h); a writer that left it to
 * SQLite all the same would get an id past the range. This net refuses such an insert
 * once for every writer, at the commit: -1 with TR_REJECTED, or 0. */
static int check_id_counters(tr_store *store, tr_error *err)
{
    /* sqlite_sequence is SQLite's own; on a server, each identity's MAXVALUE is the top of
     * the range (migrations/postgresql/0003_id_gaps.sql). */
    if (!store->db)
        return 0;
    sqlite3_stmt *stmt =
        tr_store_stmt(store, "SELECT name FROM sqlite_sequence WHERE seq > ?1 LIMIT 1", err);
    if (!stmt)
        return -1;
    sqlite3_bind_int64(stmt, 1, TR_ID_MAX);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        tr_error_set(err, TR_REJECTED,
                     "cannot save the change: no id is left for new rows of %s (ids go up to %lld "
                     "and are never reused)",
                     (const char *)sqlite3_column_text(stmt, 0), TR_ID_MAX);
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW    ? -1
           : rc == SQLITE_DONE ? 0
                               : tr_store_fail(store, "cannot commit", err);
}

int tr_store_check_references_at_commit(tr_store *store, tr_error *err)
{
    if (!store->db || store->references_at_commit) /* a server checks each row, as set up */
        return 0;
    int agreements = st_exists_id(store, "SELECT 1 FROM agreements WHERE id > ?1", 0, err);
    if (agreements != 0)
        return agreements < 0 ? -1 : 0;
    /* A no-op inside a transaction: the caller has none open (tr_store_begin comes next). */
    if (exec(store, "PRAGMA foreign_keys = OFF", "cannot prepare the load", err) != 0)
        return -1;
    store->references_at_commit = 1;
    return 0;
}

/* Every reference of the registry, once, at the commit of a transaction that ran without
 * SQLite's row-by-row checks (st_broken_references, the count `check` gives): -1 with
 * TR_IO when one is broken (a defect of twinreg, whose writers check what they refer to),
 * or 0. */
static int check_references_now(tr_store *store, tr_error *err)
{
    if (!store->references_at_commit)
        return 0;
    char table[64];
    long long broken = st_broken_references(store, table, sizeof table, err);
    if (broken > 0)
        tr_error_set(err, TR_IO,
                     "internal error: the change would leave a broken reference in %s; "
                     "nothing was changed",
                     table);
    return broken == 0 ? 0 : -1;
}

int tr_store_commit(tr_store *store, tr_error *err)
{
    if (st_ids_record_gaps(store, err) != 0 || check_id_counters(store, err) != 0 ||
        check_references_now(store, err) != 0 || store->engine->commit(store, err) != 0) {
        tr_store_rollback(store);
        return -1;
    }
    references_checked_by_row(store);
    return 0;
}

void tr_store_rollback(tr_store *store)
{
    store->engine->rollback(store);
    references_checked_by_row(store);
}

int tr_store_begin_read(tr_store *store, const char *what, tr_error *err)
{
    return store->engine->begin_read(store, what, err);
}

int tr_store_retryable(tr_store *store) { return store->engine->retryable(store); }

/* Compiles `sql` with `flags` (ST_PREPARE_*) and tells which range table it writes. */
static st_stmt *prepare_classified(tr_store *store, const char *sql, int flags, int *range_table,
                                   tr_error *err)
{
    *range_table = st_range_table_written(sql);
    return store->engine->prepare(store, sql, flags, err);
}

/* The cached statement for `sql` (a string literal: keyed by its address), reset, and the
 * range table it writes; `flags` (ST_PREPARE_INSERT or 0) count when it is first prepared. */
static st_stmt *cached_stmt(tr_store *store, const char *sql, int flags, int *range_table,
                            tr_error *err)
{
    *range_table = ST_NO_RANGE_TABLE;
    for (int i = 0; i < store->cached; i++) {
        if (store->cache[i].sql == sql && store->cache[i].flags == flags) {
            st_stmt *stmt = store->cache[i].stmt;
            stmt->m->reset(stmt);
            stmt->m->clear_bindings(stmt);
            *range_table = store->cache[i].range_table;
            return stmt;
        }
    }
    if (store->cached == STMT_CACHE_SIZE) { /* never expected: raise STMT_CACHE_SIZE */
        tr_error_set(err, TR_IO, "internal error: statement cache full");
        return NULL;
    }
    st_stmt *stmt = prepare_classified(store, sql, ST_PREPARE_KEPT | flags, range_table, err);
    if (!stmt)
        return NULL;
    store->cache[store->cached].sql = sql;
    store->cache[store->cached].stmt = stmt;
    store->cache[store->cached].range_table = *range_table;
    store->cache[store->cached].flags = flags;
    store->cached++;
    return stmt;
}

static st_stmt *unranged_stmt(tr_store *store, const char *sql, int flags, tr_error *err)
{
    int range_table;
    st_stmt *stmt = cached_stmt(store, sql, flags, &range_table, err);
    if (stmt && range_table != ST_NO_RANGE_TABLE) { /* it would be stepped without st_range_step */
        tr_error_set(err, TR_IO,
                     "internal error: a write of cities or agreements needs "
                     "st_range_stmt: %.80s",
                     sql);
        return NULL;
    }
    return stmt;
}

st_stmt *st_stmt_get(tr_store *store, const char *sql, tr_error *err)
{
    return unranged_stmt(store, sql, 0, err);
}

st_stmt *st_insert_stmt(tr_store *store, const char *sql, tr_error *err)
{
    return unranged_stmt(store, sql, ST_PREPARE_INSERT, err);
}

st_stmt *st_insert_id_stmt(tr_store *store, const char *table, const char *with_id,
                           const char *next_id, int64_t want_id, tr_error *err)
{
    int64_t id;
    if (st_id_for_new_row(store, table, want_id, &id, err) != 0)
        return NULL;
    st_stmt *stmt = st_insert_stmt(store, id ? with_id : next_id, err);
    if (stmt && id)
        st_bind_int64(stmt, st_param_count(stmt), id);
    return stmt;
}

st_stmt *st_prepare_once(tr_store *store, const char *sql, tr_error *err)
{
    return store->engine->prepare(store, sql, ST_PREPARE_ONCE, err);
}

st_stmt *st_prepare_stream(tr_store *store, const char *sql, tr_error *err)
{
    return store->engine->prepare(store, sql, ST_PREPARE_STREAM, err);
}

int st_fail(tr_store *store, const char *what, tr_error *err)
{
    return store->engine->fail(store, what, err);
}

int st_unique_violation(tr_store *store) { return store->engine->unique_violation(store); }

const st_engine *st_engine_of(tr_store *store) { return store->engine; }

sqlite3_stmt *tr_store_stmt(tr_store *store, const char *sql, tr_error *err)
{
    return st_sqlite_raw(st_stmt_get(store, sql, err));
}

/* A statement that writes one range table, or an error (none, or two). */
static st_range_write range_write(st_stmt *stmt, int range_table, const char *sql, tr_error *err)
{
    if (stmt && range_table == ST_NO_RANGE_TABLE) {
        tr_error_set(err, TR_IO,
                     "internal error: st_range_stmt for a statement writing no range "
                     "table: %.80s",
                     sql);
        stmt = NULL; /* a cached one stays in the cache; a prepared one is the caller's to drop */
    }
    return (st_range_write){stmt, range_table};
}

st_range_write st_range_stmt(tr_store *store, const char *sql, tr_error *err)
{
    int range_table;
    st_stmt *stmt = cached_stmt(store, sql, 0, &range_table, err);
    return range_write(stmt, range_table, sql, err);
}

st_range_write st_range_insert_stmt(tr_store *store, const char *sql, tr_error *err)
{
    int range_table;
    st_stmt *stmt = cached_stmt(store, sql, ST_PREPARE_INSERT, &range_table, err);
    return range_write(stmt, range_table, sql, err);
}

st_range_write st_range_prepare(tr_store *store, const char *sql, tr_error *err)
{
    int range_table;
    st_stmt *stmt = prepare_classified(store, sql, ST_PREPARE_KEPT, &range_table, err);
    st_range_write w = range_write(stmt, range_table, sql, err);
    if (!w.stmt)
        st_finalize(stmt);
    return w;
}

void tr_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, index);
}

int64_t tr_store_sequence(tr_store *store, const char *table)
{
    tr_error ignored;
    tr_error_init(&ignored);
    return store->engine->sequence_of(store, table, &ignored);
}
