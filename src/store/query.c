/* active and partners: set-based SQL over the in-force index, rows streamed to the caller. */
#include "twinreg/store/query.h"

#include "store/in_force.h"
#include "store/name_order.h"
#include "store/util.h"

#include <string.h>

#define LIVE_AGREEMENTS                                                                            \
    "live AS (SELECT id FROM agreement_days WHERE (start_day IS NULL OR start_day <= ?1) "         \
    "AND (stop_day IS NULL OR stop_day > ?1) AND id NOT IN " ST_SUSPENDED_ON("?1") ")"

/* The lists of partners: SQLite's json_group_array takes the order its rows came in;
 * PostgreSQL's array_agg is told it, and its text is split without a JSON parser, which
 * took most of the client's time (json_agg's text through json_loads). */
#define ACTIVE_SQL(names, ids)                                                                     \
    "WITH " LIVE_AGREEMENTS ", "                                                                   \
    "counts AS (SELECT p.city_id AS city, count(*) AS n FROM live JOIN agreement_parties p ON "    \
    "p.agreement_id = live.id "                                                                    \
    "  GROUP BY p.city_id), "                                                                      \
    "partner_rows AS (SELECT DISTINCT p.city_id AS city, pc.name_key AS name_key, "                \
    "  pc.name AS name, pc.id AS pid FROM live "                                                   \
    "  JOIN agreement_parties p ON p.agreement_id = live.id "                                      \
    "  JOIN agreement_parties o ON o.agreement_id = live.id AND o.city_id <> p.city_id "           \
    "  JOIN cities pc ON pc.id = o.city_id ORDER BY 1, 2, 3, 4), "                                 \
    "lists AS (SELECT city, " names " AS names, " ids " AS ids FROM partner_rows GROUP BY city) "  \
    "SELECT c.id, c.name, c.country, counts.n, lists.names, lists.ids FROM counts "                \
    "JOIN cities c ON c.id = counts.city JOIN lists ON lists.city = counts.city "                  \
    "WHERE CAST(?2 AS TEXT) IS NULL OR c.country = ?2 ORDER BY " ST_NAME_ORDER("c") ", c.id"
#define ACTIVE_SQLITE ACTIVE_SQL("json_group_array(name)", "json_group_array(pid)")
#define ACTIVE_PG                                                                                  \
    ACTIVE_SQL("array_agg(name ORDER BY name_key, name, pid)",                                     \
               "array_agg(pid ORDER BY name_key, name, pid)")

/* From the city's own agreements (the parties-by-city index), not from every agreement
 * in force: a city has a handful of agreements, the registry may have millions. */
#define PARTNERS_SQL(agreements)                                                                   \
    "WITH mine AS (SELECT a.id FROM agreement_parties p JOIN agreement_days a ON a.id = "          \
    "p.agreement_id "                                                                              \
    "  WHERE p.city_id = ?2 AND (a.start_day IS NULL OR a.start_day <= ?1) AND (a.stop_day IS "    \
    "NULL OR a.stop_day > ?1) AND a.id NOT IN " ST_SUSPENDED_ON(                                   \
        "?1") "), "                                                                                \
              "rows AS (SELECT o.city_id AS city, mine.id AS agreement FROM mine "                 \
              "  JOIN agreement_parties o ON o.agreement_id = mine.id AND o.city_id <> ?2 ORDER "  \
              "BY 1, 2) "                                                                          \
              "SELECT c.id, c.name, c.country, count(*), " agreements ", "                         \
              "  (SELECT min(signed_on) FROM agreements WHERE id IN (SELECT agreement FROM rows "  \
              "r2 WHERE "                                                                          \
              "r2.city = c.id)) "                                                                  \
              "FROM rows JOIN cities c ON c.id = rows.city GROUP BY c.id ORDER BY " ST_NAME_ORDER( \
                  "c") ", c.id"
#define PARTNERS_SQLITE PARTNERS_SQL("json_group_array(rows.agreement)")
#define PARTNERS_PG PARTNERS_SQL("array_agg(rows.agreement ORDER BY rows.agreement)")

/* The columns of the two queries, as their rows' fields. */
static const char *const active_names[] = {"city_id", "city",     "country",
                                           "count",   "partners", "partner_ids"};
static const tr_cell_kind active_kinds[] = {TR_CELL_INTEGER, TR_CELL_TEXT,  TR_CELL_TEXT,
                                            TR_CELL_INTEGER, TR_CELL_TEXTS, TR_CELL_INTEGERS};
static const char *const partners_names[] = {"city_id", "city",       "country",
                                             "count",   "agreements", "since"};
static const tr_cell_kind partners_kinds[] = {TR_CELL_INTEGER, TR_CELL_TEXT,     TR_CELL_TEXT,
                                              TR_CELL_INTEGER, TR_CELL_INTEGERS, TR_CELL_TEXT};
#define COLUMNS 6

/* Rows stream from the server as it sends them (st_prepare_stream) and go to `fn` as cells
 * that point into the statement's row: no copy, no JSON value. */
static int run(tr_store *store, const char *sql, int partners, const char *day, int64_t city,
               const char *alpha2, tr_cells_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_stream(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, day);
    if (partners)
        st_bind_int64(stmt, 2, city);
    else
        st_bind_text(stmt, 2, alpha2);
    const tr_cell_kind *kinds = partners ? partners_kinds : active_kinds;
    tr_cell cells[COLUMNS];
    tr_cells row = {COLUMNS, partners ? partners_names : active_names, cells};
    int rc, status = 0, pg_array = st_store_pg(store) != NULL;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        for (int i = 0; i < COLUMNS; i++) {
            const char *text = st_column_text(stmt, i);
            cells[i].kind = text ? kinds[i] : TR_CELL_NULL;
            cells[i].text = text;
            cells[i].len = text ? st_column_bytes(stmt, i) : 0;
            cells[i].pg_array = pg_array;
        }
        status = fn(&row, ctx);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot run the query", err);
    st_finalize(stmt);
    return status;
}

int tr_query_active(tr_store *store, const char *day, const char *alpha2, tr_cells_fn fn, void *ctx,
                    tr_error *err)
{
    /* It sorts every party of every agreement in force (DISTINCT, GROUP BY, ORDER BY). */
    tr_store_sort_on_every_core(store);
    tr_store_map_for_reading(store);
    return run(store, st_sql_for(store, ACTIVE_SQLITE, ACTIVE_PG), 0, day, 0, alpha2, fn, ctx, err);
}

int tr_query_partners(tr_store *store, int64_t city, const char *day, tr_cells_fn fn, void *ctx,
                      tr_error *err)
{
    return run(store, st_sql_for(store, PARTNERS_SQLITE, PARTNERS_PG), 1, day, city, NULL, fn, ctx,
               err);
}
