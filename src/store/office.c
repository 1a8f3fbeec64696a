/* Offices on a PostgreSQL registry (twinreg/store/office.h). Roles are made and dropped by
 * the server functions of migrations/postgresql/0005_offices.sql, which quote their names:
 * the SQL here binds every value. The checks before a write are for clear messages; the
 * server refuses on its own all the same. */
#include "twinreg/store/office.h"

#include "store/name_order.h"
#include "store/util.h"
#include "twinreg/store/city.h"

#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"
#endif

#include <stdio.h>

/* The role's name is 'twinreg_office_' and the office's, in PostgreSQL's 63 bytes. */
#define OFFICE_NAME_MAX 48

int tr_office_session(const char *conninfo, int (*fn)(tr_store *, void *, tr_error *), void *data,
                      tr_error *err)
{
#ifdef TWINREG_POSTGRESQL
    return st_pg_run(conninfo, fn, data, err);
#else
    (void)conninfo, (void)fn, (void)data;
    return tr_error_set(err, TR_IO,
                        "unable to connect to PostgreSQL: twinreg was built without it");
#endif
}

/* Asks the server a yes-or-no `sql` about the current role, binding ?1 to `id` when it
 * has one: 1 or 0, with the role's name in `role`; -1 on error. */
static int ask(tr_store *store, const char *sql, int64_t id, char role[64], tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    if (st_param_count(stmt) > 0)
        st_bind_int64(stmt, 1, id);
    if (st_step(stmt) != ST_ROW) {
        st_reset(stmt);
        return st_fail(store, "cannot read the user's rights", err);
    }
    int yes = st_column_int64(stmt, 0) != 0;
    snprintf(role, 64, "%s", (const char *)st_column_text(stmt, 1));
    st_reset(stmt);
    return yes;
}

static int require_admin(tr_store *store, const char *office, tr_error *err)
{
    char role[64];
    int yes = ask(store,
                  "SELECT CASE WHEN twinreg_is_admin() THEN 1 ELSE 0 END, "
                  "CAST(current_user AS TEXT)",
                  0, role, err);
    if (yes == 0)
        tr_error_set(err, TR_NOT_ALLOWED,
                     "office '%s': not allowed: role '%s' is not an administrator of the registry",
                     office, role);
    return yes == 1 ? 0 : -1;
}

int tr_office_may_write_agreement(tr_store *store, int64_t id, tr_error *err)
{
    char role[64];
    int yes = ask(store,
                  "SELECT CASE WHEN twinreg_may_write_agreement(?1) THEN 1 ELSE 0 END, "
                  "CAST(current_user AS TEXT)",
                  id, role, err);
    if (yes == 0)
        tr_error_set(err, TR_NOT_ALLOWED,
                     "agreement %lld: not allowed: none of its cities belongs to an office of "
                     "role '%s'",
                     (long long)id, role);
    return yes == 1 ? 0 : -1;
}

int tr_office_may_add_agreement(tr_store *store, const char *parties_key, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT CASE WHEN twinreg_may_write('parties', ?1) THEN 1 ELSE 0 "
                                "END, CAST(current_user AS TEXT)",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, parties_key);
    if (st_step(stmt) != ST_ROW) {
        st_reset(stmt);
        return st_fail(store, "cannot read the user's rights", err);
    }
    int yes = st_column_int64(stmt, 0) != 0;
    char role[64];
    snprintf(role, sizeof role, "%s", st_column_text(stmt, 1));
    st_reset(stmt);
    return yes ? 0
               : tr_error_set(err, TR_NOT_ALLOWED,
                              "cannot add the agreement: not allowed: none of its cities belongs "
                              "to an office of role '%s'",
                              role);
}

/* 1 when the office is there, 0 when not, -1 on error. */
static int office_exists(tr_store *store, const char *name, tr_error *err)
{
    int64_t n = st_int64_of_text(store, "SELECT 1 FROM offices WHERE name = ?1", name, err);
    return n < 0 ? -1 : n > 0;
}

static int must_exist(tr_store *store, const char *name, tr_error *err)
{
    int there = office_exists(store, name, err);
    if (there == 0)
        tr_error_set(err, TR_NOT_FOUND, "office '%s': not found", name);
    return there == 1 ? 0 : -1;
}

/* Runs `sql` (a server function's SELECT) binding ?1 and, when not NULL, ?2 and ?3. */
static int call(tr_store *store, const char *sql, const char *a, const char *b, int flag,
                const char *what, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, a);
    if (b) {
        st_bind_text(stmt, 2, b);
        st_bind_int64(stmt, 3, flag);
    }
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_ROW ? 0 : st_fail(store, what, err);
}

