/* Shell completion: `twinreg __complete INDEX WORD...` prints, one per line, what may
 * stand at WORD[INDEX] (the words after "twinreg", the one being completed included):
 * commands, subcommands, options, option values (kinds, formats, countries, cities), or
 * "__files__" where a file name goes. City names come from the database named by --db or
 * $TWINREG_DB, opened to read only: completing never creates or changes a database, nor
 * leaves files beside it. */
#include "cli/help.h"
#include "cli/stats.h"

#include "twinreg/store/agreement.h"
#include "twinreg/core/country.h"
#include "twinreg/store/cursor.h"

#include <stdlib.h>
#include <string.h>

static const char *cur_prefix;
/* "--format=" when the word typed is "--format=cs": each value is offered whole
 * ("--format=csv"), as zsh and fish replace the whole word (bash's script keeps the part
 * after '=', the word bash completes). */
static const char *cur_head = "";

static void offer(const char *candidate)
{
    if (candidate && strncmp(candidate, cur_prefix, strlen(cur_prefix)) == 0)
        printf("%s%s\n", cur_head, candidate);
}

/* --color's values (output.c reads them). */
static void offer_colors(void)
{
    offer("auto");
    offer("always");
    offer("never");
}

/* Not filtered by offer: the store matched the prefix as typed or folded. */
static void offer_city(const char *name, void *unused)
{
    (void)unused;
    printf("%s%s\n", cur_head, name);
}

static void offer_cities(struct cli_ctx *ctx)
{
    char path[4096];
    tr_error ignored;
    tr_error_init(&ignored);
    if (tr_store_default_path(ctx->db_option, path, sizeof path, &ignored) != 0)
        return;
    tr_store *reader = NULL;
    if (tr_store_open_reader(&reader, path, &ignored) == 0)
        tr_city_names_with_prefix(reader, cur_prefix, 500, offer_city, NULL, &ignored);
    tr_store_close(reader);
    tr_error_release(&ignored);
}

static int by_code(const void *a, const void *b)
{
    return strcmp((*(const struct tr_country *const *)a)->alpha2,
                  (*(const struct tr_country *const *)b)->alpha2);
}

/* Every ISO 3166-1 code the program knows (iso-codes, at build time), in alphabetical
 * order: iso-codes lists them by alpha-3 code. */
static void offer_countries(void)
{
    static const struct tr_country *sorted[1024];
    static size_t n;
    if (!n) {
        while (n < sizeof sorted / sizeof sorted[0] && (sorted[n] = tr_country_nth((int)n)))
            n++;
        qsort(sorted, n, sizeof sorted[0], by_code);
    }
    for (size_t i = 0; i < n; i++)
        offer(sorted[i]->alpha2);
}

/* Values of the kind the table gives an option (or the command's operands). */
static void offer_values(struct cli_ctx *ctx, const struct cli_command *cmd,
                         const struct cli_option *o, enum cli_value value)
{
    switch (value) {
    case VALUE_CITY:
        offer_cities(ctx);
        break;
    case VALUE_KIND:
        for (int i = 0; tr_kinds[i]; i++)
            offer(tr_kinds[i]);
        break;
    case VALUE_FORMAT:
        if (o && o->choices)
            for (int i = 0; o->choices[i]; i++)
                offer(o->choices[i]);
        else
            for (int f = 0; f < OUT_FORMATS; f++)
                if (cmd->formats & FORMAT_BIT(f))
                    offer(out_format_names[f]);
        break;
    case VALUE_SORT: /* a list's fields; "-" before one sorts descending */
        for (int i = 0; o && o->choices[i]; i++)
            offer(o->choices[i]);
        break;
    case VALUE_JURISDICTION:
        offer_countries();
        offer("INT");
        break;
    case VALUE_CC:
        offer_countries();
        break;
    case VALUE_FILE:
        printf("__files__\n");
        break;
    case VALUE_SHELL:
        offer("bash");
        offer("zsh");
        offer("fish");
        break;
    case VALUE_CHAR:
        offer("tab");
        break;
    case VALUE_DATE_OR_UNKNOWN: /* a date is typed; the word is the one value to offer */
        offer(CLI_UNKNOWN_DATE);
        break;
    default: /* free text, numbers, dates, codes: nothing to offer */
        break;
    }
}

static const struct cli_option *find_option(const struct cli_command *cmd, const char *name)
{
    const struct cli_option *o;
    for (int i = 0; (o = cli_option_nth(cmd, i)); i++)
        if (strcmp(cli_option_names[o->id], name) == 0)
            return o;
    return NULL;
}

/* The word typed is "--NAME=VALUE": offers NAME's values (0), or says it is not (-1). NAME
 * is an option of cmd, or a global one (cmd NULL: before the command word). */
