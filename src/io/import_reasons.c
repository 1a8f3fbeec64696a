/* Invalid records grouped by reason: a linear table with each reason's hash beside it,
 * enough for the few hundred reasons a real list has. */
#include "io/import_reasons.h"

#include <stdlib.h>
#include <string.h>

/* "unknown country 'X': give an ISO 3166-1 code ..." groups as "unknown country 'X'":
 * the advice is the same on every row, the value is what differs. */
static size_t key_length(const char *reason)
{
    const char *advice = strstr(reason, "': ");
    return advice ? (size_t)(advice - reason) + 1 : strlen(reason);
}

static unsigned long hash(const char *s, size_t n)
{
    unsigned long h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int grow(reason_groups *g)
{
    size_t cap = g->cap ? g->cap * 2 : 16;
    tr_import_reason *groups = realloc(g->groups, cap * sizeof *groups);
    if (!groups)
        return -1;
    g->groups = groups;
    unsigned long *hashes = realloc(g->hashes, cap * sizeof *hashes);
    if (!hashes)
        return -1;
    g->hashes = hashes;
    g->cap = cap;
    return 0;
}

void reasons_add(reason_groups *g, const char *reason)
{
    size_t len = key_length(reason);
    unsigned long h = hash(reason, len);
    for (size_t i = 0; i < g->n; i++)
        if (g->hashes[i] == h && strlen(g->groups[i].reason) == len &&
            memcmp(g->groups[i].reason, reason, len) == 0) {
            g->groups[i].records++;
            return;
        }
    char *copy = NULL;
    /* Out of memory or room: the record is still counted, under no reason. */
    if (g->n == REASON_GROUPS_MAX || (g->n == g->cap && grow(g) != 0) ||
        !(copy = malloc(len + 1))) {
        g->other++;
        return;
    }
    memcpy(copy, reason, len);
    copy[len] = '\0';
    g->hashes[g->n] = h;
    g->groups[g->n++] = (tr_import_reason){copy, 1};
}

static int larger_first(const void *a, const void *b)
{
    const tr_import_reason *x = a, *y = b;
    if (x->records != y->records)
        return x->records < y->records ? 1 : -1;
    return strcmp(x->reason, y->reason);
}

void reasons_sort(reason_groups *g)
{
    if (!g->n)
        return;
    qsort(g->groups, g->n, sizeof *g->groups, larger_first);
    for (size_t i = 0; i < g->n; i++) /* each hash follows its reason */
        g->hashes[i] = hash(g->groups[i].reason, strlen(g->groups[i].reason));
}

void reasons_clear(reason_groups *g)
{
    for (size_t i = 0; i < g->n; i++)
        free((char *)g->groups[i].reason);
    free(g->groups);
    free(g->hashes);
    *g = (reason_groups){0};
}
