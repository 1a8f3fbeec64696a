/* New cities of a load into a server's registry that had no city: matched by their keys in
 * memory and written by COPY, a batch at a time, instead of five round trips each (a
 * savepoint, a lookup, a check of the keys, the insert, a release): 10k cities were 50k
 * round trips, a third of an import of 100k agreements. Every city of the registry is in
 * memory while it is held, so a lookup there is as good as the database's; whatever
 * changes cities otherwise ends the holding first (tr_bulk_release_cities). */
#include "store/bulk_parts.h"
#include "store/city_parts.h"
#include "store/copy_text.h"
#include "store/id_counter.h"
#include "store/text_pool.h"
#include "store/util.h"

#include "twinreg/core/fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COPY_ROWS 2048
#define MAX_ALIASES 64 /* of a city, as an import takes them */

/* A key ("n" folded name, tab, country; or "w" wikidata id) and the city that has it.
 * Towns of one name (city_twins.c) are chained, the newest in the slot. */
struct key_entry {
    uint64_t hash;
    size_t text; /* offset in keys_text */
    int64_t id;
    size_t region_key, wikidata; /* of a name's city, in keys_text */
    uint32_t next;               /* the name's older town: index + 1; 0 for none */
    int chained;                 /* an older town: reached through `next`, not a slot */
};

struct queued_city {
    int64_t id;
    size_t name, key, country, region, wikidata, twin; /* offsets in texts */
    int has_coords;
    double lat, lon;
    size_t first_alias, n_aliases;
};

struct queued_alias {
    size_t name, key, lang;
};

struct tr_city_batch {
    tr_store *store;
    /* The keys: open addressing over `entries` (slot value: index + 1; 0 is empty). */
    uint32_t *slots;
    size_t n_slots;
    struct key_entry *entries;
    size_t n_entries, cap_entries;
    st_text_pool keys_text;
    /* The queue. */
    struct queued_city rows[COPY_ROWS];
    size_t n;
    struct queued_alias *aliases;
    size_t n_aliases, cap_aliases;
    st_text_pool texts;
    st_copy_rows copy;
    int no_copy; /* the engine refused COPY (row security): INSERTs */
    /* What st_city_batch_check derived from the fields it was given last, which
     * st_city_batch_add takes for the same fields instead of folding them again. */
    struct {
        const tr_city_fields *fields;
        char key[ST_CITY_KEY_CAP], region_key[ST_CITY_KEY_CAP];
        const char *alpha2;
    } checked;
};

static uint64_t hash_of(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of `key`: its entry's, or the empty one where it would go. */
static size_t slot_of(const tr_city_batch *b, const char *key, uint64_t hash)
{
    size_t mask = b->n_slots - 1, i = (size_t)hash & mask;
    for (;; i = (i + 1) & mask) {
        uint32_t e = b->slots[i];
        if (!e)
            return i;
        const struct key_entry *entry = &b->entries[e - 1];
        if (entry->hash == hash && strcmp(st_text_pool_at(&b->keys_text, entry->text), key) == 0)
            return i;
    }
}

static const struct key_entry *find_entry(const tr_city_batch *b, const char *key)
{
    uint32_t e = b->slots[slot_of(b, key, hash_of(key))];
    return e ? &b->entries[e - 1] : NULL;
}

static int64_t find_key(const tr_city_batch *b, const char *key)
{
    const struct key_entry *entry = find_entry(b, key);
    return entry ? entry->id : 0;
}

static const char *key_text(const tr_city_batch *b, size_t offset)
{
    return st_text_pool_at(&b->keys_text, offset);
}

static int grow_slots(tr_city_batch *b)
{
    size_t n = b->n_slots ? b->n_slots * 2 : 1024;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    free(b->slots);
    b->slots = slots, b->n_slots = n;
    for (size_t e = 0; e < b->n_entries; e++) {
        if (b->entries[e].chained)
            continue;
        size_t i = (size_t)b->entries[e].hash & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)(e + 1);
    }
    return 0;
}

