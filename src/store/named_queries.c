/* The text of each named query of twinreg/store/cursor.h: what the exports read, in the
 * order they merge it (each list sorted by agreement id, so that one scan of each table
 * serves the whole export). */
#include "store/named_queries.h"
#include "twinreg/store/agreement_record.h"

/* Agreements in chain order (a registry where some agreement builds on a later one, which
 * an update can make): by depth in the chain, then id, so references always come first. */
#define AGREEMENTS_CHAINED                                                                         \
    "WITH RECURSIVE depth(id, d) AS (SELECT id, 0 FROM agreements WHERE builds_on IS NULL "        \
    "UNION ALL SELECT a.id, depth.d + 1 FROM agreements a JOIN depth ON a.builds_on = depth.id) "  \
    "SELECT id" TR_AGREEMENT_COLUMN_LIST " FROM agreements a JOIN depth USING (id) "               \
    "ORDER BY depth.d, a.id"

static const char *const queries[TR_QUERIES] = {
    [TR_Q_AGREEMENTS_BUILD_FORWARD] =
        "SELECT EXISTS (SELECT 1 FROM agreements WHERE builds_on > id)",
    [TR_Q_AGREEMENTS] = "SELECT id" TR_AGREEMENT_COLUMN_LIST " FROM agreements ORDER BY id",
    [TR_Q_AGREEMENTS_CHAINED] = AGREEMENTS_CHAINED,
    /* In the primary key's order: no sort. */
    [TR_Q_PARTY_IDS] = "SELECT agreement_id, city_id FROM agreement_parties "
                       "ORDER BY agreement_id, city_id",
    [TR_Q_PARTY_PLACES] = "SELECT p.agreement_id, c.name, c.country FROM agreement_parties p "
                          "JOIN cities c ON c.id = p.city_id ORDER BY p.agreement_id, p.city_id",
    [TR_Q_FRAMEWORK_CODES] = "SELECT agreement_id, framework_code FROM agreement_frameworks "
                             "ORDER BY agreement_id, framework_code",
    /* keys as twinreg writes them ("12"), as the per-agreement lookup matches them */
    [TR_Q_SOURCE_URLS] =
        "SELECT CAST(r.record_key AS INTEGER) AS agreement_id, s.url FROM record_sources r "
        "JOIN sources s ON s.id = r.source_id WHERE r.record_type = 'agreement' "
        "AND r.record_key = CAST(CAST(r.record_key AS INTEGER) AS TEXT) ORDER BY 1, 2",
    [TR_Q_EVENTS] = "SELECT agreement_id, event, happened_on, note FROM agreement_events "
                    "ORDER BY agreement_id, happened_on, id",
    [TR_Q_LOCATED_CITIES] = "SELECT id, name, country, region, wikidata, lon, lat FROM cities "
                            "WHERE lat IS NOT NULL ORDER BY id",
    [TR_Q_AGREEMENTS_WITH_PLACES] =
        "SELECT id" TR_AGREEMENT_GEOJSON_LIST ", "
        "  (SELECT json_group_array(json_object('id', id, 'name', name, 'country', country, "
        "     'lon', lon, 'lat', lat)) FROM (SELECT c.* FROM agreement_parties p "
        "     JOIN cities c ON c.id = p.city_id WHERE p.agreement_id = a.id ORDER BY c.id)) "
        "FROM agreements a ORDER BY a.id",
};

const char *st_named_query(enum tr_query q) { return queries[q]; }
