/* The report's day: each agreement's status on it, and what expires in its window. */
#ifndef ST_REPORT_DAY_H
#define ST_REPORT_DAY_H

#include <jansson.h>
#include <stdint.h>

#include "twinreg/store/store.h"

/* Agreements of the city ?1, or of both ?1 and ?2 when ?2 is not 0. */
#define ST_REPORT_OURS                                                                             \
    "ours AS (SELECT p.agreement_id AS id FROM agreement_parties p WHERE p.city_id = ?1 "          \
    "AND (?2 = 0 OR EXISTS (SELECT 1 FROM agreement_parties q WHERE q.agreement_id = "             \
    "p.agreement_id AND q.city_id = ?2)))"

/* Sets agreement's "status" on `day` (YYYY-MM-DD): {state: "in force"}, {state:
 * "suspended", since, until (NULL: until further notice)}, or {state: "expired", "ended" or
 * "not yet in force", date}. `agreement` is its record (its "id" read). */
int st_report_status(tr_store *store, json_t *agreement, const char *day, tr_error *err);

/* [{id, expires_on}] of the agreements of a (and b) that expire from `from` to `to`, both
 * days included, soonest first (ST_EXPIRES_BETWEEN). */
json_t *st_report_expiring(tr_store *store, int64_t a, int64_t b, const char *from, const char *to,
                           tr_error *err);

#endif
