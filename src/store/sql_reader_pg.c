/* `sql` on a server: the query runs in a READ ONLY transaction (the server refuses any
 * write, whatever the text), with a statement timeout for `--timeout`, as the engine's own
 * dialect. The text goes to the server as it is (no placeholder rewriting) and as one
 * prepared statement, which the server refuses to hold two of. `--max-memory` is SQLite's
 * heap limit: the server bounds a query's memory itself (work_mem). */
#include "store/sql_reader_pg.h"

#ifdef TWINREG_POSTGRESQL
#include "store/cursor_impl.h"
#include "store/engine_pg.h"

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
    if (strcmp(state, "25006") == 0) /* a write in the READ ONLY transaction */
        return tr_error_set(err, TR_REJECTED, "sql: only queries that read are allowed");
    /* The server's trouble (connection, resources, operator intervention, internal) is the
     * database's fault; anything else is the query's. */
    static const char *const server_classes[] = {"08", "53", "54", "57", "58", "XX", ""};
    int server = state[0] == '\0';
    for (int i = 0; server_classes[i][0] && !server; i++)
        server = strncmp(state, server_classes[i], 2) == 0;
    return tr_error_set(err, server ? TR_IO : TR_REJECTED, "sql: %s", st_pg_message(c->store));
}

int st_pg_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                   tr_cursor **out, tr_error *err)
{
    *out = NULL;
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
    st_stmt *stmt = st_engine_of(reader)->prepare(reader, query, ST_PREPARE_VERBATIM, err);
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
        return tr_error_set(err, TR_REJECTED,
                            no_statement(query) ? "sql: the query is empty"
                                                : "sql: only queries that read are allowed");
    }
    if (st_cursor_new(reader, stmt, "sql", out, err) != 0) {
        free(clock);
        return -1;
    }
    (*out)->clock = clock;
    return 0;
}
#else
/* A build without libpq has no store on a server: never called. */
int st_pg_sql_fail(tr_cursor *c, tr_error *err)
{
    (void)c;
    return tr_error_set(err, TR_IO, "twinreg was built without PostgreSQL");
}
int st_pg_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                   tr_cursor **out, tr_error *err)
{
    (void)reader, (void)query, (void)limits;
    *out = NULL;
    return tr_error_set(err, TR_IO, "twinreg was built without PostgreSQL");
}
#endif
