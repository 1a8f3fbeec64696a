/* Agreements between two or more cities: kind, dates kept as given, the chain they
 * build on, their end. */
#ifndef TWINREG_AGREEMENT_H
#define TWINREG_AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/natural_key.h"
#include "twinreg/store/store.h"

typedef struct {
    tr_opt_text kind, title, signed_on, in_force_on, expires_on, ended_on, end_reason;
    int set_builds_on;
    int64_t builds_on;      /* 0: none */
    const int64_t *parties; /* add: required; update: replaces when n_parties > 0 */
    size_t n_parties;
    int set_frameworks; /* replaces the list of framework codes */
    const char *const *frameworks;
    size_t n_frameworks;
    int set_sources; /* replaces the list of source urls */
    const char *const *sources;
    size_t n_sources;
    tr_opt_text registered_by, registration_number,
        registered_on; /* registration with an authority */
    int64_t want_id;   /* import: keep this id when never used; 0 otherwise */
    /* For a caller that has just resolved the parties to existing cities and settled the
     * natural key (import: an add of a key it knows is new, an update of the agreement it
     * matched by that key, which keeps it): neither is looked up again. The foreign keys
     * hold, and so does the natural-key index (built at the end when it was deferred). */
    int parties_resolved;
} tr_agreement_fields;

/* Records a later action (amendment) on an agreement. */
int tr_agreement_add_event(tr_store *store, int64_t id, const char *event, const char *on,
                           const char *note, tr_error *err);
/* Removes the events of an agreement (before an imported list replaces them). */
int tr_agreement_clear_events(tr_store *store, int64_t id, tr_error *err);

/* Checks a kind; TR_REJECTED with the list of kinds when unknown. */
int tr_kind_check(const char *kind, tr_error *err);
extern const char *const tr_kinds[];

/* The caller holds the transaction. Duplicates (same parties, kind and signing date),
 * self-twinning, bad dates and broken references are TR_REJECTED. */
int tr_agreement_add(tr_store *store, const tr_agreement_fields *fields, int64_t *id,
                     tr_error *err);
/* For an import (parties_resolved set): adds the agreement, or, when one with its natural
 * key exists, writes nothing and sets *known, with that agreement's id in *id. The
 * natural-key index answers as the row goes in: most records of a bulk load are new, and
 * a lookup first was a tenth of the load. *known on entry: not 0 when the caller expects a
 * match (the records before matched), and then the key is looked up first. */
int tr_agreement_add_or_match(tr_store *store, const tr_agreement_fields *fields, int64_t *id,
                              int *known, tr_error *err);
int tr_agreement_update(tr_store *store, int64_t id, const tr_agreement_fields *fields,
                        tr_error *err);
/* 1 when tr_agreement_update(id, fields) would change the agreement, 0 when its row and
 * parties already read so and `fields` sets no frameworks, sources or registration (which
 * live in other tables), -1 on a failure. An import asks first: most agreements it matches
 * are unchanged, and then it writes nothing. */
int tr_agreement_update_changes(tr_store *store, int64_t id, const tr_agreement_fields *fields,
                                tr_error *err);

/* Refused while another agreement builds on it. */
int tr_agreement_remove(tr_store *store, int64_t id, tr_error *err);
/* Parses "123" (an existing agreement id); TR_NOT_FOUND otherwise. */
int tr_agreement_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err);
/* 1 when agreement `id` has this natural key (parties in any order, kind, signing date),
 * 0 when not, -1 on error: a rowid lookup, with or without the natural-key index. */
int tr_agreement_has_natural(tr_store *store, int64_t id, const int64_t *parties, size_t n,
                             const char *kind, const char *signed_on, tr_error *err);
/* The id of the agreement with these parties (sorted key), kind and signing date; 0 if none. */
int tr_agreement_find_natural(tr_store *store, const int64_t *parties, size_t n, const char *kind,
                              const char *signed_on, int64_t *id, tr_error *err);
/* The same lookup for a key made already, which also tells whether any agreement has its
 * parties and kind (*pair_seen: 1, whatever its date): one look at the index answers both
 * the match and whether the agreement, if new, can have an earlier twin in the registry
 * (tr_agreement_twins). */
int tr_agreement_find_key(tr_store *store, const tr_natural_key *key, int64_t *id, int *pair_seen,
                          tr_error *err);

/* The interchange record: id, kind, title, parties, signed_on, in_force_on, expires_on,
 * ended_on, end_reason, builds_on, frameworks, sources. */
json_t *tr_agreement_record(tr_store *store, int64_t id, tr_error *err);
/* The same record as its serialized text, held in a JSON string: two snapshots are equal
 * (json_equal) exactly when the records are. For telling a changed record from an
 * unchanged one (import) without parsing the text back: that parse was half the time of
 * re-importing an unchanged list. */
json_t *tr_agreement_snapshot(tr_store *store, int64_t id, tr_error *err);

typedef struct {
    int64_t city;            /* 0: any */
    const char *country;     /* alpha-2 or NULL */
    const char *kind;        /* or NULL */
    const char *in_force_on; /* first day YYYY-MM-DD, or NULL for all */
    /* Both, or neither: only agreements whose expiry (its first day, as agreement_days
     * reads it) falls from this day to that one, both YYYY-MM-DD, and that no end stops
     * first. None that has no expiry or that expired before the first day. */
    const char *expiring_from, *expiring_to;
    int dependency_order; /* every agreement after the one it builds on (for export) */
} tr_agreement_filter;
int tr_agreement_list(tr_store *store, const tr_agreement_filter *filter, tr_row_fn fn, void *ctx,
                      tr_error *err);

#endif
