/* Candidate pairs of cities that are probably one: keys derived from each city's folded
 * name, sorted so that cities sharing a key sit together, and a score per kind of key. */
#include "twinreg/store/city.h"

#include "store/util.h"

#include "twinreg/core/fold.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a key is; a pair of cities matches when both have one key and their roles make one
 * of the rules below. */
enum role { FULL, WORDS, JOINED, PREFIX, ALIAS, WIKI, REFOLDED, SPELLED };

static const struct rule {
    enum role a, b;
    int score;
    const char *reason;
} rules[] = {
    /* A city whose name folds now to another's key, which it kept through the migration
     * refold_names (src/store/refold.c): one name, for certain, so listed first. */
    {FULL, REFOLDED, 110, "the same name past its diacritics"},
    {WIKI, WIKI, 100, "the same wikidata id"},
    {WORDS, WORDS, 90, "the same words in another order"},
    {JOINED, JOINED, 80, "the same letters, spaced otherwise"},
    {FULL, SPELLED, 75, "the same name with letters spelled out"}, /* Münster, Muenster */
    {FULL, ALIAS, 70, "a name of one is the other's other name"},
    {FULL, PREFIX, 60, "a name starts with the other"},
};

struct entry {
    char *key; /* "CC\t" and the derived key (a wikidata id alone) */
    int64_t city;
    enum role role;
};

struct city_row {
    int64_t id;
    char *name, *country;
};

struct pair {
    int64_t a, b; /* a < b */
    const struct rule *rule;
};

struct finder {
    struct entry *entries;
    size_t n, cap;
    struct city_row *cities;
    size_t n_cities, cap_cities;
    struct pair *pairs;
    size_t n_pairs, cap_pairs;
};

static int grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t wanted = *cap ? *cap * 2 : 256;
    void *grown = realloc(*items, wanted * size);
    if (!grown)
        return -1;
    *items = grown;
    *cap = wanted;
    return 0;
}

static int add_entry(struct finder *f, const char *country, const char *key, size_t len,
                     int64_t city, enum role role)
{
    if (grow((void **)&f->entries, &f->cap, f->n, sizeof *f->entries) != 0)
        return -1;
    size_t cc = country ? strlen(country) + 1 : 0;
    char *text = malloc(cc + len + 1);
    if (!text)
        return -1;
    if (country)
        snprintf(text, cc + 1, "%s\t", country);
    memcpy(text + cc, key, len);
    text[cc + len] = '\0';
    f->entries[f->n++] = (struct entry){text, city, role};
    return 0;
}

static int cmp_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The keys of one folded name: the whole, its words sorted, its letters without spaces,
 * and each run of its first words (when it has more than one). */
static int add_name_keys(struct finder *f, const char *country, const char *key, int64_t city)
{
    char copy[1024], sorted[1024], joined[1024];
    snprintf(copy, sizeof copy, "%s", key);
    char *words[64];
    size_t n = 0, jlen = 0;
    for (char *w = strtok(copy, " "); w && n < 64; w = strtok(NULL, " "))
        words[n++] = w;
    if (add_entry(f, country, key, strlen(key), city, FULL) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        size_t wl = strlen(words[i]);
        memcpy(joined + jlen, words[i], wl);
        jlen += wl;
    }
    if (add_entry(f, country, joined, jlen, city, JOINED) != 0)
        return -1;
    if (n < 2)
        return 0;
    /* The prefixes: lengths of the first 1..n-1 words within the key itself. */
    size_t offset = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        offset += strlen(words[i]) + (i ? 1 : 0);
        if (add_entry(f, country, key, offset, city, PREFIX) != 0)
            return -1;
    }
    qsort(words, n, sizeof *words, cmp_words);
    size_t slen = 0;
    for (size_t i = 0; i < n; i++)
        slen +=
            (size_t)snprintf(sorted + slen, sizeof sorted - slen, "%s%s", i ? " " : "", words[i]);
    return add_entry(f, country, sorted, slen, city, WORDS);
}

/* The keys a city's name has besides its stored one: the key it folds to now, when it
 * kept an older one (the migration refold_names), and its spelled-out fold (ü as ue). */
static int add_other_keys(struct finder *f, const char *country, const char *name,
                          const char *stored, int64_t city)
{
    char key[1024], spelled[1024];
    if (tr_fold_into(name, key, sizeof key) != 0 || !*key)
        return 0;
    if (strcmp(key, stored) != 0 && add_entry(f, country, key, strlen(key), city, REFOLDED) != 0)
        return -1;
    if (tr_fold_spelled_into(name, spelled, sizeof spelled) != 0 || strcmp(spelled, key) == 0)
        return 0;
    return add_entry(f, country, spelled, strlen(spelled), city, SPELLED);
}

/* Ends a read loop: stopped on a row (memory ran out), failed, or done. */
static int finish(tr_store *store, st_stmt *stmt, int rc, const char *what, tr_error *err)
{
    if (rc == ST_ROW)
        tr_error_set(err, TR_IO, "out of memory");
    else if (rc != ST_DONE)
        st_fail(store, what, err);
    st_finalize(stmt);
    return rc == ST_DONE ? 0 : -1;
}

