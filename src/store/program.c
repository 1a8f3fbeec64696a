/* Programs, the agreements they serve, and participation records with their totals. */
#include "twinreg/store/program.h"

#include "store/util.h"
#include "twinreg/store/source.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int check_fields(tr_store *store, const tr_program_fields *f, int adding, tr_error *err)
{
    if (st_check_code(f->code, "program code", err) != 0 ||
        ((adding || f->name.set) &&
         st_check_text(f->name.value, "program name", 300, 1, err) != 0) ||
        st_check_date(f->started_on.value, "start date", 0, err) != 0 ||
        st_check_text(f->summary.value, "summary", 4000, 0, err) != 0)
        return -1;
    if (adding && !f->set_operator)
        return tr_error_set(err, TR_REJECTED,
                            "missing operator: a program is run by an organization");
    if (f->set_operator) {
        int found =
            st_exists_id(store, "SELECT 1 FROM organizations WHERE id = ?1", f->operator_id, err);
        if (found <= 0)
            return found < 0 ? -1
                             : tr_error_set(err, TR_REJECTED,
                                            "broken reference: organization %lld does not exist",
                                            (long long)f->operator_id);
    }
    if (f->set_host && f->host_city_id) {
        int found = st_exists_id(store, "SELECT 1 FROM cities WHERE id = ?1", f->host_city_id, err);
        if (found <= 0)
            return found < 0 ? -1
                             : tr_error_set(err, TR_REJECTED,
                                            "broken reference: city %lld does not exist",
                                            (long long)f->host_city_id);
    }
    for (size_t i = 0; f->set_agreements && i < f->n_agreements; i++) {
        int found =
            st_exists_id(store, "SELECT 1 FROM agreements WHERE id = ?1", f->agreements[i], err);
        if (found <= 0)
            return found < 0 ? -1
                             : tr_error_set(err, TR_REJECTED,
                                            "broken reference: agreement %lld does not exist",
                                            (long long)f->agreements[i]);
    }
    return 0;
}

static int write_agreements(tr_store *store, int64_t id, const tr_program_fields *f, tr_error *err)
{
    if (!f->set_agreements)
        return 0;
    st_stmt *stmt = st_stmt_get(store, "DELETE FROM program_agreements WHERE program_id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_step_done(store, stmt, "cannot write the program's agreements", err) != 0)
        return -1;
    for (size_t i = 0; i < f->n_agreements; i++) {
        stmt =
            st_stmt_get(store,
                        "INSERT INTO program_agreements (program_id, agreement_id) VALUES (?1, ?2) "
                        "ON CONFLICT DO NOTHING",
                        err);
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        st_bind_int64(stmt, 2, f->agreements[i]);
        if (st_step_done(store, stmt, "cannot write the program's agreements", err) != 0)
            return -1;
    }
    return 0;
}

int tr_program_resolve(tr_store *store, const char *code, int64_t *id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT id FROM programs WHERE code = ?1", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, code);
    int rc = st_step(stmt);
    if (rc == ST_ROW)
        *id = st_column_int64(stmt, 0);
    st_reset(stmt);
    if (rc == ST_ROW)
        return 0;
    return rc == ST_DONE ? tr_error_set(err, TR_NOT_FOUND, "program '%s': not found", code)
                         : st_fail(store, "cannot look up the program", err);
}

int tr_program_add(tr_store *store, const tr_program_fields *f, int64_t *id, tr_error *err)
{
    if (check_fields(store, f, 1, err) != 0)
        return -1;
    tr_error probe;
    tr_error_init(&probe);
    int64_t existing;
    if (tr_program_resolve(store, f->code, &existing, &probe) == 0)
        return tr_error_set(err, TR_REJECTED, "duplicate program: code '%s' already exists",
                            f->code);
#define PROGRAM_INSERT(id_column, id_value)                                                        \
    "INSERT INTO programs (code, name, operator_id, host_city_id, started_on, summary" id_column   \
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6" id_value ")"
    static const char with_id[] = PROGRAM_INSERT(", id", ", ?7"),
                      next_id[] = PROGRAM_INSERT("", "");
    st_stmt *stmt = st_insert_id_stmt(store, "programs", with_id, next_id, f->want_id, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, f->code);
    st_bind_text(stmt, 2, f->name.value);
    st_bind_int64(stmt, 3, f->operator_id);
    if (f->host_city_id)
        st_bind_int64(stmt, 4, f->host_city_id);
    st_bind_text(stmt, 5, f->started_on.value);
    st_bind_text(stmt, 6, f->summary.value);
    if (st_step_insert(store, stmt, id, "cannot add the program", err) != 0)
        return -1;
    return write_agreements(store, *id, f, err);
}

