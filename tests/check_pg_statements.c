/* The statement API's cases (statement_cases.h) on PostgreSQL: each test on a fresh
 * schema of the server that TWINREG_TEST_PG names (CTest pg_statements runs it under
 * tests/pg/with_cluster.sh), made by migrations/postgresql (PG_MIGRATIONS: its folder). */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "store/engine_pg.h"
#include "store/pg_array.h"
#include "twinreg/store/cells.h"
#include "twinreg/store/store.h"

static tr_store *store;
static tr_error err;

static void exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQresultErrorMessage(res));
    PQclear(res);
}

static void exec_file(PGconn *conn, const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot read '%s'", path);
    static char sql[1 << 16];
    size_t n = fread(sql, 1, sizeof sql - 1, f);
    ck_assert_msg(feof(f), "'%s' is larger than this test reads", path);
    fclose(f);
    sql[n] = '\0';
    exec_ok(conn, sql);
}

static void setup(void)
{
    const char *conninfo = getenv("TWINREG_TEST_PG"), *dir = getenv("PG_MIGRATIONS");
    ck_assert_msg(conninfo && dir, "run under tests/pg/with_cluster.sh, with PG_MIGRATIONS");
    tr_error_init(&err);
    ck_assert_int_eq(st_pg_store_open(&store, conninfo, &err), 0);
    PGconn *conn = st_pg_conn(store);
    exec_ok(conn, "DROP SCHEMA IF EXISTS statements CASCADE");
    exec_ok(conn, "CREATE SCHEMA statements");
    exec_ok(conn, "SET search_path TO statements");
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/[0-9][0-9][0-9][0-9]_*.sql", dir);
    glob_t files;
    ck_assert_int_eq(glob(pattern, 0, NULL, &files), 0); /* sorted: in order */
    for (size_t i = 0; i < files.gl_pathc; i++)
        exec_file(conn, files.gl_pathv[i]);
    globfree(&files);
}

static void teardown(void)
{
    tr_store_close(store);
    tr_error_release(&err);
}

#include "entity_sql_cases.h"
#include "statement_cases.h"

/* A server that is not there: TR_IO, and the message keeps the password to itself. */
START_TEST(a_missing_server_is_an_io_error_without_the_password)
{
    tr_store *none = NULL;
    tr_error why;
    tr_error_init(&why);
    ck_assert_int_eq(st_pg_store_open(&none, "host=/nonexistent password=s3cret dbname=x", &why),
                     -1);
    ck_assert_ptr_null(none);
    ck_assert_int_eq(why.status, TR_IO);
    ck_assert_ptr_nonnull(strstr(why.message, "unable to connect to PostgreSQL: "));
    ck_assert_ptr_null(strstr(why.message, "s3cret"));
    tr_error_release(&why);
}
END_TEST

/* A list as the row's JSON value holds it (tr_cells_json), read from the array's text. */
static json_t *list_json(const char *text, tr_cell_kind kind)
{
    tr_cell cell = {.kind = kind, .text = text, .len = strlen(text), .pg_array = 1};
    const char *const names[] = {"list"};
    tr_cells row = {1, names, &cell};
    json_t *object = tr_cells_json(&row);
    json_t *list = json_incref(json_object_get(object, "list"));
    json_decref(object);
    return list;
}

/* The server's own array text, every kind of element array_out quotes (a space, a comma,
 * a quote, a backslash, braces, an empty text, the word NULL) and a real NULL, read back as
 * the texts they were: what `active` and `partners` read their lists from. */
START_TEST(array_text_reads_back_as_json)
{
    static const char sql[] =
        "SELECT array_agg(x ORDER BY n), array_agg(n ORDER BY n) FROM (VALUES (1, 'Seoul'), "
        "(2, 'Mexico City'), (3, 'a,b'), (4, 'say \"hi\"'), (5, 'back\\slash'), (6, '{x}'), "
        "(7, ''), (8, 'NULL'), (9, NULL), (10, 'Zürich')) AS t (n, x)";
    st_stmt *stmt = st_prepare_once(store, sql, &err);
    ck_assert_ptr_nonnull(stmt);
    ck_assert_int_eq(st_step(stmt), ST_ROW);
    json_t *texts = list_json(st_column_text(stmt, 0), TR_CELL_TEXTS);
    json_t *ids = list_json(st_column_text(stmt, 1), TR_CELL_INTEGERS);
    char *got = json_dumps(texts, JSON_COMPACT), *got_ids = json_dumps(ids, JSON_COMPACT);
    ck_assert_str_eq(got, "[\"Seoul\",\"Mexico City\",\"a,b\",\"say \\\"hi\\\"\","
                          "\"back\\\\slash\",\"{x}\",\"\",\"NULL\",null,\"Zürich\"]");
    ck_assert_str_eq(got_ids, "[1,2,3,4,5,6,7,8,9,10]");
    free(got), free(got_ids);
    json_decref(texts), json_decref(ids);
    st_finalize(stmt);
}
END_TEST

/* Not an array's text: the reader fails at the element that is wrong, never reads one. */
START_TEST(malformed_array_text_is_refused)
{
    static const char *const bad[] = {"", "[1]", "{1,2", "{\"a}", "{1}x", "{1,,2}", "{}x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        st_pg_array_reader r;
        st_pg_array_begin(&r, bad[i]);
        const char *item;
        size_t len;
        int rc;
        while ((rc = st_pg_array_next(&r, &item, &len)) == 1)
            ;
        st_pg_array_done(&r);
        ck_assert_msg(rc == -1, "'%s' was read", bad[i]);
    }
    json_t *empty = list_json("{}", TR_CELL_TEXTS);
    ck_assert_int_eq(json_array_size(empty), 0);
    json_decref(empty);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pg_statements");
    TCase *tc = tcase_create("statements");
    tcase_add_checked_fixture(tc, setup, teardown);
    add_statement_cases(tc);
    add_entity_sql_cases(tc);
    tcase_add_test(tc, array_text_reads_back_as_json);
    suite_add_tcase(s, tc);
    TCase *connect = tcase_create("connect");
    tcase_add_test(connect, a_missing_server_is_an_io_error_without_the_password);
    tcase_add_test(connect, malformed_array_text_is_refused);
    suite_add_tcase(s, connect);
    return check_run(s);
}
