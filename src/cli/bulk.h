/* Changes in bulk (issue 16): agreement suspend|end|amend given filters instead of an ID
 * apply one dated change to every matching agreement, in one transaction and one history
 * entry; cmd_bulk.c matches, lists (--dry-run), asks, and runs each agreement's change. */
#ifndef TWINREG_CLI_BULK_H
#define TWINREG_CLI_BULK_H

#include "cli/cli.h"

struct cli_bulk_change {
    const char *change; /* as cli_decision_check names it: "suspension" */
    const char *verb;   /* "suspend", in the question and the refusals */
    const char *done;   /* "suspended from", before --on in the notice */
    /* The change of agreement `id`, its --decision (0: none) checked once for all. */
    int (*apply)(struct cli_ctx *ctx, struct cli_args *args, int64_t id, int64_t decision);
};

/* Which form the command line takes: 0 an ID (the single change), 1 filters (cli_bulk),
 * -1 a usage error (both, neither, or a bulk option with an ID). */
int cli_bulk_form(struct cli_ctx *ctx, struct cli_args *args);
/* Runs the change over the agreements the filters match. */
int cli_bulk(struct cli_ctx *ctx, struct cli_args *args, const struct cli_bulk_change *change);
/* Lists agreements `ids` as agreement list does (cmd_agreement.c). */
int cli_agreement_list_ids(struct cli_ctx *ctx, enum out_format format, const int64_t *ids,
                           size_t n);

#endif
