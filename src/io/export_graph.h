/* The two graph dialects (GraphML, GEXF) as the graph export's walk calls them. */
#ifndef TWINREG_IO_EXPORT_GRAPH_H
#define TWINREG_IO_EXPORT_GRAPH_H

#include <stdint.h>
#include <stdio.h>

#include "twinreg/store/cursor.h"

/* One edge: agreement `row` (a row of TR_Q_AGREEMENTS) between cities a and b; `pair` is 0
 * for an agreement of two parties, else the pair's number (1, 2, ...) among its pairs. */
struct graph_edge {
    tr_cursor *row;
    int64_t a, b;
    int pair;
};

struct graph_dialect {
    void (*begin)(FILE *out);
    void (*nodes)(FILE *out); /* before the first node */
    /* A row of TR_Q_CITIES: id, name, country, region, wikidata, lon, lat. */
    void (*node)(FILE *out, tr_cursor *city);
    void (*edges)(FILE *out); /* after the last node, before the first edge */
    void (*edge)(FILE *out, const struct graph_edge *e);
    void (*end)(FILE *out);
};

extern const struct graph_dialect graph_graphml, graph_gexf;

/* The node and edge ids both dialects write: "c12", and "a7" or "a7-2" (the second pair of a
 * multi-party agreement). */
void graph_put_node_id(FILE *out, int64_t city);
void graph_put_edge_id(FILE *out, const struct graph_edge *e);
/* A coordinate (column `col` of a city row) as a number both engines write alike; 0 when
 * the city has none. */
int graph_coordinate(tr_cursor *city, int col, double *value);

#endif
