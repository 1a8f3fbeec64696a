/* `sql`: read-only SQL for researchers. Refusal is by construction, not by reading the
 * text: a connection that only reads (query_only), in defensive mode, without extension
 * loading, and an authorizer that allows reading and nothing else (no write, ATTACH,
 * transaction, state-changing PRAGMA or load_extension()). Its limits: time spent
 * stepping (on a monotonic clock, so a reader paging slowly through the output never
 * trips it) and SQLite's heap. */
#include "store/cursor_impl.h"
#include "store/sql_reader_pg.h"
#include "store/engine_sqlite.h"
#include "store/sql_params.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* PRAGMAs that only report: about a named table or index (their argument), or about the
 * database, when they are given no value (with one, some would change it). */
static const char *const described_pragmas[] = {"table_info", "table_xinfo", "index_list",
                                                "index_info", "index_xinfo", "foreign_key_list",
                                                NULL};
static const char *const readable_pragmas[] = {
    "table_list",    "user_version",   "schema_version", "application_id",  "page_count",
    "page_size",     "freelist_count", "encoding",       "compile_options", "collation_list",
    "function_list", "pragma_list",    "database_list",  "quick_check",     NULL};

static int listed(const char *const *list, const char *name)
{
    for (int i = 0; name && list[i]; i++)
        if (strcasecmp(name, list[i]) == 0)
            return 1;
    return 0;
}

/* What the authorizer refused first, for the message: "DELETE on cities". */
struct refusal {
    char what[128];
    int of_schema_table; /* a write of sqlite_master: a CREATE or DROP */
};

/* The words for an action the reader refuses; NULL for a change of the schema. */
static const char *action_name(int action)
{
    switch (action) {
    case SQLITE_INSERT:
        return "INSERT into";
    case SQLITE_UPDATE:
        return "UPDATE of";
    case SQLITE_DELETE:
        return "DELETE from";
    case SQLITE_ATTACH:
        return "ATTACH of";
    case SQLITE_DETACH:
        return "DETACH of";
    case SQLITE_TRANSACTION: /* its argument: BEGIN, COMMIT or ROLLBACK */
        return "";
    case SQLITE_SAVEPOINT:
        return "SAVEPOINT";
    case SQLITE_PRAGMA:
        return "PRAGMA";
    case SQLITE_FUNCTION:
        return "the function";
    case SQLITE_ANALYZE:
        return "ANALYZE of";
    case SQLITE_REINDEX:
        return "REINDEX of";
    case SQLITE_ALTER_TABLE:
        return "ALTER TABLE";
    default: /* CREATE, DROP and the like */
        return NULL;
    }
}

static int deny(struct refusal *r, int action, const char *arg1, const char *arg2)
{
    if (r && !r->what[0]) { /* NULL: re-prepared while stepping, after the check */
        /* The second argument names the function, the altered table, the savepoint. */
        int second =
            action == SQLITE_FUNCTION || action == SQLITE_ALTER_TABLE || action == SQLITE_SAVEPOINT;
        const char *object = second || !arg1 ? arg2 : arg1;
        r->of_schema_table = object && strncmp(object, "sqlite_", 7) == 0;
        /* A write of sqlite_master is a CREATE or DROP (SQLite asks no more after it). */
        if (r->of_schema_table || !action_name(action))
            snprintf(r->what, sizeof r->what, "a change of the schema");
        else
            snprintf(r->what, sizeof r->what, "%s%s%s", action_name(action),
                     object && *action_name(action) ? " " : "", object ? object : "");
    }
    return SQLITE_DENY;
}

static int authorize(void *ctx, int action, const char *arg1, const char *arg2, const char *db,
                     const char *trigger)
{
    (void)db, (void)trigger;
    struct refusal *refused = ctx;
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
        return arg1 && (strcmp(arg1, "sqlite_master") == 0 || strcmp(arg1, "sqlite_schema") == 0)
                   ? SQLITE_OK
                   : deny(refused, action, arg1, arg2);
    case SQLITE_FUNCTION: /* arg2: the function's name */
        return arg2 && (strcasecmp(arg2, "load_extension") == 0 ||
                        strcasecmp(arg2, "fts3_tokenizer") == 0)
                   ? deny(refused, action, arg1, arg2)
                   : SQLITE_OK;
    case SQLITE_PRAGMA: /* arg1: its name, arg2: its argument or value (NULL: none) */
        return listed(described_pragmas, arg1) || (!arg2 && listed(readable_pragmas, arg1))
                   ? SQLITE_OK
                   : deny(refused, action, arg1, arg2);
    default:
        return deny(refused, action, arg1, arg2);
    }
}

/* "sql is read-only: refused DELETE from cities in 'DELETE FROM cities WHERE ...'". */
static int read_only(const char *what, const char *query, tr_error *err)
{
    while (*query == ' ' || *query == '\n' || *query == '\t' || *query == '\r')
        query++;
    size_t n = strcspn(query, "\n");
    return tr_error_set(err, TR_REJECTED, "sql is read-only: refused %s in '%.*s%s'", what,
                        n > 60 ? 57 : (int)n, query, n > 60 ? "..." : "");
}

