/* framework add|list|show: the legal frameworks agreements rest on. */
#include "cli/records.h"

#include "twinreg/store/framework.h"

/* show's keys; a list stops before "requires", lest its CSV columns change. */
static const char *const framework_show_fields[] = {
    "code", "title",          "jurisdiction", "kind",     "adopted_on", "summary",
    "duty", "duty_authority", "sources",      "requires", NULL};
static const char *const framework_fields[] = {
    "code",    "title", "jurisdiction",   "kind",    "adopted_on",
    "summary", "duty",  "duty_authority", "sources", NULL};
static const struct out_column framework_columns[] = {{"CODE", "code", NULL, 0},
                                                      {"KIND", "kind", NULL, 0},
                                                      {"JURISDICTION", "jurisdiction", NULL, 0},
                                                      {"ADOPTED", "adopted_on", NULL, 0},
                                                      {"TITLE", "title", NULL, 50},
                                                      {NULL, NULL, NULL, 0}};

static int do_framework_add(struct cli_ctx *ctx, void *data)
{
    struct cli_args *args = data;
    tr_framework_fields f = {.code = args->pos[0],
                             .title = cli_opt_text(args, OPT_TITLE),
                             .jurisdiction = cli_opt_text(args, OPT_JURISDICTION),
                             .kind = cli_opt_text(args, OPT_KIND),
                             .adopted_on = cli_opt_text(args, OPT_ADOPTED),
                             .summary = cli_opt_text(args, OPT_SUMMARY),
                             .duty = cli_opt_text(args, OPT_DUTY),
                             .duty_authority = cli_opt_text(args, OPT_DUTY_AUTHORITY)};
    const char *requires[CLI_MAX_VALUES];
    f.n_requires = (size_t)arg_count(args, OPT_REQUIRES);
    for (size_t i = 0; i < f.n_requires; i++)
    requires[i] = arg_nth(args, OPT_REQUIRES, (int)i);
    f.requires = requires;
    return tr_framework_add(ctx->store, &f, &ctx->err) != 0
               ? -1
               : cli_link_sources(ctx, args, "framework", f.code);
}

int cmd_framework_add(struct cli_ctx *ctx, struct cli_args *args)
{
    if (!cli_store_create(ctx) || cli_write(ctx, do_framework_add, args) != 0)
        return -1;
    printf("%s\n", args->pos[0]);
    cli_notice("added framework %s", args->pos[0]);
    return 0;
}

int cmd_framework_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return cli_list_with(ctx, args, tr_framework_list, framework_columns, framework_fields);
}

int cmd_framework_show(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_store *store = cli_store(ctx);
    json_t *rec = store ? tr_framework_record(store, args->pos[0], &ctx->err) : NULL;
    if (!rec)
        return -1;
    int rc = out_object(ctx, args->format, rec, framework_show_fields);
    json_decref(rec);
    return rc;
}
