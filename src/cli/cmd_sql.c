/* sql: read-only SQL for researchers. Refusal is by construction, not by reading the
 * text: a connection that only reads (query_only), in defensive mode, without extension
 * loading, and an authorizer that allows reading and nothing else (no write, ATTACH,
 * transaction, state-changing PRAGMA or load_extension()). */
#include "cli/cli.h"
#include "cli/sql_limits.h"

#include "twinreg/json_text.h"

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
    case SQLITE_UPDATE:
        /* SQLite asks this while it connects a table-valued function (json_each,
         * pragma_table_info(...)) by declaring its table; the schema table cannot really be
         * written here (read-only connection, defensive mode, and a statement that would
         * is refused by sqlite3_stmt_readonly), so only that name passes. */
        return arg1 && (strcmp(arg1, "sqlite_master") == 0 || strcmp(arg1, "sqlite_schema") == 0) ? SQLITE_OK
                                                                                                   : SQLITE_DENY;
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

/* 1 when the text after the first statement holds another one: only blanks, ';' and
 * comments may follow. SQLite's own parser decides (compiling a text of comments gives no
 * statement), so a comment is never mistaken for a statement nor the reverse. */
static int another_statement(sqlite3 *db, const char *tail)
{
    while (tail && *tail) {
        sqlite3_stmt *next = NULL;
        const char *rest = NULL;
        int rc = sqlite3_prepare_v2(db, tail, -1, &next, &rest);
        sqlite3_finalize(next);
        if (rc != SQLITE_OK || next || rest == tail)
            return 1;
        tail = rest;
    }
    return 0;
}

/* The statement's column names, as JSON object keys: valid UTF-8, and unique (a repeated
 * name gets a suffix, "a", then "a:2", "a:3"... as a JSON object has each key once). */
static char **column_names(sqlite3_stmt *stmt, int n)
{
    char **names = calloc((size_t)n + 1, sizeof *names);
    for (int i = 0; i < n && names; i++) {
        const char *given = sqlite3_column_name(stmt, i);
        json_t *utf8 = tr_json_text(given ? given : "?", strlen(given ? given : "?"));
        const char *name = utf8 ? json_string_value(utf8) : "?";
        for (int suffix = 1; !names[i]; suffix++) {
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
        json_decref(utf8);
    }
    return names;
}

int cmd_sql(struct cli_ctx *ctx, struct cli_args *args)
{
    struct sql_limits limits;
    if (sql_limits_parse(ctx, args, &limits) != 0)
        return -1;
    sql_limits_prepare();
    char path[4096];
    if (tr_store_default_path(ctx->db_option, path, sizeof path, &ctx->err) != 0)
        return -1;
    sqlite3 *db = NULL;
    if (tr_store_open_reader(&db, path, &ctx->err) != 0)
        return -1;
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
    sql_limits_apply(db, &limits);
    const char *query = args->pos[0], *tail = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, query, -1, &stmt, &tail);
    int status = 0;
    if (rc != SQLITE_OK)
        status = fail(ctx, db, rc);
    else if (!stmt)
        status = tr_error_set(&ctx->err, TR_REJECTED, "sql: the query is empty");
    else if (another_statement(db, tail))
        status = tr_error_set(&ctx->err, TR_REJECTED, "sql: one statement at a time (text after the first: '%.40s')", tail);
    else if (!sqlite3_stmt_readonly(stmt))
        status = tr_error_set(&ctx->err, TR_REJECTED, "sql: only queries that read are allowed");
    if (status != 0) {
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return -1;
    }
    int n = sqlite3_column_count(stmt);
    char **names = column_names(stmt, n);
    struct out_column *columns = calloc((size_t)n + 1, sizeof *columns);
    for (int i = 0; i < n && names && columns; i++)
        columns[i] = (struct out_column){names[i], names[i], NULL, 60};
    struct out_list list;
    out_list_begin(&list, ctx, args->format, columns, (const char *const *)names);
    while (status == 0 && (rc = sql_limits_step(stmt, &limits)) == SQLITE_ROW) {
        json_t *row = json_object();
        for (int i = 0; i < n; i++) /* a value that cannot be made (no memory) fails the row, never drops out */
            if (json_object_set_new(row, names[i] ? names[i] : "?", tr_column_json(stmt, i)) != 0)
                rc = SQLITE_NOMEM;
        status = rc == SQLITE_NOMEM ? -1 : out_list_row(row, &list);
        json_decref(row);
        if (status == 0 && sql_limits_reached(ctx, &limits, SQLITE_OK, list.bytes) != 0)
            status = -1, rc = SQLITE_DONE;
    }
    if (status == 0 && rc != SQLITE_DONE && sql_limits_reached(ctx, &limits, rc, 0) != 0)
        status = -1;
    else if (status == 0 && rc != SQLITE_DONE)
        status = fail(ctx, db, rc);
    else if (rc == SQLITE_NOMEM)
        status = tr_error_set(&ctx->err, TR_IO, "sql: out of memory");
    status = out_list_end(&list) != 0 || status != 0 ? -1 : 0;
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    for (int i = 0; i < n && names; i++)
        free(names[i]);
    free(names);
    free(columns);
    return status;
}
