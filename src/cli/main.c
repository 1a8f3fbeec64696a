/* twinreg's entry point: global options, dispatch through the command table, option
 * parsing, help, and the mapping of errors to exit statuses. Only main exits. */
#include "cli/cli.h"
#include "cli/help.h"

#include "twinreg/store/engine.h"
#include "twinreg/store/history.h"
#include "twinreg/core/utf8.h"

#include "twinreg/core/country.h"
#include "twinreg/core/date.h"
#include "twinreg/core/fold.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- arguments ---- */

/* The option `id`, which the command must declare: reading one it does not is a bug in
 * its handler, stopped here (as git's BUG() does) rather than read as "not given". */
static enum cli_opt declared(const struct cli_args *args, enum cli_opt id)
{
    for (const struct cli_option *o = args->cmd->options; o && o->help; o++)
        if (o->id == id)
            return id;
    fprintf(stderr, "twinreg: BUG: '%s' reads --%s, which its table row does not declare\n",
            args->cmd->name, cli_option_names[id]);
    abort();
}

const char *arg_value(const struct cli_args *args, enum cli_opt id)
{
    int n = args->count[declared(args, id)];
    return n ? args->values[id][n - 1] : NULL;
}

int arg_count(const struct cli_args *args, enum cli_opt id)
{
    return args->count[declared(args, id)];
}

char *arg_nth(const struct cli_args *args, enum cli_opt id, int n)
{
    return n < args->count[declared(args, id)] ? args->values[id][n] : NULL;
}

int arg_flag(const struct cli_args *args, enum cli_opt id) { return arg_count(args, id) > 0; }

static const char *current_command = "twinreg";

int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tr_error_set(&ctx->err, TR_USAGE, "%s: %s (see 'twinreg %s --help')", current_command,
                        msg, current_command);
}

/* Any format name; one the command lacks is refused with the other checks of the table. */
static int parse_format(struct cli_ctx *ctx, const struct cli_command *cmd, const char *text)
{
    for (int i = 0; i < OUT_FORMATS; i++)
        if (strcmp(text, out_format_names[i]) == 0)
            return i;
    char list[96];
    cli_format_list(cmd->formats, " or ", list, sizeof list);
    return cli_usage_error(ctx, "unknown format '%s': expected %s", text, list), -1;
}

/* The argument getopt refused. An unknown long option is behind optind; a short one
 * ("-dash": twinreg has none, so its first letter is refused) is still being read, at
 * optind, unless it was a single letter. Named whole, since "-dash" may be a city name
 * meant as an operand: the message says to put it after "--". */
static const char *refused_option(int argc, char **argv)
{
    if (optopt && optind < argc && argv[optind][0] == '-' && strchr(argv[optind] + 1, optopt))
        return argv[optind];
    return argv[optind - 1];
}

#define DASH_HINT "; a value that starts with '-' goes after '--'"

/* --db, before or after the command (`see` names the help for a global one, NULL after
 * the command). An empty path would fall back to the default registry and two different
 * ones leave the user's intent unknown: both are usage errors, not silent choices. */
static int set_db_option(struct cli_ctx *ctx, const char *path, const char *see)
{
    /* ps shows every process's arguments to every user of the machine. */
    const char *why = !*path ? "--db: needs a path, not an empty value"
                      : tr_store_conninfo_has_password(path)
                          ? "--db: a password on the command line is visible to every user "
                            "of this machine; give it with PGPASSWORD or ~/.pgpass"
                      : ctx->db_option && strcmp(ctx->db_option, path) != 0
                          ? "--db: given twice, with two different paths"
                          : NULL;
    if (!why) {
        ctx->db_option = path;
        return 0;
    }
    return see ? tr_error_set(&ctx->err, TR_USAGE, "%s (see '%s')", why, see)
               : cli_usage_error(ctx, "%s", why);
}

/* --color=auto|always|never, before the command (`see` names its help) or after it (NULL). */
static int set_color(struct cli_ctx *ctx, const char *value, const char *see)
{
    if (color_choose(value) == 0)
        return 0;
    const char *why = "--color: expected auto, always or never";
    return see ? tr_error_set(&ctx->err, TR_USAGE, "%s, not '%s' (see '%s')", why, value, see)
               : cli_usage_error(ctx, "%s, not '%s'", why, value);
}

