/* The agreements a change in bulk applies to: one query over the filters (each a slot
 * that a NULL parameter switches off), then the --ids kept by a search of the sorted list. */
#include "twinreg/store/agreement_match.h"

#include "store/in_force.h"
#include "store/util.h"

#include <stdlib.h>
#include <string.h>

/* A party in country ?c, at least ?m of them (a country named twice: two parties). Each
 * slot is one set built once per statement, not a probe per agreement. */
#define COUNTRY_SLOT(c, m)                                                                         \
    " AND (CAST(?" c " AS TEXT) IS NULL OR a.id IN (SELECT p.agreement_id FROM "                   \
    "agreement_parties p JOIN cities c ON c.id = p.city_id WHERE c.country = ?" c                  \
    " GROUP BY p.agreement_id HAVING count(*) >= ?" m "))"

/* Signed on or after (>=), or on or before (<=), the day ?d: a partial date counts from its
 * first day, and an agreement with no signing date matches neither bound. */
#define SIGNED_SLOT(op, d)                                                                         \
    " AND (CAST(?" d " AS TEXT) IS NULL OR substr(a.signed_on || '-01-01', 1, 10) " op " ?" d ")"

static const char match_sql[] =
    "SELECT a.id FROM agreements a WHERE (CAST(?1 AS BIGINT) IS NULL OR a.id IN "
    "(SELECT agreement_id FROM agreement_parties WHERE city_id = ?1))" COUNTRY_SLOT("2", "3")
        COUNTRY_SLOT("4", "5") COUNTRY_SLOT("6", "7") COUNTRY_SLOT(
            "8", "9") " AND (CAST(?10 AS TEXT) IS NULL OR a.kind = ?10)"
                      " AND (CAST(?11 AS TEXT) IS NULL OR a.id IN " ST_IN_FORCE_IDS(
                          "?11") ")"
                                 " AND a.id BETWEEN ?12 AND ?13" SIGNED_SLOT(">=", "14")
                                     SIGNED_SLOT("<=", "15") " ORDER BY a.id";

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The distinct countries of `m` into slots (code, how many times named). */
static int country_slots(const tr_agreement_match *m, const char **code, int64_t *times, size_t *n,
                         tr_error *err)
{
    *n = 0;
    for (size_t i = 0; i < m->n_countries; i++) {
        size_t s = 0;
        while (s < *n && strcmp(code[s], m->countries[i]) != 0)
            s++;
        if (s == *n) {
            if (*n == TR_MATCH_COUNTRIES)
                return tr_error_set(err, TR_REJECTED, "--country: at most %d different countries",
                                    TR_MATCH_COUNTRIES);
            code[(*n)++] = m->countries[i];
            times[s] = 0;
        }
        times[s]++;
    }
    return 0;
}

/* Every id of `m->ids` is an agreement: a change named by id never skips one silently. */
static int ids_exist(tr_store *store, const tr_agreement_match *m, tr_error *err)
{
    for (size_t i = 0; i < m->n_ids; i++) {
        int found = st_exists_id(store, "SELECT 1 FROM agreements WHERE id = ?1", m->ids[i], err);
        if (found <= 0)
            return found < 0 ? -1
                             : tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found",
                                            (long long)m->ids[i]);
    }
    return 0;
}

static int keep(const tr_agreement_match *m, int64_t id)
{
    return !m->ids || bsearch(&id, m->ids, m->n_ids, sizeof id, by_id) != NULL;
}

int tr_agreement_match_ids(tr_store *store, const tr_agreement_match *m, int64_t **ids, size_t *n,
                           tr_error *err)
{
    const char *code[TR_MATCH_COUNTRIES] = {NULL};
    int64_t times[TR_MATCH_COUNTRIES] = {0};
    size_t slots, cap = 0;
    *ids = NULL;
    *n = 0;
    if (country_slots(m, code, times, &slots, err) != 0 || ids_exist(store, m, err) != 0)
        return -1;
    st_stmt *stmt = st_prepare_once(store, match_sql, err);
    if (!stmt)
        return -1;
    if (m->city)
        st_bind_int64(stmt, 1, m->city);
    for (size_t s = 0; s < slots; s++) {
        st_bind_text(stmt, 2 + 2 * (int)s, code[s]);
        st_bind_int64(stmt, 3 + 2 * (int)s, times[s]);
    }
    st_bind_text(stmt, 10, m->kind);
    st_bind_text(stmt, 11, m->active_on);
    /* --ids bounds the scan to their range (the primary key); the list keeps the rest. */
    st_bind_int64(stmt, 12, m->ids ? m->ids[0] : INT64_MIN);
    st_bind_int64(stmt, 13, m->ids ? m->ids[m->n_ids - 1] : INT64_MAX);
    st_bind_text(stmt, 14, m->signed_since);
    st_bind_text(stmt, 15, m->signed_until);
    int rc, oom = 0;
    while (!oom && (rc = st_step(stmt)) == ST_ROW) {
        int64_t id = st_column_int64(stmt, 0);
        if (!keep(m, id))
            continue;
        if (*n == cap) {
            int64_t *more = realloc(*ids, (cap = cap ? cap * 2 : 64) * sizeof *more);
            if (!(oom = !more))
                *ids = more;
            else
                break;
        }
        (*ids)[(*n)++] = id;
    }
    if (oom)
        tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        st_fail(store, "cannot match the agreements", err);
    st_finalize(stmt);
    if (oom || rc != ST_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
