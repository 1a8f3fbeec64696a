/* The registry's id counters (id_counter.h): gaps recorded at commit, ids given from them
 * once the engine's counter has reached the top of the range. */
#include "store/id_counter.h"

#include "store/engine.h"
#include "store/util.h"
#include "twinreg/core/id.h"

#include <string.h>

/* A table name cannot be bound: each table's statements are literals of their own. */
#define ID_TABLE(up, name)                                                                         \
    [ST_ID_##up] = {                                                                               \
        #name, "SELECT 1 FROM " #name " WHERE id = ?1",                                            \
        "SELECT count(*), coalesce(max(id), ?1) FROM " #name " WHERE id > ?1 AND id <= ?2",        \
        "SELECT prev + 1, id - 1 FROM (SELECT id, lag(id, 1, ?1) OVER (ORDER BY id) AS prev "      \
        "FROM " #name " WHERE id > ?1 AND id <= ?2) AS runs WHERE id > prev + 1"},

static const struct id_table {
    const char *name;
    const char *has_id;   /* a row with id ?1 */
    const char *new_rows; /* how many rows, and the highest id, in (?1, ?2] */
    const char *jumped;   /* the runs of ids missing in (?1, ?2] below its highest row */
} id_tables[ST_ID_TABLES] = {ST_ID_TABLE_LIST(ID_TABLE)};

static int id_table_of(const char *table)
{
    for (int t = 0; t < ST_ID_TABLES; t++)
        if (strcmp(table, id_tables[t].name) == 0)
            return t;
    return -1;
}

/* Tells the engine's counter the ids kept since it was last told (st_ids_kept). On a
 * server, other writers number rows at the same time, so the commit cannot take every id
 * missing above the transaction's start for one it skipped (st_ids_record_gaps, SQLite's
 * way): it looks only from where the counter stood when this transaction first moved it
 * (jump_from) to the highest id it kept (jump_to). */
static int settle_kept(tr_store *store, int t, tr_error *err)
{
    struct st_id_counters *c = st_id_counters(store);
    int64_t kept = c->kept[t];
    c->kept[t] = 0;
    if (!kept)
        return 0;
    if (c->jump_from[t] < 0 &&
        (c->jump_from[t] = st_engine_of(store)->sequence_of(store, id_tables[t].name, err)) < 0)
        return -1;
    if (kept > c->jump_to[t])
        c->jump_to[t] = kept;
    return st_engine_of(store)->keep_id(store, id_tables[t].name, kept, err);
}

static int64_t sequence(tr_store *store, int t, tr_error *err)
{
    if (settle_kept(store, t, err) != 0)
        return -1;
    return st_engine_of(store)->sequence_of(store, id_tables[t].name, err);
}

void st_ids_kept(tr_store *store, const char *table, int64_t id)
{
    struct st_id_counters *c = st_id_counters(store);
    int t = id_table_of(table);
    /* An id the engine gave is behind its counter already. */
    if (t >= 0 && st_engine_of(store)->keep_id && id > c->kept[t] && id != c->given[t])
        c->kept[t] = id;
}

int st_ids_begin(tr_store *store, tr_error *err)
{
    struct st_id_counters *c = st_id_counters(store);
    for (int t = 0; t < ST_ID_TABLES; t++) {
        c->probe[t] = c->kept[t] = c->given[t] = c->jump_to[t] = 0;
        c->jump_from[t] = -1;
        if ((c->at_begin[t] = sequence(store, t, err)) >= 0)
            continue;
        /* SQLite has no counters before the first migration (a registry being created):
         * nothing to record. A server's failure ends the transaction (and may be retried). */
        if (st_store_pg(store))
            return -1;
        tr_error_release(err);
        tr_error_init(err);
    }
    return 0;
}

void st_ids_as_copied(tr_store *store)
{
    struct st_id_counters *c = st_id_counters(store);
    for (int t = 0; t < ST_ID_TABLES; t++)
        c->at_begin[t] = -1;
}

static int add_gap(tr_store *store, int t, int64_t first, int64_t last, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store, "INSERT INTO id_gaps (table_name, first_id, last_id) VALUES (?1, ?2, ?3)", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, id_tables[t].name);
    st_bind_int64(stmt, 2, first);
    st_bind_int64(stmt, 3, last);
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, "cannot record the ids never used", err);
}

/* The ids in (from, upto] that table t has no row for: every one was skipped, since the
 * transaction that took the counter there numbered its rows (a row it added and removed
 * again was never seen outside it). */
static int record_jumped(tr_store *store, int t, int64_t from, int64_t upto, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, id_tables[t].new_rows, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, from);
    st_bind_int64(stmt, 2, upto);
    int rc = st_step(stmt);
    int64_t rows = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    int64_t highest = rc == ST_ROW ? st_column_int64(stmt, 1) : 0;
    st_reset(stmt);
    if (rc != ST_ROW)
        return st_fail(store, "cannot record the ids never used", err);
    if (rows == upto - from) /* the usual case: no id skipped */
        return 0;
    if (!(stmt = st_stmt_get(store, id_tables[t].jumped, err)))
        return -1;
    st_bind_int64(stmt, 1, from);
    st_bind_int64(stmt, 2, upto);
    while ((rc = st_step(stmt)) == ST_ROW) {
        int64_t first = st_column_int64(stmt, 0), last = st_column_int64(stmt, 1);
        if (add_gap(store, t, first, last, err) != 0) {
            st_reset(stmt);
            return -1;
        }
    }
    st_reset(stmt);
    if (rc != ST_DONE)
        return st_fail(store, "cannot record the ids never used", err);
    return highest < upto ? add_gap(store, t, highest + 1, upto, err) : 0;
}

