/* Help, manual page and completion scripts, all printed from the command table. */
#include "cli/help.h"

#include "twinreg/core/number.h"
#include "twinreg/core/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The help of --format is written per command, from the formats it has. */
const struct cli_option cli_read_options[] = {
    {.id = OPT_FORMAT, .arg = "FORMAT", .value = VALUE_FORMAT, .help = "output format"},
    {.id = OPT_JSON, .help = "same as --format json"},
    /* last: a command without rows (report) stops before it */
    {.id = OPT_NO_HEADERS,
     .help = "no header line in table, csv or tsv output (with json or ndjson: a usage error)"},
    CLI_OPTIONS_END};

static const char *const environment[][2] = {
    {"TWINREG_DB", "the database, when --db is not given"},
    {"XDG_DATA_HOME", "the default database is $XDG_DATA_HOME/twinreg/registry.db (else "
                      "~/.local/share/twinreg/registry.db); a relative path is ignored"},
    {"TWINREG_BUSY_TIMEOUT_MS",
     "how long to wait for another writer, in milliseconds, 0 to 3600000 (default 5000)"},
    {"NO_COLOR", "no colour, even on a terminal (--color always still colours)"},
    {"TERM", "dumb: no colour (a terminal that cannot show it)"},
    {NULL, NULL}};

static const char *const exit_codes[][2] = {
    {"0", "success (an empty result is a success)"},
    {"1", "compare: the file and the registry differ (as diff and cmp); nothing was written"},
    {"2", "usage: unknown command or option, a missing argument, an option without its value"},
    {"3", "a city, agreement, framework, program or other record named on the command line was not "
          "found, or is ambiguous"},
    {"4", "data rejected (invalid date, unknown country or kind, duplicate, broken reference, "
          "malformed import file, "
          "a refused sql query, nothing to undo); nothing was written"},
    {"5", "database or I/O failure: cannot open or create the database or a file, busy past the "
          "timeout, corrupt, "
          "disk full, schema newer than the program"},
    {"6", "not allowed: on a shared registry (PostgreSQL), the user's role may not change that "
          "record or manage offices; nothing was written"},
    {NULL, NULL}};

const struct cli_option *cli_option_nth(const struct cli_command *cmd, int i)
{
    int own = 0;
    while (cmd->options && cmd->options[own].help)
        own++;
    if (i < own)
        return &cmd->options[i];
    const struct cli_option *o = &cli_read_options[i - own];
    if (o->id == OPT_NO_HEADERS && !(cmd->formats & FORMAT_BIT(OUT_CSV)))
        return NULL;
    return cmd->formats && o->help ? o : NULL;
}

/* An option's help; for the read options' --format, the formats this command has. */
static const char *option_help(const struct cli_command *cmd, const struct cli_option *o, char *buf,
                               size_t cap)
{
    if (o->value == VALUE_SORT) { /* the fields, which --sort's refusal names too */
        size_t len = (size_t)snprintf(buf, cap, "%s:", o->help);
        for (int i = 0; o->choices[i] && len < cap; i++)
            len += (size_t)snprintf(buf + len, cap - len, "%s %s", i ? "," : "", o->choices[i]);
        return buf;
    }
    if (o != &cli_read_options[0])
        return o->help;
    char others[80];
    cli_format_list(cmd->formats & ~FORMAT_BIT(OUT_TABLE), ", ", others, sizeof others);
    snprintf(buf, cap, "%s: table (default), %s", o->help, others);
    return buf;
}

static int has_options(const struct cli_command *cmd) { return cli_option_nth(cmd, 0) != NULL; }

static void print_option(FILE *out, const struct cli_command *cmd, const struct cli_option *o)
{
    char left[64], help[160];
    char letter[8] = "";
    if (o->letter)
        snprintf(letter, sizeof letter, "-%c, ", o->letter);
    snprintf(left, sizeof left, "%s--%s%s%s", letter, cli_option_names[o->id], o->arg ? " " : "",
             o->arg ? o->arg : "");
    fprintf(out, "  %-26s %s%s\n", left, option_help(cmd, o, help, sizeof help),
            o->repeat ? " (repeatable)" : "");
}

