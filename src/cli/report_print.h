/* The report as text for a person: a plain table, or Markdown an office can hand on. */
#ifndef TWINREG_CLI_REPORT_PRINT_H
#define TWINREG_CLI_REPORT_PRINT_H

#include <jansson.h>

/* One relationship (tr_report); `level` is its title's heading level in Markdown (1 alone,
 * 2 under a city's report). */
void report_print_pair(json_t *report, int markdown, int level);
/* One city's report: {day, city, partners: [pair reports]}. */
void report_print_city(json_t *report, int markdown);

#endif
