/* Organizations: validation, writes, lookup by id, name or acronym, records. */
#include "twinreg/store/org.h"

#include "store/util.h"
#include "twinreg/core/country.h"
#include "twinreg/core/fold.h"
#include "twinreg/store/source.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_fields(const tr_org_fields *f, const char *name, char *key, size_t cap,
                        const char **alpha2, tr_error *err)
{
    if (st_check_text(name, "organization name", 300, 1, err) != 0 ||
        st_check_text(f->acronym.value, "acronym", 32, 0, err) != 0 ||
        st_check_date(f->founded_on.value, "founding date", 0, err) != 0 ||
        st_check_text(f->summary.value, "summary", 4000, 0, err) != 0)
        return -1;
    if (tr_fold_into(name, key, cap) != 0 || !*key)
        return tr_error_set(err, TR_REJECTED,
                            "invalid organization name '%s': it has no letters or digits", name);
    *alpha2 = NULL;
    if (f->country.set && f->country.value) {
        const struct tr_country *c = tr_country_resolve(f->country.value, err);
        if (!c)
            return -1;
        *alpha2 = c->alpha2;
    }
    return 0;
}

int tr_org_find_natural(tr_store *store, const char *name, int64_t *id, tr_error *err)
{
    char key[1024];
    *id = 0;
    if (tr_fold_into(name, key, sizeof key) != 0)
        return 0;
    st_stmt *stmt = st_stmt_get(store, "SELECT id FROM organizations WHERE name_key = ?1", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key);
    if (st_step(stmt) == ST_ROW)
        *id = st_column_int64(stmt, 0);
    st_reset(stmt);
    return 0;
}

int tr_org_add(tr_store *store, const tr_org_fields *f, int64_t *id, tr_error *err)
{
    char key[1024];
    const char *alpha2;
    int64_t existing;
    if (check_fields(f, f->name, key, sizeof key, &alpha2, err) != 0 ||
        tr_org_find_natural(store, f->name, &existing, err) != 0)
        return -1;
    if (existing)
        return tr_error_set(err, TR_REJECTED,
                            "duplicate organization: organization %lld is already named '%s'",
                            (long long)existing, f->name);
#define ORG_INSERT(id_column, id_value)                                                            \
    "INSERT INTO organizations (name, name_key, acronym, country, founded_on, summary" id_column   \
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6" id_value ")"
    static const char with_id[] = ORG_INSERT(", id", ", ?7"), next_id[] = ORG_INSERT("", "");
    st_stmt *stmt = st_insert_id_stmt(store, "organizations", with_id, next_id, f->want_id, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, f->name);
    st_bind_text(stmt, 2, key);
    st_bind_text(stmt, 3, f->acronym.value);
    st_bind_text(stmt, 4, alpha2);
    st_bind_text(stmt, 5, f->founded_on.value);
    st_bind_text(stmt, 6, f->summary.value);
    return st_step_insert(store, stmt, id, "cannot add the organization", err);
}

int tr_org_update(tr_store *store, int64_t id, const tr_org_fields *f, tr_error *err)
{
    json_t *old = tr_org_record(store, id, err);
    if (!old)
        return -1;
    const char *name = f->name ? f->name : json_string_value(json_object_get(old, "name"));
    char key[1024];
    const char *alpha2;
    int rc = -1;
    if (check_fields(f, name, key, sizeof key, &alpha2, err) != 0)
        goto done;
    st_stmt *stmt =
        st_stmt_get(store,
                    "UPDATE organizations SET name = ?2, name_key = ?3, acronym = CASE WHEN ?4 "
                    "THEN ?5 ELSE acronym END, "
                    "country = CASE WHEN ?6 THEN ?7 ELSE country END, founded_on = CASE WHEN ?8 "
                    "THEN ?9 ELSE founded_on END, "
                    "summary = CASE WHEN ?10 THEN ?11 ELSE summary END WHERE id = ?1",
                    err);
    if (!stmt)
        goto done;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, name);
    st_bind_text(stmt, 3, key);
    st_bind_int64(stmt, 4, f->acronym.set);
    st_bind_text(stmt, 5, f->acronym.value);
    st_bind_int64(stmt, 6, f->country.set);
    st_bind_text(stmt, 7, alpha2);
    st_bind_int64(stmt, 8, f->founded_on.set);
    st_bind_text(stmt, 9, f->founded_on.value);
    st_bind_int64(stmt, 10, f->summary.set);
    st_bind_text(stmt, 11, f->summary.value);
    rc = st_step_done(store, stmt, "cannot update the organization", err);
done:
    json_decref(old);
    return rc;
}

int tr_org_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err)
{
    long long n = st_parse_id(spec);
    if (n > 0) {
        int found = st_exists_id(store, "SELECT 1 FROM organizations WHERE id = ?1", n, err);
        if (found < 0)
            return -1;
        *id = n;
        return found ? 0 : tr_error_set(err, TR_NOT_FOUND, "organization %lld: not found", n);
    }
    char key[1024];
    if (tr_fold_into(spec, key, sizeof key) != 0)
        key[0] = '\0';
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT id, name FROM organizations WHERE name_key = ?1 OR "
                                "lower(acronym) = lower(?2) ORDER BY id",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key);
    st_bind_text(stmt, 2, spec);
    int count = 0;
    while (st_step(stmt) == ST_ROW) {
        if (count++ == 0)
            *id = st_column_int64(stmt, 0);
        tr_error_add_detail(err, "  %lld\t%s", (long long)st_column_int64(stmt, 0),
                            st_column_text(stmt, 1));
    }
    st_reset(stmt);
    if (count == 1) {
        free(err->details);
        err->details = NULL;
        return 0;
    }
    return count == 0 ? tr_error_set(err, TR_NOT_FOUND, "organization '%s': not found", spec)
                      : tr_error_set(err, TR_NOT_FOUND,
                                     "organization '%s' is ambiguous: name one by id:", spec);
}

static json_t *org_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)st_column_int64(row, 0));
    json_t *sources = tr_source_urls(store, "organization", key, err);
    if (!sources)
        return NULL;
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", st_column_json(row, 0), "name",
                     st_column_json(row, 1), "acronym", st_column_json(row, 2), "country",
                     st_column_json(row, 3), "founded_on", st_column_json(row, 4), "summary",
                     st_column_json(row, 5), "sources", sources);
}

#define ORG_COLUMNS "SELECT id, name, acronym, country, founded_on, summary FROM organizations "

json_t *tr_org_record(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, ORG_COLUMNS "WHERE id = ?1", err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    json_t *rec = NULL;
    if (st_step(stmt) == ST_ROW)
        rec = org_from_row(store, stmt, err);
    else
        tr_error_set(err, TR_NOT_FOUND, "organization %lld: not found", (long long)id);
    st_reset(stmt);
    return rec;
}

int tr_org_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, ORG_COLUMNS "ORDER BY id", err);
    return st_each_row(store, stmt, org_from_row, fn, ctx, "cannot list organizations", err);
}
