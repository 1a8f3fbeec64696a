/* --sort and --limit of every list (read by cli_order_parse, check_args.c): the rows a command
 * prints are kept, sorted by one field (text in the people's order of tr_name_cmp, numbers as
 * numbers, nulls last, ties in the order the command gave them) and cut to the first N. Limited
 * without --sort, the list prints as it comes and stops at N. */
#include "cli/order.h"

#include "cli/cli.h"
#include "twinreg/core/fold.h"
#include "twinreg/core/name_order.h"

#include <stdlib.h>
#include <string.h>

struct kept {
    json_t *row;
    json_t *value; /* the field's value, borrowed from row */
    char *key;     /* a text value's folded key */
    size_t at;     /* the order it came in: ties keep it */
};

struct out_sorted {
    struct kept *rows;
    size_t n, cap;
};

int out_order_take(struct out_list *list, json_t *row)
{
    static const struct cli_order none; /* no context (the fuzz target): keep every row */
    const struct cli_order *order = list->ctx ? &list->ctx->order : &none;
    if (!order->field)
        return order->limit && list->rows >= order->limit; /* past the limit: dropped */
    if (list->flushing)
        return 0;
    struct out_sorted *s = list->sorted;
    if (!s && !(s = list->sorted = calloc(1, sizeof *s)))
        return -1;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct kept *grown = realloc(s->rows, cap * sizeof *grown);
        if (!grown)
            return -1;
        s->rows = grown, s->cap = cap;
    }
    json_t *value = json_object_get(row, order->field);
    char *key = NULL;
    if (json_is_string(value) && !(key = tr_fold(json_string_value(value))))
        return -1;
    size_t at = s->n++;
    s->rows[at] = (struct kept){json_incref(row), value, key, at};
    return 1;
}

/* Numbers before texts before nulls, whatever the direction: a missing value stays last. */
static int rank(const json_t *v)
{
    return json_is_number(v) || json_is_boolean(v) ? 0 : json_is_string(v) ? 1 : 2;
}

static double number(const json_t *v)
{
    return json_is_boolean(v) ? (double)json_is_true(v) : json_number_value(v);
}

static int sort_desc; /* qsort passes no context */

static int by_field(const void *pa, const void *pb)
{
    const struct kept *a = pa, *b = pb;
    int ra = rank(a->value), rb = rank(b->value), c = 0;
    if (ra != rb)
        return ra - rb;
    if (ra == 0) {
        double x = number(a->value), y = number(b->value);
        c = (x > y) - (x < y);
    } else if (ra == 1)
        c = tr_name_cmp(a->key, json_string_value(a->value), b->key, json_string_value(b->value));
    if (c)
        return sort_desc ? -c : c;
    return (a->at > b->at) - (a->at < b->at);
}

int out_order_flush(struct out_list *list)
{
    struct out_sorted *s = list->sorted;
    if (!s)
        return 0;
    sort_desc = list->ctx->order.desc;
    if (s->n)
        qsort(s->rows, s->n, sizeof *s->rows, by_field);
    long limit = list->ctx->order.limit;
    int rc = 0;
    list->flushing = 1;
    for (size_t i = 0; i < s->n; i++) {
        if (rc == 0 && (!limit || (long)i < limit))
            rc = out_list_row(s->rows[i].row, list);
        json_decref(s->rows[i].row);
        free(s->rows[i].key);
    }
    free(s->rows);
    free(s);
    list->sorted = NULL;
    return rc;
}
