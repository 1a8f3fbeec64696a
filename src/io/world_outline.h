/* The country outlines embedded from data/world-110m.txt (Natural Earth 1:110m). */
#ifndef TWINREG_WORLD_OUTLINE_H
#define TWINREG_WORLD_OUTLINE_H

#include <stddef.h>

/* The largest ring of the data, in points (gen_world_110m.py keeps rings as they are). */
#define WORLD_RING_MAX 1024

/* Reads the ring at *at (start with *at = NULL) into lonlat (pairs of tenths of a degree),
 * at most WORLD_RING_MAX points; returns its number of points, 0 after the last ring. */
size_t world_outline_ring(const char **at, int lonlat[2 * WORLD_RING_MAX]);

#endif
