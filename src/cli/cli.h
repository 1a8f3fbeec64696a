/* The CLI's shared pieces: the command table (the single source of dispatch and help),
 * parsed arguments, the output renderer, and the open store. Only this layer prints. */
#ifndef TWINREG_CLI_H
#define TWINREG_CLI_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "twinreg/core/error.h"
#include "twinreg/store/store.h"

#define CLI_MAX_OPTIONS 24
#define CLI_MAX_VALUES 64

struct cli_option {
    const char *name;  /* long name, without "--" */
    const char *arg;   /* value placeholder ("DATE"), or NULL for a flag */
    const char *help;
    int repeat;        /* may be given more than once */
};

struct cli_args {
    int npos;
    char **pos;
    int count[CLI_MAX_OPTIONS];
    char *values[CLI_MAX_OPTIONS][CLI_MAX_VALUES];
    const struct cli_command *cmd;
    int format;        /* enum out_format */
    int format_given;  /* --format or --json was on the command line */
};

struct cli_ctx {
    const char *db_option;   /* --db, or NULL */
    tr_store *store;         /* opened on demand */
    tr_error err;
    char command_line[1024]; /* "twinreg city add ...", for the history */
    struct tr_history *history; /* what cli_write records, while it runs */
    int saved;               /* cli_write committed: a later output failure loses no change */
    int64_t saved_entry;     /* the history entry it wrote, or 0 when it changed nothing */
};

struct cli_command {
    const char *name;        /* "city add" */
    const char *args;        /* positional usage: "NAME" */
    const char *summary;
    const struct cli_option *options;
    int min_pos, max_pos;    /* max -1: unbounded */
    int reads;               /* takes --format/--json */
    int (*run)(struct cli_ctx *ctx, struct cli_args *args);
    const char *example;
};

extern const struct cli_command cli_commands[];

/* Argument access by option name. */
const char *arg_value(const struct cli_args *args, const char *name);
int arg_count(const struct cli_args *args, const char *name);
char *arg_nth(const struct cli_args *args, const char *name, int i);
int arg_flag(const struct cli_args *args, const char *name);
/* A usage error (exit 2) naming the command. */
int cli_usage_error(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens the database (migrating it) on first call; a missing one is an error (exit 5):
 * a command that only reads never creates a registry. */
tr_store *cli_store(struct cli_ctx *ctx);
/* The same, creating the database and its folder when missing: for commands that write. */
tr_store *cli_store_create(struct cli_ctx *ctx);
/* Runs fn inside one write transaction (creating the database when missing), recording
 * what it changed in the history; commits only when fn returns 0. */
int cli_write(struct cli_ctx *ctx, int (*fn)(struct cli_ctx *ctx, void *data), void *data);

/* Parses DATE or fails with exit 4; `first_day` (11 bytes) gets its first day when not NULL. */
int cli_date(struct cli_ctx *ctx, const char *text, const char *what, char *first_day);
/* The day for --on (default today). */
int cli_on_day(struct cli_ctx *ctx, struct cli_args *args, char day[11]);
/* A country option resolved to its alpha-2 code (exit 4 when unknown). */
int cli_country(struct cli_ctx *ctx, const char *text, const char **alpha2);

/* Output. */
enum out_format { OUT_TABLE, OUT_JSON, OUT_NDJSON, OUT_CSV };

struct out_column {
    const char *header;
    const char *key;          /* field of the row, or NULL with render */
    char *(*render)(struct cli_ctx *ctx, json_t *row); /* owned string, or NULL */
    int max_width;            /* 0: unlimited; longer cells end with an ellipsis */
};

struct out_list {
    struct cli_ctx *ctx;
    enum out_format format;
    const struct out_column *columns; /* table */
    const char *const *fields;        /* csv header: record fields in order */
    long rows;
    /* table rows kept to size the columns */
    char **cells;
    size_t ncells, cap;
    size_t bytes;                     /* the text they hold, for a caller's memory limit */
};

void out_list_begin(struct out_list *list, struct cli_ctx *ctx, enum out_format format,
                    const struct out_column *columns, const char *const *fields);
int out_list_row(json_t *row, void *list);   /* a tr_row_fn */
int out_list_end(struct out_list *list);
/* One record (show): vertical key/value table, or json/ndjson/csv. */
int out_object(struct cli_ctx *ctx, enum out_format format, json_t *obj, const char *const *fields);
/* A notice on stderr: "twinreg: ..." */
void cli_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Display width of UTF-8 text in terminal columns. */
int display_width(const char *s);
int color_enabled(void);

/* Command handlers. */
int cmd_init(struct cli_ctx *, struct cli_args *);
int cmd_city_add(struct cli_ctx *, struct cli_args *);
int cmd_city_list(struct cli_ctx *, struct cli_args *);
int cmd_city_show(struct cli_ctx *, struct cli_args *);
int cmd_city_update(struct cli_ctx *, struct cli_args *);
int cmd_city_remove(struct cli_ctx *, struct cli_args *);
int cmd_agreement_add(struct cli_ctx *, struct cli_args *);
int cmd_agreement_list(struct cli_ctx *, struct cli_args *);
int cmd_agreement_show(struct cli_ctx *, struct cli_args *);
int cmd_agreement_update(struct cli_ctx *, struct cli_args *);
int cmd_agreement_end(struct cli_ctx *, struct cli_args *);
int cmd_agreement_remove(struct cli_ctx *, struct cli_args *);
int cmd_agreement_amend(struct cli_ctx *, struct cli_args *);
int cmd_active(struct cli_ctx *, struct cli_args *);
int cmd_partners(struct cli_ctx *, struct cli_args *);
int cmd_export(struct cli_ctx *, struct cli_args *);
int cmd_import(struct cli_ctx *, struct cli_args *);
int cmd_history(struct cli_ctx *, struct cli_args *);
int cmd_undo(struct cli_ctx *, struct cli_args *);
int cmd_check(struct cli_ctx *, struct cli_args *);
int cmd_backup(struct cli_ctx *, struct cli_args *);
int cmd_sql(struct cli_ctx *, struct cli_args *);
int cmd_help(struct cli_ctx *, struct cli_args *);
int cmd_completion(struct cli_ctx *, struct cli_args *);
int cmd_framework_add(struct cli_ctx *, struct cli_args *);
int cmd_framework_list(struct cli_ctx *, struct cli_args *);
int cmd_framework_show(struct cli_ctx *, struct cli_args *);
int cmd_org_add(struct cli_ctx *, struct cli_args *);
int cmd_org_list(struct cli_ctx *, struct cli_args *);
int cmd_org_show(struct cli_ctx *, struct cli_args *);
int cmd_program_add(struct cli_ctx *, struct cli_args *);
int cmd_program_list(struct cli_ctx *, struct cli_args *);
int cmd_program_show(struct cli_ctx *, struct cli_args *);
int cmd_program_record(struct cli_ctx *, struct cli_args *);
int cmd_source_add(struct cli_ctx *, struct cli_args *);
int cmd_source_list(struct cli_ctx *, struct cli_args *);
int cmd_timeline(struct cli_ctx *, struct cli_args *);
int cmd_report(struct cli_ctx *, struct cli_args *);

#endif
