/* active: one pass over the parties of the agreements in force, the rest in memory.
 *
 * The SQL form (DISTINCT partner rows, GROUP BY, json_group_array, ORDER BY) sorted every
 * party of every agreement in force twice and built a JSON text per city that the output
 * parsed again; it took longer than the sqlite3 shell needs just to count the agreements.
 * Here the store reads the (agreement, city) pairs in force once and the cities once; the
 * counts, the partner lists and the people's order of names (tr_name_cmp, by one sort of
 * the cities into ranks) are computed in C, and the lists reach the output as arrays. The
 * same code runs on both engines: it asks only the two plain queries. */
#include "twinreg/store/query.h"

#include "store/in_force.h"
#include "store/text_pool.h"
#include "store/util.h"
#include "twinreg/core/name_order.h"
#include "twinreg/core/natural_key.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The (agreement, city) pairs in force on ?1, by agreement: one scan of the agreements, each
 * one's parties found by the primary key in the same order (ST_IN_FORCE_SCANNED says why
 * not through the index). */
#define PAIRS_IN_FORCE                                                                             \
    "SELECT p.agreement_id, p.city_id FROM agreement_days a "                                      \
    "JOIN agreement_parties p ON p.agreement_id = a.id "                                           \
    "WHERE " ST_IN_FORCE_SCANNED("a", "?1") " ORDER BY a.id"

#define NO_RANK UINT32_MAX

struct city {
    int64_t id;
    size_t name, key, country; /* offsets in the pool */
    uint32_t rank;             /* its place in the people's order */
};

/* Each pair asks a city's rank: a table by id when the ids are dense (they are twinreg's
 * own, from 1), else a binary search of the cities by id. The counts are by rank. Both are
 * small arrays, apart from the cities' texts: the lookups stay in the cache. */
struct active {
    struct city *cities; /* by id */
    size_t n, cap;
    st_text_pool pool;
    uint32_t *by_rank;    /* city index of each rank */
    uint32_t *rank_of_id; /* NULL when the ids are sparse */
    int64_t max_id;
    uint32_t *count; /* by rank: the agreements in force it is a party to */
    uint64_t *edges; /* rank of a city << 32 | rank of a partner */
    size_t n_edges, cap_edges;
};

static const char *text(const struct active *a, size_t offset)
{
    return st_text_pool_at(&a->pool, offset);
}

static int read_cities(tr_store *store, struct active *a, tr_error *err)
{
    st_stmt *stmt =
        st_prepare_stream(store, "SELECT id, name, name_key, country FROM cities ORDER BY id", err);
    if (!stmt)
        return -1;
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        if (a->n == a->cap) {
            size_t cap = a->cap ? 2 * a->cap : 1024;
            struct city *grown = realloc(a->cities, cap * sizeof *grown);
            if (!grown) {
                status = tr_error_set(err, TR_IO, "out of memory");
                break;
            }
            a->cities = grown, a->cap = cap;
        }
        struct city *c = &a->cities[a->n];
        memset(c, 0, sizeof *c);
        c->id = st_column_int64(stmt, 0);
        if (st_text_pool_keep(&a->pool, st_column_text(stmt, 1), &c->name) != 0 ||
            st_text_pool_keep(&a->pool, st_column_text(stmt, 2), &c->key) != 0 ||
            st_text_pool_keep(&a->pool, st_column_text(stmt, 3), &c->country) != 0)
            status = tr_error_set(err, TR_IO, "out of memory");
        a->n++;
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot read the cities", err);
    st_finalize(stmt);
    return status;
}

