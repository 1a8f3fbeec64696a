/* org add|list|show: the organizations that run programs. */
#include "cli/records.h"

#include "twinreg/store/org.h"

#include <stdio.h>

static const char *const org_fields[] = {"id",         "name",    "acronym", "country",
                                         "founded_on", "summary", "sources", NULL};
static const struct out_column org_columns[] = {{"ID", "id", NULL, 0},
                                                {"NAME", "name", NULL, 50},
                                                {"ACRONYM", "acronym", NULL, 0},
                                                {"COUNTRY", "country", NULL, 0},
                                                {"FOUNDED", "founded_on", NULL, 0},
                                                {NULL, NULL, NULL, 0}};

struct org_change {
    struct cli_args *args;
    int64_t id;
};

static int do_org_add(struct cli_ctx *ctx, void *data)
{
    struct org_change *c = data;
    struct cli_args *args = c->args;
    tr_org_fields f = {.name = args->pos[0],
                       .acronym = cli_opt_text(args, OPT_ACRONYM),
                       .country = cli_opt_text(args, OPT_COUNTRY),
                       .founded_on = cli_opt_text(args, OPT_FOUNDED),
                       .summary = cli_opt_text(args, OPT_SUMMARY)};
    char key[32];
    if (tr_org_add(ctx->store, &f, &c->id, &ctx->err) != 0)
        return -1;
    snprintf(key, sizeof key, "%lld", (long long)c->id);
    return cli_link_sources(ctx, args, "organization", key);
}

int cmd_org_add(struct cli_ctx *ctx, struct cli_args *args)
{
    struct org_change c = {.args = args};
    if (!cli_store_create(ctx) || cli_write(ctx, do_org_add, &c) != 0)
        return -1;
    printf("%lld\n", (long long)c.id);
    cli_notice("added organization %lld: %s", (long long)c.id, args->pos[0]);
    return 0;
}

int cmd_org_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return cli_list_with(ctx, args, tr_org_list, org_columns, org_fields);
}

int cmd_org_show(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t id;
    tr_store *store = cli_store(ctx);
    if (!store || tr_org_resolve(store, args->pos[0], &id, &ctx->err) != 0)
        return -1;
    json_t *rec = tr_org_record(store, id, &ctx->err);
    if (!rec)
        return -1;
    int rc = out_object(ctx, args->format, rec, org_fields);
    json_decref(rec);
    return rc;
}
