/* What `sql` runs: the query from its operand, a file (--file F) or standard input (`-`),
 * and the values of its parameters (--param NAME=VALUE, repeatable). */
#ifndef TWINREG_SQL_QUERY_H
#define TWINREG_SQL_QUERY_H

#include "cli/cli.h"

#include "twinreg/store/cursor.h"

/* The largest query text read from a file or standard input. */
#define SQL_MAX_QUERY_BYTES (1024 * 1024)

struct sql_query {
    char *text; /* owned */
    struct tr_sql_params params;
    const char *names[CLI_MAX_VALUES], *values[CLI_MAX_VALUES];
    char *pairs[CLI_MAX_VALUES]; /* copies of NAME=VALUE, cut at '=' */
};

/* Reads the query and its parameters: exactly one of QUERY, `-` or --file (exit 2 for
 * none or two), a file that cannot be read exit 5, a text that is too long or holds a NUL
 * byte exit 4, a malformed or repeated --param exit 2. */
int sql_query_read(struct cli_ctx *ctx, struct cli_args *args, struct sql_query *q);
void sql_query_free(struct sql_query *q);

#endif
