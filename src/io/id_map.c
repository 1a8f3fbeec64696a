/* File-id map: open addressing with linear probing, keys copied into an arena. */
#include "io/id_map.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)

typedef struct { /* 24 bytes: a million ids take 48 MB of slots at most */
    const char *key;
    int64_t value;
    uint32_t hash; /* 0: empty */
    int32_t kind;
} slot;

struct arena_block {
    struct arena_block *next;
    size_t used;
    char data[ARENA_BLOCK];
};

struct id_map {
    slot *slots;
    size_t cap, count;
    struct arena_block *arena;
};

static uint32_t hash_of(int kind, const char *key)
{
    uint32_t h = 2166136261u ^ (uint32_t)kind; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h ? h : 1;
}

id_map *id_map_new(void)
{
    id_map *m = calloc(1, sizeof *m);
    if (m && !(m->slots = calloc(m->cap = 1024, sizeof *m->slots))) {
        free(m);
        return NULL;
    }
    return m;
}

void id_map_free(id_map *m)
{
    if (!m)
        return;
    while (m->arena) {
        struct arena_block *next = m->arena->next;
        free(m->arena);
        m->arena = next;
    }
    free(m->slots);
    free(m);
}

static slot *find(const slot *slots, size_t cap, uint32_t hash, int kind, const char *key)
{
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        const slot *s = &slots[i];
        if (!s->hash || (s->hash == hash && s->kind == kind && strcmp(s->key, key) == 0))
            return (slot *)s;
    }
}

int id_map_get(const id_map *m, int kind, const char *key, int64_t *value)
{
    const slot *s = find(m->slots, m->cap, hash_of(kind, key), kind, key);
    if (!s->hash)
        return 0;
    *value = s->value;
    return 1;
}

static const char *copy_key(id_map *m, const char *key)
{
    size_t len = strlen(key) + 1;
    if (len > ARENA_BLOCK)
        return NULL;
    if (!m->arena || m->arena->used + len > ARENA_BLOCK) {
        struct arena_block *b = malloc(sizeof *b);
        if (!b)
            return NULL;
        b->next = m->arena;
        b->used = 0;
        m->arena = b;
    }
    char *copy = m->arena->data + m->arena->used;
    memcpy(copy, key, len);
    m->arena->used += len;
    return copy;
}

static int grow(id_map *m)
{
    size_t cap = m->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].hash)
            *find(slots, cap, m->slots[i].hash, m->slots[i].kind, m->slots[i].key) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int id_map_put(id_map *m, int kind, const char *key, int64_t value)
{
    if ((m->count + 1) * 4 > m->cap * 3 && grow(m) != 0) /* load factor at most 3/4 */
        return -1;
    uint32_t hash = hash_of(kind, key);
    slot *s = find(m->slots, m->cap, hash, kind, key);
    if (!s->hash) {
        const char *copy = copy_key(m, key);
        if (!copy)
            return -1;
        *s = (slot){copy, value, hash, kind};
        m->count++;
    }
    s->value = value;
    return 0;
}
