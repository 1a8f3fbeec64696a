/* Reading the embedded outlines ring by ring: parsed where they lie, nothing allocated. */
#include "io/world_outline.h"

#include <stdlib.h>
#include <string.h>

extern const char tr_world_110m[];

size_t world_outline_ring(const char **at, int lonlat[2 * WORLD_RING_MAX])
{
    const char *p = *at ? *at : tr_world_110m;
    while (*p == '#' || *p == '\n') /* comments, and blank lines */
        p = *p == '#' ? p + strcspn(p, "\n") : p + 1;
    size_t n = 0;
    while (*p && *p != '\n') {
        char *end;
        long v = strtol(p, &end, 10);
        if (end == p)
            break;
        if (n < 2 * WORLD_RING_MAX)
            lonlat[n++] = (int)v;
        p = end + (*end == ' ');
    }
    *at = p;
    return n / 2;
}
