/* The migration refold_names (issue 15): every stored name key folded again, since the
 * fold now goes past diacritics (Łódź: "łodz" → "lodz"). SQL cannot fold, so the store runs
 * this after the migration's SQL, in its transaction, on both engines (st_migration_step). */
#include "store/migrations.h"

#include "store/city_parts.h"
#include "store/util.h"

#include "twinreg/core/fold.h"

#include <stdlib.h>
#include <string.h>

/* One table's keys. Parameters: ?1 the row's id (an alias's city), ?2 the new key, ?3 the
 * alias's name. `taken` finds another row that holds the new key where it must be unique. */
struct keyed_table {
    const char *read, *taken, *update;
    int range; /* cities are written through the range writer (util.h) */
};

static const struct keyed_table tables[] = {
    {"SELECT id, name, name_key FROM cities ORDER BY id",
     "SELECT 1 FROM cities o JOIN cities c ON c.country = o.country AND c.name_key = ?2 "
     "AND c.twin_key = o.twin_key AND c.id <> o.id WHERE o.id = ?1",
     "UPDATE cities SET name_key = ?2 WHERE id = ?1", 1},
    {"SELECT city_id, name, name_key FROM city_aliases ORDER BY city_id, name", NULL,
     "UPDATE city_aliases SET name_key = ?2 WHERE city_id = ?1 AND name = ?3", 0},
    {"SELECT id, name, name_key FROM organizations ORDER BY id",
     "SELECT 1 FROM organizations WHERE name_key = ?2 AND id <> ?1",
     "UPDATE organizations SET name_key = ?2 WHERE id = ?1", 0},
};

struct refolded {
    int64_t id;
    char *name, *key;
};

struct changes {
    struct refolded *rows;
    size_t n, cap;
};

static void changes_release(struct changes *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->rows[i].name), free(c->rows[i].key);
    free(c->rows);
    *c = (struct changes){0};
}

/* The rows whose key folds otherwise now: only those are held, never the whole table. */
static int read_changes(tr_store *store, const struct keyed_table *t, struct changes *c,
                        tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store, t->read, err);
    if (!stmt)
        return -1;
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        const char *name = st_column_text(stmt, 1), *old = st_column_text(stmt, 2);
        char *key = tr_fold(name);
        if (!key) {
            tr_error_set(err, TR_IO, "cannot fold the name '%s'", name);
            break;
        }
        if (!*key || strcmp(key, old) == 0) {
            free(key);
            continue;
        }
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 64;
            struct refolded *rows = realloc(c->rows, cap * sizeof *rows);
            if (!rows) {
                free(key);
                tr_error_set(err, TR_IO, "out of memory");
                break;
            }
            c->rows = rows, c->cap = cap;
        }
        c->rows[c->n++] = (struct refolded){st_column_int64(stmt, 0), strdup(name), key};
        if (!c->rows[c->n - 1].name) {
            tr_error_set(err, TR_IO, "out of memory");
            break;
        }
    }
    if (rc != ST_ROW && rc != ST_DONE)
        st_fail(store, "cannot read the names to fold", err);
    st_finalize(stmt);
    return rc == ST_DONE ? 0 : -1;
}

static void bind_row(st_stmt *stmt, const struct refolded *r)
{
    st_bind_int64(stmt, 1, r->id);
    st_bind_text(stmt, 2, r->key);
}

/* 1 when another row holds the key where keys are unique: this row then keeps its old
 * key (two cities once told apart by a letter, `Lodz` and `Łódź`; `city duplicates`
 * lists such pairs first), rather than failing the whole migration. */
static int key_taken(tr_store *store, const struct keyed_table *t, const struct refolded *r,
                     tr_error *err)
{
    if (!t->taken)
        return 0;
    st_stmt *stmt = st_stmt_get(store, t->taken, err);
    if (!stmt)
        return -1;
    bind_row(stmt, r);
    int rc = st_step(stmt);
    st_reset(stmt);
    if (rc == ST_ERROR)
        return st_fail(store, "cannot look up a folded name", err);
    return rc == ST_ROW;
}

static int write_key(tr_store *store, const struct keyed_table *t, const struct refolded *r,
                     tr_error *err)
{
    static const char *const what = "cannot store a folded name";
    if (t->range) {
        st_range_write w = st_range_stmt(store, t->update, err);
        if (!w.stmt)
            return -1;
        bind_row(w.stmt, r);
        return st_range_step(store, w, r->id, what, err);
    }
    st_stmt *stmt = st_stmt_get(store, t->update, err);
    if (!stmt)
        return -1;
    bind_row(stmt, r);
    if (strstr(t->update, "?3"))
        st_bind_text(stmt, 3, r->name);
    return st_step_done(store, stmt, what, err);
}

static int refold_table(tr_store *store, const struct keyed_table *t, tr_error *err)
{
    struct changes c = {0};
    int rc = read_changes(store, t, &c, err);
    for (size_t i = 0; rc == 0 && i < c.n; i++) {
        int taken = key_taken(store, t, &c.rows[i], err);
        rc = taken < 0 ? -1 : taken ? 0 : write_key(store, t, &c.rows[i], err);
    }
    changes_release(&c);
    return rc;
}

int st_refold_names(tr_store *store, tr_error *err)
{
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        if (refold_table(store, &tables[i], err) != 0)
            return -1;
    /* A twin key holds a folded region, which the new fold may spell otherwise. */
    return st_city_fill_twin_keys(store, err);
}
