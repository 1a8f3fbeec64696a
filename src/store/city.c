/* Cities: validation, writes, lookup by id, name or alias, and interchange records. */
#include "twinreg/store/city.h"

#include "store/city_parts.h"
#include "store/id_counter.h"
#include "store/util.h"

#include "twinreg/core/country.h"
#include "twinreg/core/fold.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAME 200

/* Checks a name and folds it into key (MAX_NAME * 3 + 16 bytes). */
static int check_name(const char *name, const char *what, char *key, size_t cap, tr_error *err)
{
    if (!name || !*name)
        return tr_error_set(err, TR_REJECTED, "invalid %s: it is empty", what);
    if (!st_valid_utf8(name, ""))
        return tr_error_set(err, TR_REJECTED,
                            "invalid %s: not valid UTF-8 text (or has control characters)", what);
    if (strlen(name) > MAX_NAME)
        return tr_error_set(err, TR_REJECTED, "invalid %s: longer than %d bytes", what, MAX_NAME);
    if (tr_fold_into(name, key, cap) != 0)
        return tr_error_set(err, TR_IO, "cannot fold %s '%s'", what, name);
    if (!*key)
        return tr_error_set(err, TR_REJECTED, "invalid %s '%s': it has no letters or digits", what,
                            name);
    return 0;
}

/* A language tag as the schema allows it: 2 to 16 letters, digits and hyphens. */
static int check_lang(const char *lang, tr_error *err)
{
    size_t n = strlen(lang);
    int ok = n >= 2 && n <= 16;
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)lang[i]) || lang[i] == '-';
    return ok ? 0
              : tr_error_set(err, TR_REJECTED,
                             "invalid alias language '%s': expected a tag such as fr, es, ko",
                             lang);
}

int tr_alias_parse(char *text, tr_alias *out, tr_error *err)
{
    char *at = strrchr(text, '@');
    out->name = text;
    out->lang = NULL;
    if (at) {
        *at = '\0';
        out->lang = at + 1;
        return check_lang(out->lang, err);
    }
    return 0;
}

static int check_wikidata(const char *q, tr_error *err)
{
    int ok = q && q[0] == 'Q' && q[1] >= '1' && q[1] <= '9' && strlen(q) <= 12;
    for (const char *p = q ? q + 1 : ""; ok && *p; p++)
        ok = isdigit((unsigned char)*p);
    return ok ? 0
              : tr_error_set(err, TR_REJECTED,
                             "invalid wikidata id '%s': expected Q followed by digits", q ? q : "");
}

static int check_coords(const tr_city_fields *f, tr_error *err)
{
    if (!f->has_coords)
        return 0;
    if (!isfinite(f->lat) || f->lat < -90 || f->lat > 90)
        return tr_error_set(err, TR_REJECTED, "invalid latitude %g: expected -90 to 90", f->lat);
    if (!isfinite(f->lon) || f->lon < -180 || f->lon > 180)
        return tr_error_set(err, TR_REJECTED, "invalid longitude %g: expected -180 to 180", f->lon);
    return 0;
}

/* Fails with "duplicate city" when another city has this wikidata id, or has this name in
 * this country and nothing tells the two towns apart (city_twins.c). */
static int check_unique(tr_store *store, int64_t self, const char *key, const char *alpha2,
                        const char *region, const char *wikidata, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store, "SELECT id, name, country FROM cities WHERE id <> ?1 AND wikidata = ?2", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, self);
    st_bind_text(stmt, 2, wikidata);
    int rc = st_step(stmt);
    if (rc == ST_ROW) {
        tr_error_set(err, TR_REJECTED,
                     "duplicate city: city %lld is already %s, %s or has wikidata id %s",
                     (long long)st_column_int64(stmt, 0), st_column_text(stmt, 1),
                     st_column_text(stmt, 2), wikidata);
        st_reset(stmt);
        return -1;
    }
    st_reset(stmt);
    if (rc != ST_DONE)
        return st_fail(store, "cannot check the city", err);
    return st_city_check_twins(store, self, key, alpha2, region, wikidata, err);
}

