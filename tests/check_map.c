/* The map's drawing (io/map_svg.c): one element per city and per arc, titles escaped, the
 * outlines drawn, an arc across the antimeridian cut in two, a small bbox's view. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/io/map.h"
#include "check_run.h"

static char *draw(const tr_map_city *c, size_t n, const tr_map_arc *a, size_t m,
                  const tr_map_bbox *bbox)
{
    char *text;
    size_t size;
    FILE *out = open_memstream(&text, &size);
    ck_assert_int_eq(map_svg(out, c, n, a, m, bbox, 1000, 520), 0);
    fclose(out);
    return text;
}

static int count(const char *text, const char *what)
{
    int k = 0;
    for (const char *p = text; (p = strstr(p, what)); p++)
        k++;
    return k;
}

/* The d attribute of the first arc. */
static char *first_arc(const char *svg)
{
    const char *p = strstr(strstr(svg, "<g class=\"arcs\""), "<path d=\"") + 9;
    return strndup(p, strcspn(p, "\""));
}

static const tr_map_city cities[] = {{126.978, 37.5665, "Seoul (KR)"},
                                     {-99.1332, 19.4326, "Mexico City (MX)"},
                                     {2.35, 48.86, "Paris <&> (FR)"}};

START_TEST(elements_and_titles)
{
    tr_map_arc arcs[] = {{0, 1, "Seoul \u2013 Mexico"}, {1, 2, "Mexico \u2013 \"Paris\""}};
    char *svg = draw(cities, 3, arcs, 2, NULL);
    ck_assert_int_eq(count(svg, "<circle "), 3);
    ck_assert_int_eq(count(svg, "<path d="), 2);
    ck_assert_ptr_nonnull(strstr(svg, "<title>Paris &lt;&amp;&gt; (FR)</title>"));
    ck_assert_ptr_nonnull(strstr(svg, "<title>Mexico \u2013 &quot;Paris&quot;</title>"));
    free(svg);
    /* A character XML cannot carry (U+FFFF, here in a registry's name) becomes U+FFFD. */
    tr_map_arc odd[] = {{0, 1, "Seoul \xEF\xBF\xBF"}};
    svg = draw(cities, 3, odd, 1, NULL);
    ck_assert_ptr_nonnull(strstr(svg, "<title>Seoul \xEF\xBF\xBD</title>"));
    ck_assert_ptr_null(strstr(svg, "\xEF\xBF\xBF"));
    /* The outlines: one path with a ring per country part (Natural Earth's 110m has 280). */
    const char *land = strstr(svg, "class=\"land\"");
    ck_assert_ptr_nonnull(land);
    ck_assert_int_gt(count(land, "z") - count(strstr(land, "</path>"), "z"), 200);
    free(svg);
}
END_TEST

START_TEST(antimeridian_cuts_the_arc)
{
    /* Seoul to Mexico City crosses the Pacific: two pieces, each its own move. */
    tr_map_arc pacific[] = {{0, 1, "t"}}, atlantic[] = {{1, 2, "t"}};
    char *svg = draw(cities, 3, pacific, 1, NULL), *d = first_arc(svg);
    ck_assert_int_eq(count(d, "M"), 2);
    free(d), free(svg);
    svg = draw(cities, 3, atlantic, 1, NULL), d = first_arc(svg);
    ck_assert_int_eq(count(d, "M"), 1);
    free(d), free(svg);
}
END_TEST

START_TEST(bbox_zooms_in)
{
    /* Europe alone: Paris lands inside the view, Seoul outside it; fewer outlines. */
    tr_map_bbox europe = {-12, 34, 32, 62};
    char *world = draw(cities, 3, NULL, 0, NULL), *svg = draw(cities, 3, NULL, 0, &europe);
    long x, y;
    const char *paris = strstr(svg, "<circle cx=\"");
    for (int i = 0; i < 2; i++)
        paris = strstr(paris + 1, "<circle cx=\"");
    ck_assert_int_eq(sscanf(paris, "<circle cx=\"%ld\" cy=\"%ld\"", &x, &y), 2);
    ck_assert(x > 0 && x < 2000 && y > 0 && y < 1040);
    ck_assert_int_eq(sscanf(strstr(svg, "<circle cx=\""), "<circle cx=\"%ld\" cy=\"%ld\"", &x, &y),
                     2);
    ck_assert(x > 2000 || y < 0);
    /* The rings wholly outside the view are left out. */
    ck_assert_int_lt(count(strstr(svg, "class=\"land\""), "z"),
                     count(strstr(world, "class=\"land\""), "z"));
    free(svg), free(world);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("map");
    TCase *tc = tcase_create("svg");
    tcase_add_test(tc, elements_and_titles);
    tcase_add_test(tc, antimeridian_cuts_the_arc);
    tcase_add_test(tc, bbox_zooms_in);
    suite_add_tcase(s, tc);
    return check_run(s);
}
