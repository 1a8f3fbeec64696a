/* restore FILE: a backup that passes `check` replaces the registry, and the registry it
 * replaces is kept beside it (registry.db.before-restore), so that nothing is lost. */
#include "cli/cli.h"

#include "twinreg/io/output_file.h"
#include "twinreg/store/history.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The backup's soundness, as `check` judges a registry: the first problem, or 0. */
static int backup_problem(tr_store *backup, char *problem, size_t cap)
{
    int version = tr_store_schema_version(backup);
    if (version < 1) {
        snprintf(problem, cap, "not a twinreg registry (no schema version)");
        return 1;
    }
    if (version > tr_store_expected_version(backup)) {
        snprintf(problem, cap, "its schema version %d is newer than this program's (%d)", version,
                 tr_store_expected_version(backup));
        return 1;
    }
    char found[512];
    const char *what = tr_store_check_integrity(backup, found, sizeof found)    ? "integrity"
                       : tr_store_check_references(backup, found, sizeof found) ? "references"
                                                                                : NULL;
    if (what) {
        snprintf(problem, cap, "%s: %s", what, found);
        return 1;
    }
    tr_error hist;
    tr_error_init(&hist);
    int broken = tr_history_check(backup, &hist) != 0;
    if (broken)
        snprintf(problem, cap, "history: %s", hist.message);
    tr_error_release(&hist);
    return broken;
}

/* "<registry>.before-restore", or .2, .3... when earlier restores kept theirs. */
static int keep_name(struct cli_ctx *ctx, const char *registry, char *name, size_t cap)
{
    struct stat st;
    for (int i = 1; i < 1000; i++) {
        int n = i == 1 ? snprintf(name, cap, "%s.before-restore", registry)
                       : snprintf(name, cap, "%s.before-restore.%d", registry, i);
        if (n < 0 || (size_t)n >= cap)
            break;
        if (lstat(name, &st) != 0)
            return 0;
    }
    return tr_error_set(&ctx->err, TR_IO, "cannot keep the registry: no free name beside '%s'",
                        registry);
}

/* A copy of the registry as it is, kept under `name` with the registry's mode. */
static int keep_registry(struct cli_ctx *ctx, tr_store *store, const char *name, mode_t mode)
{
    tr_output_file keep;
    if (tr_output_open(&keep, name, tr_store_path(store), TR_OUTPUT_DATABASE, &ctx->err) != 0)
        return -1;
    keep.mode = mode & 07777;
    char why[256];
    int rc = tr_store_backup_to(store, keep.tmp, why, sizeof why);
    if (rc != 0)
        tr_error_set(&ctx->err, TR_IO, "cannot keep the registry as '%s': %s", name, why);
    return tr_output_close(&keep, rc == 0, &ctx->err);
}

int cmd_restore(struct cli_ctx *ctx, struct cli_args *args)
{
    const char *from = args->pos[0];
    if (cli_db_server(ctx))
        return cli_usage_error(ctx, "a registry on a server is restored by its administrator "
                                    "(pg_restore); restore replaces a registry file");
    char path[4096], problem[700], kept[4200] = "";
    if (tr_store_default_path(ctx->db_option, path, sizeof path, &ctx->err) != 0)
        return -1;
    struct stat registry, source;
    int exists = stat(path, &registry) == 0;
    if (stat(from, &source) != 0)
        return tr_error_set(&ctx->err, TR_IO, "cannot restore from '%s': %s", from,
                            strerror(errno));
    if (exists && source.st_dev == registry.st_dev && source.st_ino == registry.st_ino)
        return tr_error_set(&ctx->err, TR_REJECTED, "cannot restore from '%s': it is the registry",
                            from);
    /* A file that is there but no registry (not SQLite, damaged) is bad input: exit 4. */
    tr_store *backup = NULL;
    tr_error why;
    tr_error_init(&why);
    int bad = tr_store_open_reader(&backup, from, &why) != 0;
    if (bad)
        snprintf(problem, sizeof problem, "%s", why.message);
    tr_error_release(&why);
    bad = bad || backup_problem(backup, problem, sizeof problem);
    tr_store_close(backup);
    if (bad)
        return tr_error_set(&ctx->err, TR_REJECTED, "cannot restore from '%s': %s", from, problem);
    tr_store *store = cli_store_create(ctx);
    if (!store)
        return -1;
    if (exists && (keep_name(ctx, path, kept, sizeof kept) != 0 ||
                   keep_registry(ctx, store, kept, registry.st_mode) != 0))
        return -1;
    if (tr_store_restore_from(store, from, problem, sizeof problem) != 0)
        return tr_error_set(&ctx->err, TR_IO, "cannot restore from '%s': %s", from, problem);
    /* Opened again, so that an older backup's schema is migrated now, not by whoever
     * comes next. */
    tr_store_close(ctx->store);
    ctx->store = NULL;
    if (!cli_store(ctx))
        return -1;
    if (exists)
        cli_notice("registry restored from %s; the one it replaced is kept as %s", from, kept);
    else
        cli_notice("registry restored from %s", from);
    return 0;
}
