/* Agreements between the same cities, of one kind, signed on different dates: found after
 * an add or an import so that the user hears of a likely double entry. */
#include "twinreg/store/agreement_twins.h"

#include "store/util.h"
#include "twinreg/core/natural_key.h"

#include <stdio.h>
#include <stdlib.h>

/* The earlier agreement of a's parties and kind signed on another date (the natural key's
 * index finds it), for each agreement a of the range. */
#define EARLIER_TWIN                                                                               \
    "JOIN agreements b ON b.id = (SELECT min(c.id) FROM agreements c "                             \
    "WHERE c.parties_key = a.parties_key AND c.kind = a.kind AND c.id < a.id "                     \
    "AND coalesce(c.signed_on, '') <> coalesce(a.signed_on, '')) "
#define TWIN_COLUMNS "SELECT a.id, a.kind, a.signed_on, b.id, b.signed_on "

/* A probe of the index for each agreement of the range: for an add, or a few. */
#define TWINS_BY_PROBES                                                                            \
    TWIN_COLUMNS "FROM agreements a " EARLIER_TWIN "WHERE a.id BETWEEN ?1 AND ?2 ORDER BY a.id"
/* One scan of the index in its order for the parties and kinds that occur more than once, the
 * probes only for those: for an import of many (1M agreements: 0.4 s of CPU, where a probe
 * each took 3 s and read the index at random). */
#define TWINS_BY_SCAN                                                                              \
    TWIN_COLUMNS "FROM (SELECT parties_key, kind FROM agreements GROUP BY parties_key, kind "      \
                 "HAVING count(*) > 1 AND max(id) >= ?1) g "                                       \
                 "JOIN agreements a ON a.parties_key = g.parties_key AND a.kind = g.kind "         \
                 "AND a.id BETWEEN ?1 AND ?2 " EARLIER_TWIN "ORDER BY a.id"

