/* GeoJSON export (RFC 7946) for map viewers: one FeatureCollection, cities with known
 * coordinates as points, agreements as lines between their parties. Coordinates are
 * [longitude, latitude]. An agreement with fewer than two located parties keeps its
 * feature with a null geometry, so that nothing is silently left out. Written feature by
 * feature, as the rows are read. */
#include "twinreg/io/io.h"

#include "io/export_output.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/cursor.h"

static int write_feature(FILE *out, long *written, const char *kind, json_int_t id,
                         json_t *geometry, json_t *properties)
{
    char fid[48];
    snprintf(fid, sizeof fid, "%s/%lld", kind, (long long)id);
    json_t *feature = json_pack("{s:s, s:s, s:o, s:o}", "type", "Feature", "id", fid, "geometry",
                                geometry, "properties", properties);
    fputs(*written ? ",\n  " : "\n  ", out);
    int rc = feature ? json_dumpf(feature, out, TR_JSON_FLAGS) : -1;
    json_decref(feature);
    (*written)++;
    return rc;
}

/* Rows of a query, each written as a feature by `write` (-1: it could not be). */
typedef int (*feature_writer)(FILE *out, long *written, tr_cursor *row);

static int write_features(tr_store *store, enum tr_query q, feature_writer write, FILE *out,
                          long *written, tr_error *err)
{
    tr_cursor *c;
    if (tr_cursor_open(store, q, "cannot export", &c, err) != 0)
        return -1;
    int rc;
    while ((rc = tr_cursor_next(c, err)) == 1)
        if (write(out, written, c) != 0)
            break;
    tr_cursor_close(c);
    return rc == 0 ? 0 : -1;
}

static int write_city(FILE *out, long *written, tr_cursor *row)
{
    json_t *props =
        json_pack("{s:s, s:I, s:o, s:o, s:o, s:o}", "type", "city", "id", tr_cursor_int(row, 0),
                  "name", tr_cursor_json(row, 1), "country", tr_cursor_json(row, 2), "region",
                  tr_cursor_json(row, 3), "wikidata", tr_cursor_json(row, 4));
    json_t *point = json_pack("{s:s, s:[o,o]}", "type", "Point", "coordinates",
                              tr_cursor_json(row, 5), tr_cursor_json(row, 6));
    return write_feature(out, written, "city", tr_cursor_int(row, 0), point, props);
}

/* A line between two located parties; more than two: every pair, as a MultiLineString. */
static json_t *agreement_geometry(json_t *parties)
{
    json_t *points = json_array(), *p;
    size_t i;
    json_array_foreach (parties, i, p)
        if (json_is_number(json_object_get(p, "lon")))
            json_array_append_new(
                points, json_pack("[O,O]", json_object_get(p, "lon"), json_object_get(p, "lat")));
    size_t n = json_array_size(points);
    json_t *geometry = json_null();
    if (n == 2) {
        geometry = json_pack("{s:s, s:O}", "type", "LineString", "coordinates", points);
    } else if (n > 2) {
        json_t *lines = json_array();
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++)
                json_array_append_new(lines, json_pack("[O,O]", json_array_get(points, a),
                                                       json_array_get(points, b)));
        geometry = json_pack("{s:s, s:o}", "type", "MultiLineString", "coordinates", lines);
    }
    json_decref(points);
    return geometry;
}

static int write_agreement(FILE *out, long *written, tr_cursor *row)
{
    int col = 1; /* after the id: the columns of the record a map shows, then the parties */
    json_t *props = json_pack("{s:s, s:I}", "type", "agreement", "id", tr_cursor_int(row, 0));
    for (int c = TR_AC_ID + 1; c < TR_AC_COUNT; c++)
        if (tr_agreement_columns[c].geojson)
            json_object_set_new(props, tr_agreement_columns[c].json, tr_cursor_json(row, col++));
    json_t *parties = json_loads(tr_cursor_text(row, col), 0, NULL);
    if (!parties) {
        json_decref(props);
        return -1;
    }
    json_t *ids = json_array(), *names = json_array(), *p;
    size_t i;
    json_array_foreach (parties, i, p) {
        json_array_append(ids, json_object_get(p, "id"));
        json_array_append(names, json_object_get(p, "name"));
    }
    json_object_set_new(props, "parties", ids);
    json_object_set_new(props, "party_names", names);
    json_t *geometry = agreement_geometry(parties);
    json_decref(parties);
    return write_feature(out, written, "agreement", tr_cursor_int(row, 0), geometry, props);
}

int tr_export_geojson(tr_store *store, FILE *out, tr_error *err)
{
    long written = 0;
    fputs("{\"type\": \"FeatureCollection\", \"features\": [", out);
    if (write_features(store, TR_Q_LOCATED_CITIES, write_city, out, &written, err) != 0 ||
        write_features(store, TR_Q_AGREEMENTS_WITH_PLACES, write_agreement, out, &written, err) !=
            0)
        return err->status ? -1 : export_write_failed(out, err);
    fputs(written ? "\n]}\n" : "]}\n", out);
    return ferror(out) ? export_write_failed(out, err) : 0;
}
