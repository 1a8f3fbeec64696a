/* A sorted index of folded country names: lookup that tells a name of two countries
 * (ambiguous) from a name of one, and the closest name by edit distance for suggestions. */
#include "core/country_index.h"

#include "twinreg/core/fold.h"

#include <stdlib.h>
#include <string.h>

struct cx_entry {
    char *folded;
    const char *name; /* as written, for a suggestion */
    const struct tr_country *country;
};

int cx_add(struct cx_index *ix, const char *name, const struct tr_country *country)
{
    if (!name || !country)
        return 0;
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 512;
        struct cx_entry *e = realloc(ix->e, cap * sizeof *e);
        if (!e)
            return -1;
        ix->e = e, ix->cap = cap;
    }
    char *f = tr_fold(name);
    if (!f)
        return -1;
    if (!*f) {
        free(f);
        return 0;
    }
    ix->e[ix->n++] = (struct cx_entry){f, name, country};
    return 0;
}

static int by_folded(const void *a, const void *b)
{
    const struct cx_entry *x = a, *y = b;
    return strcmp(x->folded, y->folded);
}

void cx_sort(struct cx_index *ix)
{
    if (ix->n) /* an empty index has no array, and qsort's may not be NULL */
        qsort(ix->e, ix->n, sizeof *ix->e, by_folded);
    ix->built = 1;
}

void cx_release(struct cx_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        free(ix->e[i].folded);
    free(ix->e);
    *ix = (struct cx_index){0};
}

struct cx_match cx_find(const struct cx_index *ix, const char *folded)
{
    struct cx_match m = {0};
    size_t lo = 0, hi = ix->n;
    while (lo < hi) { /* the first entry not below `folded` */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->e[mid].folded, folded) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ix->n && strcmp(ix->e[i].folded, folded) == 0; i++) {
        if (!m.country)
            m.country = ix->e[i].country;
        else if (ix->e[i].country != m.country && !m.other)
            m.other = ix->e[i].country;
    }
    return m;
}

/* Levenshtein distance of a and b, or more than `limit` (then not exact). */
static size_t distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit || lb >= 256)
        return limit + 1;
    size_t row[256];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], cost = diag + (a[i - 1] != b[j - 1]);
            row[j] = cost < up + 1 ? cost : up + 1;
            if (row[j - 1] + 1 < row[j])
                row[j] = row[j - 1] + 1;
            diag = up;
            if (row[j] < best)
                best = row[j];
        }
        if (best > limit)
            return limit + 1;
    }
    return row[lb];
}

const char *cx_nearest(const struct cx_index *ix, const char *folded)
{
    /* A third of the name, at most 3: "grece" -> "greece", but not "mexic" -> "benin". */
    size_t limit = strlen(folded) / 3;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    for (size_t i = 0; i < ix->n && limit > 0; i++) {
        size_t d = distance(folded, ix->e[i].folded, limit);
        if (d <= limit && (!best || d < limit))
            best = ix->e[i].name, limit = d;
    }
    return best;
}
