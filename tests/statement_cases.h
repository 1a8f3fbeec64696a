/* The statement API's cases (src/store/engine.h), shared by every engine's suite: included
 * by check_store.c (SQLite) and check_pg_statements.c (PostgreSQL), whose fixtures open
 * `store` on a fresh registry and init `err`. The SQL is written so that both engines
 * accept it. */
#ifndef TWINREG_TESTS_STATEMENT_CASES_H
#define TWINREG_TESTS_STATEMENT_CASES_H

#include <check.h>
#include <stdint.h>
#include <string.h>

#include "store/engine.h"
#include "store/util.h"

static const char probe_sql[] = "SELECT ?1, ?2, ?3, ?4, ?5";

START_TEST(a_statement_round_trips_every_type)
{
    st_stmt *stmt = st_stmt_get(store, probe_sql, &err);
    ck_assert_ptr_nonnull(stmt);
    st_bind_int64(stmt, 1, INT64_MAX);
    st_bind_double(stmt, 2, -2.5);
    char text[] = "S\xc3\xa9oul";
    st_bind_text(stmt, 3, text);
    text[0] = 'X'; /* the bound text is a copy */
    st_bind_null(stmt, 4);
    st_bind_text(stmt, 5, NULL);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert_int_eq(st_column_type(stmt, 0), ST_INTEGER);
    ck_assert(st_column_int64(stmt, 0) == INT64_MAX);
    ck_assert_int_eq(st_column_type(stmt, 1), ST_REAL);
    ck_assert(st_column_double(stmt, 1) == -2.5);
    ck_assert_int_eq(st_column_type(stmt, 2), ST_TEXT);
    ck_assert_str_eq(st_column_text(stmt, 2), "S\xc3\xa9oul");
    ck_assert_uint_eq(st_column_bytes(stmt, 2), 6);
    for (int col = 3; col < 5; col++) {
        ck_assert_int_eq(st_column_type(stmt, col), ST_NULL);
        ck_assert_ptr_null(st_column_text(stmt, col));
    }
    ck_assert_int_eq(st_step(stmt), ST_DONE);
    st_reset(stmt);
}
END_TEST

START_TEST(a_statement_is_reset_and_reused)
{
    st_stmt *stmt = st_stmt_get(store, probe_sql, &err);
    st_bind_int64(stmt, 1, 7);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    st_reset(stmt); /* keeps its bindings */
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert(st_column_int64(stmt, 0) == 7);
    st_reset(stmt);
    st_bind_int64(stmt, 1, 8);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert(st_column_int64(stmt, 0) == 8);
    /* From the cache again: the same statement, ready, with every parameter NULL. */
    ck_assert_ptr_eq(st_stmt_get(store, probe_sql, &err), stmt);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert_int_eq(st_column_type(stmt, 0), ST_NULL);
    st_reset(stmt);
}
END_TEST

