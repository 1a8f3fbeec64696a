/* agreement suspend|end|amend with filters: the agreements they match, listed by --dry-run,
 * confirmed (--yes, or a question on a terminal), then changed in one transaction. */
#include "cli/bulk.h"

#include "cli/agreement_filter.h"
#include "cli/records.h"
#include "twinreg/core/id.h"
#include "twinreg/core/number.h"
#include "twinreg/store/agreement_match.h"
#include "twinreg/store/city.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const enum cli_opt filter_options[] = {OPT_CITY, OPT_COUNTRY, OPT_KIND, OPT_ACTIVE_ON,
                                              OPT_IDS};

int cli_bulk_form(struct cli_ctx *ctx, struct cli_args *args)
{
    int filtered = 0;
    for (size_t i = 0; i < sizeof filter_options / sizeof filter_options[0]; i++)
        filtered |= arg_count(args, filter_options[i]) > 0;
    if (args->npos && filtered)
        return cli_usage_error(ctx, "give an agreement ID or filters, not both");
    if (!args->npos && !filtered)
        return cli_usage_error(ctx, "missing argument: ID, or filters (--city, --country, "
                                    "--kind, --active-on, --ids)");
    if (args->npos && (arg_flag(args, OPT_DRY_RUN) || arg_flag(args, OPT_YES)))
        return cli_usage_error(ctx, "--dry-run and --yes go with filters, not an ID");
    if (args->format_given && !arg_flag(args, OPT_DRY_RUN))
        return cli_usage_error(ctx, "--format goes with --dry-run");
    return !args->npos;
}

struct bulk {
    struct cli_args *args;
    const struct cli_bulk_change *change;
    tr_agreement_match match;
    char day[11];
    int64_t *listed; /* the ids matched before the write: shown, asked about */
    size_t n_listed;
};

static int by_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* --ids 1,2,3 into a sorted list without repeats (the caller frees *ids). */
static int read_ids(struct cli_ctx *ctx, const char *text, int64_t **ids, size_t *n)
{
    char *copy = strdup(text), *save = NULL, *tok;
    *ids = calloc(strlen(text) / 2 + 1, sizeof **ids);
    *n = 0;
    int rc = copy && *ids ? 0 : tr_error_set(&ctx->err, TR_IO, "out of memory");
    for (tok = rc ? NULL : strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        long long id;
        if (tr_parse_whole(tok, 1, TR_ID_MAX, &id) != 0) {
            rc = cli_usage_error(ctx, "--ids: '%s' is not an agreement id", tok);
            break;
        }
        (*ids)[(*n)++] = id;
    }
    if (rc == 0 && !*n)
        rc = cli_usage_error(ctx, "--ids needs agreement ids: 1,2,3");
    free(copy);
    qsort(*ids, *n, sizeof **ids, by_id);
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++)
        if (!kept || (*ids)[kept - 1] != (*ids)[i])
            (*ids)[kept++] = (*ids)[i];
    *n = kept;
    return rc;
}

/* The filters, resolved: an unknown city is exit 3, an unknown country exit 4. */
static int read_filters(struct cli_ctx *ctx, struct bulk *b, int64_t **ids)
{
    tr_agreement_match *m = &b->match;
    const char *city = arg_value(b->args, OPT_CITY), *ids_text = arg_value(b->args, OPT_IDS);
    const char *active_on = arg_value(b->args, OPT_ACTIVE_ON);
    if (city && tr_city_resolve(ctx->store, city, &m->city, &ctx->err) != 0)
        return -1;
    if (cli_agreement_countries(ctx, b->args, m) != 0)
        return -1;
    m->kind = arg_value(b->args, OPT_KIND);
    if (active_on && cli_date(ctx, active_on, "date", b->day) != 0)
        return -1;
    m->active_on = active_on ? b->day : NULL;
    if (ids_text && read_ids(ctx, ids_text, ids, &m->n_ids) != 0)
        return -1;
    m->ids = *ids;
    return 0;
}

