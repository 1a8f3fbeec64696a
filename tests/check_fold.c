/* Name folding: the forms users type must fold alike; different names must not. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/core/fold.h"
#include "check_run.h"

static void assert_fold(const char *in, const char *expected)
{
    char *f = tr_fold(in);
    ck_assert_ptr_nonnull(f);
    ck_assert_msg(strcmp(f, expected) == 0, "fold('%s') = '%s', expected '%s'", in, f, expected);
    free(f);
}

START_TEST(case_and_accents_do_not_matter)
{
    assert_fold("Seoul", "seoul");
    assert_fold("Séoul", "seoul");
    assert_fold("SEÚL", "seul");
    assert_fold("Ciudad de México", "ciudad de mexico");
    assert_fold("Montbéliard", "montbeliard");
    /* unicode61 strips combining marks only: Ł has none, so it stays (lowercased). */
    assert_fold("Łódź", "łodz");
    assert_fold("서울", "서울");
    assert_fold("Saint-Étienne", "saint etienne");
    assert_fold("  Mexico   City ", "mexico city");
    assert_fold("!!!", "");
}
END_TEST

START_TEST(overflow_is_detected)
{
    char small[4];
    ck_assert_int_eq(tr_fold_into("Mexico City", small, sizeof small), -1);
    char ok[32];
    ck_assert_int_eq(tr_fold_into("Mexico City", ok, sizeof ok), 0);
    ck_assert_str_eq(ok, "mexico city");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");
    tcase_add_test(tc, case_and_accents_do_not_matter);
    tcase_add_test(tc, overflow_is_detected);
    suite_add_tcase(s, tc);
    int status = check_run(s);
    tr_fold_shutdown();
    return status;
}
