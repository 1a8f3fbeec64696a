/* -o FILE / --output FILE, for every command that writes a file (export, map, report): the
 * file written as every named one is (twinreg/io/output_file.h), standard output when none
 * (or '-') is given, and a failed write reported once, naming its target. */
#include "cli/cli.h"

#include "twinreg/io/io.h"

#include <string.h>

int cli_output_open(struct cli_ctx *ctx, struct cli_args *args, struct cli_output *o)
{
    o->name = arg_value(args, OPT_OUTPUT); /* NULL for '-': main.c reads it as not given */
    o->stream = stdout;
    if (!o->name)
        return 0;
    tr_store *store = cli_store(ctx);
    if (!store || tr_output_open(&o->file, o->name, tr_store_path(store), 0, &ctx->err) != 0)
        return -1;
    o->stream = o->file.stream;
    return 0;
}

int cli_output_close(struct cli_ctx *ctx, struct cli_output *o, int ok)
{
    int rc = ok ? 0 : -1;
    if (ferror(o->stream) && o->name)
        rc = tr_error_set(&ctx->err, TR_IO, "cannot write '%s': %s", o->name,
                          strerror(tr_write_error(o->stream)));
    else if (ferror(o->stream))
        rc = tr_error_set(&ctx->err, TR_IO, "cannot write output: %s",
                          strerror(tr_write_error(o->stream)));
    if (o->name && tr_output_close(&o->file, rc == 0, &ctx->err) != 0)
        rc = -1;
    return rc;
}