/* Parses the command's options with getopt_long (options and operands in any order). */
static int parse_args(struct cli_ctx *ctx, const struct cli_command *cmd, int argc, char **argv,
                      struct cli_args *args, int *want_help)
{
    struct option longopts[CLI_MAX_OPTIONS + 7];
    int n = 0;
    for (; cmd->options && cmd->options[n].help; n++)
        longopts[n] =
            (struct option){cli_option_names[cmd->options[n].id],
                            cmd->options[n].arg ? required_argument : no_argument, NULL, 1000 + n};
    /* Short forms ("-o FILE"): each letter, with ':' when it takes a value; -h is --help. */
    char shorts[2 * CLI_MAX_OPTIONS + 3] = ":h";
    for (int i = 0, k = 2; i < n; i++)
        if (cmd->options[i].letter) {
            shorts[k++] = cmd->options[i].letter;
            if (cmd->options[i].arg)
                shorts[k++] = ':';
        }
    int format_key = 900, json_key = 901, help_key = 902, db_key = 903, color_key = 904;
    int no_headers_key = 905;
    int k = n;
    /* The global --db is also understood after the command ("twinreg partners Seoul --db x"). */
    longopts[k++] = (struct option){"db", required_argument, NULL, db_key};
    longopts[k++] = (struct option){"color", required_argument, NULL, color_key};
    if (cmd->formats) {
        longopts[k++] = (struct option){"format", required_argument, NULL, format_key};
        longopts[k++] = (struct option){"json", no_argument, NULL, json_key};
    }
    if (cmd->formats & FORMAT_BIT(OUT_CSV)) /* rows, with a header line to drop */
        longopts[k++] = (struct option){"no-headers", no_argument, NULL, no_headers_key};
    longopts[k++] = (struct option){"help", no_argument, NULL, help_key};
    longopts[k] = (struct option){NULL, 0, NULL, 0};

    memset(args, 0, sizeof *args);
    args->cmd = cmd;
    args->format = -1;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        for (int i = 0; c > 0 && c < 256 && c != ':' && c != '?' && c != 'h' && i < n; i++)
            if (cmd->options[i].letter == c)
                c = 1000 + i;
        if (c == help_key || c == 'h') {
            *want_help = 1;
            return 0;
        } else if (c == format_key) {
            if ((args->format = parse_format(ctx, cmd, optarg)) < 0)
                return -1;
        } else if (c == db_key) {
            if (set_db_option(ctx, optarg, NULL) != 0)
                return -1;
        } else if (c == color_key) {
            if (set_color(ctx, optarg, NULL) != 0)
                return -1;
        } else if (c == json_key) {
            args->format = OUT_JSON;
        } else if (c == no_headers_key) {
            ctx->no_headers = 1;
        } else if (c >= 1000 && c < 1000 + n) {
            const struct cli_option *o = &cmd->options[c - 1000];
            int i = o->id;
            if (args->count[i] > 0 && !o->repeat)
                return cli_usage_error(ctx, "option '--%s' given twice", cli_option_names[i]);
            if (args->count[i] == CLI_MAX_VALUES)
                return cli_usage_error(ctx, "option '--%s' given too many times",
                                       cli_option_names[i]);
            args->values[i][args->count[i]++] = optarg ? optarg : (char *)"";
        } else if (c == ':') {
            return cli_usage_error(ctx, "option '%s' needs a value", argv[optind - 1]);
        } else {
            const char *refused = refused_option(argc, argv);
            return cli_usage_error(ctx, "unknown option '%s'%s", refused,
                                   refused[1] != '-' ? DASH_HINT : "");
        }
    }
    /* "-" is standard output, as for cat and tar: no file named "-" is written. */
    if (args->count[OPT_OUTPUT] && strcmp(args->values[OPT_OUTPUT][0], "-") == 0)
        args->count[OPT_OUTPUT] = 0;
    args->npos = argc - optind;
    args->pos = argv + optind;
    if (args->npos < cmd->min_pos)
        return cli_usage_error(ctx, "missing argument: %s", cmd->args);
    if (cmd->max_pos >= 0 && args->npos > cmd->max_pos)
        return cli_usage_error(ctx, "unexpected argument '%s'", args->pos[cmd->max_pos]);
    return 0;
}

