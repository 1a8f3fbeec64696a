/* The sphere twins live on: great-circle distances (stats distance) and the points of a
 * great-circle arc (map). One definition of the earth's radius for both. */
#ifndef TWINREG_GEO_H
#define TWINREG_GEO_H

/* The mean earth radius (IUGG), in km: haversine distances are within 0.5% of the
 * ellipsoid's, well under what a city's single point can claim. */
#define TR_EARTH_RADIUS_KM 6371.0088

/* Great-circle distance in km between two points in degrees (haversine: exact for
 * antipodes and for points a metre apart, unlike the law of cosines). */
double tr_geo_distance_km(double lat1, double lon1, double lat2, double lon2);

/* The point at fraction f (0: the first point, 1: the second) along the great circle from
 * (lat1, lon1) to (lat2, lon2), in degrees, longitude within [-180, 180]. Two antipodal
 * points have no single great circle: the arc then goes by the meridian's pole side. */
void tr_geo_along(double lat1, double lon1, double lat2, double lon2, double f, double *lat,
                  double *lon);

#endif
