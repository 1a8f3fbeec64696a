/* sql --param (store/sql_params.c): the server's numbering of :name, which must leave every
 * ':' inside strings, quoted names, comments, dollar quotes and casts alone, and the
 * matching of the query's names to the user's values. */
#include <check.h>
#include <string.h>

#include "store/sql_params.h"
#include "check_run.h"

static void numbered(const char *query, const char *want, size_t names)
{
    struct st_sql_numbered q;
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(st_sql_params_numbered(query, &q, &err), 0);
    ck_assert_str_eq(q.text, want);
    ck_assert_uint_eq(q.n, names);
    st_sql_numbered_free(&q);
}

START_TEST(names_become_numbers)
{
    numbered("SELECT :a, :b, :a", "SELECT $1, $2, $1", 2);
    numbered("WHERE country = :cc AND name LIKE :p || '%'",
             "WHERE country = $1 AND name LIKE $2 || '%'", 2);
    numbered("SELECT 3::text, x::int, :_x9::date", "SELECT 3::text, x::int, $1::date", 1);
    numbered("", "", 0);
    numbered("SELECT 1", "SELECT 1", 0);
}
END_TEST

START_TEST(quoted_text_is_left_alone)
{
    numbered("SELECT ':a', 'it''s :b', :c", "SELECT ':a', 'it''s :b', $1", 1);
    numbered("SELECT \":a\" FROM t WHERE x = :x", "SELECT \":a\" FROM t WHERE x = $1", 1);
    numbered("SELECT E'\\' :a', :b", "SELECT E'\\' :a', $1", 1);
    numbered("SELECT 1 -- :a\n, :b", "SELECT 1 -- :a\n, $1", 1);
    numbered("SELECT /* :a /* :b */ :c */ :d", "SELECT /* :a /* :b */ :c */ $1", 1);
    numbered("SELECT $$ :a $$, $t$ :b $t$, :c", "SELECT $$ :a $$, $t$ :b $t$, $1", 1);
    numbered("SELECT $1, :a", "SELECT $1, $1", 1); /* positional: the server refuses it */
    numbered("SELECT 'open :a", "SELECT 'open :a", 0);
    numbered("SELECT a[1:2], :x", "SELECT a[1:2], $1", 1);
}
END_TEST

START_TEST(values_match_names)
{
    const char *names[] = {"cc", "p"}, *values[] = {"MX", "M%"};
    struct tr_sql_params p = {names, values, 2};
    size_t which[3];
    tr_error err;
    tr_error_init(&err);
    const char *query_names[] = {"p", "cc", "p"};
    ck_assert_int_eq(st_sql_params_match(query_names, 3, &p, which, &err), 0);
    ck_assert_uint_eq(which[0], 1);
    ck_assert_uint_eq(which[1], 0);
    ck_assert_uint_eq(which[2], 1);
    const char *missing[] = {"cc", "q"};
    ck_assert_int_eq(st_sql_params_match(missing, 2, &p, which, &err), -1);
    ck_assert_int_eq(err.status, TR_USAGE);
    ck_assert_str_eq(err.message, "sql: no value for :q (give --param q=VALUE)");
    tr_error_release(&err);
    tr_error_init(&err);
    const char *unused[] = {"cc"};
    ck_assert_int_eq(st_sql_params_match(unused, 1, &p, which, &err), -1);
    ck_assert_str_eq(err.message, "sql: --param p: the query has no :p");
    tr_error_release(&err);
    tr_error_init(&err);
    const char *unnamed[] = {NULL, "cc", "p"};
    ck_assert_int_eq(st_sql_params_match(unnamed, 3, &p, which, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "parameter 1 of the query has no name"));
    tr_error_release(&err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sql_params");
    TCase *tc = tcase_create("sql_params");
    tcase_add_test(tc, names_become_numbers);
    tcase_add_test(tc, quoted_text_is_left_alone);
    tcase_add_test(tc, values_match_names);
    suite_add_tcase(s, tc);
    return check_run(s);
}
