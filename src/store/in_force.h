/* The in-force rule's SQL, one text for every query that asks "in force on the day ?N":
 * within the agreement's days (agreement_days) and in none of its suspensions. */
#ifndef ST_IN_FORCE_H
#define ST_IN_FORCE_H

/* A row of agreement_suspensions that covers the day parameter `p` ("?1"). */
#define ST_SUSPENSION_COVERS(p)                                                                    \
    "substr(suspended_on || '-01-01', 1, 10) <= " p " AND (resumed_on IS NULL OR "                 \
    "substr(resumed_on || '-01-01', 1, 10) > " p ")"

/* The agreements suspended on the day parameter `p` ("?1"). A NOT IN over a subquery is
 * built once per statement (SQLite's ephemeral index, PostgreSQL's hashed subplan), not
 * probed per agreement: a registry with no suspension pays one look at an empty table. */
#define ST_SUSPENDED_ON(p)                                                                         \
    "(SELECT agreement_id FROM agreement_suspensions WHERE " ST_SUSPENSION_COVERS(p) ")"

/* The last day in force that an agreement's expiry gives (a partial one: its first day, as
 * agreement_days reads it). */
#define ST_EXPIRY_DAY "substr(expires_on || '-01-01', 1, 10)"

/* An agreement of `agreements` that expires from the day `from` to the day `to` (both
 * included): one with no expiry, or an end on or before its expiry day, never does. */
#define ST_EXPIRES_BETWEEN(from, to)                                                               \
    "(" ST_EXPIRY_DAY " BETWEEN " from " AND " to " AND (ended_on IS NULL OR "                     \
    "substr(ended_on || '-01-01', 1, 10) > " ST_EXPIRY_DAY "))"

/* The ids of the agreements in force on the day parameter `p`: within their days and in
 * none of their suspensions (agreement list --active, the changes in bulk' --active-on). */
#define ST_IN_FORCE_IDS(p)                                                                         \
    "(SELECT id FROM agreement_days WHERE (start_day IS NULL OR start_day <= " p ") "              \
    "AND (stop_day IS NULL OR stop_day > " p ") AND id NOT IN " ST_SUSPENDED_ON(p) ")"

/* The same rule for the agreement_days row `alias`, written so that no index on the days
 * could match it (coalesce): for a query that reads most agreements (active), where going
 * through such an index read the table a row at a time and cost 3x the scan (2.4 s of CPU
 * against 0.4 s at 1M agreements, most of them in force). The registry has none since
 * migrations/0013_no_in_force_index.sql; this keeps `active` a scan if one comes back. */
#define ST_IN_FORCE_SCANNED(alias, p)                                                              \
    "coalesce(" alias ".start_day <= " p ", TRUE) AND coalesce(" alias ".stop_day > " p            \
    ", TRUE) AND " alias ".id NOT IN " ST_SUSPENDED_ON(p)

#endif
