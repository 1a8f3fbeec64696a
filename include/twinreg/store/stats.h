/* What the statistics read of each agreement (stats, stats by, stats distance): one pass
 * over the registry in id order, handed to the caller's counting, alike on both engines. */
#ifndef TWINREG_STATS_H
#define TWINREG_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/core/natural_key.h"
#include "twinreg/store/store.h"

typedef struct {
    int64_t city;
    const char *country; /* alpha-2 */
    int has_coords;
    double lat, lon;
} tr_stats_party;

/* One agreement as of a day. Texts point into the statement's row: valid during the call. */
typedef struct {
    int64_t id;
    const char *kind, *signed_on, *ended_on; /* dates as stored (partial), or NULL */
    int in_force;  /* on the day: within its days and in none of its suspensions */
    int suspended; /* within its days but suspended on the day */
    int ended;     /* ended on or before the day */
    int expired;   /* its expiry passed before the day, not ended before it */
    size_t n_parties;
    tr_stats_party parties[TR_MAX_PARTIES]; /* by city id */
} tr_stats_agreement;

typedef int (*tr_stats_fn)(const tr_stats_agreement *a, void *data);

/* Calls fn for each agreement of `ids` (ascending, as tr_agreement_match_ids gives them; NULL:
 * every agreement), in id order, as of `day` (YYYY-MM-DD). fn's non-zero stops the pass and
 * is returned. Nothing else may use the store from fn. */
int tr_stats_agreements(tr_store *store, const char *day, const int64_t *ids, size_t n,
                        tr_stats_fn fn, void *data, tr_error *err);

/* One period in force of an agreement (the view agreement_periods: its days less its
 * suspensions): first day, and first day no longer in force; NULL for an open end. */
typedef int (*tr_stats_period_fn)(int64_t id, const char *start_day, const char *stop_day,
                                  void *data);

/* Calls fn for each period in force of the agreements of `ids` (as above), by id. */
int tr_stats_periods(tr_store *store, const int64_t *ids, size_t n, tr_stats_period_fn fn,
                     void *data, tr_error *err);

#endif
