/* The CLI's shared pieces: the command table (the single source of dispatch and help),
 * parsed arguments, the output renderer, and the open store. Only this layer prints. */
#ifndef TWINREG_CLI_H
#define TWINREG_CLI_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "twinreg/core/error.h"
#include "twinreg/io/output_file.h"
#include "twinreg/store/cells.h"
#include "twinreg/store/store.h"

#define CLI_MAX_OPTIONS 24
#define CLI_MAX_VALUES 64

/* Every option name any command takes, once: handlers reach an option by its OPT_ constant,
 * so a misspelt name fails to compile instead of reading as "not given". */
/* clang-format off */
#define CLI_OPTION_NAMES(X)                                                                        \
    X(ACRONYM, "acronym") X(ACTIVE, "active") X(ACTIVE_ON, "active-on") X(ADOPTED, "adopted")      \
    X(ALIAS, "alias")                                                                              \
    X(ALL_CITIES, "all-cities") X(BIN_KM, "bin-km") X(BINS, "bins")                                \
    X(BUILDS_ON, "builds-on") X(BY, "by") X(CITATION, "citation") X(CITY, "city")                  \
    X(CHART, "chart")                                                                              \
    X(COUNT, "count") X(COUNTRY, "country") X(COUNTRY_ALIAS, "country-alias")                      \
    X(COUNTRY_ALIASES, "country-aliases") X(DECISION, "decision") X(DELIMITER, "delimiter")        \
    X(DRY_RUN, "dry-run") X(DUTY, "duty") X(DUTY_AUTHORITY, "duty-authority")                      \
    X(EXPIRES, "expires") X(EXPIRING, "expiring") X(FIELD, "field") X(FORCE, "force")              \
    X(FILE, "file") X(FORMAT, "format") X(FOUNDED, "founded") X(FRAMEWORK, "framework")            \
    X(HOST, "host")                                                                                \
    X(IDS, "ids") X(IN_FORCE, "in-force")                                                          \
    X(INPUT_FORMAT, "input-format")                                                                \
    X(JSON, "json") X(JURISDICTION, "jurisdiction") X(KIND, "kind") X(LAT, "lat")                  \
    X(LIMIT, "limit") X(LON, "lon") X(MAP, "map") X(MATCH, "match") X(MAX_MEMORY, "max-memory")    \
    X(NAME, "name") X(NO_COORDINATES, "no-coordinates") X(NOTE, "note") X(NUMBER, "number")        \
    X(NO_HEADERS, "no-headers")                                                                    \
    X(ON, "on") X(OPERATOR, "operator") X(OUTPUT, "output") X(PARAM, "param") X(PARTY, "party")    \
    X(REASON, "reason") X(REGION, "region") X(REGISTERED_BY, "registered-by")                      \
    X(REJECTS, "rejects") X(REGISTERED_ON, "registered-on")                                        \
    X(REGISTRATION_NUMBER, "registration-number") X(REMOVE_ALIAS, "remove-alias")                  \
    X(REMOVE_FRAMEWORK, "remove-framework") X(REMOVE_SOURCE, "remove-source")                      \
    X(REOPEN, "reopen") X(REQUIRES, "requires") X(SAMPLE, "sample") X(SIGNATORY, "signatory")      \
    X(SIGNED, "signed") X(SINCE, "since") X(SKIP_INVALID, "skip-invalid")                          \
    X(SOURCE, "source")                                                                            \
    X(STARTED, "started") X(SUMMARY, "summary") X(TIMEOUT, "timeout") X(TITLE, "title")            \
    X(UNDER, "under") X(UNTIL, "until")                                                            \
    X(UPDATE_COORDINATES, "update-coordinates")                                                    \
    X(WIKIDATA, "wikidata") X(WITHIN, "within")                                                    \
    X(ANY, "any") X(DEPTH, "depth") X(TOP, "top")                                                  \
    X(YEAR, "year") X(YES, "yes")                                                                  \
    X(SORT, "sort")
/* clang-format on */

enum cli_opt {
#define CLI_OPT_ID(id, name) OPT_##id,
    CLI_OPTION_NAMES(CLI_OPT_ID)
#undef CLI_OPT_ID
        CLI_OPTION_IDS
};

