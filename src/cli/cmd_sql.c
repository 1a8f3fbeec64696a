/* sql: read-only SQL for researchers, on a reader of the store that refuses anything
 * but reading (src/store/sql_reader.c); here, the rows are rendered. */
#include "cli/cli.h"
#include "cli/sql_limits.h"
#include "cli/sql_query.h"

#include "twinreg/store/cursor.h"
#include "twinreg/core/json_text.h"

#include <stdlib.h>
#include <string.h>

/* The statement's column names, as JSON object keys: valid UTF-8, and unique (a repeated
 * name gets a suffix, "a", then "a:2", "a:3"... as a JSON object has each key once). */
static char **column_names(tr_cursor *stmt, int n)
{
    char **names = calloc((size_t)n + 1, sizeof *names);
    for (int i = 0; i < n && names; i++) {
        const char *given = tr_cursor_column_name(stmt, i);
        json_t *utf8 = tr_json_text(given ? given : "?", strlen(given ? given : "?"));
        const char *name = utf8 ? json_string_value(utf8) : "?";
        for (int suffix = 1; !names[i]; suffix++) {
            char *candidate = NULL;
            if ((suffix == 1 ? !(candidate = strdup(name))
                             : asprintf(&candidate, "%s:%d", name, suffix) < 0))
                break;
            int taken = 0;
            for (int j = 0; j < i && !taken; j++)
                taken = names[j] && strcmp(names[j], candidate) == 0;
            for (int j = i + 1; j < n && !taken && suffix > 1; j++)
                taken = strcmp(tr_cursor_column_name(stmt, j), candidate) == 0;
            if (taken)
                free(candidate);
            else
                names[i] = candidate;
        }
        json_decref(utf8);
    }
    return names;
}

/* A database from a newer twinreg is refused, as by every other command. */
static int newer_schema(struct cli_ctx *ctx, tr_store *reader, const char *path)
{
    int version = tr_store_schema_version(reader);
    if (version <= tr_store_expected_version(reader))
        return 0;
    return tr_error_set(
        &ctx->err, TR_IO,
        "cannot open database '%s': its schema version %d is newer than this program's (%d)", path,
        version, tr_store_expected_version(reader));
}

int cmd_sql(struct cli_ctx *ctx, struct cli_args *args)
{
    struct tr_sql_limits limits;
    struct sql_query query;
    if (sql_limits_parse(ctx, args, &limits) != 0)
        return -1;
    char path[4096];
    if (sql_query_read(ctx, args, &query) != 0 ||
        tr_store_default_path(ctx->db_option, path, sizeof path, &ctx->err) != 0) {
        sql_query_free(&query);
        return -1;
    }
    tr_store *reader = NULL;
    tr_cursor *rows = NULL;
    int opened = tr_store_open_reader(&reader, path, &ctx->err) == 0 &&
                 newer_schema(ctx, reader, path) == 0 &&
                 tr_sql_open(reader, query.text, &limits, &query.params, &rows, &ctx->err) == 0;
    sql_query_free(&query);
    if (!opened) {
        tr_store_close(reader);
        return -1;
    }
    int n = tr_cursor_columns(rows), rc, status = 0;
    char **names = column_names(rows, n);
    struct out_column *columns = calloc((size_t)n + 1, sizeof *columns);
    for (int i = 0; i < n && names && columns; i++)
        columns[i] = (struct out_column){names[i], names[i], NULL, 60};
    struct out_list list;
    out_list_begin(&list, ctx, args->format, columns, (const char *const *)names);
    while (status == 0 && (rc = tr_cursor_next(rows, &ctx->err)) == 1) {
        json_t *row = json_object();
        int no_memory = !row;
        for (int i = 0; i < n && row;
             i++) /* a value that cannot be made fails the row, never drops out */
            if (json_object_set_new(row, names[i] ? names[i] : "?", tr_cursor_json(rows, i)) != 0)
                no_memory = 1;
        if (no_memory)
            status = tr_error_set(&ctx->err, TR_IO, "sql: out of memory");
        else
            status = out_list_row(row, &list);
        json_decref(row);
        if (status == 0 && sql_limits_reached(ctx, &limits, TR_SQL_WITHIN_LIMITS, list.bytes) != 0)
            status = -1, rc = 0;
    }
    if (status == 0 && rc < 0) {
        sql_limits_reached(ctx, &limits, tr_sql_limit_reached(rows), 0);
        status = -1;
    }
    list.header_always = status == 0; /* a failed query prints no header */
    status = out_list_end(&list) != 0 || status != 0 ? -1 : 0;
    tr_cursor_close(rows);
    tr_store_close(reader);
    for (int i = 0; i < n && names; i++)
        free(names[i]);
    free(names);
    free(columns);
    return status;
}
