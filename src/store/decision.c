/* Decisions and the changes they decide: validation, writes, records. */
#include "twinreg/store/decision.h"

#include "store/util.h"
#include "twinreg/core/date.h"
#include "twinreg/store/office.h"

#include <stdio.h>
#include <string.h>

/* The date column of row `id` read by `sql` into buf ("" when NULL); 0 when there is no
 * such row, 1 when read, -1 on error. */
static int date_of(tr_store *store, const char *sql, int64_t id, char buf[11], tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    buf[0] = '\0';
    if (rc == ST_ROW && st_column_text(stmt, 0))
        snprintf(buf, 11, "%s", st_column_text(stmt, 0));
    st_reset(stmt);
    return rc == ST_ROW ? 1 : rc == ST_DONE ? 0 : st_fail(store, "cannot read a date", err);
}

static int decision_date(tr_store *store, int64_t id, char buf[11], tr_error *err)
{
    int found = date_of(store, "SELECT decided_on FROM decisions WHERE id = ?1", id, buf, err);
    return found < 0   ? -1
           : found > 0 ? 0
                       : tr_error_set(err, TR_NOT_FOUND, "decision %lld: not found", (long long)id);
}

int tr_decision_check(tr_store *store, int64_t decision, const char *what, const char *on,
                      tr_error *err)
{
    char decided[11];
    if (decision_date(store, decision, decided, err) != 0)
        return -1;
    if (on && *on && tr_date_certainly_before(on, decided))
        return tr_error_set(err, TR_REJECTED,
                            "invalid decision %lld: dated %s, after what it decides (%s on %s)",
                            (long long)decision, decided, what, on);
    return 0;
}

static const char *nonempty(const char *text) { return text && *text ? text : NULL; }

/* The natural key, ?1 to ?3: the insert and the lookup bind it alike. */
static void bind_key(st_stmt *stmt, const tr_decision_fields *f)
{
    st_bind_text(stmt, 1, f->body);
    st_bind_text(stmt, 2, f->on);
    st_bind_text(stmt, 3, nonempty(f->number));
}

int tr_decision_add(tr_store *store, const tr_decision_fields *f, int64_t *id, tr_error *err)
{
    if (st_check_text(f->body, "deciding body", 200, 1, err) != 0 ||
        st_check_date(f->on, "decision date", 1, err) != 0 ||
        st_check_text(f->number, "decision number", 100, 0, err) != 0 ||
        st_check_text(f->title, "title", 1000, 0, err) != 0 ||
        st_check_text(f->source, "source", 2000, 0, err) != 0)
        return -1;
    st_stmt *stmt = st_insert_stmt(store,
                                   "INSERT INTO decisions (body, decided_on, number, title, "
                                   "source) VALUES (?1, ?2, ?3, ?4, ?5)",
                                   err);
    if (!stmt)
        return -1;
    bind_key(stmt, f);
    st_bind_text(stmt, 4, nonempty(f->title));
    st_bind_text(stmt, 5, nonempty(f->source));
    return st_step_insert(store, stmt, id, "cannot add the decision", err);
}

int tr_decision_find(tr_store *store, const tr_decision_fields *f, int64_t *id, tr_error *err)
{
    st_stmt *stmt =
        st_stmt_get(store,
                    "SELECT id FROM decisions WHERE body = ?1 AND decided_on = ?2 "
                    "AND (number = ?3 OR (number IS NULL AND CAST(?3 AS TEXT) IS NULL)) "
                    "ORDER BY id LIMIT 1",
                    err);
    if (!stmt)
        return -1;
    bind_key(stmt, f);
    int rc = st_step(stmt);
    *id = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    st_reset(stmt);
    return rc == ST_ROW || rc == ST_DONE ? 0 : st_fail(store, "cannot look up the decision", err);
}

int tr_decision_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err)
{
    long long v = st_parse_id(spec);
    if (v <= 0)
        return tr_error_set(err, TR_NOT_FOUND, "decision '%s' not found: give its numeric id",
                            spec ? spec : "");
    int found = st_exists_id(store, "SELECT 1 FROM decisions WHERE id = ?1", v, err);
    if (found < 0)
        return -1;
    if (!found)
        return tr_error_set(err, TR_NOT_FOUND, "decision %lld: not found", v);
    *id = v;
    return 0;
}

#define DECISION_COLUMNS "SELECT id, body, decided_on, number, title, source FROM decisions "

static json_t *decision_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    (void)store, (void)err;
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "id", st_column_json(row, 0), "by",
                     st_column_json(row, 1), "on", st_column_json(row, 2), "number",
                     st_column_json(row, 3), "title", st_column_json(row, 4), "source",
                     st_column_json(row, 5));
}

int tr_decision_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(
        store, DECISION_COLUMNS "ORDER BY substr(decided_on || '-01-01', 1, 10), id", err);
    return st_each_row(store, stmt, decision_from_row, fn, ctx, "cannot list decisions", err);
}

/* What decision `id` decided: its linked changes and the approvals it gave. */
static json_t *decided_changes(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store,
        "SELECT agreement_id, change, happened_on, k FROM ("
        " SELECT agreement_id, change, happened_on, id AS k FROM agreement_decisions "
        " WHERE decision_id = ?1"
        " UNION ALL SELECT agreement_id, 'approved', approved_on, id FROM agreement_approvals "
        " WHERE decision_id = ?1) AS x "
        "ORDER BY agreement_id, happened_on IS NOT NULL, happened_on, change, k",
        err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    json_t *list = json_array();
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW)
        json_array_append_new(list, json_pack("{s:o,s:o,s:o}", "agreement", st_column_json(stmt, 0),
                                              "change", st_column_json(stmt, 1), "on",
                                              st_column_json(stmt, 2)));
    st_reset(stmt);
    if (rc != ST_DONE) {
        json_decref(list);
        st_fail(store, "cannot read the decision's agreements", err);
        return NULL;
    }
    return list;
}

