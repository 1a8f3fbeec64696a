/* stats and stats by kind|country|country-pair: counts over the agreements the filters
 * match, read in one pass (tr_stats_agreements) and counted here. */
#include "stats.h"

#include "twinreg/io/output_file.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/stats.h"

#include <stdlib.h>
#include <string.h>

int stats_scope_read(struct cli_ctx *ctx, struct cli_args *args, struct stats_scope *s)
{
    memset(s, 0, sizeof *s);
    tr_store *store = cli_store(ctx);
    if (!store || cli_agreement_filter(ctx, args, &s->f) != 0 || cli_on_day(ctx, args, s->day))
        return -1;
    if (!cli_agreement_filter_any(&s->f))
        return 0;
    return tr_agreement_match_ids(store, &s->f.match, &s->ids, &s->n, &ctx->err);
}

void stats_scope_release(struct stats_scope *s)
{
    free(s->ids);
    s->ids = NULL;
}

int stats_print(struct cli_ctx *ctx, struct cli_args *args, const struct out_column *columns,
                const char *const *fields, json_t *rows)
{
    struct out_list list;
    size_t i;
    json_t *row;
    int rc = 0;
    out_list_begin(&list, ctx, args->format, columns, fields);
    json_array_foreach (rows, i, row)
        if (rc == 0)
            rc = out_list_row(row, &list);
    json_decref(rows);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

int stats_chart(struct cli_ctx *ctx, struct cli_args *args, const struct svg_chart *chart)
{
    const char *name = arg_value(args, OPT_CHART);
    tr_output_file file;
    if (!name)
        return 0;
    if (tr_output_open(&file, name, tr_store_path(ctx->store), 0, &ctx->err) != 0)
        return -1;
    int ok = svg_chart_write(file.stream, chart) >= 0;
    return tr_output_close(&file, ok, &ctx->err);
}

int stats_country_index(const char *cc)
{
    return cc && cc[0] >= 'A' && cc[0] <= 'Z' && cc[1] >= 'A' && cc[1] <= 'Z'
               ? (cc[0] - 'A') * 26 + (cc[1] - 'A')
               : -1;
}

void stats_tally_add(struct stats_tally *t, const tr_stats_agreement *a)
{
    t->agreements++, t->in_force += a->in_force, t->suspended += a->suspended;
    t->ended += a->ended;
}

/* The overview. */

struct overview {
    struct stats_tally all;
    long expired, multi, undated;
    char first[11], last[11];
    int64_t *cities;
    size_t ncities, cap;
    unsigned char country[STATS_COUNTRIES];
    struct stats_tally kinds[8];
};

static int kind_index(const char *kind)
{
    for (int i = 0; tr_kinds[i]; i++)
        if (kind && strcmp(tr_kinds[i], kind) == 0)
            return i;
    return -1;
}

static int overview_add(const tr_stats_agreement *a, void *data)
{
    struct overview *o = data;
    stats_tally_add(&o->all, a);
    o->expired += a->expired, o->multi += a->n_parties > 2, o->undated += !a->signed_on;
    if (a->signed_on && (!o->first[0] || strcmp(a->signed_on, o->first) < 0))
        snprintf(o->first, sizeof o->first, "%s", a->signed_on);
    if (a->signed_on && strcmp(a->signed_on, o->last) > 0)
        snprintf(o->last, sizeof o->last, "%s", a->signed_on);
    int k = kind_index(a->kind);
    if (k >= 0 && k < 8)
        stats_tally_add(&o->kinds[k], a);
    for (size_t i = 0; i < a->n_parties; i++) {
        int c = stats_country_index(a->parties[i].country);
        if (c >= 0)
            o->country[c] = 1;
        if (o->ncities == o->cap) {
            int64_t *more = realloc(o->cities, (o->cap = o->cap ? o->cap * 2 : 256) * sizeof *more);
            if (!more)
                return 1; /* out of memory */
            o->cities = more;
        }
        o->cities[o->ncities++] = a->parties[i].city;
    }
    return 0;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static size_t distinct_cities(struct overview *o)
{
    size_t n = 0;
    if (o->ncities)
        qsort(o->cities, o->ncities, sizeof *o->cities, by_id);
    for (size_t i = 0; i < o->ncities; i++)
        n += i == 0 || o->cities[i] != o->cities[i - 1];
    return n;
}

static void measure(json_t *rows, const char *name, json_t *value)
{
    json_array_append_new(rows, json_pack("{s:s,s:o}", "measure", name, "value", value));
}

static json_t *overview_rows(struct overview *o)
{
    json_t *rows = json_array();
    size_t countries = 0;
    for (int i = 0; i < STATS_COUNTRIES; i++)
        countries += o->country[i];
    measure(rows, "agreements", json_integer(o->all.agreements));
    measure(rows, "in_force", json_integer(o->all.in_force));
    measure(rows, "suspended", json_integer(o->all.suspended));
    measure(rows, "ended", json_integer(o->all.ended));
    measure(rows, "expired", json_integer(o->expired));
    measure(rows, "multi_party", json_integer(o->multi));
    measure(rows, "undated", json_integer(o->undated));
    measure(rows, "cities", json_integer((json_int_t)distinct_cities(o)));
    measure(rows, "countries", json_integer((json_int_t)countries));
    measure(rows, "first_signed", o->first[0] ? json_string(o->first) : json_null());
    measure(rows, "last_signed", o->last[0] ? json_string(o->last) : json_null());
    for (int k = 0; tr_kinds[k] && k < 8; k++) {
        char name[64];
        snprintf(name, sizeof name, "kind:%s", tr_kinds[k]);
        measure(rows, name, json_integer(o->kinds[k].agreements));
    }
    return rows;
}

static const char *const measure_fields[] = {"measure", "value", NULL};
static const struct out_column measure_columns[] = {
    {"MEASURE", "measure", NULL, 0}, {"VALUE", "value", NULL, 0}, {NULL, NULL, NULL, 0}};

int cmd_stats(struct cli_ctx *ctx, struct cli_args *args)
{
    struct stats_scope s = {.ids = NULL};
    struct overview *o = calloc(1, sizeof *o);
    int rc = !o ? tr_error_set(&ctx->err, TR_IO, "out of memory") : stats_scope_read(ctx, args, &s);
    if (rc == 0)
        rc = tr_stats_agreements(ctx->store, s.day, s.ids, s.n, overview_add, o, &ctx->err);
    if (rc > 0)
        rc = tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (rc == 0)
        rc = stats_print(ctx, args, measure_columns, measure_fields, overview_rows(o));
    if (o)
        free(o->cities);
    free(o);
    stats_scope_release(&s);
    return rc;
}