/* Binds each of the statement's parameters to its --param value, as text. */
static int bind_params(sqlite3_stmt *stmt, const struct tr_sql_params *params, tr_error *err)
{
    int nq = sqlite3_bind_parameter_count(stmt);
    const char **names = calloc((size_t)nq + 1, sizeof *names);
    size_t *which = calloc((size_t)nq + 1, sizeof *which);
    static const struct tr_sql_params none = {NULL, NULL, 0};
    int rc = names && which ? 0 : tr_error_set(err, TR_IO, "sql: out of memory");
    for (int i = 0; rc == 0 && i < nq; i++) {
        const char *name = sqlite3_bind_parameter_name(stmt, i + 1); /* "?NNN": unnamed */
        names[i] = name && name[0] != '?' ? name + 1 : NULL;
    }
    if (rc == 0)
        rc = st_sql_params_match(names, (size_t)nq, params ? params : &none, which, err);
    for (int i = 0; rc == 0 && i < nq; i++)
        if (sqlite3_bind_text(stmt, i + 1, params->values[which[i]], -1, SQLITE_TRANSIENT))
            rc = tr_error_set(err, TR_IO, "sql: out of memory");
    free(names);
    free(which);
    return rc;
}

/* A query failure: the query's fault (4), or the database's (5). */
static int fail(sqlite3 *db, int rc, tr_error *err)
{
    int code = rc & 0xff;
    int database = code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_CORRUPT ||
                   code == SQLITE_NOTADB || code == SQLITE_IOERR || code == SQLITE_CANTOPEN ||
                   code == SQLITE_NOMEM || code == SQLITE_FULL;
    /* Refused while stepping (a pragma function's own statement): still the reader's rule. */
    if (code == SQLITE_AUTH)
        return tr_error_set(err, TR_REJECTED, "sql is read-only: %s", sqlite3_errmsg(db));
    return tr_error_set(err, database ? TR_IO : TR_REJECTED, "sql: %s", sqlite3_errmsg(db));
}

int st_sql_fail(tr_cursor *c, tr_error *err)
{
    if (!st_db(c->store))
        return st_pg_sql_fail(c, err);
    int rc = sqlite3_extended_errcode(st_db(c->store));
    /* A limit's failure is worded by the caller, who knows its options. */
    c->clock->out_of_memory = (rc & 0xff) == SQLITE_NOMEM && c->clock->limits.max_memory > 0;
    if (c->clock->timed_out || c->clock->out_of_memory)
        return -1;
    return fail(st_db(c->store), rc, err);
}

enum tr_sql_limit tr_sql_limit_reached(tr_cursor *c)
{
    if (!c->clock)
        return TR_SQL_WITHIN_LIMITS;
    return c->clock->timed_out       ? TR_SQL_PAST_TIME
           : c->clock->out_of_memory ? TR_SQL_PAST_MEMORY
                                     : TR_SQL_WITHIN_LIMITS;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Called by SQLite every few thousand instructions; non-zero interrupts the query. */
static int past_deadline(void *data)
{
    struct st_sql_clock *clock = data;
    if (clock->spent + (now() - clock->step_started) > (double)clock->limits.timeout)
        clock->timed_out = 1;
    return clock->timed_out;
}

int st_sql_step(tr_cursor *c)
{
    c->clock->step_started = now();
    int rc = st_step(c->stmt);
    c->clock->spent += now() - c->clock->step_started;
    return rc;
}

void st_sql_stop_clock(tr_cursor *c)
{
    if (st_db(c->store)) /* a server's timeout ends with its transaction */
        sqlite3_progress_handler(st_db(c->store), 0, NULL, NULL);
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

int tr_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                const struct tr_sql_params *params, tr_cursor **out, tr_error *err)
{
    *out = NULL;
    if (!st_db(reader))
        return st_pg_sql_open(reader, query, limits, params, out, err);
    sqlite3 *db = st_db(reader);
    struct st_sql_clock *clock = calloc(1, sizeof *clock);
    if (!clock)
        return tr_error_set(err, TR_IO, "sql: out of memory");
    clock->limits = *limits;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
    struct refusal refused = {"", 0};
    sqlite3_set_authorizer(db, authorize, &refused);
    if (limits->timeout > 0)
        sqlite3_progress_handler(db, 1000, past_deadline, clock);
    sqlite3_hard_heap_limit64(limits->max_memory * 1048576LL);
    const char *tail = NULL;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, query, -1, &stmt, &tail), status = 0;
    /* The authorizer is asked while preparing only: its record is this query's. */
    sqlite3_set_authorizer(db, authorize, NULL);
    if (rc != SQLITE_OK && refused.what[0])
        status = read_only(refused.what, query, err);
    else if (rc != SQLITE_OK)
        status = fail(db, rc, err);
    else if (!stmt)
        status = tr_error_set(err, TR_REJECTED, "sql: the query is empty");
    else if (another_statement(db, tail))
        status = tr_error_set(err, TR_REJECTED,
                              "sql: one statement at a time (text after the first: '%.40s')", tail);
    else if (!sqlite3_stmt_readonly(stmt))
        status = read_only("a statement that writes", query, err);
    else
        status = bind_params(stmt, params, err);
    if (status != 0 || st_cursor_new(reader, st_sqlite_adopt(stmt), "sql", out, err) != 0) {
        if (status != 0)
            sqlite3_finalize(stmt);
        sqlite3_progress_handler(db, 0, NULL, NULL);
        free(clock);
        return -1;
    }
    (*out)->clock = clock;
    return 0;
}
