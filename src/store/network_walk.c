/* Walks from one city: partners --depth, path, cousins. Each level is one query for the
 * links of the whole frontier (tr_network_links); what the walk keeps is in memory, sized
 * by the cities it met, never by the registry. */
#include "twinreg/store/network.h"

#include <stdlib.h>

#define NONE ((size_t)-1)

static int oom(tr_error *err) { return tr_error_set(err, TR_IO, "out of memory"); }

int tr_network_reach(tr_store *store, int64_t city, int depth, const char *day, tr_reached **out,
                     size_t *n, tr_error *err)
{
    tr_id_index seen; /* city -> its place in *out */
    tr_id_index_init(&seen);
    size_t cap = 16, level = 0; /* *out[level..*n) is the frontier */
    *n = 0;
    *out = malloc(cap * sizeof **out);
    int status = 0;
    if (!*out || tr_id_index_add(&seen, city, NULL) == NONE)
        status = oom(err);
    else
        (*out)[(*n)++] = (tr_reached){city, 0, NONE, 0};
    for (int d = 1; status == 0 && d <= depth && level < *n; d++) {
        tr_link *links;
        size_t n_links, end = *n;
        if ((status = tr_network_links(store, seen.ids + level, end - level, NULL, 0, day, &links,
                                       &n_links, err)) != 0)
            break;
        /* By the rank of `from` (its number in `seen`: cities are numbered in the order of
         * their smallest chains), then agreement, then `to`: the first link to reach a city
         * ends its smallest chain. */
        for (size_t i = 0; i < n_links; i++)
            links[i].from = (int64_t)tr_id_index_find(&seen, links[i].from);
        tr_links_sort(links, n_links);
        for (size_t i = 0; status == 0 && i < n_links; i++) {
            int added;
            size_t at = tr_id_index_add(&seen, links[i].to, &added);
            if (at == NONE) {
                status = oom(err);
            } else if (added) {
                if (*n == cap) {
                    tr_reached *more = realloc(*out, (cap *= 2) * sizeof *more);
                    if (!more) {
                        status = oom(err);
                        break;
                    }
                    *out = more;
                }
                (*out)[(*n)++] =
                    (tr_reached){links[i].to, links[i].agreement, (size_t)links[i].from, d};
            }
        }
        free(links);
        level = end;
    }
    tr_id_index_release(&seen);
    if (status != 0) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return status;
}

/* One side of the bidirectional search: the cities it met with their distance. */
struct side {
    tr_id_index seen;
    int *dist;
    size_t level; /* seen.ids[level..seen.n) is the frontier */
    int depth;    /* of the frontier */
};

static int side_add(struct side *s, int64_t city, int dist, tr_error *err)
{
    int added;
    size_t at = tr_id_index_add(&s->seen, city, &added);
    if (at == NONE)
        return oom(err);
    if (added) {
        if (at % 64 == 0) {
            int *more = realloc(s->dist, (at + 64) * sizeof *more);
            if (!more)
                return oom(err);
            s->dist = more;
        }
        s->dist[at] = dist;
    }
    return 0;
}

/* Every link either side expanded, both ways, as adjacency lists ordered by (agreement,
 * neighbour): the shortest chains all run over them (each hop was expanded from the side
 * nearer its end), so the search's last part needs no query. */
struct graph {
    tr_id_index ix;
    size_t *first; /* city number -> its first link in `to`; first[n] ends the last */
    tr_link *links;
    size_t n_links;
};

static int graph_build(struct graph *g, tr_link *kept, size_t n_kept, tr_error *err)
{
    tr_id_index_init(&g->ix);
    g->links = malloc((2 * n_kept + 1) * sizeof *g->links);
    if (!g->links)
        return oom(err);
    for (size_t i = 0; i < n_kept; i++) {
        g->links[2 * i] = kept[i];
        g->links[2 * i + 1] = (tr_link){kept[i].to, kept[i].from, kept[i].agreement};
    }
    g->n_links = 2 * n_kept;
    tr_links_sort(g->links, g->n_links);
    for (size_t i = 0; i < g->n_links; i++)
        if (tr_id_index_add(&g->ix, g->links[i].from, NULL) == NONE)
            return oom(err);
    g->first = malloc((g->ix.n + 1) * sizeof *g->first);
    if (!g->first)
        return oom(err);
    size_t c = 0;
    for (size_t i = 0; i < g->n_links; i++)
        if (i == 0 || g->links[i].from != g->links[i - 1].from)
            g->first[c++] = i;
    g->first[c] = g->n_links;
    return 0;
}

static void graph_release(struct graph *g)
{
    tr_id_index_release(&g->ix);
    free(g->first);
    free(g->links);
}

/* The smallest shortest chain over `g` from `from` to `to`: distances to `to` by a
 * breadth-first search, then from `from` the first link (by agreement, then city) that
 * comes one hop nearer, each step. */