/* 1: go on; 0: the user said no; -1: a usage error (more than one, no --yes, no terminal). */
static int confirm(struct cli_ctx *ctx, const struct bulk *b)
{
    if (b->n_listed < 2 || arg_flag(b->args, OPT_YES))
        return 1;
    if (!isatty(STDIN_FILENO))
        return cli_usage_error(ctx,
                               "%zu agreements match: add --yes to %s them all "
                               "(--dry-run lists them)",
                               b->n_listed, b->change->verb);
    fprintf(stderr, "twinreg: %s %zu agreements? [y/N] ", b->change->verb, b->n_listed);
    fflush(stderr);
    char line[64];
    return fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y');
}

/* Every agreement is changed, or none: the first refusal and how many there are. */
static int apply_all(struct cli_ctx *ctx, struct bulk *b, const int64_t *ids, size_t n)
{
    const char *on = arg_value(b->args, OPT_ON);
    int64_t decision, first = 0;
    size_t refused = 0;
    char why[sizeof ctx->err.message];
    if (cli_decision_check(ctx, b->args, b->change->change, on, &decision) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (b->change->apply(ctx, b->args, ids[i], decision) == 0)
            continue;
        if (ctx->err.status != TR_REJECTED)
            return -1; /* the database's failure, not this agreement's: stop there */
        if (!refused++) {
            first = ids[i];
            snprintf(why, sizeof why, "%s", ctx->err.message);
        }
        tr_error_release(&ctx->err);
        tr_error_init(&ctx->err);
    }
    if (!refused)
        return 0;
    int named = strncmp(why, "agreement ", 10) == 0; /* the message names it already */
    char agreement[40] = "";
    if (!named)
        snprintf(agreement, sizeof agreement, "agreement %lld: ", (long long)first);
    return tr_error_set(&ctx->err, TR_REJECTED,
                        "cannot %s %zu of %zu agreements, so none changed: the first, %s%s",
                        b->change->verb, refused, n, agreement, why);
}

static int do_bulk(struct cli_ctx *ctx, void *data)
{
    struct bulk *b = data;
    int64_t *ids;
    size_t n;
    if (tr_agreement_match_ids(ctx->store, &b->match, &ids, &n, &ctx->err) != 0)
        return -1;
    /* What was listed or asked about is what changes, or nothing does. */
    int same = n == b->n_listed && (!n || memcmp(ids, b->listed, n * sizeof *ids) == 0);
    int rc = !same ? tr_error_set(&ctx->err, TR_REJECTED,
                                  "the matching agreements changed meanwhile (%zu, now %zu): "
                                  "nothing changed; run it again",
                                  b->n_listed, n)
                   : apply_all(ctx, b, ids, n);
    free(ids);
    return rc;
}

int cli_bulk(struct cli_ctx *ctx, struct cli_args *args, const struct cli_bulk_change *change)
{
    struct bulk b = {.args = args, .change = change};
    int64_t *given = NULL;
    int rc = -1, ok;
    if (!cli_store(ctx) || read_filters(ctx, &b, &given) != 0 ||
        tr_agreement_match_ids(ctx->store, &b.match, &b.listed, &b.n_listed, &ctx->err) != 0)
        goto done;
    rc = 0;
    if (!b.n_listed)
        cli_notice("no agreement matches: nothing changed");
    else if (arg_flag(args, OPT_DRY_RUN)) {
        rc = cli_agreement_list_ids(ctx, (enum out_format)args->format, b.listed, b.n_listed);
        if (rc == 0)
            cli_notice("dry run: %zu agreement%s would be %s %s", b.n_listed,
                       b.n_listed == 1 ? "" : "s", change->done, arg_value(args, OPT_ON));
    } else if ((ok = confirm(ctx, &b)) <= 0) {
        rc = ok;
        if (ok == 0)
            cli_notice("nothing changed");
    } else if ((rc = cli_write(ctx, do_bulk, &b)) == 0) {
        cli_notice("%zu agreement%s %s %s", b.n_listed, b.n_listed == 1 ? "" : "s", change->done,
                   arg_value(args, OPT_ON));
    }
done:
    free(given);
    free(b.listed);
    return rc;
}
