/* city merge and city duplicates: cities that are one, found and made one. */
#include "cli/cli.h"

#include "twinreg/store/city.h"
#include "twinreg/store/history.h"

#include <stdio.h>

struct city_merge {
    struct cli_args *args;
    int64_t keep;
    int64_t others[TR_MAX_MERGED];
    tr_city_merge_counts counts;
    char summary[160]; /* what the merge did: printed, and kept with its history entry */
};

static int do_merge(struct cli_ctx *ctx, void *data)
{
    struct city_merge *m = data;
    /* Resolved inside the transaction: the ids cannot change before the merge writes. */
    if (tr_city_resolve(ctx->store, m->args->pos[0], &m->keep, &ctx->err) != 0)
        return -1;
    for (int i = 1; i < m->args->npos; i++)
        if (tr_city_resolve(ctx->store, m->args->pos[i], &m->others[i - 1], &ctx->err) != 0)
            return -1;
    int n = m->args->npos - 1;
    if (tr_city_merge(ctx->store, m->keep, m->others, (size_t)n, &m->counts, &ctx->err) != 0)
        return -1;
    snprintf(m->summary, sizeof m->summary,
             "merged %d cit%s into city %lld: %zu agreement%s moved, %zu merged into one it had", n,
             n == 1 ? "y" : "ies", (long long)m->keep, m->counts.agreements_moved,
             m->counts.agreements_moved == 1 ? "" : "s", m->counts.agreements_merged);
    return ctx->history ? tr_history_note(ctx->history, m->summary, &ctx->err) : 0;
}

int cmd_city_merge(struct cli_ctx *ctx, struct cli_args *args)
{
    if (args->npos - 1 > TR_MAX_MERGED)
        return cli_usage_error(ctx, "at most %d cities merge into one at a time", TR_MAX_MERGED);
    struct city_merge m = {.args = args};
    if (!cli_store(ctx) || cli_write(ctx, do_merge, &m) != 0)
        return -1;
    printf("%lld\n", (long long)m.keep);
    cli_notice("%s", m.summary);
    return 0;
}

static const char *const duplicate_fields[] = {"score", "reason", "id1",      "name1", "country1",
                                               "id2",   "name2",  "country2", NULL};

static const struct out_column duplicate_columns[] = {
    {"SCORE", "score", NULL, 0},  {"ID1", "id1", NULL, 0},       {"NAME1", "name1", NULL, 32},
    {"CC1", "country1", NULL, 0}, {"ID2", "id2", NULL, 0},       {"NAME2", "name2", NULL, 32},
    {"CC2", "country2", NULL, 0}, {"REASON", "reason", NULL, 0}, {NULL, NULL, NULL, 0},
};

int cmd_city_duplicates(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *alpha2 = NULL;
    tr_store *store = cli_store(ctx);
    if (!store || cli_country(ctx, arg_value(args, OPT_COUNTRY), &alpha2) != 0)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, duplicate_columns, duplicate_fields);
    int rc = tr_city_duplicates(store, alpha2, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}