/* A name's key also keeps the city's folded region and wikidata id (NULL for a "w" key). */
static int add_key(tr_city_batch *b, const char *key, int64_t id, const char *region_key,
                   const char *wikidata)
{
    if ((b->n_entries + 1) * 2 > b->n_slots && grow_slots(b) != 0)
        return -1;
    if (b->n_entries == b->cap_entries) {
        size_t cap = b->cap_entries ? b->cap_entries * 2 : 1024;
        struct key_entry *grown = realloc(b->entries, cap * sizeof *grown);
        if (!grown)
            return -1;
        b->entries = grown, b->cap_entries = cap;
    }
    uint64_t hash = hash_of(key);
    size_t slot = slot_of(b, key, hash);
    struct key_entry *entry = &b->entries[b->n_entries];
    if (st_text_pool_keep(&b->keys_text, key, &entry->text) != 0 ||
        st_text_pool_keep(&b->keys_text, region_key, &entry->region_key) != 0 ||
        st_text_pool_keep(&b->keys_text, wikidata, &entry->wikidata) != 0)
        return -1;
    entry->hash = hash, entry->id = id, entry->chained = 0;
    entry->next = b->slots[slot]; /* another town of this name, or 0 */
    if (entry->next)
        b->entries[entry->next - 1].chained = 1;
    b->slots[slot] = (uint32_t)++b->n_entries;
    return 0;
}

/* The keys of a city as the map holds them (ST_CITY_KEY_CAP + 8 bytes each). */
#define KEY_TEXT_CAP (ST_CITY_KEY_CAP + 8)
static void natural_text(char *out, const char *key, const char *alpha2)
{
    snprintf(out, KEY_TEXT_CAP, "n%s\t%s", key, alpha2);
}

static void wikidata_text(char *out, const char *wikidata)
{
    snprintf(out, KEY_TEXT_CAP, "w%s", wikidata);
}

int st_city_batch_begin(tr_store *store, tr_city_batch **batch, tr_error *err)
{
    *batch = NULL;
    if (!st_engine_of(store)->copy_in)
        return 0; /* SQLite: a lookup costs no round trip */
    /* Reading the empty table makes a concurrent load of cities a serialization failure
     * (retried); the unique indexes stay the last guard. */
    int any = st_exists_id(store, "SELECT 1 FROM cities LIMIT 1", 0, err);
    if (any != 0)
        return any < 0 ? -1 : 0;
    if (!(*batch = calloc(1, sizeof **batch)) || grow_slots(*batch) != 0) {
        st_city_batch_free(*batch);
        *batch = NULL;
        return tr_error_set(err, TR_IO, "out of memory");
    }
    (*batch)->store = store;
    return 0;
}

void st_city_batch_free(tr_city_batch *b)
{
    if (!b)
        return;
    free(b->slots);
    free(b->entries);
    st_text_pool_free(&b->keys_text);
    free(b->aliases);
    st_text_pool_free(&b->texts);
    st_copy_free(&b->copy);
    free(b);
}

/* The towns of a name, oldest last. */
static const struct key_entry *next_town(const tr_city_batch *b, const struct key_entry *e)
{
    return e->next ? &b->entries[e->next - 1] : NULL;
}

int st_city_batch_find(tr_city_batch *b, const char *name, const char *alpha2, const char *region,
                       const char *wikidata, int64_t *id, tr_error *err)
{
    char folded[ST_CITY_KEY_CAP], region_key[ST_CITY_KEY_CAP], text[KEY_TEXT_CAP];
    *id = 0;
    if (wikidata) {
        wikidata_text(text, wikidata);
        if ((*id = find_key(b, text)) != 0)
            return 0;
    }
    if (!name)
        return 0;
    if (tr_fold_into(name, folded, sizeof folded) != 0)
        return tr_error_set(err, TR_REJECTED, "invalid city name '%s'", name);
    if (st_city_region_key(region, region_key, err) != 0)
        return -1;
    natural_text(text, folded, alpha2);
    st_twin_match m;
    st_twin_match_init(&m, region_key, wikidata);
    for (const struct key_entry *e = find_entry(b, text); e; e = next_town(b, e))
        st_twin_match_add(&m, e->id, key_text(b, e->region_key), key_text(b, e->wikidata));
    return st_twin_match_end(&m, name, alpha2, id, err);
}

/* The folded name and region and the country's code of `f`, from the last check when it
 * was of these fields; the check's own copy otherwise. */
static int derive(tr_city_batch *b, const tr_city_fields *f, tr_error *err)
{
    if (b->checked.fields == f)
        return 0;
    b->checked.fields = NULL;
    if (st_city_check_new(f, b->checked.key, &b->checked.alpha2, err) != 0 ||
        st_city_region_key(f->region, b->checked.region_key, err) != 0)
        return -1;
    b->checked.fields = f;
    return 0;
}