int tr_program_update(tr_store *store, const tr_program_fields *f, tr_error *err)
{
    int64_t id;
    if (tr_program_resolve(store, f->code, &id, err) != 0 || check_fields(store, f, 0, err) != 0)
        return -1;
    st_stmt *stmt =
        st_stmt_get(store,
                    "UPDATE programs SET name = CASE WHEN ?2 THEN ?3 ELSE name END, "
                    "operator_id = CASE WHEN ?4 THEN ?5 ELSE operator_id END, host_city_id = "
                    "CASE WHEN ?6 THEN ?7 ELSE host_city_id END, "
                    "started_on = CASE WHEN ?8 THEN ?9 ELSE started_on END, summary = CASE WHEN "
                    "?10 THEN ?11 ELSE summary END "
                    "WHERE id = ?1",
                    err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    st_bind_int64(stmt, 2, f->name.set), st_bind_text(stmt, 3, f->name.value);
    st_bind_int64(stmt, 4, f->set_operator), st_bind_int64(stmt, 5, f->operator_id);
    st_bind_int64(stmt, 6, f->set_host);
    if (f->host_city_id)
        st_bind_int64(stmt, 7, f->host_city_id);
    st_bind_int64(stmt, 8, f->started_on.set), st_bind_text(stmt, 9, f->started_on.value);
    st_bind_int64(stmt, 10, f->summary.set), st_bind_text(stmt, 11, f->summary.value);
    if (st_step_done(store, stmt, "cannot update the program", err) != 0)
        return -1;
    return write_agreements(store, id, f, err);
}

int tr_program_record(tr_store *store, int64_t program, const tr_participation *p, tr_error *err)
{
    if (p->has_count && (p->count < 0 || p->count > 100000000))
        return tr_error_set(err, TR_REJECTED, "invalid count %lld: expected 0 to 100000000 people",
                            p->count);
    if (p->has_year && (p->year < 1 || p->year > 9999))
        return tr_error_set(err, TR_REJECTED, "invalid year %lld: expected YYYY", p->year);
    if (st_check_text(p->field, "field", 200, 0, err) != 0 ||
        st_check_text(p->note, "note", 2000, 0, err) != 0)
        return -1;
    int found = st_exists_id(store, "SELECT 1 FROM cities WHERE id = ?1", p->city_id, err);
    if (found <= 0)
        return found < 0
                   ? -1
                   : tr_error_set(err, TR_REJECTED, "broken reference: city %lld does not exist",
                                  (long long)p->city_id);
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO participation (program_id, city_id, year, "
                                "count, field, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, program);
    st_bind_int64(stmt, 2, p->city_id);
    if (p->has_year)
        st_bind_int64(stmt, 3, p->year);
    if (p->has_count)
        st_bind_int64(stmt, 4, p->count);
    st_bind_text(stmt, 5, p->field && *p->field ? p->field : NULL);
    st_bind_text(stmt, 6, p->note && *p->note ? p->note : NULL);
    return st_step_done(store, stmt, "cannot record the participation", err);
}

int tr_program_clear_participation(tr_store *store, int64_t program, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "DELETE FROM participation WHERE program_id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, program);
    return st_step_done(store, stmt, "cannot clear the participation", err);
}

static json_t *participation_of(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT city_id, year, count, field, note FROM "
                                "participation WHERE program_id = ?1 ORDER BY id",
                                err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    json_t *list = json_array();
    while (st_step(stmt) == ST_ROW)
        json_array_append_new(
            list, json_pack("{s:o,s:o,s:o,s:o,s:o}", "city", st_column_json(stmt, 0), "year",
                            st_column_json(stmt, 1), "count", st_column_json(stmt, 2), "field",
                            st_column_json(stmt, 3), "note", st_column_json(stmt, 4)));
    st_reset(stmt);
    return list;
}

static json_t *program_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    int64_t id = st_column_int64(row, 0);
    json_t *agreements = st_column_list(
        store, "SELECT agreement_id FROM program_agreements WHERE program_id = ?1 ORDER BY 1", NULL,
        id, err);
    json_t *sources = tr_source_urls(store, "program", st_column_text(row, 1), err);
    json_t *participation = participation_of(store, id, err);
    if (!agreements || !sources || !participation) {
        json_decref(agreements), json_decref(sources), json_decref(participation);
        return NULL;
    }
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", st_column_json(row, 0),
                     "code", st_column_json(row, 1), "name", st_column_json(row, 2), "operator",
                     st_column_json(row, 3), "host", st_column_json(row, 4), "started_on",
                     st_column_json(row, 5), "summary", st_column_json(row, 6), "agreements",
                     agreements, "sources", sources, "participation", participation);
}