static int add_aliases(tr_store *store, int64_t id, const tr_alias *aliases, size_t n,
                       tr_error *err)
{
    char key[ST_CITY_KEY_CAP];
    for (size_t i = 0; i < n; i++) {
        if (check_name(aliases[i].name, "alias", key, sizeof key, err) != 0 ||
            (aliases[i].lang && check_lang(aliases[i].lang, err) != 0))
            return -1;
        st_stmt *stmt = st_stmt_get(
            store,
            "INSERT INTO city_aliases (city_id, name, name_key, lang) VALUES (?1, ?2, ?3, ?4) "
            "ON CONFLICT (city_id, name) DO UPDATE SET lang = excluded.lang",
            err);
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        st_bind_text(stmt, 2, aliases[i].name);
        st_bind_text(stmt, 3, key);
        st_bind_text(stmt, 4, aliases[i].lang);
        if (st_step_done(store, stmt, "cannot add the alias", err) != 0)
            return -1;
    }
    return 0;
}

int st_city_add_aliases(tr_store *store, int64_t id, const tr_alias *aliases, size_t n,
                        tr_error *err)
{
    return add_aliases(store, id, aliases, n, err);
}

int st_city_alias_key(const tr_alias *alias, char *key, tr_error *err)
{
    if (check_name(alias->name, "alias", key, ST_CITY_KEY_CAP, err) != 0)
        return -1;
    return alias->lang ? check_lang(alias->lang, err) : 0;
}

int st_city_check_new(const tr_city_fields *f, char *key, const char **alpha2, tr_error *err)
{
    if (check_name(f->name, "city name", key, ST_CITY_KEY_CAP, err) != 0)
        return -1;
    const struct tr_country *country = tr_country_resolve(f->country, err);
    if (!country || check_coords(f, err) != 0 ||
        (f->wikidata && check_wikidata(f->wikidata, err) != 0) ||
        st_check_text(f->region, "region", MAX_NAME, 0, err) != 0)
        return -1;
    char alias_key[ST_CITY_KEY_CAP];
    for (size_t i = 0; i < f->n_aliases; i++)
        if (st_city_alias_key(&f->aliases[i], alias_key, err) != 0)
            return -1;
    *alpha2 = country->alpha2;
    return 0;
}

/* ?8 is the id: a kept one (an import's), or NULL for the next. */
#define CITY_INSERT(id)                                                                            \
    "INSERT INTO cities (id, name, name_key, country, region, lat, lon, wikidata, twin_key) "      \
    "VALUES (" id ", ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9)"

int st_city_insert(tr_store *store, const tr_city_fields *f, const char *key, const char *alpha2,
                   int64_t new_id, int64_t *id, tr_error *err)
{
    char twin[ST_TWIN_KEY_CAP];
    if (st_city_twin_key(f->region, f->wikidata, twin, err) != 0)
        return -1;
    st_range_write w = st_range_insert_stmt(
        store, st_sql_for(store, CITY_INSERT("?8"), CITY_INSERT(ST_PG_ID_OR_NEXT("cities", "?8"))),
        err);
    st_stmt *stmt = w.stmt;
    if (!stmt)
        return -1;
    st_bind_text(stmt, 9, twin);
    if (new_id)
        st_bind_int64(stmt, 8, new_id);
    st_bind_text(stmt, 1, f->name);
    st_bind_text(stmt, 2, key);
    st_bind_text(stmt, 3, alpha2);
    st_bind_text(stmt, 4, f->region);
    if (f->has_coords) {
        st_bind_double(stmt, 5, f->lat);
        st_bind_double(stmt, 6, f->lon);
    }
    st_bind_text(stmt, 7, f->wikidata);
    int rc = st_range_step_insert(store, w, id, "cannot add the city", err);
    st_clear_bindings(stmt);
    if (rc != 0)
        return -1;
    return add_aliases(store, *id, f->aliases, f->n_aliases, err);
}

