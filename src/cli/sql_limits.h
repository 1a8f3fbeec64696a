/* The limits of one `sql` query: time spent inside SQLite (--timeout) and memory
 * (--max-memory), so a runaway query stops with a message instead of running until killed. */
#ifndef TWINREG_SQL_LIMITS_H
#define TWINREG_SQL_LIMITS_H

#include "cli/cli.h"

#include <sqlite3.h>

#define SQL_DEFAULT_TIMEOUT 60      /* seconds */
#define SQL_MAX_TIMEOUT 86400       /* a day; 0 is none */
#define SQL_DEFAULT_MAX_MEMORY 512  /* MB (MiB) */
#define SQL_MAX_MAX_MEMORY 1048576  /* 1 TB; 0 is none */

struct sql_limits {
    long timeout;        /* seconds, 0: none */
    long max_memory;     /* MB, 0: none */
    double spent;        /* seconds spent in earlier steps */
    double step_started; /* monotonic clock when the current step began */
    int timed_out;
};

/* Reads --timeout and --max-memory (digits only, within range; else a usage error). */
int sql_limits_parse(struct cli_ctx *ctx, struct cli_args *args, struct sql_limits *limits);
/* Before the connection opens: SQLite enforces a heap limit only with its memory statistics. */
void sql_limits_prepare(void);
/* Installs the timer (a progress handler) and the heap limit on db. */
void sql_limits_apply(sqlite3 *db, struct sql_limits *limits);
/* sqlite3_step, counting its time against the limit (time spent writing rows out is not). */
int sql_limits_step(sqlite3_stmt *stmt, struct sql_limits *limits);
/* When a failure (rc) came from a limit, or `held` bytes of output kept for a table pass
 * the memory limit: sets the error (exit 5) and returns -1; else 0. */
int sql_limits_reached(struct cli_ctx *ctx, const struct sql_limits *limits, int rc, size_t held);

#endif
