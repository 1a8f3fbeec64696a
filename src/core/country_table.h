/* The generated ISO 3166-1 table (from Debian's iso-codes, see cmake/gen_iso3166.cmake). */
#ifndef TWINREG_COUNTRY_TABLE_H
#define TWINREG_COUNTRY_TABLE_H

#include <stddef.h>

#include "twinreg/core/country.h"

extern const struct tr_country tr_countries[];
extern const int tr_country_count;

#endif
