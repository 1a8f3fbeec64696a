/* source add|list: the sources every fact cites. */
#include "cli/records.h"

#include "twinreg/store/source.h"

static const char *const source_fields[] = {"id", "citation", "url", NULL};
static const struct out_column source_columns[] = {{"ID", "id", NULL, 0},
                                                   {"URL", "url", NULL, 50},
                                                   {"CITATION", "citation", NULL, 60},
                                                   {NULL, NULL, NULL, 0}};

int cmd_source_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return cli_list_with(ctx, args, tr_source_list, source_columns, source_fields);
}

static int do_source_add(struct cli_ctx *ctx, void *data)
{
    struct cli_args *args = data;
    int64_t id;
    return tr_source_add(ctx->store, args->pos[0], arg_value(args, OPT_CITATION), &id, &ctx->err);
}

int cmd_source_add(struct cli_ctx *ctx, struct cli_args *args)
{
    if (!cli_store_create(ctx) || cli_write(ctx, do_source_add, args) != 0)
        return -1;
    cli_notice("source %s recorded", args->pos[0]);
    return 0;
}
