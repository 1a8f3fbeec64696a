/* stats network: every city once (names, countries), every party once (by agreement),
 * union-find over the links. Memory: per city an index slot, its name and a few counters;
 * per different linked pair 16 bytes (about 16 MB at a million agreements). */
#include "twinreg/core/natural_key.h"
#include "twinreg/store/network.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE ((size_t)-1)

struct reading {
    tr_network_stats *stats;
    tr_id_index cities;
    char (*country)[3];
    char *linked; /* per city: party to an agreement counted */
    size_t cap;
    const int64_t *ids; /* the agreements counted (ascending), or NULL: all */
    size_t n_ids, next_id;
    int64_t agreement; /* the one whose parties are in `party` */
    size_t party[TR_MAX_PARTIES], n_party;
    size_t (*pairs)[2];
    size_t n_pairs, pairs_cap;
    tr_union_find uf;
};

static int add_city(int64_t id, const char *name, const char *country, void *data)
{
    struct reading *r = data;
    size_t at = tr_id_index_add(&r->cities, id, NULL);
    if (at == NONE)
        return -1;
    if (at == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        char **names = realloc(r->stats->names, r->cap * sizeof *names);
        if (names)
            r->stats->names = names;
        char(*countries)[3] = realloc(r->country, r->cap * sizeof *countries);
        if (countries)
            r->country = countries;
        if (!names || !countries)
            return -1;
    }
    /* The name, then the country's code: what a top city's row points into. */
    size_t len = strlen(name);
    char *text = malloc(len + 4);
    if (!(r->stats->names[at] = text))
        return -1;
    r->stats->n_names++;
    memcpy(text, name, len + 1);
    snprintf(r->country[at], sizeof r->country[at], "%s", country ? country : "");
    memcpy(text + len + 1, r->country[at], 3);
    return 0;
}

/* The agreement whose parties were gathered: counted when the filter keeps it. */
static int flush(struct reading *r)
{
    if (r->n_party == 0)
        return 0;
    if (r->ids) {
        while (r->next_id < r->n_ids && r->ids[r->next_id] < r->agreement)
            r->next_id++;
        if (r->next_id == r->n_ids || r->ids[r->next_id] != r->agreement)
            return 0;
    }
    r->stats->agreements++;
    for (size_t i = 0; i < r->n_party; i++) {
        r->linked[r->party[i]] = 1;
        for (size_t j = i + 1; j < r->n_party; j++) {
            if (r->n_pairs == r->pairs_cap) {
                r->pairs_cap = r->pairs_cap ? r->pairs_cap * 2 : 1024;
                size_t(*more)[2] = realloc(r->pairs, r->pairs_cap * sizeof *more);
                if (!more)
                    return -1;
                r->pairs = more;
            }
            size_t a = r->party[i], b = r->party[j];
            r->pairs[r->n_pairs][0] = a < b ? a : b;
            r->pairs[r->n_pairs][1] = a < b ? b : a;
            r->n_pairs++;
            tr_union_find_join(&r->uf, a, b);
        }
    }
    return 0;
}

static int add_party(int64_t agreement, int64_t city, void *data)
{
    struct reading *r = data;
    if (agreement != r->agreement) {
        if (flush(r) != 0)
            return -1;
        r->agreement = agreement;
        r->n_party = 0;
    }
    size_t at = tr_id_index_find(&r->cities, city);
    if (at != NONE && r->n_party < TR_MAX_PARTIES)
        r->party[r->n_party++] = at;
    return 0;
}

static int by_pair(const void *pa, const void *pb)
{
    const size_t *a = pa, *b = pb;
    if (a[0] != b[0])
        return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

static int by_code(const void *a, const void *b) { return strcmp(a, b); }

static int by_rank(const void *pa, const void *pb)
{
    const tr_network_city *a = pa, *b = pb;
    if (a->degree != b->degree)
        return a->degree > b->degree ? -1 : 1;
    int c = strcmp(a->name, b->name);
    return c ? c : (a->city > b->city) - (a->city < b->city);
}

/* The different codes of `codes` (n of them), sorted, in place; their number. */
static size_t unique_codes(char (*codes)[3], size_t n)
{
    qsort(codes, n, sizeof *codes, by_code);
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || strcmp(codes[kept - 1], codes[i]) != 0)
            memcpy(codes[kept++], codes[i], 3);
    return kept;
}

