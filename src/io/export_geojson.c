/* GeoJSON export (RFC 7946) for map viewers: one FeatureCollection, cities with known
 * coordinates as points, agreements as lines between their parties. Coordinates are
 * [longitude, latitude]. An agreement with fewer than two located parties keeps its
 * feature with a null geometry, so that nothing is silently left out. Written feature by
 * feature, as the rows are read. */
#include "twinreg/io.h"

static int write_feature(FILE *out, long *written, const char *kind, json_int_t id, json_t *geometry, json_t *properties)
{
    char fid[48];
    snprintf(fid, sizeof fid, "%s/%lld", kind, (long long)id);
    json_t *feature = json_pack("{s:s, s:s, s:o, s:o}", "type", "Feature", "id", fid, "geometry", geometry,
                                "properties", properties);
    fputs(*written ? ",\n  " : "\n  ", out);
    int rc = feature ? json_dumpf(feature, out, TR_JSON_FLAGS) : -1;
    json_decref(feature);
    (*written)++;
    return rc;
}

static int write_cities(tr_store *store, FILE *out, long *written, tr_error *err)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(tr_store_db(store),
                           "SELECT id, name, country, region, wikidata, lon, lat FROM cities WHERE lat IS NOT NULL ORDER BY id",
                           -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot export", err);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *props = json_pack("{s:s, s:I, s:o, s:o, s:o, s:o}", "type", "city", "id", sqlite3_column_int64(stmt, 0),
                                  "name", tr_column_json(stmt, 1), "country", tr_column_json(stmt, 2), "region",
                                  tr_column_json(stmt, 3), "wikidata", tr_column_json(stmt, 4));
        json_t *point = json_pack("{s:s, s:[o,o]}", "type", "Point", "coordinates", tr_column_json(stmt, 5),
                                  tr_column_json(stmt, 6));
        if (write_feature(out, written, "city", sqlite3_column_int64(stmt, 0), point, props) != 0)
            break;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? -1 : tr_store_fail(store, "cannot export", err);
}

/* A line between two located parties; more than two: every pair, as a MultiLineString. */
static json_t *agreement_geometry(json_t *parties)
{
    json_t *points = json_array(), *p;
    size_t i;
    json_array_foreach(parties, i, p) if (json_is_number(json_object_get(p, "lon")))
        json_array_append_new(points, json_pack("[O,O]", json_object_get(p, "lon"), json_object_get(p, "lat")));
    size_t n = json_array_size(points);
    json_t *geometry = json_null();
    if (n == 2) {
        geometry = json_pack("{s:s, s:O}", "type", "LineString", "coordinates", points);
    } else if (n > 2) {
        json_t *lines = json_array();
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++)
                json_array_append_new(lines, json_pack("[O,O]", json_array_get(points, a), json_array_get(points, b)));
        geometry = json_pack("{s:s, s:o}", "type", "MultiLineString", "coordinates", lines);
    }
    json_decref(points);
    return geometry;
}

static int write_agreements(tr_store *store, FILE *out, long *written, tr_error *err)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(tr_store_db(store),
                           "SELECT a.id, a.kind, a.title, a.signed_on, a.in_force_on, a.expires_on, a.ended_on, a.builds_on, "
                           "  (SELECT json_group_array(json_object('id', id, 'name', name, 'country', country, 'lon', lon, "
                           "     'lat', lat)) FROM (SELECT c.* FROM agreement_parties p JOIN cities c ON c.id = p.city_id "
                           "     WHERE p.agreement_id = a.id ORDER BY c.id)) "
                           "FROM agreements a ORDER BY a.id",
                           -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot export", err);
    static const char *const keys[] = {"kind", "title", "signed_on", "in_force_on", "expires_on", "ended_on", "builds_on"};
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *parties = json_loads((const char *)sqlite3_column_text(stmt, 8), 0, NULL);
        if (!parties)
            break;
        json_t *props = json_pack("{s:s, s:I}", "type", "agreement", "id", sqlite3_column_int64(stmt, 0));
        for (int k = 0; k < 7; k++)
            json_object_set_new(props, keys[k], tr_column_json(stmt, k + 1));
        json_t *ids = json_array(), *names = json_array(), *p;
        size_t i;
        json_array_foreach(parties, i, p) {
            json_array_append(ids, json_object_get(p, "id"));
            json_array_append(names, json_object_get(p, "name"));
        }
        json_object_set_new(props, "parties", ids);
        json_object_set_new(props, "party_names", names);
        json_t *geometry = agreement_geometry(parties);
        json_decref(parties);
        if (write_feature(out, written, "agreement", sqlite3_column_int64(stmt, 0), geometry, props) != 0)
            break;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW ? -1 : tr_store_fail(store, "cannot export", err);
}

int tr_export_geojson(tr_store *store, FILE *out, tr_error *err)
{
    long written = 0;
    fputs("{\"type\": \"FeatureCollection\", \"features\": [", out);
    if (write_cities(store, out, &written, err) != 0 || write_agreements(store, out, &written, err) != 0)
        return err->status ? -1 : tr_error_set(err, TR_IO, "cannot write the export: output error");
    fputs(written ? "\n]}\n" : "]}\n", out);
    return ferror(out) ? tr_error_set(err, TR_IO, "cannot write the export: output error") : 0;
}
