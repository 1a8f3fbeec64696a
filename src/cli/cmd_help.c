/* help and completion: documentation printed from the command table. */
#include "cli/help.h"

#include <string.h>

int cmd_help(struct cli_ctx *ctx, struct cli_args *args)
{
    if (args->npos == 0) {
        help_print_overview(stdout);
        return 0;
    }
    int words = 0;
    const char *group = NULL;
    const struct cli_command *cmd =
        cli_find_command(args->npos, args->pos, &words, &group, &ctx->err);
    const char *named_group = args->npos == 1 ? cli_group_of(args->pos[0]) : NULL;
    if (!cmd && !group && named_group && ctx->err.status == TR_USAGE) {
        /* "help city" (or "help cit"): the group's commands */
        tr_error_release(&ctx->err);
        tr_error_init(&ctx->err);
        help_print_group(stdout, named_group);
        return 0;
    }
    if (!cmd)
        return group ? (help_print_group(stdout, group), 0) : -1;
    if (words < args->npos)
        return cli_usage_error(ctx, "unexpected argument '%s'", args->pos[words]);
    help_print_usage(stdout, cmd);
    return 0;
}

int cmd_completion(struct cli_ctx *ctx, struct cli_args *args)
{
    if (help_print_completion(stdout, args->pos[0]) != 0)
        return cli_usage_error(ctx, "no completion for the shell '%s': expected bash, zsh or fish",
                               args->pos[0]);
    return 0;
}
