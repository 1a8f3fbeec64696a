/* city add|list|show|update|remove */
#include "cli/cli.h"

#include "cli/help.h"

#include "twinreg/core/country.h"
#include "twinreg/core/fold.h"
#include "twinreg/store/city.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const city_fields[] = {"id",  "name", "country",  "aliases", "region",
                                          "lat", "lon",  "wikidata", NULL};

static const struct out_column city_columns[] = {
    {"ID", "id", NULL, 0},
    {"NAME", "name", NULL, 40},
    {"COUNTRY", "country", NULL, 0},
    {"REGION", "region", NULL, 24},
    {"OTHER NAMES", "aliases", NULL, 40},
    {NULL, NULL, NULL, 0},
};

static int parse_degrees(struct cli_ctx *ctx, const char *text, const char *what, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(text, &end);
    if (!*text || *end || errno || !isfinite(v))
        return tr_error_set(&ctx->err, TR_REJECTED, "invalid %s '%s': expected decimal degrees",
                            what, text);
    *out = v;
    return 0;
}

/* Fills the coordinate and alias fields shared by add and update. */
static int read_common(struct cli_ctx *ctx, struct cli_args *args, tr_city_fields *f,
                       tr_alias *aliases)
{
    const char *lat = arg_value(args, OPT_LAT), *lon = arg_value(args, OPT_LON);
    if ((lat == NULL) != (lon == NULL))
        return cli_usage_error(ctx, "--lat and --lon go together");
    if (lat) {
        f->set_coords = f->has_coords = 1;
        if (parse_degrees(ctx, lat, "latitude", &f->lat) != 0 ||
            parse_degrees(ctx, lon, "longitude", &f->lon) != 0)
            return -1;
    }
    f->n_aliases = (size_t)arg_count(args, OPT_ALIAS);
    for (size_t i = 0; i < f->n_aliases; i++)
        if (tr_alias_parse(arg_nth(args, OPT_ALIAS, (int)i), &aliases[i], &ctx->err) != 0)
            return -1;
    f->aliases = aliases;
    return 0;
}

struct city_change {
    struct cli_args *args;
    tr_city_fields fields;
    int64_t id;
};

static int do_add(struct cli_ctx *ctx, void *data)
{
    struct city_change *c = data;
    return tr_city_add(ctx->store, &c->fields, &c->id, &ctx->err);
}

int cmd_city_add(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_alias aliases[CLI_MAX_VALUES];
    struct city_change c = {.args = args};
    c.fields.name = args->pos[0];
    c.fields.country = arg_value(args, OPT_COUNTRY);
    c.fields.region = arg_value(args, OPT_REGION);
    c.fields.wikidata = arg_value(args, OPT_WIKIDATA);
    if (read_common(ctx, args, &c.fields, aliases) != 0 || cli_write(ctx, do_add, &c) != 0)
        return -1;
    printf("%lld\n", (long long)c.id);
    cli_notice("added city %lld: %s", (long long)c.id, c.fields.name);
    return 0;
}

static int resolve(struct cli_ctx *ctx, const char *spec, int64_t *id)
{
    tr_store *store = cli_store(ctx);
    return store ? tr_city_resolve(store, spec, id, &ctx->err) : -1;
}

static int do_update(struct cli_ctx *ctx, void *data)
{
    struct city_change *c = data;
    if (tr_city_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0)
        return -1;
    return tr_city_update(ctx->store, c->id, &c->fields, &ctx->err);
}

static const char *empty_as_null(const char *s) { return s && *s ? s : NULL; }

int cmd_city_update(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_alias aliases[CLI_MAX_VALUES];
    struct city_change c = {.args = args};
    tr_city_fields *f = &c.fields;
    f->name = arg_value(args, OPT_NAME);
    f->country = arg_value(args, OPT_COUNTRY);
    f->set_region = arg_flag(args, OPT_REGION);
    f->region = empty_as_null(arg_value(args, OPT_REGION));
    f->set_wikidata = arg_flag(args, OPT_WIKIDATA);
    f->wikidata = empty_as_null(arg_value(args, OPT_WIKIDATA));
    f->n_remove_aliases = (size_t)arg_count(args, OPT_REMOVE_ALIAS);
    const char *removed[CLI_MAX_VALUES];
    for (size_t i = 0; i < f->n_remove_aliases; i++)
        removed[i] = arg_nth(args, OPT_REMOVE_ALIAS, (int)i);
    f->remove_aliases = removed;
    if (read_common(ctx, args, f, aliases) != 0)
        return -1;
    if (arg_flag(args, OPT_NO_COORDINATES)) {
        if (f->set_coords)
            return cli_usage_error(ctx, "--no-coordinates and --lat/--lon contradict each other");
        f->set_coords = 1;
        f->has_coords = 0;
    }
    if (!cli_store(ctx) || cli_write(ctx, do_update, &c) != 0)
        return -1;
    cli_notice("updated city %lld", (long long)c.id);
    return 0;
}

