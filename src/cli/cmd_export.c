/* export: the registry in the interchange format, to stdout or to a named file (written
 * as every named file is: twinreg/io/output_file.h). */
#include "cli/cli.h"

#include "cli/agreement_filter.h"

#include "twinreg/io/io.h"
#include "twinreg/io/output_file.h"

#include <stdio.h>
#include <string.h>

/* The graph formats read the filters; the others are the whole registry. */
static tr_graph_options graph;
/* CSV and TSV: with or without their header line. */
static tr_delimited delimited;

static int write_graph(tr_store *store, FILE *out, tr_error *err)
{
    return tr_export_graph(store, out, &graph, err);
}

static int write_delimited(tr_store *store, FILE *out, tr_error *err)
{
    return tr_export_delimited(store, out, &delimited, err);
}

/* Reads --all-cities and the filters: for graphml and gexf only. */
static int graph_options(struct cli_ctx *ctx, struct cli_args *args, const char *format,
                         struct agreement_filter *f)
{
    int is_graph = format && (strcmp(format, "graphml") == 0 || strcmp(format, "gexf") == 0);
    if (cli_agreement_filter(ctx, args, f) != 0)
        return -1;
    if (!is_graph && (cli_agreement_filter_any(f) || arg_flag(args, OPT_ALL_CITIES)))
        return cli_usage_error(ctx, "the filters and --all-cities are for --format graphml or "
                                    "gexf: the other formats hold the whole registry");
    graph.format = is_graph && strcmp(format, "gexf") == 0 ? TR_GRAPH_GEXF : TR_GRAPH_GRAPHML;
    graph.match = cli_agreement_filter_any(f) ? &f->match : NULL;
    graph.all_cities = arg_flag(args, OPT_ALL_CITIES);
    return 0;
}

int cmd_export(struct cli_ctx *ctx, struct cli_args *args)
{
    static const struct {
        const char *name;
        int (*write)(tr_store *, FILE *, tr_error *);
    } formats[] = {{"json", tr_export_json},       {"ndjson", tr_export_ndjson},
                   {"csv", write_delimited},       {"tsv", write_delimited},
                   {"geojson", tr_export_geojson}, {"graphml", write_graph},
                   {"gexf", write_graph}};
    struct agreement_filter filter;
    const char *name = arg_value(args, OPT_FORMAT);
    if (arg_flag(args, OPT_JSON) && name && strcmp(name, "json") != 0)
        return cli_usage_error(ctx, "--json and --format %s disagree", name);
    size_t format = 0;
    while (name && format < sizeof formats / sizeof formats[0] &&
           strcmp(name, formats[format].name) != 0)
        format++;
    if (format == sizeof formats / sizeof formats[0])
        return cli_usage_error(
            ctx,
            "unknown export format '%s': expected json, ndjson, csv, tsv, geojson, graphml or gexf",
            name);
    delimited.tsv = name && strcmp(name, "tsv") == 0;
    delimited.no_header = arg_flag(args, OPT_NO_HEADERS);
    if (delimited.no_header && !delimited.tsv && !(name && strcmp(name, "csv") == 0))
        return cli_usage_error(ctx, "--no-headers is for --format csv or tsv");
    if (graph_options(ctx, args, name, &filter) != 0)
        return -1;
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    struct cli_output o;
    if (cli_output_open(ctx, args, &o) != 0)
        return -1;
    /* A consistent snapshot: one read transaction for the whole document. */
    int rc = tr_store_begin_read(store, "cannot export", &ctx->err);
    tr_error written;
    tr_error_init(&written);
    if (rc == 0)
        rc = formats[format].write(store, o.stream, &written);
    tr_store_rollback(store);
    /* A failed write names its target (cli_output_close says it); any other failure moves
     * here with its details. */
    if (rc != 0 && !ferror(o.stream) && written.status != TR_OK && ctx->err.status == TR_OK)
        ctx->err = written, tr_error_init(&written);
    tr_error_release(&written);
    return cli_output_close(ctx, &o, rc == 0);
}
