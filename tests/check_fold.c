/* Name folding: the forms users type must fold alike; different names must not. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/core/fold.h"
#include "twinreg/core/name_order.h"
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
    assert_fold("서울", "서울");
    assert_fold("Saint-Étienne", "saint etienne");
    assert_fold("  Mexico   City ", "mexico city");
    assert_fold("!!!", "");
}
END_TEST

/* Letters with no diacritic to strip go through ICU's Latin-ASCII (issue 15): what users
 * type without them finds them. */
START_TEST(latin_letters_fold_to_ascii)
{
    assert_fold("Łódź", "lodz");
    assert_fold("København", "kobenhavn");
    assert_fold("Straße", "strasse");
    assert_fold("STRASSE", "strasse");
    assert_fold("Ærø", "aero");
    assert_fold("Œuvre", "oeuvre");
    assert_fold("Þórshöfn", "thorshofn");
    assert_fold("İstanbul", "istanbul");
    assert_fold("Kołobrzeg-Ørsted", "kolobrzeg orsted");
    assert_fold("Ǆemal", "dzemal"); /* a capital digraph comes back as two letters */
    assert_fold("ﬁnale", "finale"); /* a ligature */
}
END_TEST

/* Every other character folds as the tokenizer alone folds it: other scripts, digits,
 * punctuation, spaces; in a mixed name only the Latin letters change. */
START_TEST(other_scripts_fold_as_before)
{
    assert_fold("Москва", "москва");
    assert_fold("서울특별시", "서울특별시");
    assert_fold("Αθήνα", "αθήνα"); /* unicode61 keeps the Greek tonos, as before */
    assert_fold("東京", "東京");
    assert_fold("Łódź – Москва 2000!", "lodz москва 2000");
    assert_fold("Ærø/서울", "aero 서울");
    assert_fold("Saint-Étienne", "saint etienne");
}
END_TEST

/* A key folds to itself: a stored key looked up again, or folded by a migration, stays. */
START_TEST(folding_is_idempotent)
{
    const char *names[] = {"Łódź", "Straße", "Ærø", "Ǆemal", "Москва Łódź", "ŉ"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char *once = tr_fold(names[i]);
        ck_assert_ptr_nonnull(once);
        assert_fold(once, once);
        free(once);
    }
}
END_TEST

static void assert_spelled(const char *in, const char *expected)
{
    char buf[256];
    ck_assert_int_eq(tr_fold_spelled_into(in, buf, sizeof buf), 0);
    ck_assert_msg(strcmp(buf, expected) == 0, "spelled('%s') = '%s', expected '%s'", in, buf,
                  expected);
}

/* The spelled-out fold writes the two letters German and Nordic spellings use: aeroe finds
 * Ærø, muenchen München (beside tr_fold's aero, munchen). */
START_TEST(spelled_out_letters)
{
    assert_spelled("München", "muenchen");
    assert_spelled("MÜNCHEN", "muenchen");
    assert_spelled("Ærø", "aeroe");
    assert_spelled("Åland", "aaland");
    assert_spelled("Göteborg", "goeteborg");
    assert_spelled("Straße", "strasse");
    assert_spelled("Łódź", "lodz"); /* no spelled-out form: as tr_fold */
    assert_spelled("Kraków", "krakow");
    assert_spelled("Paris", "paris");
    assert_spelled("Москва", "москва");
    assert_spelled("Zürich – Москва", "zuerich москва");
    /* A decomposed ü (u and U+0308) is the same letter. */
    assert_spelled("Mu\xcc\x88nchen", "muenchen");
    /* A Greek letter's mark is not composed with it: dropped by the tokenizer as before. */
    assert_fold("\xce\xb7\xcc\x81 Ærø", "η aero");
    assert_spelled("\xce\xb7\xcc\x81 Ærø", "η aeroe");
}
END_TEST

START_TEST(overflow_is_detected)
{
    char small[4];
    ck_assert_int_eq(tr_fold_into("Mexico City", small, sizeof small), -1);
    char ok[32];
    ck_assert_int_eq(tr_fold_into("Mexico City", ok, sizeof ok), 0);
    ck_assert_str_eq(ok, "mexico city");
    /* Straße → strasse fits in 8 bytes, not 7. */
    char seven[7], eight[8];
    ck_assert_int_eq(tr_fold_into("Straße", seven, sizeof seven), -1);
    ck_assert_int_eq(tr_fold_into("Straße", eight, sizeof eight), 0);
    ck_assert_str_eq(eight, "strasse");
}
END_TEST

/* Names in the order people sort them, each folded as the store folds it: `names` must
 * already be in that order, and every pair must compare consistently. */
static void assert_people_order(const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            char *ki = tr_fold(names[i]), *kj = tr_fold(names[j]);
            ck_assert_ptr_nonnull(ki);
            ck_assert_ptr_nonnull(kj);
            int c = tr_name_cmp(ki, names[i], kj, names[j]);
            int want = (i > j) - (i < j);
            ck_assert_msg((c > 0) - (c < 0) == want, "'%s' vs '%s': %d, expected %d", names[i],
                          names[j], c, want);
            free(ki);
            free(kj);
        }
}

START_TEST(names_sort_as_people_sort_them)
{
    /* Byte order would put "Paris" and "Zwolle" before "amsterdam", and "Évry" last. */
    static const char *const names[] = {"amsterdam", "Ångström", "Évry",   "Łódź",
                                        "Paris",     "Seoul",    "Zwolle", "서울"};
    assert_people_order(names, sizeof names / sizeof *names);
    /* One key, two spellings: the name as written (bytes) decides, upper case first. */
    static const char *const twins[] = {"Paris", "París", "paris"};
    assert_people_order(twins, sizeof twins / sizeof *twins);
    /* A missing name or key sorts last. */
    ck_assert_int_gt(tr_name_cmp(NULL, "x", "a", "a"), 0);
    ck_assert_int_lt(tr_name_cmp("a", "a", "a", NULL), 0);
    ck_assert_int_eq(tr_name_cmp("a", "A", "a", "A"), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fold");
    TCase *tc = tcase_create("fold");
    tcase_add_test(tc, case_and_accents_do_not_matter);
    tcase_add_test(tc, latin_letters_fold_to_ascii);
    tcase_add_test(tc, other_scripts_fold_as_before);
    tcase_add_test(tc, folding_is_idempotent);
    tcase_add_test(tc, spelled_out_letters);
    tcase_add_test(tc, overflow_is_detected);
    tcase_add_test(tc, names_sort_as_people_sort_them);
    suite_add_tcase(s, tc);
    int status = check_run(s);
    tr_fold_shutdown();
    return status;
}
