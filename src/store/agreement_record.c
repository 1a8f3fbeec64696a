/* The agreement record's descriptor (twinreg/store/agreement_record.h) and its one
 * serializer, which the export's merge of sorted scans, the export in chain order and
 * tr_agreement_record all use. */
#include "twinreg/store/agreement_record.h"

#include "store/cursor_impl.h"
#include "twinreg/store/agreement.h"

#include <stdio.h>

#define TR_AC_DESC_(name, column, json, group, type, ins, csv, geo)                                \
    [TR_AC_##name] = {#column,                                                                     \
                      json,                                                                        \
                      TR_GROUP_##group,                                                            \
                      TR_TYPE_##type,                                                              \
                      TR_IF_##csv(1) + 0,                                                          \
                      TR_IF_##geo(1) + 0,                                                          \
                      offsetof(tr_agreement_fields, column)},
const struct tr_agreement_column_desc tr_agreement_columns[TR_AC_COUNT] = {
    [TR_AC_ID] = {"id", "id", TR_GROUP_TOP, TR_TYPE_INTEGER, 1, 1, 0},
    TR_AGREEMENT_COLUMNS(TR_AC_DESC_)};

static const char *const event_keys[] = {"event", "on", "note", NULL};
static const char *const signatory_keys[] = {"name", "office", NULL};
static const char *const approval_keys[] = {"by", "on", "decision", NULL};
static const char *const decision_keys[] = {"decision", "change", "on", NULL};
static const char *const suspension_keys[] = {"from", "until", "reason", "source", NULL};
const struct tr_agreement_list_desc tr_agreement_lists[TR_AL_COUNT] = {
    [TR_AL_PARTIES] = {"parties", TR_Q_PARTY_IDS, TR_AC_TITLE, NULL, 0},
    [TR_AL_FRAMEWORKS] = {"frameworks", TR_Q_FRAMEWORK_CODES, TR_AC_BUILDS_ON, NULL, 0},
    [TR_AL_SOURCES] = {"sources", TR_Q_SOURCE_URLS, TR_AC_BUILDS_ON, NULL, 0},
    [TR_AL_EVENTS] = {"events", TR_Q_EVENTS, TR_AC_COUNT, event_keys, 0},
    /* Issue 16's: left out when empty, so that files of registries without any stay as
     * they were (tests/e2e/golden.sh). */
    [TR_AL_SIGNATORIES] = {"signatories", TR_Q_SIGNATORIES, TR_AC_COUNT, signatory_keys, 1},
    [TR_AL_APPROVALS] = {"approvals", TR_Q_APPROVALS, TR_AC_COUNT, approval_keys, 1},
    [TR_AL_DECISIONS] = {"decisions", TR_Q_DECISION_LINKS, TR_AC_COUNT, decision_keys, 1},
    [TR_AL_SUSPENSIONS] = {"suspensions", TR_Q_SUSPENSIONS, TR_AC_COUNT, suspension_keys, 1},
};

/* The JSON key of each group but the record itself. */
static const char *const group_keys[] = {
    [TR_GROUP_TOP] = NULL, [TR_GROUP_REGISTRATION] = "registration"};

/* A JSON string (the store holds valid UTF-8): quotes, backslashes and control
 * characters escaped, as SQLite's json_object() escapes them. */
