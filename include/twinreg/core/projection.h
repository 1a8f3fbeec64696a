/* The map's projection, one for country outlines and agreement arcs alike: the Natural
 * Earth projection (Šavrič, Jenny, Patterson, Petrovič and Hurni, 2011), a compromise made
 * for world maps: poles as lines, less polar stretch than equirectangular, no tables as
 * Robinson needs. */
#ifndef TWINREG_PROJECTION_H
#define TWINREG_PROJECTION_H

/* (lon, lat) in degrees to plane (x, y) in earth radii: x grows east, y grows north; the
 * world spans x within ±TR_PROJ_X_MAX and y within ±TR_PROJ_Y_MAX. */
void tr_project(double lon, double lat, double *x, double *y);

/* tr_project(180, 0) and tr_project(0, 90). */
#define TR_PROJ_X_MAX 2.7353
#define TR_PROJ_Y_MAX 1.4224

#endif
