/* The registry's store: opening (path, pragmas, migrations), transactions, checks and
 * copies. Opaque: no caller sees the engine (SQLite) behind it; what a caller reads it
 * asks for by name (twinreg/store/cursor.h). The statement cache and bind helpers the entity
 * modules share are private to src/store (store_internal.h). */
#ifndef TWINREG_STORE_H
#define TWINREG_STORE_H

#include <jansson.h>
#include <stdint.h>

#include "twinreg/core/error.h"

typedef struct tr_store tr_store;

/* An optional field of an add or update: changed only when set; a NULL value clears it. */
typedef struct {
    int set;
    const char *value;
} tr_opt_text;

/* A row of a listing, handed to the caller one at a time (the callee keeps no reference:
 * the row is freed after the call). Returns 0 to go on, -1 to stop with an error. */
typedef int (*tr_row_fn)(json_t *row, void *ctx);

/* Writes into buf the database path: explicit (if not NULL), else $TWINREG_DB, else
 * $XDG_DATA_HOME/twinreg/registry.db, else ~/.local/share/twinreg/registry.db. */
int tr_store_default_path(const char *explicit_path, char *buf, size_t cap, tr_error *err);

/* How long to wait for another writer, in ms: $TWINREG_BUSY_TIMEOUT_MS (digits only, 0 to
 * 3600000), else 5000; -1 with TR_USAGE when the variable is anything else. */
int tr_store_busy_timeout(tr_error *err);

/* Opens (creating the file and its folder) and applies pending migrations in one
 * transaction. A schema newer than the program is refused with TR_IO, untouched. */
int tr_store_open(tr_store **out, const char *path, tr_error *err);
/* The same for a registry that must already exist: a missing file is TR_IO, and nothing
 * (file or folder) is created. Reading commands open with it. */
int tr_store_open_existing(tr_store **out, const char *path, tr_error *err);
/* A store on an existing registry that can only read (PRAGMA query_only), and that
 * leaves no -wal or -shm file behind when it closes: for `sql` and the completion. Not
 * migrated; it waits for a writer as tr_store_busy_timeout says. Closed with
 * tr_store_close. */
int tr_store_open_reader(tr_store **out, const char *path, tr_error *err);
/* The full path of the open registry's file. */
const char *tr_store_path(tr_store *store);
void tr_store_close(tr_store *store);
/* Closes, and when opening created the registry (and folders for it) and no change was
 * saved to it since, removes them: a command that failed leaves no new empty registry. */
void tr_store_close_discarding_new(tr_store *store);
int tr_store_schema_version(tr_store *store);
int tr_store_latest_version(void);
/* SQLite's process-wide settings, which hold only when made before its first connection
 * (the core's name folder opens one too): a program calls it first; opening a registry
 * calls it as well. Later calls do nothing. */
void tr_store_configure_sqlite(void);
/* The version this program's migrations give the store's engine (PostgreSQL's are
 * numbered apart from SQLite's). */
int tr_store_expected_version(tr_store *store);
/* The engine's name and version, for --version ("SQLite 3.40.1"). */
const char *tr_store_engine_version(void);

/* Compares the database's tables, indexes and views with what the migrations create:
 * 0, or -1 with the first difference in `problem` ("index x is missing"). */
int tr_store_schema_problem(tr_store *store, char *problem, size_t cap);
/* Lets SQLite's sorter use a helper thread per core (up to four) for the large sorts of
 * this connection (an index build, the active query), which it does not unless asked.
 * 1M agreements: index builds 2.74 -> 2.39 s, active -11%, for 16-33 MB of sorter memory. */
void tr_store_sort_on_every_core(tr_store *store);
/* Reads the first 256 MB of the database through a memory map instead of read() calls
 * into SQLite's own 2 MB cache: for a query that reads the whole registry (active), whose
 * pages would otherwise be copied in again and again (a third of its time at 1M
 * agreements; with the map, 5.9 s -> 4.2 s). The mapped pages are the system's page cache
 * of the file, shared, counted in the process's resident size while in use. For reading
 * commands (SQLite writes with write() all the same). */
