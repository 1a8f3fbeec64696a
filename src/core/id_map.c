/* File-id map: open addressing with linear probing, text keys copied into an arena. */
#include "twinreg/core/id_map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64 * 1024)

typedef struct { /* 24 bytes: a million ids take 48 MB of slots at most */
    union {
        const char *text; /* numeric == 0 */
        int64_t number;   /* numeric == 1 */
    } key;
    int64_t value;
    uint32_t hash; /* 0: empty */
    int16_t kind, numeric;
} slot;

struct arena_block {
    struct arena_block *next;
    size_t used;
    char data[ARENA_BLOCK];
};

#define RUN_KINDS 8 /* kinds 0..7 may have runs (the importer's are 1..3) */

typedef struct {
    int64_t first, last;
} run;

typedef struct {
    run *runs; /* ascending, apart */
    size_t n, cap;
} run_list;

struct id_map {
    slot *slots;
    size_t cap, count;
    struct arena_block *arena;
    run_list same[RUN_KINDS];
};

/* 1 when `id` is in one of kind's runs (binary search). */
static int in_runs(const id_map *m, int kind, int64_t id)
{
    if (kind < 0 || kind >= RUN_KINDS)
        return 0;
    const run *r = m->same[kind].runs;
    size_t lo = 0, hi = m->same[kind].n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (id < r[mid].first)
            hi = mid;
        else if (id > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* Records id -> id in kind's runs when it comes after them all: 1 when recorded, 0 when
 * it must go in the slots, -1 when out of memory. */
static int add_to_runs(id_map *m, int kind, int64_t id)
{
    if (kind < 0 || kind >= RUN_KINDS)
        return 0;
    run_list *s = &m->same[kind];
    if (s->n && id <= s->runs[s->n - 1].last)
        return 0;
    if (s->n && id == s->runs[s->n - 1].last + 1) {
        s->runs[s->n - 1].last = id;
        return 1;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        run *grown = realloc(s->runs, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->runs = grown, s->cap = cap;
    }
    s->runs[s->n++] = (run){id, id};
    return 1;
}

id_key id_key_number(int64_t number) { return (id_key){NULL, number}; }

/* A text that an integer id would print as ("5", "-3"; not "05" nor "+5") is that number. */
id_key id_key_text(const char *text)
{
    const char *digits = text[0] == '-' ? text + 1 : text;
    if (digits[0] >= '1' && digits[0] <= '9' && strspn(digits, "0123456789") == strlen(digits) &&
        strlen(digits) <= 19) {
        errno = 0;
        long long n = strtoll(text, NULL, 10);
        if (errno == 0)
            return id_key_number(n);
    }
    return strcmp(text, "0") == 0 ? id_key_number(0) : (id_key){text, 0};
}

static uint32_t hash_of(int kind, id_key key)
{
    uint32_t h;
    if (key.text) {
        h = 2166136261u ^ (uint32_t)kind; /* FNV-1a */
        for (const unsigned char *p = (const unsigned char *)key.text; *p; p++)
            h = (h ^ *p) * 16777619u;
    } else { /* the finalizer of splitmix64: consecutive ids spread over the table */
        uint64_t x = (uint64_t)key.number ^ ((uint64_t)kind << 56);
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
        h = (uint32_t)(x ^ (x >> 31));
    }
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
    for (int k = 0; k < RUN_KINDS; k++)
        free(m->same[k].runs);
    free(m);
}

static int same_key(const slot *s, id_key key)
{
    return key.text ? !s->numeric && strcmp(s->key.text, key.text) == 0
                    : s->numeric && s->key.number == key.number;
}

static slot *find(const slot *slots, size_t cap, uint32_t hash, int kind, id_key key)
{
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        const slot *s = &slots[i];
        if (!s->hash || (s->hash == hash && s->kind == kind && same_key(s, key)))
            return (slot *)s;
    }
}

int id_map_get(const id_map *m, int kind, id_key key, int64_t *value)
{
    if (m->count) { /* the slots first: a later put may have replaced a run's value */
        const slot *s = find(m->slots, m->cap, hash_of(kind, key), kind, key);
        if (s->hash) {
            *value = s->value;
            return 1;
        }
    }
    if (key.text || !in_runs(m, kind, key.number))
        return 0;
    *value = key.number;
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
        if (m->slots[i].hash) /* slots hold distinct keys: the first free one of the probe */
            *find(slots, cap, m->slots[i].hash, -1, (id_key){NULL, 0}) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int id_map_put(id_map *m, int kind, id_key key, int64_t value)
{
    uint32_t hash = hash_of(kind, key);
    slot *s = find(m->slots, m->cap, hash, kind, key);
    /* An id to itself goes in the runs, unless the slots have it (their value wins). */
    if (!key.text && value == key.number && !s->hash) {
        int added = add_to_runs(m, kind, value);
        if (added != 0)
            return added < 0 ? -1 : 0;
    }
    if (!s->hash && (m->count + 1) * 4 > m->cap * 3) { /* load factor at most 3/4 */
        if (grow(m) != 0)
            return -1;
        s = find(m->slots, m->cap, hash, kind, key);
    }
    if (!s->hash) {
        slot fresh = {.hash = hash, .kind = (int16_t)kind, .numeric = !key.text};
        if (key.text && !(fresh.key.text = copy_key(m, key.text)))
            return -1;
        if (!key.text)
            fresh.key.number = key.number;
        *s = fresh;
        m->count++;
    }
    s->value = value;
    return 0;
}
