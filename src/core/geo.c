/* Great circles by spherical trigonometry on unit vectors: stable near 0 and near π. */
#include "twinreg/core/geo.h"

#include <math.h>

static const double deg = M_PI / 180.0;

double tr_geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
    double dlat = (lat2 - lat1) * deg, dlon = (lon2 - lon1) * deg;
    double s1 = sin(dlat / 2), s2 = sin(dlon / 2);
    double h = s1 * s1 + cos(lat1 * deg) * cos(lat2 * deg) * s2 * s2;
    if (h > 1)
        h = 1; /* rounding past the antipode */
    return 2 * TR_EARTH_RADIUS_KM * asin(sqrt(h));
}

void tr_geo_along(double lat1, double lon1, double lat2, double lon2, double f, double *lat,
                  double *lon)
{
    double p1 = lat1 * deg, l1 = lon1 * deg, p2 = lat2 * deg, l2 = lon2 * deg;
    double a[3] = {cos(p1) * cos(l1), cos(p1) * sin(l1), sin(p1)};
    double b[3] = {cos(p2) * cos(l2), cos(p2) * sin(l2), sin(p2)};
    double c[3] = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    double sin_d = sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
    double d = atan2(sin_d, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]); /* exact near 0 and π */
    double v[3];
    if (sin_d < 1e-12) { /* the same point, or antipodes: go by the pole */
        if (d < 1) {
            *lat = lat1;
            *lon = lon1;
            return;
        }
        double pole[3] = {0, 0, a[2] >= 0 ? 1 : -1}, t = f * M_PI;
        double dot = a[2] * pole[2];
        double n[3] = {pole[0] - dot * a[0], pole[1] - dot * a[1], pole[2] - dot * a[2]};
        double len = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        for (int i = 0; i < 3; i++)
            v[i] = cos(t) * a[i] + sin(t) * (len > 1e-12 ? n[i] / len : (i == 0));
    } else {
        double x = sin((1 - f) * d) / sin_d, y = sin(f * d) / sin_d;
        for (int i = 0; i < 3; i++)
            v[i] = x * a[i] + y * b[i];
    }
    *lat = atan2(v[2], sqrt(v[0] * v[0] + v[1] * v[1])) / deg;
    *lon = atan2(v[1], v[0]) / deg;
}
