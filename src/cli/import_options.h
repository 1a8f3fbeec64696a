/* The options import and compare share: how the file is read (its format, delimiter,
 * column mapping) and the user's country names. */
#ifndef TWINREG_CLI_IMPORT_OPTIONS_H
#define TWINREG_CLI_IMPORT_OPTIONS_H

#include "cli/cli.h"
#include "twinreg/io/io.h"

/* Fills opt's format (from the option `format`), delimiter, mapping (its texts in
 * `mapping`, CLI_MAX_VALUES long, kept by the caller) and countries (*countries, freed by
 * the caller with tr_country_map_free). A bad value: TR_USAGE, nothing to free. */
int cli_import_options(struct cli_ctx *ctx, struct cli_args *args, enum cli_opt format,
                       tr_import_options *opt, const char **mapping, tr_country_map **countries);

#endif
