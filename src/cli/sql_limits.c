/* Time and memory limits for `sql`: read from the options here, enforced by the store
 * (src/store/sql_reader.c), and worded here when one stops the query. */
#include "cli/sql_limits.h"

#include "twinreg/core/number.h"

#include <string.h>

/* A whole number from 0 to max, digits only ("+5", " 5", "5s" and "1e3" are not). */
static int whole_number(struct cli_ctx *ctx, const char *text, const char *option, long max,
                        long *out)
{
    long long v;
    if (tr_parse_whole(text, 0, max, &v) != 0)
        return cli_usage_error(ctx, "%s must be a whole number from 0 to %ld, got '%s'", option,
                               max, text);
    *out = (long)v;
    return 0;
}

int sql_limits_parse(struct cli_ctx *ctx, struct cli_args *args, struct tr_sql_limits *limits)
{
    memset(limits, 0, sizeof *limits);
    limits->timeout = SQL_DEFAULT_TIMEOUT;
    limits->max_memory = SQL_DEFAULT_MAX_MEMORY;
    const char *timeout = arg_value(args, OPT_TIMEOUT), *memory = arg_value(args, OPT_MAX_MEMORY);
    if (timeout && whole_number(ctx, timeout, "--timeout", SQL_MAX_TIMEOUT, &limits->timeout) != 0)
        return -1;
    if (memory &&
        whole_number(ctx, memory, "--max-memory", SQL_MAX_MAX_MEMORY, &limits->max_memory) != 0)
        return -1;
    return 0;
}

int sql_limits_reached(struct cli_ctx *ctx, const struct tr_sql_limits *limits,
                       enum tr_sql_limit hit, size_t held)
{
    if (hit == TR_SQL_PAST_TIME)
        return tr_error_set(
            &ctx->err, TR_IO,
            "sql: the query ran past its time limit of %ld s (--timeout SECONDS, 0 for none)",
            limits->timeout);
    int over = limits->max_memory > 0 &&
               (hit == TR_SQL_PAST_MEMORY || held > (size_t)limits->max_memory * 1048576);
    if (over)
        return tr_error_set(&ctx->err, TR_IO,
                            "sql: the query needs more memory than its limit of %ld MB "
                            "(--max-memory MB, 0 for none)",
                            limits->max_memory);
    return 0;
}
