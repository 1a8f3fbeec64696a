/* decision add|list|show, agreement approve, and the --decision link of a change: who
 * decided and approved the life of an agreement. */
#include "cli/records.h"

#include "twinreg/store/agreement.h"
#include "twinreg/store/decision.h"

#include <stdlib.h>
#include <string.h>

static const char *const decision_list_fields[] = {"id",    "by",     "on", "number",
                                                   "title", "source", NULL};
static const char *const decision_fields[] = {"id",    "by",     "on",         "number",
                                              "title", "source", "agreements", NULL};
static const struct out_column decision_columns[] = {
    {"ID", "id", NULL, 0},         {"ON", "on", NULL, 0},        {"BY", "by", NULL, 30},
    {"NUMBER", "number", NULL, 0}, {"TITLE", "title", NULL, 40}, {NULL, NULL, NULL, 0}};

int cli_decision_check(struct cli_ctx *ctx, struct cli_args *args, const char *change,
                       const char *on, int64_t *decision)
{
    const char *spec = arg_value(args, OPT_DECISION);
    *decision = 0;
    return !spec ? 0
           : tr_decision_resolve(ctx->store, spec, decision, &ctx->err) != 0
               ? -1
               : tr_decision_check(ctx->store, *decision, change, on, &ctx->err);
}

int cli_link_decision(struct cli_ctx *ctx, int64_t decision, int64_t agreement, const char *change,
                      const char *on)
{
    return decision ? tr_decision_link(ctx->store, decision, agreement, change, on, &ctx->err) : 0;
}

struct decision_add {
    tr_decision_fields fields;
    int64_t id;
};

static int do_decision_add(struct cli_ctx *ctx, void *data)
{
    struct decision_add *d = data;
    return tr_decision_add(ctx->store, &d->fields, &d->id, &ctx->err);
}

int cmd_decision_add(struct cli_ctx *ctx, struct cli_args *args)
{
    struct decision_add d = {.fields = {.body = arg_value(args, OPT_BY),
                                        .on = arg_value(args, OPT_ON),
                                        .number = arg_value(args, OPT_NUMBER),
                                        .title = arg_value(args, OPT_TITLE),
                                        .source = arg_value(args, OPT_SOURCE)}};
    if (!cli_store_create(ctx) || cli_write(ctx, do_decision_add, &d) != 0)
        return -1;
    printf("%lld\n", (long long)d.id);
    cli_notice("added decision %lld", (long long)d.id);
    return 0;
}

int cmd_decision_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return cli_list_with(ctx, args, tr_decision_list, decision_columns, decision_list_fields);
}

/* "3 ended 2022-03-01; 5 approved 2022-03-04": the changes a decision made, for a table. */
static char *render_changes(json_t *changes)
{
    size_t i, len = 0;
    json_t *c;
    char *out = calloc(1, json_array_size(changes) * 64 + 1);
    json_array_foreach (changes, i, c) {
        const char *on = json_string_value(json_object_get(c, "on"));
        len += (size_t)snprintf(out + len, 64, "%s%lld %.12s%s%.10s", i ? "; " : "",
                                (long long)json_integer_value(json_object_get(c, "agreement")),
                                json_string_value(json_object_get(c, "change")), on ? " " : "",
                                on ? on : "");
    }
    return out;
}

int cmd_decision_show(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t id;
    tr_store *store = cli_store(ctx);
    if (!store || tr_decision_resolve(store, args->pos[0], &id, &ctx->err) != 0)
        return -1;
    json_t *rec = tr_decision_record(store, id, &ctx->err);
    if (!rec)
        return -1;
    if (args->format == OUT_TABLE || OUT_DELIMITED(args->format)) {
        char *changes = render_changes(json_object_get(rec, "agreements"));
        json_object_set_new(rec, "agreements", json_string(changes));
        free(changes);
    }
    int rc = out_object(ctx, args->format, rec, decision_fields);
    json_decref(rec);
    return rc;
}

struct approval {
    struct cli_args *args;
    int64_t id;
};

static int do_approve(struct cli_ctx *ctx, void *data)
{
    struct approval *a = data;
    int64_t decision;
    if (tr_agreement_resolve(ctx->store, a->args->pos[0], &a->id, &ctx->err) != 0 ||
        cli_decision_check(ctx, a->args, "approval", arg_value(a->args, OPT_ON), &decision) != 0)
        return -1;
    return tr_agreement_approve(ctx->store, a->id, arg_value(a->args, OPT_BY),
                                arg_value(a->args, OPT_ON), decision, &ctx->err);
}

int cmd_agreement_approve(struct cli_ctx *ctx, struct cli_args *args)
{
    struct approval a = {.args = args};
    if (!cli_store(ctx) || cli_write(ctx, do_approve, &a) != 0)
        return -1;
    cli_notice("agreement %lld approved by %s on %s", (long long)a.id, arg_value(args, OPT_BY),
               arg_value(args, OPT_ON));
    return 0;
}

/* --signatory 'NAME, OFFICE' (the office after the first comma, optional), each into
 * names[] and offices[] (pointing into `buf`); the store refuses an empty name. */
int cli_signatories(struct cli_args *args, char *buf, size_t cap, const char **names,
                    const char **offices)
{
    int n = arg_count(args, OPT_SIGNATORY);
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        const char *spec = arg_nth(args, OPT_SIGNATORY, i);
        size_t len = strlen(spec) + 1;
        if (used + len > cap)
            return -1;
        char *copy = memcpy(buf + used, spec, len), *comma = strchr(copy, ',');
        used += len;
        offices[i] = NULL;
        if (comma) {
            *comma = '\0';
            for (offices[i] = comma + 1; *offices[i] == ' ';)
                offices[i]++;
            for (char *end = comma; end > copy && end[-1] == ' ';)
                *--end = '\0';
        }
        names[i] = copy;
    }
    return n;
}
