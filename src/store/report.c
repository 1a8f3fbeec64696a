/* Timeline and report: set-based SQL over agreements, events, suspensions, programs and
 * participation. */
#include "twinreg/store/report.h"

#include "store/name_order.h"
#include "store/report_day.h"
#include "store/util.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/city.h"
#include "twinreg/store/framework.h"
#include "twinreg/store/org.h"
#include "twinreg/store/program.h"

#include <stdio.h>
#include <string.h>

/* Programs serving those agreements, hosted by one of the cities or with participation of one. */
#define OUR_PROGRAMS                                                                               \
    "our_programs AS (SELECT DISTINCT pr.id FROM programs pr WHERE "                               \
    "pr.id IN (SELECT program_id FROM program_agreements WHERE agreement_id IN (SELECT id FROM "   \
    "ours)) "                                                                                      \
    "OR (?2 = 0 AND (pr.host_city_id = ?1 OR pr.id IN (SELECT program_id FROM participation "      \
    "WHERE city_id = ?1))))"

static const char TIMELINE_SQL[] =
    "WITH " ST_REPORT_OURS ", " OUR_PROGRAMS
    ", events(date, rank, event, agreement, program, detail) AS ("
    " SELECT a.signed_on, 1, 'signed', a.id, NULL, a.kind || coalesce(': ' || a.title, '') FROM "
    "agreements a JOIN ours USING (id) WHERE a.signed_on IS NOT NULL"
    " UNION ALL SELECT a.in_force_on, 2, 'in force', a.id, NULL, a.kind FROM agreements a JOIN "
    "ours USING (id) WHERE a.in_force_on IS NOT NULL"
    " UNION ALL SELECT e.happened_on, 3, e.event, e.agreement_id, NULL, e.note FROM "
    "agreement_events e JOIN ours ON ours.id = e.agreement_id"
    " UNION ALL SELECT s.suspended_on, 3, 'suspended', s.agreement_id, NULL, s.reason FROM "
    "agreement_suspensions s JOIN ours ON ours.id = s.agreement_id"
    " UNION ALL SELECT s.resumed_on, 3, 'resumed', s.agreement_id, NULL, s.reason FROM "
    "agreement_suspensions s JOIN ours ON ours.id = s.agreement_id WHERE s.resumed_on IS NOT NULL"
    " UNION ALL SELECT a.registered_on, 4, 'registered', a.id, NULL, coalesce(a.registered_by, '') "
    "|| coalesce(' no. ' || a.registration_number, '')"
    "   FROM agreements a JOIN ours USING (id) WHERE a.registered_on IS NOT NULL"
    " UNION ALL SELECT p.approved_on, 4, 'approved', p.agreement_id, NULL, p.body || "
    "coalesce(' (decision ' || CAST(p.decision_id AS TEXT) || ')', '') FROM agreement_approvals p "
    "JOIN ours ON ours.id = p.agreement_id"
    " UNION ALL SELECT pr.started_on, 5, 'program started', NULL, pr.code, pr.name FROM programs "
    "pr JOIN our_programs USING (id) WHERE pr.started_on IS NOT NULL"
    " UNION ALL SELECT substr(CAST(10000 + x.year AS TEXT), 2), 6, 'participation', NULL, pr.code,"
    "   c.name || ': ' || coalesce(CAST(x.count AS TEXT) || ' ', '') || coalesce(x.field, "
    "'beneficiaries') || "
    "coalesce(' (' || x.note || ')', '')"
    "   FROM participation x JOIN programs pr ON pr.id = x.program_id JOIN our_programs op ON "
    "op.id = pr.id JOIN cities c ON c.id = x.city_id"
    "   WHERE x.year IS NOT NULL AND (x.city_id IN (?1, ?2))"
    " UNION ALL SELECT a.expires_on, 7, 'expires', a.id, NULL, a.kind FROM agreements a JOIN ours "
    "USING (id) WHERE a.expires_on IS NOT NULL"
    " UNION ALL SELECT a.ended_on, 8, 'ended', a.id, NULL, coalesce(a.end_reason, a.kind) FROM "
    "agreements a JOIN ours USING (id) WHERE a.ended_on IS NOT NULL)"
    " SELECT date, event, agreement, program, detail FROM events"
    " ORDER BY substr(date || '-01-01', 1, 10), length(date), rank, agreement, program, event";

