/* The registry's id counters, over the engine's own (AUTOINCREMENT on SQLite): ids stay
 * within 1..TR_ID_MAX and are never given twice, not even after an undo. The engine's
 * counter is the highest id a table ever had; while it is below TR_ID_MAX the engine
 * numbers new rows after it. A file's id kept at the top of the range leaves the engine
 * no next id, so from then on the registry numbers new rows itself, from the ids that
 * were never used: those a kept id jumped over (recorded in `id_gaps` when the
 * transaction that jumped commits), or, within the transaction that kept it, those
 * above what the table held when it began. Private to the store. */
#ifndef TWINREG_STORE_ID_COUNTER_H
#define TWINREG_STORE_ID_COUNTER_H

#include "twinreg/store/store.h"

#include <stdint.h>

/* The tables whose ids the registry owns: a file may set them (an import keeps them), the
 * engine keeps a counter of each, `check` compares it with the table and `backup` copies
 * it. The one list: X(ENUM, table) for each, in this order; a table name cannot be bound,
 * so each user makes its literals of its own from the name. */
#define ST_ID_TABLE_LIST(X)                                                                        \
    X(CITIES, cities)                                                                              \
    X(ORGANIZATIONS, organizations)                                                                \
    X(AGREEMENTS, agreements)                                                                      \
    X(SOURCES, sources)                                                                            \
    X(PROGRAMS, programs)

#define ST_ID_ENUM(up, name) ST_ID_##up,
enum { ST_ID_TABLE_LIST(ST_ID_ENUM) ST_ID_TABLES };
#undef ST_ID_ENUM

/* What a write transaction knows of each such table (the store holds one). */
struct st_id_counters {
    int64_t at_begin[ST_ID_TABLES]; /* the engine's counter when it began; -1: unknown */
    int64_t probe[ST_ID_TABLES];    /* the next id to try above at_begin (0: at_begin + 1) */
    /* Where the engine's counter does not follow kept ids by itself (st_engine.keep_id):
     * the highest id kept that it was not told yet, and the last it gave (next_id). */
    int64_t kept[ST_ID_TABLES], given[ST_ID_TABLES];
    /* Where this transaction first moved that counter (-1: it did not), and the highest id
     * it kept: the ids in between that no row has were skipped (settle_kept). */
    int64_t jump_from[ST_ID_TABLES], jump_to[ST_ID_TABLES];
};

/* The store's. */
struct st_id_counters *st_id_counters(tr_store *store);
/* A write transaction began: reads every counter. 0, or -1 with err set. */
int st_ids_begin(tr_store *store, tr_error *err);
/* The transaction copies a registry whose ids never used come with it (a backup): its
 * commit records none. */
void st_ids_as_copied(tr_store *store);
/* Before its commit: records the ids it jumped over as never used. -1 with err set. */
int st_ids_record_gaps(tr_store *store, tr_error *err);
/* A row of `table` was given `id` by the writer, not by the engine: the engine's counter
 * moves past it before it next numbers a row of the table, and before the commit. */
void st_ids_kept(tr_store *store, const char *table, int64_t id);
/* The id to bind for a new row of `table`: `want_id` when it is not 0 (a file's), 0 while
 * the engine can number it, else one the registry never used. -1 with err set (TR_REJECTED
 * when no id is left). */
int st_id_for_new_row(tr_store *store, const char *table, int64_t want_id, int64_t *id,
                      tr_error *err);

#endif
