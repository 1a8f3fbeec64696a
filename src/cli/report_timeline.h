/* The report page's drawings: the timeline of a relationship, and the place of its map. */
#ifndef TWINREG_CLI_REPORT_TIMELINE_H
#define TWINREG_CLI_REPORT_TIMELINE_H

#include <jansson.h>
#include <stdio.h>

/* One inline SVG of a pair's report (tr_report): a lane per agreement from its signing to
 * its end, expiry or the report's day (dashed on to an expiry still ahead), its suspensions
 * shaded, its events as ticks; a lane of the programs' starts; the years on an axis. */
void report_timeline_svg(FILE *out, json_t *pair);

/* A small map of the pair's two cities and their arc (report_map.c), or a line saying
 * which city has no coordinates. */
void report_html_map(FILE *out, json_t *pair);

#endif
