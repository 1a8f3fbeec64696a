/* Legal frameworks: validation, writes, records. */
#include "twinreg/store/framework.h"

#include "store/util.h"
#include "twinreg/core/country.h"
#include "twinreg/store/source.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const kinds[] = {"law", "resolution", "treaty", "declaration", NULL};

int tr_framework_kind_check(const char *kind, tr_error *err)
{
    for (int i = 0; kinds[i]; i++)
        if (kind && strcmp(kind, kinds[i]) == 0)
            return 0;
    return tr_error_set(
        err, TR_REJECTED,
        "unknown framework kind '%s': expected law, resolution, treaty or declaration",
        kind ? kind : "");
}

/* Resolves the jurisdiction: INT (international) or a country, as alpha-2. */
static int jurisdiction_code(const char *text, const char **out, tr_error *err)
{
    if (text && (strcasecmp(text, "INT") == 0 || strcasecmp(text, "international") == 0)) {
        *out = "INT";
        return 0;
    }
    const struct tr_country *c = tr_country_resolve(text, err);
    if (!c)
        return -1;
    *out = c->alpha2;
    return 0;
}

static int check_fields(const tr_framework_fields *f, int adding, const char **jurisdiction,
                        tr_error *err)
{
    *jurisdiction = NULL;
    if (st_check_code(f->code, "code", err) != 0 ||
        ((adding || f->title.set) && st_check_text(f->title.value, "title", 1000, 1, err) != 0) ||
        ((adding || f->adopted_on.set) &&
         st_check_date(f->adopted_on.value, "adoption date", 1, err) != 0) ||
        (f->kind.set && tr_framework_kind_check(f->kind.value, err) != 0) ||
        st_check_text(f->summary.value, "summary", 4000, 0, err) != 0 ||
        st_check_text(f->duty.value, "duty", 1000, 0, err) != 0 ||
        st_check_text(f->duty_authority.value, "duty authority", 200, 0, err) != 0)
        return -1;
    if (adding || f->jurisdiction.set) {
        if (!f->jurisdiction.value)
            return tr_error_set(err, TR_REJECTED, "missing jurisdiction: a country code or INT");
        return jurisdiction_code(f->jurisdiction.value, jurisdiction, err);
    }
    return 0;
}

int tr_framework_exists(tr_store *store, const char *code, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT 1 FROM frameworks WHERE code = ?1", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, code);
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_ROW    ? 1
           : rc == ST_DONE ? 0
                           : st_fail(store, "cannot look up the framework", err);
}

static int write_requirements(tr_store *store, const tr_framework_fields *f, tr_error *err);

int tr_framework_add(tr_store *store, const tr_framework_fields *f, tr_error *err)
{
    const char *jurisdiction;
    if (check_fields(f, 1, &jurisdiction, err) != 0)
        return -1;
    for (size_t i = 0; i < f->n_requires; i++)
        if (st_check_text(f->requires[i], "required approving body", 200, 1, err) != 0)
            return -1;
    int found = tr_framework_exists(store, f->code, err);
    if (found != 0)
        return found < 0 ? -1
                         : tr_error_set(err, TR_REJECTED,
                                        "duplicate framework: code '%s' already exists", f->code);
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO frameworks (code, title, jurisdiction, kind, "
                                "adopted_on, summary, duty, duty_authority) "
                                "VALUES (?1, ?2, ?3, coalesce(?4, 'law'), ?5, ?6, ?7, ?8)",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, f->code);
    st_bind_text(stmt, 2, f->title.value);
    st_bind_text(stmt, 3, jurisdiction);
    st_bind_text(stmt, 4, f->kind.value);
    st_bind_text(stmt, 5, f->adopted_on.value);
    st_bind_text(stmt, 6, f->summary.value);
    st_bind_text(stmt, 7, f->duty.value);
    st_bind_text(stmt, 8, f->duty_authority.value);
    return st_step_done(store, stmt, "cannot add the framework", err) != 0
               ? -1
               : write_requirements(store, f, err);
}

