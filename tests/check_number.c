/* Whole numbers typed by people (core/number.c): digits only, within the range asked,
 * and nothing written when refused. */
#include <check.h>
#include <limits.h>

#include "check_run.h"
#include "twinreg/core/number.h"

START_TEST(digits_within_the_range_are_read)
{
    long long v = -1;
    ck_assert_int_eq(tr_parse_whole("0", 0, 10, &v), 0);
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(tr_parse_whole("10", 0, 10, &v), 0);
    ck_assert_int_eq(v, 10);
    ck_assert_int_eq(tr_parse_whole("007", 1, 10, &v), 0);
    ck_assert_int_eq(v, 7);
    ck_assert_int_eq(tr_parse_whole("9223372036854775807", 0, LLONG_MAX, &v), 0);
    ck_assert(v == LLONG_MAX);
}
END_TEST

START_TEST(anything_else_is_refused_untouched)
{
    static const char *const bad[] = {"",
                                      "+5",
                                      "-5",
                                      " 5",
                                      "5 ",
                                      "5s",
                                      "0x10",
                                      "1e3",
                                      "5.0",
                                      "abc",
                                      "١٢",
                                      "9223372036854775808",
                                      "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long v = 42;
        ck_assert_msg(tr_parse_whole(bad[i], 0, LLONG_MAX, &v) == -1, "'%s' should be refused",
                      bad[i]);
        ck_assert_int_eq(v, 42);
    }
    long long v = 42;
    ck_assert_int_eq(tr_parse_whole(NULL, 0, 10, &v), -1);
    ck_assert_int_eq(tr_parse_whole("11", 0, 10, &v), -1);
    ck_assert_int_eq(tr_parse_whole("0", 1, 10, &v), -1);
    ck_assert_int_eq(v, 42);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("number");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, digits_within_the_range_are_read);
    tcase_add_test(tc, anything_else_is_refused_untouched);
    suite_add_tcase(s, tc);
    return check_run(s);
}
