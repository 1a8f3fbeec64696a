/* The options import and compare share, read once for both. */
#include "cli/import_options.h"

#include <string.h>

static int parse_delimiter(struct cli_ctx *ctx, const char *text, char *out)
{
    if (!text)
        return 0;
    if (strcmp(text, "tab") == 0 || strcmp(text, "\\t") == 0 || strcmp(text, "\t") == 0)
        *out = '\t';
    else if (strlen(text) == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r')
        *out = text[0];
    else
        return cli_usage_error(ctx, "--delimiter wants one character, or 'tab'; got '%s'", text);
    return 0;
}

static int parse_format(struct cli_ctx *ctx, const char *text, tr_import_format *out)
{
    *out = TR_IMPORT_AUTO;
    if (!text)
        return 0;
    for (int f = TR_IMPORT_JSON; f <= TR_IMPORT_CSV; f++)
        if (strcmp(text, tr_import_format_names[f]) == 0)
            return *out = (tr_import_format)f, 0;
    return cli_usage_error(ctx, "unknown import format '%s': expected json, ndjson or csv", text);
}

/* The user's country names: --country-aliases FILE, then each --country-alias NAME=CC. A
 * bad one stops the import before it reads a record (TR_USAGE). */
static tr_country_map *country_map(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_country_map *map = tr_country_map_new();
    const char *file = arg_value(args, OPT_COUNTRY_ALIASES);
    int rc = map ? 0 : tr_error_set(&ctx->err, TR_IO, "out of memory");
    if (rc == 0 && file)
        rc = tr_country_map_read(map, file, &ctx->err);
    for (int i = 0; rc == 0 && i < arg_count(args, OPT_COUNTRY_ALIAS); i++)
        rc = tr_country_map_add_spec(map, arg_nth(args, OPT_COUNTRY_ALIAS, i), &ctx->err);
    if (rc == 0)
        return map;
    tr_country_map_free(map);
    return NULL;
}

int cli_import_options(struct cli_ctx *ctx, struct cli_args *args, enum cli_opt format,
                       tr_import_options *opt, const char **mapping, tr_country_map **countries)
{
    if (parse_format(ctx, arg_value(args, format), &opt->format) != 0 ||
        parse_delimiter(ctx, arg_value(args, OPT_DELIMITER), &opt->delimiter) != 0)
        return -1;
    int n_map = arg_count(args, OPT_MAP);
    for (int i = 0; i < n_map; i++)
        mapping[i] = arg_nth(args, OPT_MAP, i);
    opt->mapping = mapping;
    opt->n_mapping = (size_t)n_map;
    if (!(*countries = country_map(ctx, args)))
        return -1;
    opt->countries = *countries;
    return 0;
}
