/* Drawing agreements on a world map: an SVG of country outlines, cities as points and
 * agreements as great-circle arcs (map_svg, for any printer that wants a map: the map
 * command's page, the report's), and the map command's self-contained HTML page. */
#ifndef TWINREG_IO_MAP_H
#define TWINREG_IO_MAP_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    double lon, lat;   /* degrees */
    const char *title; /* shown on hover: "Seoul (KR)" */
} tr_map_city;

typedef struct {
    size_t a, b;       /* the two ends, indexes into the cities */
    const char *title; /* shown on hover */
} tr_map_arc;

/* The part of the world to show, in degrees (west > east: across the antimeridian is not
 * supported; a printer widens such a box to the whole world). */
typedef struct {
    double west, south, east, north;
} tr_map_bbox;

#define TR_MAP_WORLD ((tr_map_bbox){-180, -90, 180, 90})

/* Writes one <svg> element, `width` by `height` pixels on the page (the drawing keeps its
 * proportions inside), of the bbox: the outlines as one path, then the arcs in the order
 * given (the last on top), each a <path> in <g class="arcs"> with a <title>, then the cities,
 * each a <circle> in <g class="cities"> with a <title>. Arcs fade as they grow many. Returns 0,
 * or -1 when the stream failed. */
int map_svg(FILE *out, const tr_map_city *cities, size_t n, const tr_map_arc *arcs, size_t m,
            const tr_map_bbox *bbox, int width, int height);

/* What the page says besides the map. */
typedef struct {
    const char *title;  /* the page's title and heading */
    const char *notice; /* what was left out and how to narrow it, or NULL */
    const char *legend; /* counts and the data's sources */
} tr_map_page;

/* A whole HTML document around map_svg's world map: nothing fetched when viewed (no tiles,
 * fonts or scripts from elsewhere); a script records any error in the page's data-errors
 * attribute, for the browser tests. Returns 0, or -1 when the stream failed. */
int map_page(FILE *out, const tr_map_page *page, const tr_map_city *cities, size_t n,
             const tr_map_arc *arcs, size_t m);

#endif
