/* Agreements between the same cities, of one kind, signed on different dates: found after
 * an add or an import so that the user hears of a likely double entry. */
#include "twinreg/store/agreement_twins.h"

#include "store/util.h"

#include <stdio.h>

int tr_agreement_twins(tr_store *store, int64_t first, int64_t last,
                       int (*fn)(const tr_agreement_twin *twin, void *ctx), void *ctx,
                       tr_error *err)
{
    /* The natural key's index finds the earlier ones by parties and kind. */
    st_stmt *stmt =
        st_stmt_get(store,
                    "SELECT a.id, a.kind, a.signed_on, b.id, b.signed_on FROM agreements a "
                    "JOIN agreements b ON b.id = (SELECT min(c.id) FROM agreements c "
                    "WHERE c.parties_key = a.parties_key AND c.kind = a.kind AND c.id < a.id "
                    "AND coalesce(c.signed_on, '') <> coalesce(a.signed_on, '')) "
                    "WHERE a.id BETWEEN ?1 AND ?2 ORDER BY a.id",
                    err);
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
