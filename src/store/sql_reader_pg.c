/* `sql` on a server: the query runs in a READ ONLY transaction (the server refuses any
 * write, whatever the text), with a statement timeout for `--timeout`, as the engine's own
 * dialect. The text goes to the server as it is, but for its `:name` parameters made $1,
 * $2... (sql_params.c), as one prepared statement, which the server refuses to hold two of.
 * `--max-memory` is SQLite's heap limit: the server bounds a query's memory itself (work_mem). */
#include "store/sql_reader_pg.h"

#ifdef TWINREG_POSTGRESQL
#include "store/cursor_impl.h"
#include "store/engine_pg.h"
#include "store/sql_params.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the text holds no statement: only white space, semicolons and comments (-- to the
 * line's end, nested slash-star ones), which the server prepares as an empty query. */
static int no_statement(const char *p)
{
    int depth = 0;
    while (*p) {
        if (depth == 0 && p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            depth++;
            p += 2;
        } else if (depth > 0 && p[0] == '*' && p[1] == '/') {
            depth--;
            p += 2;
        } else if (depth > 0 || *p == ';' || isspace((unsigned char)*p)) {
            p++;
        } else {
            return 0;
        }
    }
    return 1;
}

int st_pg_sql_fail(tr_cursor *c, tr_error *err)
{
    const char *state = st_pg_sqlstate(c->store);
    if (strcmp(state, "57014") == 0) { /* canceled: the statement timeout */
        c->clock->timed_out = 1;
        return -1;
    }
    if (strcmp(state, "25006") == 0) /* a write in the READ ONLY transaction: it names it */
        return tr_error_set(err, TR_REJECTED, "sql is read-only: %s", st_pg_message(c->store));
    /* The server's trouble (connection, resources, operator intervention, internal) is the
     * database's fault; anything else is the query's. */
    static const char *const server_classes[] = {"08", "53", "54", "57", "58", "XX", ""};
    int server = state[0] == '\0';
    for (int i = 0; server_classes[i][0] && !server; i++)
        server = strncmp(state, server_classes[i], 2) == 0;
    return tr_error_set(err, server ? TR_IO : TR_REJECTED, "sql: %s", st_pg_message(c->store));
}

/* Binds each $k of the numbered query to its --param value, as text of a type the server
 * infers. */
static int bind_params(st_stmt *stmt, const struct st_sql_numbered *q,
                       const struct tr_sql_params *params, tr_error *err)
{
    static const struct tr_sql_params none = {NULL, NULL, 0};
    size_t *which = calloc(q->n + 1, sizeof *which);
    if (!which)
        return tr_error_set(err, TR_IO, "sql: out of memory");
    int rc = st_sql_params_match((const char *const *)q->names, q->n, params ? params : &none,
                                 which, err);
    for (size_t k = 0; rc == 0 && k < q->n; k++)
        st_bind_text(stmt, (int)k + 1, params->values[which[k]]);
    free(which);
    return rc;
}

/* The query, numbered, prepared in its READ ONLY transaction and bound (a cursor runs it
 * at once); `query` as the user wrote it, for the messages. */
static int numbered_open(tr_store *reader, const struct st_sql_numbered *numbered,
                         const struct tr_sql_params *params, const char *query,
                         const struct tr_sql_limits *limits, tr_cursor **out, tr_error *err)
{
    struct st_sql_clock *clock = calloc(1, sizeof *clock);
    if (!clock)
        return tr_error_set(err, TR_IO, "sql: out of memory");
    clock->limits = *limits;
    char timeout[96];
    snprintf(timeout, sizeof timeout, "SET LOCAL statement_timeout = %lld",
             limits->timeout > 0 ? (long long)limits->timeout * 1000 : 0LL);
    if (st_pg_exec(reader, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", "sql", err) != 0 ||
        st_pg_exec(reader, timeout, "sql", err) != 0) {
        free(clock);
        return -1;
    }
    st_stmt *stmt = st_engine_of(reader)->prepare(reader, numbered->text, ST_PREPARE_VERBATIM, err);
    if (!stmt) { /* the server refused to prepare it: the query's fault, said its way */
        struct tr_cursor failed = {.store = reader, .clock = clock};
        tr_error_release(err);
        tr_error_init(err);
        st_pg_sql_fail(&failed, err);
        free(clock);
        return -1;
    }
    /* A statement with no result columns is no query: BEGIN, COMMIT, ANALYZE, SET, DO, an
     * empty text. The READ ONLY transaction lets some of them run, so they are refused before
     * they do, as SQLite's reader refuses what is not read-only. */
    if (st_column_count(stmt) == 0) {
        st_finalize(stmt);
        free(clock);
        if (no_statement(query))
            return tr_error_set(err, TR_REJECTED, "sql: the query is empty");
        return tr_error_set(err, TR_REJECTED,
                            "sql is read-only: refused a statement that returns no rows in "
                            "'%.60s'",
                            query + strspn(query, " \t\r\n"));
    }
    if (bind_params(stmt, numbered, params, err) != 0) {
        st_finalize(stmt);
        free(clock);
        return -1;
    }
    if (st_cursor_new(reader, stmt, "sql", out, err) != 0) {
        free(clock);
        return -1;
    }
    (*out)->clock = clock;
    return 0;
}

int st_pg_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                   const struct tr_sql_params *params, tr_cursor **out, tr_error *err)
{
    *out = NULL;
    struct st_sql_numbered numbered;
    if (st_sql_params_numbered(query, &numbered, err) != 0)
        return -1;
    int rc = numbered_open(reader, &numbered, params, query, limits, out, err);
    st_sql_numbered_free(&numbered);
    return rc;
}
#else
/* A build without libpq has no store on a server: never called. */
int st_pg_sql_fail(tr_cursor *c, tr_error *err)
{
    (void)c;
    return tr_error_set(err, TR_IO, "twinreg was built without PostgreSQL");
}
int st_pg_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                   const struct tr_sql_params *params, tr_cursor **out, tr_error *err)
{
    (void)reader, (void)query, (void)limits, (void)params;
    *out = NULL;
    return tr_error_set(err, TR_IO, "twinreg was built without PostgreSQL");
}
#endif
