/* partners --depth, path and cousins: walks over the network from one city (the store's
 * tr_network_*), rendered as rows with the names of the cities they met. */
#include "cli/cli.h"

#include "twinreg/core/fold.h"
#include "twinreg/core/name_order.h"
#include "twinreg/store/city.h"
#include "twinreg/store/network.h"
#include "twinreg/store/query.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The names and countries of the cities a walk met, by their number in `ix`. */
struct names {
    tr_id_index ix;
    char **name; /* name, NUL, country code, NUL, folded name (the people's order) */
};

static int keep_name(int64_t id, const char *name, const char *country, void *data)
{
    struct names *nm = data;
    size_t at = tr_id_index_find(&nm->ix, id), len = strlen(name);
    if (at == (size_t)-1 || nm->name[at])
        return 0;
    char *key = tr_fold(name);
    size_t key_len = key ? strlen(key) : 0;
    if (!key || !(nm->name[at] = malloc(len + 4 + key_len + 1))) {
        free(key);
        return -1;
    }
    memcpy(nm->name[at], name, len + 1);
    snprintf(nm->name[at] + len + 1, 3, "%s", country ? country : "");
    memcpy(nm->name[at] + len + 4, key, key_len + 1);
    free(key);
    return 0;
}

static int names_load(tr_store *store, const int64_t *ids, size_t n, struct names *nm,
                      tr_error *err)
{
    tr_id_index_init(&nm->ix);
    nm->name = NULL;
    for (size_t i = 0; i < n; i++)
        if (tr_id_index_add(&nm->ix, ids[i], NULL) == (size_t)-1)
            return tr_error_set(err, TR_IO, "out of memory");
    if (!(nm->name = calloc(nm->ix.n + 1, sizeof *nm->name)))
        return tr_error_set(err, TR_IO, "out of memory");
    return tr_network_names(store, nm->ix.ids, nm->ix.n, keep_name, nm, err);
}

static const char *name_of(const struct names *nm, int64_t id)
{
    size_t at = tr_id_index_find(&nm->ix, id);
    return at != (size_t)-1 && nm->name[at] ? nm->name[at] : "";
}

static const char *country_of(const struct names *nm, int64_t id)
{
    const char *name = name_of(nm, id);
    return *name ? name + strlen(name) + 1 : "";
}

/* Two cities as people sort their names; ties by id, so the order is total. */
static int name_order(const struct names *nm, int64_t a, int64_t b)
{
    const char *na = name_of(nm, a), *nb = name_of(nm, b);
    int c = tr_name_cmp(*na ? na + strlen(na) + 4 : "", na, *nb ? nb + strlen(nb) + 4 : "", nb);
    return c ? c : (a > b) - (a < b);
}

static void names_release(struct names *nm)
{
    for (size_t i = 0; nm->name && i < nm->ix.n; i++)
        free(nm->name[i]);
    free(nm->name);
    tr_id_index_release(&nm->ix);
}

/* A city's fields of a row: {<prefix>id, <prefix>, <prefix>country} ("to_id", "to", ...). */
static void set_city(json_t *row, const char *key, const char *id_key, const char *country_key,
                     const struct names *nm, int64_t id)
{
    json_object_set_new(row, id_key, json_integer(id));
    json_object_set_new(row, key, json_string(name_of(nm, id)));
    json_object_set_new(row, country_key, json_string(country_of(nm, id)));
}

/* The day of --on (default today), or NULL with --any: every agreement. */
static int walk_day(struct cli_ctx *ctx, struct cli_args *args, char day[11], const char **use)
{
    if (arg_flag(args, OPT_ANY)) {
        if (arg_value(args, OPT_ON))
            return cli_usage_error(ctx, "--on and --any: give one");
        *use = NULL;
        return 0;
    }
    *use = day;
    return cli_on_day(ctx, args, day);
}

/* partners --depth N (N > 1) */

static const char *const reach_fields[] = {"depth", "city_id",    "city", "country",
                                           "chain", "agreements", NULL};
static const struct out_column reach_columns[] = {
    {"DEPTH", "depth", NULL, 0},     {"ID", "city_id", NULL, 0},   {"CITY", "city", NULL, 30},
    {"COUNTRY", "country", NULL, 0}, {"CHAIN", "chain", NULL, 60}, {"IDS", "agreements", NULL, 30},
    {NULL, NULL, NULL, 0},
};

/* What the comparisons below read names from (qsort passes no context). */
static const struct names *order_names;

static int by_depth_name(const void *pa, const void *pb)
{
    const tr_reached *a = *(tr_reached *const *)pa, *b = *(tr_reached *const *)pb;
    if (a->depth != b->depth)
        return a->depth - b->depth;
    return name_order(order_names, a->city, b->city);
}

