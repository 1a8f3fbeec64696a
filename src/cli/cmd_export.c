/* export: the registry in the interchange format, to stdout or atomically to a file. */
#include "cli/cli.h"

#include "twinreg/io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_export(struct cli_ctx *ctx, struct cli_args *args)
{
    static const struct {
        const char *name;
        int (*write)(tr_store *, FILE *, tr_error *);
    } formats[] = {{"json", tr_export_json}, {"ndjson", tr_export_ndjson}, {"csv", tr_export_csv},
                   {"geojson", tr_export_geojson}};
    const char *name = arg_value(args, "format");
    if (arg_flag(args, "json") && name && strcmp(name, "json") != 0)
        return cli_usage_error(ctx, "--json and --format %s disagree", name);
    size_t format = 0;
    while (name && format < sizeof formats / sizeof formats[0] && strcmp(name, formats[format].name) != 0)
        format++;
    if (format == sizeof formats / sizeof formats[0])
        return cli_usage_error(ctx, "unknown export format '%s': expected json, ndjson, csv or geojson", name);
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    const char *output = arg_value(args, "output");
    FILE *out = stdout;
    char tmp[4096] = "";
    if (output) {
        /* A temporary file beside the target, renamed when complete: a failed export never
         * leaves half a file where the user expects a whole one. */
        if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", output) >= (int)sizeof tmp)
            return tr_error_set(&ctx->err, TR_IO, "cannot write '%s': path too long", output);
        int fd = mkstemp(tmp);
        if (fd < 0 || !(out = fdopen(fd, "w"))) {
            if (fd >= 0)
                close(fd), unlink(tmp);
            return tr_error_set(&ctx->err, TR_IO, "cannot write '%s': %s", output, strerror(errno));
        }
    }
    /* A consistent snapshot: one read transaction for the whole document. */
    int rc = sqlite3_exec(tr_store_db(store), "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : tr_store_fail(store, "cannot export", &ctx->err);
    if (rc == 0)
        rc = formats[format].write(store, out, &ctx->err);
    tr_store_rollback(store);
    if (output) {
        if (fflush(out) != 0 || fsync(fileno(out)) != 0 || ferror(out))
            rc = rc ? rc : tr_error_set(&ctx->err, TR_IO, "cannot write '%s': %s", output, strerror(errno));
        if (fclose(out) != 0 && rc == 0)
            rc = tr_error_set(&ctx->err, TR_IO, "cannot write '%s': %s", output, strerror(errno));
        if (rc == 0 && rename(tmp, output) != 0)
            rc = tr_error_set(&ctx->err, TR_IO, "cannot write '%s': %s", output, strerror(errno));
        if (rc != 0)
            unlink(tmp);
    }
    return rc;
}
