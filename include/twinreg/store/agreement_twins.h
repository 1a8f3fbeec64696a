/* Agreements that may be one entered twice: the same cities and kind, signed on another
 * date (or one dated, one not). The natural key keeps them apart, so both are kept; the
 * user is told, and decides. */
#ifndef TWINREG_AGREEMENT_TWINS_H
#define TWINREG_AGREEMENT_TWINS_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/store/store.h"

typedef struct {
    int64_t id, earlier;                       /* the agreement, the first such one before it */
    const char *kind;                          /* theirs */
    const char *signed_on, *earlier_signed_on; /* NULL: undated */
} tr_agreement_twin;

/* New agreements of one transaction that no agreement before it shared parties and kind
 * with when each was looked up (tr_bulk_take_lone): such a one has a twin only if another
 * row of the transaction has its parties and kind. `ids` is the caller's to free. */
typedef struct {
    int64_t *ids;
    size_t n;
} tr_lone_agreements;

/* Calls fn, in id order, for each agreement with an id from `first` to `last` that has an
 * earlier twin (the earliest named). `lone` (or NULL) lists agreements of the range known to
 * have no twin before the range, provided no agreement before the range was changed since:
 * those are looked up only when the range holds another of their parties and kind. The
 * texts live until fn returns. A non-zero from fn stops the walk and is returned. */
int tr_agreement_twins(tr_store *store, int64_t first, int64_t last, const tr_lone_agreements *lone,
                       int (*fn)(const tr_agreement_twin *twin, void *ctx), void *ctx,
                       tr_error *err);

/* The warning about a twin, and how to make them one, into buf (one line). */
void tr_agreement_twin_message(const tr_agreement_twin *twin, char *buf, size_t cap);

#endif