int tr_city_add(tr_store *store, const tr_city_fields *f, int64_t *id, tr_error *err)
{
    char key[ST_CITY_KEY_CAP];
    const char *alpha2;
    int64_t new_id;
    if (st_city_check_new(f, key, &alpha2, err) != 0 ||
        check_unique(store, 0, key, alpha2, f->region, f->wikidata, err) != 0 ||
        st_id_for_new_row(store, "cities", f->want_id, &new_id, err) != 0)
        return -1;
    return st_city_insert(store, f, key, alpha2, new_id, id, err);
}

int tr_city_update_changes(tr_store *store, int64_t id, const tr_city_fields *f, tr_error *err)
{
    if (f->n_aliases || f->replace_aliases || f->n_remove_aliases)
        return 1; /* another table: written, as the record asks */
    st_stmt *stmt = st_stmt_get(
        store, "SELECT name, country, region, lat, lon, wikidata FROM cities WHERE id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    if (rc != ST_ROW) {
        st_reset(stmt);
        return rc == ST_DONE
                   ? tr_error_set(err, TR_NOT_FOUND, "city %lld: not found", (long long)id)
                   : st_fail(store, "cannot read the city", err);
    }
    int located = st_column_type(stmt, 3) != ST_NULL && st_column_type(stmt, 4) != ST_NULL;
    int coords_same =
        !f->set_coords || (f->has_coords ? located && st_column_double(stmt, 3) == f->lat &&
                                               st_column_double(stmt, 4) == f->lon
                                         : !located);
    int changed = !coords_same || (f->name && !st_same_text(st_column_text(stmt, 0), f->name)) ||
                  (f->country && !st_same_text(st_column_text(stmt, 1), f->country)) ||
                  (f->set_region && !st_same_text(st_column_text(stmt, 2), f->region)) ||
                  (f->set_wikidata && !st_same_text(st_column_text(stmt, 5), f->wikidata));
    st_reset(stmt);
    return changed;
}

int tr_city_update(tr_store *store, int64_t id, const tr_city_fields *f, tr_error *err)
{
    json_t *old = tr_city_record(store, id, err);
    if (!old)
        return -1;
    const char *name = f->name ? f->name : json_string_value(json_object_get(old, "name"));
    const char *country_text =
        f->country ? f->country : json_string_value(json_object_get(old, "country"));
    const char *wikidata =
        f->set_wikidata ? f->wikidata : json_string_value(json_object_get(old, "wikidata"));
    const char *region =
        f->set_region ? f->region : json_string_value(json_object_get(old, "region"));
    char key[ST_CITY_KEY_CAP], twin[ST_TWIN_KEY_CAP];
    const struct tr_country *country = NULL;
    int rc = -1;
    if (check_name(name, "city name", key, sizeof key, err) != 0 ||
        !(country = tr_country_resolve(country_text, err)) ||
        (f->set_coords && check_coords(f, err) != 0) ||
        (f->set_wikidata && f->wikidata && check_wikidata(f->wikidata, err) != 0) ||
        (f->set_region && st_check_text(f->region, "region", MAX_NAME, 0, err) != 0) ||
        check_unique(store, id, key, country->alpha2, region, wikidata, err) != 0 ||
        st_city_twin_key(region, wikidata, twin, err) != 0)
        goto done;
    st_range_write w = st_range_stmt(
        store,
        "UPDATE cities SET name = ?2, name_key = ?3, country = ?4, "
        "region = CASE WHEN ?5 THEN ?6 ELSE region END, "
        "lat = CASE WHEN ?7 THEN ?8 ELSE lat END, lon = CASE WHEN ?7 THEN ?9 ELSE lon END, "
        "wikidata = ?10, twin_key = ?11 WHERE id = ?1",
        err);
    st_stmt *stmt = w.stmt;
    if (!stmt)
        goto done;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, name);
    st_bind_text(stmt, 3, key);
    st_bind_text(stmt, 4, country->alpha2);
    st_bind_int64(stmt, 5, f->set_region);
    st_bind_text(stmt, 6, f->region);
    st_bind_int64(stmt, 7, f->set_coords);
    if (f->set_coords && f->has_coords) {
        st_bind_double(stmt, 8, f->lat);
        st_bind_double(stmt, 9, f->lon);
    }
    st_bind_text(stmt, 10, wikidata);
    st_bind_text(stmt, 11, twin);
    if (st_range_step(store, w, id, "cannot update the city", err) != 0)
        goto done;
    for (size_t i = 0; i < f->n_remove_aliases; i++) {
        char alias_key[ST_CITY_KEY_CAP];
        if (tr_fold_into(f->remove_aliases[i], alias_key, sizeof alias_key) != 0)
            goto done;
        stmt = st_stmt_get(store, "DELETE FROM city_aliases WHERE city_id = ?1 AND name_key = ?2",
                           err);
        if (!stmt)
            goto done;
        st_bind_int64(stmt, 1, id);
        st_bind_text(stmt, 2, alias_key);
        if (st_step_done(store, stmt, "cannot remove the alias", err) != 0)
            goto done;
        if (st_changes(stmt) == 0) {
            tr_error_set(err, TR_NOT_FOUND, "cannot remove alias '%s': city %lld has no such alias",
                         f->remove_aliases[i], (long long)id);
            goto done;
        }
    }
    if (f->replace_aliases) {
        stmt = st_stmt_get(store, "DELETE FROM city_aliases WHERE city_id = ?1", err);
        if (!stmt)
            goto done;
        st_bind_int64(stmt, 1, id);
        if (st_step_done(store, stmt, "cannot replace the aliases", err) != 0)
            goto done;
    }
    rc = add_aliases(store, id, f->aliases, f->n_aliases, err);
