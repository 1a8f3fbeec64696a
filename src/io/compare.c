/* Compare: import's own matching, run in a transaction that is rolled back, watched record
 * by record; then one pass over the registry's agreements for those no record matched. */
#include "twinreg/io/compare.h"

#include "twinreg/core/natural_key.h"
#include "twinreg/store/cursor.h"

#include <stdlib.h>
#include <string.h>

const char *const tr_compare_side_names[TR_SIDES] = {"both", "file", "registry", "differs",
                                                     "invalid"};

struct tr_compare {
    tr_compare_row_fn fn;
    void *user;
    long counts[TR_SIDES];
    /* The agreements the file's records matched or added: the registry's others are its
     * own. Sorted once the file is read. */
    int64_t *seen;
    size_t n_seen, cap_seen;
    int64_t floor; /* the agreements' sequence before: an id above it is the file's */
    int failed;    /* a row could not be told: `why` says why */
    tr_error why;
};

static void emit(tr_compare *cmp, tr_compare_side side, json_t *row)
{
    cmp->counts[side]++;
    if (!row && !cmp->failed)
        cmp->failed = 1, tr_error_set(&cmp->why, TR_IO, "out of memory");
    if (row && !cmp->failed && cmp->fn(row, cmp->user, &cmp->why) != 0)
        cmp->failed = 1;
    json_decref(row);
}

static json_t *new_row(tr_compare_side side, long line, int64_t id)
{
    return json_pack("{s:s, s:o, s:o}", "side", tr_compare_side_names[side], "line",
                     line ? json_integer(line) : json_null(), "id",
                     id ? json_integer(id) : json_null());
}

static void skipped(void *user, const char *where, long line, const char *reason)
{
    (void)where;
    json_t *row = new_row(TR_SIDE_INVALID, line, 0);
    if (row)
        json_object_set_new(row, "reason", json_string(reason));
    emit(user, TR_SIDE_INVALID, row);
}

/* "Name (CC)" for a party the file names, "#ID" for one given by the file's city id. */
static json_t *party_texts(const json_t *parties)
{
    json_t *out = json_array(), *item;
    size_t i;
    json_array_foreach (parties, i, item) {
        json_t *name = json_object_get(item, "name"), *cc = json_object_get(item, "country");
        json_array_append_new(out,
                              json_is_string(name)
                                  ? json_sprintf("%s (%s)", json_string_value(name),
                                                 json_is_string(cc) ? json_string_value(cc) : "?")
                              : json_is_integer(item)
                                  ? json_sprintf("#%" JSON_INTEGER_FORMAT, json_integer_value(item))
                                  : json_sprintf("#%s", json_string_value(item)));
    }
    return out;
}

/* The fields whose values differ, with both values: {field: {file, registry}}. A snapshot
 * is the record's text in a JSON string (tr_agreement_snapshot). */
static json_t *differences(const json_t *before, const json_t *after)
{
    json_t *was = json_loads(json_string_value(before), 0, NULL);
    json_t *now = json_loads(json_string_value(after), 0, NULL);
    json_t *out = json_object(), *value;
    const char *key;
    json_object_foreach (now, key, value) {
        json_t *old = json_object_get(was, key);
        if (!old || !json_equal(old, value))
            json_object_set_new(
                out, key,
                json_pack("{s:O, s:O}", "file", value, "registry", old ? old : json_null()));
    }
    json_object_foreach (was, key, value)
        if (!json_object_get(now, key))
            json_object_set_new(out, key, json_pack("{s:n, s:O}", "file", "registry", value));
    json_decref(was);
    json_decref(now);
    return out;
}