/* Whether the range holds more than an eighth of the agreements: then the scan is cheaper. */
static int many(tr_store *store, int64_t first, int64_t last, tr_error *err)
{
    if (first == last)
        return 0;
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT (SELECT count(*) FROM agreements WHERE id BETWEEN ?1 AND "
                                "?2), (SELECT count(*) FROM agreements)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, first);
    st_bind_int64(stmt, 2, last);
    int rc = st_step(stmt);
    int answer = rc == ST_ROW ? 8 * st_column_int64(stmt, 0) > st_column_int64(stmt, 1) : -1;
    st_reset(stmt);
    return answer < 0 ? st_fail(store, "cannot look for agreements of the same cities", err)
                      : answer;
}

/* Runs the twins' statement on ids `first` to `last`, calling fn for each twin: 0, fn's
 * non-zero, or -1 with err. */
static int each_twin(tr_store *store, st_stmt *stmt, int64_t first, int64_t last,
                     int (*fn)(const tr_agreement_twin *twin, void *ctx), void *ctx, tr_error *err)
{
    st_bind_int64(stmt, 1, first);
    st_bind_int64(stmt, 2, last);
    int rc = ST_DONE, stop = 0;
    while (!stop && (rc = st_step(stmt)) == ST_ROW) {
        tr_agreement_twin twin = {st_column_int64(stmt, 0), st_column_int64(stmt, 3),
                                  st_column_text(stmt, 1), st_column_text(stmt, 2),
                                  st_column_text(stmt, 4)};
        stop = fn(&twin, ctx);
    }
    st_reset(stmt);
    if (stop)
        return stop;
    return rc == ST_DONE ? 0 : st_fail(store, "cannot look for agreements of the same cities", err);
}

/* An agreement of the range: its id and the hash of its parties and kind. */
struct pair_row {
    int64_t id;
    uint64_t pair;
};

static int by_pair(const void *a, const void *b)
{
    uint64_t x = ((const struct pair_row *)a)->pair, y = ((const struct pair_row *)b)->pair;
    return (x > y) - (x < y);
}

static int by_row_id(const void *a, const void *b)
{
    int64_t x = ((const struct pair_row *)a)->id, y = ((const struct pair_row *)b)->id;
    return (x > y) - (x < y);
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The agreements of the range, each with the hash of its parties and kind, into *rows:
 * their count, or -1 with err. */
static long pair_rows(tr_store *store, int64_t first, int64_t last, struct pair_row **rows,
                      tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store, "SELECT id, parties_key, kind FROM agreements WHERE id BETWEEN ?1 AND ?2", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, first);
    st_bind_int64(stmt, 2, last);
    size_t count = 0, cap = 0;
    int rc, oom = 0;
    *rows = NULL;
    while (!oom && (rc = st_step(stmt)) == ST_ROW) {
        if (count == cap) {
            size_t grown_cap = cap ? 2 * cap : 1024;
            struct pair_row *grown = realloc(*rows, grown_cap * sizeof *grown);
            oom = !grown;
            if (oom)
                break;
            *rows = grown, cap = grown_cap;
        }
        (*rows)[count].id = st_column_int64(stmt, 0);
        (*rows)[count++].pair =
            tr_natural_pair_hash(st_column_text(stmt, 1), st_column_text(stmt, 2));
    }
    st_reset(stmt);
    if (oom || rc != ST_DONE) {
        free(*rows);
        *rows = NULL;
        return oom ? tr_error_set(err, TR_IO, "out of memory")
                   : st_fail(store, "cannot look for agreements of the same cities", err);
    }
    return (long)count;
}

/* The agreements of the range that need their probe, ascending, into *out (*n of them):
 * all but the lone ones whose parties and kind no other agreement of the range has (two
 * pairs of one hash only make both probed). -1 with err. */
static int to_probe(tr_store *store, int64_t first, int64_t last, const tr_lone_agreements *lone,
                    int64_t **out, size_t *n, tr_error *err)
{
    struct pair_row *rows;
    long count = pair_rows(store, first, last, &rows, err);
    *out = NULL, *n = 0;
    if (count <= 0) /* none: new rows may all have taken ids from gaps below the range */
        return count < 0 ? -1 : 0;
    int64_t *ids = malloc((size_t)count * sizeof *ids);
    if (!ids) {
        free(rows);
        return tr_error_set(err, TR_IO, "out of memory");
    }
    /* Sorted by pair, a row shares its pair when a neighbour has it; the flag then takes
     * the hash's place (the previous row's hash is kept aside for the comparison). */
    qsort(rows, (size_t)count, sizeof *rows, by_pair);
    uint64_t previous = 0;
    for (long i = 0; i < count; i++) {
        uint64_t pair = rows[i].pair;
        int shared = (i > 0 && previous == pair) || (i + 1 < count && rows[i + 1].pair == pair);
        previous = pair;
        rows[i].pair = (uint64_t)shared;
    }
    qsort(rows, (size_t)count, sizeof *rows, by_row_id);
    for (long i = 0; i < count; i++)
        if (rows[i].pair || !bsearch(&rows[i].id, lone->ids, lone->n, sizeof *lone->ids, by_id))
            ids[(*n)++] = rows[i].id;
    free(rows);
    *out = ids;
    return 0;
}

int tr_agreement_twins(tr_store *store, int64_t first, int64_t last, const tr_lone_agreements *lone,
                       int (*fn)(const tr_agreement_twin *twin, void *ctx), void *ctx,
                       tr_error *err)
{
    int scan = many(store, first, last, err);
    if (scan < 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store, scan ? TWINS_BY_SCAN : TWINS_BY_PROBES, err);
    if (!stmt)
        return -1;
    if (scan || !lone || lone->n == 0)
        return each_twin(store, stmt, first, last, fn, ctx, err);
    /* A probe only for those that may have a twin: the others' (most of a merge's new
     * agreements) were answered when their natural key was looked up. */
    qsort(lone->ids, lone->n, sizeof *lone->ids, by_id);
    int64_t *ids = NULL;
    size_t n = 0;
    if (to_probe(store, first, last, lone, &ids, &n, err) != 0)
        return -1;
    stmt = st_stmt_get(store, TWINS_BY_PROBES, err); /* to_probe used the cache */
    int rc = stmt ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = each_twin(store, stmt, ids[i], ids[i], fn, ctx, err);
    free(ids);
    return rc;
}

void tr_agreement_twin_message(const tr_agreement_twin *twin, char *buf, size_t cap)
{
    snprintf(buf, cap,
             "agreement %lld (%s, signed %s) is between the same cities as agreement %lld "
             "(signed %s); if they are one, complete %lld with 'twinreg agreement update' "
             "and remove %lld",
             (long long)twin->id, twin->kind, twin->signed_on ? twin->signed_on : "unknown",
             (long long)twin->earlier,
             twin->earlier_signed_on ? twin->earlier_signed_on : "unknown",
             (long long)twin->earlier, (long long)twin->id);
}
