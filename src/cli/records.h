/* Helpers shared by the commands that add and change records (cmd_agreement.c,
 * cmd_framework.c, cmd_org.c, cmd_program.c, cmd_source.c). */
#ifndef TWINREG_CLI_RECORDS_H
#define TWINREG_CLI_RECORDS_H

#include "cli/cli.h"

/* An optional field from an option: set when given, '' as NULL (the table lets '' through
 * only where it clears a field). */
tr_opt_text cli_opt_text(struct cli_args *args, enum cli_opt id);
/* Links every --source URL to the record `key` of `type`. */
int cli_link_sources(struct cli_ctx *ctx, struct cli_args *args, const char *type, const char *key);
/* Lists through `lister` in the format asked for. */
int cli_list_with(struct cli_ctx *ctx, struct cli_args *args,
                  int (*lister)(tr_store *, tr_row_fn, void *, tr_error *),
                  const struct out_column *columns, const char *const *fields);
/* The --decision of the command (0: none) into *decision, resolved and checked against
 * `change` on `on` before the change is written; then cli_link_decision links it. */
int cli_decision_check(struct cli_ctx *ctx, struct cli_args *args, const char *change,
                       const char *on, int64_t *decision);
int cli_link_decision(struct cli_ctx *ctx, int64_t decision, int64_t agreement, const char *change,
                      const char *on);
/* Splits each --signatory 'NAME, OFFICE' into names[] and offices[], copied into buf:
 * their count, or -1 when buf is too small. */
int cli_signatories(struct cli_args *args, char *buf, size_t cap, const char **names,
                    const char **offices);

#endif
