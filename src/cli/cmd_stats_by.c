/* stats by kind|country|country-pair, and the choice of grouping (decade and year are
 * counted in cmd_stats_period.c). */
#include "stats.h"

#include "twinreg/store/agreement.h"
#include "twinreg/store/stats.h"

#include <stdlib.h>
#include <string.h>

struct by_counts {
    int grouping; /* BY_KIND, BY_COUNTRY, BY_PAIR */
    struct stats_tally kinds[8];
    struct stats_tally *cells; /* a country, or a pair a * STATS_COUNTRIES + b (a < b) */
};

enum { BY_KIND, BY_COUNTRY, BY_PAIR };

/* The distinct countries of `a`'s parties, ascending, into `c`. */
static size_t countries_of(const tr_stats_agreement *a, int c[TR_MAX_PARTIES])
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_parties; i++) {
        int x = stats_country_index(a->parties[i].country), seen = x < 0;
        for (size_t j = 0; j < n && !seen; j++)
            seen = c[j] == x;
        if (seen)
            continue;
        size_t j = n++;
        for (; j > 0 && c[j - 1] > x; j--)
            c[j] = c[j - 1];
        c[j] = x;
    }
    return n;
}

static int by_add(const tr_stats_agreement *a, void *data)
{
    struct by_counts *b = data;
    if (b->grouping == BY_KIND) {
        for (int k = 0; tr_kinds[k] && k < 8; k++)
            if (a->kind && strcmp(a->kind, tr_kinds[k]) == 0)
                stats_tally_add(&b->kinds[k], a);
        return 0;
    }
    int c[TR_MAX_PARTIES];
    size_t n = countries_of(a, c);
    for (size_t i = 0; i < n; i++) {
        if (b->grouping == BY_COUNTRY)
            stats_tally_add(&b->cells[c[i]], a);
        else /* each pair of distinct countries once: c is ascending */
            for (size_t j = i + 1; j < n; j++)
                stats_tally_add(&b->cells[c[i] * STATS_COUNTRIES + c[j]], a);
    }
    return 0;
}

static json_t *tally_json(const struct stats_tally *t)
{
    return json_pack("{s:I,s:I,s:I,s:I}", "agreements", (json_int_t)t->agreements, "in_force",
                     (json_int_t)t->in_force, "suspended", (json_int_t)t->suspended, "ended",
                     (json_int_t)t->ended);
}

static json_t *row_of(const struct by_counts *b, size_t cell)
{
    const struct stats_tally *t = b->grouping == BY_KIND ? &b->kinds[cell] : &b->cells[cell];
    json_t *row = json_object();
    char cc[2][3] = {{0}};
    int x = b->grouping == BY_PAIR ? (int)(cell / STATS_COUNTRIES) : (int)cell;
    int y = (int)(cell % STATS_COUNTRIES);
    cc[0][0] = (char)('A' + x / 26), cc[0][1] = (char)('A' + x % 26);
    cc[1][0] = (char)('A' + y / 26), cc[1][1] = (char)('A' + y % 26);
    if (b->grouping == BY_KIND)
        json_object_set_new(row, "kind", json_string(tr_kinds[cell]));
    else if (b->grouping == BY_COUNTRY)
        json_object_set_new(row, "country", json_string(cc[0]));
    else {
        json_object_set_new(row, "country_a", json_string(cc[0]));
        json_object_set_new(row, "country_b", json_string(cc[1]));
    }
    json_t *counts = tally_json(t);
    json_object_update(row, counts);
    json_decref(counts);
    return row;
}

/* --country keeps the pairs with one of the named countries in them. */
static int pair_named(const struct stats_scope *s, size_t cell)
{
    const tr_agreement_match *m = &s->f.match;
    if (!m->n_countries)
        return 1;
    for (size_t i = 0; i < m->n_countries; i++) {
        size_t c = (size_t)stats_country_index(m->countries[i]);
        if (cell / STATS_COUNTRIES == c || cell % STATS_COUNTRIES == c)
            return 1;
    }
    return 0;
}

static const struct by_counts *ranking;
static int by_rank(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    long d = ranking->cells[y].agreements - ranking->cells[x].agreements;
    return d ? (d > 0) - (d < 0) : (x > y) - (x < y);
}

