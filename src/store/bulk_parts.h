/* The parts of the bulk writer (bulk.c) that stay inside the store: the queue of new
 * agreements, the deferred indexes and the history's id ranges. */
#ifndef TWINREG_STORE_BULK_PARTS_H
#define TWINREG_STORE_BULK_PARTS_H

#include "twinreg/store/agreement.h"
#include "twinreg/store/city.h"
#include "twinreg/core/natural_key.h"

/* The tables whose new rows a bulk load records in the history by id range. */
enum { TR_RANGE_CITIES, TR_RANGE_AGREEMENTS, TR_RANGE_TABLES };
extern const char *const tr_range_tables[TR_RANGE_TABLES];
/* For the rest of the command: the cities and agreements it inserts, with their parties,
 * are recorded in the history as "every row above the table's sequence", not row by row.
 * Recording each inserted row again in the changeset was 40% of a bulk import; an undo
 * deletes the range instead (after reverting the changes recorded row by row), and the
 * history still lists and counts every row. Writers honour it through st_range_step. */
int st_record_new_rows_by_range(tr_store *store, tr_error *err);
/* The range table an INSERT, REPLACE, UPDATE or DELETE writes, from its text (the parties
 * of agreements count as agreements), or ST_NO_RANGE_TABLE. */
#define ST_NO_RANGE_TABLE (-1)
int st_range_table_written(const char *sql);
/* A 128 MB page cache instead of SQLite's 2 MB default: a large transaction then stays in
 * memory rather than spilling pages to the WAL and reading them back. Memory is taken
 * only as pages are used. */
int st_bulk_cache(tr_store *store, tr_error *err);
/* Inside a write transaction, when the registry has no agreement yet: drops the indexes
 * that serve only queries (in force, builds on, parties by city) and the agreements'
 * natural key, so that a bulk load builds each once at the end, in order, rather than row
 * by row. *restore gets what st_restore_indexes runs (NULL: nothing was dropped). A
 * rollback brings the indexes back by itself. */
int st_defer_indexes(tr_store *store, char **restore, tr_error *err);
/* Rebuilds what st_defer_indexes dropped, and frees `restore`. */
int st_restore_indexes(tr_store *store, char *restore, tr_error *err);

/* Every check of tr_agreement_add, with no database access for an agreement whose
 * parties are resolved; *key gets its natural key. */
int tr_agreement_check_new(tr_store *store, const tr_agreement_fields *fields, tr_natural_key *key,
                           tr_error *err);

/* New agreements queued in memory, written 64 at a time by one multi-row INSERT for the
 * agreements and one for their parties (agreement_batch.c). */
typedef struct tr_agreement_batch tr_agreement_batch;
tr_agreement_batch *tr_agreement_batch_new(tr_store *store);
/* Queues a checked agreement (tr_agreement_check_new) under `id`, unused by any row. */
int tr_agreement_batch_add(tr_agreement_batch *b, int64_t id, const tr_agreement_fields *fields,
                           const tr_natural_key *key, tr_error *err);
/* Writes what is queued. */
int tr_agreement_batch_flush(tr_agreement_batch *b, tr_error *err);
/* Drops what is still queued (after a failure: the transaction is rolled back anyway). */
void tr_agreement_batch_free(tr_agreement_batch *b);

/* New cities of a load into a server's registry that had none (city_batch.c): every city
 * of the registry held in memory by its keys, new ones queued and written by COPY. */
typedef struct tr_city_batch tr_city_batch;
/* *batch: a new one when the engine loads by COPY and the registry has no city; else NULL. */
int st_city_batch_begin(tr_store *store, tr_city_batch **batch, tr_error *err);
/* tr_city_find_natural, in memory. */
int st_city_batch_find(tr_city_batch *b, const char *name, const char *alpha2, const char *region,
                       const char *wikidata, int64_t *id, tr_error *err);
/* Every check of tr_city_add, in memory. */
int st_city_batch_check(tr_city_batch *b, const tr_city_fields *f, tr_error *err);
/* Queues a checked city under `id`, unused by any row. */
int st_city_batch_add(tr_city_batch *b, int64_t id, const tr_city_fields *f, tr_error *err);
/* Writes what is queued (NULL: nothing). */
int st_city_batch_flush(tr_city_batch *b, tr_error *err);
void st_city_batch_free(tr_city_batch *b);

#endif