START_TEST(an_insert_tells_its_id_and_a_broken_constraint_is_rejected)
{
    static const char insert[] = "INSERT INTO sources (url) VALUES (?1)";
    static const char read[] = "SELECT url FROM sources WHERE id = ?1";
    int64_t ids[2];
    const char *urls[] = {"https://a.example/1", "https://a.example/2"};
    for (int i = 0; i < 2; i++) {
        st_stmt *stmt = st_insert_stmt(store, insert, &err);
        ck_assert_ptr_nonnull(stmt);
        st_bind_text(stmt, 1, urls[i]);
        ck_assert_int_eq(st_step_insert(store, stmt, &ids[i], "test", &err), 0);
        ck_assert(ids[i] > 0);
        ck_assert(st_changes(stmt) == 1);
    }
    ck_assert(ids[1] != ids[0]);
    for (int i = 0; i < 2; i++) {
        st_stmt *stmt = st_stmt_get(store, read, &err);
        st_bind_int64(stmt, 1, ids[i]);
        ck_assert_int_eq(st_step(stmt), ST_ROW);
        ck_assert_str_eq(st_column_text(stmt, 0), urls[i]);
        st_reset(stmt);
    }
    st_stmt *stmt = st_insert_stmt(store, insert, &err);
    st_bind_text(stmt, 1, urls[0]); /* sources.url is unique */
    int64_t id = -1;
    ck_assert_int_eq(st_step_insert(store, stmt, &id, "cannot add", &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot add: "));
    ck_assert(id == 0);
    /* Statements that change nothing count no change. */
    st_stmt *none = st_stmt_get(store, "DELETE FROM sources WHERE id = ?1", &err);
    st_bind_int64(none, 1, ids[1] + 1);
    ck_assert_int_eq(st_step_done(store, none, "test", &err), 0);
    ck_assert(st_changes(none) == 0);
}
END_TEST

START_TEST(a_statement_that_cannot_run_is_an_io_error)
{
    tr_error why;
    tr_error_init(&why);
    ck_assert_ptr_null(st_prepare_once(store, "SELECT * FROM no_such_table", &why));
    ck_assert_int_eq(why.status, TR_IO);
    ck_assert_ptr_nonnull(strstr(why.message, "no_such_table"));
    tr_error_release(&why);
    /* A one-off statement belongs to the caller, who finalizes it. */
    st_stmt *once = st_prepare_once(store, "SELECT 1 UNION ALL SELECT 2", &err);
    ck_assert_ptr_nonnull(once);
    ck_assert_int_eq(st_step(once), ST_ROW);
    ck_assert_int_eq(st_step(once), ST_ROW);
    ck_assert(st_column_int64(once, 0) == 2);
    ck_assert_int_eq(st_step(once), ST_DONE);
    st_finalize(once);
}
END_TEST

/* What a text-only protocol (PostgreSQL's) could lose: the last digit of a double, the
 * integers at either end. */
START_TEST(numbers_round_trip_exactly)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT ?1, ?2, ?3, ?4", &err);
    ck_assert_ptr_nonnull(stmt);
    st_bind_int64(stmt, 1, INT64_MIN);
    st_bind_double(stmt, 2, 0.1 + 0.2); /* 0.30000000000000004 */
    st_bind_double(stmt, 3, 1e-300);
    st_bind_double(stmt, 4, -1.7976931348623157e308);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert(st_column_int64(stmt, 0) == INT64_MIN);
    ck_assert(st_column_double(stmt, 1) == 0.1 + 0.2);
    ck_assert(st_column_double(stmt, 2) == 1e-300);
    ck_assert(st_column_double(stmt, 3) == -1.7976931348623157e308);
    st_reset(stmt);
}
END_TEST

/* A "?N" inside a literal, an identifier or a comment is no parameter. */
START_TEST(placeholders_in_quotes_are_text)
{
    static const char sql[] = "SELECT '?1' || '''?2', ?1 AS \"?3\" -- ?4\n";
    st_stmt *stmt = st_stmt_get(store, sql, &err);
    ck_assert_ptr_nonnull(stmt);
    ck_assert_int_eq(st_param_count(stmt), 1);
    st_bind_int64(stmt, 1, 7);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert_str_eq(st_column_text(stmt, 0), "?1'?2");
    ck_assert(st_column_int64(stmt, 1) == 7);
    ck_assert_str_eq(st_column_name(stmt, 1), "?3");
    st_reset(stmt);
}
END_TEST

/* A duplicate is told apart from the other broken constraints (a CHECK here). */
START_TEST(a_duplicate_is_told_from_other_broken_constraints)
{
    static const char insert[] = "INSERT INTO sources (url) VALUES (?1)";
    const char *urls[] = {"https://b.example/", "https://b.example/", ""};
    int64_t id;
    for (int i = 0; i < 3; i++) {
        st_stmt *stmt = st_insert_stmt(store, insert, &err);
        ck_assert_ptr_nonnull(stmt);
        st_bind_text(stmt, 1, urls[i]);
        ck_assert_int_eq(st_step_insert(store, stmt, &id, "cannot add", &err), i ? -1 : 0);
        ck_assert_int_eq(st_unique_violation(store), i == 1);
        ck_assert_int_eq(err.status, i ? TR_REJECTED : TR_OK);
        tr_error_release(&err);
        tr_error_init(&err);
    }
}
END_TEST

/* 1, 2, ... up to `last`; from x = fail_at on, abs() of the smallest 64-bit integer,
 * which both engines refuse: SQLite's "integer overflow", PostgreSQL's "out of range". */
#define COUNT_SQL(last, fail_at)                                                                   \
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < " #last ") "         \
    "SELECT CASE WHEN x < " #fail_at " THEN x ELSE abs(x - " #fail_at                              \
    " - 9223372036854775807 - 1) "                                                                 \
    "END FROM n"

/* A streamed read hands over the rows before a failure, then the failure; a reset halfway
 * runs it again; and the store answers the next statement either way. */
START_TEST(a_streamed_read_fails_where_its_rows_do_and_frees_the_store)
{
    st_stmt *stmt = st_prepare_stream(store, COUNT_SQL(5, 3), &err);
    ck_assert_ptr_nonnull(stmt);
    for (int x = 1; x < 3; x++) {
        ck_assert_int_eq(st_step(stmt), ST_ROW);
        ck_assert_int_eq(st_column_int64(stmt, 0), x);
    }
    ck_assert_int_eq(st_step(stmt), ST_ERROR);
    st_finalize(stmt);

    stmt = st_prepare_stream(store, COUNT_SQL(100000, 200000), &err);
    ck_assert_ptr_nonnull(stmt);
    for (int run = 0; run < 2; run++) {
        ck_assert_int_eq(st_step(stmt), ST_ROW);
        ck_assert_int_eq(st_step(stmt), ST_ROW);
        ck_assert_int_eq(st_column_int64(stmt, 0), 2);
        st_reset(stmt);
    }
    int64_t rows = 0;
    while (st_step(stmt) == ST_ROW)
        rows++;
    ck_assert_int_eq(rows, 100000);
    st_finalize(stmt);

    stmt = st_prepare_once(store, "SELECT 42", &err);
    ck_assert_ptr_nonnull(stmt);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    ck_assert_int_eq(st_column_int64(stmt, 0), 42);
    st_finalize(stmt);
}
END_TEST

static inline void add_statement_cases(TCase *tc)
{
    tcase_add_test(tc, a_streamed_read_fails_where_its_rows_do_and_frees_the_store);
    tcase_add_test(tc, a_statement_round_trips_every_type);
    tcase_add_test(tc, a_statement_is_reset_and_reused);
    tcase_add_test(tc, an_insert_tells_its_id_and_a_broken_constraint_is_rejected);
    tcase_add_test(tc, a_statement_that_cannot_run_is_an_io_error);
    tcase_add_test(tc, numbers_round_trip_exactly);
    tcase_add_test(tc, placeholders_in_quotes_are_text);
    tcase_add_test(tc, a_duplicate_is_told_from_other_broken_constraints);
}

#endif