int st_city_batch_check(tr_city_batch *b, const tr_city_fields *f, tr_error *err)
{
    b->checked.fields = NULL; /* checked anew: the caller may have changed them */
    if (derive(b, f, err) != 0)
        return -1;
    const char *key = b->checked.key, *region_key = b->checked.region_key;
    char text[KEY_TEXT_CAP];
    natural_text(text, key, b->checked.alpha2);
    int64_t other = 0;
    for (const struct key_entry *e = find_entry(b, text); e && !other; e = next_town(b, e))
        if (!st_city_told_apart(region_key, f->wikidata, key_text(b, e->region_key),
                                key_text(b, e->wikidata)))
            other = e->id;
    if (!other && f->wikidata) {
        wikidata_text(text, f->wikidata);
        other = find_key(b, text);
    }
    /* As check_unique words it (city.c), without the other's name: the caller looked
     * the city up by these keys first, so this is a guard only. */
    return other ? tr_error_set(err, TR_REJECTED, "duplicate city: city %lld has the same keys",
                                (long long)other)
                 : 0;
}

/* The aliases of the city queued last; a name given twice keeps its last language, as
 * an INSERT ... ON CONFLICT does. */
static int queue_aliases(tr_city_batch *b, struct queued_city *q, const tr_city_fields *f,
                         tr_error *err)
{
    q->first_alias = b->n_aliases;
    q->n_aliases = 0;
    for (size_t i = 0; i < f->n_aliases; i++) {
        int later = 0;
        for (size_t j = i + 1; j < f->n_aliases && !later; j++)
            later = strcmp(f->aliases[i].name, f->aliases[j].name) == 0;
        if (later)
            continue;
        char key[ST_CITY_KEY_CAP];
        if (st_city_alias_key(&f->aliases[i], key, err) != 0)
            return -1;
        if (b->n_aliases == b->cap_aliases) {
            size_t cap = b->cap_aliases ? b->cap_aliases * 2 : 256;
            struct queued_alias *grown = realloc(b->aliases, cap * sizeof *grown);
            if (!grown)
                return tr_error_set(err, TR_IO, "out of memory");
            b->aliases = grown, b->cap_aliases = cap;
        }
        struct queued_alias *a = &b->aliases[b->n_aliases];
        if (st_text_pool_keep(&b->texts, f->aliases[i].name, &a->name) != 0 ||
            st_text_pool_keep(&b->texts, key, &a->key) != 0 ||
            st_text_pool_keep(&b->texts, f->aliases[i].lang, &a->lang) != 0)
            return tr_error_set(err, TR_IO, "out of memory");
        b->n_aliases++, q->n_aliases++;
    }
    return 0;
}

int st_city_batch_add(tr_city_batch *b, int64_t id, const tr_city_fields *f, tr_error *err)
{
    if (b->n == COPY_ROWS && st_city_batch_flush(b, err) != 0)
        return -1;
    char text[KEY_TEXT_CAP], twin[ST_TWIN_KEY_CAP];
    if (f->n_aliases > MAX_ALIASES)
        return tr_error_set(err, TR_REJECTED, "a city has at most %d aliases", MAX_ALIASES);
    if (derive(b, f, err) != 0 || st_city_twin_key(f->region, f->wikidata, twin, err) != 0)
        return -1;
    b->checked.fields = NULL; /* the next fields may sit at the same address */
    const char *key = b->checked.key, *region_key = b->checked.region_key;
    const char *alpha2 = b->checked.alpha2;
    struct queued_city *q = &b->rows[b->n];
    q->id = id;
    q->has_coords = f->has_coords, q->lat = f->lat, q->lon = f->lon;
    if (st_text_pool_keep(&b->texts, f->name, &q->name) != 0 ||
        st_text_pool_keep(&b->texts, key, &q->key) != 0 ||
        st_text_pool_keep(&b->texts, alpha2, &q->country) != 0 ||
        st_text_pool_keep(&b->texts, f->region, &q->region) != 0 ||
        st_text_pool_keep(&b->texts, f->wikidata, &q->wikidata) != 0 ||
        st_text_pool_keep(&b->texts, twin, &q->twin) != 0)
        return tr_error_set(err, TR_IO, "out of memory");
    if (queue_aliases(b, q, f, err) != 0)
        return -1;
    natural_text(text, key, alpha2);
    int failed = add_key(b, text, id, region_key, f->wikidata);
    if (f->wikidata) {
        wikidata_text(text, f->wikidata);
        failed |= add_key(b, text, id, NULL, NULL);
    }
    if (failed)
        return tr_error_set(err, TR_IO, "out of memory");
    st_ids_kept(b->store, "cities", id); /* the importer numbered it, not the engine */
    b->n++;
    return 0;
}

