/* A row of a long list as the store read it (active, partners), handed to a caller that
 * writes it out at once without building a JSON value for it: at 1M agreements on a
 * server, that value and its formatting were most of `active`'s time on the client. */
#ifndef TWINREG_CELLS_H
#define TWINREG_CELLS_H

#include <jansson.h>
#include <stddef.h>

typedef enum {
    TR_CELL_NULL,
    TR_CELL_INTEGER, /* text: its digits */
    TR_CELL_TEXT,
    TR_CELL_TEXTS,    /* a list of texts, read with tr_cell_items_next */
    TR_CELL_INTEGERS, /* a list of integers, the same way (each item its digits) */
} tr_cell_kind;

typedef struct {
    tr_cell_kind kind;
    const char *text; /* len bytes; a list's as its engine wrote it */
    size_t len;
    int pg_array; /* a list in PostgreSQL's array text; otherwise a JSON array's */
    /* A list the store built itself (not an engine's text): its n_items texts, each an
     * integer's digits in a TR_CELL_INTEGERS. Used instead of `text` when not NULL. */
    const char *const *items;
    size_t n_items;
} tr_cell;

/* Valid during the callback only. */
typedef struct {
    int n;
    const char *const *names; /* the row's field names, as its JSON value has them */
    const tr_cell *cells;
} tr_cells;

typedef int (*tr_cells_fn)(const tr_cells *row, void *ctx);

/* A list cell's items, one at a time. */
typedef struct {
    const tr_cell *cell;
    void *reader; /* the engine's text, as its reader walks it */
    size_t next;  /* the next of a built list's items */
    char number[24];
} tr_cell_items;

/* 0, or -1 when memory runs out. */
int tr_cell_items_begin(tr_cell_items *items, const tr_cell *cell);
/* 1 with the next item in *text and *len (*text NULL for a null item), 0 after the last,
 * -1 when the list is malformed. */
int tr_cell_items_next(tr_cell_items *items, const char **text, size_t *len);
void tr_cell_items_end(tr_cell_items *items);

/* The cell of that field name, or NULL. */
const tr_cell *tr_cells_get(const tr_cells *row, const char *name);
/* The row as a JSON object (what the tr_row_fn lists give): NULL when memory runs out. A
 * malformed list is an empty one. */
json_t *tr_cells_json(const tr_cells *row);

#endif
