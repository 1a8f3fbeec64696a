/* timeline and report: a city's or a relationship's story, told from the data. */
#include "cli/cli.h"

#include "twinreg/store/city.h"
#include "twinreg/store/report.h"

#include <stdlib.h>
#include <string.h>

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

static const char *text(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void print_report(json_t *r)
{
    json_t *cities = json_object_get(r, "cities"), *v;
    size_t i;
    printf("%s (%s) – %s (%s)\n", text(json_array_get(cities, 0), "name"),
           text(json_array_get(cities, 0), "country"), text(json_array_get(cities, 1), "name"),
           text(json_array_get(cities, 1), "country"));
    printf("\nAgreements (oldest first):\n");
    json_array_foreach (json_object_get(r, "agreements"), i, v) {
        printf("  %lld  %-10s %-22s %s\n", (long long)json_integer_value(json_object_get(v, "id")),
               json_is_string(json_object_get(v, "signed_on")) ? text(v, "signed_on") : "(undated)",
               text(v, "kind"), text(v, "title"));
        json_t *b = json_object_get(v, "builds_on");
        if (json_is_integer(b))
            printf("      builds on agreement %lld\n", (long long)json_integer_value(b));
        if (json_is_string(json_object_get(v, "ended_on")))
            printf("      ended %s%s%s\n", text(v, "ended_on"), *text(v, "end_reason") ? ": " : "",
                   text(v, "end_reason"));
        size_t k;
        json_t *ev;
        json_array_foreach (json_object_get(v, "events"), k, ev)
            printf("      %s %s%s%s\n", text(ev, "event"), text(ev, "on"),
                   *text(ev, "note") ? ": " : "", text(ev, "note"));
        json_array_foreach (json_object_get(v, "signatories"), k, ev)
            printf("      signed by %s%s%s\n", text(ev, "name"), *text(ev, "office") ? ", " : "",
                   text(ev, "office"));
        json_array_foreach (json_object_get(v, "approvals"), k, ev)
            printf("      approved by %s %s\n", text(ev, "by"), text(ev, "on"));
        json_array_foreach (json_object_get(v, "suspensions"), k, ev)
            printf("      suspended %s%s%s: %s\n", text(ev, "from"),
                   *text(ev, "until") ? " until " : " until further notice", text(ev, "until"),
                   text(ev, "reason"));
        json_t *reg = json_object_get(v, "registration");
        if (json_is_object(reg))
            printf("      registered with %s %s %s\n", text(reg, "authority"), text(reg, "number"),
                   text(reg, "registered_on"));
    }
    printf("\nLegal basis:\n");
    json_t *frameworks = json_object_get(r, "frameworks");
    if (!json_array_size(frameworks))
        printf("  (none recorded)\n");
    json_array_foreach (frameworks, i, v) {
        char *ids = json_dumps(json_object_get(v, "agreements"), JSON_COMPACT);
        printf("  %s (%s, %s %s): %s; agreements %s\n", text(v, "code"), text(v, "jurisdiction"),
               text(v, "kind"), text(v, "adopted_on"), text(v, "title"), ids);
        free(ids);
        json_t *unmet = json_object_get(v, "unmet_duty");
        if (json_array_size(unmet)) {
            char *list = json_dumps(unmet, JSON_COMPACT);
            printf("      duty: %s\n      unmet: no registration recorded for agreements %s\n",
                   text(v, "duty"), list);
            free(list);
        }
        size_t u;
        json_t *need;
        json_array_foreach (json_object_get(v, "unmet_approvals"), u, need) {
            char *list = json_dumps(json_object_get(need, "agreements"), JSON_COMPACT);
            printf("      unmet: no approval by %s recorded for agreements %s\n", text(need, "by"),
                   list);
            free(list);
        }
    }
    printf("\nPrograms and beneficiaries:\n");
    json_t *programs = json_object_get(r, "programs");
    if (!json_array_size(programs))
        printf("  (none recorded)\n");
    json_array_foreach (programs, i, v) {
        printf("  %s: %s (run by %s%s%s, since %s)\n", text(v, "code"), text(v, "name"),
               text(v, "operator"), *text(v, "host") ? ", in " : "", text(v, "host"),
               *text(v, "started_on") ? text(v, "started_on") : "?");
        size_t j;
        json_t *b;
        json_array_foreach (json_object_get(v, "beneficiaries"), j, b) {
            json_t *count = json_object_get(b, "count"), *year = json_object_get(b, "year");
            char num[32] = "", yr[16] = "";
            if (json_is_integer(count))
                snprintf(num, sizeof num, "%lld beneficiaries",
                         (long long)json_integer_value(count));
            else
                snprintf(num, sizeof num, "uncounted");
            if (json_is_integer(year))
                snprintf(yr, sizeof yr, "%lld", (long long)json_integer_value(year));
            printf("      %-14s %-4s %-16s %s%s%s\n", text(b, "city"), *yr ? yr : "all", num,
                   json_is_string(json_object_get(b, "field")) ? text(b, "field") : "(all fields)",
                   *text(b, "note") ? " – " : "", text(b, "note"));
        }
    }
    printf("\nSources:\n");
    json_array_foreach (json_object_get(r, "sources"), i, v)
        printf("  [%zu] %s\n      %s\n", i + 1, text(v, "citation"), text(v, "url"));
}

int cmd_report(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t a, b;
    if (resolve_pair(ctx, args, &a, &b) != 0)
        return -1;
    json_t *report = tr_report(ctx->store, a, b, &ctx->err);
    if (!report)
        return -1;
    int rc = 0;
    if (args->format == OUT_TABLE)
        print_report(report);
    else if (args->format == OUT_CSV)
        rc = cli_usage_error(ctx, "report has no csv form: use table, json or ndjson");
    else
        rc = out_object(ctx, args->format, report, NULL);
    json_decref(report);
    return rc;
}