int st_ids_record_gaps(tr_store *store, tr_error *err)
{
    struct st_id_counters *c = st_id_counters(store);
    for (int t = 0; t < ST_ID_TABLES; t++) {
        if (c->at_begin[t] < 0)
            continue;
        if (st_engine_of(store)->keep_id) { /* a server: only where this one moved it */
            if (settle_kept(store, t, err) != 0 ||
                (c->jump_from[t] >= 0 && c->jump_to[t] > c->jump_from[t] &&
                 record_jumped(store, t, c->jump_from[t], c->jump_to[t], err) != 0))
                return -1;
            continue;
        }
        int64_t now = sequence(store, t, err);
        if (now < 0)
            return -1;
        if (now > c->at_begin[t] && record_jumped(store, t, c->at_begin[t], now, err) != 0)
            return -1;
    }
    return 0;
}

/* The lowest id never used that a commit recorded: 1 and *id (taken), or 0. */
static int take_gap(tr_store *store, int t, int64_t *id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT first_id, last_id FROM id_gaps WHERE table_name = ?1 "
                                "ORDER BY first_id LIMIT 1",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, id_tables[t].name);
    int rc = st_step(stmt);
    int64_t first = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    int64_t last = rc == ST_ROW ? st_column_int64(stmt, 1) : 0;
    st_reset(stmt);
    if (rc == ST_DONE)
        return 0;
    if (rc != ST_ROW)
        return st_fail(store, "cannot find an id for the new row", err);
    stmt = st_stmt_get(store,
                       first == last ? "DELETE FROM id_gaps WHERE table_name = ?1 AND first_id = ?2"
                                     : "UPDATE id_gaps SET first_id = first_id + 1 "
                                       "WHERE table_name = ?1 AND first_id = ?2",
                       err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, id_tables[t].name);
    st_bind_int64(stmt, 2, first);
    rc = st_step(stmt);
    st_reset(stmt);
    if (rc != ST_DONE)
        return st_fail(store, "cannot find an id for the new row", err);
    *id = first;
    return 1;
}

/* The lowest id above what the table held when the transaction began that no row has yet
 * (and that this search did not give already): 1 and *id, or 0 when none is left. */
static int probe_above_begin(tr_store *store, int t, int64_t *id, tr_error *err)
{
    struct st_id_counters *c = st_id_counters(store);
    if (c->at_begin[t] < 0)
        return 0;
    int64_t next = c->probe[t] ? c->probe[t] : c->at_begin[t] + 1;
    st_stmt *stmt = st_stmt_get(store, id_tables[t].has_id, err);
    if (!stmt)
        return -1;
    for (; next <= TR_ID_MAX; next++) {
        st_bind_int64(stmt, 1, next);
        int rc = st_step(stmt);
        st_reset(stmt);
        if (rc == ST_DONE)
            break;
        if (rc != ST_ROW)
            return st_fail(store, "cannot find an id for the new row", err);
    }
    c->probe[t] = next + 1;
    if (next > TR_ID_MAX)
        return 0;
    *id = next;
    return 1;
}

/* 1 when the history records table t's new rows by id range: they must be above the
 * range's floor, so an id never used below it is not for them. */
static int recorded_by_range(tr_store *store, int t)
{
    return (t == ST_ID_CITIES && st_range_floor(store, TR_RANGE_CITIES) >= 0) ||
           (t == ST_ID_AGREEMENTS && st_range_floor(store, TR_RANGE_AGREEMENTS) >= 0);
}

int64_t tr_store_new_id(tr_store *store, const char *table, int64_t top, int ahead, tr_error *err)
{
    int t = id_table_of(table), found = 0;
    int64_t id = 0;
    if (t < 0) {
        tr_error_set(err, TR_IO, "internal error: %s has no id counter", table);
        return 0;
    }
    const st_engine *engine = st_engine_of(store);
    if (top < TR_ID_MAX && !engine->next_id)
        return top + 1;
    if (top < TR_ID_MAX) { /* from the counter, past what this writer kept */
        if (settle_kept(store, t, err) != 0)
            return 0;
        return st_id_counters(store)->given[t] = engine->next_id(store, table, ahead, err);
    }
    if (!recorded_by_range(store, t))
        found = take_gap(store, t, &id, err);
    if (found == 0)
        found = probe_above_begin(store, t, &id, err);
    if (found == 0)
        tr_error_set(err, TR_REJECTED,
                     "cannot number a new row of %s: no id is left (ids go up to %lld and are "
                     "never reused)",
                     table, TR_ID_MAX);
    return found > 0 ? id : 0;
}

int st_id_for_new_row(tr_store *store, const char *table, int64_t want_id, int64_t *id,
                      tr_error *err)
{
    *id = want_id;
    if (want_id) {
        st_ids_kept(store, table, want_id);
        return 0;
    }
    int t = id_table_of(table);
    int64_t top = t < 0 ? -1 : sequence(store, t, err);
    if (top < 0)
        return t < 0 ? tr_error_set(err, TR_IO, "internal error: %s has no id counter", table) : -1;
    if (top < TR_ID_MAX) /* the engine numbers it */
        return 0;
    return (*id = tr_store_new_id(store, table, top, 1, err)) ? 0 : -1;
}

int tr_store_id_unused(tr_store *store, const char *table, int64_t id, int64_t floor)
{
    int t = id_table_of(table);
    if (id <= floor || floor < 0 || t < 0)
        return 0;
    tr_error ignored;
    tr_error_init(&ignored);
    st_stmt *stmt = st_stmt_get(store, id_tables[t].has_id, &ignored);
    tr_error_release(&ignored);
    if (!stmt)
        return 0;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_DONE;
}