/* The rank of the city `id`, or NO_RANK (a party removed since: never within a transaction). */
static uint32_t rank_of(const struct active *a, int64_t id)
{
    if (a->rank_of_id)
        return id >= 0 && id <= a->max_id ? a->rank_of_id[id] : NO_RANK;
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->cities[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->n && a->cities[lo].id == id ? a->cities[lo].rank : NO_RANK;
}

static const struct active *sorting; /* qsort has no context argument in C11 */

static int by_name(const void *x, const void *y)
{
    const struct city *a = &sorting->cities[*(const uint32_t *)x];
    const struct city *b = &sorting->cities[*(const uint32_t *)y];
    int c = tr_name_cmp(text(sorting, a->key), text(sorting, a->name), text(sorting, b->key),
                        text(sorting, b->name));
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

static int rank_cities(struct active *a, tr_error *err)
{
    size_t n = a->n ? a->n : 1;
    a->by_rank = malloc(n * sizeof *a->by_rank);
    a->count = calloc(n, sizeof *a->count);
    if (!a->by_rank || !a->count)
        return tr_error_set(err, TR_IO, "out of memory");
    for (size_t i = 0; i < a->n; i++)
        a->by_rank[i] = (uint32_t)i;
    sorting = a;
    qsort(a->by_rank, a->n, sizeof *a->by_rank, by_name);
    sorting = NULL;
    for (size_t r = 0; r < a->n; r++)
        a->cities[a->by_rank[r]].rank = (uint32_t)r;
    a->max_id = a->n ? a->cities[a->n - 1].id : 0;
    if (a->n && a->cities[0].id >= 0 && (uint64_t)a->max_id <= 4 * (uint64_t)a->n + 1024) {
        a->rank_of_id = malloc(((size_t)a->max_id + 1) * sizeof *a->rank_of_id);
        if (!a->rank_of_id)
            return tr_error_set(err, TR_IO, "out of memory");
        memset(a->rank_of_id, 0xff, ((size_t)a->max_id + 1) * sizeof *a->rank_of_id);
        for (size_t i = 0; i < a->n; i++)
            a->rank_of_id[a->cities[i].id] = a->cities[i].rank;
    }
    return 0;
}

static int add_edge(struct active *a, uint32_t from, uint32_t to)
{
    if (a->n_edges == a->cap_edges) {
        size_t cap = a->cap_edges ? 2 * a->cap_edges : 4096;
        uint64_t *grown = realloc(a->edges, cap * sizeof *grown);
        if (!grown)
            return -1;
        a->edges = grown, a->cap_edges = cap;
    }
    a->edges[a->n_edges++] = (uint64_t)from << 32 | to;
    return 0;
}

/* One agreement's parties (ranks): each counts it, each has the others as partners. */
static int add_agreement(struct active *a, const uint32_t *parties, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        a->count[parties[i]]++;
        for (size_t j = 0; j < n; j++)
            if (parties[j] != parties[i] && add_edge(a, parties[i], parties[j]) != 0)
                return -1;
    }
    return 0;
}

static int read_pairs(tr_store *store, struct active *a, const char *day, tr_error *err)
{
    st_stmt *stmt = st_prepare_stream(store, PAIRS_IN_FORCE, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, day);
    uint32_t parties[TR_MAX_PARTIES]; /* what validation lets an agreement have */
    size_t n = 0;
    int64_t agreement = 0;
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        int64_t id = st_column_int64(stmt, 0);
        uint32_t city = rank_of(a, st_column_int64(stmt, 1));
        if (n && id != agreement) {
            status = add_agreement(a, parties, n);
            n = 0;
        }
        agreement = id;
        if (city == NO_RANK || status != 0)
            continue;
        if (n == TR_MAX_PARTIES) {
            st_finalize(stmt);
            return tr_error_set(err, TR_IO, "agreement %lld has more than %d parties: run check",
                                (long long)id, TR_MAX_PARTIES);
        }
        parties[n++] = city;
    }
    if (status == 0 && n)
        status = add_agreement(a, parties, n);
    if (status != 0)
        status = tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        status = st_fail(store, "cannot read the agreements in force", err);
    st_finalize(stmt);
    return status;
}

