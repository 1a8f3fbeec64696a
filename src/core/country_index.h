/* A sorted index of folded country names (private to src/core). */
#ifndef TWINREG_COUNTRY_INDEX_H
#define TWINREG_COUNTRY_INDEX_H

#include "twinreg/core/country.h"

#include <stddef.h>

struct cx_index {
    struct cx_entry *e;
    size_t n, cap;
    int built;
};

/* A name's countries: none, one (`country`), or two or more (`other` set too). */
struct cx_match {
    const struct tr_country *country, *other;
};

/* Adds `name` (kept, not copied) folded; nothing for a NULL name or country. -1: no memory. */
int cx_add(struct cx_index *ix, const char *name, const struct tr_country *country);
/* After the last cx_add: the index is ready for cx_find. */
void cx_sort(struct cx_index *ix);
void cx_release(struct cx_index *ix);
struct cx_match cx_find(const struct cx_index *ix, const char *folded);
/* The name whose fold is closest to `folded` (a few edits at most), or NULL. */
const char *cx_nearest(const struct cx_index *ix, const char *folded);

#endif
