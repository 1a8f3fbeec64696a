/* The map's projection (core/projection.c): the Natural Earth projection's published
 * extent, its symmetries, and east and north kept as east and north. */
#include <check.h>
#include <math.h>

#include "twinreg/core/projection.h"
#include "check_run.h"

START_TEST(extent_and_symmetry)
{
    double x, y;
    tr_project(0, 0, &x, &y);
    ck_assert_double_eq_tol(x, 0, 1e-12);
    ck_assert_double_eq_tol(y, 0, 1e-12);
    /* The published extent: x 2.7354 at the equator's ends, y 1.4224 at the pole. */
    tr_project(180, 0, &x, &y);
    ck_assert_double_eq_tol(x, TR_PROJ_X_MAX, 1e-3);
    ck_assert_double_eq_tol(x, 0.8707 * M_PI, 1e-4);
    tr_project(0, 90, &x, &y);
    ck_assert_double_eq_tol(y, TR_PROJ_Y_MAX, 1e-3);
    double x2, y2;
    tr_project(-120, -40, &x, &y);
    tr_project(120, 40, &x2, &y2);
    ck_assert_double_eq_tol(x, -x2, 1e-12);
    ck_assert_double_eq_tol(y, -y2, 1e-12);
    /* The poles are lines, shorter than the equator. */
    tr_project(180, 90, &x2, &y2);
    ck_assert(x2 > 0 && x2 < TR_PROJ_X_MAX);
}
END_TEST

START_TEST(order_is_kept)
{
    /* Seoul is east and north of Mexico City; Cape Town south of Paris. */
    double sx, sy, mx, my;
    tr_project(126.978, 37.5665, &sx, &sy);
    tr_project(-99.1332, 19.4326, &mx, &my);
    ck_assert(sx > mx && sy > my);
    tr_project(18.42, -33.92, &sx, &sy);
    tr_project(2.35, 48.86, &mx, &my);
    ck_assert(sy < 0 && my > 0);
    /* x grows with longitude along any parallel. */
    for (int lat = -80; lat <= 80; lat += 20) {
        double px = -HUGE_VAL;
        for (int lon = -180; lon <= 180; lon += 15) {
            double cx, cy;
            tr_project(lon, lat, &cx, &cy);
            ck_assert(cx > px);
            px = cx;
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("projection");
    TCase *tc = tcase_create("natural earth");
    tcase_add_test(tc, extent_and_symmetry);
    tcase_add_test(tc, order_is_kept);
    suite_add_tcase(s, tc);
    return check_run(s);
}