/* "country" for OPT_COUNTRY. */
extern const char *const cli_option_names[CLI_OPTION_IDS];

/* What a value is. It drives the checks made before a handler runs (a malformed DATE, CC
 * or KIND never reaches it) and the values the shell completion offers. */
enum cli_value {
    VALUE_NONE,            /* a flag, or a command without operands */
    VALUE_TEXT,            /* free text: nothing to check or offer */
    VALUE_NUMBER,          /* checked by the handler: each has its own range and message */
    VALUE_DATE,            /* YYYY, YYYY-MM or YYYY-MM-DD */
    VALUE_DATE_OR_UNKNOWN, /* a DATE, or "unknown" (CLI_UNKNOWN_DATE): no date */
    VALUE_CC,              /* a country: code or English name */
    VALUE_JURISDICTION,    /* a country, or INT (checked by the store) */
    VALUE_KIND,            /* an agreement's kind */
    VALUE_FRAMEWORK_KIND,  /* a framework's kind */
    VALUE_CITY,
    VALUE_ID,   /* an agreement id (resolved, and refused, by the store) */
    VALUE_CODE, /* a framework's or program's code */
    VALUE_ORG,
    VALUE_URL,
    VALUE_FILE,
    VALUE_FORMAT, /* one of the option's choices */
    VALUE_SHELL,
    VALUE_CHAR,
    VALUE_COMMAND,
    VALUE_SORT, /* a field of the list (its choices), -FIELD descending: cli_order_parse */
};

/* Whether an option must be given. The refusal of a missing one names it; the handlers
 * that checked by hand named some with their value ("missing --on DATE"), and scripts read
 * those messages, so the table keeps them. */
/* The word an undated value is given as (a signing date lists often lack). */
#define CLI_UNKNOWN_DATE "unknown"

enum cli_need { OPTIONAL, REQUIRED, REQUIRED_NAMED_WITH_VALUE };

/* What '' means: a value like any other (checked as such), "clear the field" on an update
 * (not checked), or a usage error for a field that can change but never be empty. */
enum cli_empty { EMPTY_CHECKED, EMPTY_CLEARS, EMPTY_REFUSED };

struct cli_option {
    enum cli_opt id;
    const char *arg; /* value placeholder in help ("DATE"), or NULL for a flag */
    enum cli_value value;
    const char *help; /* NULL ends a command's list */
    int repeat;       /* may be given more than once */
    enum cli_need need;
    enum cli_empty empty;
    const char *what;           /* a DATE's name in messages: "invalid signing date" */
    const char *const *choices; /* the values a FORMAT takes, for completion */
    char letter;                /* a short form ('o': -o FILE), or 0 */
};

#define CLI_OPTIONS_END                                                                            \
    {                                                                                              \
        .help = NULL                                                                               \
    }

/* Output formats, as --format names them; a command's `formats` is a set of their bits. */
/* Markdown and HTML are documents, not rows: only a command that prints one (report) has
 * them. */
/* TSV follows CSV, so that the lists of names read "csv or tsv". */
enum out_format { OUT_TABLE, OUT_JSON, OUT_NDJSON, OUT_CSV, OUT_TSV, OUT_MARKDOWN, OUT_HTML };
#define OUT_FORMATS 7
#define FORMAT_BIT(f) (1u << (f))
#define FORMATS_ALL                                                                                \
    (FORMAT_BIT(OUT_TABLE) | FORMAT_BIT(OUT_JSON) | FORMAT_BIT(OUT_NDJSON) | FORMAT_BIT(OUT_CSV) | \
     FORMAT_BIT(OUT_TSV))
/* CSV and TSV: a header line and one line of cells per row, lists joined alike. */
#define OUT_DELIMITED(f) ((f) == OUT_CSV || (f) == OUT_TSV)
extern const char *const out_format_names[OUT_FORMATS];
/* "json, ndjson or csv": the names of `formats`, the last two joined by last_separator. */
size_t cli_format_list(unsigned formats, const char *last_separator, char *buf, size_t cap);