/* The lists inside a row are each engine's own aggregate. SQLite's json_group_array and
 * group_concat take the order their rows come in: agreements by id (`ours` is read from the
 * index on (city_id, agreement_id), each framework's agreements from its primary key) and
 * notes by participation id (the index on (program_id, city_id)); PostgreSQL's json_agg and
 * string_agg are told that order. Frameworks adopted on no known date come first on both. */
#define FRAMEWORKS_SQL(agreements, unmet)                                                          \
    "WITH " ST_REPORT_OURS " SELECT f.code, f.title, f.jurisdiction, f.kind, f.adopted_on, "       \
    "f.duty, f.duty_authority, " agreements " AS agreements, (SELECT " unmet                       \
    " FROM agreement_frameworks x JOIN ours o2 ON "                                                \
    "o2.id = x.agreement_id JOIN agreements ag ON ag.id = x.agreement_id "                         \
    "WHERE x.framework_code = f.code AND f.duty IS NOT NULL AND ag.registered_on IS "              \
    "NULL AND ag.registration_number IS NULL) AS unmet_duty "                                      \
    "FROM frameworks f JOIN agreement_frameworks af ON af.framework_code = f.code "                \
    "JOIN ours ON ours.id = af.agreement_id "                                                      \
    "GROUP BY f.code ORDER BY f.adopted_on IS NOT NULL, f.adopted_on, f.code"
#define FRAMEWORKS_SQLITE                                                                          \
    FRAMEWORKS_SQL("json_group_array(af.agreement_id)", "json_group_array(x.agreement_id)")
#define FRAMEWORKS_PG                                                                              \
    FRAMEWORKS_SQL("CAST(json_agg(af.agreement_id ORDER BY af.agreement_id) AS TEXT)",             \
                   "CAST(json_agg(x.agreement_id ORDER BY x.agreement_id) AS TEXT)")

/* A program's beneficiaries from either city, totalled by field and year. */
#define BENEFICIARIES_SQL(notes)                                                                   \
    "SELECT c.name AS city, x.year, x.field, CAST(sum(x.count) AS BIGINT) AS count, " notes        \
    " AS note FROM participation x JOIN cities c ON c.id = x.city_id WHERE "                       \
    "x.program_id = ?1 AND x.city_id IN (?2, ?3) GROUP BY c.id, x.year, x.field "                  \
    "ORDER BY " ST_NAME_ORDER("c") ", x.year IS NOT NULL, x.year, x.field IS NOT NULL, x.field"
#define BENEFICIARIES_SQLITE BENEFICIARIES_SQL("group_concat(x.note, '; ')")
#define BENEFICIARIES_PG BENEFICIARIES_SQL("string_agg(x.note, '; ' ORDER BY x.id)")

/* The approvals a framework requires (framework_requirements) that no approval of an
 * agreement of ?1 (and ?2) resting on it ?3 meets, by body then agreement. */
static const char UNMET_APPROVALS_SQL[] =
    "WITH " ST_REPORT_OURS " SELECT r.body, x.agreement_id FROM framework_requirements r "
    "JOIN agreement_frameworks x ON x.framework_code = r.framework_code "
    "JOIN ours ON ours.id = x.agreement_id WHERE r.framework_code = ?3 AND NOT EXISTS ("
    "SELECT 1 FROM agreement_approvals p WHERE p.agreement_id = x.agreement_id AND "
    "p.body = r.body) ORDER BY r.body, x.agreement_id";

