/* Questions about the registry as of a date, answered by SQL over the indexed
 * start_day/stop_day of the agreement_days view (an index on their expressions), less the
 * agreements suspended that day ("in force on D" as the contract defines it). */
#ifndef TWINREG_QUERY_H
#define TWINREG_QUERY_H

#include <stdint.h>

#include "twinreg/store/cells.h"
#include "twinreg/store/store.h"

/* Both hand their rows over as cells, as the server sends them: nothing else may use the
 * store from `fn`. */
/* Cities with at least one agreement in force on `day` (YYYY-MM-DD): rows {city_id, city,
 * country, count (agreements in force), partners (names), partner_ids}, by name. */
int tr_query_active(tr_store *store, const char *day, const char *alpha2, tr_cells_fn fn, void *ctx,
                    tr_error *err);
/* The cities `city` has agreements in force with on `day`: rows {city_id, city, country,
 * count, agreements (ids), since (earliest signing date)}, by name. */
int tr_query_partners(tr_store *store, int64_t city, const char *day, tr_cells_fn fn, void *ctx,
                      tr_error *err);

#endif
