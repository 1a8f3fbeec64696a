/* The bulk writer: the speed paths of a load (range history, deferred indexes, natural keys
 * in memory, the queue of new agreements) behind one object, so that a writer cannot use
 * one without the others it needs. */
#include "twinreg/store/bulk.h"

#include "store/bulk_parts.h"
#include "store/key_set.h"
#include "store/util.h"

#include <stdlib.h>

struct tr_bulk {
    tr_store *store;
    int agreements_expected;   /* tr_bulk_expect_agreements has run */
    char *restore;             /* what rebuilds the deferred indexes; NULL when none were */
    key_set *keys;             /* the natural keys this load queued or matched in memory */
    tr_agreement_batch *batch; /* new agreements not written yet (only with keys) */
    int in_memory;             /* the registry had no agreement: keys are matched in memory */
    tr_city_batch *cities;     /* while the registry's cities are held in memory */
    int in_record;             /* a record's savepoint is open */
    int matched;               /* agreements in a row that matched one of the registry */
    /* The new agreements whose parties and kind no agreement of the registry had when they
     * were looked up (ascending): tr_agreement_twins need not look for their twins there. */
    int64_t *lone;
    size_t n_lone, lone_cap;
    int placed_lone; /* the last agreement placed in the queue is one of them */
};

tr_bulk *tr_bulk_begin(tr_store *store, tr_error *err)
{
    tr_bulk *b = calloc(1, sizeof *b);
    if (!b) {
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    b->store = store;
    if (st_bulk_cache(store, err) != 0 || st_record_new_rows_by_range(store, err) != 0 ||
        st_city_batch_begin(store, &b->cities, err) != 0) {
        tr_bulk_abort(b);
        return NULL;
    }
    return b;
}

void tr_bulk_abort(tr_bulk *b)
{
    if (!b)
        return;
    free(b->restore);
    free(b->lone);
    key_set_free(b->keys);
    tr_agreement_batch_free(b->batch);
    st_city_batch_free(b->cities);
    free(b);
}

/* What is queued, cities first: the agreements' parties name them. */
static int flush_queues(tr_bulk *b, tr_error *err)
{
    if (st_city_batch_flush(b->cities, err) != 0)
        return -1;
    return tr_agreement_batch_flush(b->batch, err);
}

int tr_bulk_finish(tr_bulk *b, tr_error *err)
{
    int rc = flush_queues(b, err);
    tr_store *store = b->store;
    char *restore = b->restore;
    b->restore = NULL;
    tr_bulk_abort(b); /* the keys in memory go before the index builds take theirs */
    if (rc == 0)
        return st_restore_indexes(store, restore, err);
    free(restore);
    return rc;
}

/* SAVEPOINT, RELEASE and ROLLBACK TO through the statement cache. */
static int savepoint(tr_bulk *b, const char *sql, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(b->store, sql, err);
    return stmt ? st_step_done(b->store, stmt, "cannot import", err) : -1;
}

int tr_bulk_record_begin(tr_bulk *b, tr_error *err)
{
    if (b->in_record)
        return 0;
    if (flush_queues(b, err) != 0 || savepoint(b, "SAVEPOINT bulk_record", err) != 0)
        return -1;
    b->in_record = 1;
    return 0;
}

int tr_bulk_record_end(tr_bulk *b, int failed, tr_error *err)
{
    if (!b->in_record)
        return 0;
    b->in_record = 0;
    if (failed && savepoint(b, "ROLLBACK TO bulk_record", err) != 0)
        return -1;
    return savepoint(b, "RELEASE bulk_record", err);
}

int tr_bulk_expect_agreements(tr_bulk *b, tr_error *err)
{
    if (b->agreements_expected)
        return 0;
    b->agreements_expected = 1;
    if (st_defer_indexes(b->store, &b->restore, err) != 0)
        return -1;
    b->in_memory = b->restore != NULL;
    /* Into a registry that has agreements, new ones are queued too: written one by one,
     * each in its record's savepoint, every index page an insert touched was copied to the
     * statement journal first (100k into 1M: 3 GB of copies, two thirds of the merge). Not
     * on a server, where an office's right to add an agreement is checked row by row. */
    int queue = b->in_memory || !st_store_pg(b->store);
    if (queue && (!(b->keys = key_set_new()) || !(b->batch = tr_agreement_batch_new(b->store))))
        return tr_error_set(err, TR_IO, "out of memory");
    return 0;
}

static int natural_key_of(const tr_agreement_fields *f, tr_natural_key *key, tr_error *err)
{
    return tr_natural_key_make(key, f->parties, f->n_parties, f->kind.value, f->signed_on.value,
                               err);
}

/* 1 and the first candidate in *id when an agreement added so far may have the key (its
 * hash): only its row can tell. */
static int candidate(const tr_bulk *b, uint64_t hash, size_t *cursor, int64_t *id)
{
    return key_set_next(b->keys, hash, cursor, id);
}

/* Whether f, found to have the natural key of agreement `id`, would change it. */
static int place_known(tr_bulk *b, const tr_agreement_fields *f, int64_t known, int64_t *id,
                       tr_error *err)
{
    int changes = tr_agreement_update_changes(b->store, known, f, err);
    if (changes < 0)
        return -1;
    *id = known;
    return changes ? TR_BULK_WRITE_NOW : TR_BULK_UNCHANGED;
}

int tr_bulk_place_agreement(tr_bulk *b, const tr_agreement_fields *f, tr_natural_key *key,
                            int64_t *id, tr_error *err)
{
    if (!b->keys || f->set_builds_on || f->set_frameworks || f->set_sources ||
        f->registered_by.set || f->registration_number.set || f->registered_on.set)
        return TR_BULK_WRITE_NOW;
    /* Every check of an add first, so that an invalid record is told as such however it
     * would have matched. */
    if (tr_agreement_check_new(b->store, f, key, err) != 0)
        return -1;
    /* This load's own agreements: a candidate of the key's hash is compared with its row;
     * one still queued cannot be, and the record then takes the way that writes the queue. */
    size_t cursor = 0;
    int64_t other;
    int queued = 0, pair_seen = 1;
    b->placed_lone = 0;
    while (candidate(b, tr_natural_key_hash(key), &cursor, &other)) {
        int same = tr_agreement_has_natural(b->store, other, key->parties, key->n_parties,
                                            key->kind, key->signed_on, err);
        if (same < 0)
            return -1;
        if (same)
            return place_known(b, f, other, id, err);
        queued = 1;
    }
    if (queued)
        return TR_BULK_WRITE_NOW;
    if (!b->in_memory) { /* the registry's agreements, by their natural key's index */
        if (tr_agreement_find_key(b->store, key, &other, &pair_seen, err) != 0)
            return -1;
        if (other)
            return place_known(b, f, other, id, err);
    }
    b->placed_lone = !pair_seen;
    return TR_BULK_QUEUE;
}

int tr_bulk_queue_agreement(tr_bulk *b, int64_t id, const tr_agreement_fields *f,
                            const tr_natural_key *key, tr_error *err)
{
    if (st_city_batch_flush(b->cities, err) != 0 ||
        tr_agreement_batch_add(b->batch, id, f, key, err) != 0)
        return -1;
    if (key_set_add(b->keys, tr_natural_key_hash(key), id) != 0)
        return tr_error_set(err, TR_IO, "out of memory");
    if (b->placed_lone && b->n_lone == b->lone_cap) {
        size_t cap = b->lone_cap ? 2 * b->lone_cap : 1024;
        int64_t *grown = realloc(b->lone, cap * sizeof *grown);
        if (!grown)
            return tr_error_set(err, TR_IO, "out of memory");
        b->lone = grown, b->lone_cap = cap;
    }
    if (b->placed_lone)
        b->lone[b->n_lone++] = id;
    b->placed_lone = 0;
    return 0;
}

void tr_bulk_take_lone(tr_bulk *b, tr_lone_agreements *lone)
{
    lone->ids = b->lone, lone->n = b->n_lone;
    b->lone = NULL, b->n_lone = b->lone_cap = 0;
}

/* tr_agreement_add_or_match while the natural-key index is deferred: the key is looked up
 * among the agreements this load added (the registry had none before), a candidate of the
 * same hash compared with its row. */
static int add_or_match_in_memory(tr_bulk *b, const tr_agreement_fields *f, int64_t *id, int *known,
                                  tr_error *err)
{
    tr_natural_key key;
    if (natural_key_of(f, &key, err) != 0)
        return -1;
    uint64_t hash = tr_natural_key_hash(&key);
    size_t cursor = 0;
    int64_t other;
    *known = 0;
    while (candidate(b, hash, &cursor, &other)) {
        int same = tr_agreement_has_natural(b->store, other, f->parties, f->n_parties,
                                            f->kind.value, f->signed_on.value, err);
        if (same < 0)
            return -1;
        if (same) {
            *known = 1, *id = other;
            return 0;
        }
    }
    if (tr_agreement_add(b->store, f, id, err) != 0)
        return -1;
    return key_set_add(b->keys, hash, *id) == 0 ? 0 : tr_error_set(err, TR_IO, "out of memory");
}

int tr_bulk_add_or_match(tr_bulk *b, const tr_agreement_fields *f, int64_t *id, int *known,
                         tr_error *err)
{
    if (tr_bulk_record_begin(b, err) != 0)
        return -1;
    if (b->in_memory)
        return add_or_match_in_memory(b, f, id, known, err);
    /* After two matches in a row, a list that was imported before: look each key up. */
    *known = b->matched >= 2;
    if (tr_agreement_add_or_match(b->store, f, id, known, err) != 0)
        return -1;
    b->matched = *known ? b->matched + 1 : 0;
    return 0;
}

int tr_bulk_find_city(tr_bulk *b, const char *name, const char *alpha2, const char *region,
                      const char *wikidata, int64_t *id, tr_error *err)
{
    return b->cities ? st_city_batch_find(b->cities, name, alpha2, region, wikidata, id, err)
                     : tr_city_find_natural(b->store, name, alpha2, region, wikidata, id, err);
}

int tr_bulk_holds_cities(const tr_bulk *b) { return b->cities != NULL; }

int tr_bulk_check_city(tr_bulk *b, const tr_city_fields *f, tr_error *err)
{
    return st_city_batch_check(b->cities, f, err);
}

int tr_bulk_queue_city(tr_bulk *b, int64_t id, const tr_city_fields *f, tr_error *err)
{
    return st_city_batch_add(b->cities, id, f, err);
}

int tr_bulk_release_cities(tr_bulk *b, tr_error *err)
{
    int rc = st_city_batch_flush(b->cities, err);
    st_city_batch_free(b->cities);
    b->cities = NULL;
    return rc;
}
