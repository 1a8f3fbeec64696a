/* framework add|list|show, org add|list|show, program add|list|show|record, source list */
#include "cli/cli.h"

#include "twinreg/store/agreement.h"
#include "twinreg/store/city.h"
#include "twinreg/store/framework.h"
#include "twinreg/store/org.h"
#include "twinreg/store/program.h"
#include "twinreg/store/source.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static tr_opt_text opt(struct cli_args *args, const char *name)
{
    const char *v = arg_value(args, name);
    return (tr_opt_text){v != NULL, v && *v ? v : NULL};
}

/* Links every --source URL to a record. */
static int link_sources(struct cli_ctx *ctx, struct cli_args *args, const char *type, const char *key)
{
    for (int i = 0; i < arg_count(args, "source"); i++)
        if (tr_source_link(ctx->store, type, key, arg_nth(args, "source", i), &ctx->err) != 0)
            return -1;
    return 0;
}

static int list_with(struct cli_ctx *ctx, struct cli_args *args, int (*lister)(tr_store *, tr_row_fn, void *, tr_error *),
                     const struct out_column *columns, const char *const *fields)
{
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, columns, fields);
    int rc = lister(store, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

/* ---- frameworks ---- */

static const char *const framework_fields[] = {"code", "title", "jurisdiction", "kind", "adopted_on", "summary",
                                               "duty", "duty_authority", "sources", NULL};
static const struct out_column framework_columns[] = {
    {"CODE", "code", NULL, 0}, {"KIND", "kind", NULL, 0}, {"JURISDICTION", "jurisdiction", NULL, 0},
    {"ADOPTED", "adopted_on", NULL, 0}, {"TITLE", "title", NULL, 50}, {NULL, NULL, NULL, 0}};

static int do_framework_add(struct cli_ctx *ctx, void *data)
{
    struct cli_args *args = data;
    tr_framework_fields f = {.code = args->pos[0], .title = opt(args, "title"), .jurisdiction = opt(args, "jurisdiction"),
                             .kind = opt(args, "kind"), .adopted_on = opt(args, "adopted"), .summary = opt(args, "summary"),
                             .duty = opt(args, "duty"), .duty_authority = opt(args, "duty-authority")};
    return tr_framework_add(ctx->store, &f, &ctx->err) != 0 ? -1 : link_sources(ctx, args, "framework", f.code);
}

int cmd_framework_add(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *missing = !arg_value(args, "title") ? "--title" : !arg_value(args, "jurisdiction") ? "--jurisdiction"
                        : !arg_value(args, "adopted") ? "--adopted" : NULL;
    if (missing)
        return cli_usage_error(ctx, "missing %s", missing);
    if (arg_value(args, "kind") && tr_framework_kind_check(arg_value(args, "kind"), &ctx->err) != 0)
        return -1;
    if (cli_date(ctx, arg_value(args, "adopted"), "adoption date", NULL) != 0 || !cli_store_create(ctx) ||
        cli_write(ctx, do_framework_add, args) != 0)
        return -1;
    printf("%s\n", args->pos[0]);
    cli_notice("added framework %s", args->pos[0]);
    return 0;
}

int cmd_framework_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return list_with(ctx, args, tr_framework_list, framework_columns, framework_fields);
}

int cmd_framework_show(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_store *store = cli_store(ctx);
    json_t *rec = store ? tr_framework_record(store, args->pos[0], &ctx->err) : NULL;
    if (!rec)
        return -1;
    int rc = out_object(ctx, args->format, rec, framework_fields);
    json_decref(rec);
    return rc;
}

/* ---- organizations ---- */

static const char *const org_fields[] = {"id", "name", "acronym", "country", "founded_on", "summary", "sources", NULL};
static const struct out_column org_columns[] = {
    {"ID", "id", NULL, 0}, {"NAME", "name", NULL, 50}, {"ACRONYM", "acronym", NULL, 0},
    {"COUNTRY", "country", NULL, 0}, {"FOUNDED", "founded_on", NULL, 0}, {NULL, NULL, NULL, 0}};

struct org_change {
    struct cli_args *args;
    int64_t id;
};

static int do_org_add(struct cli_ctx *ctx, void *data)
{
    struct org_change *c = data;
    struct cli_args *args = c->args;
    tr_org_fields f = {.name = args->pos[0], .acronym = opt(args, "acronym"), .country = opt(args, "country"),
                       .founded_on = opt(args, "founded"), .summary = opt(args, "summary")};
    char key[32];
    if (tr_org_add(ctx->store, &f, &c->id, &ctx->err) != 0)
        return -1;
    snprintf(key, sizeof key, "%lld", (long long)c->id);
    return link_sources(ctx, args, "organization", key);
}

int cmd_org_add(struct cli_ctx *ctx, struct cli_args *args)
{
    struct org_change c = {.args = args};
    const char *founded = arg_value(args, "founded");
    if ((founded && cli_date(ctx, founded, "founding date", NULL) != 0) || !cli_store_create(ctx) || cli_write(ctx, do_org_add, &c) != 0)
        return -1;
    printf("%lld\n", (long long)c.id);
    cli_notice("added organization %lld: %s", (long long)c.id, args->pos[0]);
    return 0;
}

int cmd_org_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return list_with(ctx, args, tr_org_list, org_columns, org_fields);
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

/* ---- programs ---- */

static const char *const program_fields[] = {"id", "code", "name", "operator", "host", "started_on", "summary",
                                             "agreements", "sources", "participation", NULL};
