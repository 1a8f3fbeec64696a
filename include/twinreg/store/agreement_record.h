/* The agreement record, described once: its columns (in the agreements table and in the
 * rows of TR_Q_AGREEMENTS), their JSON names and where each is written, the lists that
 * go with them, and the record's layout. The store's SQL, its record (tr_agreement_record),
 * the exports (JSON, NDJSON, CSV, GeoJSON) and the batch insert all read it; a new field
 * is one line of TR_AGREEMENT_COLUMNS (and a migration). */
#ifndef TWINREG_AGREEMENT_RECORD_H
#define TWINREG_AGREEMENT_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/core/natural_key.h" /* TR_MAX_PARTIES, TR_DEFAULT_KIND */
#include "twinreg/core/text_buf.h"
#include "twinreg/store/cursor.h"

/* Yes/no arguments of TR_AGREEMENT_COLUMNS, turned into text or into nothing. */
#define TR_IF_YES(x) x
#define TR_IF_NO(x)

/* The columns after the id, in record order: X(NAME, column, JSON key, group, type,
 * inserted, csv, geojson). The column is also the tr_agreement_fields member that sets
 * it; group: TOP (the record's own key) or REGISTRATION (a key of its "registration"
 * object); type: TEXT or INTEGER; inserted: bound by the INSERT of a new agreement
 * (registration is written apart); csv, geojson: a column of those exports. */
#define TR_AGREEMENT_COLUMNS(X)                                                                    \
    X(KIND, kind, "kind", TOP, TEXT, YES, YES, YES)                                                \
    X(TITLE, title, "title", TOP, TEXT, YES, YES, YES)                                             \
    X(SIGNED_ON, signed_on, "signed_on", TOP, TEXT, YES, YES, YES)                                 \
    X(IN_FORCE_ON, in_force_on, "in_force_on", TOP, TEXT, YES, YES, YES)                           \
    X(EXPIRES_ON, expires_on, "expires_on", TOP, TEXT, YES, YES, YES)                              \
    X(ENDED_ON, ended_on, "ended_on", TOP, TEXT, YES, YES, YES)                                    \
    X(END_REASON, end_reason, "end_reason", TOP, TEXT, YES, YES, NO)                               \
    X(BUILDS_ON, builds_on, "builds_on", TOP, INTEGER, YES, YES, YES)                              \
    X(REGISTERED_BY, registered_by, "authority", REGISTRATION, TEXT, NO, NO, NO)                   \
    X(REGISTRATION_NUMBER, registration_number, "number", REGISTRATION, TEXT, NO, NO, NO)          \
    X(REGISTERED_ON, registered_on, "registered_on", REGISTRATION, TEXT, NO, NO, NO)

#define TR_AC_ENUM_(name, column, json, group, type, ins, csv, geo) TR_AC_##name,
/* Column indexes in a row of TR_Q_AGREEMENTS (the id first). */
enum tr_agreement_column { TR_AC_ID, TR_AGREEMENT_COLUMNS(TR_AC_ENUM_) TR_AC_COUNT };

/* ", kind, title, ..." for SQL text: the columns after the id, each after a comma. */
#define TR_AC_SQL_(name, column, json, group, type, ins, csv, geo) ", " #column
#define TR_AGREEMENT_COLUMN_LIST TR_AGREEMENT_COLUMNS(TR_AC_SQL_)
/* The same for the columns of the GeoJSON export. */
#define TR_AC_SQL_GEOJSON_(name, column, json, group, type, ins, csv, geo) TR_IF_##geo(", " #column)
#define TR_AGREEMENT_GEOJSON_LIST TR_AGREEMENT_COLUMNS(TR_AC_SQL_GEOJSON_)
/* The same for the columns a new agreement's INSERT binds, and how many there are. */
#define TR_AC_SQL_INSERTED_(name, column, json, group, type, ins, csv, geo)                        \
    TR_IF_##ins(", " #column)
#define TR_AGREEMENT_INSERTED_LIST TR_AGREEMENT_COLUMNS(TR_AC_SQL_INSERTED_)
#define TR_AC_COUNT_INSERTED_(name, column, json, group, type, ins, csv, geo) TR_IF_##ins(+1)
#define TR_AC_COUNT_INSERTED_TEXT_(name, column, json, group, type, ins, csv, geo)                 \
    TR_IF_##ins(+TR_AC_IS_TEXT_##type)