struct cli_args {
    int npos;
    char **pos;
    int count[CLI_OPTION_IDS];
    char *values[CLI_OPTION_IDS][CLI_MAX_VALUES];
    const struct cli_command *cmd;
    int format;       /* enum out_format */
    int format_given; /* --format or --json was on the command line */
};

/* --sort and --limit of a list command (src/cli/order.h): every out_list it prints obeys. */
struct cli_order {
    const char *field; /* NULL: the command's own order */
    int desc;
    long limit; /* 0: every row */
};

struct cli_ctx {
    const char *db_option; /* --db, or NULL */
    tr_store *store;       /* opened on demand */
    tr_error err;
    char command_line[1024];    /* "twinreg city add ...", for the history */
    struct tr_history *history; /* what cli_write records, while it runs */
    int saved;                  /* cli_write committed: a later output failure loses no change */
    int64_t saved_entry;        /* the history entry it wrote, or 0 when it changed nothing */
    int exit_status;            /* a command that succeeded, when not 0 (compare: 1, differ) */
    struct cli_order order;     /* --sort, --limit */
    int no_headers;             /* --no-headers: tables, CSV and TSV without their header line */
};

/* Command flags. */
enum {
    /* Undoes or deletes: reached only by its full name ("twinreg u" must not undo). */
    CMD_FULL_NAME_ONLY = 1,
    /* Runs on a PostgreSQL registry too (issue 14 enables the commands step by step); one
     * without it is refused there, exit 5, "not available on PostgreSQL yet". */
    CMD_ON_SERVER = 2,
    /* Only on a PostgreSQL server (offices are its roles): a usage error (exit 2) on SQLite. */
    CMD_SERVER_ONLY = 4,
};

struct cli_command {
    const char *name;       /* "city add" */
    const char *args;       /* positional usage: "NAME" */
    enum cli_value operand; /* what the positionals are */
    const char *summary;
    const struct cli_option *options;
    int min_pos, max_pos; /* max -1: unbounded */
    unsigned formats;     /* FORMAT_BITs it renders (takes --format/--json); 0: none */
    unsigned flags;       /* CMD_ flags */
    int (*run)(struct cli_ctx *ctx, struct cli_args *args);
    const char *example;
};

extern const struct cli_command cli_commands[];

/* Argument access. Asking for an option the command does not declare is a bug that stops
 * the program, never a silent "not given". */
const char *arg_value(const struct cli_args *args, enum cli_opt id);
int arg_count(const struct cli_args *args, enum cli_opt id);
char *arg_nth(const struct cli_args *args, enum cli_opt id, int i);
int arg_flag(const struct cli_args *args, enum cli_opt id);
/* What the table states, checked before the handler runs: the output format is one the
 * command has, required options are there, DATE, CC and KIND values are valid. */
int cli_check_args(struct cli_ctx *ctx, const struct cli_args *args);
/* A usage error (exit 2) naming the command. */
int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Opens the database (migrating it) on first call; a missing one is an error (exit 5):
 * a command that only reads never creates a registry. */
/* The --db value (or TWINREG_DB) when it names a PostgreSQL server, else NULL. */
const char *cli_db_server(struct cli_ctx *ctx);
tr_store *cli_store(struct cli_ctx *ctx);
/* The same, creating the database and its folder when missing: for commands that write. */
tr_store *cli_store_create(struct cli_ctx *ctx);
/* Runs fn inside one write transaction (creating the database when missing), recording
 * what it changed in the history; commits only when fn returns 0. */
int cli_write(struct cli_ctx *ctx, int (*fn)(struct cli_ctx *ctx, void *data), void *data);
/* The same for a change the history must not record (undo, which removes entries): one
 * transaction of an existing registry, run again when it lost a race. */
int cli_write_unrecorded(struct cli_ctx *ctx, int (*fn)(struct cli_ctx *ctx, void *data),
                         void *data);