static void put_string(struct text *t, const unsigned char *s)
{
    text_put_str(t, "\"");
    const unsigned char *run = s;
    for (; *s; s++) {
        if (*s >= 0x20 && *s != '"' && *s != '\\')
            continue;
        text_put(t, (const char *)run, (size_t)(s - run));
        char esc[8];
        switch (*s) {
        case '"':
            text_put_str(t, "\\\"");
            break;
        case '\\':
            text_put_str(t, "\\\\");
            break;
        case '\b':
            text_put_str(t, "\\b");
            break;
        case '\f':
            text_put_str(t, "\\f");
            break;
        case '\n':
            text_put_str(t, "\\n");
            break;
        case '\r':
            text_put_str(t, "\\r");
            break;
        case '\t':
            text_put_str(t, "\\t");
            break;
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

/* A column: integer, text or null. Read from the statement itself, not through the
 * cursor's functions: this runs for every value of an export (a call less each, 5%). */
static void put_column(struct text *t, tr_cursor *row, int col)
{
    switch (st_column_type(row->stmt, col)) {
    case ST_NULL:
        text_put_str(t, "null");
        break;
    case ST_INTEGER:
        put_int(t, st_column_int64(row->stmt, col));
        break;
    default:
        put_string(t, (const unsigned char *)st_column_text(row->stmt, col));
    }
}

/* `"key":` after a comma, but the first of an object. */
static void put_key(struct text *t, const char *key, int first)
{
    text_put_str(t, first ? "\"" : ",\"");
    text_put_str(t, key);
    text_put_str(t, "\":");
}

size_t tr_agreement_list_begin(struct text *t, enum tr_agreement_list which)
{
    size_t begun = t->len;
    text_put_str(t, ",\"");
    text_put_str(t, tr_agreement_lists[which].json);
    text_put_str(t, "\":[");
    return begun;
}

void tr_agreement_list_end(struct text *t, enum tr_agreement_list which, size_t begun, int n)
{
    if (n == 0 && tr_agreement_lists[which].omit_empty && !t->failed)
        t->data[t->len = begun] = '\0';
    else
        text_put_str(t, "]");
}

void tr_agreement_put_item(struct text *t, enum tr_agreement_list which, tr_cursor *row)
{
    const char *const *keys = tr_agreement_lists[which].item_keys;
    if (!keys) {
        put_column(t, row, 1);
        return;
    }
    text_put_str(t, "{");
    for (int i = 0; keys[i]; i++) {
        put_key(t, keys[i], i == 0);
        put_column(t, row, i + 1);
    }
    text_put_str(t, "}");
}

/* A group of columns from `first` as one object: null when every one of them is. */
static int put_group(struct text *t, tr_cursor *row, int first)
{
    enum tr_field_group group = tr_agreement_columns[first].group;
    int end = first, all_null = 1;
    for (; end < TR_AC_COUNT && tr_agreement_columns[end].group == group; end++)
        all_null &= st_column_type(row->stmt, end) == ST_NULL;
    put_key(t, group_keys[group], 0);
    if (all_null) {
        text_put_str(t, "null");
        return end;
    }
    for (int col = first; col < end; col++) {
        text_put_str(t, col == first ? "{" : "");
        put_key(t, tr_agreement_columns[col].json, col == first);
        put_column(t, row, col);
    }
    text_put_str(t, "}");
    return end;
}

static int put_lists_after(struct text *t, int col, int64_t id, tr_agreement_list_fn list,
                           void *ctx, tr_error *err)
{
    for (int l = 0; l < TR_AL_COUNT; l++)
        if (tr_agreement_lists[l].after == col &&
            list(t, (enum tr_agreement_list)l, id, ctx, err) != 0)
            return -1;
    return 0;
}

int tr_agreement_write(struct text *t, tr_cursor *row, int typed, tr_agreement_list_fn list,
                       void *ctx, tr_error *err)
{
    int64_t id = st_column_int64(row->stmt, TR_AC_ID);
    text_put_str(t, typed ? "{\"type\":\"agreement\",\"id\":" : "{\"id\":");
    put_int(t, id);
    for (int col = TR_AC_ID + 1; col < TR_AC_COUNT;) {
        int next = col + 1;
        if (tr_agreement_columns[col].group == TR_GROUP_TOP) {
            put_key(t, tr_agreement_columns[col].json, 0);
            put_column(t, row, col);
        } else {
            next = put_group(t, row, col);
        }
        for (; col < next; col++)
            if (put_lists_after(t, col, id, list, ctx, err) != 0)
                return -1;
    }
    if (put_lists_after(t, TR_AC_COUNT, id, list, ctx, err) != 0)
        return -1;
    text_put_str(t, "}");
    return 0;
}

void tr_agreement_keys(const char **keys, int nested)
{
    size_t n = 0;
    for (int col = 0; col < TR_AC_COUNT; col++) {
        enum tr_field_group group = tr_agreement_columns[col].group;
        if (group == TR_GROUP_TOP)
            keys[n++] = tr_agreement_columns[col].json;
        else if (nested && tr_agreement_columns[col - 1].group != group)
            keys[n++] = group_keys[group];
        for (int l = 0; l < TR_AL_COUNT; l++)
            if (tr_agreement_lists[l].after == col)
                keys[n++] = tr_agreement_lists[l].json;
    }
    for (int l = 0; nested && l < TR_AL_COUNT; l++)
        if (tr_agreement_lists[l].after == TR_AC_COUNT &&
            (nested == TR_KEYS_OPTIONAL || !tr_agreement_lists[l].omit_empty))
            keys[n++] = tr_agreement_lists[l].json;
    keys[n] = NULL;
}