void help_print_usage(FILE *out, const struct cli_command *cmd)
{
    fprintf(out, "usage: twinreg %s%s%s%s\n\n%s.\n", cmd->name, *cmd->args ? " " : "", cmd->args,
            has_options(cmd) ? " [OPTIONS]" : "", cmd->summary);
    if (has_options(cmd))
        fputs("\nOptions:\n", out);
    const struct cli_option *o;
    for (int i = 0; (o = cli_option_nth(cmd, i)); i++)
        print_option(out, cmd, o);
    fprintf(out, "\nExample:\n  %s\n", cmd->example);
}

void help_print_overview(FILE *out)
{
    fputs("usage: twinreg [--db PATH] [--color WHEN] COMMAND [ARGS]\n\n"
          "A registry of sister-city (twinning) agreements.\n\n"
          "Global options (--db and --color also after the command):\n"
          "  --db PATH      the database (default: $TWINREG_DB, else "
          "$XDG_DATA_HOME/twinreg/registry.db)\n"
          "  --color WHEN   auto (default: on a terminal, unless NO_COLOR is set or TERM is "
          "dumb), always\n"
          "                 or never\n"
          "  -h, --help     this help; 'twinreg help COMMAND' or 'twinreg COMMAND -h' for one "
          "command\n"
          "  -V, --version  the program's version\n\nCommands:\n",
          out);
    for (const struct cli_command *c = cli_commands; c->name; c++)
        fprintf(out, "  %-18s %s\n", c->name, c->summary);
    fputs("\nCommands and subcommands may be shortened to a unique prefix ('twinreg agr li'), "
          "except undo and\n"
          "remove, which must be typed in full. After '--', every word is an operand: a name that "
          "starts\n"
          "with '-' goes there ('twinreg city add --country FR -- -dash').\n"
          "Exit status: 0 success, 2 usage, 3 not found or ambiguous, 4 data rejected, 5 database "
          "or I/O failure, 6 not allowed (PostgreSQL).\n",
          out);
}

void help_print_group(FILE *out, const char *group)
{
    size_t n = strlen(group);
    fprintf(out, "usage:\n");
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strncmp(c->name, group, n) == 0 && c->name[n] == ' ')
            fprintf(out, "  twinreg %s%s%s\n      %s\n", c->name, *c->args ? " " : "", c->args,
                    c->summary);
}

/* ---- the manual page ---- */

/* Text for roff: backslashes doubled, hyphens as \-, a leading dot or quote escaped. */
/* Text for groff: '\' and '-' escaped, and every character past ASCII as \[uXXXX], which
 * groff reads without preconv (man-db runs it, a bare `groff -man` does not: it warned
 * "invalid input character" and dropped Séoul's é). */
static void roff(FILE *out, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", out);
    while (*s) {
        uint32_t cp;
        size_t n = (unsigned char)*s < 0x80 ? 1 : tr_utf8_decode(s, strnlen(s, 4), &cp);
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else if (n == 1 && (unsigned char)*s < 0x80)
            fputc(*s, out);
        else if (n > 1)
            fprintf(out, "\\[u%04X]", (unsigned)cp);
        else
            fputc('?', out); /* not UTF-8: never in the command table */
        s += n ? n : 1;
    }
}

static void man_option(FILE *out, const struct cli_command *cmd, const struct cli_option *o)
{
    char help[160];
    fputs(o->arg ? ".TP\n.BI \"" : ".TP\n.B ", out);
    if (o->letter)
        fprintf(out, "\\-%c, ", o->letter);
    fputs("\\-\\-", out);
    roff(out, cli_option_names[o->id]);
    if (o->arg) {
        fputs(" \" \"", out);
        roff(out, o->arg);
        fputs("\"", out);
    }
    fputs("\n", out);
    roff(out, option_help(cmd, o, help, sizeof help));
    fputs(o->repeat ? " (repeatable)\n" : "\n", out);
}

/* The page's date: SOURCE_DATE_EPOCH's day when set (a reproducible build), else the day
 * it is made (the build's), in UTC. */
static void man_date(char date[11])
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    long long seconds;
    time_t t = epoch && tr_parse_whole(epoch, 0, 253402300799LL, &seconds) == 0 ? (time_t)seconds
                                                                                : time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(date, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(date, 11, "1970-01-01");
}

