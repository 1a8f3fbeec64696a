/* The bulk writer: how an import loads many records at the speed of a bulk load without
 * losing undo. Between tr_bulk_begin and tr_bulk_finish the store records the new cities
 * and agreements in the history as id ranges (not row by row), may defer index builds to
 * the end, and queues new agreements for multi-row INSERTs; the caller only adds records
 * through it and holds each record's writes between tr_bulk_record_begin and _end. */
#ifndef TWINREG_BULK_H
#define TWINREG_BULK_H

#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_twins.h"
#include "twinreg/store/city.h"
#include "twinreg/core/natural_key.h"

typedef struct tr_bulk tr_bulk;

/* Starts a bulk load inside the caller's transaction (after tr_history_start, when the
 * command keeps a history): a 128 MB page cache, and the cities and agreements inserted
 * from now on recorded in the history by id range. NULL on error. */
tr_bulk *tr_bulk_begin(tr_store *store, tr_error *err);
/* Writes what is queued, rebuilds the indexes deferred, and frees the bulk writer (also on
 * error: the caller then rolls back). Call before tr_history_finish and commit. */
int tr_bulk_finish(tr_bulk *b, tr_error *err);
/* Frees the bulk writer and drops what is queued: the caller rolls the transaction back,
 * which brings back any index deferred. NULL is allowed. */
void tr_bulk_abort(tr_bulk *b);

/* A record's writes: in a savepoint, so that a record found invalid is undone alone. The
 * queue is written first, outside it, so that undoing the record keeps those before it
 * (and so that every statement of the record sees the queued agreements). */
int tr_bulk_record_begin(tr_bulk *b, tr_error *err);
/* Releases the record's savepoint, or rolls back to it when `failed`. Nothing to do when
 * the record wrote nothing. */
int tr_bulk_record_end(tr_bulk *b, int failed, tr_error *err);

/* Before the first agreement, outside any record: when the registry has no agreement,
 * drops the indexes no lookup of a load uses and the natural key's, and matches natural
 * keys in memory meanwhile, so that each index is built once, in order, at the end (20%
 * of an import into an empty registry). Later calls do nothing. */
int tr_bulk_expect_agreements(tr_bulk *b, tr_error *err);

/* Where agreement `f` (parties resolved, tr_agreement_fields.parties_resolved) goes,
 * told without writing. TR_BULK_QUEUE: it passes every check of tr_agreement_add, its
 * natural key (in *key) is new and it has no builds_on, frameworks, sources or
 * registration (tr_bulk_queue_agreement). TR_BULK_UNCHANGED: an agreement has its natural
 * key, its id is in *id, and tr_agreement_update(f) would not change it
 * (tr_agreement_update_changes): nothing is written or flushed for it (a repeat in a load
 * into an empty registry flushed the queue and rolled a savepoint back: 10% of repeats
 * took 80% of the time). TR_BULK_WRITE_NOW: tr_bulk_add_or_match settles it. -1 when it
 * is invalid or on a failure. */
enum tr_bulk_place { TR_BULK_WRITE_NOW, TR_BULK_QUEUE, TR_BULK_UNCHANGED };
int tr_bulk_place_agreement(tr_bulk *b, const tr_agreement_fields *f, tr_natural_key *key,
                            int64_t *id, tr_error *err);
/* Queues the agreement tr_bulk_place_agreement placed in the queue (with its key) under `id`, an id
 * no row has. Written 64 at a time by multi-row INSERTs (a statement a row was a third of the
 * inserts' time); invisible to other statements until a record begins or the load ends. */
int tr_bulk_queue_agreement(tr_bulk *b, int64_t id, const tr_agreement_fields *f,
                            const tr_natural_key *key, tr_error *err);
/* The new agreements queued after the registry, looked up, had none of their parties and
 * kind (into *lone, the caller's to free; none into an empty registry, matched in memory):
 * for tr_agreement_twins at the end of the load. */
void tr_bulk_take_lone(tr_bulk *b, tr_lone_agreements *lone);
/* Inside a record: adds the agreement, or, when one has its natural key, writes nothing
 * and sets *known with that one's id in *id (tr_agreement_add_or_match). */
int tr_bulk_add_or_match(tr_bulk *b, const tr_agreement_fields *f, int64_t *id, int *known,
                         tr_error *err);

/* Cities. Into a server's registry that has no city when the load begins, the bulk writer
 * holds every city's keys in memory: lookups need no round trip, and new cities are
 * queued and written by COPY, a batch at a time (as new agreements are). */
/* tr_city_find_natural, in memory while the cities are held. */
int tr_bulk_find_city(tr_bulk *b, const char *name, const char *alpha2, const char *region,
                      const char *wikidata, int64_t *id, tr_error *err);
/* Whether new cities can be queued (tr_bulk_queue_city). */
int tr_bulk_holds_cities(const tr_bulk *b);
/* Every check of tr_city_add for a city tr_bulk_find_city did not find, with no database
 * access; then tr_bulk_queue_city queues it under `id`, an id no row has. */
int tr_bulk_check_city(tr_bulk *b, const tr_city_fields *f, tr_error *err);
int tr_bulk_queue_city(tr_bulk *b, int64_t id, const tr_city_fields *f, tr_error *err);
/* Before cities change any other way (an update, a city made by a record that may still
 * fail): writes the queue and stops holding them, for the rest of the load. */
int tr_bulk_release_cities(tr_bulk *b, tr_error *err);

#endif