#define TR_AC_IS_TEXT_TEXT 1
#define TR_AC_IS_TEXT_INTEGER 0
enum {
    TR_AGREEMENT_INSERTED = 0 TR_AGREEMENT_COLUMNS(TR_AC_COUNT_INSERTED_),
    TR_AGREEMENT_INSERTED_TEXTS = 0 TR_AGREEMENT_COLUMNS(TR_AC_COUNT_INSERTED_TEXT_)
};

enum tr_field_group { TR_GROUP_TOP, TR_GROUP_REGISTRATION };
enum tr_field_type { TR_TYPE_TEXT, TR_TYPE_INTEGER };
struct tr_agreement_column_desc {
    const char *column, *json;
    enum tr_field_group group;
    enum tr_field_type type;
    int csv, geojson;
    size_t input; /* TEXT: the offset of its tr_opt_text in tr_agreement_fields */
};
/* Indexed by enum tr_agreement_column. */
extern const struct tr_agreement_column_desc tr_agreement_columns[TR_AC_COUNT];

/* The keys of a record, in its order, into `keys` (NULL-terminated; room for
 * TR_AGREEMENT_KEYS): its own columns and its lists among them, and with `nested` also the
 * groups (registration) and the lists at the end (events): the keys every record has. With
 * TR_KEYS_OPTIONAL, also those of the lists left out when empty (suspensions): the keys a
 * record may have. */
#define TR_AGREEMENT_KEYS 24
#define TR_KEYS_OPTIONAL 2
void tr_agreement_keys(const char **keys, int nested);
/* The tr_opt_text of `f` that text column `col` is set from. */
#define TR_AGREEMENT_INPUT(f, col) ((tr_opt_text *)((char *)(f) + tr_agreement_columns[col].input))

/* The lists of a record: (agreement id, value...) rows of a named query. */
enum tr_agreement_list {
    TR_AL_PARTIES,
    TR_AL_FRAMEWORKS,
    TR_AL_SOURCES,
    TR_AL_EVENTS,
    TR_AL_SIGNATORIES,
    TR_AL_APPROVALS,
    TR_AL_DECISIONS,
    TR_AL_SUSPENSIONS,
    TR_AL_COUNT
};
struct tr_agreement_list_desc {
    const char *json;
    enum tr_query query;          /* every agreement's, by agreement id */
    int after;                    /* written after this column; TR_AC_COUNT: at the end */
    const char *const *item_keys; /* NULL: an item is one value; else an object of these */
    int omit_empty; /* no key when empty: the lists newer than the interchange format's
                       first version, so that a registry without them exports as before */
};
extern const struct tr_agreement_list_desc tr_agreement_lists[TR_AL_COUNT];

/* The one serializer of an agreement record (the interchange format): writes to `t` the
 * record of the agreement `row` stands on (a row of TR_Q_AGREEMENTS), with "type" first
 * when `typed` (NDJSON), compact, escaped as SQLite's json_object() escapes. Each list is
 * written by `list` (`"key":[...]`, tr_agreement_put_items helps), which knows where the
 * lists come from (a merge of sorted scans, or a lookup per agreement). */
typedef int (*tr_agreement_list_fn)(struct text *t, enum tr_agreement_list which, int64_t id,
                                    void *ctx, tr_error *err);
int tr_agreement_write(struct text *t, tr_cursor *row, int typed, tr_agreement_list_fn list,
                       void *ctx, tr_error *err);
/* A tr_agreement_list_fn that looks up each list of one agreement (ctx: the tr_store):
 * for a record alone, or for agreements in an order no merge follows (chain order). */
int tr_agreement_list_by_id(struct text *t, enum tr_agreement_list which, int64_t id, void *store,
                            tr_error *err);
/* `,"key":[` of list `which`, returning where it began; its end, `]`, or nothing at all
 * when it has no item (`n`) and is one of the lists omitted when empty. */
size_t tr_agreement_list_begin(struct text *t, enum tr_agreement_list which);
void tr_agreement_list_end(struct text *t, enum tr_agreement_list which, size_t begun, int n);
/* One item of list `which` from `row`, a row of its query (the agreement id first). */
void tr_agreement_put_item(struct text *t, enum tr_agreement_list which, tr_cursor *row);

#endif
