/* The report page's small map of a pair: its two cities and the arc between them, on the
 * outlines of the map command (map_svg), in a box around them. A city without coordinates
 * leaves the map out and says so. */
#include "cli/report_timeline.h"

#include "twinreg/core/xml_text.h"
#include "twinreg/io/map.h"

#include <stdio.h>

/* Degrees added around the two cities, and the smallest box shown (a pair of neighbours
 * still shows the region they are in). */
#define MARGIN 12.0
#define MIN_WIDTH 60.0
#define MIN_HEIGHT 30.0

static double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* A box around [lo, hi], at least `least` wide, within [floor, ceiling]. */
static void span(double lo, double hi, double least, double floor, double ceiling, double *from,
                 double *to)
{
    lo -= MARGIN, hi += MARGIN;
    if (hi - lo < least) {
        double mid = (lo + hi) / 2;
        lo = mid - least / 2, hi = mid + least / 2;
    }
    *from = clamp(lo, floor, ceiling), *to = clamp(hi, floor, ceiling);
}

void report_html_map(FILE *out, json_t *pair)
{
    json_t *cities = json_object_get(pair, "cities");
    tr_map_city ends[2];
    char titles[2][300];
    for (size_t i = 0; i < 2; i++) {
        json_t *c = json_array_get(cities, i), *lat = json_object_get(c, "lat"),
               *lon = json_object_get(c, "lon");
        const char *name = json_string_value(json_object_get(c, "name"));
        if (!json_is_number(lat) || !json_is_number(lon)) {
            fputs("<p class=\"no-map\">No map: no coordinates are recorded for ", out);
            tr_xml_put(out, name ? name : "?");
            fputs(" ('twinreg city update CITY --lat --lon' adds them).</p>", out);
            return;
        }
        snprintf(titles[i], sizeof titles[i], "%s (%s)", name ? name : "?",
                 json_string_value(json_object_get(c, "country")));
        ends[i] = (tr_map_city){json_number_value(lon), json_number_value(lat), titles[i]};
    }
    char title[700];
    size_t n = json_array_size(json_object_get(pair, "agreements"));
    snprintf(title, sizeof title, "%s – %s: %zu agreement%s", titles[0], titles[1], n,
             n == 1 ? "" : "s");
    tr_map_arc arc = {0, 1, title};
    tr_map_bbox box = TR_MAP_WORLD;
    double west = ends[0].lon < ends[1].lon ? ends[0].lon : ends[1].lon,
           east = ends[0].lon < ends[1].lon ? ends[1].lon : ends[0].lon;
    /* The short way across the antimeridian (Seoul to Mexico City over the Pacific): no box
     * holds it on this map, so the whole width is shown. */
    if (east - west <= 180)
        span(west, east, MIN_WIDTH, -180, 180, &box.west, &box.east);
    span(ends[0].lat < ends[1].lat ? ends[0].lat : ends[1].lat,
         ends[0].lat < ends[1].lat ? ends[1].lat : ends[0].lat, MIN_HEIGHT, -90, 90, &box.south,
         &box.north);
    map_svg(out, ends, 2, &arc, n ? 1 : 0, &box, 640, 320);
}
