/* Sources and the links from records to them. */
#include "twinreg/store/source.h"

#include "store/util.h"

#include <string.h>

static int check_source(const char *url, const char *citation, tr_error *err)
{
    if (st_check_text(url, "source url", 2000, 1, err) != 0 ||
        st_check_text(citation, "citation", 4000, 0, err) != 0)
        return -1;
    if (strchr(url, ' ') || strchr(url, '\n'))
        return tr_error_set(err, TR_REJECTED, "invalid source url '%s': it has spaces", url);
    return 0;
}

int tr_source_find(tr_store *store, const char *url, int64_t *id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "SELECT id FROM sources WHERE url = ?1", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, url);
    int rc = st_step(stmt);
    *id = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    st_reset(stmt);
    return rc == ST_ROW || rc == ST_DONE ? 0 : st_fail(store, "cannot look up the source", err);
}

int tr_source_add(tr_store *store, const char *url, const char *citation, int64_t *id,
                  tr_error *err)
{
    if (check_source(url, citation, err) != 0 || tr_source_find(store, url, id, err) != 0)
        return -1;
    if (*id)
        return tr_error_set(err, TR_REJECTED,
                            "duplicate source: source %lld already has the url '%s'",
                            (long long)*id, url);
    return tr_source_ensure(store, url, citation, 0, id, NULL, err);
}

int tr_source_ensure(tr_store *store, const char *url, const char *citation, int64_t want_id,
                     int64_t *id, tr_source_outcome *outcome, tr_error *err)
{
    if (check_source(url, citation, err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(
        store,
        "SELECT id, CASE WHEN citation = ?2 OR CAST(?2 AS TEXT) IS NULL THEN 1 ELSE 0 END "
        "FROM sources WHERE url = ?1",
        err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, url);
    st_bind_text(stmt, 2, citation);
    int rc = st_step(stmt);
    int same = rc == ST_ROW && st_column_int64(stmt, 1);
    *id = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    st_reset(stmt);
    if (rc != ST_ROW && rc != ST_DONE)
        return st_fail(store, "cannot look up the source", err);
    if (outcome)
        *outcome = same ? TR_SOURCE_UNCHANGED : *id ? TR_SOURCE_UPDATED : TR_SOURCE_INSERTED;
    if (same)
        return 0;
#define SOURCE_INSERT(id_column, id_value)                                                         \
    "INSERT INTO sources (url, citation" id_column ") VALUES (?1, ?2" id_value ") ON CONFLICT "    \
    "(url) DO UPDATE SET citation = excluded.citation"
    static const char with_id[] = SOURCE_INSERT(", id", ", ?3"), next_id[] = SOURCE_INSERT("", "");
    stmt = st_insert_id_stmt(store, "sources", with_id, next_id, *id ? 0 : want_id, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, url);
    st_bind_text(stmt, 2, citation);
    /* An upsert that updated: the row is the one looked up above. */
    int64_t inserted;
    if (st_step_insert(store, stmt, &inserted, "cannot write the source", err) != 0)
        return -1;
    if (!*id)
        *id = inserted;
    return 0;
}

int tr_source_link(tr_store *store, const char *type, const char *key, const char *url,
                   tr_error *err)
{
    int64_t id;
    if (tr_source_ensure(store, url, NULL, 0, &id, NULL, err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO record_sources (source_id, record_type, "
                                "record_key) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, type);
    st_bind_text(stmt, 3, key);
    return st_step_done(store, stmt, "cannot link the source", err);
}

int tr_source_unlink_all(tr_store *store, const char *type, const char *key, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store, "DELETE FROM record_sources WHERE record_type = ?1 AND record_key = ?2", err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, type);
    st_bind_text(stmt, 2, key);
    return st_step_done(store, stmt, "cannot unlink sources", err);
}

json_t *tr_source_urls(tr_store *store, const char *type, const char *key, tr_error *err)
{
    st_stmt *stmt =
        st_stmt_get(store,
                    "SELECT s.url FROM record_sources r JOIN sources s ON s.id = r.source_id "
                    "WHERE r.record_type = ?1 AND r.record_key = ?2 ORDER BY s.url",
                    err);
    if (!stmt)
        return NULL;
    st_bind_text(stmt, 1, type);
    st_bind_text(stmt, 2, key);
    json_t *list = json_array();
    while (st_step(stmt) == ST_ROW)
        json_array_append_new(list, st_column_json(stmt, 0));
    st_reset(stmt);
    return list;
}

static json_t *source_from_row(tr_store *store, st_stmt *row, tr_error *err)
{
    (void)store, (void)err;
    return json_pack("{s:o,s:o,s:o}", "id", st_column_json(row, 0), "citation",
                     st_column_json(row, 1), "url", st_column_json(row, 2));
}

int tr_source_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt =
        st_prepare_once(store, "SELECT id, citation, url FROM sources ORDER BY id", err);
    return st_each_row(store, stmt, source_from_row, fn, ctx, "cannot list sources", err);
}
