/* Agreements between the same cities, of one kind, signed on different dates: found after
 * an add or an import so that the user hears of a likely double entry. */
#include "twinreg/store/agreement_twins.h"

#include "store/util.h"

#include <stdio.h>

/* The earlier agreement of a's parties and kind signed on another date (the natural key's
 * index finds it), for each agreement a of the range. */
#define EARLIER_TWIN                                                                               \
    "JOIN agreements b ON b.id = (SELECT min(c.id) FROM agreements c "                             \
    "WHERE c.parties_key = a.parties_key AND c.kind = a.kind AND c.id < a.id "                     \
    "AND coalesce(c.signed_on, '') <> coalesce(a.signed_on, '')) "
#define TWIN_COLUMNS "SELECT a.id, a.kind, a.signed_on, b.id, b.signed_on "

/* A probe of the index for each agreement of the range: for an add, or a few. */
#define TWINS_BY_PROBES                                                                            \
    TWIN_COLUMNS "FROM agreements a " EARLIER_TWIN "WHERE a.id BETWEEN ?1 AND ?2 ORDER BY a.id"
/* One scan of the index in its order for the parties and kinds that occur more than once, the
 * probes only for those: for an import of many (1M agreements: 0.4 s of CPU, where a probe
 * each took 3 s and read the index at random). */
#define TWINS_BY_SCAN                                                                              \
    TWIN_COLUMNS "FROM (SELECT parties_key, kind FROM agreements GROUP BY parties_key, kind "      \
                 "HAVING count(*) > 1 AND max(id) >= ?1) g "                                       \
                 "JOIN agreements a ON a.parties_key = g.parties_key AND a.kind = g.kind "         \
                 "AND a.id BETWEEN ?1 AND ?2 " EARLIER_TWIN "ORDER BY a.id"

/* Whether the range holds more than an eighth of the agreements: then the scan is cheaper. */
static int many(tr_store *store, int64_t first, int64_t last, tr_error *err)
{
    if (first == last)
        return 0;
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT (SELECT count(*) FROM agreements WHERE id BETWEEN ?1 AND "
                                "?2), (SELECT count(*) FROM agreements)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, first);
    st_bind_int64(stmt, 2, last);
    int rc = st_step(stmt);
    int answer = rc == ST_ROW ? 8 * st_column_int64(stmt, 0) > st_column_int64(stmt, 1) : -1;
    st_reset(stmt);
    return answer < 0 ? st_fail(store, "cannot look for agreements of the same cities", err)
                      : answer;
}

int tr_agreement_twins(tr_store *store, int64_t first, int64_t last,
                       int (*fn)(const tr_agreement_twin *twin, void *ctx), void *ctx,
                       tr_error *err)
{
    int scan = many(store, first, last, err);
    if (scan < 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store, scan ? TWINS_BY_SCAN : TWINS_BY_PROBES, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, first);
    st_bind_int64(stmt, 2, last);
    int rc = ST_DONE, stop = 0;
    while (!stop && (rc = st_step(stmt)) == ST_ROW) {
        tr_agreement_twin twin = {st_column_int64(stmt, 0), st_column_int64(stmt, 3),
                                  st_column_text(stmt, 1), st_column_text(stmt, 2),
                                  st_column_text(stmt, 4)};
        stop = fn(&twin, ctx);
    }
    st_reset(stmt);
    if (stop)
        return stop;
    return rc == ST_DONE ? 0 : st_fail(store, "cannot look for agreements of the same cities", err);
}

void tr_agreement_twin_message(const tr_agreement_twin *twin, char *buf, size_t cap)
{
    snprintf(buf, cap,
             "agreement %lld (%s, signed %s) is between the same cities as agreement %lld "
             "(signed %s); if they are one, complete %lld with 'twinreg agreement update' "
             "and remove %lld",
             (long long)twin->id, twin->kind, twin->signed_on ? twin->signed_on : "unknown",
             (long long)twin->earlier,
             twin->earlier_signed_on ? twin->earlier_signed_on : "unknown",
             (long long)twin->earlier, (long long)twin->id);
}