/* Rows: every kind in the contract's order; countries and pairs with an agreement, most
 * agreements first, then by code. */
static json_t *by_rows(const struct by_counts *b, const struct stats_scope *s)
{
    json_t *rows = json_array();
    if (b->grouping == BY_KIND) {
        for (size_t k = 0; tr_kinds[k] && k < 8; k++)
            json_array_append_new(rows, row_of(b, k));
        return rows;
    }
    size_t cells =
               b->grouping == BY_PAIR ? (size_t)STATS_COUNTRIES * STATS_COUNTRIES : STATS_COUNTRIES,
           n = 0;
    size_t *order = malloc(cells * sizeof *order);
    if (!order)
        return rows;
    for (size_t i = 0; i < cells; i++)
        if (b->cells[i].agreements && (b->grouping != BY_PAIR || pair_named(s, i)))
            order[n++] = i;
    ranking = b;
    qsort(order, n, sizeof *order, by_rank);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(rows, row_of(b, order[i]));
    free(order);
    return rows;
}

static const char *const kind_fields[] = {"kind",      "agreements", "in_force",
                                          "suspended", "ended",      NULL};
static const char *const country_fields[] = {"country",   "agreements", "in_force",
                                             "suspended", "ended",      NULL};
static const char *const pair_fields[] = {"country_a", "country_b", "agreements", "in_force",
                                          "suspended", "ended",     NULL};
#define COUNT_COLUMNS                                                                              \
    {"AGREEMENTS", "agreements", NULL, 0}, {"IN FORCE", "in_force", NULL, 0},                      \
        {"SUSPENDED", "suspended", NULL, 0}, {"ENDED", "ended", NULL, 0},                          \
    {                                                                                              \
        NULL, NULL, NULL, 0                                                                        \
    }
static const struct out_column kind_columns[] = {{"KIND", "kind", NULL, 0}, COUNT_COLUMNS};
static const struct out_column country_columns[] = {{"COUNTRY", "country", NULL, 0}, COUNT_COLUMNS};
static const struct out_column pair_columns[] = {
    {"COUNTRY", "country_a", NULL, 0}, {"COUNTRY", "country_b", NULL, 0}, COUNT_COLUMNS};

static int stats_by_group(struct cli_ctx *ctx, struct cli_args *args, struct stats_scope *s,
                          int grouping)
{
    struct by_counts b = {.grouping = grouping};
    size_t cells =
        grouping == BY_PAIR ? (size_t)STATS_COUNTRIES * STATS_COUNTRIES : STATS_COUNTRIES;
    if (grouping != BY_KIND && !(b.cells = calloc(cells, sizeof *b.cells)))
        return tr_error_set(&ctx->err, TR_IO, "out of memory");
    int rc = tr_stats_agreements(ctx->store, s->day, s->ids, s->n, by_add, &b, &ctx->err);
    if (rc == 0)
        rc = stats_print(ctx, args,
                         grouping == BY_KIND      ? kind_columns
                         : grouping == BY_COUNTRY ? country_columns
                                                  : pair_columns,
                         grouping == BY_KIND      ? kind_fields
                         : grouping == BY_COUNTRY ? country_fields
                                                  : pair_fields,
                         by_rows(&b, s));
    free(b.cells);
    return rc;
}

const char *const stats_groupings[] = {"decade", "year", "kind", "country", "country-pair", NULL};

int cmd_stats_by(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *by = args->pos[0];
    int which = 0;
    while (stats_groupings[which] && strcmp(stats_groupings[which], by) != 0)
        which++;
    if (!stats_groupings[which])
        return cli_usage_error(ctx,
                               "unknown grouping '%s' (decade, year, kind, country or "
                               "country-pair)",
                               by);
    if (which >= 2 && arg_value(args, OPT_CHART))
        return cli_usage_error(ctx, "--chart draws periods: by decade or year");
    struct stats_scope s = {.ids = NULL};
    int rc = stats_scope_read(ctx, args, &s);
    if (rc == 0)
        rc = which < 2 ? stats_by_period(ctx, args, &s, which == 0)
                       : stats_by_group(ctx, args, &s, which - 2);
    stats_scope_release(&s);
    return rc;
}
