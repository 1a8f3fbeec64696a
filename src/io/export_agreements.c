/* The agreements of an export, most of a registry, written by a merge of sorted scans:
 * the agreements in id order, and beside them their parties, frameworks, sources and
 * events, each table read once in agreement order. A subquery per agreement (what the
 * sqlite3 shell would run) seeks each list of each agreement, and sorts it: at a million
 * agreements, more than half of the export. Each record is written by the store's one
 * serializer (tr_agreement_write), as tr_agreement_record gives it (a test compares them). */
#include "io/export_agreements.h"

#include "twinreg/core/text_buf.h"
#include "twinreg/store/agreement_record.h"

#include <stdlib.h>

/* One list beside the agreements: a cursor over every agreement's, in agreement order. */
struct list {
    tr_cursor *rows;
    int has_row; /* the cursor stands on a row not yet written */
};

static int step(struct list *l, tr_error *err)
{
    int rc = tr_cursor_next(l->rows, err);
    l->has_row = rc == 1;
    return rc < 0 ? -1 : 0;
}

/* Writes `"field":[items of agreement id]`, skipping rows of agreements that no longer
 * exist (a source link outlives its agreement: record_sources has no foreign key). */
static int put_list(struct text *t, enum tr_agreement_list which, int64_t id, void *ctx,
                    tr_error *err)
{
    struct list *l = (struct list *)ctx + which;
    while (l->has_row && tr_cursor_int(l->rows, 0) < id)
        if (step(l, err) != 0)
            return -1;
    size_t mark = tr_agreement_list_begin(t, which);
    int n = 0;
    for (; l->has_row && tr_cursor_int(l->rows, 0) == id; n++) {
        if (n)
            text_put_str(t, ",");
        tr_agreement_put_item(t, which, l->rows);
        if (step(l, err) != 0)
            return -1;
    }
    tr_agreement_list_end(t, which, mark, n);
    return 0;
}

int export_agreements_merged(tr_store *store, export_put_fn put_record, void *w, int typed,
                             tr_error *err)
{
    struct list lists[TR_AL_COUNT] = {{0}};
    tr_cursor *agreements = NULL;
    struct text t = {0};
    int status = tr_cursor_open(store, TR_Q_AGREEMENTS, "cannot export", &agreements, err), rc = 0;
    for (int i = 0; i < TR_AL_COUNT && status == 0; i++)
        if (tr_cursor_open(store, tr_agreement_lists[i].query, "cannot export", &lists[i].rows,
                           err) != 0 ||
            step(&lists[i], err) != 0)
            status = -1;
    while (status == 0 && (rc = tr_cursor_next(agreements, err)) == 1) {
        t.len = 0;
        if (tr_agreement_write(&t, agreements, typed, put_list, lists, err) != 0)
            status = -1;
        else if (t.failed)
            status = tr_error_set(err, TR_IO, "out of memory");
        else
            status = put_record(w, t.data, t.len);
    }
    if (status == 0 && rc < 0)
        status = -1;
    tr_cursor_close(agreements);
    for (int i = 0; i < TR_AL_COUNT; i++)
        tr_cursor_close(lists[i].rows);
    free(t.data);
    return status;
}

int export_builds_forward(tr_store *store, tr_error *err)
{
    tr_cursor *c;
    if (tr_cursor_open(store, TR_Q_AGREEMENTS_BUILD_FORWARD, "cannot export", &c, err) != 0)
        return -1;
    int forward = tr_cursor_next(c, err) == 1 && tr_cursor_int(c, 0);
    tr_cursor_close(c);
    return err->status ? -1 : forward;
}