void help_print_man(FILE *out)
{
    char date[11];
    man_date(date);
    fprintf(out, ".TH TWINREG 1 \"%s\" \"twinreg %s\" \"User Commands\"\n", date, TWINREG_VERSION);
    fputs(
        ".SH NAME\ntwinreg \\- a registry of sister\\-city (twinning) agreements\n"
        ".SH SYNOPSIS\n.B twinreg\n[\\-\\-db\n.IR PATH ]\n.I COMMAND\n.RI [ ARGS ]\n"
        ".SH DESCRIPTION\n"
        "twinreg keeps cities with their names in every language, the agreements between them "
        "(kinds, partial or full dates, the chain of agreements that renew one another, their "
        "end), "
        "the legal frameworks they rest on, the programs they produced and their beneficiaries, "
        "and "
        "the sources of every fact, in one SQLite database. It answers which cities have "
        "agreements in "
        "force on a date, exports the registry (JSON, NDJSON, CSV, GeoJSON) and imports lists from "
        "elsewhere. Every command that writes does so in one transaction and can be undone.\n"
        ".PP\nCommands and subcommands may be shortened to a unique prefix, except undo and "
        "remove. A CITY is a numeric id, a Wikidata id (Q8684: looked up as one first, then as "
        "a name), or a name or an alias, matched without regard to case or accents, Latin "
        "letters as ASCII (lodz names \\[u0141]\\[u00F3]d\\[u017A]), else spelled out (muenchen "
        "names M\\[u00FC]nchen, aeroe \\[u00C6]r\\[u00F8]), optionally "
        "followed by ,CC (Paris,FR) or ,CC,REGION (Frankfurt am Main,DE,Hessen). Two towns of "
        "one name in one country are two cities only when each has a wikidata id and they "
        "differ, or each has a region and they differ (folded); one with a region and one "
        "without are one town, so city add and update refuse the second (exit 4), and an "
        "import matches a party by wikidata id, then region, then the only town it may be, "
        "and skips one that fits two. A DATE is YYYY, "
        "YYYY\\-MM or YYYY\\-MM\\-DD. CC is an ISO 3166\\-1 code or "
        "English "
        "country name.\n"
        ".SH GLOBAL OPTIONS\n.TP\n.BI \"\\-\\-db \" PATH\nthe database file\n"
        ".TP\n.BI \"\\-\\-color \" WHEN\n"
        ".BR auto \" (the default): colour on a terminal, unless NO_COLOR is set or TERM is\"\n"
        ".BR dumb ;\n.B always\nor\n.BR never ,\nwhatever NO_COLOR says\n"
        ".TP\n.BR \\-h \", \" \\-\\-help\nhelp; with a command, that command's help\n"
        ".TP\n.BR \\-V \", \" \\-\\-version\nthe program's version\n"
        ".SH COMMANDS\n",
        out);
    for (const struct cli_command *c = cli_commands; c->name; c++) {
        fputs(".SS \"", out);
        roff(out, c->name);
        if (*c->args) {
            fputc(' ', out);
            roff(out, c->args);
        }
        fputs("\"\n", out);
        roff(out, c->summary);
        fputs(".\n", out);
        if (has_options(c))
            fputs(".RS\n", out);
        const struct cli_option *o;
        for (int i = 0; (o = cli_option_nth(c, i)); i++)
            man_option(out, c, o);
        if (has_options(c))
            fputs(".RE\n", out);
        fputs(".IP\nExample:\n.nf\n", out);
        roff(out, c->example);
        fputs("\n.fi\n", out);
    }
    fputs(".SH ENVIRONMENT\n", out);
    for (int i = 0; environment[i][0]; i++) {
        fprintf(out, ".TP\n.B %s\n", environment[i][0]);
        roff(out, environment[i][1]);
        fputs("\n", out);
    }
    fputs(".SH EXIT STATUS\n", out);
    for (int i = 0; exit_codes[i][0]; i++) {
        fprintf(out, ".TP\n.B %s\n", exit_codes[i][0]);
        roff(out, exit_codes[i][1]);
        fputs("\n", out);
    }
    fputs(".SH FILES\n.TP\n.I ~/.local/share/twinreg/registry.db\nthe default database\n"
          ".SH EXAMPLES\n.nf\ntwinreg init \\-\\-sample\ntwinreg report Seoul 'Mexico City'\n"
          "twinreg active \\-\\-on 2020\\-01\\-01 \\-\\-country FR\ntwinreg import pairs.csv "
          "\\-\\-dry\\-run\n"
          "twinreg export \\-\\-format geojson \\-\\-output twinnings.geojson\ntwinreg undo\n.fi\n"
          ".SH SEE ALSO\n.BR sqlite3 (1)\n",
          out);
}