static int read_cities(tr_store *store, struct finder *f, const char *alpha2, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store,
                                    "SELECT id, name, country, name_key, wikidata FROM cities "
                                    "WHERE CAST(?1 AS TEXT) IS NULL OR country = ?1 ORDER BY id",
                                    err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, alpha2);
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        int64_t id = st_column_int64(stmt, 0);
        const char *country = st_column_text(stmt, 2);
        if (grow((void **)&f->cities, &f->cap_cities, f->n_cities, sizeof *f->cities) != 0)
            break;
        struct city_row *c = &f->cities[f->n_cities++];
        c->id = id;
        c->name = strdup(st_column_text(stmt, 1));
        c->country = strdup(country);
        const char *wikidata = st_column_type(stmt, 4) == ST_NULL ? NULL : st_column_text(stmt, 4);
        if (!c->name || !c->country ||
            add_name_keys(f, country, st_column_text(stmt, 3), id) != 0 ||
            add_other_keys(f, country, c->name, st_column_text(stmt, 3), id) != 0 ||
            (wikidata && add_entry(f, NULL, wikidata, strlen(wikidata), id, WIKI) != 0))
            break;
    }
    if (finish(store, stmt, rc, "cannot read the cities", err) != 0)
        return -1;
    stmt = st_prepare_once(store,
                           "SELECT a.city_id, c.country, a.name_key FROM city_aliases a "
                           "JOIN cities c ON c.id = a.city_id "
                           "WHERE CAST(?1 AS TEXT) IS NULL OR c.country = ?1",
                           err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, alpha2);
    while ((rc = st_step(stmt)) == ST_ROW) {
        const char *key = st_column_text(stmt, 2);
        if (add_entry(f, st_column_text(stmt, 1), key, strlen(key), st_column_int64(stmt, 0),
                      ALIAS) != 0)
            break;
    }
    return finish(store, stmt, rc, "cannot read the cities' names", err);
}

static int cmp_entries(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->city > y->city) - (x->city < y->city);
}

static const struct rule *rule_of(enum role a, enum role b)
{
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
        if ((rules[i].a == a && rules[i].b == b) || (rules[i].a == b && rules[i].b == a))
            return &rules[i];
    return NULL;
}

static int find_pairs(struct finder *f)
{
    if (f->n == 0)
        return 0;
    qsort(f->entries, f->n, sizeof *f->entries, cmp_entries);
    for (size_t start = 0, end; start < f->n; start = end) {
        for (end = start + 1; end < f->n && strcmp(f->entries[end].key, f->entries[start].key) == 0;
             end++)
            ;
        for (size_t i = start; i < end; i++)
            for (size_t j = i + 1; j < end; j++) {
                const struct entry *x = &f->entries[i], *y = &f->entries[j];
                const struct rule *r = x->city == y->city ? NULL : rule_of(x->role, y->role);
                if (!r)
                    continue;
                if (grow((void **)&f->pairs, &f->cap_pairs, f->n_pairs, sizeof *f->pairs) != 0)
                    return -1;
                f->pairs[f->n_pairs++] = (struct pair){x->city < y->city ? x->city : y->city,
                                                       x->city < y->city ? y->city : x->city, r};
            }
    }
    return 0;
}

/* By the pair, its best rule first: the first of a run is the one kept. */
static int cmp_ids(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->a != y->a)
        return (x->a > y->a) - (x->a < y->a);
    if (x->b != y->b)
        return (x->b > y->b) - (x->b < y->b);
    return y->rule->score - x->rule->score;
}

/* Most likely first, then by the ids. */
static int cmp_pairs(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->rule->score != y->rule->score)
        return y->rule->score - x->rule->score;
    if (x->a != y->a)
        return (x->a > y->a) - (x->a < y->a);
    return (x->b > y->b) - (x->b < y->b);
}

static const struct city_row *city_of(const struct finder *f, int64_t id)
{
    size_t lo = 0, hi = f->n_cities;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (f->cities[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &f->cities[lo];
}

/* Hands each pair (its best reason only) to fn. */
static int emit(struct finder *f, tr_row_fn fn, void *ctx, tr_error *err)
{
    if (f->n_pairs == 0)
        return 0;
    qsort(f->pairs, f->n_pairs, sizeof *f->pairs, cmp_ids);
    size_t kept = 0;
    for (size_t i = 0; i < f->n_pairs; i++)
        if (kept == 0 || f->pairs[kept - 1].a != f->pairs[i].a ||
            f->pairs[kept - 1].b != f->pairs[i].b)
            f->pairs[kept++] = f->pairs[i];
    f->n_pairs = kept;
    qsort(f->pairs, f->n_pairs, sizeof *f->pairs, cmp_pairs);
    for (size_t i = 0; i < f->n_pairs; i++) {
        const struct pair *p = &f->pairs[i];
        const struct city_row *a = city_of(f, p->a), *b = city_of(f, p->b);
        json_t *row = json_pack("{s:i,s:s,s:I,s:s,s:s,s:I,s:s,s:s}", "score", p->rule->score,
                                "reason", p->rule->reason, "id1", (json_int_t)a->id, "name1",
                                a->name, "country1", a->country, "id2", (json_int_t)b->id, "name2",
                                b->name, "country2", b->country);
        if (!row)
            return tr_error_set(err, TR_IO, "out of memory");
        int rc = fn(row, ctx);
        json_decref(row);
        if (rc != 0)
            return -1; /* the caller's output said why */
    }
    return 0;
}

int tr_city_duplicates(tr_store *store, const char *alpha2, tr_row_fn fn, void *ctx, tr_error *err)
{
    struct finder f = {0};
    int rc = read_cities(store, &f, alpha2, err);
    if (rc == 0 && find_pairs(&f) != 0)
        rc = tr_error_set(err, TR_IO, "out of memory");
    if (rc == 0)
        rc = emit(&f, fn, ctx, err);
    for (size_t i = 0; i < f.n; i++)
        free(f.entries[i].key);
    for (size_t i = 0; i < f.n_cities; i++)
        free(f.cities[i].name), free(f.cities[i].country);
    free(f.entries), free(f.cities), free(f.pairs);
    return rc;
}
