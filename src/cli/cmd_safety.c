/* The commands that keep a registry safe: history, undo, check, backup. */
#include "cli/cli.h"

#include "twinreg/core/number.h"
#include "twinreg/io/output_file.h"
#include "twinreg/store/history.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* What the command reported (an import's counts of records, as its summary line said), or
 * for an entry without one (older, or a command that notes none) the rows it changed. */
static char *render_changes(struct cli_ctx *ctx, json_t *row)
{
    (void)ctx;
    const char *summary = json_string_value(json_object_get(row, "summary"));
    if (summary)
        return strdup(summary);
    char *s = NULL;
    if (asprintf(&s, "%lld inserted, %lld updated, %lld deleted",
                 (long long)json_integer_value(json_object_get(row, "inserted")),
                 (long long)json_integer_value(json_object_get(row, "updated")),
                 (long long)json_integer_value(json_object_get(row, "deleted"))) < 0)
        return NULL;
    return s;
}

static const struct out_column history_columns[] = {{"ID", "id", NULL, 0},
                                                    {"WHEN (UTC)", "at", NULL, 0},
                                                    {"BY", "by", NULL, 16},
                                                    {"CHANGES", NULL, render_changes, 0},
                                                    {"COMMAND", "command", NULL, 70},
                                                    {NULL, NULL, NULL, 0}};
/* CSV keeps its columns (scripts read them); JSON has every key, "summary" too. */
static const char *const history_fields[] = {"id",       "at",      "by",      "command",
                                             "inserted", "updated", "deleted", NULL};

int cli_positive(struct cli_ctx *ctx, const char *text, const char *what, long *out)
{
    long long v;
    if (tr_parse_whole(text, 1, LONG_MAX, &v) != 0)
        return cli_usage_error(ctx, "%s must be a positive whole number, got '%s'", what,
                               text ? text : "");
    *out = (long)v;
    return 0;
}

int cmd_history(struct cli_ctx *ctx, struct cli_args *args)
{
    long limit = 0;
    const char *text = arg_value(args, OPT_LIMIT);
    if (text && cli_positive(ctx, text, "--limit", &limit) != 0)
        return -1;
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    struct out_list list;
    out_list_begin(&list, ctx, args->format, history_columns, history_fields);
    out_list_empty(&list, "no change recorded");
    int rc = tr_history_list(store, limit, out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

struct undo_job {
    long n, rows;
};

static int undo_changes(struct cli_ctx *ctx, void *data)
{
    struct undo_job *job = data;
    return tr_history_undo(cli_store(ctx), job->n, &job->rows, &ctx->err);
}

int cmd_undo(struct cli_ctx *ctx, struct cli_args *args)
{
    struct undo_job job = {1, 0};
    if (args->npos > 0 &&
        cli_positive(ctx, args->pos[0], "the number of changes to undo", &job.n) != 0)
        return -1;
    if (cli_write_unrecorded(ctx, undo_changes, &job) != 0)
        return -1;
    long n = job.n, rows = job.rows;
    cli_notice("undid %ld change%s (%ld row%s)", n, n == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
    return 0;
}

/* One line per check on stdout: "integrity: ok" or what is wrong. */
static int check_line(const char *what, const char *problem)
{
    printf("%-12s %s\n", what, problem ? problem : "ok");
    return problem ? 1 : 0;
}

int cmd_check(struct cli_ctx *ctx, struct cli_args *args)
{
    (void)args;
    tr_store *store = cli_store(ctx); /* a newer or unreadable database fails here, exit 5 */
    if (!store)
        return -1;
    int damaged = 0;
    char problem[512];
    damaged |= check_line(
        "integrity", tr_store_check_integrity(store, problem, sizeof problem) ? problem : NULL);
    damaged |= check_line(
        "references", tr_store_check_references(store, problem, sizeof problem) ? problem : NULL);
    int version = tr_store_schema_version(store);
    snprintf(problem, sizeof problem, "version %d, expected %d", version,
             tr_store_expected_version(store));
    if (version == tr_store_expected_version(store) &&
        tr_store_schema_problem(store, problem, sizeof problem) == 0)
        problem[0] = '\0';
    damaged |= check_line("schema", problem[0] ? problem : NULL);
    tr_error hist;
    tr_error_init(&hist);
    damaged |= check_line("history", tr_history_check(store, &hist) == 0 ? NULL : hist.message);
    tr_error_release(&hist);
    if (damaged)
        return tr_error_set(&ctx->err, TR_IO, "check: the database is damaged (see above)");
    return 0;
}

int cmd_backup(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    /* Into a temporary file beside the target, renamed when complete. An existing target
     * is replaced only when asked (--force), and its leftover journal, WAL and shared
     * memory go with it: SQLite would replay them onto the new copy. */
    struct stat target, registry;
    int is_new = stat(args->pos[0], &target) != 0;
    tr_output_file file;
    if (tr_output_open(&file, args->pos[0], tr_store_path(store),
                       TR_OUTPUT_DATABASE | TR_OUTPUT_MAKE_FOLDERS |
                           (arg_flag(args, OPT_FORCE) ? TR_OUTPUT_FORCE : 0),
                       &ctx->err) != 0)
        return -1;
    /* A new copy is as private as the registry it copies (cp -p would say the same); a
     * replaced file keeps its own mode, as cp leaves it. */
    if (is_new && tr_store_path(store) && stat(tr_store_path(store), &registry) == 0)
        file.mode = registry.st_mode & 07777;
    char why[256];
    int rc = tr_store_backup_to(store, file.tmp, why, sizeof why);
    if (rc != 0)
        tr_error_set(&ctx->err, TR_IO, "cannot back up to '%s': %s", args->pos[0], why);
    if (tr_output_close(&file, rc == 0, &ctx->err) != 0)
        return -1;
    cli_notice("backup written to %s", args->pos[0]);
    return 0;
}
