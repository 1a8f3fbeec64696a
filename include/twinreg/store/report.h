/* The story of a city or a relationship: its dated events, and the one-screen report of
 * what a twinning produced. */
#ifndef TWINREG_REPORT_H
#define TWINREG_REPORT_H

#include <stdint.h>

#include "twinreg/store/store.h"

/* Every dated event of city `a` (b = 0) or of the pair a–b, oldest first: agreements
 * signed, in force, amended, registered, expiring, ended; programs started; recorded
 * participation. Rows {date, event, agreement, program, detail}. */
int tr_timeline(tr_store *store, int64_t a, int64_t b, tr_row_fn fn, void *ctx, tr_error *err);

/* The relationship a–b on `day` (YYYY-MM-DD): {day, cities, agreements (the chain, oldest
 * first, each with its status on the day), expiring ([{id, expires_on}] from the day to
 * `expiring_to`), frameworks (with unmet duties), programs (with beneficiaries of either
 * city by field and year), sources}. */
json_t *tr_report(tr_store *store, int64_t a, int64_t b, const char *day, const char *expiring_to,
                  tr_error *err);

/* The ids of the cities that share an agreement with `city`, the partner of the most
 * recently signed first (undated ones last), then by name. */
json_t *tr_report_partners(tr_store *store, int64_t city, tr_error *err);

#endif
