/* The user's country names, as the lookup in country.c reads them (private to src/core). */
#ifndef TWINREG_COUNTRY_MAP_H
#define TWINREG_COUNTRY_MAP_H

#include "core/country_index.h"

/* The country mapped to `folded`; none for a NULL map. */
struct cx_match tr_country_map_find(const tr_country_map *map, const char *folded);

#endif