/* Parses DATE or fails with exit 4; `first_day` (11 bytes) gets its first day when not NULL. */
int cli_date(struct cli_ctx *ctx, const char *text, const char *what, char *first_day);
/* The day for --on (default today). */
int cli_on_day(struct cli_ctx *ctx, struct cli_args *args, char day[11]);
/* The default window of what expires soon: agreement list --expiring, report. */
#define CLI_EXPIRY_WINDOW "1y"
/* The last day of the window `within` (a span: 1y, 6m, 90d; NULL: CLI_EXPIRY_WINDOW) from
 * `day`; a malformed span is a usage error (exit 2). */
int cli_expiry_window(struct cli_ctx *ctx, const char *day, const char *within, char end[11]);
/* A positive whole number given to option `what` ("--limit"), or a usage error (exit 2). */
int cli_positive(struct cli_ctx *ctx, const char *text, const char *what, long *out);
/* partners --depth N: the walk's rows for N > 1 (0, or -1 on error); 1 when N is 1, which
 * is partners as it always was. */
int cli_partners_depth(struct cli_ctx *ctx, struct cli_args *args, tr_store *store, int64_t city,
                       const char *day);
/* A country option resolved to its alpha-2 code (exit 4 when unknown). */
int cli_country(struct cli_ctx *ctx, const char *text, const char **alpha2);

/* Output. */

struct out_column {
    const char *header;
    const char *key;                                   /* field of the row, or NULL with render */
    char *(*render)(struct cli_ctx *ctx, json_t *row); /* owned string, or NULL */
    int max_width; /* 0: unlimited; longer cells end with an ellipsis */
};

struct out_list {
    struct cli_ctx *ctx;
    enum out_format format;
    const struct out_column *columns; /* table */
    const char *const *fields;        /* csv header: record fields in order */
    long rows;
    char empty[200];   /* table: said on stderr when no row came (out_list_empty) */
    int header_always; /* table: the header even with no row (sql: the columns say what was
                          asked); other lists print nothing */
    /* table rows kept to size the columns */
    char **cells;
    size_t ncells, cap;
    size_t bytes; /* the text they hold, for a caller's memory limit */
    char *joined; /* a list's CSV cell, reused from row to row */
    size_t joined_cap;
    struct out_sorted *sorted; /* rows kept for --sort (order.c) */
    int flushing;              /* printing them */
};

void out_list_begin(struct out_list *list, struct cli_ctx *ctx, enum out_format format,
                    const struct out_column *columns, const char *const *fields);
int out_list_row(json_t *row, void *list); /* a tr_row_fn */
/* A tr_cells_fn: CSV straight from the cells, the other formats through the row's JSON. */
int out_list_cells(const tr_cells *row, void *list);
int out_list_end(struct out_list *list);
/* What a table says on stderr when it has no row ("no agreement in force on 2026-11-30"),
 * so that an empty result is told from a silent failure; the other formats stay as they
 * are (an empty list, nothing, a header). */
