/* export: the registry in the interchange format, to stdout or to a named file (written
 * as every named file is: twinreg/io/output_file.h). */
#include "cli/cli.h"

#include "twinreg/io/io.h"
#include "twinreg/io/output_file.h"

#include <stdio.h>
#include <string.h>

int cmd_export(struct cli_ctx *ctx, struct cli_args *args)
{
    static const struct {
        const char *name;
        int (*write)(tr_store *, FILE *, tr_error *);
    } formats[] = {{"json", tr_export_json},
                   {"ndjson", tr_export_ndjson},
                   {"csv", tr_export_csv},
                   {"geojson", tr_export_geojson}};
    const char *name = arg_value(args, OPT_FORMAT);
    if (arg_flag(args, OPT_JSON) && name && strcmp(name, "json") != 0)
        return cli_usage_error(ctx, "--json and --format %s disagree", name);
    size_t format = 0;
    while (name && format < sizeof formats / sizeof formats[0] &&
           strcmp(name, formats[format].name) != 0)
        format++;
    if (format == sizeof formats / sizeof formats[0])
        return cli_usage_error(
            ctx, "unknown export format '%s': expected json, ndjson, csv or geojson", name);
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    const char *output = arg_value(args, OPT_OUTPUT);
    tr_output_file file;
    if (output && tr_output_open(&file, output, tr_store_path(store), 0, &ctx->err) != 0)
        return -1;
    FILE *out = output ? file.stream : stdout;
    /* A consistent snapshot: one read transaction for the whole document. */
    int rc = tr_store_begin_read(store, "cannot export", &ctx->err);
    tr_error written;
    tr_error_init(&written);
    if (rc == 0)
        rc = formats[format].write(store, out, &written);
    tr_store_rollback(store);
    /* A failed write names its target, as every other write does. */
    if (rc != 0 && ferror(out) && output)
        tr_error_set(&ctx->err, TR_IO, "cannot write '%s': %s", output,
                     strerror(tr_write_error(out)));
    else if (rc != 0 && ferror(out))
        tr_error_set(&ctx->err, TR_IO, "cannot write output: %s", strerror(tr_write_error(out)));
    else if (written.status != TR_OK && ctx->err.status == TR_OK)
        ctx->err = written, tr_error_init(&written); /* the error and its details, moved */
    tr_error_release(&written);
    if (output && tr_output_close(&file, rc == 0, &ctx->err) != 0)
        rc = -1;
    return rc;
}
