/* init: create the database and apply migrations (and, later, load the sample). */
#include "cli/cli.h"

int cmd_init(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    if (arg_flag(args, "sample"))
        return tr_error_set(&ctx->err, TR_USAGE, "init: --sample is not available yet");
    cli_notice("database ready (schema version %d)", tr_store_schema_version(store));
    return 0;
}
