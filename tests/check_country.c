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

/* The refusal's message, for a text nothing (or two countries) resolves. */
static void assert_refused(const tr_country_map *map, const char *in, const char *message)
{
    tr_error err;
    tr_error_init(&err);
    ck_assert_msg(tr_country_resolve_with(map, in, &err) == NULL, "'%s' resolved", in);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_str_eq(err.message, message);
    ck_assert_ptr_null(tr_country_find_with(map, in));
}

static void assert_countries(const char *const cases[][2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_country(cases[i][0], cases[i][1]);
}

/* Step 1: iso-codes' translations, folded as English names are. */
START_TEST(names_in_other_languages)
{
    static const char *const cases[][2] = {
        {"Mexique", "MX"},  {"México", "MX"},   {"mexico", "MX"},    {"Südkorea", "KR"},
        {"SUDKOREA", "KR"}, {"대한민국", "KR"}, {"Allemagne", "DE"}, {"Германия", "DE"},
        {"Grèce", "GR"},    {"Grece", "GR"}, /* French, without its accent */
    };
    assert_countries(cases, sizeof cases / sizeof cases[0]);
}
END_TEST

/* Step 2: only the qualifier "(country)" goes; another may be what tells two apart. */
START_TEST(qualifier_in_parentheses)
{
    static const char *const cases[][2] = {
        {"Georgia (country)", "GE"},
        {"Georgia  (Country)", "GE"},
        {"Ireland (country)", "IE"},
    };
    assert_countries(cases, sizeof cases / sizeof cases[0]);
    ck_assert_ptr_null(tr_country_find("Congo (Kinshasa)"));
    ck_assert_ptr_null(tr_country_find("Georgia (U.S. state)"));
    ck_assert_ptr_null(tr_country_find("(country)"));
}
END_TEST

/* Step 3: the text after the last comma that names a country; a territory with its own
 * code keeps it, a region named like another country does not. */
START_TEST(region_then_country)
{
    static const char *const cases[][2] = {
        {"Lower Saxony, Germany", "DE"},
        {"Northern Ireland, United Kingdom", "GB"},
        {"Paris,France", "FR"},
        {"Bavaria, Allemagne", "DE"},
        {"Tbilisi, Georgia (country)", "GE"},
        {"Seoul, Korea, Republic of", "KR"},
        {"Réunion, France", "RE"},
        {"Reunion, FR", "RE"},
        {"Puerto Rico, United States", "PR"},
        {"Hong Kong, China", "HK"},
        {"Aruba, Netherlands", "AW"},
        {"Georgia, United States", "US"}, /* a state, not the country GE */
        {"Luxembourg, Belgium", "BE"},    /* a province */
        {"Mali, Guinea", "GN"},           /* a prefecture coded GN-ML */
    };
    assert_countries(cases, sizeof cases / sizeof cases[0]);
    ck_assert_ptr_null(tr_country_find("Lower Saxony, Atlantis"));
    ck_assert_ptr_null(tr_country_find("Lower Saxony, "));
}
END_TEST

/* Step 4: ISO 3166-3's former names under their successor, ISO's names without their
 * qualifier, the documented short forms; a withdrawn code with no single successor is not
 * guessed. */
START_TEST(former_and_short_names)
{
    static const char *const cases[][2] = {
        {"Brunei", "BN"}, {"Micronesia", "FM"},  {"Falkland Islands", "FK"}, {"Moldavia", "MD"},
        {"Zaire", "CD"},  {"Upper Volta", "BF"}, {"Dahomey", "BJ"},          {"Tanzania", "TZ"},
    };
    assert_countries(cases, sizeof cases / sizeof cases[0]);
    ck_assert_ptr_null(tr_country_find("Yugoslavia"));
    ck_assert_ptr_null(tr_country_find("Czechoslovakia"));
}
END_TEST

START_TEST(ambiguous_names_refused)
{
    assert_refused(NULL, "Korea", "ambiguous country 'Korea': it names KP and KR");
    assert_refused(NULL, "Virgin Islands",
                   "ambiguous country 'Virgin Islands': it names VG and VI");
    assert_refused(NULL, "Seoul, Korea", "ambiguous country 'Seoul, Korea': it names KP and KR");
}
END_TEST

START_TEST(suggestions)
{
    assert_refused(NULL, "Germny", "unknown country 'Germny': did you mean 'Germany'?");
    assert_refused(NULL, "Mexic", "unknown country 'Mexic': did you mean 'Mexico'?");
    assert_refused(NULL, "Swizerland", "unknown country 'Swizerland': did you mean 'Switzerland'?");
    assert_refused(NULL, "Atlantis",
                   "unknown country 'Atlantis': give an ISO 3166-1 code (MX, MEX) or a name");
    assert_refused(NULL, "Xy", "unknown country 'Xy': give an ISO 3166-1 code (MX, MEX) or a name");
}
END_TEST

/* Step 5: the user's map, for what the rules leave (or leave ambiguous); a mapping that
 * contradicts them, an unknown code or two codes for one name are refused. */
START_TEST(user_map)
{
    tr_country_map *map = tr_country_map_new();
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(tr_country_map_add_spec(map, "Northern Cyprus=CY", &err), 0);
    ck_assert_int_eq(tr_country_map_add(map, "Korea", "kor", &err), 0);
    ck_assert_int_eq(tr_country_map_add(map, "Mexique", "MX", &err), 0); /* agrees: kept */
    ck_assert_str_eq(tr_country_find_with(map, "northern cyprus")->alpha2, "CY");
    ck_assert_str_eq(tr_country_find_with(map, "Famagusta, Northern Cyprus")->alpha2, "CY");
    ck_assert_str_eq(tr_country_find_with(map, "Korea")->alpha2, "KR");
    ck_assert_ptr_null(tr_country_find("Northern Cyprus"));
    static const struct {
        const char *spec, *message;
    } bad[] = {
        {"Northern Cyprus=TR",
         "country alias 'Northern Cyprus=TR': 'Northern Cyprus' is mapped to CY already"},
        {"Georgia=US", "country alias 'Georgia=US': 'Georgia' is GE already"},
        {"Narnia=QQ", "country alias 'Narnia': 'QQ' is not an ISO 3166-1 code"},
        {"Narnia=Mexico", "country alias 'Narnia': 'Mexico' is not an ISO 3166-1 code"},
        {"Narnia", "country alias 'Narnia': expected NAME=CC"},
        {"--=MX", "country alias '--': a name must have letters"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tr_error_init(&err);
        ck_assert_int_eq(tr_country_map_add_spec(map, bad[i].spec, &err), -1);
        ck_assert_int_eq(err.status, TR_USAGE);
        ck_assert_str_eq(err.message, bad[i].message);
    }
    ck_assert_str_eq(tr_country_find_with(map, "Northern Cyprus")->alpha2, "CY");
    ck_assert_ptr_null(tr_country_find_with(map, "Narnia"));
    tr_country_map_free(map);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("country");
    TCase *tc = tcase_create("lookup");
    tcase_add_test(tc, codes_and_names);
    tcase_add_test(tc, aliases_from_real_lists);
    tcase_add_test(tc, unknown_countries);
    tcase_add_test(tc, names_in_other_languages);
    tcase_add_test(tc, qualifier_in_parentheses);
    tcase_add_test(tc, region_then_country);
    tcase_add_test(tc, former_and_short_names);
    tcase_add_test(tc, ambiguous_names_refused);
    tcase_add_test(tc, suggestions);
    tcase_add_test(tc, user_map);
    suite_add_tcase(s, tc);
    int status = check_run(s);
    tr_country_shutdown();
    tr_fold_shutdown();
    return status;
}
