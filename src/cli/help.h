/* Everything the command table documents: --help, `help`, the manual page and the shell
 * completion scripts are all printed from cli_commands, so none can miss a command. */
#ifndef TWINREG_CLI_HELP_H
#define TWINREG_CLI_HELP_H

#include <stdio.h>

#include "cli/cli.h"

/* --format, --json and (with rows: csv) --no-headers, taken by every command that reads. */
extern const struct cli_option cli_read_options[];
/* The i-th option a command takes: its own, then the read options; NULL past the last. */
const struct cli_option *cli_option_nth(const struct cli_command *cmd, int i);

void help_print_overview(FILE *out);
void help_print_usage(FILE *out, const struct cli_command *cmd);
/* "usage:" and one line per subcommand of a group ("city"). */
void help_print_group(FILE *out, const char *group);
/* The manual page twinreg(1), in roff. */
void help_print_man(FILE *out);
/* The completion script for "bash" or "zsh"; -1 for another shell. */
int help_print_completion(FILE *out, const char *shell);

/* ---- finding a command (lookup.c) ---- */

/* Whether `word` is the first word of two-word commands ("city"). */
int cli_is_group(const char *word);
/* The group `word` names, exactly or by a unique prefix ("ag" -> "agreement"), or NULL. */
const char *cli_group_of(const char *word);
/* The command that argv starts with: exact words, or unique prefixes of them ("part",
 * "agr li"). *words gets how many words it took. NULL with err set (usage, with the
 * nearest command as a suggestion) when there is none, or NULL with *help_group set
 * when argv is a group and "--help" (the caller prints the group's usage). */
const struct cli_command *cli_find_command(int argc, char **argv, int *words,
                                           const char **help_group, tr_error *err);
/* Edit distance (insertions, deletions, substitutions, adjacent swaps), capped at 9. */
int cli_distance(const char *a, const char *b);
/* The closest of `candidates` (NULL-terminated) to `word` within a small edit distance. */
const char *cli_nearest(const char *word, const char *const *candidates);

/* ---- completion (complete.c) ---- */

/* `twinreg __complete INDEX WORD...`: the candidates for WORD[INDEX], one per line. */
int cli_complete(struct cli_ctx *ctx, int argc, char **argv);

#endif
