/* A user's own country names (import --country-alias, --country-aliases): the names that
 * are a political choice, which twinreg leaves to the user ("Northern Cyprus=CY"). */
#include "core/country_map.h"

#include "twinreg/core/fold.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tr_country_map {
    struct cx_index ix;
    char **names; /* the index keeps pointers to them */
    size_t n, cap;
};

tr_country_map *tr_country_map_new(void) { return calloc(1, sizeof(tr_country_map)); }

void tr_country_map_free(tr_country_map *map)
{
    if (!map)
        return;
    cx_release(&map->ix);
    for (size_t i = 0; i < map->n; i++)
        free(map->names[i]);
    free(map->names);
    free(map);
}

struct cx_match tr_country_map_find(const tr_country_map *map, const char *folded)
{
    return map ? cx_find(&map->ix, folded) : (struct cx_match){0};
}

/* A code only: a name here would be resolved by the rules the map is there to complete. */
static const struct tr_country *code_of(const char *code)
{
    size_t len = strlen(code);
    const struct tr_country *c = len == 2 || len == 3 ? tr_country_find(code) : NULL;
    return c && (strcasecmp(c->alpha2, code) == 0 || strcasecmp(c->alpha3, code) == 0) ? c : NULL;
}

int tr_country_map_add(tr_country_map *map, const char *name, const char *code, tr_error *err)
{
    const struct tr_country *c = code_of(code), *known = tr_country_find(name);
    char folded[256];
    if (!c)
        return tr_error_set(err, TR_USAGE, "country alias '%s': '%s' is not an ISO 3166-1 code",
                            name, code);
    if (tr_fold_into(name, folded, sizeof folded) != 0 || !*folded)
        return tr_error_set(err, TR_USAGE, "country alias '%s': a name must have letters", name);
    if (known && known != c)
        return tr_error_set(err, TR_USAGE, "country alias '%s=%s': '%s' is %s already", name, code,
                            name, known->alpha2);
    struct cx_match m = cx_find(&map->ix, folded);
    if (m.country == c || known)
        return 0;
    if (m.country)
        return tr_error_set(err, TR_USAGE, "country alias '%s=%s': '%s' is mapped to %s already",
                            name, code, name, m.country->alpha2);
    char *copy = strdup(name);
    if (map->n == map->cap) {
        size_t cap = map->cap ? map->cap * 2 : 16;
        char **names = realloc(map->names, cap * sizeof *names);
        if (names)
            map->names = names, map->cap = cap;
    }
    if (!copy || map->n == map->cap || cx_add(&map->ix, copy, c) != 0) {
        free(copy);
        return tr_error_set(err, TR_IO, "out of memory");
    }
    map->names[map->n++] = copy;
    cx_sort(&map->ix);
    return 0;
}

int tr_country_map_add_spec(tr_country_map *map, const char *spec, tr_error *err)
{
    const char *eq = strrchr(spec, '=');
    char name[256];
    size_t len = eq ? (size_t)(eq - spec) : 0;
    if (!eq || len >= sizeof name)
        return tr_error_set(err, TR_USAGE, "country alias '%s': expected NAME=CC", spec);
    memcpy(name, spec, len);
    name[len] = '\0';
    return tr_country_map_add(map, name, eq + 1, err);
}