static json_t *reach_row(const tr_reached *all, const tr_reached *r, const struct names *nm)
{
    json_t *row = json_object(), *chain = json_array(), *ids = json_array();
    json_object_set_new(row, "depth", json_integer(r->depth));
    set_city(row, "city", "city_id", "country", nm, r->city);
    /* Walk back to the start, then reverse: the chain reads from the start. */
    for (const tr_reached *at = r; at; at = at->parent == (size_t)-1 ? NULL : &all[at->parent]) {
        json_array_insert_new(chain, 0, json_string(name_of(nm, at->city)));
        if (at->depth > 0)
            json_array_insert_new(ids, 0, json_integer(at->agreement));
    }
    json_object_set_new(row, "chain", chain);
    json_object_set_new(row, "agreements", ids);
    return row;
}

static int partners_deep(struct cli_ctx *ctx, struct cli_args *args, tr_store *store, int64_t city,
                         const char *day, int depth)
{
    tr_reached *all;
    size_t n;
    if (tr_network_reach(store, city, depth, day, &all, &n, &ctx->err) != 0)
        return -1;
    int64_t *ids = malloc(n * sizeof *ids);
    const tr_reached **order = malloc(n * sizeof *order);
    struct names nm = {0};
    int rc = ids && order ? 0 : tr_error_set(&ctx->err, TR_IO, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        ids[i] = all[i].city, order[i] = &all[i];
    if (rc == 0)
        rc = names_load(store, ids, n, &nm, &ctx->err);
    if (rc == 0) {
        order_names = &nm;
        qsort(order + 1, n - 1, sizeof *order, by_depth_name);
        struct out_list list;
        out_list_begin(&list, ctx, args->format, reach_columns, reach_fields);
        for (size_t i = 1; rc == 0 && i < n; i++) {
            json_t *row = reach_row(all, order[i], &nm);
            rc = out_list_row(row, &list);
            json_decref(row);
        }
        rc = out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
    }
    names_release(&nm);
    free(ids);
    free(order);
    free(all);
    return rc;
}

/* The options of partners --depth: 1 (the default) is partners as it always was. */
int cli_partners_depth(struct cli_ctx *ctx, struct cli_args *args, tr_store *store, int64_t city,
                       const char *day)
{
    long depth = 1;
    const char *text = arg_value(args, OPT_DEPTH);
    if (text && cli_positive(ctx, text, "--depth", &depth) != 0)
        return -1;
    if (depth == 1)
        return 1;
    return partners_deep(ctx, args, store, city, day, depth > INT_MAX ? INT_MAX : (int)depth);
}

/* path */

static const char *const path_fields[] = {
    "hop", "agreement", "from_id", "from", "from_country", "to_id", "to", "to_country", NULL};
static const struct out_column path_columns[] = {
    {"HOP", "hop", NULL, 0},    {"AGREEMENT", "agreement", NULL, 0},
    {"FROM", "from", NULL, 30}, {"CC", "from_country", NULL, 0},
    {"TO", "to", NULL, 30},     {"CC", "to_country", NULL, 0},
    {NULL, NULL, NULL, 0},
};

int cmd_path(struct cli_ctx *ctx, struct cli_args *args)
{
    char day[11];
    const char *use;
    int64_t from, to;
    tr_store *store = cli_store(ctx);
    if (!store || tr_city_resolve(store, args->pos[0], &from, &ctx->err) != 0 ||
        tr_city_resolve(store, args->pos[1], &to, &ctx->err) != 0 ||
        walk_day(ctx, args, day, &use) != 0)
        return -1;
    if (from == to)
        return cli_usage_error(ctx, "'%s' and '%s' are the same city", args->pos[0], args->pos[1]);
    tr_link *hops;
    size_t n;
    if (tr_network_path(store, from, to, use, &hops, &n, &ctx->err) != 0)
        return -1;
    struct names nm = {0};
    int64_t ends[2] = {from, to};
    int64_t *ids = malloc((n + 2) * sizeof *ids);
    int rc = ids ? 0 : tr_error_set(&ctx->err, TR_IO, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        ids[i] = hops[i].to;
    if (rc == 0) {
        memcpy(ids + n, ends, sizeof ends);
        rc = names_load(store, ids, n + 2, &nm, &ctx->err);
    }
    if (rc == 0) {
        if (n == 0)
            cli_notice("no chain of agreements%s links '%s' and '%s'", use ? " in force" : "",
                       name_of(&nm, from), name_of(&nm, to));
        struct out_list list;
        out_list_begin(&list, ctx, args->format, path_columns, path_fields);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            json_t *row = json_object();
            json_object_set_new(row, "hop", json_integer((json_int_t)i + 1));
            json_object_set_new(row, "agreement", json_integer(hops[i].agreement));
            set_city(row, "from", "from_id", "from_country", &nm, hops[i].from);
            set_city(row, "to", "to_id", "to_country", &nm, hops[i].to);
            rc = out_list_row(row, &list);
            json_decref(row);
        }
        rc = out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
    }
    names_release(&nm);
    free(ids);
    free(hops);
    return rc;
}

/* cousins */

static const char *const cousins_fields[] = {"city_id",  "city",        "country", "shared",
                                             "partners", "partner_ids", NULL};
static const struct out_column cousins_columns[] = {
    {"ID", "city_id", NULL, 0},         {"CITY", "city", NULL, 30},
    {"COUNTRY", "country", NULL, 0},    {"SHARED", "shared", NULL, 0},
    {"PARTNERS", "partners", NULL, 50}, {NULL, NULL, NULL, 0},
};

/* A cousin: its run of pairs (cousin, shared partner). */
struct cousin {
    size_t first, n;
    int64_t city;
};

static int by_shared(const void *pa, const void *pb)
{
    const struct cousin *a = pa, *b = pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return name_order(order_names, a->city, b->city);
}

static int by_partner_name(const void *pa, const void *pb)
{
    const tr_link *a = pa, *b = pb;
    return name_order(order_names, a->to, b->to);
}

static int print_cousins(struct cli_ctx *ctx, struct cli_args *args, const tr_link *pairs,
                         const struct cousin *c, size_t n, const struct names *nm)
{
    struct out_list list;
    out_list_begin(&list, ctx, args->format, cousins_columns, cousins_fields);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *row = json_object(), *names = json_array(), *ids = json_array();
        set_city(row, "city", "city_id", "country", nm, c[i].city);
        json_object_set_new(row, "shared", json_integer((json_int_t)c[i].n));
        for (size_t k = c[i].first; k < c[i].first + c[i].n; k++) {
            json_array_append_new(names, json_string(name_of(nm, pairs[k].to)));
            json_array_append_new(ids, json_integer(pairs[k].to));
        }
        json_object_set_new(row, "partners", names);
        json_object_set_new(row, "partner_ids", ids);
        rc = out_list_row(row, &list);
        json_decref(row);
    }
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

/* The pairs' runs, one per cousin, ranked; the partners of each by name. */
static struct cousin *rank_cousins(tr_link *pairs, size_t n, const struct names *nm, size_t *count)
{
    struct cousin *c = malloc((n + 1) * sizeof *c);
    *count = 0;
    if (!c)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (*count == 0 || c[*count - 1].city != pairs[i].from)
            c[(*count)++] = (struct cousin){i, 0, pairs[i].from};
        c[*count - 1].n++;
    }
    order_names = nm;
    for (size_t i = 0; i < *count; i++)
        qsort(pairs + c[i].first, c[i].n, sizeof *pairs, by_partner_name);
    qsort(c, *count, sizeof *c, by_shared);
    return c;
}

