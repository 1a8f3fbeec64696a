/* What a report says of its day: each agreement's status on it (in force, suspended,
 * expired, ended, not yet in force), by the in-force rule of in_force.h, and what expires
 * within the report's window. */
#include "store/report_day.h"

#include "store/in_force.h"
#include "store/util.h"

#include <stdio.h>
#include <string.h>

/* Its days (agreement_days), its end and expiry as given, and the suspension covering the
 * day ?2, when one does (suspensions never overlap: at most one). */
static const char STATUS_SQL[] =
    "SELECT d.start_day, d.stop_day, a.ended_on, a.expires_on, s.suspended_on, s.resumed_on "
    "FROM agreements a JOIN agreement_days d ON d.id = a.id LEFT JOIN (SELECT agreement_id, "
    "suspended_on, resumed_on FROM agreement_suspensions WHERE " ST_SUSPENSION_COVERS(
        "?2") ") s ON s.agreement_id = a.id WHERE a.id = ?1";

/* The column, or NULL when it is NULL. */
static const char *text_or_null(st_stmt *stmt, int col)
{
    return st_column_type(stmt, col) == ST_NULL ? NULL : st_column_text(stmt, col);
}

/* {state, date} or {state, since, until}: `stmt` is at STATUS_SQL's row. */
static json_t *status_of_row(st_stmt *stmt, const char *day)
{
    const char *start = text_or_null(stmt, 0), *stop = text_or_null(stmt, 1);
    const char *ended = text_or_null(stmt, 2), *expires = text_or_null(stmt, 3);
    if (start && strcmp(start, day) > 0)
        return json_pack("{s:s,s:s}", "state", "not yet in force", "date", start);
    if (stop && strcmp(stop, day) <= 0) {
        /* the day it stopped is its end's first day, or the day after its expiry */
        char first[11];
        snprintf(first, sizeof first, "%s-01-01", ended ? ended : "");
        int by_end = ended && strncmp(first, stop, 10) == 0;
        return json_pack("{s:s,s:s}", "state", by_end ? "ended" : "expired", "date",
                         by_end ? ended : expires);
    }
    if (st_column_type(stmt, 4) != ST_NULL)
        return json_pack("{s:s,s:s,s:o}", "state", "suspended", "since", st_column_text(stmt, 4),
                         "until", st_column_json(stmt, 5));
    return json_pack("{s:s}", "state", "in force");
}

int st_report_status(tr_store *store, json_t *agreement, const char *day, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, STATUS_SQL, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, json_integer_value(json_object_get(agreement, "id")));
    st_bind_text(stmt, 2, day);
    int rc = st_step(stmt);
    if (rc == ST_ROW)
        json_object_set_new(agreement, "status", status_of_row(stmt, day));
    st_reset(stmt);
    return rc == ST_ROW ? 0 : st_fail(store, "cannot build the report", err);
}

json_t *st_report_expiring(tr_store *store, int64_t a, int64_t b, const char *from, const char *to,
                           tr_error *err)
{
    static const char sql[] =
        "WITH " ST_REPORT_OURS " SELECT a.id, a.expires_on FROM agreements a JOIN ours USING (id) "
        "WHERE " ST_EXPIRES_BETWEEN("?3", "?4") " ORDER BY " ST_EXPIRY_DAY ", a.id";
    st_stmt *stmt = st_prepare_once(store, sql, err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, a);
    st_bind_int64(stmt, 2, b);
    st_bind_text(stmt, 3, from);
    st_bind_text(stmt, 4, to);
    json_t *rows = json_array();
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW)
        json_array_append_new(rows, json_pack("{s:o,s:o}", "id", st_column_json(stmt, 0),
                                              "expires_on", st_column_json(stmt, 1)));
    st_finalize(stmt);
    if (rc != ST_DONE) {
        json_decref(rows);
        st_fail(store, "cannot build the report", err);
        return NULL;
    }
    return rows;
}
