/* --sort FIELD and --limit N of a list command: what the user asked (cli_order_parse, with
 * the checks of the command table) and the rows an out_list keeps to sort them. */
#ifndef TWINREG_CLI_ORDER_H
#define TWINREG_CLI_ORDER_H

#include <jansson.h>

struct cli_ctx;
struct cli_args;
struct out_list;

/* (check_args.c) Reads --sort and --limit into ctx->order when the command declares --sort (a
 * VALUE_SORT option); an unknown field or a limit that is not a positive whole number is a usage
 * error (exit 2) naming what is valid. */
int cli_order_parse(struct cli_ctx *ctx, const struct cli_args *args);

/* What out_list does with a row under ctx->order: 1 when the row was kept (to be sorted) or
 * dropped (past the limit), 0 when it is to be printed now, -1 when out of memory. */
int out_order_take(struct out_list *list, json_t *row);
/* Sorts the kept rows and prints the first `limit` of them through out_list_row. */
int out_order_flush(struct out_list *list);

#endif