/* ---- shared helpers for the commands ---- */

static tr_store *open_store(struct cli_ctx *ctx,
                            int (*opener)(tr_store **, const char *, tr_error *))
{
    if (ctx->store)
        return ctx->store;
    char path[4096];
    if (tr_store_default_path(ctx->db_option, path, sizeof path, &ctx->err) != 0)
        return NULL;
    opener(&ctx->store, path, &ctx->err);
    return ctx->store;
}

const char *cli_db_server(struct cli_ctx *ctx)
{
    static char db[4096];
    tr_error ignored; /* a registry with no path is refused where it is opened */
    tr_error_init(&ignored);
    int named = tr_store_default_path(ctx->db_option, db, sizeof db, &ignored) == 0;
    tr_error_release(&ignored);
    return named && tr_store_engine_of(db) == TR_ENGINE_POSTGRESQL ? db : NULL;
}

tr_store *cli_store(struct cli_ctx *ctx) { return open_store(ctx, tr_store_open_existing); }

tr_store *cli_store_create(struct cli_ctx *ctx) { return open_store(ctx, tr_store_open); }

/* One run of fn in one transaction, with its history: 0, or -1 rolled back. */
static int write_once(struct cli_ctx *ctx, tr_store *store,
                      int (*fn)(struct cli_ctx *ctx, void *data), void *data, int recorded)
{
    if (tr_store_begin(store, &ctx->err) != 0)
        return -1;
    if (!recorded) {
        if (fn(ctx, data) != 0) {
            tr_store_rollback(store);
            return -1;
        }
        return tr_store_commit(store, &ctx->err);
    }
    /* A read can lose a race on a server too (SERIALIZABLE): a failure ends the run, so
     * that the caller sees why (and retries), never a later "transaction aborted". */
    int64_t before = tr_history_last_id(store);
    tr_history *history = ctx->history = before >= 0 ? tr_history_start(store, &ctx->err) : NULL;
    if (before < 0)
        tr_error_set(&ctx->err, TR_IO, "cannot read the history");
    if (!history || fn(ctx, data) != 0) {
        tr_history_cancel(history);
        ctx->history = NULL;
        tr_store_rollback(store);
        return -1;
    }
    ctx->history = NULL;
    if (tr_history_finish(history, ctx->command_line, &ctx->err) != 0) {
        tr_store_rollback(store);
        return -1;
    }
    int64_t entry = tr_history_last_id(store);
    if (entry < 0) {
        tr_store_rollback(store);
        return tr_error_set(&ctx->err, TR_IO, "cannot read the history");
    }
    if (tr_store_commit(store, &ctx->err) != 0)
        return -1;
    ctx->saved = 1;
    ctx->saved_entry = entry > before ? entry : 0;
    return 0;
}

/* How often a unit of work that lost to a concurrent writer runs, and the longest pause
 * before a run: random, so that writers that collided once do not collide again in step,
 * and growing, so that a writer that holds on for a while (up to several seconds, 7 s on
 * average in all) is waited out, not failed. 10 runs (2 s) were too few for 8 writers on
 * 2 busy cores: one of 800 adds lost ten times in a row. */
#define WRITE_ATTEMPTS 20
#define WRITE_BACKOFF_MAX_MS 1000

/* A pause of a random part of 10 ms * 2^attempt, at most WRITE_BACKOFF_MAX_MS. */
static void back_off(int attempt)
{
    static unsigned seed;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!seed)
        seed = (unsigned)now.tv_nsec ^ ((unsigned)getpid() << 16);
    long cap = 10L << (attempt < 7 ? attempt : 7);
    if (cap > WRITE_BACKOFF_MAX_MS)
        cap = WRITE_BACKOFF_MAX_MS;
    long ms = 1 + rand_r(&seed) % cap;
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}

/* The only place a write runs again: the whole unit (begin .. commit) when the engine says
 * it lost to another writer (PostgreSQL's serialization failure or deadlock; SQLite waits
 * instead and never asks). fn must be safe to run again: it only reads the command's
 * arguments, or input it can read again (import: tr_import_options.rerunnable). */