done:
    json_decref(old);
    return rc;
}

int tr_city_remove(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store, "SELECT count(*), min(agreement_id) FROM agreement_parties WHERE city_id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_step(stmt) != ST_ROW)
        return st_fail(store, "cannot remove the city", err);
    int64_t named = st_column_int64(stmt, 0), first = st_column_int64(stmt, 1);
    st_reset(stmt);
    if (named > 0) {
        char label[256];
        tr_city_label(store, id, label, sizeof label);
        return tr_error_set(err, TR_REJECTED,
                            "cannot remove city %lld (%s): %lld agreement%s name%s it (first: "
                            "%lld); remove or change those first",
                            (long long)id, label, (long long)named, named == 1 ? "" : "s",
                            named == 1 ? "s" : "", (long long)first);
    }
    st_range_write w = st_range_stmt(store, "DELETE FROM cities WHERE id = ?1", err);
    stmt = w.stmt;
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_range_step(store, w, id, "cannot remove the city", err) != 0)
        return -1;
    if (st_changes(stmt) == 0)
        return tr_error_set(err, TR_NOT_FOUND, "city %lld: not found", (long long)id);
    return 0;
}

int tr_city_label(tr_store *store, int64_t id, char *buf, size_t cap)
{
    tr_error ignored;
    tr_error_init(&ignored);
    st_stmt *stmt = st_stmt_get(store, "SELECT name, country FROM cities WHERE id = ?1", &ignored);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int found = st_step(stmt) == ST_ROW;
    if (found)
        snprintf(buf, cap, "%s, %s", st_column_text(stmt, 0), st_column_text(stmt, 1));
    else
        snprintf(buf, cap, "#%lld", (long long)id);
    st_reset(stmt);
    return found ? 0 : -1;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

static int city_exists(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT 1 FROM cities WHERE id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_ROW ? 1 : rc == ST_DONE ? 0 : st_fail(store, "cannot look up the city", err);
}

/* A Wikidata id ("Q" and digits, as check_wikidata takes it), without a message. */
static int is_wikidata(const char *s)
{
    tr_error quiet;
    tr_error_init(&quiet);
    int ok = check_wikidata(s, &quiet) == 0;
    tr_error_release(&quiet);
    return ok;
}

/* The city whose Wikidata id is `q`: 1 and *id, 0 when none, -1 on error. */
static int find_by_wikidata(tr_store *store, const char *q, int64_t *id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT id FROM cities WHERE wikidata = ?1", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, q);
    int rc = st_step(stmt);
    if (rc == ST_ROW)
        *id = st_column_int64(stmt, 0);
    st_reset(stmt);
    return rc == ST_ROW ? 1 : rc == ST_DONE ? 0 : st_fail(store, "cannot look up the city", err);
}

/* The country after the last comma of `name`, cut off there: its code, or NULL (name kept
 * whole) when that part is not a country. */
static const char *cut_country(char *name)
{
    char *comma = strrchr(name, ',');
    if (!comma)
        return NULL;
    const char *cc = comma + 1;
    while (*cc == ' ')
        cc++;
    const struct tr_country *c = tr_country_find(cc);
    if (c)
        *comma = '\0';
    return c ? c->alpha2 : NULL;
}

/* The cities a lookup's rows name (id, name, country, region[, the name matched]), each
 * once: those in the region named, and, for a spelled-out form, whose name matched spells
 * out to it. The first one's id goes to *id; each is a line of the details, for when the
 * name is ambiguous. */
struct matches {
    const char *region_key, *spelled;
    int n;
    int64_t last;
};

static int collect_matches(tr_store *store, st_stmt *stmt, struct matches *m, int64_t *id,
                           tr_error *err)
{
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        int64_t row_id = st_column_int64(stmt, 0);
        const char *region = st_column_text(stmt, 3);
        char folded[MAX_NAME * 6 + 16] = "";
        if (*m->region_key && (!region || tr_fold_into(region, folded, sizeof folded) != 0 ||
                               strcmp(folded, m->region_key) != 0))
            continue; /* not in the region named */
        if ((m->n && row_id == m->last) ||
            (m->spelled && !st_city_spelled_as(st_column_text(stmt, 4), m->spelled)))
            continue;
        if (m->n++ == 0)
            *id = row_id;
        m->last = row_id;
        tr_error_add_detail(err, "  %lld\t%s, %s%s%s", (long long)row_id, st_column_text(stmt, 1),
                            st_column_text(stmt, 2), region ? ", " : "", region ? region : "");
    }
    return rc == ST_DONE ? 0 : st_fail(store, "cannot look up the city", err);
}

