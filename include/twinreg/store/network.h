/* The network of agreements (issue 17, "Network questions"): cities as nodes, and a link
 * between every two parties of an agreement (a multi-party agreement links each pair).
 * The walks start from one city and expand level by level by set-based queries over the
 * parties-by-city index; only stats network reads every party, once. */
#ifndef TWINREG_NETWORK_H
#define TWINREG_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/core/graph.h"
#include "twinreg/store/agreement_match.h"
#include "twinreg/store/store.h"

/* Every `day` below is YYYY-MM-DD: only the agreements in force that day (the contract's
 * rule, suspensions included); NULL: every agreement, whatever its state (--any). */

/* The links from each of `cities` to the other parties of its agreements (only to those
 * of `to` when it is not NULL), in no order, into *links (the caller frees it). */
int tr_network_links(tr_store *store, const int64_t *cities, size_t n, const int64_t *to,
                     size_t n_to, const char *day, tr_link **links, size_t *n_links, tr_error *err);

/* Names and countries of `ids` (in no order), or of every city (by id) when ids is NULL.
 * A callback's nonzero return stops the read as out of memory. */
typedef int (*tr_city_name_fn)(int64_t id, const char *name, const char *country, void *ctx);
int tr_network_names(tr_store *store, const int64_t *ids, size_t n, tr_city_name_fn fn, void *ctx,
                     tr_error *err);

/* Every party of every agreement, by (agreement, city): the one pass of stats network. */
typedef int (*tr_party_fn)(int64_t agreement, int64_t city, void *ctx);
int tr_network_parties(tr_store *store, tr_party_fn fn, void *ctx, tr_error *err);

/* A city a walk reached: `depth` hops from the start, through `agreement` from the city
 * reached[parent] (the start itself: depth 0, parent (size_t)-1, agreement 0). */
typedef struct {
    int64_t city, agreement;
    size_t parent;
    int depth;
} tr_reached;

/* Cities up to `depth` hops from `city` (partners --depth), level by level; each once,
 * by its smallest chain: the chain whose first hop's agreement id is smallest, then the
 * next hop's, and so on (parties of one agreement: the smaller city id). *out (freed by the
 * caller) starts with `city`, then each level in that order. */
int tr_network_reach(tr_store *store, int64_t city, int depth, const char *day, tr_reached **out,
                     size_t *n, tr_error *err);

/* The shortest chain from `from` to `to` (from != to), hop by hop into *hops (freed by the
 * caller); *n 0 when none links them. Of several shortest chains, the smallest as
 * tr_network_reach orders them. Bidirectional: each step expands the smaller frontier. */
int tr_network_path(tr_store *store, int64_t from, int64_t to, const char *day, tr_link **hops,
                    size_t *n, tr_error *err);

/* The cities sharing a partner with `city` but not linked with it: pairs (from: the
 * cousin, to: a partner they share, agreement 0), ordered by (from, to), each once. */
int tr_network_cousins(tr_store *store, int64_t city, const char *day, tr_link **pairs, size_t *n,
                       tr_error *err);

/* stats network over the agreements of `ids` (ascending; every agreement when NULL). */
typedef struct {
    int64_t city;
    const char *name, *country; /* owned by the stats */
    size_t degree;              /* partners: different cities linked with it */
} tr_network_city;

typedef struct {
    size_t cities;     /* in the registry */
    size_t linked;     /* party to at least one agreement counted */
    size_t agreements; /* counted */
    size_t links;      /* different pairs of cities linked */
    size_t components; /* of the linked cities */
    size_t largest;    /* cities in the largest (of two as large, the one with the smallest id) */
    char (*spans)[3];  /* the countries of its cities, by code */
    size_t n_spans;
    char (*unreached)[3]; /* countries with a city in the registry but none in it, by code */
    size_t n_unreached;
    tr_network_city *top; /* the most partners first, then by name, then id */
    size_t n_top;
    size_t (*degrees)[2]; /* (degree, cities with it), by degree, for the linked cities */
    size_t n_degrees;
    /* what the rest points into */
    char **names;
    size_t n_names;
} tr_network_stats;

int tr_network_stats_read(tr_store *store, const int64_t *ids, size_t n_ids, size_t top,
                          tr_network_stats *stats, tr_error *err);
void tr_network_stats_release(tr_network_stats *stats);

#endif