/* [{by, agreements: [ids]}] of framework `code`'s unmet approvals into row, when any. */
static int unmet_approvals(tr_store *store, int64_t a, int64_t b, json_t *row, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, UNMET_APPROVALS_SQL, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, a);
    st_bind_int64(stmt, 2, b);
    st_bind_text(stmt, 3, json_string_value(json_object_get(row, "code")));
    json_t *unmet = json_array(), *last = NULL;
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        const char *body = st_column_text(stmt, 0);
        if (!last || strcmp(json_string_value(json_object_get(last, "by")), body) != 0) {
            last = json_pack("{s:s,s:[]}", "by", body, "agreements");
            json_array_append_new(unmet, last);
        }
        json_array_append_new(json_object_get(last, "agreements"), st_column_json(stmt, 1));
    }
    st_finalize(stmt);
    if (rc != ST_DONE) {
        json_decref(unmet);
        return st_fail(store, "cannot build the report", err);
    }
    if (json_array_size(unmet))
        json_object_set_new(row, "unmet_approvals", unmet);
    else
        json_decref(unmet);
    return 0;
}

int tr_timeline(tr_store *store, int64_t a, int64_t b, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, TIMELINE_SQL, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, a);
    st_bind_int64(stmt, 2, b);
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        json_t *row =
            json_pack("{s:o,s:o,s:o,s:o,s:o}", "date", st_column_json(stmt, 0), "event",
                      st_column_json(stmt, 1), "agreement", st_column_json(stmt, 2), "program",
                      st_column_json(stmt, 3), "detail", st_column_json(stmt, 4));
        status = fn(row, ctx);
        json_decref(row);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot build the timeline", err);
    st_finalize(stmt);
    return status;
}

/* Rows of a query binding ?1 = a, ?2 = b, ?3 = c, as {column: value} objects. */
static json_t *query_rows(tr_store *store, const char *sql, int64_t a, int64_t b, int64_t c,
                          tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, sql, err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, a);
    st_bind_int64(stmt, 2, b);
    if (st_param_count(stmt) >= 3)
        st_bind_int64(stmt, 3, c);
    json_t *rows = json_array();
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        json_t *row = json_object();
        for (int i = 0; i < st_column_count(stmt); i++)
            json_object_set_new(row, st_column_name(stmt, i), st_column_json(stmt, i));
        json_array_append_new(rows, row);
    }
    if (rc != ST_DONE) {
        st_fail(store, "cannot build the report", err);
        json_decref(rows);
        rows = NULL;
    }
    st_finalize(stmt);
    return rows;
}

