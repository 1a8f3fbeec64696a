/* import: a JSON document, NDJSON or CSV pair list merged into the registry in one
 * transaction (or validated only, with --dry-run). Counts, skipped records and progress
 * go to stderr. */
#include "cli/cli.h"
#include "cli/import_options.h"

#include "twinreg/store/history.h"
#include "twinreg/io/io.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The summary line's counts: six kinds of four outcomes fit in it. */
#define COUNTS_TEXT_MAX 800

/* Whether a progress line is on screen: a notice must erase it first. */
static int progress_shown;

static void erase_progress(void)
{
    if (progress_shown)
        fputs("\r\033[K", stderr), progress_shown = 0;
}

static void report_skip(void *user, const char *where, long line, const char *reason)
{
    (void)user;
    erase_progress();
    cli_notice("skipped %s:%ld: %s", where, line, reason);
}

static void report_twin(void *user, const char *where, const char *message)
{
    (void)user;
    erase_progress();
    cli_notice("warning: %s: %s", where, message);
}

/* On a terminal only: one line rewritten in place, erased at the end. */
static void report_progress(void *user, long records, int done)
{
    (void)user;
    if (done && progress_shown)
        fputs("\r\033[K", stderr);
    else if (!done)
        fprintf(stderr, "\rtwinreg: import: %ld records…", records);
    progress_shown = !done;
    fflush(stderr);
}

/* "3 inserted, 0 updated, 1 unchanged, 2 skipped (cities: 2 inserted; agreements: 1
 * inserted, 1 unchanged, 2 skipped)": the totals first, as scripts read them. The summary
 * line and the history entry say the same. */
static void format_counts(const tr_import_counts *c, char *out, size_t cap)
{
    static const char *const plural[TR_REC_TYPES] = {
        "sources", "cities", "organizations", "frameworks", "decisions", "agreements", "programs"};
    static const char *const outcome[TR_OUTCOMES + 1] = {"inserted", "updated", "unchanged",
                                                         "skipped"};
    size_t len = (size_t)snprintf(out, cap, "%ld inserted, %ld updated, %ld unchanged, %ld skipped",
                                  c->inserted, c->updated, c->unchanged, c->skipped);
    size_t totals = len;
    for (int t = 0; t < TR_REC_TYPES; t++) {
        int first = 1;
        for (int o = 0; o <= TR_OUTCOMES && len < cap; o++) {
            long n = o < TR_OUTCOMES ? c->by_type[t][o] : c->skipped_by_type[t];
            if (!n)
                continue;
            len += (size_t)snprintf(out + len, cap - len, "%s%s%s%ld %s",
                                    first ? (len > totals ? "; " : " (") : ", ",
                                    first ? plural[t] : "", first ? ": " : "", n, outcome[o]);
            first = 0;
        }
    }
    if (len > totals && len + 1 < cap)
        len += (size_t)snprintf(out + len, cap - len, ")");
    /* Told apart from the cities updated: what a list with coordinates brought. */
    if (c->coordinates_filled && len < cap)
        len += (size_t)snprintf(out + len, cap - len, "; coordinates filled: %ld",
                                c->coordinates_filled);
    if (c->coordinates_replaced && len < cap)
        snprintf(out + len, cap - len, "; coordinates replaced: %ld", c->coordinates_replaced);
}

static void print_counts(const tr_import_counts *c, int dry_run)
{
    char text[COUNTS_TEXT_MAX];
    format_counts(c, text, sizeof text);
    cli_notice("%s%s%s", dry_run ? "dry run: " : "import: ", text,
               dry_run ? "; nothing written" : "");
}

#define REASONS_SHOWN 20

/* The skipped records by reason, largest group first, after the lines that name each one:
 * what to fix first in a long list. (An import that fails on invalid records keeps its
 * message as it was: its first 20 lines.) */
static void print_reasons(tr_import *im)
{
    const tr_import_reason *g;
    size_t n = tr_import_reasons(im, &g);
    const char *unit = tr_import_format_of(im) == TR_IMPORT_CSV ? "row" : "record";
    long more = tr_import_reasons_other(im);
    for (size_t i = 0; i < n; i++) {
        if (i >= REASONS_SHOWN)
            more += g[i].records;
        else
            cli_notice("%ld %s%s: %s", g[i].records, unit, g[i].records == 1 ? "" : "s",
                       g[i].reason);
    }
    if (more)
        cli_notice("%ld more %ss for other reasons", more, unit);
}

/* A long import's history is written in parts, so that memory does not grow with it. */
static int flush_history(void *user, tr_error *err)
{
    struct cli_ctx *ctx = user;
    return ctx->history ? tr_history_flush(ctx->history, ctx->command_line, err) : 0;
}

/* The rejects file is finished before the commit: when it cannot be written, nothing is. */
static int run_import(struct cli_ctx *ctx, void *im)
{
    if (tr_import_run(im, ctx->store, &ctx->err) != 0 ||
        tr_import_close_rejects(im, &ctx->err) != 0)
        return -1;
    if (!ctx->history) /* a dry run records nothing */
        return 0;
    char text[COUNTS_TEXT_MAX];
    format_counts(tr_import_counts_of(im), text, sizeof text);
    return tr_history_note(ctx->history, text, &ctx->err);
}

int cmd_import(struct cli_ctx *ctx, struct cli_args *args)
{
    /* A rejects file is for importing the rest again once fixed: the valid records go in. */
    tr_import_options opt = {.skip_invalid = arg_flag(args, OPT_SKIP_INVALID) ||
                                             arg_value(args, OPT_REJECTS) != NULL,
                             .rejects = arg_value(args, OPT_REJECTS),
                             .on_skip = report_skip,
                             .on_warning = report_twin,
                             .between = flush_history,
                             /* a server's write that lost a race is run again (cli_write) */
                             .rerunnable = cli_db_server(ctx) != NULL,
                             .user = ctx};
    int dry_run = arg_flag(args, OPT_DRY_RUN);
    opt.update_coordinates = arg_flag(args, OPT_UPDATE_COORDINATES);
    const char *mapping[CLI_MAX_VALUES];
    tr_country_map *countries;
    if (cli_import_options(ctx, args, OPT_FORMAT, &opt, mapping, &countries) != 0)
        return -1;
    if (isatty(STDERR_FILENO))
        opt.on_progress = report_progress;
    /* The file first: one that cannot be read leaves no database behind. */
    tr_import *im = tr_import_open(args->pos[0], &opt, &ctx->err);
    if (!im) {
        tr_country_map_free(countries);
        return -1;
    }
    int rc;
    if (dry_run) { /* validated and counted in a transaction that is rolled back */
        tr_store *store = cli_store(ctx);
        rc = store && tr_store_begin(store, &ctx->err) == 0 ? run_import(ctx, im) : -1;
        if (store)
            tr_store_rollback(store);
    } else { /* one transaction, one history entry */
        tr_store *store = cli_store_create(ctx);
        rc = store && tr_store_check_references_at_commit(store, &ctx->err) == 0
                 ? cli_write(ctx, run_import, im)
                 : -1;
    }
    if (rc == 0) {
        print_reasons(im);
        print_counts(tr_import_counts_of(im), dry_run);
    }
    tr_import_close(im);
    tr_country_map_free(countries);
    return rc;
}
