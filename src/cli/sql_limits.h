/* The limits of one `sql` query: time spent inside SQLite (--timeout) and memory
 * (--max-memory), so a runaway query stops with a message instead of running until killed. */
#ifndef TWINREG_SQL_LIMITS_H
#define TWINREG_SQL_LIMITS_H

#include "cli/cli.h"

#include "twinreg/store/cursor.h"

#define SQL_DEFAULT_TIMEOUT 60     /* seconds */
#define SQL_MAX_TIMEOUT 86400      /* a day; 0 is none */
#define SQL_DEFAULT_MAX_MEMORY 512 /* MB (MiB) */
#define SQL_MAX_MAX_MEMORY 1048576 /* 1 TB; 0 is none */

/* struct tr_sql_limits (twinreg/store/cursor.h): the store enforces them (tr_sql_open); here
 * they are read from the options, and their messages worded. */

/* Reads --timeout and --max-memory (digits only, within range; else a usage error). */
int sql_limits_parse(struct cli_ctx *ctx, struct cli_args *args, struct tr_sql_limits *limits);
/* When the store stopped the query at a limit (`hit`), or `held` bytes of output kept for
 * a table pass the memory limit: sets the error (exit 5) and returns -1; else 0. */
int sql_limits_reached(struct cli_ctx *ctx, const struct tr_sql_limits *limits,
                       enum tr_sql_limit hit, size_t held);

#endif