/* cli_write and cli_write_unrecorded: the unit run again when it lost a race. */
static int write_retried(struct cli_ctx *ctx, int (*fn)(struct cli_ctx *ctx, void *data),
                         void *data, int recorded)
{
    tr_store *store = recorded ? cli_store_create(ctx) : cli_store(ctx);
    if (!store)
        return -1;
    for (int attempt = 1;; attempt++) {
        if (write_once(ctx, store, fn, data, recorded) == 0)
            return 0;
        if (!tr_store_retryable(store))
            return -1;
        tr_error_release(&ctx->err); /* the lost run's words: the next run tells its own */
        if (attempt == WRITE_ATTEMPTS)
            return tr_error_set(&ctx->err, TR_IO,
                                "cannot save the change: other writers kept conflicting with it "
                                "(%d tries); nothing was changed, try again",
                                WRITE_ATTEMPTS);
        back_off(attempt);
    }
}

int cli_write(struct cli_ctx *ctx, int (*fn)(struct cli_ctx *ctx, void *data), void *data)
{
    return write_retried(ctx, fn, data, 1);
}

int cli_write_unrecorded(struct cli_ctx *ctx, int (*fn)(struct cli_ctx *ctx, void *data),
                         void *data)
{
    return write_retried(ctx, fn, data, 0);
}

int cli_date(struct cli_ctx *ctx, const char *text, const char *what, char *first_day)
{
    tr_date d;
    if (tr_date_parse(text, &d, what, &ctx->err) != 0)
        return -1;
    if (first_day)
        tr_date_first_day(&d, first_day);
    return 0;
}

int cli_on_day(struct cli_ctx *ctx, struct cli_args *args, char day[11])
{
    const char *on = arg_value(args, OPT_ON);
    if (!on) {
        tr_date_today(day);
        return 0;
    }
    return cli_date(ctx, on, "date", day);
}

int cli_expiry_window(struct cli_ctx *ctx, const char *day, const char *within, char end[11])
{
    tr_error why;
    tr_error_init(&why);
    int rc = tr_date_add_span(day, within ? within : CLI_EXPIRY_WINDOW, end, "--within", &why);
    if (rc != 0) /* said as a usage error of the command, which names its help */
        cli_usage_error(ctx, "%s", why.message);
    tr_error_release(&why);
    return rc;
}

int cli_country(struct cli_ctx *ctx, const char *text, const char **alpha2)
{
    *alpha2 = NULL;
    if (!text)
        return 0;
    const struct tr_country *c = tr_country_resolve(text, &ctx->err);
    if (!c)
        return -1;
    *alpha2 = c->alpha2;
    return 0;
}

/* ---- dispatch ---- */

static void set_utf8_locale(void)
{
    /* Width of names such as 서울 in tables needs a UTF-8 character type. */
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
}

