/* map_svg: outlines, arcs and cities projected once each (twinreg/core/projection.h) into
 * whole units of a 2000-unit-wide drawing, written as relative path steps: small enough
 * for 25,000 arcs in a few MB. */
#include "twinreg/io/map.h"

#include "io/world_outline.h"
#include "twinreg/core/geo.h"
#include "twinreg/core/projection.h"
#include "twinreg/core/xml_text.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

/* The drawing's width in its own units: a unit is half a pixel of a 1000-pixel map. */
#define VIEW_WIDTH 2000

/* From degrees to the drawing's units. */
struct view {
    double x0, y1, scale, ox, oy;
    int width, height;
};

/* The projected box of a bbox: its edges sampled, since a meridian bows outward. */
static void view_init(struct view *v, const tr_map_bbox *b, int width, int height)
{
    double xmin = HUGE_VAL, xmax = -HUGE_VAL, ymin = HUGE_VAL, ymax = -HUGE_VAL;
    for (int i = 0; i <= 16; i++) {
        double lat = b->south + (b->north - b->south) * i / 16;
        double lon = b->west + (b->east - b->west) * i / 16;
        double pts[4][2] = {{b->west, lat}, {b->east, lat}, {lon, b->south}, {lon, b->north}};
        for (int k = 0; k < 4; k++) {
            double x, y;
            tr_project(pts[k][0], pts[k][1], &x, &y);
            xmin = fmin(xmin, x), xmax = fmax(xmax, x), ymin = fmin(ymin, y), ymax = fmax(ymax, y);
        }
    }
    v->width = VIEW_WIDTH;
    v->height = (int)lround((double)VIEW_WIDTH * height / (width > 0 ? width : 1));
    double dx = fmax(xmax - xmin, 1e-6), dy = fmax(ymax - ymin, 1e-6);
    v->scale = fmin(v->width / dx, v->height / dy);
    v->x0 = xmin, v->y1 = ymax;
    v->ox = (v->width - dx * v->scale) / 2, v->oy = (v->height - dy * v->scale) / 2;
}

static void view_point(const struct view *v, double lon, double lat, long *px, long *py)
{
    double x, y;
    tr_project(lon, lat, &x, &y);
    *px = lround(v->ox + (x - v->x0) * v->scale);
    *py = lround(v->oy + (v->y1 - y) * v->scale);
}

/* A path's pen: "M x y" then relative steps, a repeated 'l' left implicit and a space
 * only where no minus sign already parts two numbers. */
struct pen {
    FILE *out;
    long x, y;
    int steps; /* since the last move */
};

static void pen_number(struct pen *p, long n, int first)
{
    fprintf(p->out, first || n < 0 ? "%ld" : " %ld", n);
}

static void pen_move(struct pen *p, long x, long y)
{
    fputc('M', p->out);
    pen_number(p, x, 1), pen_number(p, y, 0);
    p->x = x, p->y = y, p->steps = 0;
}

static void pen_line(struct pen *p, long x, long y)
{
    if (x == p->x && y == p->y)
        return;
    if (!p->steps++)
        fputc('l', p->out);
    pen_number(p, x - p->x, p->steps == 1), pen_number(p, y - p->y, 0);
    p->x = x, p->y = y;
}

/* The sea: the world's edge (the antimeridian on both sides), filled. */
static void write_sphere(FILE *out, const struct view *v)
{
    struct pen p = {out, 0, 0, 0};
    long x, y;
    fputs("<path class=\"sea\" d=\"", out);
    for (int lat = -90; lat <= 90; lat += 5) {
        view_point(v, 180, lat, &x, &y);
        lat == -90 ? pen_move(&p, x, y) : pen_line(&p, x, y);
    }
    for (int lat = 90; lat >= -90; lat -= 5) {
        view_point(v, -180, lat, &x, &y);
        pen_line(&p, x, y);
    }
    fputs("z\"/>\n", out);
}

