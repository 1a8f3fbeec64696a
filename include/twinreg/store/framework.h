/* Legal frameworks: the laws, resolutions, treaties and declarations agreements rest on. */
#ifndef TWINREG_FRAMEWORK_H
#define TWINREG_FRAMEWORK_H

#include "twinreg/store/store.h"

typedef struct {
    const char *code; /* natural key: MX-LCT-1992 */
    tr_opt_text title, jurisdiction, kind, adopted_on, summary, duty, duty_authority;
    int set_requires;            /* update: replaces the list (add: always written) */
    const char *const *requires; /* the bodies whose approval it requires */
    size_t n_requires;
} tr_framework_fields;

/* Checks a framework kind (law, resolution, treaty, declaration). */
int tr_framework_kind_check(const char *kind, tr_error *err);
int tr_framework_add(tr_store *store, const tr_framework_fields *fields, tr_error *err);
int tr_framework_update(tr_store *store, const tr_framework_fields *fields, tr_error *err);
/* 1 when the code exists, 0 when not, -1 on error. */
int tr_framework_exists(tr_store *store, const char *code, tr_error *err);
/* {code, title, jurisdiction, kind, adopted_on, summary, duty, duty_authority, sources},
 * and "requires" (the approving bodies) when it requires any: a record without it is as
 * an older registry's. */
json_t *tr_framework_record(tr_store *store, const char *code, tr_error *err);
int tr_framework_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

#endif