static int run(struct cli_ctx *ctx, int argc, char **argv)
{
    static const struct option global[] = {{"db", required_argument, NULL, 'd'},
                                           {"help", no_argument, NULL, 'h'},
                                           {"version", no_argument, NULL, 'V'},
                                           {"color", required_argument, NULL, 'c'},
                                           {NULL, 0, NULL, 0}};
    opterr = 0;
    int c;
    /* "+": stop at the command word; its own options are parsed later. */
    while ((c = getopt_long(argc, argv, "+:hV", global, NULL)) != -1) {
        if (c == 'd') {
            if (set_db_option(ctx, optarg, "twinreg --help") != 0)
                return -1;
        } else if (c == 'c') {
            if (set_color(ctx, optarg, "twinreg --help") != 0)
                return -1;
        } else if (c == 'h') {
            help_print_overview(stdout);
            return 0;
        } else if (c == 'V') {
            printf("twinreg %s (schema %d, SQLite %s, jansson %s)\n", TWINREG_VERSION,
                   tr_store_latest_version(), tr_store_engine_version(), JANSSON_VERSION);
            return 0;
        } else if (c == ':') {
            return tr_error_set(&ctx->err, TR_USAGE, "%s: needs a value", argv[optind - 1]);
        } else {
            return tr_error_set(&ctx->err, TR_USAGE, "%s: unknown option (see 'twinreg --help')",
                                refused_option(argc, argv));
        }
    }
    argc -= optind;
    argv += optind;
    /* A wrong busy timeout is refused before any command runs, whether it would open the
     * registry or not (sql and completion open their own connections). */
    if (tr_store_busy_timeout(&ctx->err) < 0)
        return -1;
    if (argc == 0) {
        help_print_overview(stderr);
        return tr_error_set(&ctx->err, TR_USAGE, "missing command: see 'twinreg --help'");
    }
    /* Internal commands for the shell completion and the build (the manual page). */
    if (strcmp(argv[0], "__complete") == 0)
        return cli_complete(ctx, argc - 1, argv + 1);
    if (strcmp(argv[0], "__man") == 0) {
        help_print_man(stdout);
        return 0;
    }
    int words = 0;
    const char *help_group = NULL;
    const struct cli_command *cmd = cli_find_command(argc, argv, &words, &help_group, &ctx->err);
    if (!cmd) {
        if (help_group) {
            help_print_group(stdout, help_group);
            return 0;
        }
        if (cli_is_group(argv[0]))
            help_print_group(stderr, argv[0]);
        return -1;
    }
    current_command = cmd->name;
    /* getopt wants argv[0] to be the program; the last command word plays that part. */
    struct cli_args args;
    int want_help = 0;
    if (parse_args(ctx, cmd, argc - words + 1, argv + words - 1, &args, &want_help) != 0)
        return -1;
    if (want_help) {
        help_print_usage(stdout, cmd);
        return 0;
    }
    args.format_given = args.format >= 0;
    if (args.format < 0)
        args.format = OUT_TABLE;
    if (cli_check_args(ctx, &args) != 0)
        return -1;
    if ((cmd->flags & CMD_SERVER_ONLY) && !cli_db_server(ctx))
        return tr_error_set(&ctx->err, TR_USAGE,
                            "%.*s: needs a PostgreSQL server (--db postgresql://...)",
                            (int)strcspn(cmd->name, " "), cmd->name);
    /* PostgreSQL (issue 14) is under way: the table says which commands run there. */
    if (!(cmd->flags & (CMD_ON_SERVER | CMD_SERVER_ONLY)) && cli_db_server(ctx))
        return tr_error_set(&ctx->err, TR_IO, "%s: not available on PostgreSQL yet", cmd->name);
    return cmd->run(ctx, &args);
}

/* The length of the character at p (at most `left` bytes) when it is printable UTF-8
 * (core's one rule; tab too), else 0. */
static size_t printable_char(const char *p, size_t left)
{
    uint32_t cp;
    size_t n = tr_utf8_decode(p, left, &cp);
    return n > 0 && (cp >= 0x20 || cp == '\t') && cp != 0x7f ? n : 0;
}

/* Appends `text` to the command line, stopping at the last whole character that fits.
 * With `escaped` (inside bash's $'...'), a byte that is not a printable character is
 * written \xNN, and a backslash or quote is escaped, so the shell reads back the bytes. */
static size_t append_text(char *buf, size_t len, size_t cap, const char *text, size_t max,
                          int escaped)
{
    size_t text_len = strlen(text); /* not strnlen(text, SIZE_MAX): GCC's -O2 rejects that bound */
    const char *p = text, *end = p + (text_len < max ? text_len : max);
    while (p < end) {
        size_t n = printable_char(p, (size_t)(end - p));
        char esc[8] = "";
        if (!n)
            snprintf(esc, sizeof esc, "\\x%02X", (unsigned char)*p);
        else if (escaped && (*p == '\\' || *p == '\''))
            snprintf(esc, sizeof esc, "\\%c", *p);
        size_t out = esc[0] ? strlen(esc) : n;
        if (len + out >= cap)
            break;
        memcpy(buf + len, esc[0] ? esc : p, out);
        len += out;
        p += n ? n : 1;
    }
    buf[len] = '\0';
    return len;
}

