/* Which agreements a change in bulk applies to (issue 16), or a research command reads
 * (stats, map, export graphml): filters read by one set-based query, the matching ids handed
 * back for the caller's writes or reads in the same transaction. */
#ifndef TWINREG_AGREEMENT_MATCH_H
#define TWINREG_AGREEMENT_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/store/store.h"

/* Different countries one match may name: each is a slot of the one query. */
#define TR_MATCH_COUNTRIES 4

typedef struct {
    int64_t city; /* a party; 0: any */
    /* Alpha-2 codes: a party in each (named twice: two parties in it). */
    const char *countries[TR_MATCH_COUNTRIES * 2];
    size_t n_countries;
    const char *kind;         /* or NULL */
    const char *active_on;    /* first day YYYY-MM-DD: in force on it (suspensions too); or NULL */
    const char *signed_since; /* signed on or after this day YYYY-MM-DD; or NULL */
    const char *signed_until; /* signed on or before this day YYYY-MM-DD; or NULL */
    const int64_t *ids;       /* only these (each must exist), or NULL */
    size_t n_ids;
} tr_agreement_match;

/* The ids of the agreements matching every filter of `m`, ascending, into *ids (the
 * caller frees it) and *n. TR_NOT_FOUND for an id of `m->ids` that is no agreement;
 * TR_REJECTED for more than TR_MATCH_COUNTRIES different countries. */
int tr_agreement_match_ids(tr_store *store, const tr_agreement_match *m, int64_t **ids, size_t *n,
                           tr_error *err);

#endif
