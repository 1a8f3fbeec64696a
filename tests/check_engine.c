/* Which engine --db names (twinreg/store/engine.h), and the PostgreSQL connection probe:
 * against a server when TWINREG_TEST_PG holds its connection string (CTest pg_connect,
 * under tests/pg/with_cluster.sh), else only its refusals. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "store/pg_connect.h"
#include "twinreg/store/engine.h"

#ifdef TWINREG_POSTGRESQL
#include <libpq-fe.h>
#endif

static void assert_engine(const char *db, tr_engine want)
{
    ck_assert_msg(tr_store_engine_of(db) == want, "'%s': expected %s", db,
                  want == TR_ENGINE_POSTGRESQL ? "PostgreSQL" : "SQLite");
}

START_TEST(uris_are_postgresql)
{
    assert_engine("postgresql://", TR_ENGINE_POSTGRESQL);
    assert_engine("postgresql://alice@db.example.org:5433/twinreg", TR_ENGINE_POSTGRESQL);
    assert_engine("postgres://localhost/twinreg?sslmode=require", TR_ENGINE_POSTGRESQL);
    assert_engine("postgresql:///twinreg?host=/run/postgresql", TR_ENGINE_POSTGRESQL);
}
END_TEST

START_TEST(keywords_are_postgresql)
{
    assert_engine("service=registry", TR_ENGINE_POSTGRESQL);
    assert_engine("host=/tmp/pg port=5432 dbname=twinreg", TR_ENGINE_POSTGRESQL);
    assert_engine("dbname=twinreg", TR_ENGINE_POSTGRESQL);
    assert_engine("  user = alice dbname=twinreg", TR_ENGINE_POSTGRESQL);
    assert_engine("sslmode=require host=db.example.org", TR_ENGINE_POSTGRESQL);
}
END_TEST

START_TEST(paths_stay_sqlite)
{
    assert_engine("registry.db", TR_ENGINE_SQLITE);
    assert_engine("/home/alice/.local/share/twinreg/registry.db", TR_ENGINE_SQLITE);
    assert_engine("a=b.db", TR_ENGINE_SQLITE);            /* '=' after no keyword */
    assert_engine("data/year=2024.db", TR_ENGINE_SQLITE); /* '=' after a folder */
    assert_engine("./host=x.db", TR_ENGINE_SQLITE);       /* a keyword's file, named */
    assert_engine("hosts=x.db", TR_ENGINE_SQLITE);        /* a keyword's prefix only */
    assert_engine("Host=x.db", TR_ENGINE_SQLITE);         /* libpq's keywords are lowercase */
    assert_engine("host", TR_ENGINE_SQLITE);              /* a keyword without '=' */
    assert_engine("file:registry.db", TR_ENGINE_SQLITE);  /* ':' in a path */
    assert_engine("C:registry.db", TR_ENGINE_SQLITE);
    assert_engine("postgresql:registry.db", TR_ENGINE_SQLITE);
    assert_engine("postgresql/registry.db", TR_ENGINE_SQLITE);
    assert_engine("POSTGRESQL://x", TR_ENGINE_SQLITE); /* libpq's prefixes are lowercase */
    assert_engine("", TR_ENGINE_SQLITE);
}
END_TEST

#ifdef TWINREG_POSTGRESQL
/* The keyword list in engine.c holds every keyword of the libpq linked here. */
START_TEST(every_libpq_keyword_is_known)
{
    PQconninfoOption *options = PQconndefaults();
    ck_assert_ptr_nonnull(options);
    int n = 0;
    for (PQconninfoOption *o = options; o->keyword != NULL; o++, n++) {
        char db[128];
        snprintf(db, sizeof db, "%s=x", o->keyword);
        assert_engine(db, TR_ENGINE_POSTGRESQL);
    }
    PQconninfoFree(options);
    ck_assert_int_gt(n, 20);
}
END_TEST
#endif

START_TEST(probe_refuses_a_missing_server)
{
    tr_error err;
    tr_error_init(&err);
    int version = -1;
    const char *db = "host=/nonexistent/twinreg-socket dbname=x password=s3cret";
    ck_assert_int_eq(tr_store_pg_probe(db, &version, &err), -1);
    ck_assert_int_eq(err.status, TR_IO);
    ck_assert_int_eq(version, -1);
    ck_assert_msg(strncmp(err.message, "unable to connect to PostgreSQL: ", 33) == 0, "%s",
                  err.message);
    ck_assert_msg(strchr(err.message, '\n') == NULL, "%s", err.message);
    ck_assert_msg(strstr(err.message, "s3cret") == NULL, "%s", err.message);
    tr_error_release(&err);
}
END_TEST

#ifdef TWINREG_POSTGRESQL
/* Needs TWINREG_TEST_PG: CTest pg_connect sets it, check_engine alone does not run this. */
START_TEST(probe_reaches_the_test_server)
{
    const char *db = getenv("TWINREG_TEST_PG");
    ck_assert_ptr_nonnull(db);
    tr_error err;
    tr_error_init(&err);
    int version = -1;
    ck_assert_msg(tr_store_pg_probe(db, &version, &err) == 0, "%s", err.message);
    ck_assert_int_ge(version, 150000);

    char wrong[1024];
    snprintf(wrong, sizeof wrong, "%s dbname=no_such_registry", db);
    ck_assert_int_eq(tr_store_pg_probe(wrong, &version, &err), -1);
    ck_assert_int_eq(err.status, TR_IO);
    ck_assert_msg(strstr(err.message, "\"no_such_registry\" does not exist") != NULL, "%s",
                  err.message);
    tr_error_release(&err);
}
END_TEST
#endif

int main(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("engine");
    tcase_add_test(tc, uris_are_postgresql);
    tcase_add_test(tc, keywords_are_postgresql);
    tcase_add_test(tc, paths_stay_sqlite);
#ifdef TWINREG_POSTGRESQL
    tcase_add_test(tc, every_libpq_keyword_is_known);
    if (getenv("TWINREG_TEST_PG") != NULL)
        tcase_add_test(tc, probe_reaches_the_test_server);
#endif
    tcase_add_test(tc, probe_refuses_a_missing_server);
    suite_add_tcase(s, tc);
    return check_run(s);
}
