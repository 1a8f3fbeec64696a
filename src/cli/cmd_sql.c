/* sql: read-only SQL for researchers. Refusal is by construction, not by reading the
 * text: a connection opened read-only, in defensive mode, without extension loading, and
 * an authorizer that allows reading and nothing else (no write, ATTACH, transaction,
 * state-changing PRAGMA or load_extension()). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* PRAGMAs that only report: about a named table or index (their argument), or about the
 * database, when they are given no value (with one, some would change it). */
static const char *const described_pragmas[] = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
                                                "foreign_key_list", NULL};
static const char *const readable_pragmas[] = {
    "table_list", "user_version", "schema_version", "application_id", "page_count", "page_size", "freelist_count",
    "encoding", "compile_options", "collation_list", "function_list", "pragma_list", "database_list", "quick_check", NULL};

static int listed(const char *const *list, const char *name)
{
    for (int i = 0; name && list[i]; i++)
        if (strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

static int authorize(void *ctx, int action, const char *arg1, const char *arg2, const char *db, const char *trigger)
{
    (void)ctx, (void)db, (void)trigger;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    case SQLITE_FUNCTION: /* arg2: the function's name */
        return arg2 && (strcasecmp(arg2, "load_extension") == 0 || strcasecmp(arg2, "fts3_tokenizer") == 0)
                   ? SQLITE_DENY
                   : SQLITE_OK;
    case SQLITE_PRAGMA: /* arg1: its name, arg2: its argument or value (NULL: none) */
        return listed(described_pragmas, arg1) || (!arg2 && listed(readable_pragmas, arg1)) ? SQLITE_OK : SQLITE_DENY;
    default:
        return SQLITE_DENY;
    }
}

/* A query failure: the query's fault (4), or the database's (5). */
static int fail(struct cli_ctx *ctx, sqlite3 *db, int rc)
{
    int code = rc & 0xff;
    int database = code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_CORRUPT || code == SQLITE_NOTADB ||
                   code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_NOMEM || code == SQLITE_FULL;
    return tr_error_set(&ctx->err, database ? TR_IO : TR_REJECTED, "sql: %s", sqlite3_errmsg(db));
}

int cmd_sql(struct cli_ctx *ctx, struct cli_args *args)
{
    char path[4096];
    if (tr_store_default_path(ctx->db_option, path, sizeof path, &ctx->err) != 0)
        return -1;
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        tr_error_set(&ctx->err, TR_IO, "cannot open database '%s': %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return -1;
    }
    /* A database from a newer twinreg is refused, as by every other command. */
    sqlite3_stmt *version = NULL;
    int user_version = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &version, NULL) == SQLITE_OK &&
                               sqlite3_step(version) == SQLITE_ROW
                           ? sqlite3_column_int(version, 0)
                           : -1;
    sqlite3_finalize(version);
    if (user_version < 0 || user_version > tr_store_latest_version()) {
        if (user_version < 0)
            tr_error_set(&ctx->err, TR_IO, "cannot open database '%s': %s", path, sqlite3_errmsg(db));
        else
            tr_error_set(&ctx->err, TR_IO, "cannot open database '%s': its schema version %d is newer than this program's (%d)",
                         path, user_version, tr_store_latest_version());
        sqlite3_close(db);
        return -1;
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    sqlite3_busy_timeout(db, tr_store_busy_timeout(&ctx->err)); /* checked valid by main */
    sqlite3_set_authorizer(db, authorize, NULL);
    const char *query = args->pos[0], *tail = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, query, -1, &stmt, &tail);
    int status = 0;
    if (rc != SQLITE_OK)
        status = fail(ctx, db, rc);
    else if (!stmt)
        status = tr_error_set(&ctx->err, TR_REJECTED, "sql: the query is empty");
    else if (tail && tail[strspn(tail, " \t\r\n;")])
        status = tr_error_set(&ctx->err, TR_REJECTED, "sql: one statement at a time (text after the first: '%.40s')", tail);
    else if (!sqlite3_stmt_readonly(stmt))
        status = tr_error_set(&ctx->err, TR_REJECTED, "sql: only queries that read are allowed");
    if (status != 0) {
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return -1;
    }
    /* Columns from the statement; a repeated name gets a suffix (a JSON object has one). */
    int n = sqlite3_column_count(stmt);
    char **names = calloc((size_t)n + 1, sizeof *names);
    struct out_column *columns = calloc((size_t)n + 1, sizeof *columns);
    for (int i = 0; i < n && names && columns; i++) {
        const char *name = sqlite3_column_name(stmt, i);
        for (int suffix = 1; !names[i]; suffix++) { /* "a", then "a:2", "a:3"... until unused */
            char *candidate = NULL;
            if ((suffix == 1 ? !(candidate = strdup(name)) : asprintf(&candidate, "%s:%d", name, suffix) < 0))
                break;
            int taken = 0;
            for (int j = 0; j < i && !taken; j++)
                taken = names[j] && strcmp(names[j], candidate) == 0;
            for (int j = i + 1; j < n && !taken && suffix > 1; j++)
                taken = strcmp(sqlite3_column_name(stmt, j), candidate) == 0;
            if (taken)
                free(candidate);
            else
                names[i] = candidate;
        }
        columns[i] = (struct out_column){names[i], names[i], NULL, 60};
    }
    struct out_list list;
    out_list_begin(&list, ctx, args->format, columns, (const char *const *)names);
    while (status == 0 && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        json_t *row = json_object();
        for (int i = 0; i < n; i++)
            json_object_set_new(row, names[i] ? names[i] : "?", tr_column_json(stmt, i));
        status = out_list_row(row, &list);
        json_decref(row);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = fail(ctx, db, rc);
    status = out_list_end(&list) != 0 || status != 0 ? -1 : 0;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    for (int i = 0; i < n && names; i++)
        free(names[i]);
    free(names);
    free(columns);
    return status;
}
