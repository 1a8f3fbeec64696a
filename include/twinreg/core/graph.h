/* Graph helpers with no database: dense numbers for sparse ids (the cities a walk meets),
 * union-find over them (stats network's components). One definition for every network
 * command. */
#ifndef TWINREG_GRAPH_H
#define TWINREG_GRAPH_H

#include <stddef.h>
#include <stdint.h>

/* Ids (any int64 but INT64_MIN) numbered 0, 1, 2, ... in the order first added: open
 * addressing, so a lookup costs no allocation. */
typedef struct {
    int64_t *keys;  /* slots; INT64_MIN when empty */
    size_t *index;  /* slot -> number */
    int64_t *ids;   /* number -> id */
    size_t n, cap;  /* numbers given; slots (a power of two) */
    size_t ids_cap; /* room in ids */
} tr_id_index;

void tr_id_index_init(tr_id_index *ix);
void tr_id_index_release(tr_id_index *ix);
/* The number of `id`, given now when new (*added = 1 then, when added is not NULL);
 * (size_t)-1 when out of memory. */
size_t tr_id_index_add(tr_id_index *ix, int64_t id, int *added);
/* The number of `id`, or (size_t)-1 when it has none. */
size_t tr_id_index_find(const tr_id_index *ix, int64_t id);

/* Disjoint sets of the numbers 0..n-1, merged by size with path halving. */
typedef struct {
    size_t *parent;
    size_t *size; /* of the set, at its root */
    size_t n, cap;
} tr_union_find;

void tr_union_find_init(tr_union_find *uf);
void tr_union_find_release(tr_union_find *uf);
/* Grows the sets to the numbers 0..n-1 (new ones alone); -1 when out of memory. */
int tr_union_find_grow(tr_union_find *uf, size_t n);
size_t tr_union_find_root(tr_union_find *uf, size_t x);
/* Joins the sets of a and b; 1 when they were apart. */
int tr_union_find_join(tr_union_find *uf, size_t a, size_t b);

/* A link of the network: `from` and `to` are parties of `agreement`. */
typedef struct {
    int64_t from, to, agreement;
} tr_link;

/* Sorts links by (from, agreement, to): the order a walk's ties are broken in. */
void tr_links_sort(tr_link *links, size_t n);

#endif
