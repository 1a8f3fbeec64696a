/* compare FILE: the file's agreements against the registry's, without changing either;
 * exit 1 when they differ, as diff and cmp do. The matching is import's (io/compare.h). */
#include "cli/cli.h"
#include "cli/import_options.h"

#include "twinreg/io/compare.h"

#include <stdlib.h>
#include <string.h>

static const char *const compare_fields[] = {
    "side", "line", "id", "parties", "kind", "signed_on", "differences", "reason", NULL};

/* "title: 'Old' → 'New'; ended_on: null → '2020'": the registry's value, then the file's. */
static char *render_differences(struct cli_ctx *ctx, json_t *row)
{
    (void)ctx;
    json_t *diff = json_object_get(row, "differences"), *pair;
    const char *field;
    size_t cap = 1, len = 0;
    json_object_foreach (diff, field, pair) {
        char *was = json_dumps(json_object_get(pair, "registry"), JSON_ENCODE_ANY);
        char *now = json_dumps(json_object_get(pair, "file"), JSON_ENCODE_ANY);
        cap += strlen(field) + (was ? strlen(was) : 0) + (now ? strlen(now) : 0) + 16;
        free(was), free(now);
    }
    char *out = calloc(1, cap);
    json_object_foreach (diff, field, pair) {
        char *was = json_dumps(json_object_get(pair, "registry"), JSON_ENCODE_ANY);
        char *now = json_dumps(json_object_get(pair, "file"), JSON_ENCODE_ANY);
        if (out && was && now)
            len += (size_t)snprintf(out + len, cap - len, "%s%s: %s → %s", len ? "; " : "", field,
                                    was, now);
        free(was), free(now);
    }
    return out;
}

static char *render_note(struct cli_ctx *ctx, json_t *row)
{
    json_t *reason = json_object_get(row, "reason");
    return json_is_string(reason) ? strdup(json_string_value(reason))
                                  : render_differences(ctx, row);
}

static const struct out_column compare_columns[] = {
    {"SIDE", "side", NULL, 0},
    {"LINE", "line", NULL, 0},
    {"ID", "id", NULL, 0},
    {"PARTIES", "parties", NULL, 50},
    {"KIND", "kind", NULL, 0},
    {"SIGNED", "signed_on", NULL, 0},
    {"DIFFERENCES", NULL, render_note, 60},
    {NULL, NULL, NULL, 0},
};

static const char *const summary_fields[] = {"side", "agreements", NULL};
static const struct out_column summary_columns[] = {
    {"SIDE", "side", NULL, 0}, {"AGREEMENTS", "agreements", NULL, 0}, {NULL, NULL, NULL, 0}};

struct listing {
    struct cli_ctx *ctx;
    struct out_list *list; /* NULL with --summary: counted only */
};

static int print_row(json_t *row, void *user, tr_error *err)
{
    struct listing *l = user;
    if (!l->list || out_list_row(row, l->list) == 0)
        return 0;
    return tr_error_set(err, l->ctx->err.status ? l->ctx->err.status : TR_IO, "%s",
                        l->ctx->err.message);
}

static int print_summary(struct cli_ctx *ctx, enum out_format format, const long *counts)
{
    struct out_list list;
    out_list_begin(&list, ctx, format, summary_columns, summary_fields);
    int rc = 0;
    for (int s = 0; s < TR_SIDES && rc == 0; s++) {
        json_t *row = json_pack("{s:s, s:I}", "side", tr_compare_side_names[s], "agreements",
                                (json_int_t)counts[s]);
        rc = row ? out_list_row(row, &list) : tr_error_set(&ctx->err, TR_IO, "out of memory");
        json_decref(row);
    }
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

int cmd_compare(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_import_options opt = {0};
    const char *mapping[CLI_MAX_VALUES];
    tr_country_map *countries;
    if (cli_import_options(ctx, args, OPT_INPUT_FORMAT, &opt, mapping, &countries) != 0)
        return -1;
    struct out_list list;
    struct listing listing = {ctx, arg_flag(args, OPT_SUMMARY) ? NULL : &list};
    tr_compare *cmp = tr_compare_new(&opt, print_row, &listing, &ctx->err);
    /* The file first, as import reads it: one that cannot be read is told before the
     * registry is opened. */
    tr_import *im = cmp ? tr_import_open(args->pos[0], &opt, &ctx->err) : NULL;
    tr_store *store = im ? cli_store(ctx) : NULL;
    int rc = -1;
    if (store) {
        if (listing.list)
            out_list_begin(&list, ctx, args->format, compare_columns, compare_fields);
        rc = tr_compare_run(cmp, im, store, &ctx->err);
        if (listing.list && out_list_end(&list) != 0)
            rc = -1;
    }
    if (rc == 0 && !listing.list)
        rc = print_summary(ctx, args->format, tr_compare_counts(cmp));
    if (rc == 0) {
        const long *n = tr_compare_counts(cmp);
        cli_notice("compare: %ld in both, %ld only in the file, %ld only in the registry, %ld "
                   "differ, %ld invalid",
                   n[TR_SIDE_BOTH], n[TR_SIDE_FILE], n[TR_SIDE_REGISTRY], n[TR_SIDE_DIFFERS],
                   n[TR_SIDE_INVALID]);
        /* Rows import would skip are told, but cannot be in the registry: no difference. */
        ctx->exit_status = n[TR_SIDE_FILE] || n[TR_SIDE_REGISTRY] || n[TR_SIDE_DIFFERS];
    }
    tr_import_close(im);
    tr_compare_free(cmp);
    tr_country_map_free(countries);
    return rc;
}