int tr_office_add(tr_store *store, const char *name, char *const *cities, int ncities,
                  tr_error *err)
{
    if (st_check_text(name, "office name", OFFICE_NAME_MAX, 1, err) != 0 ||
        require_admin(store, name, err) != 0)
        return -1;
    int64_t city;
    int there = office_exists(store, name, err);
    if (there != 0)
        return there < 0 ? -1 : tr_error_set(err, TR_REJECTED, "office '%s': already exists", name);
    if (call(store, "SELECT twinreg_office_add(?1)", name, NULL, 0, "cannot add the office", err))
        return -1;
    /* Its cities are not a change the history can undo: the office's role is made too. */
    if (call(store, "SELECT set_config('twinreg.offices_changing', ?1, true)", "on", NULL, 0,
             "cannot add the office", err))
        return -1;
    st_stmt *link = st_stmt_get(store,
                                "INSERT INTO office_cities (office, city_id) VALUES (?1, ?2) "
                                "ON CONFLICT DO NOTHING",
                                err);
    for (int i = 0; link && i < ncities; i++) {
        if (tr_city_resolve(store, cities[i], &city, err) != 0)
            return -1;
        st_bind_text(link, 1, name);
        st_bind_int64(link, 2, city);
        if (st_step_done(store, link, "cannot add the office's cities", err) != 0)
            return -1;
    }
    return link ? 0 : -1;
}

int tr_office_remove(tr_store *store, const char *name, tr_error *err)
{
    if (require_admin(store, name, err) != 0 || must_exist(store, name, err) != 0)
        return -1;
    return call(store, "SELECT 1 FROM twinreg_office_remove(?1)", name, NULL, 0,
                "cannot remove the office", err);
}

int tr_office_member(tr_store *store, const char *office, const char *login, int joining,
                     tr_error *err)
{
    if (require_admin(store, office, err) != 0 || must_exist(store, office, err) != 0)
        return -1;
    int64_t role = st_int64_of_text(store, "SELECT 1 FROM pg_roles WHERE rolname = ?1", login, err);
    if (role <= 0)
        return role < 0 ? -1 : tr_error_set(err, TR_NOT_FOUND, "role '%s': not found", login);
    /* The server says whether a role to remove was a member (P0002: not found). */
    return call(store, "SELECT 1 FROM twinreg_office_member(?1, ?2, CAST(?3 AS BIGINT) <> 0)",
                office, login, joining,
                joining ? "cannot add the member" : "cannot remove the member", err);
}

static json_t *office_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    const char *name = (const char *)st_column_text(row, 0);
    const char *role = (const char *)st_column_text(row, 1);
    json_t *cities = st_column_list(store,
                                    "SELECT c.name FROM office_cities AS oc "
                                    "JOIN cities AS c ON c.id = oc.city_id "
                                    "WHERE oc.office = ?1 ORDER BY " ST_NAME_ORDER("c") ", c.id",
                                    name, 0, err);
    json_t *members = cities ? st_column_list(store,
                                              "SELECT CAST(u.rolname AS TEXT) "
                                              "FROM pg_auth_members AS m "
                                              "JOIN pg_roles AS g ON g.oid = m.roleid "
                                              "JOIN pg_roles AS u ON u.oid = m.member "
                                              "WHERE g.rolname = ?1 ORDER BY 1",
                                              role, 0, err)
                             : NULL;
    if (!members) {
        json_decref(cities);
        return NULL;
    }
    return json_pack("{s:o,s:o,s:o,s:o}", "name", st_column_json(row, 0), "role",
                     st_column_json(row, 1), "cities", cities, "members", members);
}

#define OFFICE_COLUMNS "SELECT name, role FROM offices "

json_t *tr_office_record(tr_store *store, const char *name, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, OFFICE_COLUMNS "WHERE name = ?1", err);
    if (!stmt)
        return NULL;
    st_bind_text(stmt, 1, name);
    json_t *rec = NULL;
    int rc = st_step(stmt);
    if (rc == ST_ROW)
        rec = office_from_row(store, stmt, err);
    else if (rc == ST_DONE)
        tr_error_set(err, TR_NOT_FOUND, "office '%s': not found", name);
    else
        st_fail(store, "cannot read the office", err);
    st_finalize(stmt);
    return rec;
}

int tr_office_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, OFFICE_COLUMNS "ORDER BY name", err);
    return st_each_row(store, stmt, office_from_row, fn, ctx, "cannot list offices", err);
}
