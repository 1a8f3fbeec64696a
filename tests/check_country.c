/* Countries: codes, English names, common names and the documented aliases. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/core/country.h"
#include "twinreg/core/fold.h"
#include "check_run.h"

static void assert_country(const char *in, const char *alpha2)
{
    const struct tr_country *c = tr_country_find(in);
    ck_assert_msg(c != NULL, "'%s' not found", in);
    ck_assert_msg(strcmp(c->alpha2, alpha2) == 0, "'%s' -> %s, expected %s", in, c->alpha2, alpha2);
}

START_TEST(codes_and_names)
{
    assert_country("MX", "MX");
    assert_country("mx", "MX");
    assert_country("MEX", "MX");
    assert_country("Mexico", "MX");
    assert_country("South Korea", "KR");
    assert_country("Korea, Republic of", "KR");
    assert_country("Côte d'Ivoire", "CI");
    assert_country("cote d ivoire", "CI");
    assert_country("United States of America", "US");
}
END_TEST

START_TEST(aliases_from_real_lists)
{
    assert_country("England", "GB");
    assert_country("Scotland", "GB");
    assert_country("Wales", "GB");
    assert_country("Russia", "RU");
    assert_country("Turkey", "TR");
    assert_country("Republic of Ireland", "IE");
    assert_country("Ivory Coast", "CI");
    assert_country("Cape Verde", "CV");
}
END_TEST

START_TEST(unknown_countries)
{
    static const char *bad[] = {"XX", "ZZZ", "Atlantis", "", "M", "Mexic"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(tr_country_find(bad[i]) == NULL, "'%s' resolved", bad[i]);
    tr_error err;
    tr_error_init(&err);
    ck_assert_ptr_null(tr_country_resolve("Atlantis", &err));
    ck_assert_int_eq(err.status, TR_REJECTED);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("country");
    TCase *tc = tcase_create("lookup");
    tcase_add_test(tc, codes_and_names);
    tcase_add_test(tc, aliases_from_real_lists);
    tcase_add_test(tc, unknown_countries);
    suite_add_tcase(s, tc);
    int status = check_run(s);
    tr_country_shutdown();
    tr_fold_shutdown();
    return status;
}
