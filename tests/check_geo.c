/* Great circles (core/geo.c): distances against published values, and arcs that start and
 * end where they should and stay on the circle between. */
#include <check.h>
#include <math.h>

#include "twinreg/core/geo.h"
#include "check_run.h"

START_TEST(distances_match_known_values)
{
    /* Paris–London, haversine on the mean radius: 343.6 km. */
    ck_assert_double_eq_tol(tr_geo_distance_km(48.8566, 2.3522, 51.5074, -0.1278), 343.6, 0.2);
    /* A quarter of the equator, and half of it (antipodes). */
    ck_assert_double_eq_tol(tr_geo_distance_km(0, 0, 0, 90), M_PI / 2 * TR_EARTH_RADIUS_KM, 1e-6);
    ck_assert_double_eq_tol(tr_geo_distance_km(0, 0, 0, 180), M_PI * TR_EARTH_RADIUS_KM, 1e-6);
    /* Across the date line is the short way: 2 degrees of longitude, not 358. */
    ck_assert_double_eq_tol(tr_geo_distance_km(0, 179, 0, -179), tr_geo_distance_km(0, 0, 0, 2),
                            1e-9);
    ck_assert_double_eq_tol(tr_geo_distance_km(37.5665, 126.978, 37.5665, 126.978), 0, 1e-9);
}
END_TEST

START_TEST(arcs_follow_the_great_circle)
{
    double lat, lon;
    tr_geo_along(0, 0, 0, 90, 0.5, &lat, &lon);
    ck_assert_double_eq_tol(lat, 0, 1e-9);
    ck_assert_double_eq_tol(lon, 45, 1e-9);
    /* Seoul to Mexico City: the ends, and every point splits the distance as f says. */
    const double s[2] = {37.5665, 126.978}, m[2] = {19.4326, -99.1332};
    double whole = tr_geo_distance_km(s[0], s[1], m[0], m[1]);
    for (int i = 0; i <= 10; i++) {
        double f = i / 10.0;
        tr_geo_along(s[0], s[1], m[0], m[1], f, &lat, &lon);
        ck_assert_double_eq_tol(tr_geo_distance_km(s[0], s[1], lat, lon), f * whole, 1e-6);
        ck_assert_double_eq_tol(tr_geo_distance_km(lat, lon, m[0], m[1]), (1 - f) * whole, 1e-6);
    }
    /* The way from Seoul to Mexico goes north over the Pacific, not across Asia. */
    tr_geo_along(s[0], s[1], m[0], m[1], 0.5, &lat, &lon);
    ck_assert(lat > 40 && (lon > 150 || lon < -150));
    /* Antipodes: a half circle through a pole, the right length from both ends. */
    tr_geo_along(10, 20, -10, -160, 0.5, &lat, &lon);
    ck_assert_double_eq_tol(tr_geo_distance_km(10, 20, lat, lon), M_PI / 2 * TR_EARTH_RADIUS_KM,
                            1e-6);
    ck_assert_double_eq_tol(tr_geo_distance_km(lat, lon, -10, -160), M_PI / 2 * TR_EARTH_RADIUS_KM,
                            1e-6);
    ck_assert_double_eq_tol(lat, 80, 1e-6); /* over the north pole's side, 10 degrees short */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("geo");
    TCase *tc = tcase_create("geo");
    tcase_add_test(tc, distances_match_known_values);
    tcase_add_test(tc, arcs_follow_the_great_circle);
    suite_add_tcase(s, tc);
    return check_run(s);
}