void out_list_empty(struct out_list *list, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One record (show): vertical key/value table, or json/ndjson/csv/tsv. */
int out_object(struct cli_ctx *ctx, enum out_format format, json_t *obj, const char *const *fields);
/* The same to `out` (report --output). */
int out_object_to(struct cli_ctx *ctx, FILE *out, enum out_format format, json_t *obj,
                  const char *const *fields);
/* Where a command that writes a file writes (-o FILE / --output FILE; '-' or none: standard
 * output). Open it before writing to `stream`, close it after: a write error is TR_IO naming
 * the target, and a file is replaced only when `ok` and complete. */
struct cli_output {
    const char *name; /* the file, or NULL for standard output */
    FILE *stream;
    tr_output_file file;
};
int cli_output_open(struct cli_ctx *ctx, struct cli_args *args, struct cli_output *o);
int cli_output_close(struct cli_ctx *ctx, struct cli_output *o, int ok);
/* A notice on stderr: "twinreg: ..." */
void cli_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Display width of UTF-8 text in terminal columns. */
int display_width(const char *s);
/* Whether to colour standard output: --color, else a terminal, NO_COLOR and TERM decide. */
int color_enabled(void);
/* --color's value: auto, always or never (0), or -1 for anything else (nothing changed). */
int color_choose(const char *value);

/* Command handlers. */
int cmd_init(struct cli_ctx *, struct cli_args *);
int cmd_city_add(struct cli_ctx *, struct cli_args *);
int cmd_city_list(struct cli_ctx *, struct cli_args *);
int cmd_city_show(struct cli_ctx *, struct cli_args *);
int cmd_city_update(struct cli_ctx *, struct cli_args *);
int cmd_city_remove(struct cli_ctx *, struct cli_args *);
int cmd_stats(struct cli_ctx *, struct cli_args *);
int cmd_stats_by(struct cli_ctx *, struct cli_args *);
int cmd_stats_distance(struct cli_ctx *, struct cli_args *);
int cmd_city_merge(struct cli_ctx *, struct cli_args *);
int cmd_city_duplicates(struct cli_ctx *, struct cli_args *);
int cmd_agreement_add(struct cli_ctx *, struct cli_args *);
int cmd_agreement_list(struct cli_ctx *, struct cli_args *);
int cmd_agreement_show(struct cli_ctx *, struct cli_args *);
int cmd_agreement_update(struct cli_ctx *, struct cli_args *);
int cmd_agreement_end(struct cli_ctx *, struct cli_args *);
int cmd_agreement_suspend(struct cli_ctx *, struct cli_args *);
int cmd_agreement_resume(struct cli_ctx *, struct cli_args *);
int cmd_agreement_remove(struct cli_ctx *, struct cli_args *);
int cmd_agreement_amend(struct cli_ctx *, struct cli_args *);
int cmd_agreement_approve(struct cli_ctx *, struct cli_args *);
int cmd_decision_add(struct cli_ctx *, struct cli_args *);
int cmd_decision_list(struct cli_ctx *, struct cli_args *);
int cmd_decision_show(struct cli_ctx *, struct cli_args *);
int cmd_active(struct cli_ctx *, struct cli_args *);
int cmd_partners(struct cli_ctx *, struct cli_args *);
int cmd_path(struct cli_ctx *, struct cli_args *);
int cmd_cousins(struct cli_ctx *, struct cli_args *);
int cmd_stats_network(struct cli_ctx *, struct cli_args *);
int cmd_export(struct cli_ctx *, struct cli_args *);
int cmd_map(struct cli_ctx *, struct cli_args *);
int cmd_import(struct cli_ctx *, struct cli_args *);
int cmd_compare(struct cli_ctx *, struct cli_args *);
int cmd_history(struct cli_ctx *, struct cli_args *);
int cmd_undo(struct cli_ctx *, struct cli_args *);
int cmd_check(struct cli_ctx *, struct cli_args *);
int cmd_backup(struct cli_ctx *, struct cli_args *);
int cmd_restore(struct cli_ctx *, struct cli_args *);
int cmd_sql(struct cli_ctx *, struct cli_args *);
int cmd_help(struct cli_ctx *, struct cli_args *);
int cmd_completion(struct cli_ctx *, struct cli_args *);
int cmd_framework_add(struct cli_ctx *, struct cli_args *);
int cmd_framework_list(struct cli_ctx *, struct cli_args *);
int cmd_framework_show(struct cli_ctx *, struct cli_args *);
int cmd_org_add(struct cli_ctx *, struct cli_args *);
int cmd_org_list(struct cli_ctx *, struct cli_args *);
int cmd_org_show(struct cli_ctx *, struct cli_args *);
int cmd_office_add(struct cli_ctx *, struct cli_args *);
int cmd_office_list(struct cli_ctx *, struct cli_args *);
int cmd_office_show(struct cli_ctx *, struct cli_args *);
int cmd_office_remove(struct cli_ctx *, struct cli_args *);
int cmd_office_member(struct cli_ctx *, struct cli_args *);
int cmd_program_add(struct cli_ctx *, struct cli_args *);
int cmd_program_list(struct cli_ctx *, struct cli_args *);
int cmd_program_show(struct cli_ctx *, struct cli_args *);
int cmd_program_record(struct cli_ctx *, struct cli_args *);
int cmd_source_add(struct cli_ctx *, struct cli_args *);
int cmd_source_list(struct cli_ctx *, struct cli_args *);
int cmd_timeline(struct cli_ctx *, struct cli_args *);
int cmd_report(struct cli_ctx *, struct cli_args *);

#endif
