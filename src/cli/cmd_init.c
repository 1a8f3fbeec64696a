/* init: create the database and apply migrations; --sample loads the reference data set
 * (embedded at build time) through the import code path. */
#include "cli/cli.h"

#include "twinreg/io.h"

extern const char tr_sample_json[];

struct sample_load {
    tr_import_counts counts;
};

static int load_sample(struct cli_ctx *ctx, void *data)
{
    struct sample_load *load = data;
    json_error_t jerr;
    json_t *doc = json_loads(tr_sample_json, 0, &jerr);
    if (!doc)
        return tr_error_set(&ctx->err, TR_IO, "cannot read the embedded sample: line %d: %s", jerr.line, jerr.text);
    tr_importer *imp = tr_importer_new(ctx->store);
    int rc = imp ? tr_import_document(imp, doc, &ctx->err) : tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (imp)
        load->counts = *tr_importer_counts(imp);
    tr_importer_free(imp);
    json_decref(doc);
    return rc;
}

int cmd_init(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    if (arg_flag(args, "sample")) {
        struct sample_load load = {0};
        if (cli_write(ctx, load_sample, &load) != 0)
            return -1;
        cli_notice("reference data set: %ld inserted, %ld updated, %ld unchanged", load.counts.inserted,
                   load.counts.updated, load.counts.unchanged);
    }
    cli_notice("database ready (schema version %d)", tr_store_schema_version(store));
    return 0;
}
