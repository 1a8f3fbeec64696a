/* stats distance: how far apart the parties of each agreement are (great-circle km, each
 * pair of parties of an agreement whose every party has coordinates), in a summary and a
 * histogram. */
#include "stats.h"

#include "twinreg/core/geo.h"
#include "twinreg/core/number.h"

#include <math.h>
#include <stdlib.h>

struct distances {
    double *km;
    size_t n, cap;
    long measured, lacking;
};

static int add_agreement(const tr_stats_agreement *a, void *data)
{
    struct distances *d = data;
    for (size_t i = 0; i < a->n_parties; i++)
        if (!a->parties[i].has_coords) {
            d->lacking++;
            return 0;
        }
    d->measured++;
    for (size_t i = 0; i < a->n_parties; i++)
        for (size_t j = i + 1; j < a->n_parties; j++) {
            if (d->n == d->cap) {
                double *more = realloc(d->km, (d->cap = d->cap ? d->cap * 2 : 1024) * sizeof *more);
                if (!more)
                    return 1; /* out of memory */
                d->km = more;
            }
            const tr_stats_party *p = &a->parties[i], *q = &a->parties[j];
            d->km[d->n++] = tr_geo_distance_km(p->lat, p->lon, q->lat, q->lon);
        }
    return 0;
}

static int by_km(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile of sorted values, interpolated between the two nearest ranks (as
 * numpy's default and Python's statistics.quantiles(method='inclusive')). */
static double quantile(const double *v, size_t n, double q)
{
    double at = q * (double)(n - 1);
    size_t i = (size_t)floor(at);
    return i + 1 < n ? v[i] + (v[i + 1] - v[i]) * (at - (double)i) : v[n - 1];
}

static json_t *row(const char *measure, json_t *from, json_t *to, json_t *value)
{
    return json_pack("{s:s,s:o,s:o,s:o}", "measure", measure, "from_km", from, "to_km", to, "value",
                     value);
}

static json_t *km(double v) { return json_real(round(v * 10) / 10); }

static void summary(json_t *rows, const struct distances *d)
{
    json_array_append_new(rows,
                          row("agreements", json_null(), json_null(), json_integer(d->measured)));
    json_array_append_new(rows,
                          row("pairs", json_null(), json_null(), json_integer((json_int_t)d->n)));
    json_array_append_new(
        rows, row("without_coordinates", json_null(), json_null(), json_integer(d->lacking)));
    static const char *const names[] = {"min_km", "q1_km", "median_km", "q3_km", "max_km"};
    for (int i = 0; i < 5; i++)
        json_array_append_new(rows, row(names[i], json_null(), json_null(),
                                        d->n ? km(quantile(d->km, d->n, i / 4.0)) : json_null()));
    static const int within[] = {500, 1000, 5000};
    for (int i = 0; i < 3; i++) {
        size_t k = 0;
        while (k < d->n && d->km[k] <= within[i])
            k++;
        char name[32];
        snprintf(name, sizeof name, "within_%d_km", within[i]);
        json_array_append_new(
            rows, row(name, json_null(), json_null(),
                      d->n ? json_real(round((double)k / (double)d->n * 1e4) / 1e4) : json_null()));
    }
}

/* The bins' width: --bin-km, or the longest distance over --bins (whole km, default 10). */
static int bin_width(struct cli_ctx *ctx, struct cli_args *args, const struct distances *d,
                     long *width, long *bins)
{
    const char *bins_text = arg_value(args, OPT_BINS), *km_text = arg_value(args, OPT_BIN_KM);
    long long v = 10;
    if (bins_text && km_text)
        return cli_usage_error(ctx, "--bins and --bin-km: give one of them");
    if ((bins_text || km_text) &&
        tr_parse_whole(bins_text ? bins_text : km_text, 1, bins_text ? 1000 : 20040, &v) != 0)
        return cli_usage_error(ctx, "%s: a whole number from 1 to %d, not '%s'",
                               bins_text ? "--bins" : "--bin-km", bins_text ? 1000 : 20040,
                               bins_text ? bins_text : km_text);
    double longest = d->n ? d->km[d->n - 1] : 0;
    *width = km_text ? (long)v : (long)ceil(longest / (double)v);
    if (*width < 1)
        *width = 1;
    *bins = km_text ? (long)floor(longest / (double)*width) + 1 : (long)v;
    return 0;
}

static int histogram(struct cli_ctx *ctx, struct cli_args *args, json_t *rows,
                     const struct distances *d)
{
    long width = 1, bins = 1;
    if (bin_width(ctx, args, d, &width, &bins) != 0)
        return -1;
    long *count = calloc((size_t)bins, sizeof *count);
    struct svg_bar *bars = calloc((size_t)bins, sizeof *bars);
    char(*labels)[48] = calloc((size_t)bins, sizeof *labels);
    int rc = !count || !bars || !labels ? tr_error_set(&ctx->err, TR_IO, "out of memory") : 0;
    for (size_t i = 0; rc == 0 && i < d->n; i++) {
        long b = (long)floor(d->km[i] / (double)width); /* the last bin holds its upper bound */
        count[b < bins ? b : bins - 1]++;
    }
    for (long b = 0; rc == 0 && b < bins; b++) {
        json_array_append_new(rows, row("bin", json_integer(b * width),
                                        json_integer((b + 1) * width), json_integer(count[b])));
        snprintf(labels[b], sizeof labels[b], "%ld-%ld km", b * width, (b + 1) * width);
        bars[b].label = labels[b], bars[b].value = (double)count[b];
    }
    struct svg_chart chart = {"Distance between twinned cities", "great-circle distance (km)",
                              "pairs of parties", bars, (size_t)bins};
    if (rc == 0)
        rc = stats_chart(ctx, args, &chart);
    free(count), free(bars), free(labels);
    return rc;
}

int cmd_stats_distance(struct cli_ctx *ctx, struct cli_args *args)
{
    struct stats_scope s = {.ids = NULL};
    struct distances d = {.km = NULL};
    json_t *rows = json_array();
    int rc = stats_scope_read(ctx, args, &s);
    if (rc == 0)
        rc = tr_stats_agreements(ctx->store, s.day, s.ids, s.n, add_agreement, &d, &ctx->err);
    if (rc > 0)
        rc = tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (rc == 0) {
        if (d.n)
            qsort(d.km, d.n, sizeof *d.km, by_km);
        summary(rows, &d);
        rc = histogram(ctx, args, rows, &d);
    }
    static const char *const fields[] = {"measure", "from_km", "to_km", "value", NULL};
    static const struct out_column columns[] = {{"MEASURE", "measure", NULL, 0},
                                                {"FROM KM", "from_km", NULL, 0},
                                                {"TO KM", "to_km", NULL, 0},
                                                {"VALUE", "value", NULL, 0},
                                                {NULL, NULL, NULL, 0}};
    if (rc == 0)
        rc = stats_print(ctx, args, columns, fields, json_incref(rows));
    json_decref(rows);
    free(d.km);
    stats_scope_release(&s);
    return rc;
}
