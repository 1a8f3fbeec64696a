/* stats by decade|year: per period, the agreements signed in it, in force on at least one
 * of its days (the contract's rule: their periods in force, suspensions taken out), and
 * ended in it; the undated in their own row. */
#include "stats.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define YEARS 10000 /* a date's year has four digits */

struct period_counts {
    int decade;
    int day_year;
    int lo, hi; /* the years with a count */
    long *signed_on, *in_force, *ended;
    int64_t *marked; /* the last agreement counted in force in each bucket: each counts once */
    long undated, undated_in_force, undated_ended;
};

static int year_of(const char *date) { return date ? atoi(date) % YEARS : -1; }

static int bucket(const struct period_counts *p, int year) { return p->decade ? year / 10 : year; }

static void seen(struct period_counts *p, int year)
{
    p->lo = year < p->lo ? year : p->lo;
    p->hi = year > p->hi ? year : p->hi;
}

static int count_agreement(const tr_stats_agreement *a, void *data)
{
    struct period_counts *p = data;
    if (!a->signed_on) {
        p->undated++, p->undated_in_force += a->in_force, p->undated_ended += a->ended;
    } else {
        p->signed_on[bucket(p, year_of(a->signed_on))]++;
        seen(p, year_of(a->signed_on));
    }
    if (a->ended_on) {
        p->ended[bucket(p, year_of(a->ended_on))]++;
        seen(p, year_of(a->ended_on));
    }
    return 0;
}

/* A period [start, stop) marks each bucket from its first day's to its last day's, up to
 * the day's year: no start (in force since always) begins at the first year counted. */
static int count_period(int64_t id, const char *start, const char *stop, void *data)
{
    struct period_counts *p = data;
    int first = start ? year_of(start) : (p->lo <= p->hi ? p->lo : p->day_year);
    int last = stop ? year_of(stop) - (strncmp(stop + 4, "-01-01", 6) == 0) : p->day_year;
    if (last > p->day_year)
        last = p->day_year;
    if (first > last)
        return 0;
    seen(p, first), seen(p, last);
    for (int b = bucket(p, first); b <= bucket(p, last); b++)
        if (p->marked[b] != id)
            p->marked[b] = id, p->in_force[b]++;
    return 0;
}

static json_t *period_row(const char *label, long signed_on, long in_force, long ended)
{
    return json_pack("{s:s,s:I,s:I,s:I}", "period", label, "signed", (json_int_t)signed_on,
                     "in_force", (json_int_t)in_force, "ended", (json_int_t)ended);
}

static json_t *period_rows(const struct period_counts *p)
{
    json_t *rows = json_array();
    for (int b = p->lo <= p->hi ? bucket(p, p->lo) : 1, last = bucket(p, p->hi); b <= last; b++) {
        char label[16];
        snprintf(label, sizeof label, p->decade ? "%04ds" : "%04d", p->decade ? b * 10 : b);
        json_array_append_new(rows,
                              period_row(label, p->signed_on[b], p->in_force[b], p->ended[b]));
    }
    json_array_append_new(rows,
                          period_row("unknown", p->undated, p->undated_in_force, p->undated_ended));
    return rows;
}

/* The chart: agreements signed, one bar per row. */
static int period_chart(struct cli_ctx *ctx, struct cli_args *args, json_t *rows, int decade)
{
    size_t n = json_array_size(rows), i;
    struct svg_bar *bars = calloc(n ? n : 1, sizeof *bars);
    json_t *row;
    if (!bars)
        return tr_error_set(&ctx->err, TR_IO, "out of memory");
    json_array_foreach (rows, i, row) {
        bars[i].label = json_string_value(json_object_get(row, "period"));
        bars[i].value = (double)json_integer_value(json_object_get(row, "signed"));
    }
    struct svg_chart chart = {decade ? "Agreements signed per decade"
                                     : "Agreements signed per year",
                              decade ? "decade" : "year", "agreements signed", bars, n};
    int rc = stats_chart(ctx, args, &chart);
    free(bars);
    return rc;
}

int stats_by_period(struct cli_ctx *ctx, struct cli_args *args, struct stats_scope *s, int decade)
{
    struct period_counts p = {
        .decade = decade, .day_year = year_of(s->day), .lo = INT_MAX, .hi = INT_MIN};
    int rc = 0;
    p.signed_on = calloc(YEARS, sizeof *p.signed_on);
    p.in_force = calloc(YEARS, sizeof *p.in_force);
    p.ended = calloc(YEARS, sizeof *p.ended);
    p.marked = calloc(YEARS, sizeof *p.marked);
    if (!p.signed_on || !p.in_force || !p.ended || !p.marked)
        rc = tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (rc == 0)
        rc = tr_stats_agreements(ctx->store, s->day, s->ids, s->n, count_agreement, &p, &ctx->err);
    if (rc == 0)
        rc = tr_stats_periods(ctx->store, s->ids, s->n, count_period, &p, &ctx->err);
    json_t *rows = rc == 0 ? period_rows(&p) : NULL;
    if (rc == 0)
        rc = period_chart(ctx, args, rows, decade);
    static const char *const fields[] = {"period", "signed", "in_force", "ended", NULL};
    static const struct out_column columns[] = {{"PERIOD", "period", NULL, 0},
                                                {"SIGNED", "signed", NULL, 0},
                                                {"IN FORCE", "in_force", NULL, 0},
                                                {"ENDED", "ended", NULL, 0},
                                                {NULL, NULL, NULL, 0}};
    if (rc == 0)
        rc = stats_print(ctx, args, columns, fields, json_incref(rows));
    json_decref(rows);
    free(p.signed_on), free(p.in_force), free(p.ended), free(p.marked);
    return rc;
}