int tr_city_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err)
{
    if (all_digits(spec) && strlen(spec) < 19) {
        *id = strtoll(spec, NULL, 10);
        int found = city_exists(store, *id, err);
        if (found < 0)
            return -1;
        return found ? 0 : tr_error_set(err, TR_NOT_FOUND, "city %s: not found", spec);
    }
    /* "Q64": a Wikidata id first, then a name (a town may be called so). */
    int by_wikidata = is_wikidata(spec) ? find_by_wikidata(store, spec, id, err) : 0;
    if (by_wikidata != 0)
        return by_wikidata < 0 ? -1 : 0;
    /* "NAME,CC": the part after the last comma chooses the country, when it is one;
     * "NAME,CC,REGION": then the region tells apart two towns of one name in it. */
    char name[MAX_NAME * 2], region_key[MAX_NAME * 6 + 16] = "";
    snprintf(name, sizeof name, "%s", spec);
    const char *alpha2 = cut_country(name);
    char *last = alpha2 ? NULL : strrchr(name, ',');
    if (last) {
        *last = '\0';
        if ((alpha2 = cut_country(name)) != NULL) {
            const char *region = last + 1;
            while (*region == ' ')
                region++;
            if (tr_fold_into(region, region_key, sizeof region_key) != 0)
                return tr_error_set(err, TR_NOT_FOUND, "city '%s': not found", spec);
        } else {
            *last = ','; /* no country before it either: a name with commas */
        }
    }
    char key[MAX_NAME * 6 + 16];
    if (tr_fold_into(name, key, sizeof key) != 0 || !*key)
        return tr_error_set(err, TR_NOT_FOUND, "city '%s': not found", spec);
    st_stmt *stmt = st_stmt_get(
        store,
        "SELECT id, name, country, region FROM cities WHERE name_key = ?1 AND "
        "(CAST(?2 AS TEXT) IS NULL OR country = ?2) "
        "UNION SELECT c.id, c.name, c.country, c.region FROM city_aliases a JOIN cities c ON "
        "c.id = a.city_id WHERE a.name_key = ?1 AND (CAST(?2 AS TEXT) IS NULL OR c.country = ?2) "
        "ORDER BY 1",
        err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key);
    st_bind_text(stmt, 2, alpha2);
    struct matches m = {region_key, NULL, 0, 0};
    int rc = collect_matches(store, stmt, &m, id, err);
    st_reset(stmt);
    if (rc == 0 && m.n == 0) { /* "muenchen", "aeroe": a spelled-out form, by the same rules */
        m.spelled = key;
        rc = st_city_spelled_candidates(store, key, alpha2, &stmt, err);
        if (rc == 0 && stmt)
            rc = collect_matches(store, stmt, &m, id, err);
        st_finalize(stmt);
    }
    if (rc != 0)
        return -1;
    int n = m.n;
    if (n == 1) {
        free(err->details);
        err->details = NULL;
        return 0;
    }
    if (n == 0)
        return tr_error_set(err, TR_NOT_FOUND, "city '%s': not found", spec);
    return tr_error_set(err, TR_NOT_FOUND,
                        "city '%s' is ambiguous: %d cities match; name one by id, NAME,CC or "
                        "NAME,CC,REGION:",
                        spec, n);
}