static int do_remove(struct cli_ctx *ctx, void *data)
{
    struct city_change *c = data;
    if (tr_city_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0)
        return -1;
    return tr_city_remove(ctx->store, c->id, &ctx->err);
}

int cmd_city_remove(struct cli_ctx *ctx, struct cli_args *args)
{
    struct city_change c = {.args = args};
    if (cli_write(ctx, do_remove, &c) != 0)
        return -1;
    cli_notice("removed city %lld", (long long)c.id);
    return 0;
}

int cmd_city_list(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *alpha2 = NULL;
    tr_store *store = cli_store(ctx);
    if (!store || cli_country(ctx, arg_value(args, OPT_COUNTRY), &alpha2) != 0)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, city_columns, city_fields);
    const char *match = arg_value(args, OPT_MATCH);
    out_list_empty(&list, "no city matches");
    int rc = match ? tr_city_match(store, alpha2, match, out_list_row, &list, &ctx->err)
                   : tr_city_list(store, alpha2, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

/* The names closest to a CITY that was not found, for "did you mean": each city once, at
 * its closest name; when more are close than are kept, the farthest give way. */
#define SUGGESTIONS 3
#define CANDIDATES 64
struct candidate {
    int distance;
    int64_t id;
    char label[128];
};

struct suggest {
    char key[256];
    int limit;
    int n;
    struct candidate c[CANDIDATES];
};

static int consider(json_t *row, void *data)
{
    struct suggest *s = data;
    int64_t id = json_integer_value(json_object_get(row, "id"));
    const char *key = json_string_value(json_object_get(row, "key"));
    int d = cli_distance(s->key, key);
    /* The start of a longer name ("havan" for Havana – Cerro) is close too. */
    if (d > 1 && strlen(s->key) >= 3 && strncmp(key, s->key, strlen(s->key)) == 0)
        d = 1;
    if (d > s->limit)
        return 0;
    struct candidate *c = NULL;
    if (s->n > 0 && s->c[s->n - 1].id == id) { /* names come ordered by city */
        c = &s->c[s->n - 1];
        if (d >= c->distance)
            return 0;
    } else if (s->n < CANDIDATES) {
        c = &s->c[s->n++];
    } else {
        for (int i = 0; i < s->n; i++)
            if (s->c[i].distance > d && (!c || s->c[i].distance > c->distance))
                c = &s->c[i];
        if (!c)
            return 0;
    }
    c->distance = d;
    c->id = id;
    snprintf(c->label, sizeof c->label, "%s,%s", json_string_value(json_object_get(row, "name")),
             json_string_value(json_object_get(row, "country")));
    return 0;
}

static int by_distance(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance - y->distance;
    return (x->id > y->id) - (x->id < y->id);
}

/* A CITY not found: the message names up to three close names, when there are. */
static void suggest_cities(struct cli_ctx *ctx, const char *spec)
{
    struct suggest s;
    memset(&s, 0, sizeof s);
    char name[256];
    snprintf(name, sizeof name, "%s", spec);
    char *comma = strrchr(name, ',');
    if (comma && tr_country_find(comma + 1 + strspn(comma + 1, " ")))
        *comma = '\0';
    if (tr_fold_into(name, s.key, sizeof s.key) != 0 || !*s.key)
        return;
    size_t len = strlen(s.key);
    s.limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    tr_error ignored;
    tr_error_init(&ignored);
    int rc = tr_city_names(ctx->store, consider, &s, &ignored);
    tr_error_release(&ignored);
    if (rc != 0 || s.n == 0)
        return;
    qsort(s.c, (size_t)s.n, sizeof *s.c, by_distance);
    int shown = s.n < SUGGESTIONS ? s.n : SUGGESTIONS;
    char hint[SUGGESTIONS * 136] = "";
    size_t used = 0;
    for (int i = 0; i < shown; i++)
        used += (size_t)snprintf(hint + used, sizeof hint - used, "%s'%s'",
                                 i == 0           ? ""
                                 : i == shown - 1 ? " or "
                                                  : ", ",
                                 s.c[i].label);
    size_t at = strlen(ctx->err.message);
    snprintf(ctx->err.message + at, sizeof ctx->err.message - at, " (did you mean %s?)", hint);
}

int cmd_city_show(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t id;
    if (resolve(ctx, args->pos[0], &id) != 0) {
        /* Not found, as against ambiguous (whose candidates are in the details). */
        if (ctx->store && ctx->err.status == TR_NOT_FOUND && !ctx->err.details)
            suggest_cities(ctx, args->pos[0]);
        return -1;
    }
    json_t *rec = tr_city_record(ctx->store, id, &ctx->err);
    if (!rec)
        return -1;
    int rc = out_object(ctx, args->format, rec, city_fields);
    json_decref(rec);
    return rc;
}
