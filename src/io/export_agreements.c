/* The agreements of an export, most of a registry, written by a merge of sorted scans:
 * the agreements in id order, and beside them their parties, frameworks, sources and
 * events, each table read once in agreement order. A subquery per agreement (what the
 * sqlite3 shell would run) seeks each list of each agreement, and sorts it: at a million
 * agreements, more than half of the export. The records are the same as
 * tr_agreement_record gives (a test compares them). */
#include "io/export_agreements.h"
#include "io/text_buf.h"

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
static void put_int(struct text *t, sqlite3_int64 v)
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
static void put_column(struct text *t, sqlite3_stmt *stmt, int col)
{
    switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_NULL: text_put_str(t, "null"); break;
    case SQLITE_INTEGER: put_int(t, sqlite3_column_int64(stmt, col)); break;
    default: put_string(t, sqlite3_column_text(stmt, col));
    }
}

/* One list beside the agreements: a statement whose rows are (agreement id, values...)
 * in agreement order, and how one row is written as an item. */
struct list {
    const char *field, *sql;
    void (*item)(struct text *t, sqlite3_stmt *row);
    sqlite3_stmt *stmt;
    int has_row; /* the statement stands on a row not yet written */
};

static void item_value(struct text *t, sqlite3_stmt *row) { put_column(t, row, 1); }

/* `"name":value` for n columns from `first`, named by `names`, each after a comma but
 * the first when it opens an object (`opening`). */
static void put_fields(struct text *t, sqlite3_stmt *row, const char *const *names, int first, int n, int opening)
{
    for (int i = 0; i < n; i++) {
        text_put_str(t, i || !opening ? ",\"" : "\"");
        text_put_str(t, names[i]);
        text_put_str(t, "\":");
        put_column(t, row, first + i);
    }
}

static void item_event(struct text *t, sqlite3_stmt *row)
{
    static const char *const names[] = {"event", "on", "note"};
    text_put_str(t, "{");
    put_fields(t, row, names, 1, 3, 1);
    text_put_str(t, "}");
}

enum { PARTIES, FRAMEWORKS, SOURCES, EVENTS, LISTS };

static int step(struct list *l)
{
    int rc = sqlite3_step(l->stmt);
    l->has_row = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Writes `"field":[items of agreement id]`, skipping rows of agreements that no longer
 * exist (a source link outlives its agreement: record_sources has no foreign key). */
static int put_list(struct text *t, struct list *l, sqlite3_int64 id)
{
    while (l->has_row && sqlite3_column_int64(l->stmt, 0) < id)
        if (step(l) != 0)
            return -1;
    text_put_str(t, ",\"");
    text_put_str(t, l->field);
    text_put_str(t, "\":[");
    for (int n = 0; l->has_row && sqlite3_column_int64(l->stmt, 0) == id; n++) {
        if (n)
            text_put_str(t, ",");
        l->item(t, l->stmt);
        if (step(l) != 0)
            return -1;
    }
    text_put_str(t, "]");
    return 0;
}

static const char AGREEMENTS_SQL[] =
    "SELECT id, kind, title, signed_on, in_force_on, expires_on, ended_on, end_reason, builds_on, "
    "registered_by, registration_number, registered_on FROM agreements ORDER BY id";

/* Writes one agreement row (the statement above) with its lists. */
static int put_agreement(struct text *t, sqlite3_stmt *a, struct list *lists, int typed)
{
    static const char *const head[] = {"kind", "title"},
                             *const dates[] = {"signed_on", "in_force_on", "expires_on", "ended_on", "end_reason", "builds_on"},
                             *const registration[] = {"authority", "number", "registered_on"};
    sqlite3_int64 id = sqlite3_column_int64(a, 0);
    text_put_str(t, typed ? "{\"type\":\"agreement\",\"id\":" : "{\"id\":");
    put_int(t, id);
    put_fields(t, a, head, 1, 2, 0);
    if (put_list(t, &lists[PARTIES], id) != 0)
        return -1;
    put_fields(t, a, dates, 3, 6, 0);
    if (put_list(t, &lists[FRAMEWORKS], id) != 0 || put_list(t, &lists[SOURCES], id) != 0)
        return -1;
    text_put_str(t, ",\"registration\":");
    if (sqlite3_column_type(a, 9) == SQLITE_NULL && sqlite3_column_type(a, 10) == SQLITE_NULL &&
        sqlite3_column_type(a, 11) == SQLITE_NULL) {
        text_put_str(t, "null");
    } else {
        text_put_str(t, "{");
        put_fields(t, a, registration, 9, 3, 1);
        text_put_str(t, "}");
    }
    if (put_list(t, &lists[EVENTS], id) != 0)
        return -1;
    text_put_str(t, "}");
    return 0;
}

int export_agreements_merged(tr_store *store, export_put_fn put_record, void *w, int typed, tr_error *err)
{
    struct list lists[LISTS] = {
        [PARTIES] = {"parties", "SELECT agreement_id, city_id FROM agreement_parties ORDER BY agreement_id, city_id",
                     item_value, NULL, 0},
        [FRAMEWORKS] = {"frameworks",
                        "SELECT agreement_id, framework_code FROM agreement_frameworks ORDER BY agreement_id, framework_code",
                        item_value, NULL, 0},
        [SOURCES] = {"sources",
                     /* keys as twinreg writes them ("12"), as the chain-order query matches them */
                     "SELECT CAST(r.record_key AS INTEGER) AS agreement_id, s.url FROM record_sources r "
                     "JOIN sources s ON s.id = r.source_id WHERE r.record_type = 'agreement' "
                     "AND r.record_key = CAST(CAST(r.record_key AS INTEGER) AS TEXT) ORDER BY 1, 2",
                     item_value, NULL, 0},
        [EVENTS] = {"events",
                    "SELECT agreement_id, event, happened_on, note FROM agreement_events ORDER BY agreement_id, happened_on, id",
                    item_event, NULL, 0},
    };
    sqlite3 *db = tr_store_db(store);
    sqlite3_stmt *agreements = NULL;
    struct text t = {0};
    int rc = sqlite3_prepare_v2(db, AGREEMENTS_SQL, -1, &agreements, NULL) == SQLITE_OK ? 0 : -1;
    for (int i = 0; i < LISTS && rc == 0; i++)
        if (sqlite3_prepare_v2(db, lists[i].sql, -1, &lists[i].stmt, NULL) != SQLITE_OK || step(&lists[i]) != 0)
            rc = -1;
    int status = rc == 0 ? 0 : tr_store_fail(store, "cannot export", err);
    while (status == 0 && (rc = sqlite3_step(agreements)) == SQLITE_ROW) {
        t.len = 0;
        if (put_agreement(&t, agreements, lists, typed) != 0)
            status = tr_store_fail(store, "cannot export", err);
        else if (t.failed)
            status = tr_error_set(err, TR_IO, "out of memory");
        else
            status = put_record(w, t.data, t.len);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = tr_store_fail(store, "cannot export", err);
    sqlite3_finalize(agreements);
    for (int i = 0; i < LISTS; i++)
        sqlite3_finalize(lists[i].stmt);
    free(t.data);
    return status;
}