/* 1 when `arg` holds a byte that is not a printable character: it is written as $'...'. */
static int needs_escapes(const char *arg)
{
    for (const char *p = arg, *end = arg + strlen(arg); p < end;) {
        size_t n = printable_char(p, (size_t)(end - p));
        if (!n)
            return 1;
        p += n;
    }
    return 0;
}

/* The command line as a shell would read it back, for the history: plain words as they
 * are, others in single quotes, and those with bytes that are not printable text in
 * bash's $'...' (always valid text for every reader); a long one ends with an ellipsis. */
static void remember_command_line(struct cli_ctx *ctx, int argc, char **argv)
{
    char *buf = ctx->command_line;
    size_t cap = sizeof ctx->command_line - 4; /* room for "…" */
    size_t len = append_text(buf, 0, cap, "twinreg", SIZE_MAX, 0);
    for (int i = 1; i < argc && len + 1 < cap; i++) {
        const char *a = argv[i];
        int escaped = needs_escapes(a);
        int plain = !escaped && *a && !strpbrk(a, " \t\n'\"\\$`*?;&|<>()#~![]{}=^%,");
        len = append_text(buf, len, cap, plain ? " " : escaped ? " $'" : " '", SIZE_MAX, 0);
        for (const char *p = a; *p && len + 1 < cap;) { /* quotes inside quotes: '\'' */
            size_t span = plain || escaped ? strlen(p) : strcspn(p, "'");
            len = append_text(buf, len, cap, p, span, escaped);
            p += span;
            if (*p == '\'') {
                len = append_text(buf, len, cap, "'\\''", SIZE_MAX, 0);
                p++;
            }
        }
        if (!plain)
            len = append_text(buf, len, cap, "'", SIZE_MAX, 0);
    }
    if (len + 1 >= cap)
        snprintf(buf + len, sizeof ctx->command_line - len, "…");
}

/* stdout failed after the command did its work: exit 5 all the same, but a change that
 * was committed is said to be saved, so that nobody runs it again (or undoes it) blindly. */
static void report_output_failure(struct cli_ctx *ctx, int why)
{
    const char *reason = strerror(why ? why : EIO);
    if (!ctx->saved)
        tr_error_set(&ctx->err, TR_IO, "cannot write output: %s", reason);
    else if (ctx->saved_entry)
        tr_error_set(&ctx->err, TR_IO,
                     "cannot write output: %s (the change itself was saved, as history entry %lld; "
                     "'twinreg undo' reverts it)",
                     reason, (long long)ctx->saved_entry);
    else
        tr_error_set(&ctx->err, TR_IO,
                     "cannot write output: %s (the command itself succeeded; it changed nothing)",
                     reason);
}

/* A closed standard stream would let the next file opened take its number, and what is
 * meant for stdout would land in that file: each closed one gets /dev/null, read-only, so
 * that writing to it still fails as writing to a closed stream does. */
static void hold_standard_streams(void)
{
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF && open("/dev/null", O_RDONLY) < 0)
            break;
}

int main(int argc, char **argv)
{
    hold_standard_streams();
    set_utf8_locale();
    /* A file-size limit (a full disk in tests) must fail a write, not kill the process
     * before SQLite can roll back. */
    signal(SIGXFSZ, SIG_IGN);
    tr_store_configure_sqlite(); /* before --country-alias folds a name through SQLite */
    struct cli_ctx ctx = {0};
    remember_command_line(&ctx, argc, argv);
    tr_error_init(&ctx.err);
    int rc = run(&ctx, argc, argv);
    if (rc != 0 && !ctx.saved)
        tr_store_close_discarding_new(ctx.store);
    else
        tr_store_close(ctx.store);
    tr_fold_shutdown();
    tr_country_shutdown();
    /* Data already written must reach its destination: a full disk or closed pipe is an error. */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (rc == 0)
            report_output_failure(&ctx, errno);
        rc = -1;
    }
    int status = rc == 0 ? ctx.exit_status : 0;
    if (rc != 0) {
        status = ctx.err.status ? (int)ctx.err.status : TR_IO;
        fprintf(stderr, "twinreg: %s\n", ctx.err.message[0] ? ctx.err.message : "failed");
        if (ctx.err.details)
            fputs(ctx.err.details, stderr);
    }
    tr_error_release(&ctx.err);
    return status;
}
