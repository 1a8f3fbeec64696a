/* stats network: the network's shape as rows {measure, key, value, city_id, countries}:
 * counts, components, the most connected cities, the degree distribution. */
#include "cli/agreement_filter.h"

#include "twinreg/store/network.h"

#include <stdlib.h>

static const char *const stats_fields[] = {"measure", "key", "value", "city_id", "countries", NULL};
static const struct out_column stats_columns[] = {
    {"MEASURE", "measure", NULL, 0},      {"KEY", "key", NULL, 30}, {"VALUE", "value", NULL, 0},
    {"COUNTRIES", "countries", NULL, 60}, {NULL, NULL, NULL, 0},
};

static json_t *codes(char (*list)[3], size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(list[i]));
    return a;
}

/* One row; `key` and `countries` may be NULL (not set), city_id 0 likewise. */
static int row(struct out_list *list, const char *measure, json_t *key, size_t value, int64_t city,
               json_t *countries)
{
    json_t *r = json_object();
    json_object_set_new(r, "measure", json_string(measure));
    if (key)
        json_object_set_new(r, "key", key);
    json_object_set_new(r, "value", json_integer((json_int_t)value));
    if (city)
        json_object_set_new(r, "city_id", json_integer(city));
    if (countries)
        json_object_set_new(r, "countries", countries);
    int rc = out_list_row(r, list);
    json_decref(r);
    return rc;
}

static int print(struct out_list *list, const tr_network_stats *s)
{
    int rc = row(list, "cities", NULL, s->cities, 0, NULL) |
             row(list, "linked cities", NULL, s->linked, 0, NULL) |
             row(list, "agreements", NULL, s->agreements, 0, NULL) |
             row(list, "links", NULL, s->links, 0, NULL) |
             row(list, "components", NULL, s->components, 0, NULL) |
             row(list, "largest component", NULL, s->largest, 0, codes(s->spans, s->n_spans)) |
             row(list, "countries not reached", NULL, s->n_unreached, 0,
                 codes(s->unreached, s->n_unreached));
    for (size_t i = 0; rc == 0 && i < s->n_top; i++) {
        const tr_network_city *c = &s->top[i];
        json_t *countries = json_array();
        json_array_append_new(countries, json_string(c->country));
        rc = row(list, "most connected", json_string(c->name), c->degree, c->city, countries);
    }
    for (size_t i = 0; rc == 0 && i < s->n_degrees; i++)
        rc = row(list, "degree", json_integer((json_int_t)s->degrees[i][0]), s->degrees[i][1], 0,
                 NULL);
    return rc;
}

int cmd_stats_network(struct cli_ctx *ctx, struct cli_args *args)
{
    long top = 10;
    const char *text = arg_value(args, OPT_TOP);
    if (text && cli_positive(ctx, text, "--top", &top) != 0)
        return -1;
    struct agreement_filter f;
    tr_store *store = cli_store(ctx);
    if (!store || cli_agreement_filter(ctx, args, &f) != 0)
        return -1;
    int64_t *ids = NULL;
    size_t n = 0;
    int filtered = cli_agreement_filter_any(&f);
    if (filtered && tr_agreement_match_ids(store, &f.match, &ids, &n, &ctx->err) != 0)
        return -1;
    /* No filter: every agreement counts, and no list of ids is read first. */
    tr_network_stats stats;
    int rc = tr_network_stats_read(store, filtered ? (ids ? ids : (int64_t[]){0}) : NULL, n,
                                   (size_t)top, &stats, &ctx->err);
    free(ids);
    if (rc != 0)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, stats_columns, stats_fields);
    rc = print(&list, &stats);
    tr_network_stats_release(&stats);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}