static const char *text_at(const tr_city_batch *b, size_t offset)
{
    return st_text_pool_at(&b->texts, offset);
}

/* The queued cities by COPY: 0, 1 when the engine will not load the table so, -1. */
static int copy_cities(tr_city_batch *b, tr_error *err)
{
    st_copy_clear(&b->copy);
    int failed = 0;
    for (size_t r = 0; r < b->n; r++) {
        const struct queued_city *q = &b->rows[r];
        failed |= st_copy_int(&b->copy, q->id, 0) | st_copy_text(&b->copy, text_at(b, q->name), 0) |
                  st_copy_text(&b->copy, text_at(b, q->key), 0) |
                  st_copy_text(&b->copy, text_at(b, q->country), 0) |
                  st_copy_text(&b->copy, text_at(b, q->region), 0);
        if (q->has_coords)
            failed |= st_copy_double(&b->copy, q->lat, 0) | st_copy_double(&b->copy, q->lon, 0);
        else
            failed |= st_copy_text(&b->copy, NULL, 0) | st_copy_text(&b->copy, NULL, 0);
        failed |= st_copy_text(&b->copy, text_at(b, q->wikidata), 0) |
                  st_copy_text(&b->copy, text_at(b, q->twin), 1);
    }
    if (failed)
        return tr_error_set(err, TR_IO, "out of memory");
    return st_engine_of(b->store)->copy_in(
        b->store, "cities (id, name, name_key, country, region, lat, lon, wikidata, twin_key)",
        b->copy.data, b->copy.len, err);
}

static int copy_aliases(tr_city_batch *b, tr_error *err)
{
    st_copy_clear(&b->copy);
    int failed = 0;
    for (size_t r = 0; r < b->n; r++) {
        const struct queued_city *q = &b->rows[r];
        for (size_t i = q->first_alias; i < q->first_alias + q->n_aliases; i++) {
            const struct queued_alias *a = &b->aliases[i];
            failed |= st_copy_int(&b->copy, q->id, 0) |
                      st_copy_text(&b->copy, text_at(b, a->name), 0) |
                      st_copy_text(&b->copy, text_at(b, a->key), 0) |
                      st_copy_text(&b->copy, text_at(b, a->lang), 1);
        }
    }
    if (failed)
        return tr_error_set(err, TR_IO, "out of memory");
    if (b->copy.len == 0)
        return 0;
    return st_engine_of(b->store)->copy_in(b->store, "city_aliases (city_id, name, name_key, lang)",
                                           b->copy.data, b->copy.len, err);
}

/* Where the engine will not COPY: each city with its aliases by INSERTs, or, when the
 * cities went in by COPY, only their aliases. */
static int insert_each(tr_city_batch *b, int cities_written, tr_error *err)
{
    tr_alias aliases[MAX_ALIASES];
    for (size_t r = 0; r < b->n; r++) {
        const struct queued_city *q = &b->rows[r];
        tr_city_fields f = {.name = text_at(b, q->name),
                            .region = text_at(b, q->region),
                            .wikidata = text_at(b, q->wikidata),
                            .has_coords = q->has_coords,
                            .lat = q->lat,
                            .lon = q->lon,
                            .aliases = aliases,
                            .n_aliases = q->n_aliases};
        for (size_t i = 0; i < q->n_aliases; i++) {
            const struct queued_alias *a = &b->aliases[q->first_alias + i];
            aliases[i] = (tr_alias){text_at(b, a->name), text_at(b, a->lang)};
        }
        int64_t id;
        int rc = cities_written ? st_city_add_aliases(b->store, q->id, aliases, q->n_aliases, err)
                                : st_city_insert(b->store, &f, text_at(b, q->key),
                                                 text_at(b, q->country), q->id, &id, err);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int st_city_batch_flush(tr_city_batch *b, tr_error *err)
{
    if (!b || b->n == 0)
        return 0;
    int rc = b->no_copy ? 1 : copy_cities(b, err);
    if (rc == 1)
        b->no_copy = 1, rc = insert_each(b, 0, err);
    else if (rc == 0 && (rc = copy_aliases(b, err)) == 1)
        rc = insert_each(b, 1, err);
    b->n = b->n_aliases = 0;
    st_text_pool_clear(&b->texts);
    return rc;
}
