/* active and partners: who is twinned with whom on a date. */
#include "cli/cli.h"

#include "twinreg/store/city.h"
#include "twinreg/store/query.h"

static const char *const active_fields[] = {"city_id",  "city",        "country", "count",
                                            "partners", "partner_ids", NULL};
static const struct out_column active_columns[] = {
    {"ID", "city_id", NULL, 0},         {"CITY", "city", NULL, 30},
    {"COUNTRY", "country", NULL, 0},    {"AGREEMENTS", "count", NULL, 0},
    {"PARTNERS", "partners", NULL, 50}, {NULL, NULL, NULL, 0},
};

static const char *const partners_fields[] = {"city_id",    "city",  "country", "count",
                                              "agreements", "since", NULL};
static const struct out_column partners_columns[] = {
    {"ID", "city_id", NULL, 0},      {"CITY", "city", NULL, 40},
    {"COUNTRY", "country", NULL, 0}, {"AGREEMENTS", "count", NULL, 0},
    {"IDS", "agreements", NULL, 20}, {"SINCE", "since", NULL, 0},
    {NULL, NULL, NULL, 0},
};

int cmd_active(struct cli_ctx *ctx, struct cli_args *args)
{
    char day[11];
    const char *alpha2 = NULL;
    tr_store *store = cli_store(ctx);
    if (!store || cli_on_day(ctx, args, day) != 0 ||
        cli_country(ctx, arg_value(args, OPT_COUNTRY), &alpha2) != 0)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, active_columns, active_fields);
    out_list_empty(&list, "no agreement in force on %s%s%s", day, alpha2 ? " in " : "",
                   alpha2 ? alpha2 : "");
    int rc = tr_query_active(store, day, alpha2, out_list_cells, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

int cmd_partners(struct cli_ctx *ctx, struct cli_args *args)
{
    char day[11];
    int64_t city;
    tr_store *store = cli_store(ctx);
    if (!store || tr_city_resolve(store, args->pos[0], &city, &ctx->err) != 0 ||
        cli_on_day(ctx, args, day) != 0)
        return -1;
    int deep = cli_partners_depth(ctx, args, store, city, day);
    if (deep <= 0)
        return deep;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, partners_columns, partners_fields);
    out_list_empty(&list, "%s has no partner in force on %s", args->pos[0], day);
    int rc = tr_query_partners(store, city, day, out_list_cells, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}