static int graph_path(struct graph *g, int64_t from, int64_t to, tr_link **hops, size_t *n,
                      tr_error *err)
{
    size_t cities = g->ix.n, s = tr_id_index_find(&g->ix, from), t = tr_id_index_find(&g->ix, to);
    size_t *dist = malloc((cities + 1) * sizeof *dist),
           *queue = malloc((cities + 1) * sizeof *queue);
    if (!dist || !queue) {
        free(dist);
        free(queue);
        return oom(err);
    }
    for (size_t i = 0; i < cities; i++)
        dist[i] = NONE;
    size_t head = 0, tail = 0;
    dist[t] = 0;
    queue[tail++] = t;
    while (head < tail) {
        size_t u = queue[head++];
        for (size_t i = g->first[u]; i < g->first[u + 1]; i++) {
            size_t v = tr_id_index_find(&g->ix, g->links[i].to);
            if (dist[v] == NONE) {
                dist[v] = dist[u] + 1;
                queue[tail++] = v;
            }
        }
    }
    int status = 0;
    *n = dist[s];
    *hops = malloc(*n * sizeof **hops + 1);
    if (!*hops)
        status = oom(err);
    for (size_t k = 0, u = s; status == 0 && k < *n; k++) {
        size_t i = g->first[u];
        while (dist[tr_id_index_find(&g->ix, g->links[i].to)] != dist[u] - 1)
            i++;
        (*hops)[k] = g->links[i];
        u = tr_id_index_find(&g->ix, g->links[i].to);
    }
    free(dist);
    free(queue);
    return status;
}

/* Expands `s` one level: its links kept, new cities met; *meet is the shortest length of a
 * chain through a link that reaches a city the `other` side met (0: none). The links that
 * reach the other side are read first: when there are any, the search ends there and the
 * rest of the level (most of the reading, on a large frontier) is never read. */
static int expand(tr_store *store, struct side *s, const struct side *other, const char *day,
                  tr_link **kept, size_t *n_kept, size_t *cap, int *meet, tr_error *err)
{
    tr_link *links;
    size_t n_links, end = s->seen.n;
    const int64_t *frontier = s->seen.ids + s->level;
    if (tr_network_links(store, frontier, end - s->level, other->seen.ids, other->seen.n, day,
                         &links, &n_links, err) != 0)
        return -1;
    if (n_links == 0) {
        free(links);
        if (tr_network_links(store, frontier, end - s->level, NULL, 0, day, &links, &n_links,
                             err) != 0)
            return -1;
    }
    int status = 0;
    if (*n_kept + n_links > *cap) {
        while (*n_kept + n_links > *cap)
            *cap = *cap ? *cap * 2 : 64;
        tr_link *more = realloc(*kept, *cap * sizeof *more);
        if (!more)
            status = oom(err);
        else
            *kept = more;
    }
    for (size_t i = 0; status == 0 && i < n_links; i++) {
        (*kept)[(*n_kept)++] = links[i];
        size_t o = tr_id_index_find(&other->seen, links[i].to);
        if (o != NONE && (*meet == 0 || s->depth + 1 + other->dist[o] < *meet))
            *meet = s->depth + 1 + other->dist[o];
        status = side_add(s, links[i].to, s->depth + 1, err);
    }
    free(links);
    s->level = end;
    s->depth++;
    return status;
}

int tr_network_path(tr_store *store, int64_t from, int64_t to, const char *day, tr_link **hops,
                    size_t *n, tr_error *err)
{
    struct side a = {.dist = NULL}, b = {.dist = NULL};
    tr_id_index_init(&a.seen);
    tr_id_index_init(&b.seen);
    tr_link *kept = NULL;
    size_t n_kept = 0, cap = 0;
    int meet = 0, status = side_add(&a, from, 0, err);
    if (status == 0)
        status = side_add(&b, to, 0, err);
    *hops = NULL;
    *n = 0;
    /* Stop at the first level that meets the other side, or when a side has nowhere to go. */
    while (status == 0 && meet == 0 && a.level < a.seen.n && b.level < b.seen.n) {
        int forward = a.seen.n - a.level <= b.seen.n - b.level;
        status = forward ? expand(store, &a, &b, day, &kept, &n_kept, &cap, &meet, err)
                         : expand(store, &b, &a, day, &kept, &n_kept, &cap, &meet, err);
    }
    if (status == 0 && meet > 0) {
        struct graph g;
        status = graph_build(&g, kept, n_kept, err);
        if (status == 0)
            status = graph_path(&g, from, to, hops, n, err);
        graph_release(&g);
    }
    free(kept);
    free(a.dist);
    free(b.dist);
    tr_id_index_release(&a.seen);
    tr_id_index_release(&b.seen);
    return status;
}

static int by_pair(const void *pa, const void *pb)
{
    const tr_link *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    return (a->to > b->to) - (a->to < b->to);
}

int tr_network_cousins(tr_store *store, int64_t city, const char *day, tr_link **pairs, size_t *n,
                       tr_error *err)
{
    tr_link *mine, *far;
    size_t n_mine, n_far;
    *pairs = NULL;
    *n = 0;
    if (tr_network_links(store, &city, 1, NULL, 0, day, &mine, &n_mine, err) != 0)
        return -1;
    tr_id_index partners;
    tr_id_index_init(&partners);
    int status = 0;
    for (size_t i = 0; status == 0 && i < n_mine; i++)
        if (tr_id_index_add(&partners, mine[i].to, NULL) == NONE)
            status = oom(err);
    free(mine);
    if (status == 0)
        status = tr_network_links(store, partners.ids, partners.n, NULL, 0, day, &far, &n_far, err);
    if (status == 0) {
        /* A partner's partner that is neither the city nor one of its partners. */
        for (size_t i = 0; i < n_far; i++)
            if (far[i].to != city && tr_id_index_find(&partners, far[i].to) == NONE)
                far[(*n)++] = (tr_link){far[i].to, far[i].from, 0};
        if (*n > 1)
            qsort(far, *n, sizeof *far, by_pair);
        size_t kept = 0;
        for (size_t i = 0; i < *n; i++)
            if (kept == 0 || by_pair(&far[kept - 1], &far[i]) != 0)
                far[kept++] = far[i];
        *n = kept;
        *pairs = far;
    }
    tr_id_index_release(&partners);
    return status;
}