static int offer_inline(struct cli_ctx *ctx, const struct cli_command *cmd)
{
    const char *eq = strchr(cur_prefix, '=');
    if (strncmp(cur_prefix, "--", 2) != 0 || !eq)
        return -1;
    static char head[128];
    snprintf(head, sizeof head, "%.*s", (int)(eq + 1 - cur_prefix), cur_prefix);
    const char *name = head + 2;
    size_t len = strlen(name) - 1; /* without the '=' */
    cur_head = head;
    cur_prefix = eq + 1;
    const struct cli_option *o;
    if (strncmp(name, "color=", len + 1) == 0)
        offer_colors();
    else if (strncmp(name, "db=", len + 1) == 0)
        printf("__files__\n");
    else
        for (int k = 0; cmd && (o = cli_option_nth(cmd, k)); k++)
            if (o->arg && strlen(cli_option_names[o->id]) == len &&
                strncmp(cli_option_names[o->id], name, len) == 0)
                offer_values(ctx, cmd, o, o->value);
    return 0;
}

int cli_complete(struct cli_ctx *ctx, int argc, char **argv)
{
    cur_head = "";
    if (argc < 1)
        return 0;
    int index = atoi(argv[0]);
    char **words = argv + 1;
    int n = argc - 1;
    if (index < 0 || index >= n)
        return 0;
    cur_prefix = words[index];
    for (int k = 0; k + 1 < index; k++) /* --db before or after the command */
        if (strcmp(words[k], "--db") == 0)
            ctx->db_option = words[k + 1];
    /* Global options and the command words before the current one. */
    if (index > 0 && strcmp(words[index - 1], "--color") == 0) { /* before or after */
        offer_colors();
        return 0;
    }
    int i = 0;
    for (; i < index && words[i][0] == '-'; i++)
        if (strcmp(words[i], "--db") == 0 && i + 1 < index)
            ctx->db_option = words[++i];
        else if (strncmp(words[i], "--db=", 5) == 0)
            ctx->db_option = words[i] + 5;
        else if (strcmp(words[i], "--color") == 0 && i + 1 < index)
            i++;
    if (i == index) { /* the command word */
        if (offer_inline(ctx, NULL) == 0)
            return 0;
        if (cur_prefix[0] == '-') {
            offer("--db");
            offer("--color");
            offer("--help");
            offer("--version");
            return 0;
        }
        char last[32] = "";
        for (const struct cli_command *c = cli_commands; c->name; c++) {
            char word[32];
            snprintf(word, sizeof word, "%.*s", (int)strcspn(c->name, " "), c->name);
            if (strcmp(word, last) != 0) /* a group's commands are together in the table */
                offer(word);
            snprintf(last, sizeof last, "%s", word);
        }
        return 0;
    }
    const char *first = cli_group_of(words[i]) ? cli_group_of(words[i]) : words[i];
    /* The subcommand (after "city" or "ci"); an option of a group that is a command too
     * ("stats --kind") is the command's. */
    if (cli_is_group(first) && i + 1 == index && cur_prefix[0] != '-') {
        size_t len = strlen(first);
        for (const struct cli_command *c = cli_commands; c->name; c++)
            if (strncmp(c->name, first, len) == 0 && c->name[len] == ' ')
                offer(c->name + len + 1);
        return 0;
    }
    int used = 0;
    const char *help_group = NULL;
    tr_error ignored;
    tr_error_init(&ignored);
    const struct cli_command *cmd =
        cli_find_command(index - i, words + i, &used, &help_group, &ignored);
    if (!cmd)
        return 0;
    /* Options, values and positionals after the command words. */
    const char *prev = index - 1 >= i + used ? words[index - 1] : NULL;
    const struct cli_option *o =
        prev && strncmp(prev, "--", 2) == 0 ? find_option(cmd, prev + 2) : NULL;
    if (o && o->arg) {
        offer_values(ctx, cmd, o, o->value);
        return 0;
    }
    if (offer_inline(ctx, cmd) == 0)
        return 0;
    if (cur_prefix[0] == '-') {
        char name[64];
        const struct cli_option *opt;
        for (int k = 0; (opt = cli_option_nth(cmd, k)); k++) {
            snprintf(name, sizeof name, "--%s", cli_option_names[opt->id]);
            offer(name);
        }
        offer("--color");
        offer("--help");
        return 0;
    }
    if (strcmp(cmd->name, "help") == 0) { /* help COMMAND: complete as the command words */
        char position[16];
        snprintf(position, sizeof position, "%d", index - i - used);
        char *sub[66];
        int m = 0;
        sub[m++] = position;
        for (int k = i + used; k <= index && m < 65; k++)
            sub[m++] = words[k];
        return cli_complete(ctx, m, sub);
    }
    int npos = 0; /* positionals before the current word */
    for (int k = i + used; k < index; k++) {
        if (strncmp(words[k], "--", 2) == 0) {
            const struct cli_option *skip = find_option(cmd, words[k] + 2);
            k += ((skip && skip->arg) || strcmp(words[k], "--db") == 0 ||
                  strcmp(words[k], "--color") == 0) &&
                 !strchr(words[k], '=');
            continue;
        }
        npos++;
    }
    if (cmd->run == cmd_stats_by && npos == 0) /* its operand is one of a few words */
        for (int k = 0; stats_groupings[k]; k++)
            offer(stats_groupings[k]);
    else if (cmd->max_pos < 0 || npos < cmd->max_pos)
        offer_values(ctx, cmd, NULL, cmd->operand);
    return 0;
}
