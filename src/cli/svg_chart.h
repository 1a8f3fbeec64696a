/* A bar chart as a standalone SVG 1.1 file (stats --chart): one job, no shared drawing. */
#ifndef TWINREG_CLI_SVG_CHART_H
#define TWINREG_CLI_SVG_CHART_H

#include <stddef.h>
#include <stdio.h>

struct svg_bar {
    const char *label; /* under the bar, and in its tooltip */
    double value;
};

struct svg_chart {
    const char *title, *x_label, *y_label;
    const struct svg_bar *bars;
    size_t n;
};

/* Writes the chart to `out`; returns what fprintf reports (negative on a write error). */
int svg_chart_write(FILE *out, const struct svg_chart *chart);

#endif
