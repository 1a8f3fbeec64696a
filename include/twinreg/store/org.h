/* Organizations: governments, training centres, associations, ministries. */
#ifndef TWINREG_ORG_H
#define TWINREG_ORG_H

#include <stdint.h>

#include "twinreg/store/store.h"

typedef struct {
    const char *name; /* required for add; natural key */
    tr_opt_text acronym, country, founded_on,
        summary;     /* country: any form tr_country_resolve takes */
    int64_t want_id; /* import: keep this id when never used; 0 otherwise */
} tr_org_fields;

int tr_org_add(tr_store *store, const tr_org_fields *fields, int64_t *id, tr_error *err);
int tr_org_update(tr_store *store, int64_t id, const tr_org_fields *fields, tr_error *err);
/* ORG: an id, a name (case and accents ignored) or an acronym (SHRDC). TR_NOT_FOUND otherwise. */
int tr_org_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err);
/* By natural key (folded name); 0 when none. */
int tr_org_find_natural(tr_store *store, const char *name, int64_t *id, tr_error *err);
/* {id, name, acronym, country, founded_on, summary, sources} */
json_t *tr_org_record(tr_store *store, int64_t id, tr_error *err);
int tr_org_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

#endif