/* Components, the largest's countries and those it misses, from the joined sets. */
static int components(struct reading *r, size_t n, tr_error *err)
{
    tr_network_stats *s = r->stats;
    char *seen = calloc(n + 1, 1);
    size_t best = NONE;
    if (!seen)
        return tr_error_set(err, TR_IO, "out of memory");
    /* Cities are numbered by id: the first city of a component met has its smallest id. */
    for (size_t i = 0; i < n; i++) {
        if (!r->linked[i])
            continue;
        size_t root = tr_union_find_root(&r->uf, i);
        if (seen[root])
            continue;
        seen[root] = 1;
        s->components++;
        if (best == NONE || r->uf.size[root] > r->uf.size[best])
            best = root;
    }
    free(seen);
    s->largest = best == NONE ? 0 : r->uf.size[best];
    s->spans = malloc((n + 1) * sizeof *s->spans);
    s->unreached = malloc((n + 1) * sizeof *s->unreached);
    if (!s->spans || !s->unreached)
        return tr_error_set(err, TR_IO, "out of memory");
    for (size_t i = 0; i < n; i++)
        if (best != NONE && r->linked[i] && tr_union_find_root(&r->uf, i) == best)
            memcpy(s->spans[s->n_spans++], r->country[i], 3);
    s->n_spans = unique_codes(s->spans, s->n_spans);
    for (size_t i = 0; i < n; i++)
        if (!bsearch(r->country[i], s->spans, s->n_spans, sizeof *s->spans, by_code))
            memcpy(s->unreached[s->n_unreached++], r->country[i], 3);
    s->n_unreached = unique_codes(s->unreached, s->n_unreached);
    return 0;
}

/* Links, degrees, their distribution and the top `top` cities. */
static int degrees(struct reading *r, size_t n, size_t top, tr_error *err)
{
    tr_network_stats *s = r->stats;
    if (r->n_pairs > 1)
        qsort(r->pairs, r->n_pairs, sizeof *r->pairs, by_pair);
    tr_network_city *all = calloc(n + 1, sizeof *all);
    if (!all)
        return tr_error_set(err, TR_IO, "out of memory");
    for (size_t i = 0; i < r->n_pairs; i++) {
        if (i > 0 && by_pair(r->pairs[i - 1], r->pairs[i]) == 0)
            continue;
        s->links++;
        all[r->pairs[i][0]].degree++;
        all[r->pairs[i][1]].degree++;
    }
    size_t linked = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        if (!r->linked[i])
            continue;
        all[linked] =
            (tr_network_city){r->cities.ids[i], s->names[i], r->country[i], all[i].degree};
        max = all[linked].degree > max ? all[linked].degree : max;
        linked++;
    }
    s->linked = linked;
    qsort(all, linked, sizeof *all, by_rank);
    /* The distribution: the list is by degree, most first. */
    s->degrees = malloc((max + 1) * sizeof *s->degrees);
    if (!s->degrees) {
        free(all);
        return tr_error_set(err, TR_IO, "out of memory");
    }
    for (size_t i = linked; i-- > 0;) {
        if (s->n_degrees == 0 || s->degrees[s->n_degrees - 1][0] != all[i].degree) {
            s->degrees[s->n_degrees][0] = all[i].degree;
            s->degrees[s->n_degrees++][1] = 0;
        }
        s->degrees[s->n_degrees - 1][1]++;
    }
    s->top = all;
    s->n_top = linked < top ? linked : top;
    return 0;
}

int tr_network_stats_read(tr_store *store, const int64_t *ids, size_t n_ids, size_t top,
                          tr_network_stats *stats, tr_error *err)
{
    memset(stats, 0, sizeof *stats);
    struct reading r = {.stats = stats, .ids = ids, .n_ids = n_ids, .agreement = -1};
    tr_id_index_init(&r.cities);
    tr_union_find_init(&r.uf);
    int status = tr_network_names(store, NULL, 0, add_city, &r, err);
    size_t n = r.cities.n;
    stats->cities = n;
    if (status == 0 && (!(r.linked = calloc(n + 1, 1)) || tr_union_find_grow(&r.uf, n) != 0))
        status = tr_error_set(err, TR_IO, "out of memory");
    if (status == 0)
        status = tr_network_parties(store, add_party, &r, err);
    if (status == 0 && flush(&r) != 0)
        status = tr_error_set(err, TR_IO, "out of memory");
    if (status == 0)
        status = components(&r, n, err);
    if (status == 0)
        status = degrees(&r, n, top, err);
    /* The top cities' countries point into r.country: copied into the names' block. */
    for (size_t i = 0; status == 0 && i < stats->n_top; i++) {
        size_t at = tr_id_index_find(&r.cities, stats->top[i].city);
        stats->top[i].country = stats->names[at] + strlen(stats->names[at]) + 1;
    }
    tr_id_index_release(&r.cities);
    tr_union_find_release(&r.uf);
    free(r.country);
    free(r.linked);
    free(r.pairs);
    if (status != 0)
        tr_network_stats_release(stats);
    return status;
}

void tr_network_stats_release(tr_network_stats *stats)
{
    for (size_t i = 0; i < stats->n_names; i++)
        free(stats->names[i]);
    free(stats->names);
    free(stats->spans);
    free(stats->unreached);
    free(stats->top);
    free(stats->degrees);
    memset(stats, 0, sizeof *stats);
}
