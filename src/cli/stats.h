/* The stats commands' shared steps: the filters read into the matching agreements, the day
 * the "in force" counts are taken on, the rows printed, the chart written. */
#ifndef TWINREG_CLI_STATS_H
#define TWINREG_CLI_STATS_H

#include "agreement_filter.h"
#include "svg_chart.h"
#include "twinreg/store/stats.h"

/* An alpha-2 code as an index (AA 0 .. ZZ 675), or -1. */
#define STATS_COUNTRIES (26 * 26)
int stats_country_index(const char *cc);

/* Counts of a group (a kind, a country, a pair): agreements, in force on the day, suspended
 * on it, ended by it. */
struct stats_tally {
    long agreements, in_force, suspended, ended;
};
void stats_tally_add(struct stats_tally *t, const tr_stats_agreement *a);

struct stats_scope {
    struct agreement_filter f;
    int64_t *ids; /* the matching agreements, ascending; NULL: every agreement (no filter) */
    size_t n;
    char day[11]; /* --active --on DATE, else today */
};

/* Reads the filters and, when one is given, the ids they match. -1 with ctx->err set. */
int stats_scope_read(struct cli_ctx *ctx, struct cli_args *args, struct stats_scope *s);
void stats_scope_release(struct stats_scope *s);

/* Prints rows (each a JSON object, stolen) in the command's format. */
int stats_print(struct cli_ctx *ctx, struct cli_args *args, const struct out_column *columns,
                const char *const *fields, json_t *rows);

/* Writes --chart FILE (when given) with `bars`; -1 with ctx->err set. */
int stats_chart(struct cli_ctx *ctx, struct cli_args *args, const struct svg_chart *chart);

/* What stats by groups by: decade, year (periods), kind, country, country-pair. */
extern const char *const stats_groupings[];

/* stats by decade|year (`decade` 1 or 0). */
int stats_by_period(struct cli_ctx *ctx, struct cli_args *args, struct stats_scope *s, int decade);

#endif
