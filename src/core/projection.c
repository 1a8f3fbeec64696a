/* The Natural Earth projection's polynomials (see twinreg/core/projection.h). */
#include "twinreg/core/projection.h"

#include <math.h>

void tr_project(double lon, double lat, double *x, double *y)
{
    double phi = lat * M_PI / 180, lambda = lon * M_PI / 180;
    double p2 = phi * phi, p4 = p2 * p2, p6 = p4 * p2, p8 = p4 * p4, p10 = p8 * p2, p12 = p6 * p6;
    *x = lambda * (0.870700 - 0.131979 * p2 - 0.013791 * p4 + 0.003971 * p10 - 0.001529 * p12);
    *y = phi * (1.007226 + 0.015085 * p2 - 0.044475 * p6 + 0.028874 * p8 - 0.005916 * p10);
}
