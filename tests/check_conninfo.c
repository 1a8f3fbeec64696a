/* Passwords in libpq connection strings (store/engine.c): found in both of libpq's forms,
 * and not seen in paths or other text. */
#include <check.h>

#include "check_run.h"
#include "twinreg/store/engine.h"

START_TEST(passwords_are_found_in_both_forms)
{
    static const char *const with[] = {
        "postgresql://ana:secret@db.example.org/registry",
        "postgres://ana:s%40cret@/registry?host=/run/postgresql",
        "postgresql://ana@db.example.org/registry?sslmode=require&password=secret",
        "postgresql://ana:@host/db", /* an empty password is one too */
        "host=/run/postgresql dbname=registry password=secret",
        "password = 'it\\'s' host=x",
        "dbname=registry password='with spaces \\' and a quote'",
    };
    for (size_t i = 0; i < sizeof with / sizeof with[0]; i++)
        ck_assert_msg(tr_store_conninfo_has_password(with[i]), "a password in: %s", with[i]);
}
END_TEST

START_TEST(other_text_has_no_password)
{
    static const char *const without[] = {
        "postgresql://ana@db.example.org/registry",
        "postgresql:///registry?host=/run/postgresql",
        "service=twinreg",
        "host=/run/postgresql dbname=registry user=ana",
        "registry.db",
        "/home/ana/password=secret.db", /* a path: not keyword pairs */
        "Lyon password=secret",         /* a word before the pairs: not a connection string */
        "postgresql://db.example.org/x?passwordless=1",
        "",
    };
    for (size_t i = 0; i < sizeof without / sizeof without[0]; i++)
        ck_assert_msg(!tr_store_conninfo_has_password(without[i]), "no password in: %s",
                      without[i]);
    ck_assert(!tr_store_conninfo_has_password(NULL));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("conninfo");
    TCase *tc = tcase_create("password");
    tcase_add_test(tc, passwords_are_found_in_both_forms);
    tcase_add_test(tc, other_text_has_no_password);
    suite_add_tcase(s, tc);
    return check_run(s);
}