json_t *tr_decision_record(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, DECISION_COLUMNS "WHERE id = ?1", err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    json_t *rec = rc == ST_ROW ? decision_from_row(store, stmt, err) : NULL;
    st_reset(stmt);
    if (rc == ST_DONE)
        tr_error_set(err, TR_NOT_FOUND, "decision %lld: not found", (long long)id);
    else if (rc != ST_ROW)
        st_fail(store, "cannot read the decision", err);
    json_t *changes = rec ? decided_changes(store, id, err) : NULL;
    if (!changes) {
        json_decref(rec);
        return NULL;
    }
    json_object_set_new(rec, "agreements", changes);
    return rec;
}

/* On a shared registry an office writes only its cities' agreements: asked first, so that
 * the refusal says why (row-level security refuses it all the same). */
static int may_write(tr_store *store, int64_t agreement, tr_error *err)
{
    return st_store_pg(store) ? tr_office_may_write_agreement(store, agreement, err) : 0;
}

int tr_decision_link(tr_store *store, int64_t decision, int64_t agreement, const char *change,
                     const char *on, tr_error *err)
{
    if (may_write(store, agreement, err) != 0 ||
        tr_decision_check(store, decision, change, on, err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO agreement_decisions (agreement_id, decision_id, "
                                "change, happened_on) VALUES (?1, ?2, ?3, ?4)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, agreement);
    st_bind_int64(stmt, 2, decision);
    st_bind_text(stmt, 3, change);
    st_bind_text(stmt, 4, nonempty(on));
    return st_step_done(store, stmt, "cannot link the decision", err);
}

int tr_agreement_check_signatories(const char *const *names, const char *const *offices, size_t n,
                                   tr_error *err)
{
    if (n > 100)
        return tr_error_set(err, TR_REJECTED, "too many signatories (at most 100)");
    for (size_t i = 0; i < n; i++)
        if (st_check_text(names[i], "signatory's name", 300, 1, err) != 0 ||
            st_check_text(offices[i], "signatory's office", 300, 0, err) != 0)
            return -1;
    return 0;
}

int tr_agreement_set_signatories(tr_store *store, int64_t id, const char *const *names,
                                 const char *const *offices, size_t n, tr_error *err)
{
    if (tr_agreement_check_signatories(names, offices, n, err) != 0 ||
        may_write(store, id, err) != 0)
        return -1;
    st_stmt *stmt =
        st_stmt_get(store, "DELETE FROM agreement_signatories WHERE agreement_id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_step_done(store, stmt, "cannot write the signatories", err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        stmt = st_stmt_get(store,
                           "INSERT INTO agreement_signatories (agreement_id, position, name, "
                           "office) VALUES (?1, ?2, ?3, ?4)",
                           err);
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        st_bind_int64(stmt, 2, (int64_t)i + 1);
        st_bind_text(stmt, 3, names[i]);
        st_bind_text(stmt, 4, nonempty(offices[i]));
        if (st_step_done(store, stmt, "cannot write the signatories", err) != 0)
            return -1;
    }
    return 0;
}

int tr_agreement_clear_decided(tr_store *store, int64_t id, int links, int approvals, tr_error *err)
{
    static const char *const sql[] = {"DELETE FROM agreement_decisions WHERE agreement_id = ?1",
                                      "DELETE FROM agreement_approvals WHERE agreement_id = ?1"};
    int which[] = {links, approvals};
    if (may_write(store, id, err) != 0)
        return -1;
    for (int i = 0; i < 2; i++) {
        st_stmt *stmt = which[i] ? st_stmt_get(store, sql[i], err) : NULL;
        if (which[i] && !stmt)
            return -1;
        if (stmt) {
            st_bind_int64(stmt, 1, id);
            if (st_step_done(store, stmt, "cannot clear the decisions", err) != 0)
                return -1;
        }
    }
    return 0;
}

int tr_agreement_approve(tr_store *store, int64_t id, const char *body, const char *on,
                         int64_t decision, tr_error *err)
{
    char signed_on[11];
    if (st_check_text(body, "approving body", 200, 1, err) != 0 ||
        st_check_date(on, "approval date", 1, err) != 0 || may_write(store, id, err) != 0)
        return -1;
    int found =
        date_of(store, "SELECT signed_on FROM agreements WHERE id = ?1", id, signed_on, err);
    if (found <= 0)
        return found < 0
                   ? -1
                   : tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found", (long long)id);
    if (*signed_on && tr_date_certainly_before(on, signed_on))
        return tr_error_set(err, TR_REJECTED,
                            "invalid approval date '%s': before the agreement was signed (%s)", on,
                            signed_on);
    if (decision && tr_decision_check(store, decision, "approval", on, err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO agreement_approvals (agreement_id, body, "
                                "approved_on, decision_id) VALUES (?1, ?2, ?3, ?4)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, body);
    st_bind_text(stmt, 3, on);
    if (decision)
        st_bind_int64(stmt, 4, decision);
    return st_step_done(store, stmt, "cannot record the approval", err);
}