static int by_rank_value(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

/* The edges grouped by city (a counting sort over the ranks: one pass, no comparison), each
 * city's partners then sorted among themselves: `to` gets them, start[r]..start[r + 1] those
 * of rank r. Cheaper than sorting the edges whole (a few partners a city, millions of
 * edges). */
static int group_edges(struct active *a, uint32_t **to, size_t **start)
{
    *to = malloc((a->n_edges ? a->n_edges : 1) * sizeof **to);
    *start = calloc(a->n + 2, sizeof **start);
    if (!*to || !*start)
        return -1;
    size_t *next = *start + 1; /* next[r]: where rank r's next partner goes, once summed */
    for (size_t e = 0; e < a->n_edges; e++)
        next[(a->edges[e] >> 32) + 1]++;
    for (size_t r = 1; r <= a->n; r++)
        next[r] += next[r - 1];
    for (size_t e = 0; e < a->n_edges; e++)
        (*to)[next[a->edges[e] >> 32]++] = (uint32_t)a->edges[e];
    /* next[r] is now where rank r's partners end, start[r + 1]: as the caller reads it. */
    for (size_t r = 0; r < a->n; r++)
        qsort(*to + (*start)[r], (*start)[r + 1] - (*start)[r], sizeof **to, by_rank_value);
    free(a->edges);
    a->edges = NULL;
    return 0;
}

/* The rows, by the people's order of names: a city with partners on that day, its count and
 * its partners (each once, in the same order). */
static int emit(struct active *a, const char *alpha2, tr_cells_fn fn, void *ctx, tr_error *err)
{
    static const char *const names[] = {"city_id", "city",     "country",
                                        "count",   "partners", "partner_ids"};
    uint32_t *to = NULL;
    size_t *start = NULL;
    const char **partners = NULL, **ids = NULL;
    char *digits = NULL;
    size_t cap = 0;
    int status = group_edges(a, &to, &start) == 0 ? 0 : tr_error_set(err, TR_IO, "out of memory");
    for (uint32_t rank = 0; status == 0 && rank < a->n; rank++) {
        size_t e = start[rank], end = start[rank + 1];
        if (e == end)
            continue;
        const struct city *c = &a->cities[a->by_rank[rank]];
        if (alpha2 && strcmp(text(a, c->country), alpha2) != 0)
            continue;
        if (end - e > cap) {
            cap = 2 * (end - e);
            free(partners), free(ids), free(digits);
            partners = malloc(cap * sizeof *partners), ids = malloc(cap * sizeof *ids);
            digits = malloc(cap * 24);
            if (!partners || !ids || !digits) {
                status = tr_error_set(err, TR_IO, "out of memory");
                break;
            }
        }
        size_t k = 0;
        for (size_t i = e; i < end; i++) {
            if (i > e && to[i] == to[i - 1])
                continue; /* a partner of two agreements: listed once */
            const struct city *p = &a->cities[a->by_rank[to[i]]];
            partners[k] = text(a, p->name);
            snprintf(digits + 24 * k, 24, "%" PRId64, p->id);
            ids[k] = digits + 24 * k;
            k++;
        }
        char id[24], count[24];
        snprintf(id, sizeof id, "%" PRId64, c->id);
        snprintf(count, sizeof count, "%" PRIu32, a->count[rank]);
        const char *city = text(a, c->name), *country = text(a, c->country);
        tr_cell cells[] = {
            {.kind = TR_CELL_INTEGER, .text = id, .len = strlen(id)},
            {.kind = city ? TR_CELL_TEXT : TR_CELL_NULL,
             .text = city,
             .len = strlen(city ? city : "")},
            {.kind = country ? TR_CELL_TEXT : TR_CELL_NULL,
             .text = country,
             .len = strlen(country ? country : "")},
            {.kind = TR_CELL_INTEGER, .text = count, .len = strlen(count)},
            {.kind = TR_CELL_TEXTS, .items = partners, .n_items = k},
            {.kind = TR_CELL_INTEGERS, .items = ids, .n_items = k},
        };
        tr_cells row = {6, names, cells};
        status = fn(&row, ctx);
    }
    free(partners), free(ids), free(digits), free(to), free(start);
    return status;
}

int tr_query_active(tr_store *store, const char *day, const char *alpha2, tr_cells_fn fn, void *ctx,
                    tr_error *err)
{
    tr_store_map_for_reading(store);
    struct active a = {0};
    int status = read_cities(store, &a, err);
    if (status == 0)
        status = rank_cities(&a, err);
    if (status == 0)
        status = read_pairs(store, &a, day, err);
    if (status == 0)
        status = emit(&a, alpha2, fn, ctx, err);
    free(a.cities), free(a.edges), free(a.by_rank), free(a.rank_of_id), free(a.count);
    st_text_pool_free(&a.pool);
    return status;
}
