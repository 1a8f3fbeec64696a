/* What the record commands (framework, org, program, source) share: optional text
 * fields, --source links and listings. */
#include "cli/records.h"

#include "twinreg/store/source.h"

#include <string.h>

tr_opt_text cli_opt_text(struct cli_args *args, enum cli_opt id)
{
    const char *v = arg_value(args, id);
    return (tr_opt_text){v != NULL, v && *v ? v : NULL};
}

int cli_link_sources(struct cli_ctx *ctx, struct cli_args *args, const char *type, const char *key)
{
    for (int i = 0; i < arg_count(args, OPT_SOURCE); i++)
        if (tr_source_link(ctx->store, type, key, arg_nth(args, OPT_SOURCE, i), &ctx->err) != 0)
            return -1;
    return 0;
}

int cli_list_with(struct cli_ctx *ctx, struct cli_args *args,
                  int (*lister)(tr_store *, tr_row_fn, void *, tr_error *),
                  const struct out_column *columns, const char *const *fields)
{
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, columns, fields);
    /* "decision list": "no decision recorded" */
    out_list_empty(&list, "no %.*s recorded", (int)strcspn(args->cmd->name, " "), args->cmd->name);
    int rc = lister(store, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}
