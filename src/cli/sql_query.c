/* The text and parameters of one `sql` query, read from the command line, a file or
 * standard input: a query kept in a file is run as it is, and values are bound, never
 * pasted into it (as sqlite-utils and datasette do with :name). */
#include "cli/sql_query.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole of `in`, up to SQL_MAX_QUERY_BYTES. */
static int read_text(struct cli_ctx *ctx, FILE *in, const char *name, char **text)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 == cap && !(buf = realloc(buf, cap *= 2)))
            break;
        size_t got = fread(buf + len, 1, cap - len - 1, in);
        len += got;
        if (len > SQL_MAX_QUERY_BYTES) {
            free(buf);
            return tr_error_set(&ctx->err, TR_REJECTED, "sql: %s: longer than %d bytes", name,
                                SQL_MAX_QUERY_BYTES);
        }
        if (got == 0)
            break;
    }
    if (!buf)
        return tr_error_set(&ctx->err, TR_IO, "sql: out of memory");
    if (ferror(in)) {
        free(buf);
        return tr_error_set(&ctx->err, TR_IO, "sql: cannot read %s: %s", name, strerror(errno));
    }
    buf[len] = '\0';
    if (strlen(buf) != len) {
        free(buf);
        return tr_error_set(&ctx->err, TR_REJECTED, "sql: %s: holds a NUL byte, not SQL text",
                            name);
    }
    *text = buf;
    return 0;
}

static int read_query(struct cli_ctx *ctx, struct cli_args *args, char **text)
{
    const char *file = arg_value(args, OPT_FILE), *operand = args->npos ? args->pos[0] : NULL;
    if (file && operand)
        return cli_usage_error(ctx, "give the query or --file FILE, not both");
    if (!file && !operand)
        return cli_usage_error(ctx, "missing argument: QUERY (or --file FILE, or - for "
                                    "standard input)");
    if (operand && strcmp(operand, "-") != 0)
        return (*text = strdup(operand)) ? 0 : tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (!file)
        return read_text(ctx, stdin, "standard input", text);
    FILE *in = fopen(file, "r");
    if (!in)
        return tr_error_set(&ctx->err, TR_IO, "sql: cannot read '%s': %s", file, strerror(errno));
    int rc = read_text(ctx, in, file, text);
    fclose(in);
    return rc;
}

/* NAME=VALUE with NAME a parameter's name (a letter or _, then letters, digits, _). */
static int read_params(struct cli_ctx *ctx, struct cli_args *args, struct sql_query *q)
{
    int n = arg_count(args, OPT_PARAM);
    for (int i = 0; i < n; i++) {
        char *pair = q->pairs[i] = strdup(arg_nth(args, OPT_PARAM, i));
        if (!pair)
            return tr_error_set(&ctx->err, TR_IO, "out of memory");
        char *eq = strchr(pair, '=');
        size_t len = eq ? (size_t)(eq - pair) : 0;
        int named = len && (isalpha((unsigned char)pair[0]) || pair[0] == '_');
        for (size_t k = 1; named && k < len; k++)
            named = isalnum((unsigned char)pair[k]) || pair[k] == '_';
        if (!named)
            return cli_usage_error(ctx, "--param '%s': expected NAME=VALUE (NAME as in :NAME)",
                                   arg_nth(args, OPT_PARAM, i));
        *eq = '\0';
        for (int k = 0; k < i; k++)
            if (strcmp(q->names[k], pair) == 0)
                return cli_usage_error(ctx, "--param %s given twice", pair);
        q->names[i] = pair;
        q->values[i] = eq + 1;
    }
    q->params = (struct tr_sql_params){q->names, q->values, (size_t)n};
    return 0;
}

int sql_query_read(struct cli_ctx *ctx, struct cli_args *args, struct sql_query *q)
{
    memset(q, 0, sizeof *q);
    return read_params(ctx, args, q) != 0 || read_query(ctx, args, &q->text) != 0 ? -1 : 0;
}

void sql_query_free(struct sql_query *q)
{
    free(q->text);
    for (int i = 0; i < CLI_MAX_VALUES; i++)
        free(q->pairs[i]);
}
