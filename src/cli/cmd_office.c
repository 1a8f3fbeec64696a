/* office add|list|show|remove|member: the offices of a registry shared on PostgreSQL and
 * the people in them (twinreg/store/office.h). main refuses them on a SQLite file. */
#include "cli/cli.h"

#include "twinreg/store/office.h"

#include <string.h>

static const char *const office_fields[] = {"name", "role", "cities", "members", NULL};
static const struct out_column office_columns[] = {{"NAME", "name", NULL, 40},
                                                   {"ROLE", "role", NULL, 0},
                                                   {"CITIES", "cities", NULL, 50},
                                                   {"MEMBERS", "members", NULL, 50},
                                                   {NULL, NULL, NULL, 0}};

struct office_call {
    struct cli_ctx *ctx;
    struct cli_args *args;
};

/* Runs fn in one transaction on the server. */
static int on_server(struct cli_ctx *ctx, struct cli_args *args,
                     int (*fn)(tr_store *, void *, tr_error *))
{
    struct office_call call = {ctx, args};
    return tr_office_session(cli_db_server(ctx), fn, &call, &ctx->err);
}

static int do_add(tr_store *store, void *data, tr_error *err)
{
    struct office_call *c = data;
    return tr_office_add(store, c->args->pos[0], c->args->values[OPT_CITY],
                         arg_count(c->args, OPT_CITY), err);
}

int cmd_office_add(struct cli_ctx *ctx, struct cli_args *args)
{
    if (on_server(ctx, args, do_add) != 0)
        return -1;
    cli_notice("added office '%s'", args->pos[0]);
    return 0;
}

static int do_list(tr_store *store, void *data, tr_error *err)
{
    struct office_call *c = data;
    struct out_list list;
    out_list_begin(&list, c->ctx, c->args->format, office_columns, office_fields);
    int rc = tr_office_list(store, out_list_row, &list, err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

int cmd_office_list(struct cli_ctx *ctx, struct cli_args *args)
{
    return on_server(ctx, args, do_list);
}

static int do_show(tr_store *store, void *data, tr_error *err)
{
    struct office_call *c = data;
    json_t *rec = tr_office_record(store, c->args->pos[0], err);
    if (!rec)
        return -1;
    int rc = out_object(c->ctx, c->args->format, rec, office_fields);
    json_decref(rec);
    return rc;
}

int cmd_office_show(struct cli_ctx *ctx, struct cli_args *args)
{
    return on_server(ctx, args, do_show);
}

static int do_remove(tr_store *store, void *data, tr_error *err)
{
    struct office_call *c = data;
    return tr_office_remove(store, c->args->pos[0], err);
}

int cmd_office_remove(struct cli_ctx *ctx, struct cli_args *args)
{
    if (on_server(ctx, args, do_remove) != 0)
        return -1;
    cli_notice("removed office '%s'", args->pos[0]);
    return 0;
}

static int do_member(tr_store *store, void *data, tr_error *err)
{
    struct office_call *c = data;
    char **pos = c->args->pos;
    return tr_office_member(store, pos[1], pos[2], strcmp(pos[0], "add") == 0, err);
}

/* `office member add|remove OFFICE LOGIN`: one command whose first operand says which. */
int cmd_office_member(struct cli_ctx *ctx, struct cli_args *args)
{
    char **pos = args->pos;
    int joining = strcmp(pos[0], "add") == 0;
    if (!joining && strcmp(pos[0], "remove") != 0)
        return cli_usage_error(ctx, "'%s': expected add or remove", pos[0]);
    if (on_server(ctx, args, do_member) != 0)
        return -1;
    cli_notice(joining ? "role '%s' is now a member of office '%s'"
                       : "role '%s' is no longer a member of office '%s'",
               pos[2], pos[1]);
    return 0;
}
