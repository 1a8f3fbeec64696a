/* The network's reads: one level of links from a set of cities, and names of a set. A set
 * of ids goes as one bound JSON array, which each engine unrolls into rows (the one
 * difference between their texts), so a level is one statement however wide it is. */
#include "twinreg/store/network.h"

#include "store/in_force.h"
#include "store/util.h"
#include "twinreg/core/text_buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#define IDS_SQLITE(p) "SELECT value FROM json_each(" p ")"
#define IDS_PG(p) "SELECT CAST(jsonb_array_elements_text(CAST(" p " AS jsonb)) AS BIGINT)"

/* From the cities' own parties (agreement_parties_city), then the agreement's others,
 * only those of the set ?3 when it is given; the in-force test (in_force.h, as partners
 * makes it) reads each agreement's row, so --any has a text without it. No ORDER BY: the
 * walks sort what they keep. */
#define LINKS_FROM(ids)                                                                            \
    "SELECT p.city_id, o.city_id, p.agreement_id FROM agreement_parties p "                        \
    "JOIN agreement_parties o ON o.agreement_id = p.agreement_id AND o.city_id <> p.city_id "
#define LINKS_WHERE(ids)                                                                           \
    "WHERE p.city_id IN (" ids("?1") ") AND (CAST(?3 AS TEXT) IS NULL OR o.city_id IN (" ids(      \
        "?3") "))"
/* ?2 (NULL) named all the same: PostgreSQL types every parameter up to the last. */
#define LINKS_ANY(ids) LINKS_FROM(ids) LINKS_WHERE(ids) " AND CAST(?2 AS TEXT) IS NULL"
#define LINKS_ON(ids)                                                                              \
    LINKS_FROM(ids)                                                                                \
    "JOIN agreement_days a ON a.id = p.agreement_id " LINKS_WHERE(                                 \
        ids) " AND (a.start_day IS NULL OR a.start_day <= ?2) AND (a.stop_day IS NULL OR "         \
             "a.stop_day > "                                                                       \
             "?2) AND a.id NOT IN " ST_SUSPENDED_ON("?2")
static const char links_on_sqlite[] = LINKS_ON(IDS_SQLITE);
static const char links_on_pg[] = LINKS_ON(IDS_PG);
static const char links_any_sqlite[] = LINKS_ANY(IDS_SQLITE);
static const char links_any_pg[] = LINKS_ANY(IDS_PG);

#define NAMES_SQL(ids) "SELECT id, name, country FROM cities WHERE id IN (" ids("?1") ")"
static const char names_sqlite[] = NAMES_SQL(IDS_SQLITE);
static const char names_pg[] = NAMES_SQL(IDS_PG);
static const char all_names_sql[] = "SELECT id, name, country FROM cities ORDER BY id";

/* "[1,2,3]", or NULL when out of memory (err set). */
static char *id_array(const int64_t *ids, size_t n, tr_error *err)
{
    struct text t = {0};
    char num[24];
    text_put_str(&t, "[");
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(num, sizeof num, "%s%" PRId64, i ? "," : "", ids[i]);
        text_put(&t, num, (size_t)len);
    }
    text_put_str(&t, "]");
    if (t.failed) {
        free(t.data);
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    return t.data;
}

int tr_network_links(tr_store *store, const int64_t *cities, size_t n, const int64_t *to,
                     size_t n_to, const char *day, tr_link **links, size_t *n_links, tr_error *err)
{
    *links = NULL;
    *n_links = 0;
    if (n == 0 || (to && n_to == 0))
        return 0;
    char *array = id_array(cities, n, err), *to_array = to ? id_array(to, n_to, err) : NULL;
    const char *sql = day ? st_sql_for(store, links_on_sqlite, links_on_pg)
                          : st_sql_for(store, links_any_sqlite, links_any_pg);
    st_stmt *stmt = array && (!to || to_array) ? st_prepare_once(store, sql, err) : NULL;
    if (!stmt) {
        free(array);
        free(to_array);
        return -1;
    }
    st_bind_text(stmt, 1, array);
    st_bind_text(stmt, 2, day);
    st_bind_text(stmt, 3, to_array);
    size_t cap = 0;
    int rc, oom = 0;
    while ((rc = st_step(stmt)) == ST_ROW) {
        if (*n_links == cap) {
            tr_link *more = realloc(*links, (cap = cap ? cap * 2 : 64) * sizeof *more);
            if ((oom = !more))
                break;
            *links = more;
        }
        (*links)[(*n_links)++] =
            (tr_link){st_column_int64(stmt, 0), st_column_int64(stmt, 1), st_column_int64(stmt, 2)};
    }
    int status = 0;
    if (oom)
        status = tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        status = st_fail(store, "cannot read the agreements' parties", err);
    st_finalize(stmt);
    free(array);
    free(to_array);
    if (status != 0) {
        free(*links);
        *links = NULL;
        *n_links = 0;
    }
    return status;
}

int tr_network_names(tr_store *store, const int64_t *ids, size_t n, tr_city_name_fn fn, void *ctx,
                     tr_error *err)
{
    if (ids && n == 0)
        return 0;
    char *array = ids ? id_array(ids, n, err) : NULL;
    if (ids && !array)
        return -1;
    st_stmt *stmt = st_prepare_stream(
        store, ids ? st_sql_for(store, names_sqlite, names_pg) : all_names_sql, err);
    if (!stmt) {
        free(array);
        return -1;
    }
    if (array)
        st_bind_text(stmt, 1, array);
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW)
        status =
            fn(st_column_int64(stmt, 0), st_column_text(stmt, 1), st_column_text(stmt, 2), ctx);
    if (status != 0)
        status = tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        status = st_fail(store, "cannot read the cities", err);
    st_finalize(stmt);
    free(array);
    return status;
}

int tr_network_parties(tr_store *store, tr_party_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_stream(
        store, "SELECT agreement_id, city_id FROM agreement_parties ORDER BY 1, 2", err);
    if (!stmt)
        return -1;
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW)
        status = fn(st_column_int64(stmt, 0), st_column_int64(stmt, 1), ctx);
    if (status != 0)
        status = tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        status = st_fail(store, "cannot read the agreements' parties", err);
    st_finalize(stmt);
    return status;
}
