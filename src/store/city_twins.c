/* Two towns of one name in one country (Nienburg/Weser and Nienburg (Saale)): what tells
 * them apart, the key the unique index holds, and which of them a party names. */
#include "store/city_parts.h"
#include "store/util.h"

#include "twinreg/core/fold.h"

#include <stdio.h>
#include <string.h>

/* A region with no letter or digit folds to "": it says nothing. */
int st_city_region_key(const char *region, char *out, tr_error *err)
{
    *out = '\0';
    if (region && tr_fold_into(region, out, ST_CITY_KEY_CAP) != 0)
        return tr_error_set(err, TR_IO, "cannot fold region '%s'", region);
    return 0;
}

static int differ(const char *a, const char *b) { return a && *a && b && *b && strcmp(a, b); }

/* Never merge two towns the input tells apart; never split one because a list omits
 * its region. */
int st_city_told_apart(const char *region_a, const char *wikidata_a, const char *region_b,
                       const char *wikidata_b)
{
    return differ(wikidata_a, wikidata_b) || differ(region_a, region_b);
}

int st_city_twin_key(const char *region, const char *wikidata, char *out, tr_error *err)
{
    char folded[ST_CITY_KEY_CAP];
    if (wikidata)
        return snprintf(out, ST_TWIN_KEY_CAP, "%s", wikidata), 0;
    if (st_city_region_key(region, folded, err) != 0)
        return -1;
    snprintf(out, ST_TWIN_KEY_CAP, "%s%s", *folded ? "r:" : "", folded);
    return 0;
}

/* Each city of name `key` in `alpha2` but `self`, with its folded region and wikidata id;
 * `fn` returns nonzero to stop. */
typedef int (*twin_fn)(void *ctx, int64_t id, const char *name, const char *region,
                       const char *region_key, const char *wikidata);

static int each_twin(tr_store *store, int64_t self, const char *key, const char *alpha2, twin_fn fn,
                     void *ctx, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT id, name, region, wikidata FROM cities WHERE name_key = ?1 "
                                "AND country = ?2 AND id <> ?3 ORDER BY id",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key);
    st_bind_text(stmt, 2, alpha2);
    st_bind_int64(stmt, 3, self);
    int rc, stop = 0;
    while (!stop && (rc = st_step(stmt)) == ST_ROW) {
        char folded[ST_CITY_KEY_CAP];
        const char *region = st_column_text(stmt, 2);
        if (st_city_region_key(region, folded, err) != 0) {
            st_reset(stmt);
            return -1;
        }
        stop = fn(ctx, st_column_int64(stmt, 0), st_column_text(stmt, 1), region, folded,
                  st_column_text(stmt, 3));
    }
    st_reset(stmt);
    return stop || rc == ST_DONE ? 0 : st_fail(store, "cannot look up the city", err);
}

struct new_city {
    const char *region_key, *wikidata, *alpha2;
    tr_error *err;
    int refused;
};

static int refuse_same(void *ctx, int64_t id, const char *name, const char *region,
                       const char *folded, const char *wikidata)
{
    struct new_city *c = ctx;
    if (st_city_told_apart(c->region_key, c->wikidata, folded, wikidata))
        return 0;
    c->refused = 1;
    tr_error_set(c->err, TR_REJECTED,
                 "duplicate city: city %lld is already %s, %s%s%s; another town of that name "
                 "needs a region or wikidata id that differs from this city's",
                 (long long)id, name, c->alpha2, region ? ", " : "", region ? region : "");
    return 1;
}

int st_city_check_twins(tr_store *store, int64_t self, const char *key, const char *alpha2,
                        const char *region, const char *wikidata, tr_error *err)
{
    char folded[ST_CITY_KEY_CAP];
    struct new_city c = {folded, wikidata, alpha2, err, 0};
    if (st_city_region_key(region, folded, err) != 0 ||
        each_twin(store, self, key, alpha2, refuse_same, &c, err) != 0)
        return -1;
    return c.refused ? -1 : 0;
}

void st_twin_match_init(st_twin_match *m, const char *region_key, const char *wikidata)
{
    *m = (st_twin_match){.region_key = region_key, .wikidata = wikidata};
}

void st_twin_match_add(st_twin_match *m, int64_t id, const char *region_key, const char *wikidata)
{
    if (st_city_told_apart(m->region_key, m->wikidata, region_key, wikidata))
        return;
    if (m->region_key && *m->region_key && region_key && !strcmp(m->region_key, region_key))
        m->same_region = m->n_same_region++ ? m->same_region : id;
    m->any = m->n_any++ ? m->any : id;
}

int st_twin_match_end(const st_twin_match *m, const char *name, const char *alpha2, int64_t *id,
                      tr_error *err)
{
    /* The region first; without it, the one town of that name the party may be. */
    *id = m->n_same_region == 1 ? m->same_region : m->n_any == 1 ? m->any : 0;
    if (*id || (m->n_same_region == 0 && m->n_any == 0))
        return 0;
    return tr_error_set(err, TR_REJECTED,
                        "ambiguous city '%s, %s': %d towns of that name fit; give a region or "
                        "wikidata id to tell which",
                        name, alpha2, m->n_same_region ? m->n_same_region : m->n_any);
}

static int match_one(void *ctx, int64_t id, const char *name, const char *region,
                     const char *folded, const char *wikidata)
{
    (void)name, (void)region;
    st_twin_match_add(ctx, id, folded, wikidata);
    return 0;
}

int st_city_match_twins(tr_store *store, const char *name, const char *key, const char *alpha2,
                        const char *region, const char *wikidata, int64_t *id, tr_error *err)
{
    char folded[ST_CITY_KEY_CAP];
    st_twin_match m;
    if (st_city_region_key(region, folded, err) != 0)
        return -1;
    st_twin_match_init(&m, folded, wikidata);
    if (each_twin(store, 0, key, alpha2, match_one, &m, err) != 0)
        return -1;
    return st_twin_match_end(&m, name, alpha2, id, err);
}

int st_city_rekey_twin(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT region, wikidata FROM cities WHERE id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    char twin[ST_TWIN_KEY_CAP];
    int rc = st_step(stmt) == ST_ROW
                 ? st_city_twin_key(st_column_text(stmt, 0), st_column_text(stmt, 1), twin, err)
                 : st_fail(store, "cannot read the city", err);
    st_reset(stmt);
    if (rc != 0)
        return -1;
    st_range_write w = st_range_stmt(store, "UPDATE cities SET twin_key = ?2 WHERE id = ?1", err);
    if (!w.stmt)
        return -1;
    st_bind_int64(w.stmt, 1, id);
    st_bind_text(w.stmt, 2, twin);
    return st_range_step(store, w, id, "cannot key the city", err);
}

/* Migration: the key of every city that has a region or wikidata id (SQL cannot fold). */
int st_city_fill_twin_keys(tr_store *store, tr_error *err)
{
    st_stmt *rows = st_prepare_once(
        store, "SELECT id FROM cities WHERE region IS NOT NULL OR wikidata IS NOT NULL ORDER BY id",
        err);
    if (!rows)
        return -1;
    int rc;
    while ((rc = st_step(rows)) == ST_ROW)
        if (st_city_rekey_twin(store, st_column_int64(rows, 0), err) != 0) {
            st_finalize(rows);
            return -1;
        }
    rc = rc == ST_DONE ? 0 : st_fail(store, "cannot key the cities", err);
    st_finalize(rows);
    return rc;
}
