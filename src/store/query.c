/* partners: set-based SQL over the in-force index, rows streamed to the caller (active is
 * query_active.c). */
#include "twinreg/store/query.h"

#include "store/in_force.h"
#include "store/name_order.h"
#include "store/util.h"

#include <string.h>

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

/* The columns of the query, as its rows' fields. */
static const char *const partners_names[] = {"city_id", "city",       "country",
                                             "count",   "agreements", "since"};
static const tr_cell_kind partners_kinds[] = {TR_CELL_INTEGER, TR_CELL_TEXT,     TR_CELL_TEXT,
                                              TR_CELL_INTEGER, TR_CELL_INTEGERS, TR_CELL_TEXT};
#define COLUMNS 6

/* Rows stream from the server as it sends them (st_prepare_stream) and go to `fn` as cells
 * that point into the statement's row: no copy, no JSON value. */
static int run(tr_store *store, const char *sql, const char *day, int64_t city, tr_cells_fn fn,
               void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_stream(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, day);
    st_bind_int64(stmt, 2, city);
    tr_cell cells[COLUMNS] = {{0}};
    tr_cells row = {COLUMNS, partners_names, cells};
    int rc, status = 0, pg_array = st_store_pg(store) != NULL;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        for (int i = 0; i < COLUMNS; i++) {
            const char *text = st_column_text(stmt, i);
            cells[i].kind = text ? partners_kinds[i] : TR_CELL_NULL;
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

int tr_query_partners(tr_store *store, int64_t city, const char *day, tr_cells_fn fn, void *ctx,
                      tr_error *err)
{
    return run(store, st_sql_for(store, PARTNERS_SQLITE, PARTNERS_PG), day, city, fn, ctx, err);
}
