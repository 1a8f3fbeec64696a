/* The statistics' passes over the registry: agreements with their parties, and their periods
 * in force, each one streamed query in id order, kept to the matched ids by a merge. */
#include "twinreg/store/stats.h"

#include "store/in_force.h"
#include "store/util.h"

#include <stdio.h>
#include <string.h>

#define DAY(col) "substr(" col " || '-01-01', 1, 10)"

/* The flags of an agreement `a` (joined to its agreement_days `d`) on the day ?1, as
 * ST_IN_FORCE_IDS reads them: within its days; suspended (one NOT IN over the suspensions,
 * built once per statement); ended by the day; expired before it, not ended first. */
#define WITHIN_DAYS                                                                                \
    "(d.start_day IS NULL OR d.start_day <= ?1) AND (d.stop_day IS NULL OR d.stop_day > ?1)"
#define SUSPENDED "a.id IN " ST_SUSPENDED_ON("?1")
#define ENDED "a.ended_on IS NOT NULL AND " DAY("a.ended_on") " <= ?1"
#define EXPIRED                                                                                    \
    "a.expires_on IS NOT NULL AND " ST_EXPIRY_DAY                                                  \
    " < ?1 AND (a.ended_on IS NULL OR " DAY("a.ended_on") " > " ST_EXPIRY_DAY ")"
#define FLAG(cond) "CASE WHEN " cond " THEN 1 ELSE 0 END, "

/* One row per party, in the order of agreement_parties' key (no sort on SQLite). */
static const char agreements_sql[] =
    "SELECT a.id, a.kind, a.signed_on, a.ended_on, " FLAG(WITHIN_DAYS) FLAG(SUSPENDED) FLAG(ENDED)
        FLAG(EXPIRED) "c.id, c.country, c.lat, c.lon FROM agreements a "
                      "JOIN agreement_days d ON d.id = a.id "
                      "JOIN agreement_parties p ON p.agreement_id = a.id "
                      "JOIN cities c ON c.id = p.city_id "
                      "WHERE p.agreement_id BETWEEN ?2 AND ?3 ORDER BY p.agreement_id, p.city_id";

static const char periods_sql[] = "SELECT agreement_id, start_day, stop_day FROM agreement_periods "
                                  "WHERE agreement_id BETWEEN ?1 AND ?2 ORDER BY agreement_id";

/* Whether `id` is among the sorted `ids` (NULL: all), moving *at forward: ids come in order. */
static int wanted(const int64_t *ids, size_t n, size_t *at, int64_t id)
{
    if (!ids)
        return 1;
    while (*at < n && ids[*at] < id)
        (*at)++;
    return *at < n && ids[*at] == id;
}

static void bind_range(st_stmt *stmt, int first, const int64_t *ids, size_t n)
{
    st_bind_int64(stmt, first, ids ? ids[0] : INT64_MIN);
    st_bind_int64(stmt, first + 1, ids ? ids[n - 1] : INT64_MAX);
}

static void read_party(st_stmt *stmt, tr_stats_party *p)
{
    p->city = st_column_int64(stmt, 8);
    p->country = st_column_text(stmt, 9);
    p->has_coords = st_column_type(stmt, 10) != ST_NULL && st_column_type(stmt, 11) != ST_NULL;
    p->lat = p->has_coords ? st_column_double(stmt, 10) : 0;
    p->lon = p->has_coords ? st_column_double(stmt, 11) : 0;
}

/* The row's agreement fields (the texts copied: the next row overwrites the statement's). */
static void read_agreement(st_stmt *stmt, tr_stats_agreement *a, char text[3][32])
{
    const char *src[3] = {st_column_text(stmt, 1), st_column_text(stmt, 2),
                          st_column_text(stmt, 3)};
    const char **dst[3] = {&a->kind, &a->signed_on, &a->ended_on};
    for (int i = 0; i < 3; i++) {
        *dst[i] = src[i] ? strncpy(text[i], src[i], 31) : NULL;
        text[i][31] = '\0';
    }
    a->id = st_column_int64(stmt, 0);
    a->in_force = st_column_int64(stmt, 4) && !st_column_int64(stmt, 5);
    a->suspended = st_column_int64(stmt, 4) && st_column_int64(stmt, 5);
    a->ended = (int)st_column_int64(stmt, 6);
    a->expired = (int)st_column_int64(stmt, 7);
    a->n_parties = 0;
}

int tr_stats_agreements(tr_store *store, const char *day, const int64_t *ids, size_t n,
                        tr_stats_fn fn, void *data, tr_error *err)
{
    if (ids && n == 0)
        return 0;
    st_stmt *stmt = st_prepare_stream(store, agreements_sql, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, day);
    bind_range(stmt, 2, ids, n);
    tr_stats_agreement a = {.id = 0};
    char text[3][32], countries[TR_MAX_PARTIES][3];
    size_t at = 0;
    int rc, status = 0, open = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        int64_t id = st_column_int64(stmt, 0);
        if (open && id != a.id) {
            status = fn(&a, data);
            open = 0;
        }
        if (status != 0 || !wanted(ids, n, &at, id))
            continue;
        if (!open)
            read_agreement(stmt, &a, text);
        open = 1;
        if (a.n_parties == TR_MAX_PARTIES)
            continue;
        tr_stats_party *p = &a.parties[a.n_parties];
        read_party(stmt, p);
        /* The country is copied too: the row it points into is gone at the next step. */
        snprintf(countries[a.n_parties], 3, "%s", p->country ? p->country : "");
        p->country = countries[a.n_parties++];
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot read the agreements", err);
    else if (status == 0 && open)
        status = fn(&a, data);
    st_finalize(stmt);
    return status;
}

int tr_stats_periods(tr_store *store, const int64_t *ids, size_t n, tr_stats_period_fn fn,
                     void *data, tr_error *err)
{
    if (ids && n == 0)
        return 0;
    st_stmt *stmt = st_prepare_stream(store, periods_sql, err);
    if (!stmt)
        return -1;
    bind_range(stmt, 1, ids, n);
    size_t at = 0;
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        int64_t id = st_column_int64(stmt, 0);
        if (wanted(ids, n, &at, id))
            status = fn(id, st_column_text(stmt, 1), st_column_text(stmt, 2), data);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot read the periods in force", err);
    st_finalize(stmt);
    return status;
}
