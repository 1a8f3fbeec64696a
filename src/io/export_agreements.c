/* The agreements of an export, most of a registry, written by a merge of sorted scans:
 * the agreements in id order, and beside them their parties, frameworks, sources and
 * events, each table read once in agreement order. A subquery per agreement (what the
 * sqlite3 shell would run) seeks each list of each agreement, and sorts it: at a million
 * agreements, more than half of the export. The records are the same as
 * tr_agreement_record gives (a test compares them). */
#include "io/export_agreements.h"
#include "io/text_buf.h"
#include "twinreg/store/cursor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string (the store holds valid UTF-8): quotes, backslashes and control
 * characters escaped, as SQLite's json_object() escapes them. */
static void put_string(struct text *t, const unsigned char *s)
{
    if (!s) {
        text_put_str(t, "null");
        return;
    }
    text_put_str(t, "\"");
    const unsigned char *run = s;
    for (; *s; s++) {
        if (*s >= 0x20 && *s != '"' && *s != '\\')
            continue;
        text_put(t, (const char *)run, (size_t)(s - run));
        char esc[8];
        switch (*s) {
        case '"': text_put_str(t, "\\\""); break;
        case '\\': text_put_str(t, "\\\\"); break;
        case '\b': text_put_str(t, "\\b"); break;
        case '\f': text_put_str(t, "\\f"); break;
        case '\n': text_put_str(t, "\\n"); break;
        case '\r': text_put_str(t, "\\r"); break;
        case '\t': text_put_str(t, "\\t"); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", *s); /* rare: titles refuse control characters */
            text_put_str(t, esc);
        }
        run = s + 1;
    }
    text_put(t, (const char *)run, (size_t)(s - run));
    text_put_str(t, "\"");
}

/* Digits by hand: snprintf was a fifth of the export. Ids are positive; the sign is kept
 * for any other integer. */
static void put_int(struct text *t, int64_t v)
{
    char buf[24], *end = buf + sizeof buf, *p = end;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        *--p = '-';
    text_put(t, p, (size_t)(end - p));
}

/* A column: integer, text or null. */
static void put_column(struct text *t, tr_cursor *row, int col)
{
    switch (tr_cursor_kind(row, col)) {
    case TR_VALUE_NULL: text_put_str(t, "null"); break;
    case TR_VALUE_INT: put_int(t, tr_cursor_int(row, col)); break;
    default: put_string(t, (const unsigned char *)tr_cursor_text(row, col));
    }
}

/* One list beside the agreements: a query whose rows are (agreement id, values...) in
 * agreement order, and how one row is written as an item. */
struct list {
    const char *field;
    enum tr_query query;
    void (*item)(struct text *t, tr_cursor *row);
    tr_cursor *rows;
    int has_row; /* the cursor stands on a row not yet written */
};

static void item_value(struct text *t, tr_cursor *row) { put_column(t, row, 1); }

/* `"name":value` for n columns from `first`, named by `names`, each after a comma but
 * the first when it opens an object (`opening`). */
static void put_fields(struct text *t, tr_cursor *row, const char *const *names, int first, int n,
                       int opening)
{
    for (int i = 0; i < n; i++) {
        text_put_str(t, i || !opening ? ",\"" : "\"");
        text_put_str(t, names[i]);
        text_put_str(t, "\":");
        put_column(t, row, first + i);
    }
}

static void item_event(struct text *t, tr_cursor *row)
{
    static const char *const names[] = {"event", "on", "note"};
    text_put_str(t, "{");
    put_fields(t, row, names, 1, 3, 1);
    text_put_str(t, "}");
}

enum { PARTIES, FRAMEWORKS, SOURCES, EVENTS, LISTS };

static int step(struct list *l, tr_error *err)
{
    int rc = tr_cursor_next(l->rows, err);
    l->has_row = rc == 1;
    return rc < 0 ? -1 : 0;
}