/* ---- completion scripts: each asks the program itself (twinreg __complete), which reads
 * the command table and, for city names, the database named on the command line. ---- */

/* bash splits "--format=cs" at '=' (COMP_WORDBREAKS): the words are joined again, as twinreg
 * reads them, and each reply keeps the part after '=', the word bash completes then. */
static const char bash_script[] =
    "# bash completion for twinreg (generated by 'twinreg completion bash')\n"
    "_twinreg() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} line i at=0 split=\n"
    "    local -a out words\n"
    "    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do\n"
    "        if ((${#words[@]})) && { [[ ${COMP_WORDS[i]} == = && ${words[-1]} == --* ]] ||\n"
    "            [[ ${COMP_WORDS[i - 1]} == = && ${words[-1]} == --*= ]]; }; then\n"
    "            words[-1]+=${COMP_WORDS[i]}\n"
    "            ((i == COMP_CWORD)) && split=1\n"
    "        else\n"
    "            words+=(\"${COMP_WORDS[i]}\")\n"
    "        fi\n"
    "        ((i == COMP_CWORD)) && at=$((${#words[@]} - 1))\n"
    "    done\n"
    "    [ \"$cur\" = = ] && cur=\n"
    "    mapfile -t out < <(\"${COMP_WORDS[0]}\" __complete \"$at\" \"${words[@]}\" 2>/dev/null)\n"
    "    COMPREPLY=()\n"
    "    if [ \"${out[0]}\" = __files__ ]; then\n"
    "        local head=\n"
    "        [[ -z $split && $cur == --*=* ]] && head=${cur%%=*}= cur=${cur#*=}\n"
    "        compopt -o filenames 2>/dev/null\n"
    "        mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
    "        COMPREPLY=(\"${COMPREPLY[@]/#/$head}\")\n"
    "        return\n"
    "    fi\n"
    "    for line in \"${out[@]}\"; do\n"
    "        [ -n \"$split\" ] && line=${line#*=}\n"
    "        COMPREPLY+=(\"$(printf '%q' \"$line\")\")\n"
    "    done\n"
    "}\n"
    "complete -F _twinreg twinreg\n";

/* compadd -U: the candidates already match the word typed, some by their folded name
 * ("lod" offers Łódź), which zsh's own prefix match would drop. */
static const char zsh_script[] =
    "#compdef twinreg\n"
    "# zsh completion for twinreg (generated by 'twinreg completion zsh')\n"
    "_twinreg() {\n"
    "    local -a out\n"
    "    out=(\"${(@f)$(${words[1]} __complete $((CURRENT - 2)) \"${(@)words[2,-1]}\" "
    "2>/dev/null)}\")\n"
    "    if [[ ${out[1]} == __files__ ]]; then\n"
    "        [[ $PREFIX == --*=* ]] && compset -P '*='\n"
    "        _files\n"
    "    else\n"
    "        compadd -U -Q -- \"${(@q)out}\"\n"
    "    fi\n"
    "}\n"
    "_twinreg \"$@\"\n";

/* fish: the same question for the words before the cursor and the one under it; fish then
 * filters the candidates against the word itself. */
static const char fish_script[] =
    "# fish completion for twinreg (generated by 'twinreg completion fish')\n"
    "function __twinreg_complete\n"
    "    set -l words (commandline -opc)\n"
    "    set -l cur (commandline -ct)\n"
    "    set -l out ($words[1] __complete (math (count $words) - 1) $words[2..-1] \"$cur\" "
    "2>/dev/null)\n"
    "    if test \"$out[1]\" = __files__\n"
    "        set -l head (string match -r -- '^--[^=]*=' \"$cur\")\n"
    "        for f in (__fish_complete_path (string replace -r -- '^--[^=]*=' '' \"$cur\"))\n"
    "            echo \"$head$f\"\n"
    "        end\n"
    "    else\n"
    "        string join \\n -- $out\n"
    "    end\n"
    "end\n"
    "complete -c twinreg -f -a '(__twinreg_complete)'\n";

int help_print_completion(FILE *out, const char *shell)
{
    if (strcmp(shell, "bash") == 0)
        fputs(bash_script, out);
    else if (strcmp(shell, "zsh") == 0)
        fputs(zsh_script, out);
    else if (strcmp(shell, "fish") == 0)
        fputs(fish_script, out);
    else
        return -1;
    return 0;
}
