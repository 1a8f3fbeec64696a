/* `check` on a server. The server keeps its own pages, indexes and foreign keys; what a
 * registry there can still get wrong, and these check: an id counter behind the ids a
 * table holds (the next add would collide, or give an id twice), a foreign key left
 * unchecked (NOT VALID), a table of the registry missing. */
#include "store/check_pg.h"

#include <stdio.h>

#ifdef TWINREG_POSTGRESQL
#include "store/engine.h"
#include "store/id_counter.h"
#include "store/pg_tables.h"

/* A one-row, one-column integer query, with ?1 bound to `text` unless it is NULL: the
 * value, or -1 with the reason in `problem`. */
static int64_t number(tr_store *store, const char *sql, const char *text, char *problem, size_t cap)
{
    tr_error err;
    tr_error_init(&err);
    st_stmt *stmt = st_prepare_once(store, sql, &err);
    int64_t v = -1;
    if (stmt) {
        if (text)
            st_bind_text(stmt, 1, text);
        int rc = st_step(stmt);
        v = rc == ST_ROW ? st_column_int64(stmt, 0) : -1;
        if (rc != ST_ROW)
            st_fail(store, "cannot check", &err);
        st_finalize(stmt);
    }
    if (v < 0)
        snprintf(problem, cap, "%s", err.message[0] ? err.message : "cannot check");
    tr_error_release(&err);
    return v;
}

int st_pg_check_integrity(tr_store *store, char *problem, size_t cap)
{
#define HIGHEST(up, name) {#name, "SELECT coalesce(max(id), 0) FROM " #name},
    static const struct {
        const char *table, *highest;
    } ids[] = {ST_ID_TABLE_LIST(HIGHEST)};
#undef HIGHEST
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        tr_error err;
        tr_error_init(&err);
        int64_t counter = st_engine_of(store)->sequence_of(store, ids[i].table, &err);
        tr_error_release(&err);
        int64_t highest = number(store, ids[i].highest, NULL, problem, cap);
        if (highest < 0)
            return 1;
        if (counter < highest) {
            snprintf(problem, cap,
                     "the id counter of %s (%lld) is below its highest id (%lld): the next "
                     "row would take an id already given",
                     ids[i].table, (long long)counter, (long long)highest);
            return 1;
        }
    }
    return 0;
}

int st_pg_check_references(tr_store *store, char *problem, size_t cap)
{
    int64_t unchecked = number(store,
                               "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND "
                               "NOT convalidated AND connamespace = current_schema()::regnamespace",
                               NULL, problem, cap);
    if (unchecked < 0)
        return 1;
    if (unchecked > 0) {
        snprintf(problem, cap, "%lld foreign key%s not checked (NOT VALID)", (long long)unchecked,
                 unchecked == 1 ? " is" : "s are");
        return 1;
    }
    return 0;
}

int st_pg_schema_problem(tr_store *store, char *problem, size_t cap)
{
    for (size_t t = 0; t < st_pg_registry_table_count; t++) {
        int64_t there =
            number(store, "SELECT count(to_regclass(?1))", st_pg_registry_tables[t], problem, cap);
        if (there < 0)
            return 1;
        if (there == 0) {
            snprintf(problem, cap, "table %s is missing", st_pg_registry_tables[t]);
            return 1;
        }
    }
    return 0;
}
#else
/* A build without libpq has no store on a server: never called. */
int st_pg_check_integrity(tr_store *store, char *problem, size_t cap)
{
    (void)store;
    return snprintf(problem, cap, "built without PostgreSQL") > 0;
}
int st_pg_check_references(tr_store *store, char *problem, size_t cap)
{
    return st_pg_check_integrity(store, problem, cap);
}
int st_pg_schema_problem(tr_store *store, char *problem, size_t cap)
{
    return st_pg_check_integrity(store, problem, cap);
}
#endif