/* Every country's rings as one path; a ring wholly outside the view is left out. */
static void write_outlines(FILE *out, const struct view *v)
{
    static int ring[2 * WORLD_RING_MAX];
    static long xy[2 * WORLD_RING_MAX];
    struct pen p = {out, 0, 0, 0};
    const char *at = NULL;
    size_t n;
    fputs("<path class=\"land\" d=\"", out);
    while ((n = world_outline_ring(&at, ring)) > 0) {
        long xmin = LONG_MAX, xmax = LONG_MIN, ymin = LONG_MAX, ymax = LONG_MIN;
        for (size_t i = 0; i < n; i++) {
            view_point(v, ring[2 * i] / 10.0, ring[2 * i + 1] / 10.0, &xy[2 * i], &xy[2 * i + 1]);
            xmin = xy[2 * i] < xmin ? xy[2 * i] : xmin, xmax = xy[2 * i] > xmax ? xy[2 * i] : xmax;
            ymin = xy[2 * i + 1] < ymin ? xy[2 * i + 1] : ymin;
            ymax = xy[2 * i + 1] > ymax ? xy[2 * i + 1] : ymax;
        }
        if (xmax < 0 || ymax < 0 || xmin > v->width || ymin > v->height)
            continue;
        pen_move(&p, xy[0], xy[1]);
        for (size_t i = 1; i < n; i++)
            pen_line(&p, xy[2 * i], xy[2 * i + 1]);
        fputc('z', out);
    }
    fputs("\"/>\n", out);
}

/* A great-circle arc, one point per 700 km or so (at most 16: chords of a few dozen pixels
 * on a curve this gentle read as the curve), cut where it crosses the antimeridian (its two
 * pieces end on the world's two edges, at the latitude where it crosses). */
static void write_arc(FILE *out, const struct view *v, const tr_map_city *a, const tr_map_city *b)
{
    double km = tr_geo_distance_km(a->lat, a->lon, b->lat, b->lon);
    int steps = (int)fmin(fmax(km / 700, 1), 16);
    struct pen p = {out, 0, 0, 0};
    long x, y;
    double plon = a->lon, plat = a->lat;
    view_point(v, plon, plat, &x, &y);
    pen_move(&p, x, y);
    for (int i = 1; i <= steps; i++) {
        double lat, lon;
        tr_geo_along(a->lat, a->lon, b->lat, b->lon, (double)i / steps, &lat, &lon);
        if (fabs(lon - plon) > 180) {
            double edge = plon > 0 ? 180 : -180, unwrapped = lon + (plon > 0 ? 360 : -360);
            double cross = plat + (lat - plat) * (edge - plon) / (unwrapped - plon);
            view_point(v, edge, cross, &x, &y);
            pen_line(&p, x, y);
            view_point(v, -edge, cross, &x, &y);
            pen_move(&p, x, y);
        }
        view_point(v, lon, lat, &x, &y);
        pen_line(&p, x, y);
        plon = lon, plat = lat;
    }
}

/* Arcs fade as they grow many, so that where they crowd reads darker than where few run. */
static double arc_opacity(size_t m)
{
    return fmin(0.8, fmax(0.06, 0.8 * sqrt(100.0 / (double)(m ? m : 1))));
}

int map_svg(FILE *out, const tr_map_city *cities, size_t n, const tr_map_arc *arcs, size_t m,
            const tr_map_bbox *bbox, int width, int height)
{
    struct view v;
    view_init(&v, bbox ? bbox : &TR_MAP_WORLD, width, height);
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\">\n",
            width, height, v.width, v.height);
    /* Its own colours, inside the <svg>: any page that holds it (the map's, the report's)
     * draws it alike. */
    fputs("<style>\n"
          ".sea{fill:#dce9f5}\n"
          ".land{fill:#f4f1e8;stroke:#b8b2a0;stroke-width:1;stroke-linejoin:round}\n"
          ".arcs{fill:none;stroke:#b2182b;stroke-width:1.6}\n"
          ".arcs path:hover{stroke:#000;stroke-opacity:1;stroke-width:3}\n"
          ".cities circle{fill:#1f3b73;stroke:#fff;stroke-width:.6}\n"
          ".cities circle:hover{fill:#e08000}\n"
          "</style>\n",
          out);
    write_sphere(out, &v);
    write_outlines(out, &v);
    fprintf(out, "<g class=\"arcs\" stroke-opacity=\"%.2f\">\n", arc_opacity(m));
    for (size_t i = 0; i < m; i++) {
        fputs("<path d=\"", out);
        write_arc(out, &v, &cities[arcs[i].a], &cities[arcs[i].b]);
        fputs("\"><title>", out);
        tr_xml_put(out, arcs[i].title);
        fputs("</title></path>\n", out);
    }
    fputs("</g>\n<g class=\"cities\">\n", out);
    for (size_t i = 0; i < n; i++) {
        long x, y;
        view_point(&v, cities[i].lon, cities[i].lat, &x, &y);
        fprintf(out, "<circle cx=\"%ld\" cy=\"%ld\" r=\"3\"><title>", x, y);
        tr_xml_put(out, cities[i].title);
        fputs("</title></circle>\n", out);
    }
    fputs("</g>\n</svg>\n", out);
    return ferror(out) ? -1 : 0;
}