#define PROGRAM_COLUMNS                                                                            \
    "SELECT id, code, name, operator_id, host_city_id, started_on, summary FROM programs "

json_t *tr_program_record_json(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, PROGRAM_COLUMNS "WHERE id = ?1", err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    json_t *rec = NULL;
    if (st_step(stmt) == ST_ROW)
        rec = program_from_row(store, stmt, err);
    else
        tr_error_set(err, TR_NOT_FOUND, "program %lld: not found", (long long)id);
    st_reset(stmt);
    return rec;
}

int tr_program_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, PROGRAM_COLUMNS "ORDER BY id", err);
    return st_each_row(store, stmt, program_from_row, fn, ctx, "cannot list programs", err);
}

int tr_program_totals(tr_store *store, int64_t program, int64_t city, int by_year, tr_row_fn fn,
                      void *ctx, tr_error *err)
{
    static const char all_years_sql[] =
        "SELECT p.code, c.id, c.name, x.field, NULL, CAST(sum(x.count) AS BIGINT), count(*) "
        "FROM participation x JOIN programs p ON p.id = x.program_id "
        "JOIN cities c ON c.id = x.city_id "
        "WHERE (?1 = 0 OR x.program_id = ?1) AND (?2 = 0 OR x.city_id = ?2) "
        "GROUP BY p.code, c.id, x.field ORDER BY p.code, c.name, x.field IS NOT NULL, x.field";
    static const char sql[] =
        "SELECT p.code, c.id, c.name, x.field, x.year, CAST(sum(x.count) AS BIGINT), count(*) "
        "FROM participation x JOIN programs p ON p.id = x.program_id "
        "JOIN cities c ON c.id = x.city_id "
        "WHERE (?1 = 0 OR x.program_id = ?1) AND (?2 = 0 OR x.city_id = ?2) "
        "GROUP BY p.code, c.id, x.field, x.year ORDER BY p.code, c.name, x.year IS NOT NULL, "
        "x.year, x.field IS NOT NULL, x.field";
    st_stmt *stmt = st_prepare_once(store, by_year ? sql : all_years_sql, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, program);
    st_bind_int64(stmt, 2, city);
    int rc, status = 0;
    while (status == 0 && (rc = st_step(stmt)) == ST_ROW) {
        json_t *row = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "program", st_column_json(stmt, 0),
                                "city_id", st_column_json(stmt, 1), "city", st_column_json(stmt, 2),
                                "field", st_column_json(stmt, 3), "year", st_column_json(stmt, 4),
                                "count", st_column_json(stmt, 5));
        status = fn(row, ctx);
        json_decref(row);
    }
    if (status == 0 && rc != ST_DONE)
        status = st_fail(store, "cannot total the participation", err);
    st_finalize(stmt);
    return status;
}