void tr_store_map_for_reading(tr_store *store);
/* A write transaction, its commit and its rollback (SQLite: BEGIN IMMEDIATE; PostgreSQL:
 * SERIALIZABLE). Every command that writes does all its work between one begin and one
 * commit, so a failure leaves the database as it was. */
int tr_store_begin(tr_store *store, tr_error *err);
int tr_store_commit(tr_store *store, tr_error *err);
void tr_store_rollback(tr_store *store);
/* Before the write transaction of a load, outside any transaction: when the registry has
 * no agreement (SQLite), SQLite's foreign-key checks are off for that transaction, and
 * tr_store_commit checks every reference once instead (failing, TR_IO, on a broken one);
 * the row-by-row checks come back with its end. They looked up each party's city and
 * agreement: 3 s of a 16 s load of 1M agreements, against 0.4 s for the check at the end.
 * Any other registry keeps them: the check at the end reads the whole registry. */
int tr_store_check_references_at_commit(tr_store *store, tr_error *err);
/* A read transaction: everything read until tr_store_rollback sees one snapshot of the
 * registry, however other processes write meanwhile (an export). */
int tr_store_begin_read(tr_store *store, const char *what, tr_error *err);
/* After a failed write transaction (rolled back): 1 when it failed only for a conflict with
 * another writer (a serialization failure, a deadlock), so that running the whole of it
 * again may succeed. Never on SQLite, which waits for the other writer instead. */
int tr_store_retryable(tr_store *store);

/* `check`: the file's integrity (every page and index) and its references. Each returns
 * 0 when sound, else 1 with the first problem in `problem`, on one line (and how many
 * more), or why the check could not run. */
int tr_store_check_integrity(tr_store *store, char *problem, size_t cap);
int tr_store_check_references(tr_store *store, char *problem, size_t cap);
/* Copies the registry, one consistent state, into the existing empty file `path` (a
 * temporary file the caller renames). -1 with the reason in `why`. */
int tr_store_backup_to(tr_store *store, const char *path, char *why, size_t cap);
/* `restore`: replaces the registry's contents with those of the SQLite registry file
 * `path`, page by page in one write transaction of the registry's own connection (other
 * writers wait; a failure leaves the registry as it was). A registry file only, not a
 * server. -1 with the reason in `why`. Close the store after: its schema may be older. */
int tr_store_restore_from(tr_store *store, const char *path, char *why, size_t cap);

/* Maps the store's last error to a status and message about `what`. */
int tr_store_fail(tr_store *store, const char *what, tr_error *err);

/* The AUTOINCREMENT high-water mark of `table` (0 when it never had a row), -1 on error. */
int64_t tr_store_sequence(tr_store *store, const char *table);
/* The id of a new row of `table` that the registry numbers itself, after `top` (the highest
 * id it has used so far): top + 1 while the range lasts, then one never used (a file's id
 * kept at the top of the range left no next id: src/store/id_counter.h). 0 with err set
 * (TR_REJECTED) when none is left. Tables: as tr_store_id_unused's. On a server, where
 * the id comes from the table's sequence, `ahead` > 1 takes that many (at most 64) in one
 * round trip for the next calls; the rest of a block no row takes is skipped for good, so
 * the next row added after the command is numbered after the block, not after the last
 * id used (SQLite's). 1 keeps the numbering the same on both engines. */
int64_t tr_store_new_id(tr_store *store, const char *table, int64_t top, int ahead, tr_error *err);
/* 1 when `id` is above `floor` (the table's sequence before an import began, so never
 * used before) and no row has it: an import may keep it. Tables: cities, organizations,
 * agreements, sources, programs. */
int tr_store_id_unused(tr_store *store, const char *table, int64_t id, int64_t floor);

#endif
