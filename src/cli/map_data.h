/* What the map command draws, read from the registry: the located parties of the matching
 * agreements as points, and an arc between every two located parties of one agreement. */
#ifndef TWINREG_CLI_MAP_DATA_H
#define TWINREG_CLI_MAP_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/store/store.h"

struct map_place {
    int64_t id;
    double lon, lat;
    char *title; /* "Seoul (KR)" */
    int drawn;   /* an end of an arc drawn, or the one located party of an agreement */
};

/* An arc keeps what its title needs, not the title: a registry's arcs are many, the drawn
 * ones few (map_data_titles writes theirs). */
struct map_arc {
    int64_t from, to;   /* city ids */
    char signed_on[11]; /* "" when undated */
    char ended_on[11];  /* "" when not ended */
    const char *kind;   /* one of tr_kinds, or NULL */
    double km;
    char *title; /* NULL until map_data_titles */
};

struct map_data {
    struct map_place *places; /* each city once, by id, once read */
    size_t n_places, cap_places;
    struct id_map *seen; /* while reading: each place's index, by its city id */
    struct map_arc *arcs;
    size_t n_arcs, cap_arcs;
    int64_t *unlocated; /* parties without coordinates, each once, once read */
    size_t n_unlocated, cap_unlocated;
    size_t agreements;  /* matching agreements */
    size_t without_arc; /* of them, with fewer than two located parties */
};

/* Reads the agreements `ids` (ascending) into `d` (zeroed), in one read of the store. */
int map_data_read(tr_store *store, const int64_t *ids, size_t n, struct map_data *d, tr_error *err);
/* The titles of the first n arcs: "Seoul (KR) – Mexico City (MX): sister-city, signed
 * 1979-10-16, ended 2001". -1 when out of memory. */
int map_data_titles(struct map_data *d, size_t n);
/* The place of city `id`, one of d's. */
struct map_place *map_data_place(const struct map_data *d, int64_t id);
void map_data_release(struct map_data *d);

#endif
