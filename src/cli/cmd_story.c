/* timeline and report: a city's or a relationship's story, told from the data. */
#include "cli/cli.h"
#include "cli/report_print.h"
#include "cli/markdown_text.h"

#include "twinreg/store/city.h"
#include "twinreg/store/report.h"

static const char *const timeline_fields[] = {"date",    "event",  "agreement",
                                              "program", "detail", NULL};
static const struct out_column timeline_columns[] = {
    {"DATE", "date", NULL, 0},           {"EVENT", "event", NULL, 0},
    {"AGREEMENT", "agreement", NULL, 0}, {"PROGRAM", "program", NULL, 0},
    {"DETAIL", "detail", NULL, 60},      {NULL, NULL, NULL, 0}};

static int resolve_pair(struct cli_ctx *ctx, struct cli_args *args, int64_t *a, int64_t *b)
{
    tr_store *store = cli_store(ctx);
    *b = 0;
    if (!store || tr_city_resolve(store, args->pos[0], a, &ctx->err) != 0 ||
        (args->npos > 1 && tr_city_resolve(store, args->pos[1], b, &ctx->err) != 0))
        return -1;
    if (*b && *a == *b)
        return tr_error_set(&ctx->err, TR_REJECTED, "invalid pair: '%s' and '%s' are the same city",
                            args->pos[0], args->pos[1]);
    return 0;
}

int cmd_timeline(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t a, b;
    if (resolve_pair(ctx, args, &a, &b) != 0)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, timeline_columns, timeline_fields);
    int rc = tr_timeline(ctx->store, a, b, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

/* One city's report: {day, city, partners: [the report of each pair, most recent first]}. */
static json_t *city_report(struct cli_ctx *ctx, int64_t a, const char *day, const char *to)
{
    json_t *city = tr_city_record(ctx->store, a, &ctx->err);
    json_t *ids = city ? tr_report_partners(ctx->store, a, &ctx->err) : NULL;
    if (!ids) {
        json_decref(city);
        return NULL;
    }
    json_t *partners = json_array(), *id;
    json_t *report = json_pack("{s:s,s:o,s:o}", "day", day, "city", city, "partners", partners);
    size_t i;
    json_array_foreach (ids, i, id) {
        json_t *pair = tr_report(ctx->store, a, json_integer_value(id), day, to, &ctx->err);
        if (!pair) {
            json_decref(report);
            report = NULL;
            break;
        }
        json_array_append_new(partners, pair);
    }
    json_decref(ids);
    return report;
}

int cmd_report(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t a, b;
    char day[11], to[11];
    if (resolve_pair(ctx, args, &a, &b) != 0 || cli_on_day(ctx, args, day) != 0 ||
        cli_expiry_window(ctx, day, NULL, to) != 0)
        return -1;
    json_t *report =
        b ? tr_report(ctx->store, a, b, day, to, &ctx->err) : city_report(ctx, a, day, to);
    if (!report)
        return -1;
    if (args->format == OUT_MARKDOWN) { /* user text escaped once, for every field */
        json_t *escaped = markdown_escaped_copy(report);
        json_decref(report);
        if (!(report = escaped))
            return tr_error_set(&ctx->err, TR_IO, "out of memory");
    }
    struct cli_output o;
    if (cli_output_open(ctx, args, &o) != 0) {
        json_decref(report);
        return -1;
    }
    int rc = 0;
    if (args->format == OUT_HTML) {
        report_print_html(o.stream, report, !b);
    } else if (args->format == OUT_TABLE || args->format == OUT_MARKDOWN) {
        if (b)
            report_print_pair(o.stream, report, args->format == OUT_MARKDOWN, 1);
        else
            report_print_city(o.stream, report, args->format == OUT_MARKDOWN);
    } else {
        rc = out_object_to(ctx, o.stream, args->format, report, NULL);
    }
    json_decref(report);
    return cli_output_close(ctx, &o, rc == 0);
}