static void watched(void *user, long line, int64_t id, const json_t *rec, const json_t *before,
                    const json_t *after)
{
    tr_compare *cmp = user;
    if (cmp->n_seen == cmp->cap_seen) {
        size_t cap = cmp->cap_seen ? cmp->cap_seen * 2 : 1024;
        int64_t *seen = realloc(cmp->seen, cap * sizeof *seen);
        if (!seen) {
            emit(cmp, TR_SIDE_FILE, NULL);
            return;
        }
        cmp->seen = seen, cmp->cap_seen = cap;
    }
    cmp->seen[cmp->n_seen++] = id;
    /* Added by the file, or matched to what an earlier line of it added: the file's own. */
    int own = !before || id > cmp->floor;
    tr_compare_side side = own                                             ? TR_SIDE_FILE
                           : json_equal((json_t *)before, (json_t *)after) ? TR_SIDE_BOTH
                                                                           : TR_SIDE_DIFFERS;
    json_t *row = new_row(side, line, own ? 0 : id);
    json_t *kind = json_object_get(rec, "kind"), *signed_on = json_object_get(rec, "signed_on");
    if (row &&
        (json_object_set_new(row, "parties", party_texts(json_object_get(rec, "parties"))) ||
         json_object_set_new(row, "kind",
                             json_is_string(kind) ? json_incref(kind)
                                                  : json_string(TR_DEFAULT_KIND)) ||
         json_object_set_new(row, "signed_on", signed_on ? json_incref(signed_on) : json_null()) ||
         (side == TR_SIDE_DIFFERS &&
          json_object_set_new(row, "differences", differences(before, after)))))
        json_decref(row), row = NULL;
    emit(cmp, side, row);
}

tr_compare *tr_compare_new(tr_import_options *opt, tr_compare_row_fn fn, void *user, tr_error *err)
{
    tr_compare *cmp = calloc(1, sizeof *cmp);
    if (!cmp) {
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    cmp->fn = fn, cmp->user = user;
    tr_error_init(&cmp->why);
    opt->skip_invalid = 1;
    opt->on_skip = skipped;
    opt->on_agreement = watched;
    opt->user = cmp;
    return cmp;
}

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int column_named(tr_cursor *c, const char *name)
{
    for (int i = 0; i < tr_cursor_columns(c); i++)
        if (strcmp(tr_cursor_column_name(c, i), name) == 0)
            return i;
    return -1;
}

static json_t *column_value(tr_cursor *c, int col)
{
    return col < 0 ? json_null() : tr_cursor_json(c, col);
}

/* The registry's parties {id, name, country, ...} as "Name (CC)". */
static json_t *registry_parties(tr_cursor *c, int col)
{
    json_t *places = json_loads(tr_cursor_text(c, col), 0, NULL);
    json_t *out = party_texts(places);
    json_decref(places);
    return out;
}

/* The registry's agreements that no record of the file matched: one pass in id order. */
static int registry_only(tr_compare *cmp, tr_store *store, tr_error *err)
{
    if (cmp->n_seen)
        qsort(cmp->seen, cmp->n_seen, sizeof *cmp->seen, by_id);
    tr_cursor *c;
    if (tr_cursor_open(store, TR_Q_AGREEMENTS_WITH_PLACES, "cannot compare", &c, err) != 0)
        return -1;
    int kind = column_named(c, "kind"), signed_on = column_named(c, "signed_on");
    int places = tr_cursor_columns(c) - 1; /* the last: the parties as JSON */
    int rc;
    while (!cmp->failed && (rc = tr_cursor_next(c, err)) == 1) {
        int64_t id = tr_cursor_int(c, 0);
        if (id > cmp->floor ||
            (cmp->n_seen && bsearch(&id, cmp->seen, cmp->n_seen, sizeof id, by_id)))
            continue;
        json_t *row = new_row(TR_SIDE_REGISTRY, 0, id);
        if (row && (json_object_set_new(row, "parties", registry_parties(c, places)) ||
                    json_object_set_new(row, "kind", column_value(c, kind)) ||
                    json_object_set_new(row, "signed_on", column_value(c, signed_on))))
            json_decref(row), row = NULL;
        emit(cmp, TR_SIDE_REGISTRY, row);
    }
    tr_cursor_close(c);
    return cmp->failed || rc < 0 ? -1 : 0;
}

int tr_compare_run(tr_compare *cmp, tr_import *im, tr_store *store, tr_error *err)
{
    if (tr_store_begin(store, err) != 0)
        return -1;
    cmp->floor = tr_store_sequence(store, "agreements");
    int rc = tr_import_run(im, store, err);
    /* The registry as it was, in the same transaction: what the file added has ids above
     * the floor. */
    if (rc == 0 && !cmp->failed)
        rc = registry_only(cmp, store, err);
    tr_store_rollback(store);
    if (cmp->failed && rc == 0) {
        tr_error_set(err, cmp->why.status ? cmp->why.status : TR_IO, "%s", cmp->why.message);
        rc = -1;
    }
    return rc;
}

const long *tr_compare_counts(const tr_compare *cmp) { return cmp->counts; }

void tr_compare_free(tr_compare *cmp)
{
    if (!cmp)
        return;
    free(cmp->seen);
    tr_error_release(&cmp->why);
    free(cmp);
}
