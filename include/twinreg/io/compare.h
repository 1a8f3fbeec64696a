/* Compare: the agreements of a file (any format import reads) against the registry's,
 * matched by import itself, inside a transaction that is always rolled back: the same
 * natural key (parties in any order, kind, signing date), cities and countries resolved
 * the same way, invalid records found for the same reasons. */
#ifndef TWINREG_IO_COMPARE_H
#define TWINREG_IO_COMPARE_H

#include <jansson.h>

#include "twinreg/io/io.h"

/* Where an agreement is; an invalid record is one import would skip. */
typedef enum {
    TR_SIDE_BOTH,
    TR_SIDE_FILE,
    TR_SIDE_REGISTRY,
    TR_SIDE_DIFFERS,
    TR_SIDE_INVALID,
    TR_SIDES
} tr_compare_side;
extern const char *const tr_compare_side_names[TR_SIDES]; /* "both", "file", ... */

/* Each row: {side, line, id, parties, kind, signed_on, differences, reason}, borrowed.
 * line is the file's (a JSON document's record number), null for the registry's rows;
 * differences is {field: {file, registry}}. Non-zero stops the comparison (err set). */
typedef int (*tr_compare_row_fn)(json_t *row, void *user, tr_error *err);

typedef struct tr_compare tr_compare;

/* Sets what compare needs in `opt` before tr_import_open: every invalid record is kept
 * back and told, each agreement record is watched. */
tr_compare *tr_compare_new(tr_import_options *opt, tr_compare_row_fn fn, void *user, tr_error *err);
/* The file's rows as they come, then the registry's agreements the file lacks (read in one
 * pass, in id order). Nothing is written: the transaction is rolled back. */
int tr_compare_run(tr_compare *cmp, tr_import *im, tr_store *store, tr_error *err);
/* The rows of each side (TR_SIDES counts). */
const long *tr_compare_counts(const tr_compare *cmp);
void tr_compare_free(tr_compare *cmp);

#endif
