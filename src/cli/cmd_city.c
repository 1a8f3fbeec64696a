/* city add|list|show|update|remove */
#include "cli/cli.h"

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
    int rc = tr_city_list(store, alpha2, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

int cmd_city_show(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t id;
    if (resolve(ctx, args->pos[0], &id) != 0)
        return -1;
    json_t *rec = tr_city_record(ctx->store, id, &ctx->err);
    if (!rec)
        return -1;
    int rc = out_object(ctx, args->format, rec, city_fields);
    json_decref(rec);
    return rc;
}
