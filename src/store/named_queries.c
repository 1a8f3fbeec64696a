/* The text of each named query of twinreg/store/cursor.h: what the exports read, in the
 * order they merge it (each list sorted by agreement id, so that one scan of each table
 * serves the whole export). */
#include "store/named_queries.h"
#include "twinreg/store/agreement_record.h"
#include "store/util.h"

/* Agreements in chain order (a registry where some agreement builds on a later one, which
 * an update can make): by depth in the chain, then id, so references always come first. */
#define AGREEMENTS_CHAINED                                                                         \
    "WITH RECURSIVE depth(id, d) AS (SELECT id, 0 FROM agreements WHERE builds_on IS NULL "        \
    "UNION ALL SELECT a.id, depth.d + 1 FROM agreements a JOIN depth ON a.builds_on = depth.id) "  \
    "SELECT id" TR_AGREEMENT_COLUMN_LIST " FROM agreements a JOIN depth USING (id) "               \
    "ORDER BY depth.d, a.id"

/* The record keys that are an agreement's id as twinreg writes them ("12"), as the
 * per-agreement lookup matches them, with that id. SQLite's CAST reads a text that is no
 * number as 0 (or its leading digits); PostgreSQL's fails: it gets a pattern first. */
#define SOURCE_URLS(key_id, is_id)                                                                 \
    "SELECT " key_id " AS agreement_id, s.url FROM record_sources r "                              \
    "JOIN sources s ON s.id = r.source_id WHERE r.record_type = 'agreement' AND " is_id            \
    " ORDER BY 1, 2"

/* A map's parties: a JSON array of {id, name, country, lon, lat}, by city id. The C side
 * parses it with jansson either way; the JSON functions are each engine's own. */
#define PLACES_FROM                                                                                \
    "FROM (SELECT c.* FROM agreement_parties p JOIN cities c ON c.id = p.city_id "                 \
    "WHERE p.agreement_id = a.id ORDER BY c.id) c"
#define WITH_PLACES(places)                                                                        \
    "SELECT id" TR_AGREEMENT_GEOJSON_LIST ", " places " FROM agreements a ORDER BY a.id"
/* SQLite writes a whole real as 127.0, PostgreSQL's json as 127: jansson would read an
 * integer from the one and a real from the other, and write them apart. */
#define PG_REAL_JSON(x)                                                                            \
    "CAST(CASE WHEN " x " = trunc(" x ") THEN CAST(CAST(" x " AS BIGINT) AS TEXT) || '.0' "        \
    "ELSE CAST(" x " AS TEXT) END AS json)"

/* Each query's text, and PostgreSQL's where it differs. */
static const struct {
    const char *sql, *pg;
} queries[TR_QUERIES] = {
    /* A 0/1 integer on both (an EXISTS is a boolean on PostgreSQL). */
    [TR_Q_AGREEMENTS_BUILD_FORWARD] = {"SELECT CASE WHEN EXISTS (SELECT 1 FROM agreements "
                                       "WHERE builds_on > id) THEN 1 ELSE 0 END",
                                       NULL},
    [TR_Q_AGREEMENTS] = {"SELECT id" TR_AGREEMENT_COLUMN_LIST " FROM agreements ORDER BY id", NULL},
    [TR_Q_AGREEMENTS_CHAINED] = {AGREEMENTS_CHAINED, NULL},
    /* In the primary key's order: no sort. */
    [TR_Q_PARTY_IDS] = {"SELECT agreement_id, city_id FROM agreement_parties "
                        "ORDER BY agreement_id, city_id",
                        NULL},
    [TR_Q_PARTY_PLACES] = {"SELECT p.agreement_id, c.name, c.country, c.region, c.lat, c.lon, "
                           "c.wikidata "
                           "FROM agreement_parties p "
                           "JOIN cities c ON c.id = p.city_id ORDER BY p.agreement_id, p.city_id",
                           NULL},
    [TR_Q_FRAMEWORK_CODES] = {"SELECT agreement_id, framework_code FROM agreement_frameworks "
                              "ORDER BY agreement_id, framework_code",
                              NULL},
    [TR_Q_SOURCE_URLS] = {SOURCE_URLS("CAST(r.record_key AS INTEGER)",
                                      "r.record_key = CAST(CAST(r.record_key AS INTEGER) AS TEXT)"),
                          SOURCE_URLS("CAST(r.record_key AS BIGINT)",
                                      "r.record_key ~ '^[1-9][0-9]{0,17}$'")},
    [TR_Q_EVENTS] = {"SELECT agreement_id, event, happened_on, note FROM agreement_events "
                     "ORDER BY agreement_id, happened_on, id",
                     NULL},
    [TR_Q_SIGNATORIES] = {"SELECT agreement_id, name, office FROM agreement_signatories "
                          "ORDER BY agreement_id, position",
                          NULL},
    [TR_Q_APPROVALS] = {"SELECT agreement_id, body, approved_on, decision_id FROM "
                        "agreement_approvals ORDER BY agreement_id, approved_on, id",
                        NULL},
    [TR_Q_DECISION_LINKS] = {"SELECT agreement_id, decision_id, change, happened_on FROM "
                             "agreement_decisions ORDER BY agreement_id, id",
                             NULL},
    [TR_Q_SUSPENSIONS] = {"SELECT agreement_id, suspended_on, resumed_on, reason, source "
                          "FROM agreement_suspensions ORDER BY agreement_id, suspended_on",
                          NULL},
    [TR_Q_LOCATED_CITIES] = {"SELECT id, name, country, region, wikidata, lon, lat FROM cities "
                             "WHERE lat IS NOT NULL ORDER BY id",
                             NULL},
    [TR_Q_CITIES] = {"SELECT id, name, country, region, wikidata, lon, lat FROM cities ORDER BY id",
                     NULL},
    [TR_Q_AGREEMENTS_WITH_PLACES] =
        {WITH_PLACES("(SELECT json_group_array(json_object('id', id, 'name', name, 'country', "
                     "country, 'lon', lon, 'lat', lat)) " PLACES_FROM ")"),
         WITH_PLACES("(SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, "
                     "'country', country, 'lon', " PG_REAL_JSON("lon") ", 'lat', " PG_REAL_JSON(
                         "lat") ") ORDER BY id), '[]') " PLACES_FROM ")")},
};

const char *st_named_query(tr_store *store, enum tr_query q)
{
    return queries[q].pg ? st_sql_for(store, queries[q].sql, queries[q].pg) : queries[q].sql;
}
