/* The checks the command table states, made once before any handler runs: the output
 * format is one the command has, required options are given, and DATE, CC and KIND values
 * are valid. The messages and exit statuses are those the handlers gave when each checked
 * by hand. */
#include "cli/cli.h"
#include "cli/order.h"

#include "twinreg/store/agreement.h"
#include "twinreg/store/framework.h"

#include <stdio.h>
#include <string.h>

const char *const out_format_names[OUT_FORMATS] = {"table", "json",     "ndjson", "csv",
                                                   "tsv",   "markdown", "html"};

size_t cli_format_list(unsigned formats, const char *last_separator, char *buf, size_t cap)
{
    size_t len = 0;
    int left = 0;
    buf[0] = '\0';
    for (int f = 0; f < OUT_FORMATS; f++)
        left += (formats & FORMAT_BIT(f)) != 0;
    for (int f = 0; f < OUT_FORMATS && len < cap; f++) {
        if (!(formats & FORMAT_BIT(f)))
            continue;
        left--;
        const char *sep = len == 0 ? "" : left == 0 ? last_separator : ", ";
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", sep, out_format_names[f]);
    }
    return len;
}

static int check_format(struct cli_ctx *ctx, const struct cli_args *args)
{
    const struct cli_command *cmd = args->cmd;
    /* JSON has no header line to drop: a script asking for none expects a flat format. */
    if (ctx->no_headers && (args->format == OUT_JSON || args->format == OUT_NDJSON))
        return cli_usage_error(ctx, "--no-headers is for table, csv or tsv output, not %s",
                               out_format_names[args->format]);
    if (!args->format_given || (cmd->formats & FORMAT_BIT(args->format)))
        return 0;
    char list[96];
    cli_format_list(cmd->formats, " or ", list, sizeof list);
    return cli_usage_error(ctx, "no %s output: use --format %s", out_format_names[args->format],
                           list);
}

static int check_value(struct cli_ctx *ctx, const struct cli_option *o, const char *v)
{
    if (!*v && o->empty == EMPTY_CLEARS)
        return 0;
    const char *alpha2;
    size_t n;
    switch (o->value) {
    case VALUE_DATE_OR_UNKNOWN:
        if (strcmp(v, CLI_UNKNOWN_DATE) == 0 || cli_date(ctx, v, o->what, NULL) == 0)
            return 0;
        /* the date's own message, and the word that means "no date" */
        n = strlen(ctx->err.message);
        snprintf(ctx->err.message + n, sizeof ctx->err.message - n, ", or '%s'", CLI_UNKNOWN_DATE);
        return -1;
    case VALUE_DATE:
        return cli_date(ctx, v, o->what, NULL);
    case VALUE_CC:
        return cli_country(ctx, v, &alpha2);
    case VALUE_KIND:
        return tr_kind_check(v, &ctx->err);
    case VALUE_FRAMEWORK_KIND:
        return tr_framework_kind_check(v, &ctx->err);
    default: /* checked where it is used: by the handler or the store */
        return 0;
    }
}

/* The option of the command that declares the fields it sorts by. */
static const struct cli_option *sort_option(const struct cli_command *cmd)
{
    for (const struct cli_option *o = cmd->options; o && o->help; o++)
        if (o->value == VALUE_SORT)
            return o;
    return NULL;
}

int cli_order_parse(struct cli_ctx *ctx, const struct cli_args *args)
{
    const struct cli_option *o = sort_option(args->cmd);
    if (!o)
        return 0;
    const char *text = args->count[OPT_LIMIT] ? args->values[OPT_LIMIT][0] : NULL;
    if (text && cli_positive(ctx, text, "--limit", &ctx->order.limit) != 0)
        return -1;
    const char *field = args->count[OPT_SORT] ? args->values[OPT_SORT][0] : NULL;
    if (!field)
        return 0;
    int desc = field[0] == '-';
    for (int i = 0; o->choices[i]; i++)
        if (strcmp(field + desc, o->choices[i]) == 0) {
            ctx->order.field = o->choices[i];
            ctx->order.desc = desc;
            return 0;
        }
    char valid[256];
    size_t len = 0;
    for (int i = 0; o->choices[i] && len < sizeof valid; i++)
        len +=
            (size_t)snprintf(valid + len, sizeof valid - len, "%s%s", i ? ", " : "", o->choices[i]);
    return cli_usage_error(ctx, "unknown sort field '%s': use %s (-FIELD for descending)",
                           field + desc, valid);
}

int cli_check_args(struct cli_ctx *ctx, const struct cli_args *args)
{
    const struct cli_command *cmd = args->cmd;
    if (check_format(ctx, args) != 0)
        return -1;
    /* A usage error comes before a rejected value, as it did in every handler. */
    for (const struct cli_option *o = cmd->options; o && o->help; o++)
        if (o->need != OPTIONAL && !args->count[o->id])
            return cli_usage_error(ctx, "missing --%s%s%s", cli_option_names[o->id],
                                   o->need == REQUIRED_NAMED_WITH_VALUE ? " " : "",
                                   o->need == REQUIRED_NAMED_WITH_VALUE ? o->arg : "");
    for (const struct cli_option *o = cmd->options; o && o->help; o++)
        for (int i = 0; o->empty == EMPTY_REFUSED && i < args->count[o->id]; i++)
            if (!*args->values[o->id][i])
                return cli_usage_error(ctx, "--%s cannot be cleared", cli_option_names[o->id]);
    for (const struct cli_option *o = cmd->options; o && o->help; o++)
        for (int i = 0; i < args->count[o->id]; i++)
            if (check_value(ctx, o, args->values[o->id][i]) != 0)
                return -1;
    return cli_order_parse(ctx, args);
}
