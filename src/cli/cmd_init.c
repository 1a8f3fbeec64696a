/* init: create the database and apply migrations; --sample loads the reference data set
 * (embedded at build time) through the same import code as `twinreg import`, adding what
 * is missing and never changing a record already there. */
#include "cli/cli.h"

#include "twinreg/io/io.h"
#include "twinreg/store/engine.h"

#include <errno.h>
#include <string.h>

static int load_sample(struct cli_ctx *ctx, void *data)
{
    tr_import *im = data;
    return tr_import_run(im, ctx->store, &ctx->err);
}

/* On a server: the schema only, until the rest of the engine comes (issue 14). */
static int init_server(struct cli_ctx *ctx, struct cli_args *args, const char *conninfo)
{
    if (arg_flag(args, OPT_SAMPLE))
        return tr_error_set(&ctx->err, TR_IO, "init --sample: not available on PostgreSQL yet");
    int version;
    if (tr_store_pg_init(conninfo, &version, &ctx->err) != 0)
        return -1;
    cli_notice("database ready (schema version %d)", version);
    return 0;
}

int cmd_init(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *server = cli_db_server(ctx);
    if (server)
        return init_server(ctx, args, server);
    tr_store *store = cli_store_create(ctx);
    if (!store)
        return -1;
    if (arg_flag(args, OPT_SAMPLE)) {
        FILE *sample = fmemopen((void *)tr_sample_json, strlen(tr_sample_json), "r");
        if (!sample)
            return tr_error_set(&ctx->err, TR_IO, "cannot read the embedded sample: %s",
                                strerror(errno));
        /* Reloading adds what is missing and keeps the user's edits of sample records. */
        tr_import_options opt = {.format = TR_IMPORT_JSON, .keep_existing = 1};
        tr_import *im = tr_import_open_stream(sample, "sample.json", &opt, &ctx->err);
        int rc = im ? cli_write(ctx, load_sample, im) : -1;
        if (rc == 0) {
            const tr_import_counts *c = tr_import_counts_of(im);
            cli_notice("reference data set: %ld inserted, %ld updated, %ld unchanged", c->inserted,
                       c->updated, c->unchanged);
        }
        tr_import_close(im);
        fclose(sample);
        if (rc != 0)
            return -1;
    }
    cli_notice("database ready (schema version %d)", tr_store_schema_version(store));
    return 0;
}
