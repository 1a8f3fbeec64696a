/* program add|list|show|record: what a twinning produced, and its beneficiaries. */
#include "cli/records.h"

#include "twinreg/store/agreement.h"
#include "twinreg/store/city.h"
#include "twinreg/core/number.h"
#include "twinreg/store/org.h"
#include "twinreg/store/program.h"

#include <limits.h>
#include <stdlib.h>

static const char *const program_fields[] = {"id",      "code",          "name",    "operator",
                                             "host",    "started_on",    "summary", "agreements",
                                             "sources", "participation", NULL};
static const struct out_column program_columns[] = {{"CODE", "code", NULL, 0},
                                                    {"NAME", "name", NULL, 50},
                                                    {"STARTED", "started_on", NULL, 0},
                                                    {"AGREEMENTS", "agreements", NULL, 0},
                                                    {NULL, NULL, NULL, 0}};

struct program_change {
    struct cli_args *args;
    int64_t id;
};

static int do_program_add(struct cli_ctx *ctx, void *data)
{
    struct program_change *c = data;
    struct cli_args *args = c->args;
    tr_program_fields f = {.code = args->pos[0],
                           .name = cli_opt_text(args, OPT_NAME),
                           .started_on = cli_opt_text(args, OPT_STARTED),
                           .summary = cli_opt_text(args, OPT_SUMMARY),
                           .set_operator = 1,
                           .set_agreements = 1};
    int64_t agreements[CLI_MAX_VALUES];
    if (tr_org_resolve(ctx->store, arg_value(args, OPT_OPERATOR), &f.operator_id, &ctx->err) != 0)
        return -1;
    const char *host = arg_value(args, OPT_HOST);
    if (host && tr_city_resolve(ctx->store, host, &f.host_city_id, &ctx->err) != 0)
        return -1;
    f.set_host = host != NULL;
    f.n_agreements = (size_t)arg_count(args, OPT_UNDER);
    for (size_t i = 0; i < f.n_agreements; i++)
        if (tr_agreement_resolve(ctx->store, arg_nth(args, OPT_UNDER, (int)i), &agreements[i],
                                 &ctx->err) != 0)
            return -1;
    f.agreements = agreements;
    return tr_program_add(ctx->store, &f, &c->id, &ctx->err) != 0
               ? -1
               : cli_link_sources(ctx, args, "program", f.code);
}

int cmd_program_add(struct cli_ctx *ctx, struct cli_args *args)
{
    struct program_change c = {.args = args};
    if (!cli_store(ctx) || cli_write(ctx, do_program_add, &c) != 0)
        return -1;
    printf("%s\n", args->pos[0]);
    cli_notice("added program %s", args->pos[0]);
    return 0;
}

int cmd_program_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return cli_list_with(ctx, args, tr_program_list, program_columns, program_fields);
}

static const char *const totals_fields[] = {"program", "city_id", "city", "field",
                                            "year",    "count",   NULL};
static const struct out_column totals_columns[] = {{"CITY", "city", NULL, 30},
                                                   {"YEAR", "year", NULL, 0},
                                                   {"FIELD", "field", NULL, 40},
                                                   {"BENEFICIARIES", "count", NULL, 0},
                                                   {NULL, NULL, NULL, 0}};

int cmd_program_show(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t id;
    tr_store *store = cli_store(ctx);
    if (!store || tr_program_resolve(store, args->pos[0], &id, &ctx->err) != 0)
        return -1;
    json_t *rec = tr_program_record_json(store, id, &ctx->err);
    if (!rec)
        return -1;
    int rc = 0;
    if (args->format == OUT_TABLE) {
        /* People get the program, then its beneficiaries totalled by city, year and field. */
        json_object_del(rec, "participation");
        rc =
            out_object(ctx, args->format, rec,
                       (const char *const[]){"id", "code", "name", "operator", "host", "started_on",
                                             "summary", "agreements", "sources", NULL});
        for (int by_year = 1; by_year >= 0; by_year--) {
            printf(by_year ? "\nBeneficiaries by year and field:\n"
                           : "\nTotals by field, all years:\n");
            struct out_list list;
            out_list_begin(&list, ctx, OUT_TABLE, totals_columns, totals_fields);
            rc = tr_program_totals(store, id, 0, by_year, out_list_row, &list, &ctx->err) |
                 out_list_end(&list) | rc;
        }
    } else {
        rc = out_object(ctx, args->format, rec, program_fields);
    }
    json_decref(rec);
    return rc ? -1 : 0;
}

struct record_change {
    struct cli_args *args;
    tr_participation p;
};

static int do_program_record(struct cli_ctx *ctx, void *data)
{
    struct record_change *c = data;
    int64_t program;
    if (tr_program_resolve(ctx->store, c->args->pos[0], &program, &ctx->err) != 0 ||
        tr_city_resolve(ctx->store, arg_value(c->args, OPT_CITY), &c->p.city_id, &ctx->err) != 0)
        return -1;
    return tr_program_record(ctx->store, program, &c->p, &ctx->err);
}

static int parse_integer(struct cli_ctx *ctx, const char *text, const char *what, long long *out)
{
    /* A minus sign is read, so that the store's range check names a negative value. */
    int negative = text[0] == '-';
    long long v;
    if (tr_parse_whole(text + negative, 0, LLONG_MAX, &v) != 0)
        return tr_error_set(&ctx->err, TR_REJECTED, "invalid %s '%s': expected a whole number",
                            what, text);
    *out = negative ? -v : v;
    return 0;
}

int cmd_program_record(struct cli_ctx *ctx, struct cli_args *args)
{
    struct record_change c = {.args = args};
    const char *count = arg_value(args, OPT_COUNT), *year = arg_value(args, OPT_YEAR);
    if (count && parse_integer(ctx, count, "count", &c.p.count) != 0)
        return -1;
    if (year && (parse_integer(ctx, year, "year", &c.p.year) != 0))
        return -1;
    c.p.has_count = count != NULL;
    c.p.has_year = year != NULL;
    c.p.field = arg_value(args, OPT_FIELD);
    c.p.note = arg_value(args, OPT_NOTE);
    if (!cli_store(ctx) || cli_write(ctx, do_program_record, &c) != 0)
        return -1;
    cli_notice("recorded %s beneficiaries of %s", count ? count : "(uncounted)", args->pos[0]);
    return 0;
}
