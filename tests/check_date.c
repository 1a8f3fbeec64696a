/* Partial dates: accepted forms, rejected forms, first days. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "twinreg/core/date.h"
#include "twinreg/core/period.h"
#include "check_run.h"

START_TEST(accepts_partial_and_full_dates)
{
    static const struct {
        const char *in;
        tr_date_precision p;
        const char *first;
    } ok[] = {
        {"1992", TR_DATE_YEAR, "1992-01-01"},      {"1992-10", TR_DATE_MONTH, "1992-10-01"},
        {"1992-10-19", TR_DATE_DAY, "1992-10-19"}, {"2024-02-29", TR_DATE_DAY, "2024-02-29"},
        {"2000-02-29", TR_DATE_DAY, "2000-02-29"}, {"2999-12-31", TR_DATE_DAY, "2999-12-31"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        tr_error err;
        tr_error_init(&err);
        tr_date d;
        ck_assert_int_eq(tr_date_parse(ok[i].in, &d, "date", &err), 0);
        ck_assert_int_eq(d.precision, ok[i].p);
        char buf[11];
        tr_date_format(&d, buf);
        ck_assert_str_eq(buf, ok[i].in);
        tr_date_first_day(&d, buf);
        ck_assert_str_eq(buf, ok[i].first);
    }
}
END_TEST

START_TEST(rejects_impossible_and_sloppy_dates)
{
    static const char *bad[] = {"1992-02-30", "1900-02-29", "2023-02-29",    "1992-13",
                                "1992-00",    "1992-04-31", "last year",     "92",
                                "",           "1992-1-5",   "1992/10/19",    "19922",
                                "0000",       " 1992",      "1992-10-19T00", "1992-10-00",
                                "1992-"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tr_error err;
        tr_error_init(&err);
        tr_date d;
        ck_assert_msg(tr_date_parse(bad[i], &d, "signing date", &err) == -1, "accepted '%s'",
                      bad[i]);
        ck_assert_int_eq(err.status, TR_REJECTED);
        ck_assert_ptr_nonnull(strstr(err.message, "signing date"));
    }
}
END_TEST

START_TEST(compares_at_the_coarser_precision)
{
    static const struct {
        const char *a, *b;
        int before;
    } cases[] = {
        {"1992-07-08", "1992-07-09", 1},
        {"1992-06", "1992-07-09", 1},
        {"1991", "1992-07-09", 1},
        {"1991-12-31", "1992", 1},
        {"1992-06-30", "1992-07", 1},
        /* the same day, or a coarser date that may be it or later */
        {"1992-07-09", "1992-07-09", 0},
        {"1992-07", "1992-07-09", 0},
        {"1992", "1992-07-09", 0},
        {"1992-01-01", "1992", 0},
        {"1992-07-31", "1992-07", 0},
        {"1992", "1992", 0},
        /* after */
        {"1992-07-10", "1992-07-09", 0},
        {"1993", "1992-07-09", 0},
        {"1992-08", "1992-07", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(tr_date_certainly_before(cases[i].a, cases[i].b) == cases[i].before,
                      "'%s' before '%s': expected %d", cases[i].a, cases[i].b, cases[i].before);
}
END_TEST

/* Suspensions: half-open periods, open ones unbounded, within the agreement's days. */
START_TEST(periods_overlap_and_fit)
{
    tr_period a = {"2022-03-01", "2023-01-01"}, open = {"2024-01-01", NULL};
    tr_period touching = {"2023-01-01", "2023-06-01"}, inside = {"2022-05-01", "2022-06-01"};
    tr_period later = {"2030-01-01", NULL}, inverted = {"2022-03-01", "2022-03-01"};
    ck_assert_int_eq(tr_period_overlaps(&a, &touching), 0); /* resumed the day it starts */
    ck_assert_int_eq(tr_period_overlaps(&a, &inside), 1);
    ck_assert_int_eq(tr_period_overlaps(&inside, &a), 1);
    ck_assert_int_eq(tr_period_overlaps(&open, &later), 1); /* open: until further notice */
    ck_assert_int_eq(tr_period_overlaps(&touching, &open), 0);
    tr_period both[] = {a, open};
    tr_error err;
    tr_error_init(&err);
    ck_assert_int_eq(tr_period_fits(&touching, both, 2, "1990-01-01", NULL, &err), 0);
    ck_assert_int_eq(tr_period_fits(&later, both, 2, NULL, NULL, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_ptr_nonnull(strstr(err.message, "overlaps the suspension from 2024-01-01 (open)"));
    tr_error_init(&err);
    ck_assert_int_eq(tr_period_fits(&inverted, NULL, 0, NULL, NULL, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "before it starts"));
    tr_error_init(&err);
    ck_assert_int_eq(tr_period_fits(&a, NULL, 0, "2022-03-02", NULL, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "before the agreement is in force"));
    tr_error_init(&err);
    ck_assert_int_eq(tr_period_fits(&a, NULL, 0, "2022-03-01", "2022-03-01", &err), -1);
    ck_assert_ptr_nonnull(strstr(err.message, "no longer in force from 2022-03-01"));
    tr_error_init(&err);
    ck_assert_int_eq(tr_period_fits(&a, NULL, 0, "2022-03-01", "2022-03-02", &err), 0);
}
END_TEST

/* The window of agreement list --expiring: calendar months and years, days across years. */
START_TEST(adds_spans)
{
    static const char *const cases[][3] = {
        {"2026-06-01", "1y", "2027-06-01"},   {"2024-02-29", "1y", "2025-02-28"},
        {"2026-01-31", "1m", "2026-02-28"},   {"2024-01-31", "1m", "2024-02-29"},
        {"2026-08-31", "6m", "2027-02-28"},   {"2026-12-31", "1d", "2027-01-01"},
        {"2024-02-28", "1d", "2024-02-29"},   {"2026-06-01", "90d", "2026-08-30"},
        {"2000-01-01", "366d", "2001-01-01"}, {"0001-01-01", "1d", "0001-01-02"},
        {"2026-11-15", "14m", "2028-01-15"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11];
        tr_error err;
        tr_error_init(&err);
        ck_assert_int_eq(tr_date_add_span(cases[i][0], cases[i][1], out, "--within", &err), 0);
        ck_assert_str_eq(out, cases[i][2]);
    }
    static const char *const bad[] = {"0d", "5x", "-1y", "y", "", "1", "1 y", "+1y", "8000y"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char out[11];
        tr_error err;
        tr_error_init(&err);
        ck_assert_int_eq(tr_date_add_span("2026-06-01", bad[i], out, "--within", &err), -1);
        ck_assert_int_eq(err.status, TR_USAGE);
        ck_assert_ptr_nonnull(strstr(err.message, "invalid --within"));
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, accepts_partial_and_full_dates);
    tcase_add_test(tc, rejects_impossible_and_sloppy_dates);
    tcase_add_test(tc, compares_at_the_coarser_precision);
    tcase_add_test(tc, periods_overlap_and_fit);
    tcase_add_test(tc, adds_spans);
    suite_add_tcase(s, tc);
    return check_run(s);
}