/* The approvals a framework requires, replaced by f's. */
static int write_requirements(tr_store *store, const tr_framework_fields *f, tr_error *err)
{
    st_stmt *stmt =
        st_stmt_get(store, "DELETE FROM framework_requirements WHERE framework_code = ?1", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, f->code);
    if (st_step_done(store, stmt, "cannot write the requirements", err) != 0)
        return -1;
    for (size_t i = 0; i < f->n_requires; i++) {
        if (st_check_text(f->requires[i], "required approving body", 200, 1, err) != 0)
            return -1; /* an update's: add checked them before it wrote */
        stmt = st_stmt_get(store,
                           "INSERT INTO framework_requirements (framework_code, body) "
                           "VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                           err);
        if (!stmt)
            return -1;
        st_bind_text(stmt, 1, f->code);
        st_bind_text(stmt, 2, f->requires[i]);
        if (st_step_done(store, stmt, "cannot write the requirements", err) != 0)
            return -1;
    }
    return 0;
}

int tr_framework_update(tr_store *store, const tr_framework_fields *f, tr_error *err)
{
    const char *jurisdiction;
    if (check_fields(f, 0, &jurisdiction, err) != 0)
        return -1;
    if (f->kind.set && !f->kind.value)
        return tr_error_set(err, TR_REJECTED, "a framework's kind cannot be cleared");
    st_stmt *stmt = st_stmt_get(
        store,
        "UPDATE frameworks SET title = CASE WHEN ?2 THEN ?3 ELSE title END, "
        "jurisdiction = coalesce(?4, jurisdiction), kind = CASE WHEN ?5 THEN ?6 ELSE kind END, "
        "adopted_on = CASE WHEN ?7 THEN ?8 ELSE adopted_on END, summary = CASE WHEN ?9 THEN ?10 "
        "ELSE summary END, "
        "duty = CASE WHEN ?11 THEN ?12 ELSE duty END, duty_authority = CASE WHEN ?13 THEN ?14 ELSE "
        "duty_authority END "
        "WHERE code = ?1",
        err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, f->code);
    st_bind_text(stmt, 4, jurisdiction);
    st_bind_int64(stmt, 2, f->title.set), st_bind_text(stmt, 3, f->title.value);
    st_bind_int64(stmt, 5, f->kind.set), st_bind_text(stmt, 6, f->kind.value);
    st_bind_int64(stmt, 7, f->adopted_on.set), st_bind_text(stmt, 8, f->adopted_on.value);
    st_bind_int64(stmt, 9, f->summary.set), st_bind_text(stmt, 10, f->summary.value);
    st_bind_int64(stmt, 11, f->duty.set), st_bind_text(stmt, 12, f->duty.value);
    st_bind_int64(stmt, 13, f->duty_authority.set), st_bind_text(stmt, 14, f->duty_authority.value);
    if (st_step_done(store, stmt, "cannot update the framework", err) != 0)
        return -1;
    if (!st_changes(stmt))
        return tr_error_set(err, TR_NOT_FOUND, "framework '%s': not found", f->code);
    return f->set_requires ? write_requirements(store, f, err) : 0;
}

static json_t *framework_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    json_t *sources = tr_source_urls(store, "framework", st_column_text(row, 0), err);
    if (!sources)
        return NULL;
    json_t *requires = st_column_list(
        store, "SELECT body FROM framework_requirements WHERE framework_code = ?1 ORDER BY body",
        st_column_text(row, 0), 0, err);
    if (!requires) {
        json_decref(sources);
        return NULL;
    }
    json_t *rec = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "code", st_column_json(row, 0),
                            "title", st_column_json(row, 1), "jurisdiction", st_column_json(row, 2),
                            "kind", st_column_json(row, 3), "adopted_on", st_column_json(row, 4),
                            "summary", st_column_json(row, 5), "duty", st_column_json(row, 6),
                            "duty_authority", st_column_json(row, 7), "sources", sources);
    if (json_array_size(requires))
        json_object_set_new(rec, "requires", requires);
    else
        json_decref(requires);
    return rec;
}

#define FRAMEWORK_COLUMNS                                                                          \
    "SELECT code, title, jurisdiction, kind, adopted_on, summary, duty, duty_authority FROM "      \
    "frameworks "

json_t *tr_framework_record(tr_store *store, const char *code, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, FRAMEWORK_COLUMNS "WHERE code = ?1", err);
    if (!stmt)
        return NULL;
    st_bind_text(stmt, 1, code);
    json_t *rec = NULL;
    if (st_step(stmt) == ST_ROW)
        rec = framework_from_row(store, stmt, err);
    else
        tr_error_set(err, TR_NOT_FOUND, "framework '%s': not found", code);
    st_reset(stmt);
    return rec;
}

int tr_framework_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, FRAMEWORK_COLUMNS "ORDER BY adopted_on, code", err);
    return st_each_row(store, stmt, framework_from_row, fn, ctx, "cannot list frameworks", err);
}