int cmd_cousins(struct cli_ctx *ctx, struct cli_args *args)
{
    char day[11];
    const char *use;
    long limit = 0;
    int64_t city;
    const char *text = arg_value(args, OPT_LIMIT);
    if (text && cli_positive(ctx, text, "--limit", &limit) != 0)
        return -1;
    tr_store *store = cli_store(ctx);
    if (!store || tr_city_resolve(store, args->pos[0], &city, &ctx->err) != 0 ||
        walk_day(ctx, args, day, &use) != 0)
        return -1;
    tr_link *pairs;
    size_t n, count = 0;
    if (tr_network_cousins(store, city, use, &pairs, &n, &ctx->err) != 0)
        return -1;
    struct names nm = {0};
    struct cousin *c = NULL;
    int64_t *ids = malloc((2 * n + 1) * sizeof *ids);
    int rc = ids ? 0 : tr_error_set(&ctx->err, TR_IO, "out of memory");
    for (size_t i = 0; rc == 0 && i < n; i++)
        ids[2 * i] = pairs[i].from, ids[2 * i + 1] = pairs[i].to;
    if (rc == 0)
        rc = names_load(store, ids, 2 * n, &nm, &ctx->err);
    if (rc == 0 && !(c = rank_cousins(pairs, n, &nm, &count)))
        rc = tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (rc == 0)
        rc = print_cousins(ctx, args, pairs, c,
                           limit && (size_t)limit < count ? (size_t)limit : count, &nm);
    names_release(&nm);
    free(c);
    free(ids);
    free(pairs);
    return rc;
}
