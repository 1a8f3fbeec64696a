/* Finding a command from the words typed: exact, unique prefixes, and a suggestion. */
#include "cli/help.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 64

int cli_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 30 || m > 30)
        return 9;
    int d[32][32];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m] > 9 ? 9 : d[n][m];
}

const char *cli_nearest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    int best_d = 9, limit = strlen(word) <= 4 ? 1 : 2;
    for (int i = 0; candidates[i]; i++) {
        int d = cli_distance(word, candidates[i]);
        if (d < best_d)
            best_d = d, best = candidates[i];
    }
    return best_d <= limit ? best : NULL;
}

/* The distinct first words (or, under `group`, the second words) of the table. */
static int words_of(const char *group, const char **out, char storage[][32])
{
    int n = 0;
    size_t glen = group ? strlen(group) : 0;
    for (const struct cli_command *c = cli_commands; c->name && n < MAX_WORDS; c++) {
        const char *w = c->name;
        if (group) {
            if (strncmp(w, group, glen) != 0 || w[glen] != ' ')
                continue;
            w += glen + 1;
        }
        size_t len = strcspn(w, " ");
        if (len >= 32)
            continue;
        int seen = 0;
        for (int i = 0; i < n && !seen; i++)
            seen = strlen(out[i]) == len && strncmp(out[i], w, len) == 0;
        if (!seen) {
            memcpy(storage[n], w, len);
            storage[n][len] = '\0';
            out[n] = storage[n];
            n++;
        }
    }
    out[n] = NULL;
    return n;
}

const char *cli_group_of(const char *word)
{
    const char *list[MAX_WORDS + 1];
    char storage[MAX_WORDS][32];
    static char group[32];
    words_of(NULL, list, storage);
    size_t n = strlen(word);
    const char *found = NULL;
    for (int i = 0; list[i]; i++) {
        if (strcmp(list[i], word) == 0)
            return cli_is_group(word) ? word : NULL;
        if (n && strncmp(list[i], word, n) == 0)
            found = found ? "" : list[i];
    }
    if (!found || !*found || !cli_is_group(found))
        return NULL;
    snprintf(group, sizeof group, "%s", found);
    return group;
}

int cli_is_group(const char *word)
{
    size_t n = strlen(word);
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strncmp(c->name, word, n) == 0 && c->name[n] == ' ')
            return 1;
    return 0;
}

/* Whether `word` (under `group`, or at the top) names only commands the table marks
 * CMD_FULL_NAME_ONLY: those that undo or delete, never reached by a prefix. */
static int full_name_only(const char *group, const char *word)
{
    char name[80];
    snprintf(name, sizeof name, "%s%s%s", group ? group : "", group ? " " : "", word);
    size_t len = strlen(name);
    int found = 0;
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strncmp(c->name, name, len) == 0 && (c->name[len] == '\0' || c->name[len] == ' ')) {
            if (!(c->flags & CMD_FULL_NAME_ONLY))
                return 0;
            found = 1;
        }
    return found;
}

/* Resolves `word` among `words`: exact, else a unique prefix. NULL with err set. */
static const char *resolve(const char *word, const char *const *words, const char *what,
                           const char *group, tr_error *err)
{
    const char *found = NULL;
    int matches = 0;
    char listed[256] = "";
    for (int i = 0; words[i]; i++) {
        if (strcmp(words[i], word) == 0)
            return words[i];
        if (strncmp(words[i], word, strlen(word)) == 0 && !full_name_only(group, words[i])) {
            found = words[i];
            matches++;
            size_t len = strlen(listed);
            snprintf(listed + len, sizeof listed - len, "%s%s", len ? ", " : "", words[i]);
        }
    }
    if (matches == 1 && *word)
        return found;
    /* The contract's form, twinreg: <what failed>: <why>: what failed is the group
     * ("city: unknown subcommand 'x'") or, at the top level, the word itself. */
    char prefix[64] = "";
    if (group)
        snprintf(prefix, sizeof prefix, "%s: ", group);
    if (matches > 1 && *word) {
        tr_error_set(err, TR_USAGE, "%sambiguous %s '%s': %s", prefix, what, word, listed);
        return NULL;
    }
    const char *near = cli_nearest(word, words);
    char hint[96];
    if (near)
        snprintf(hint, sizeof hint, "did you mean '%s'?", near);
    else
        snprintf(hint, sizeof hint, "see 'twinreg %s%s--help'", group ? group : "",
                 group ? " " : "");
    if (group)
        tr_error_set(err, TR_USAGE, "%sunknown %s '%s' (%s)", prefix, what, word, hint);
    else
        tr_error_set(err, TR_USAGE, "%s: unknown %s (%s)", word, what, hint);
    return NULL;
}

/* The one command of `group`, or NULL when it has several. */
static const struct cli_command *only_command(const char *group)
{
    const struct cli_command *only = NULL;
    size_t n = strlen(group);
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strncmp(c->name, group, n) == 0 && c->name[n] == ' ') {
            if (only)
                return NULL;
            only = c;
        }
    return only;
}

const struct cli_command *cli_find_command(int argc, char **argv, int *words,
                                           const char **help_group, tr_error *err)
{
    static char group[32];
    const char *list[MAX_WORDS + 1];
    char storage[MAX_WORDS][32];
    *help_group = NULL;
    words_of(NULL, list, storage);
    const char *first = resolve(argv[0], list, "command", NULL, err);
    if (!first)
        return NULL;
    char name[80];
    const struct cli_command *only = cli_is_group(first) ? only_command(first) : NULL;
    if (only && (argc < 2 || argv[1][0] == '-')) {
        /* A group of one command (stats network, alone until the other stats come) is that
         * command: there is nothing to choose between. */
        *words = 1;
        return only;
    }
    if (cli_is_group(first)) {
        if (argc < 2 || argv[1][0] == '-') {
            if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
                snprintf(group, sizeof group, "%s", first);
                *help_group = group;
                return NULL;
            }
            tr_error_set(err, TR_USAGE, "%s: missing subcommand (see 'twinreg %s --help')", first,
                         first);
            return NULL;
        }
        const char *sub_list[MAX_WORDS + 1];
        char sub_storage[MAX_WORDS][32];
        words_of(first, sub_list, sub_storage);
        const char *second = resolve(argv[1], sub_list, "subcommand", first, err);
        if (!second)
            return NULL;
        snprintf(name, sizeof name, "%s %s", first, second);
        *words = 2;
    } else {
        snprintf(name, sizeof name, "%s", first);
        *words = 1;
    }
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    tr_error_set(err, TR_USAGE, "%s: unknown command (see 'twinreg --help')", name);
    return NULL;
}
