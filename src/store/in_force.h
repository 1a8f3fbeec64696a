/* The in-force rule's SQL, one text for every query that asks "in force on the day ?N":
 * within the agreement's days (agreement_days) and in none of its suspensions. */
#ifndef ST_IN_FORCE_H
#define ST_IN_FORCE_H

/* The agreements suspended on the day parameter `p` ("?1"). A NOT IN over a subquery is
 * built once per statement (SQLite's ephemeral index, PostgreSQL's hashed subplan), not
 * probed per agreement: a registry with no suspension pays one look at an empty table. */
#define ST_SUSPENDED_ON(p)                                                                         \
    "(SELECT agreement_id FROM agreement_suspensions WHERE "                                       \
    "substr(suspended_on || '-01-01', 1, 10) <= " p " AND (resumed_on IS NULL OR "                 \
    "substr(resumed_on || '-01-01', 1, 10) > " p "))"

/* The ids of the agreements in force on the day parameter `p`: within their days and in
 * none of their suspensions (agreement list --active, the changes in bulk' --active-on). */
#define ST_IN_FORCE_IDS(p)                                                                         \
    "(SELECT id FROM agreement_days WHERE (start_day IS NULL OR start_day <= " p ") "              \
    "AND (stop_day IS NULL OR stop_day > " p ") AND id NOT IN " ST_SUSPENDED_ON(p) ")"

#endif