static const struct out_column program_columns[] = {
    {"CODE", "code", NULL, 0}, {"NAME", "name", NULL, 50}, {"STARTED", "started_on", NULL, 0},
    {"AGREEMENTS", "agreements", NULL, 0}, {NULL, NULL, NULL, 0}};

struct program_change {
    struct cli_args *args;
    int64_t id;
};

static int do_program_add(struct cli_ctx *ctx, void *data)
{
    struct program_change *c = data;
    struct cli_args *args = c->args;
    tr_program_fields f = {.code = args->pos[0], .name = opt(args, "name"), .started_on = opt(args, "started"),
                           .summary = opt(args, "summary"), .set_operator = 1, .set_agreements = 1};
    int64_t agreements[CLI_MAX_VALUES];
    if (tr_org_resolve(ctx->store, arg_value(args, "operator"), &f.operator_id, &ctx->err) != 0)
        return -1;
    const char *host = arg_value(args, "host");
    if (host && tr_city_resolve(ctx->store, host, &f.host_city_id, &ctx->err) != 0)
        return -1;
    f.set_host = host != NULL;
    f.n_agreements = (size_t)arg_count(args, "under");
    for (size_t i = 0; i < f.n_agreements; i++)
        if (tr_agreement_resolve(ctx->store, arg_nth(args, "under", (int)i), &agreements[i], &ctx->err) != 0)
            return -1;
    f.agreements = agreements;
    return tr_program_add(ctx->store, &f, &c->id, &ctx->err) != 0 ? -1 : link_sources(ctx, args, "program", f.code);
}

int cmd_program_add(struct cli_ctx *ctx, struct cli_args *args)
{
    struct program_change c = {.args = args};
    const char *missing = !arg_value(args, "name") ? "--name" : !arg_value(args, "operator") ? "--operator"
                        : !arg_value(args, "started") ? "--started" : NULL;
    if (missing)
        return cli_usage_error(ctx, "missing %s", missing);
    if (cli_date(ctx, arg_value(args, "started"), "start date", NULL) != 0 || !cli_store(ctx) ||
        cli_write(ctx, do_program_add, &c) != 0)
        return -1;
    printf("%s\n", args->pos[0]);
    cli_notice("added program %s", args->pos[0]);
    return 0;
}

int cmd_program_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return list_with(ctx, args, tr_program_list, program_columns, program_fields);
}

static const char *const totals_fields[] = {"program", "city_id", "city", "field", "year", "count", NULL};
static const struct out_column totals_columns[] = {
    {"CITY", "city", NULL, 30}, {"YEAR", "year", NULL, 0}, {"FIELD", "field", NULL, 40},
    {"BENEFICIARIES", "count", NULL, 0}, {NULL, NULL, NULL, 0}};

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
        rc = out_object(ctx, args->format, rec, (const char *const[]){"id", "code", "name", "operator", "host", "started_on",
                                                                      "summary", "agreements", "sources", NULL});
        for (int by_year = 1; by_year >= 0; by_year--) {
            printf(by_year ? "\nBeneficiaries by year and field:\n" : "\nTotals by field, all years:\n");
            struct out_list list;
            out_list_begin(&list, ctx, OUT_TABLE, totals_columns, totals_fields);
            rc = tr_program_totals(store, id, 0, by_year, out_list_row, &list, &ctx->err) | out_list_end(&list) | rc;
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
        tr_city_resolve(ctx->store, arg_value(c->args, "city"), &c->p.city_id, &ctx->err) != 0)
        return -1;
    return tr_program_record(ctx->store, program, &c->p, &ctx->err);
}

static int parse_integer(struct cli_ctx *ctx, const char *text, const char *what, long long *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (!*text || isspace((unsigned char)*text) || *end || errno)
        return tr_error_set(&ctx->err, TR_REJECTED, "invalid %s '%s': expected a whole number", what, text);
    *out = v;
    return 0;
}

int cmd_program_record(struct cli_ctx *ctx, struct cli_args *args)
{
    struct record_change c = {.args = args};
    if (!arg_value(args, "city"))
        return cli_usage_error(ctx, "missing --city");
    const char *count = arg_value(args, "count"), *year = arg_value(args, "year");
    if (count && parse_integer(ctx, count, "count", &c.p.count) != 0)
        return -1;
    if (year && (parse_integer(ctx, year, "year", &c.p.year) != 0))
        return -1;
    c.p.has_count = count != NULL;
    c.p.has_year = year != NULL;
    c.p.field = arg_value(args, "field");
    c.p.note = arg_value(args, "note");
    if (!cli_store(ctx) || cli_write(ctx, do_program_record, &c) != 0)
        return -1;
    cli_notice("recorded %s beneficiaries of %s", count ? count : "(uncounted)", args->pos[0]);
    return 0;
}

/* ---- sources ---- */

static const char *const source_fields[] = {"id", "citation", "url", NULL};
static const struct out_column source_columns[] = {
    {"ID", "id", NULL, 0}, {"URL", "url", NULL, 50}, {"CITATION", "citation", NULL, 60}, {NULL, NULL, NULL, 0}};

int cmd_source_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return list_with(ctx, args, tr_source_list, source_columns, source_fields);
}

static int do_source_add(struct cli_ctx *ctx, void *data)
{
    struct cli_args *args = data;
    int64_t id;
    return tr_source_add(ctx->store, args->pos[0], arg_value(args, "citation"), &id, &ctx->err);
}

int cmd_source_add(struct cli_ctx *ctx, struct cli_args *args)
{
    if (!cli_store_create(ctx) || cli_write(ctx, do_source_add, args) != 0)
        return -1;
    cli_notice("source %s recorded", args->pos[0]);
    return 0;
}