int tr_city_find_natural(tr_store *store, const char *name, const char *alpha2, const char *region,
                         const char *wikidata, int64_t *id, tr_error *err)
{
    *id = 0;
    if (wikidata) {
        int found = find_by_wikidata(store, wikidata, id, err);
        if (found != 0)
            return found < 0 ? -1 : 0;
    }
    char key[ST_CITY_KEY_CAP];
    if (!name)
        return 0;
    if (tr_fold_into(name, key, sizeof key) != 0)
        return tr_error_set(err, TR_REJECTED, "invalid city name '%s'", name);
    return st_city_match_twins(store, name, key, alpha2, region, wikidata, id, err);
}

json_t *st_city_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    int64_t id = st_column_int64(row, 0);
    json_t *aliases = json_array();
    st_stmt *stmt = st_stmt_get(
        store,
        "SELECT name, lang FROM city_aliases WHERE city_id = ?1 ORDER BY lang IS NULL, lang, name",
        err);
    if (!stmt) {
        json_decref(aliases);
        return NULL;
    }
    st_bind_int64(stmt, 1, id);
    while (st_step(stmt) == ST_ROW)
        json_array_append_new(aliases, json_pack("{s:o,s:o}", "name", st_column_json(stmt, 0),
                                                 "lang", st_column_json(stmt, 1)));
    st_reset(stmt);
    return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)id, "name",
                     st_column_json(row, 1), "country", st_column_json(row, 2), "aliases", aliases,
                     "region", st_column_json(row, 3), "lat", st_column_json(row, 4), "lon",
                     st_column_json(row, 5), "wikidata", st_column_json(row, 6));
}

json_t *tr_city_record(tr_store *store, int64_t id, tr_error *err)
{
    static const char sql[] =
        "SELECT id, name, country, region, lat, lon, wikidata FROM cities WHERE id = ?1";
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    json_t *rec = NULL;
    int rc = st_step(stmt);
    if (rc == ST_ROW)
        rec = st_city_from_row(store, stmt, err);
    else if (rc == ST_DONE)
        tr_error_set(err, TR_NOT_FOUND, "city %lld: not found", (long long)id);
    else
        st_fail(store, "cannot read the city", err);
    st_reset(stmt);
    return rec;
}

int tr_city_list(tr_store *store, const char *alpha2, tr_row_fn fn, void *ctx, tr_error *err)
{
    static const char sql[] = "SELECT id, name, country, region, lat, lon, wikidata FROM cities "
                              "WHERE CAST(?1 AS TEXT) IS NULL OR country = ?1 ORDER BY id";
    /* Not from the cache: a listing may call other cached statements while it runs. */
    st_stmt *stmt = st_prepare_once(store, sql, err);
    if (stmt)
        st_bind_text(stmt, 1, alpha2);
    return st_each_row(store, stmt, st_city_from_row, fn, ctx, "cannot list cities", err);
}