/* Writes `"field":[items of agreement id]`, skipping rows of agreements that no longer
 * exist (a source link outlives its agreement: record_sources has no foreign key). */
static int put_list(struct text *t, struct list *l, int64_t id, tr_error *err)
{
    while (l->has_row && tr_cursor_int(l->rows, 0) < id)
        if (step(l, err) != 0)
            return -1;
    text_put_str(t, ",\"");
    text_put_str(t, l->field);
    text_put_str(t, "\":[");
    for (int n = 0; l->has_row && tr_cursor_int(l->rows, 0) == id; n++) {
        if (n)
            text_put_str(t, ",");
        l->item(t, l->rows);
        if (step(l, err) != 0)
            return -1;
    }
    text_put_str(t, "]");
    return 0;
}

/* Writes one agreement row (TR_Q_AGREEMENTS) with its lists. */
static int put_agreement(struct text *t, tr_cursor *a, struct list *lists, int typed, tr_error *err)
{
    static const char *const head[] = {"kind", "title"},
                             *const dates[] = {"signed_on", "in_force_on", "expires_on", "ended_on", "end_reason", "builds_on"},
                             *const registration[] = {"authority", "number", "registered_on"};
    int64_t id = tr_cursor_int(a, 0);
    text_put_str(t, typed ? "{\"type\":\"agreement\",\"id\":" : "{\"id\":");
    put_int(t, id);
    put_fields(t, a, head, 1, 2, 0);
    if (put_list(t, &lists[PARTIES], id, err) != 0)
        return -1;
    put_fields(t, a, dates, 3, 6, 0);
    if (put_list(t, &lists[FRAMEWORKS], id, err) != 0 || put_list(t, &lists[SOURCES], id, err) != 0)
        return -1;
    text_put_str(t, ",\"registration\":");
    if (tr_cursor_kind(a, 9) == TR_VALUE_NULL && tr_cursor_kind(a, 10) == TR_VALUE_NULL &&
        tr_cursor_kind(a, 11) == TR_VALUE_NULL) {
        text_put_str(t, "null");
    } else {
        text_put_str(t, "{");
        put_fields(t, a, registration, 9, 3, 1);
        text_put_str(t, "}");
    }
    if (put_list(t, &lists[EVENTS], id, err) != 0)
        return -1;
    text_put_str(t, "}");
    return 0;
}

int export_agreements_merged(tr_store *store, export_put_fn put_record, void *w, int typed, tr_error *err)
{
    struct list lists[LISTS] = {
        [PARTIES] = {"parties", TR_Q_PARTY_IDS, item_value, NULL, 0},
        [FRAMEWORKS] = {"frameworks", TR_Q_FRAMEWORK_CODES, item_value, NULL, 0},
        [SOURCES] = {"sources", TR_Q_SOURCE_URLS, item_value, NULL, 0},
        [EVENTS] = {"events", TR_Q_EVENTS, item_event, NULL, 0},
    };
    tr_cursor *agreements = NULL;
    struct text t = {0};
    int status = tr_cursor_open(store, TR_Q_AGREEMENTS, "cannot export", &agreements, err), rc = 0;
    for (int i = 0; i < LISTS && status == 0; i++)
        if (tr_cursor_open(store, lists[i].query, "cannot export", &lists[i].rows, err) != 0 ||
            step(&lists[i], err) != 0)
            status = -1;
    while (status == 0 && (rc = tr_cursor_next(agreements, err)) == 1) {
        t.len = 0;
        if (put_agreement(&t, agreements, lists, typed, err) != 0)
            status = -1;
        else if (t.failed)
            status = tr_error_set(err, TR_IO, "out of memory");
        else
            status = put_record(w, t.data, t.len);
    }
    if (status == 0 && rc < 0)
        status = -1;
    tr_cursor_close(agreements);
    for (int i = 0; i < LISTS; i++)
        tr_cursor_close(lists[i].rows);
    free(t.data);
    return status;
}
