/* map: the matching agreements on a world map, one self-contained HTML page (twinreg/io/map.h),
 * to stdout or to a named file written as every named file is (twinreg/io/output_file.h). */
#include "cli/cli.h"

#include "agreement_filter.h"
#include "map_data.h"
#include "twinreg/core/number.h"
#include "twinreg/io/io.h"
#include "twinreg/io/map.h"
#include "twinreg/io/output_file.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Past this many arcs the page outgrows a few MB (about 150 bytes an arc) and a browser
 * slows down; the most recently signed are kept. */
#define MAP_DEFAULT_LIMIT 20000

/* Most recently signed first; undated last. */
static int by_newest(const void *a, const void *b)
{
    const struct map_arc *x = a, *y = b;
    return strcmp(y->signed_on, x->signed_on);
}

/* Long arcs first, so that the short ones, which crowd, stay on top and readable. */
static int by_length(const void *a, const void *b)
{
    const struct map_arc *x = a, *y = b;
    return (x->km < y->km) - (x->km > y->km);
}

/* The arcs and points handed to the drawing: the first `drawn` arcs of d and their ends,
 * with the lone located parties of agreements that have no arc. */
struct drawing {
    tr_map_city *cities;
    tr_map_arc *arcs;
    size_t n, m;
};

static int drawing_make(struct map_data *d, size_t drawn, struct drawing *w)
{
    w->cities = calloc(d->n_places + 1, sizeof *w->cities);
    w->arcs = calloc(drawn + 1, sizeof *w->arcs);
    size_t *index = calloc(d->n_places + 1, sizeof *index);
    if (!w->cities || !w->arcs || !index)
        return free(index), -1;
    for (size_t i = 0; i < drawn; i++) {
        map_data_place(d, d->arcs[i].from)->drawn = 1;
        map_data_place(d, d->arcs[i].to)->drawn = 1;
    }
    for (size_t i = 0; i < d->n_places; i++) {
        const struct map_place *p = &d->places[i];
        if (p->drawn) {
            index[i] = w->n;
            w->cities[w->n++] = (tr_map_city){p->lon, p->lat, p->title};
        }
    }
    for (size_t i = 0; i < drawn; i++, w->m++) {
        w->arcs[i].a = index[map_data_place(d, d->arcs[i].from) - d->places];
        w->arcs[i].b = index[map_data_place(d, d->arcs[i].to) - d->places];
        w->arcs[i].title = d->arcs[i].title;
    }
    free(index);
    return 0;
}

static int write_page(struct cli_ctx *ctx, struct cli_args *args, const tr_map_page *page,
                      const struct drawing *w)
{
    struct cli_output o;
    if (cli_output_open(ctx, args, &o) != 0)
        return -1;
    int rc = map_page(o.stream, page, w->cities, w->n, w->arcs, w->m);
    return cli_output_close(ctx, &o, rc == 0);
}

/* The page's words: its title, what was left out, the counts and the sources. */
static int draw(struct cli_ctx *ctx, struct cli_args *args, struct map_data *d, size_t limit)
{
    size_t drawn = d->n_arcs < limit ? d->n_arcs : limit;
    if (drawn < d->n_arcs)
        qsort(d->arcs, d->n_arcs, sizeof *d->arcs, by_newest);
    if (drawn)
        qsort(d->arcs, drawn, sizeof *d->arcs, by_length);
    struct drawing w = {0};
    char title[600], notice[400], legend[600];
    const char *city = arg_value(args, OPT_CITY);
    snprintf(title, sizeof title, "%s%s", city ? "Agreements of " : "Sister-city agreements",
             city ? city : "");
    if (drawn < d->n_arcs)
        snprintf(notice, sizeof notice,
                 "%zu of %zu arcs left out (the most recently signed %zu are drawn): narrow the "
                 "map with --since, --until, --country, --kind, --active or --city, or raise "
                 "--limit",
                 d->n_arcs - drawn, d->n_arcs, drawn);
    int rc = map_data_titles(d, drawn) == 0 ? drawing_make(d, drawn, &w) : -1;
    if (rc != 0) {
        tr_error_set(&ctx->err, TR_IO, "cannot draw the map: out of memory");
    } else {
        snprintf(legend, sizeof legend,
                 "%zu agreements; %zu arcs and %zu cities drawn; %zu cities without "
                 "coordinates left out. Natural Earth projection; country outlines: Natural "
                 "Earth 1:110m (public domain) via world-atlas. Made by twinreg " TWINREG_VERSION
                 ".",
                 d->agreements, w.m, w.n, d->n_unlocated);
        tr_map_page page = {title, drawn < d->n_arcs ? notice : NULL, legend};
        rc = write_page(ctx, args, &page, &w);
    }
    if (rc == 0 && drawn < d->n_arcs)
        cli_notice("%s", notice);
    if (rc == 0 && d->n_unlocated)
        cli_notice("%zu cities without coordinates not drawn (%zu agreements have fewer than "
                   "two located parties)",
                   d->n_unlocated, d->without_arc);
    free(w.cities), free(w.arcs);
    return rc;
}

int cmd_map(struct cli_ctx *ctx, struct cli_args *args)
{
    long long limit = MAP_DEFAULT_LIMIT;
    const char *text = arg_value(args, OPT_LIMIT);
    if (text && tr_parse_whole(text, 1, LLONG_MAX, &limit) != 0)
        return cli_usage_error(ctx, "--limit must be a positive whole number, got '%s'", text);
    if (!cli_store(ctx))
        return -1;
    struct agreement_filter f;
    if (cli_agreement_filter(ctx, args, &f) != 0)
        return -1;
    int64_t *ids = NULL;
    size_t n = 0;
    struct map_data d = {0};
    /* One snapshot: the ids and the rows read for them agree. */
    int rc = tr_store_begin_read(ctx->store, "cannot read the map", &ctx->err);
    if (rc == 0)
        rc = tr_agreement_match_ids(ctx->store, &f.match, &ids, &n, &ctx->err);
    if (rc == 0)
        rc = map_data_read(ctx->store, ids, n, &d, &ctx->err);
    tr_store_rollback(ctx->store);
    if (rc == 0)
        rc = draw(ctx, args, &d, (size_t)limit);
    map_data_release(&d);
    free(ids);
    return rc;
}
