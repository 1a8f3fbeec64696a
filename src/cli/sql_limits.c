/* Time and memory limits for `sql`. The time counts only what SQLite spends stepping (on a
 * monotonic clock), so a reader paging slowly through the output (`| less`) never trips it. */
#include "cli/sql_limits.h"

#include "twinreg/number.h"

#include <string.h>
#include <time.h>

/* A whole number from 0 to max, digits only ("+5", " 5", "5s" and "1e3" are not). */
static int whole_number(struct cli_ctx *ctx, const char *text, const char *option, long max, long *out)
{
    long long v;
    if (tr_parse_whole(text, 0, max, &v) != 0)
        return cli_usage_error(ctx, "%s must be a whole number from 0 to %ld, got '%s'", option, max, text);
    *out = (long)v;
    return 0;
}

int sql_limits_parse(struct cli_ctx *ctx, struct cli_args *args, struct sql_limits *limits)
{
    memset(limits, 0, sizeof *limits);
    limits->timeout = SQL_DEFAULT_TIMEOUT;
    limits->max_memory = SQL_DEFAULT_MAX_MEMORY;
    const char *timeout = arg_value(args, OPT_TIMEOUT), *memory = arg_value(args, OPT_MAX_MEMORY);
    if (timeout && whole_number(ctx, timeout, "--timeout", SQL_MAX_TIMEOUT, &limits->timeout) != 0)
        return -1;
    if (memory && whole_number(ctx, memory, "--max-memory", SQL_MAX_MAX_MEMORY, &limits->max_memory) != 0)
        return -1;
    return 0;
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
    struct sql_limits *limits = data;
    if (limits->spent + (now() - limits->step_started) > (double)limits->timeout)
        limits->timed_out = 1;
    return limits->timed_out;
}

void sql_limits_prepare(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 1); /* fails harmlessly once SQLite has started */
}

void sql_limits_apply(sqlite3 *db, struct sql_limits *limits)
{
    if (limits->timeout > 0)
        sqlite3_progress_handler(db, 1000, past_deadline, limits);
    sqlite3_hard_heap_limit64(limits->max_memory * 1048576LL);
}

int sql_limits_step(sqlite3_stmt *stmt, struct sql_limits *limits)
{
    limits->step_started = now();
    int rc = sqlite3_step(stmt);
    limits->spent += now() - limits->step_started;
    return rc;
}

int sql_limits_reached(struct cli_ctx *ctx, const struct sql_limits *limits, int rc, size_t held)
{
    if (limits->timed_out)
        return tr_error_set(&ctx->err, TR_IO, "sql: the query ran past its time limit of %ld s (--timeout SECONDS, 0 for none)",
                            limits->timeout);
    int over = limits->max_memory > 0 && ((rc & 0xff) == SQLITE_NOMEM || held > (size_t)limits->max_memory * 1048576);
    if (over)
        return tr_error_set(&ctx->err, TR_IO, "sql: the query needs more memory than its limit of %ld MB (--max-memory MB, 0 for none)",
                            limits->max_memory);
    return 0;
}
