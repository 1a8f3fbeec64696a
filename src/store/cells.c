/* Rows as cells (cells.h): list items read from either engine's text, and the row's JSON
 * value for the formats that need one. */
#include "twinreg/store/cells.h"

#include "store/pg_array.h"
#include "twinreg/core/json_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQLite's lists are JSON arrays (json_group_array): parsed whole, then walked. */
struct json_items {
    json_t *list;
    size_t next;
};

int tr_cell_items_begin(tr_cell_items *items, const tr_cell *cell)
{
    memset(items, 0, sizeof *items);
    items->cell = cell;
    if (cell->items) /* nothing to read: the list is there */
        return 0;
    if (cell->pg_array) {
        st_pg_array_reader *r = malloc(sizeof *r);
        if (r)
            st_pg_array_begin(r, cell->text);
        items->reader = r;
    } else {
        struct json_items *j = calloc(1, sizeof *j);
        if (j)
            j->list = json_loadb(cell->text, cell->len, 0, NULL);
        items->reader = j;
    }
    return items->reader ? 0 : -1;
}

static int json_next(tr_cell_items *items, const char **text, size_t *len)
{
    struct json_items *j = items->reader;
    if (!json_is_array(j->list))
        return -1;
    if (j->next >= json_array_size(j->list))
        return 0;
    json_t *item = json_array_get(j->list, j->next++);
    if (json_is_string(item)) {
        *text = json_string_value(item), *len = json_string_length(item);
    } else if (json_is_integer(item)) {
        int n = snprintf(items->number, sizeof items->number, "%" JSON_INTEGER_FORMAT,
                         json_integer_value(item));
        *text = items->number, *len = (size_t)n;
    } else if (json_is_null(item)) {
        *text = NULL, *len = 0;
    } else {
        return -1;
    }
    return 1;
}

int tr_cell_items_next(tr_cell_items *items, const char **text, size_t *len)
{
    const tr_cell *cell = items->cell;
    if (cell->items) {
        if (items->next >= cell->n_items)
            return 0;
        *text = cell->items[items->next++];
        *len = *text ? strlen(*text) : 0;
        return 1;
    }
    if (!items->reader)
        return -1;
    return cell->pg_array ? st_pg_array_next(items->reader, text, len)
                          : json_next(items, text, len);
}

void tr_cell_items_end(tr_cell_items *items)
{
    if (items->reader && items->cell->pg_array) { /* a built list has no reader */
        st_pg_array_done(items->reader);
    } else if (items->reader) {
        struct json_items *j = items->reader;
        json_decref(j->list);
    }
    free(items->reader);
    items->reader = NULL;
}

const tr_cell *tr_cells_get(const tr_cells *row, const char *name)
{
    for (int i = 0; i < row->n; i++)
        if (strcmp(row->names[i], name) == 0)
            return &row->cells[i];
    return NULL;
}

/* An integer's digits as a number; null when they are not one. */
static json_t *integer(const char *text, size_t len)
{
    char digits[24];
    if (len == 0 || len >= sizeof digits)
        return json_null();
    memcpy(digits, text, len);
    digits[len] = '\0';
    char *after;
    long long v = strtoll(digits, &after, 10);
    return *after ? json_null() : json_integer(v);
}

static json_t *list_json(const tr_cell *cell)
{
    json_t *list = json_array();
    tr_cell_items items;
    if (!list || tr_cell_items_begin(&items, cell) != 0) {
        json_decref(list);
        return NULL;
    }
    const char *text;
    size_t len;
    int rc;
    while ((rc = tr_cell_items_next(&items, &text, &len)) == 1) {
        json_t *v = !text                            ? json_null()
                    : cell->kind == TR_CELL_INTEGERS ? integer(text, len)
                                                     : tr_json_text(text, len);
        json_array_append_new(list, v);
    }
    tr_cell_items_end(&items);
    if (rc != 0)
        json_array_clear(list);
    return list;
}

static json_t *cell_json(const tr_cell *cell)
{
    switch (cell->kind) {
    case TR_CELL_INTEGER:
        return integer(cell->text, cell->len);
    case TR_CELL_TEXT:
        return tr_json_text(cell->text, cell->len);
    case TR_CELL_TEXTS:
    case TR_CELL_INTEGERS:
        return list_json(cell);
    default:
        return json_null();
    }
}

json_t *tr_cells_json(const tr_cells *row)
{
    json_t *object = json_object();
    for (int i = 0; object && i < row->n; i++) {
        json_t *v = cell_json(&row->cells[i]);
        if (!v || json_object_set_new(object, row->names[i], v) != 0) {
            json_decref(object);
            return NULL;
        }
    }
    return object;
}
