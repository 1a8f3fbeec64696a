/* An agreement's natural key: its parties in any order, its kind and its signing date. Two
 * agreements with one key are one agreement (a duplicate). Defined once, here: the store's
 * index column, its lookups and the bulk writer's in-memory match all derive from it. */
#ifndef TWINREG_NATURAL_KEY_H
#define TWINREG_NATURAL_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"

/* An agreement has two to TR_MAX_PARTIES parties. */
#define TR_MAX_PARTIES 64
/* The kind of an agreement that names none. */
#define TR_DEFAULT_KIND "sister-city"

typedef struct {
    int64_t parties[TR_MAX_PARTIES]; /* ascending */
    size_t n_parties;
    const char *kind;      /* never NULL: TR_DEFAULT_KIND when none was given */
    const char *signed_on; /* NULL when unknown, which is a value of its own */
    /* The parties as the registry's parties_key column holds them: "12,345" (at most 21
     * bytes a party: a sign, 19 digits, a comma). */
    char parties_text[TR_MAX_PARTIES * 21];
} tr_natural_key;

/* Builds the key; refuses (TR_REJECTED) fewer than two parties, more than TR_MAX_PARTIES
 * and a city named twice. `kind` and `signed_on` are borrowed, not copied. */
int tr_natural_key_make(tr_natural_key *key, const int64_t *parties, size_t n, const char *kind,
                        const char *signed_on, tr_error *err);
/* A 64-bit hash of the whole key, for a table in memory (equal keys, equal hashes). */
uint64_t tr_natural_key_hash(const tr_natural_key *key);
/* A 64-bit hash of the parties (as parties_text) and kind alone: the pair that agreements
 * twins of each other share (twinreg/store/agreement_twins.h). */
uint64_t tr_natural_pair_hash(const char *parties_text, const char *kind);

#endif
