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

/* Loads the embedded reference data set through the import code. */
static int init_sample(struct cli_ctx *ctx, int on_server)
{
    FILE *sample = fmemopen((void *)tr_sample_json, strlen(tr_sample_json), "r");
    if (!sample)
        return tr_error_set(&ctx->err, TR_IO, "cannot read the embedded sample: %s",
                            strerror(errno));
    /* Reloading adds what is missing and keeps the user's edits of sample records; on a
     * server a load that lost a race to another writer is run again (cli_write). */
    tr_import_options opt = {.format = TR_IMPORT_JSON, .keep_existing = 1, .rerunnable = on_server};
    tr_import *im = tr_import_open_stream(sample, "sample.json", &opt, &ctx->err);
    int rc = im ? cli_write(ctx, load_sample, im) : -1;
    if (rc == 0) {
        const tr_import_counts *c = tr_import_counts_of(im);
        cli_notice("reference data set: %ld inserted, %ld updated, %ld unchanged", c->inserted,
                   c->updated, c->unchanged);
    }
    tr_import_close(im);
    fclose(sample);
    return rc;
}

int cmd_init(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *server = cli_db_server(ctx);
    int sample = arg_flag(args, OPT_SAMPLE), version = 0;
    tr_store *store = NULL;
    if (server) { /* the schema is made under its own lock, then the store opens on it */
        if (tr_store_pg_init(server, &version, &ctx->err) != 0 ||
            (sample && !(store = cli_store(ctx))))
            return -1;
    } else if (!(store = cli_store_create(ctx))) {
        return -1;
    } else {
        version = tr_store_schema_version(store);
    }
    if (sample && init_sample(ctx, server != NULL) != 0)
        return -1;
    cli_notice("database ready (schema version %d)", version);
    return 0;
}
