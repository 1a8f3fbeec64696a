/* Reading the map's points and arcs: one scan of the agreements with their places, merged
 * with the matching ids (both ascending); each place kept once. */
#include "map_data.h"

#include "twinreg/core/geo.h"
#include "twinreg/core/id_map.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/cursor.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for one more item of `size` bytes in *items (count n, capacity *cap). */
static int grow(void **items, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 0;
    size_t next = *cap ? 2 * *cap : 256;
    void *p = realloc(*items, next * size);
    if (!p)
        return -1;
    *items = p, *cap = next;
    return 0;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static char *place_title(json_t *place)
{
    const char *name = json_string_value(json_object_get(place, "name"));
    const char *country = json_string_value(json_object_get(place, "country"));
    char *title;
    return asprintf(&title, "%s (%s)", name ? name : "", country ? country : "") < 0 ? NULL : title;
}

static int located(json_t *place)
{
    return json_is_number(json_object_get(place, "lon")) &&
           json_is_number(json_object_get(place, "lat"));
}

static int add_place(struct map_data *d, json_t *place, int lone)
{
    int64_t id = (int64_t)json_integer_value(json_object_get(place, "id"));
    if (!located(place)) {
        if (grow((void **)&d->unlocated, d->n_unlocated, &d->cap_unlocated, sizeof(int64_t)))
            return -1;
        d->unlocated[d->n_unlocated++] = id;
        return 0;
    }
    /* Each place is kept once, as it is first seen: a registry names its cities again in
     * each agreement, and a place's title is a string. */
    int64_t seen;
    if (id_map_get(d->seen, 0, id_key_number(id), &seen)) {
        d->places[seen].drawn |= lone;
        return 0;
    }
    if (grow((void **)&d->places, d->n_places, &d->cap_places, sizeof *d->places) != 0)
        return -1;
    struct map_place *p = &d->places[d->n_places];
    *p = (struct map_place){id, json_number_value(json_object_get(place, "lon")),
                            json_number_value(json_object_get(place, "lat")), place_title(place),
                            lone};
    if (!p->title)
        return -1;
    d->n_places++;
    return id_map_put(d->seen, 0, id_key_number(id), (int64_t)d->n_places - 1);
}

static const char *known_kind(const char *kind)
{
    for (int i = 0; kind && tr_kinds[i]; i++)
        if (strcmp(kind, tr_kinds[i]) == 0)
            return tr_kinds[i];
    return NULL;
}

static int add_arc(struct map_data *d, json_t *a, json_t *b, const char *kind,
                   const char *signed_on, const char *ended_on)
{
    if (grow((void **)&d->arcs, d->n_arcs, &d->cap_arcs, sizeof *d->arcs) != 0)
        return -1;
    struct map_arc *arc = &d->arcs[d->n_arcs];
    memset(arc, 0, sizeof *arc);
    arc->from = (int64_t)json_integer_value(json_object_get(a, "id"));
    arc->to = (int64_t)json_integer_value(json_object_get(b, "id"));
    snprintf(arc->signed_on, sizeof arc->signed_on, "%s", signed_on ? signed_on : "");
    snprintf(arc->ended_on, sizeof arc->ended_on, "%s", ended_on ? ended_on : "");
    arc->kind = known_kind(kind);
    arc->km = tr_geo_distance_km(
        json_number_value(json_object_get(a, "lat")), json_number_value(json_object_get(a, "lon")),
        json_number_value(json_object_get(b, "lat")), json_number_value(json_object_get(b, "lon")));
    d->n_arcs++;
    return 0;
}

/* One agreement: its located parties, and an arc between every two of them. */
static int add_agreement(struct map_data *d, tr_cursor *c, int col[4])
{
    json_t *places = json_loads(tr_cursor_text(c, col[3]), 0, NULL), *p, *q;
    const char *kind = tr_cursor_text(c, col[0]), *signed_on = tr_cursor_text(c, col[1]);
    const char *ended_on = tr_cursor_text(c, col[2]);
    size_t i, j, n_located = 0;
    int rc = places ? 0 : -1;
    json_array_foreach (places, i, p)
        n_located += (size_t)located(p);
    json_array_foreach (places, i, p) {
        rc = rc ? rc : add_place(d, p, n_located == 1);
        for (j = i + 1; !rc && located(p) && j < json_array_size(places); j++)
            if (located(q = json_array_get(places, j)))
                rc = add_arc(d, p, q, kind, signed_on, ended_on);
    }
    d->agreements++;
    d->without_arc += n_located < 2;
    json_decref(places);
    return rc;
}

/* The places by id (each is there once), and the unlocated counted once each. */
static void keep_each_once(struct map_data *d)
{
    id_map_free(d->seen);
    d->seen = NULL;
    if (d->n_places) /* qsort's array may not be NULL, even empty */
        qsort(d->places, d->n_places, sizeof *d->places, cmp_id);
    if (d->n_unlocated)
        qsort(d->unlocated, d->n_unlocated, sizeof *d->unlocated, cmp_id);
    size_t k = 0;
    for (size_t i = 0; i < d->n_unlocated; i++)
        if (!k || d->unlocated[k - 1] != d->unlocated[i])
            d->unlocated[k++] = d->unlocated[i];
    d->n_unlocated = k;
}

static int column(tr_cursor *c, const char *name)
{
    int n = tr_cursor_columns(c);
    for (int i = 0; i < n; i++)
        if (strcmp(tr_cursor_column_name(c, i), name) == 0)
            return i;
    return -1;
}

int map_data_read(tr_store *store, const int64_t *ids, size_t n, struct map_data *d, tr_error *err)
{
    tr_cursor *c;
    if (!(d->seen = id_map_new()))
        return tr_error_set(err, TR_IO, "cannot read the map: out of memory");
    if (tr_cursor_open(store, TR_Q_AGREEMENTS_WITH_PLACES, "cannot read the map", &c, err) != 0)
        return -1;
    /* kind, signed_on, ended_on, then the places: the query's last column. */
    int col[4] = {column(c, "kind"), column(c, "signed_on"), column(c, "ended_on"),
                  tr_cursor_columns(c) - 1};
    size_t next = 0;
    int rc = 0;
    while (next < n && (rc = tr_cursor_next(c, err)) == 1) {
        int64_t id = tr_cursor_int(c, 0);
        while (next < n && ids[next] < id)
            next++;
        if (next < n && ids[next] == id && add_agreement(d, c, col) != 0) {
            rc = tr_error_set(err, TR_IO, "cannot read the map: out of memory");
            break;
        }
    }
    tr_cursor_close(c);
    keep_each_once(d);
    return rc < 0 ? -1 : 0;
}

int map_data_titles(struct map_data *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct map_arc *arc = &d->arcs[i];
        const char *ta = map_data_place(d, arc->from)->title;
        const char *tb = map_data_place(d, arc->to)->title;
        if (!arc->title &&
            asprintf(&arc->title, "%s \u2013 %s: %s, %s%s%s%s", ta, tb, arc->kind ? arc->kind : "",
                     *arc->signed_on ? "signed " : "undated", arc->signed_on,
                     *arc->ended_on ? ", ended " : "", arc->ended_on) < 0) {
            arc->title = NULL;
            return -1;
        }
    }
    return 0;
}

struct map_place *map_data_place(const struct map_data *d, int64_t id)
{
    return !d->n_places ? NULL : bsearch(&id, d->places, d->n_places, sizeof *d->places, cmp_id);
}

void map_data_release(struct map_data *d)
{
    for (size_t i = 0; i < d->n_places; i++)
        free(d->places[i].title);
    for (size_t i = 0; i < d->n_arcs; i++)
        free(d->arcs[i].title);
    free(d->places), free(d->arcs), free(d->unlocated);
    id_map_free(d->seen);
    memset(d, 0, sizeof *d);
}
