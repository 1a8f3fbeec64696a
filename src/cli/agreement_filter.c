/* The research commands' filters, read once into the store's agreement match. */
#include "agreement_filter.h"

#include "twinreg/store/city.h"

#include <stdio.h>
#include <string.h>

/* The last day of DATE as text compares: 1999 → 1999-12-31, 1999-02 → 1999-02-31 (no day
 * of February sorts after it, so "on or before" holds without a calendar). */
static int last_day(struct cli_ctx *ctx, const char *text, char day[11])
{
    if (cli_date(ctx, text, "date", day) != 0)
        return -1;
    size_t n = strlen(text);
    if (n == 4)
        memcpy(day + 4, "-12-31", 7);
    else if (n == 7)
        memcpy(day + 7, "-31", 4);
    return 0;
}

/* Whether the command offers option `id`: --city is optional among the filters, and reading
 * an option a command does not declare is a bug (main.c). */
static int offers(const struct cli_args *args, enum cli_opt id)
{
    for (const struct cli_option *o = args->cmd->options; o && o->help; o++)
        if (o->id == id)
            return 1;
    return 0;
}

int cli_agreement_countries(struct cli_ctx *ctx, struct cli_args *args, tr_agreement_match *m)
{
    m->n_countries = (size_t)arg_count(args, OPT_COUNTRY);
    if (m->n_countries > sizeof m->countries / sizeof m->countries[0])
        return tr_error_set(&ctx->err, TR_REJECTED, "--country: given more than %zu times",
                            sizeof m->countries / sizeof m->countries[0]);
    for (size_t i = 0; i < m->n_countries; i++)
        if (cli_country(ctx, arg_nth(args, OPT_COUNTRY, (int)i), &m->countries[i]) != 0)
            return -1;
    return 0;
}

int cli_agreement_filter(struct cli_ctx *ctx, struct cli_args *args, struct agreement_filter *f)
{
    memset(f, 0, sizeof *f);
    tr_agreement_match *m = &f->match;
    const char *city = offers(args, OPT_CITY) ? arg_value(args, OPT_CITY) : NULL;
    const char *since = arg_value(args, OPT_SINCE);
    const char *until = arg_value(args, OPT_UNTIL);
    if (arg_value(args, OPT_ON) && !arg_flag(args, OPT_ACTIVE))
        return cli_usage_error(ctx, "--on needs --active (in force on that date)");
    if (arg_flag(args, OPT_ACTIVE) && cli_on_day(ctx, args, f->active_on) != 0)
        return -1;
    m->active_on = arg_flag(args, OPT_ACTIVE) ? f->active_on : NULL;
    if (since && cli_date(ctx, since, "date", f->since) != 0)
        return -1;
    if (until && last_day(ctx, until, f->until) != 0)
        return -1;
    if (since && until && strcmp(f->since, f->until) > 0)
        return cli_usage_error(ctx, "--since %s is after --until %s", since, until);
    m->signed_since = since ? f->since : NULL;
    m->signed_until = until ? f->until : NULL;
    m->kind = arg_value(args, OPT_KIND);
    if (cli_agreement_countries(ctx, args, m) != 0)
        return -1;
    if (city && tr_city_resolve(ctx->store, city, &m->city, &ctx->err) != 0)
        return -1;
    return 0;
}

int cli_agreement_filter_any(const struct agreement_filter *f)
{
    const tr_agreement_match *m = &f->match;
    return m->city || m->n_countries || m->kind || m->active_on || m->signed_since ||
           m->signed_until || m->ids;
}
