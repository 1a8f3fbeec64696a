/* Dense numbers for ids and union-find: the in-memory side of the network commands. */
#include "twinreg/core/graph.h"

#include <stdlib.h>

void tr_id_index_init(tr_id_index *ix) { *ix = (tr_id_index){0}; }

void tr_id_index_release(tr_id_index *ix)
{
    free(ix->keys);
    free(ix->index);
    free(ix->ids);
    tr_id_index_init(ix);
}

static size_t slot_of(int64_t id, size_t cap)
{
    /* A multiplicative hash: ids are dense runs, which a plain mask would cluster. */
    uint64_t h = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 17) & (cap - 1);
}

static size_t probe(const tr_id_index *ix, int64_t id)
{
    size_t s = slot_of(id, ix->cap);
    while (ix->keys[s] != INT64_MIN && ix->keys[s] != id)
        s = (s + 1) & (ix->cap - 1);
    return s;
}

static int rehash(tr_id_index *ix, size_t cap)
{
    int64_t *keys = malloc(cap * sizeof *keys);
    size_t *index = malloc(cap * sizeof *index);
    if (!keys || !index) {
        free(keys);
        free(index);
        return -1;
    }
    for (size_t s = 0; s < cap; s++)
        keys[s] = INT64_MIN;
    tr_id_index old = *ix;
    ix->keys = keys, ix->index = index, ix->cap = cap;
    for (size_t i = 0; i < ix->n; i++) {
        size_t s = probe(ix, ix->ids[i]);
        ix->keys[s] = ix->ids[i];
        ix->index[s] = i;
    }
    free(old.keys);
    free(old.index);
    return 0;
}

size_t tr_id_index_find(const tr_id_index *ix, int64_t id)
{
    if (!ix->cap)
        return (size_t)-1;
    size_t s = probe(ix, id);
    return ix->keys[s] == id ? ix->index[s] : (size_t)-1;
}

size_t tr_id_index_add(tr_id_index *ix, int64_t id, int *added)
{
    if (added)
        *added = 0;
    if ((ix->n + 1) * 2 > ix->cap && rehash(ix, ix->cap ? ix->cap * 2 : 64) != 0)
        return (size_t)-1;
    size_t s = probe(ix, id);
    if (ix->keys[s] == id)
        return ix->index[s];
    if (ix->n == ix->ids_cap) {
        size_t cap = ix->ids_cap ? ix->ids_cap * 2 : 32;
        int64_t *ids = realloc(ix->ids, cap * sizeof *ids);
        if (!ids)
            return (size_t)-1;
        ix->ids = ids, ix->ids_cap = cap;
    }
    ix->keys[s] = id;
    ix->index[s] = ix->n;
    ix->ids[ix->n] = id;
    if (added)
        *added = 1;
    return ix->n++;
}

void tr_union_find_init(tr_union_find *uf) { *uf = (tr_union_find){0}; }

void tr_union_find_release(tr_union_find *uf)
{
    free(uf->parent);
    free(uf->size);
    tr_union_find_init(uf);
}

int tr_union_find_grow(tr_union_find *uf, size_t n)
{
    if (n > uf->cap) {
        size_t cap = uf->cap ? uf->cap : 64;
        while (cap < n)
            cap *= 2;
        size_t *parent = realloc(uf->parent, cap * sizeof *parent);
        if (!parent)
            return -1;
        uf->parent = parent;
        size_t *size = realloc(uf->size, cap * sizeof *size);
        if (!size)
            return -1;
        uf->size = size, uf->cap = cap;
    }
    for (; uf->n < n; uf->n++) {
        uf->parent[uf->n] = uf->n;
        uf->size[uf->n] = 1;
    }
    return 0;
}

size_t tr_union_find_root(tr_union_find *uf, size_t x)
{
    while (uf->parent[x] != x) {
        uf->parent[x] = uf->parent[uf->parent[x]];
        x = uf->parent[x];
    }
    return x;
}

int tr_union_find_join(tr_union_find *uf, size_t a, size_t b)
{
    a = tr_union_find_root(uf, a);
    b = tr_union_find_root(uf, b);
    if (a == b)
        return 0;
    if (uf->size[a] < uf->size[b]) {
        size_t t = a;
        a = b, b = t;
    }
    uf->parent[b] = a;
    uf->size[a] += uf->size[b];
    return 1;
}

static int by_link(const void *pa, const void *pb)
{
    const tr_link *a = pa, *b = pb;
    if (a->from != b->from)
        return a->from < b->from ? -1 : 1;
    if (a->agreement != b->agreement)
        return a->agreement < b->agreement ? -1 : 1;
    return (a->to > b->to) - (a->to < b->to);
}

void tr_links_sort(tr_link *links, size_t n)
{
    if (n > 1)
        qsort(links, n, sizeof *links, by_link);
}
