/* The filters the research commands share (stats, map, export --format graphml|gexf):
 * one set of options, one reading of them into the store's agreement match. */
#ifndef TWINREG_CLI_AGREEMENT_FILTER_H
#define TWINREG_CLI_AGREEMENT_FILTER_H

#include "cli.h"
#include "twinreg/store/agreement_match.h"

/* The options, for a command's option list (then CLI_OPTIONS_END or more options). */
/* clang-format off */
#define AGREEMENT_FILTER_OPTIONS                                                                   \
    {.id = OPT_ACTIVE, .help = "only the agreements in force (today, or on --on)"},               \
    {.id = OPT_ON, .arg = "DATE", .value = VALUE_DATE, .what = "date",                             \
     .help = "with --active: in force on this date (default today)"},                              \
    {.id = OPT_KIND, .arg = "KIND", .value = VALUE_KIND, .help = "only agreements of this kind"},  \
    {.id = OPT_COUNTRY, .arg = "CC", .value = VALUE_CC, .repeat = 1,                               \
     .help = "only agreements with a party in this country (again: in each)"},                     \
    {.id = OPT_SINCE, .arg = "DATE", .value = VALUE_DATE, .what = "date",                          \
     .help = "only agreements signed on or after this date (a partial date: its first day)"},      \
    {.id = OPT_UNTIL, .arg = "DATE", .value = VALUE_DATE, .what = "date",                          \
     .help = "only agreements signed on or before this date (a partial date: its last day)"}
/* clang-format on */

/* The days and codes the match points into: keep it alive as long as the match. */
struct agreement_filter {
    tr_agreement_match match;
    char active_on[11], since[11], until[11];
};

/* Reads AGREEMENT_FILTER_OPTIONS (and --city when the command has it) from `args` into `f`.
 * An unknown city exits 3, an unknown country 4, --on without --active or --since after
 * --until 2. Returns 0, or -1 with ctx->err set. */
int cli_agreement_filter(struct cli_ctx *ctx, struct cli_args *args, struct agreement_filter *f);

/* Only the --country options (repeatable) into m's countries: exit 4 for an unknown one. For
 * the bulk changes, which read their other filters their own way. */
int cli_agreement_countries(struct cli_ctx *ctx, struct cli_args *args, tr_agreement_match *m);

/* Whether any filter is given: without one, a command may read the whole registry. */
int cli_agreement_filter_any(const struct agreement_filter *f);

#endif