json_t *tr_report(tr_store *store, int64_t a, int64_t b, const char *day, const char *expiring_to,
                  tr_error *err)
{
    json_t *report = json_object(), *cities = json_array(), *agreements = json_array();
    json_object_set_new(report, "day", json_string(day));
    json_object_set_new(report, "cities", cities);
    json_object_set_new(report, "agreements", agreements);
    for (int i = 0; i < 2; i++) {
        json_t *c = tr_city_record(store, i ? b : a, err);
        if (!c)
            goto fail;
        json_array_append_new(cities, c);
    }
    /* The chain: every agreement between the two, oldest first. */
    json_t *ids =
        query_rows(store,
                   "WITH " ST_REPORT_OURS " SELECT a.id FROM agreements a JOIN ours USING (id) "
                   "ORDER BY substr(coalesce(a.signed_on, '0000') || '-01-01', 1, 10), a.id",
                   a, b, 0, err);
    if (!ids)
        goto fail;
    size_t i;
    json_t *row;
    json_array_foreach (ids, i, row) {
        json_t *rec =
            tr_agreement_record(store, json_integer_value(json_object_get(row, "id")), err);
        if (rec)
            json_array_append_new(agreements, rec);
        if (!rec || st_report_status(store, rec, day, err) != 0) {
            json_decref(ids);
            goto fail;
        }
    }
    json_decref(ids);
    json_t *expiring = st_report_expiring(store, a, b, day, expiring_to, err);
    if (!expiring)
        goto fail;
    json_object_set_new(report, "expiring", expiring);
    /* Legal basis, and the duties a framework states that no registration meets. */
    json_t *frameworks =
        query_rows(store, st_sql_for(store, FRAMEWORKS_SQLITE, FRAMEWORKS_PG), a, b, 0, err);
    if (!frameworks)
        goto fail;
    json_array_foreach (frameworks, i, row) {
        const char *keys[] = {"agreements", "unmet_duty"};
        for (int k = 0; k < 2; k++) {
            json_t *parsed = json_loads(json_string_value(json_object_get(row, keys[k])), 0, NULL);
            json_object_set_new(row, keys[k], parsed ? parsed : json_array());
        }
        if (unmet_approvals(store, a, b, row, err) != 0) {
            json_decref(frameworks);
            goto fail;
        }
    }
    json_object_set_new(report, "frameworks", frameworks);
    /* Programs with the beneficiaries of either city. */
    json_t *programs =
        query_rows(store,
                   "WITH " ST_REPORT_OURS ", " OUR_PROGRAMS
                   " SELECT pr.id, pr.code, pr.name, o.name AS operator, h.name AS host, "
                   "pr.started_on, pr.summary FROM programs pr JOIN our_programs USING (id) JOIN "
                   "organizations o ON o.id = pr.operator_id "
                   "LEFT JOIN cities h ON h.id = pr.host_city_id ORDER BY pr.started_on IS NULL, "
                   "pr.started_on, pr.code",
                   a, b, 0, err);
    if (!programs)
        goto fail;
    json_object_set_new(report, "programs",
                        programs); /* owned by the report from here, even on failure */
    json_array_foreach (programs, i, row) {
        int64_t pid = json_integer_value(json_object_get(row, "id"));
        json_t *list = query_rows(store, st_sql_for(store, BENEFICIARIES_SQLITE, BENEFICIARIES_PG),
                                  pid, a, b, err);
        if (!list)
            goto fail;
        json_object_set_new(row, "beneficiaries", list);
        json_object_set_new(
            row, "agreements",
            st_column_list(
                store,
                "SELECT agreement_id FROM program_agreements WHERE program_id = ?1 ORDER BY 1",
                NULL, pid, err));
    }
    /* Every source behind the facts above. */
    json_t *sources = query_rows(
        store,
        "WITH " ST_REPORT_OURS ", " OUR_PROGRAMS ", keys(type, key) AS ("
        " SELECT 'agreement', CAST(id AS TEXT) FROM ours"
        " UNION SELECT 'framework', framework_code FROM agreement_frameworks WHERE agreement_id IN "
        "(SELECT id FROM ours)"
        " UNION SELECT 'program', code FROM programs WHERE id IN (SELECT id FROM our_programs))"
        " SELECT DISTINCT s.id, s.citation, s.url FROM sources s JOIN record_sources r ON "
        "r.source_id = s.id"
        " JOIN keys ON keys.type = r.record_type AND keys.key = r.record_key ORDER BY s.id",
        a, b, 0, err);
    if (!sources)
        goto fail;
    json_object_set_new(report, "sources", sources);
    return report;
fail:
    json_decref(report);
    return NULL;
}

json_t *tr_report_partners(tr_store *store, int64_t city, tr_error *err)
{
    /* most recent first: by the latest signing of an agreement with each partner */
    return st_column_list(
        store,
        "SELECT q.city_id FROM agreement_parties p JOIN agreement_parties q ON q.agreement_id = "
        "p.agreement_id AND q.city_id <> p.city_id JOIN agreements a ON a.id = p.agreement_id "
        "JOIN cities c ON c.id = q.city_id WHERE p.city_id = ?1 "
        "GROUP BY q.city_id, c.name_key, c.name ORDER BY max(substr(coalesce(a.signed_on, "
        "'0000') || '-01-01', 1, 10)) DESC, " ST_NAME_ORDER("c") ", q.city_id",
        NULL, city, err);
}
