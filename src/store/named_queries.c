/* The text of each named query of twinreg/store/cursor.h: what the exports read, in the order
 * they merge it (each list sorted by agreement id, so that one scan of each table
 * serves the whole export). */
#include "store/named_queries.h"

/* Agreements in chain order (a registry where some agreement builds on a later one, which
 * an update can make): one json_object() per row, the same record as the merge in
 * export_agreements.c writes (a test compares both with tr_agreement_record). */
#define AGREEMENT_JSON(type_field)                                                                 \
    "SELECT json_object(" type_field "'id', a.id, 'kind', a.kind, 'title', a.title, "              \
    "  'parties', json((SELECT json_group_array(city_id) FROM (SELECT city_id FROM "               \
    "agreement_parties "                                                                           \
    "     WHERE agreement_id = a.id ORDER BY city_id))), "                                         \
    "  'signed_on', a.signed_on, 'in_force_on', a.in_force_on, 'expires_on', a.expires_on, "       \
    "'ended_on', a.ended_on, "                                                                     \
    "  'end_reason', a.end_reason, 'builds_on', a.builds_on, "                                     \
    "  'frameworks', json((SELECT json_group_array(framework_code) FROM (SELECT framework_code "   \
    "     FROM agreement_frameworks WHERE agreement_id = a.id ORDER BY 1))), "                     \
    "  'sources', json((SELECT json_group_array(url) FROM (SELECT s.url FROM record_sources r "    \
    "     JOIN sources s ON s.id = r.source_id WHERE r.record_type = 'agreement' AND "             \
    "r.record_key = CAST(a.id AS TEXT) "                                                           \
    "     ORDER BY s.url))), "                                                                     \
    "  'registration', CASE WHEN a.registered_by IS NULL AND a.registration_number IS NULL AND "   \
    "a.registered_on IS NULL "                                                                     \
    "     THEN NULL ELSE json_object('authority', a.registered_by, 'number', "                     \
    "a.registration_number, "                                                                      \
    "     'registered_on', a.registered_on) END, "                                                 \
    "  'events', json((SELECT json_group_array(json_object('event', event, 'on', happened_on, "    \
    "'note', note)) "                                                                              \
    "     FROM (SELECT event, happened_on, note FROM agreement_events WHERE agreement_id = a.id "  \
    "     ORDER BY happened_on, id)))) "                                                           \
    "FROM agreements a JOIN (WITH RECURSIVE depth(id, d) AS (SELECT id, 0 FROM agreements WHERE "  \
    "builds_on IS NULL "                                                                           \
    "  UNION ALL SELECT a.id, depth.d + 1 FROM agreements a JOIN depth ON a.builds_on = "          \
    "depth.id) "                                                                                   \
    "  SELECT id, d FROM depth) depth USING (id) ORDER BY depth.d, a.id"

static const char *const queries[TR_QUERIES] = {
    [TR_Q_AGREEMENTS_BUILD_FORWARD] =
        "SELECT EXISTS (SELECT 1 FROM agreements WHERE builds_on > id)",
    [TR_Q_AGREEMENT_RECORDS_CHAINED] = AGREEMENT_JSON(""),
    [TR_Q_AGREEMENT_RECORDS_CHAINED_TYPED] = AGREEMENT_JSON("'type', 'agreement', "),
    [TR_Q_AGREEMENTS] =
        "SELECT id, kind, title, signed_on, in_force_on, expires_on, ended_on, end_reason, "
        "builds_on, "
        "registered_by, registration_number, registered_on FROM agreements ORDER BY id",
    /* In the primary key's order: no sort. */
    [TR_Q_PARTY_IDS] =
        "SELECT agreement_id, city_id FROM agreement_parties ORDER BY agreement_id, city_id",
    [TR_Q_PARTY_PLACES] = "SELECT p.agreement_id, c.name, c.country FROM agreement_parties p "
                          "JOIN cities c ON c.id = p.city_id ORDER BY p.agreement_id, p.city_id",
    [TR_Q_FRAMEWORK_CODES] = "SELECT agreement_id, framework_code FROM agreement_frameworks ORDER "
                             "BY agreement_id, framework_code",
    /* keys as twinreg writes them ("12"), as the chain-order query matches them */
    [TR_Q_SOURCE_URLS] =
        "SELECT CAST(r.record_key AS INTEGER) AS agreement_id, s.url FROM record_sources r "
        "JOIN sources s ON s.id = r.source_id WHERE r.record_type = 'agreement' "
        "AND r.record_key = CAST(CAST(r.record_key AS INTEGER) AS TEXT) ORDER BY 1, 2",
    [TR_Q_EVENTS] = "SELECT agreement_id, event, happened_on, note FROM agreement_events ORDER BY "
                    "agreement_id, happened_on, id",
    [TR_Q_LOCATED_CITIES] = "SELECT id, name, country, region, wikidata, lon, lat FROM cities "
                            "WHERE lat IS NOT NULL ORDER BY id",
    [TR_Q_AGREEMENTS_WITH_PLACES] = "SELECT a.id, a.kind, a.title, a.signed_on, a.in_force_on, "
                                    "a.expires_on, a.ended_on, a.builds_on, "
                                    "  (SELECT json_group_array(json_object('id', id, 'name', "
                                    "name, 'country', country, 'lon', lon, "
                                    "     'lat', lat)) FROM (SELECT c.* FROM agreement_parties p "
                                    "JOIN cities c ON c.id = p.city_id "
                                    "     WHERE p.agreement_id = a.id ORDER BY c.id)) "
                                    "FROM agreements a ORDER BY a.id",
};

const char *st_named_query(enum tr_query q) { return queries[q]; }
