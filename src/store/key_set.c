/* Natural-key hashes of an import: open addressing with linear probing. Equal hashes sit
 * in one probe run, so a lookup walks the run from the hash's slot to the first empty. */
#include "store/key_set.h"

#include <stdlib.h>

typedef struct {
    uint64_t hash; /* 0: empty */
    int64_t id;
} entry;

struct key_set {
    entry *entries;
    size_t cap, count;
};

static uint64_t stored(uint64_t hash) { return hash ? hash : 1; }

key_set *key_set_new(void)
{
    key_set *s = calloc(1, sizeof *s);
    if (s && !(s->entries = calloc(s->cap = 1024, sizeof *s->entries))) {
        free(s);
        return NULL;
    }
    return s;
}

void key_set_free(key_set *s)
{
    if (!s)
        return;
    free(s->entries);
    free(s);
}

static void place(entry *entries, size_t cap, entry e)
{
    size_t i = e.hash & (cap - 1);
    while (entries[i].hash)
        i = (i + 1) & (cap - 1);
    entries[i] = e;
}

int key_set_add(key_set *s, uint64_t hash, int64_t id)
{
    if ((s->count + 1) * 4 > s->cap * 3) { /* load factor at most 3/4 */
        entry *grown = calloc(s->cap * 2, sizeof *grown);
        if (!grown)
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->entries[i].hash)
                place(grown, s->cap * 2, s->entries[i]);
        free(s->entries);
        s->entries = grown;
        s->cap *= 2;
    }
    place(s->entries, s->cap, (entry){stored(hash), id});
    s->count++;
    return 0;
}

int key_set_next(const key_set *s, uint64_t hash, size_t *cursor, int64_t *id)
{
    hash = stored(hash);
    /* *cursor counts the slots of the run already walked. */
    for (size_t i = (hash + *cursor) & (s->cap - 1); s->entries[i].hash;
         i = (i + 1) & (s->cap - 1)) {
        ++*cursor;
        if (s->entries[i].hash == hash) {
            *id = s->entries[i].id;
            return 1;
        }
    }
    return 0;
}
