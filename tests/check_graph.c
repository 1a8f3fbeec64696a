/* The network's graph helpers (core/graph.c): ids numbered in the order first met, kept
 * through growth; union-find's sets against a brute-force labelling; links in walk order. */
#include <check.h>
#include <stdlib.h>

#include "twinreg/core/graph.h"
#include "check_run.h"

START_TEST(ids_are_numbered_in_order_and_found_again)
{
    tr_id_index ix;
    tr_id_index_init(&ix);
    ck_assert_uint_eq(tr_id_index_find(&ix, 7), (size_t)-1);
    /* Far apart, negative and consecutive ids, past several growths of the table. */
    int added;
    for (int64_t i = 0; i < 5000; i++) {
        int64_t id = i % 2 ? i * 1000003 : -i;
        ck_assert_uint_eq(tr_id_index_add(&ix, id, &added), (size_t)i);
        ck_assert_int_eq(added, 1);
    }
    ck_assert_uint_eq(ix.n, 5000);
    for (int64_t i = 0; i < 5000; i++) {
        int64_t id = i % 2 ? i * 1000003 : -i;
        ck_assert_uint_eq(tr_id_index_find(&ix, id), (size_t)i);
        ck_assert_int_eq(ix.ids[i], id);
        /* Adding again gives the same number and says it was there. */
        ck_assert_uint_eq(tr_id_index_add(&ix, id, &added), (size_t)i);
        ck_assert_int_eq(added, 0);
    }
    ck_assert_uint_eq(tr_id_index_find(&ix, 2), (size_t)-1);
    ck_assert_uint_eq(tr_id_index_add(&ix, INT64_MAX, NULL), 5000);
    ck_assert_uint_eq(tr_id_index_find(&ix, INT64_MAX), 5000);
    tr_id_index_release(&ix);
}
END_TEST

/* The label of x's set by brute force: the smallest member reachable over `pairs`. */
static size_t label(size_t x, const size_t (*pairs)[2], size_t n_pairs, size_t n)
{
    char *in = calloc(n, 1);
    in[x] = 1;
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n_pairs; i++)
            if (in[pairs[i][0]] != in[pairs[i][1]])
                in[pairs[i][0]] = in[pairs[i][1]] = 1, changed = 1;
    }
    size_t smallest = 0;
    while (!in[smallest])
        smallest++;
    free(in);
    return smallest;
}

START_TEST(union_find_matches_brute_force)
{
    enum { N = 300, PAIRS = 200 };
    size_t pairs[PAIRS][2];
    srand(17);
    tr_union_find uf;
    tr_union_find_init(&uf);
    ck_assert_int_eq(tr_union_find_grow(&uf, N), 0);
    size_t joined = 0;
    for (size_t i = 0; i < PAIRS; i++) {
        pairs[i][0] = (size_t)rand() % N;
        pairs[i][1] = (size_t)rand() % N;
        joined += (size_t)tr_union_find_join(&uf, pairs[i][0], pairs[i][1]);
    }
    size_t sets = 0;
    for (size_t x = 0; x < N; x++) {
        sets += tr_union_find_root(&uf, x) == x;
        for (size_t y = x + 1; y < N; y += 7)
            ck_assert_int_eq(tr_union_find_root(&uf, x) == tr_union_find_root(&uf, y),
                             label(x, pairs, PAIRS, N) == label(y, pairs, PAIRS, N));
    }
    /* Each join that merged two sets removed one; a set's size is its members'. */
    ck_assert_uint_eq(sets, N - joined);
    size_t total = 0;
    for (size_t x = 0; x < N; x++)
        if (tr_union_find_root(&uf, x) == x)
            total += uf.size[x];
    ck_assert_uint_eq(total, N);
    /* Growing keeps the sets and adds new ones alone. */
    size_t root = tr_union_find_root(&uf, pairs[0][0]);
    ck_assert_int_eq(tr_union_find_grow(&uf, 2 * N), 0);
    ck_assert_uint_eq(tr_union_find_root(&uf, pairs[0][1]), root);
    ck_assert_uint_eq(tr_union_find_root(&uf, N + 5), N + 5);
    tr_union_find_release(&uf);
}
END_TEST

START_TEST(links_sort_by_from_agreement_to)
{
    tr_link l[] = {{2, 9, 5}, {1, 7, 8}, {1, 3, 8}, {1, 4, 2}, {2, 1, 1}};
    tr_links_sort(l, 5);
    const int64_t want[5][3] = {{1, 4, 2}, {1, 3, 8}, {1, 7, 8}, {2, 1, 1}, {2, 9, 5}};
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(l[i].from, want[i][0]);
        ck_assert_int_eq(l[i].to, want[i][1]);
        ck_assert_int_eq(l[i].agreement, want[i][2]);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("graph");
    TCase *tc = tcase_create("graph");
    tcase_add_test(tc, ids_are_numbered_in_order_and_found_again);
    tcase_add_test(tc, union_find_matches_brute_force);
    tcase_add_test(tc, links_sort_by_from_agreement_to);
    suite_add_tcase(s, tc);
    return check_run(s);
}
