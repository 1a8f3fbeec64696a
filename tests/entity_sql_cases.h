/* The entity files' SQL on every engine: included by check_store.c (SQLite) and
 * check_pg_statements.c (PostgreSQL), whose fixtures open `store` on a fresh registry and
 * init `err`. Each case runs entity functions whose statements were rewritten so that both
 * engines accept them (docs/architecture.md, "SQL the engines read differently"), and
 * asserts the same answers on both. Only functions that need nothing but the statement API
 * run here: cities and agreements are written through SQLite's range writer still. */
#ifndef TWINREG_TESTS_ENTITY_SQL_CASES_H
#define TWINREG_TESTS_ENTITY_SQL_CASES_H

#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_match.h"
#include "twinreg/store/city.h"
#include "twinreg/store/org.h"
#include "twinreg/store/program.h"
#include "twinreg/store/report.h"
#include "twinreg/store/source.h"

/* A call that must succeed, with the engine's reason when it does not. */
#define ENTITY_OK(call) ck_assert_msg((call) == 0, "%s: %s", #call, err.message)

static int count_row(json_t *row, void *ctx)
{
    (void)row;
    ++*(int *)ctx;
    return 0;
}

/* A citation left out (NULL) matches any; a link made twice is one link. */
START_TEST(a_source_is_ensured_and_linked_once)
{
    static const char url[] = "https://a.example/";
    int64_t id, again;
    tr_source_outcome outcome;
    ENTITY_OK(tr_source_ensure(store, url, "first", 0, &id, &outcome, &err));
    ck_assert_int_eq(outcome, TR_SOURCE_INSERTED);
    ck_assert(id > 0);
    const char *citations[] = {"first", NULL, "second"};
    const tr_source_outcome told[] = {TR_SOURCE_UNCHANGED, TR_SOURCE_UNCHANGED, TR_SOURCE_UPDATED};
    for (int i = 0; i < 3; i++) {
        ENTITY_OK(tr_source_ensure(store, url, citations[i], 0, &again, &outcome, &err));
        ck_assert_int_eq(outcome, told[i]);
        ck_assert(again == id);
    }
    for (int i = 0; i < 2; i++)
        ENTITY_OK(tr_source_link(store, "agreement", "7", url, &err));
    json_t *urls = tr_source_urls(store, "agreement", "7", &err);
    ck_assert_ptr_nonnull(urls);
    ck_assert_uint_eq(json_array_size(urls), 1);
    json_decref(urls);
}
END_TEST

/* The id counter's high-water mark (import's floor): the engine's own, behind one name. */
START_TEST(the_id_counter_tells_the_highest_id_given)
{
    ck_assert(tr_store_sequence(store, "sources") == 0);
    int64_t first, second;
    ENTITY_OK(tr_source_ensure(store, "https://one.example/", NULL, 0, &first, NULL, &err));
    ENTITY_OK(tr_source_ensure(store, "https://two.example/", NULL, 0, &second, NULL, &err));
    ck_assert(second > first);
    ck_assert(tr_store_sequence(store, "sources") == second);
    ck_assert(tr_store_sequence(store, "organizations") == 0);
}
END_TEST

START_TEST(an_organization_is_found_by_its_acronym_in_any_case)
{
    tr_org_fields f = {.name = "United Cities and Local Governments",
                       .acronym = {.set = 1, .value = "UCLG"}};
    int64_t id, found;
    ENTITY_OK(tr_org_add(store, &f, &id, &err));
    ENTITY_OK(tr_org_resolve(store, "uclg", &found, &err));
    ck_assert(found == id);
}
END_TEST

/* Every optional filter left out and given: a parameter that is NULL must still have a
 * type on PostgreSQL. The registry is empty: what is tested is that each statement runs.
 * Not here yet: active and partners (query.c), whose JSON aggregate differs per engine. */
START_TEST(listings_run_with_and_without_their_filters)
{
    int rows = 0;
    for (int given = 0; given < 2; given++) {
        ENTITY_OK(tr_city_list(store, given ? "FR" : NULL, count_row, &rows, &err));
        tr_agreement_filter f = {0};
        if (given)
            f = (tr_agreement_filter){
                .city = 1, .country = "FR", .kind = "twinning", .in_force_on = "2020-01-01"};
        ENTITY_OK(tr_agreement_list(store, &f, count_row, &rows, &err));
        ENTITY_OK(tr_timeline(store, 1, given ? 2 : 0, count_row, &rows, &err));
        ENTITY_OK(tr_program_totals(store, 0, 0, given, count_row, &rows, &err));
    }
    ck_assert_int_eq(rows, 0);
}
END_TEST

/* The match of a change in bulk: every filter slot switched off (NULL) and on runs on both
 * engines; an id named that is no agreement, and a fifth country, are refused. */
START_TEST(a_bulk_match_runs_with_and_without_its_filters)
{
    int64_t *ids;
    size_t n;
    tr_agreement_match none = {0};
    ENTITY_OK(tr_agreement_match_ids(store, &none, &ids, &n, &err));
    ck_assert_uint_eq(n, 0);
    free(ids);
    tr_agreement_match all = {.city = 1,
                              .countries = {"DE", "RU", "DE"},
                              .n_countries = 3,
                              .kind = "friendship",
                              .active_on = "2022-03-01"};
    ENTITY_OK(tr_agreement_match_ids(store, &all, &ids, &n, &err));
    ck_assert_uint_eq(n, 0);
    free(ids);
    const int64_t unknown[] = {7};
    tr_agreement_match named = {.ids = unknown, .n_ids = 1};
    ck_assert_int_eq(tr_agreement_match_ids(store, &named, &ids, &n, &err), -1);
    ck_assert_int_eq(err.status, TR_NOT_FOUND);
    ck_assert_ptr_null(ids);
    tr_error_release(&err);
    tr_error_init(&err);
    tr_agreement_match five = {.countries = {"DE", "RU", "FR", "KR", "MX"}, .n_countries = 5};
    ck_assert_int_eq(tr_agreement_match_ids(store, &five, &ids, &n, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
}
END_TEST

static inline void add_entity_sql_cases(TCase *tc)
{
    tcase_add_test(tc, a_bulk_match_runs_with_and_without_its_filters);
    tcase_add_test(tc, a_source_is_ensured_and_linked_once);
    tcase_add_test(tc, the_id_counter_tells_the_highest_id_given);
    tcase_add_test(tc, an_organization_is_found_by_its_acronym_in_any_case);
    tcase_add_test(tc, listings_run_with_and_without_their_filters);
}

#endif
