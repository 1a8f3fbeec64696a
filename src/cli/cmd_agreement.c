/* agreement add|list|show|update|end|suspend|resume|amend|remove */
#include "cli/bulk.h"
#include "cli/records.h"

#include "twinreg/core/text_buf.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/agreement_twins.h"
#include "twinreg/store/city.h"
#include "twinreg/store/decision.h"
#include "twinreg/store/framework.h"
#include "twinreg/store/suspension.h"

#include <stdlib.h>
#include <string.h>

/* The keys of the flat outputs (CSV's columns): the record's own columns and lists, as
 * its descriptor orders them; the nested registration and events are for JSON. */
static const char *const *agreement_fields(void)
{
    static const char *keys[TR_AGREEMENT_KEYS];
    if (!keys[0])
        tr_agreement_keys(keys, 0);
    return keys;
}

/* CSV's columns: the record's, with `party_names` beside `parties` (ids, unchanged), so a
 * spreadsheet shows who the parties are. */
static const char *const *agreement_csv_fields(void)
{
    static const char *keys[TR_AGREEMENT_KEYS + 1];
    if (!keys[0]) {
        const char *const *record = agreement_fields();
        size_t k = 0;
        for (size_t i = 0; record[i]; i++) {
            keys[k++] = record[i];
            if (strcmp(record[i], "parties") == 0)
                keys[k++] = "party_names";
        }
    }
    return keys;
}

/* "Seoul (KR); Mexico City (MX)": the parties' names in CSV's list form. */
static json_t *party_names(struct cli_ctx *ctx, json_t *row)
{
    struct text t = {0};
    size_t i;
    json_t *id;
    json_array_foreach (json_object_get(row, "parties"), i, id) {
        char label[512];
        tr_city_label(ctx->store, json_integer_value(id), label, sizeof label);
        char *comma = strrchr(label, ',');
        if (comma)
            *comma = '\0';
        text_put_str(&t, i ? "; " : "");
        text_put_str(&t, label);
        if (comma) {
            text_put_str(&t, " (");
            text_put_str(&t, comma + 1 + strspn(comma + 1, " "));
            text_put_str(&t, ")");
        }
    }
    json_t *names = t.failed ? NULL : json_string(t.data ? t.data : "");
    free(t.data);
    return names;
}

/* out_list_row, with the party_names of CSV. */
static int csv_row(json_t *row, void *data)
{
    struct out_list *list = data;
    json_t *names = party_names(list->ctx, row);
    if (!names || json_object_set_new(row, "party_names", names) != 0)
        return tr_error_set(&list->ctx->err, TR_IO, "out of memory");
    return out_list_row(row, list);
}

/* "Seoul – Mexico City": party names for tables. */
static char *render_parties(struct cli_ctx *ctx, json_t *row)
{
    json_t *parties = json_object_get(row, "parties");
    size_t cap = 32, len = 0, i;
    char *out = calloc(1, cap);
    json_t *id;
    json_array_foreach (parties, i, id) {
        char label[512];
        tr_city_label(ctx->store, json_integer_value(id), label, sizeof label);
        char *comma = strrchr(label, ',');
        if (comma)
            *comma = '\0'; /* the country code is noise in a list of names */
        size_t need = len + strlen(label) + 8;
        if (need > cap)
            out = realloc(out, cap = need * 2);
        len += (size_t)sprintf(out + len, "%s%s", i ? " – " : "", label);
    }
    return out;
}

static char *render_status(struct cli_ctx *ctx, json_t *row)
{
    (void)ctx;
    const char *ended = json_string_value(json_object_get(row, "ended_on"));
    const char *expires = json_string_value(json_object_get(row, "expires_on"));
    char buf[64];
    if (ended)
        snprintf(buf, sizeof buf, "ended %s", ended);
    else if (expires)
        snprintf(buf, sizeof buf, "until %s", expires);
    else
        buf[0] = '\0';
    return strdup(buf);
}

static const struct out_column agreement_columns[] = {
    {"ID", "id", NULL, 0},
    {"KIND", "kind", NULL, 0},
    {"SIGNED", "signed_on", NULL, 0},
    {"PARTIES", NULL, render_parties, 40},
    {"ENDS", NULL, render_status, 0},
    {"BUILDS ON", "builds_on", NULL, 0},
    {"TITLE", "title", NULL, 30},
    {NULL, NULL, NULL, 0},
};

static int check_frameworks(struct cli_ctx *ctx, const tr_agreement_fields *f);

struct agreement_change {
    struct cli_args *args;
    tr_agreement_fields fields;
    int64_t parties[CLI_MAX_VALUES];
    int64_t id;
    const char *builds_on; /* spec, resolved inside the transaction */
    const char *frameworks[CLI_MAX_VALUES];
    const char *sources[CLI_MAX_VALUES];
    char twin[512]; /* add: the warning about an earlier agreement of the same cities */
};

/* Resolves party names and --builds-on; not-found is exit 3 as the contract says. */
static int resolve_refs(struct cli_ctx *ctx, struct agreement_change *c, char **specs, int n)
{
    if (n > CLI_MAX_VALUES)
        return tr_error_set(&ctx->err, TR_REJECTED, "too many parties (at most %d)",
                            CLI_MAX_VALUES);
    for (int i = 0; i < n; i++)
        if (tr_city_resolve(ctx->store, specs[i], &c->parties[i], &ctx->err) != 0)
            return -1;
    c->fields.parties = c->parties;
    c->fields.n_parties = (size_t)n;
    if (c->builds_on) {
        c->fields.set_builds_on = 1;
        if (*c->builds_on &&
            tr_agreement_resolve(ctx->store, c->builds_on, &c->fields.builds_on, &ctx->err) != 0)
            return -1;
    }
    return 0;
}

static int keep_twin(const tr_agreement_twin *twin, void *data)
{
    struct agreement_change *c = data;
    tr_agreement_twin_message(twin, c->twin, sizeof c->twin);
    return 0;
}

static int do_add(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    c->twin[0] = '\0'; /* a run again (cli_write) starts afresh */
    int64_t decision;
    const char *on = c->fields.signed_on.value;
    return resolve_refs(ctx, c, c->args->pos, c->args->npos) != 0 ||
                   check_frameworks(ctx, &c->fields) != 0 ||
                   cli_decision_check(ctx, c->args, "signed", on, &decision) != 0 ||
                   tr_agreement_add(ctx->store, &c->fields, &c->id, &ctx->err) != 0 ||
                   cli_link_decision(ctx, decision, c->id, "signed", on) != 0
               ? -1
               : tr_agreement_twins(ctx->store, c->id, c->id, NULL, keep_twin, c, &ctx->err);
}

/* --framework and --source lists (on update, merge_links adds them to the stored ones). */
static void read_links(struct cli_args *args, struct agreement_change *c)
{
    tr_agreement_fields *f = &c->fields;
    f->n_frameworks = (size_t)arg_count(args, OPT_FRAMEWORK);
    f->set_frameworks = f->n_frameworks > 0;
    for (size_t i = 0; i < f->n_frameworks; i++)
        c->frameworks[i] = arg_nth(args, OPT_FRAMEWORK, (int)i);
    f->frameworks = c->frameworks;
    f->n_sources = (size_t)arg_count(args, OPT_SOURCE);
    f->set_sources = f->n_sources > 0;
    for (size_t i = 0; i < f->n_sources; i++)
        c->sources[i] = arg_nth(args, OPT_SOURCE, (int)i);
    f->sources = c->sources;
}

/* Unknown framework codes are "not found" (exit 3) on the command line. */
static int check_frameworks(struct cli_ctx *ctx, const tr_agreement_fields *f)
{
    for (size_t i = 0; i < f->n_frameworks; i++) {
        int found = tr_framework_exists(ctx->store, f->frameworks[i], &ctx->err);
        if (found <= 0)
            return found < 0 ? -1
                             : tr_error_set(&ctx->err, TR_NOT_FOUND, "framework '%s': not found",
                                            f->frameworks[i]);
    }
    return 0;
}

/* The fields add and update share; the table checked their values. */
static void read_fields(struct cli_args *args, tr_agreement_fields *f)
{
    f->kind = cli_opt_text(args, OPT_KIND);
    f->title = cli_opt_text(args, OPT_TITLE);
    f->signed_on = cli_opt_text(args, OPT_SIGNED);
    if (f->signed_on.value && strcmp(f->signed_on.value, CLI_UNKNOWN_DATE) == 0)
        f->signed_on.value = NULL; /* undated, as a list without dates imports */
    f->in_force_on = cli_opt_text(args, OPT_IN_FORCE);
    f->expires_on = cli_opt_text(args, OPT_EXPIRES);
}

int cmd_agreement_add(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    c.builds_on = arg_value(args, OPT_BUILDS_ON);
    if (c.builds_on && !*c.builds_on)
        return cli_usage_error(ctx, "--builds-on needs an agreement id");
    read_links(args, &c);
    read_fields(args, &c.fields);
    if (!cli_store(ctx) || cli_write(ctx, do_add, &c) != 0)
        return -1;
    printf("%lld\n", (long long)c.id);
    cli_notice("added agreement %lld", (long long)c.id);
    if (c.twin[0])
        cli_notice("warning: %s", c.twin);
    return 0;
}

/* Resolves the parties and --builds-on, then writes the update. */
static int update_with_links(struct cli_ctx *ctx, struct agreement_change *c)
{
    int n = arg_count(c->args, OPT_PARTY);
    char *specs[CLI_MAX_VALUES];
    for (int i = 0; i < n; i++)
        specs[i] = arg_nth(c->args, OPT_PARTY, i);
    char buf[8192];
    const char *names[CLI_MAX_VALUES], *offices[CLI_MAX_VALUES];
    int count = cli_signatories(c->args, buf, sizeof buf, names, offices);
    if (count < 0)
        return tr_error_set(&ctx->err, TR_REJECTED, "--signatory: too long");
    /* Checked before anything is written: a refusal writes nothing, not even an id. */
    if (tr_agreement_check_signatories(names, offices, (size_t)count, &ctx->err) != 0 ||
        resolve_refs(ctx, c, specs, n) != 0 || check_frameworks(ctx, &c->fields) != 0 ||
        tr_agreement_update(ctx->store, c->id, &c->fields, &ctx->err) != 0)
        return -1;
    return !count ? 0
                  : tr_agreement_set_signatories(ctx->store, c->id, names, offices, (size_t)count,
                                                 &ctx->err);
}

/* The stored list `key` ("frameworks", "sources") of the agreement with the values of
 * option `add` added and those of `remove` taken out, into out[] (pointing into record
 * and args): an update that names a new source keeps the ones recorded before. */
static int merge_list(struct cli_ctx *ctx, struct agreement_change *c, json_t *record,
                      const char *key, int add, int remove, const char **out, size_t *n, int *set)
{
    const char *what = add == OPT_SOURCE ? "source" : "framework";
    int n_remove = arg_count(c->args, remove);
    *set = *n > 0 || n_remove > 0;
    if (!*set)
        return 0;
    json_t *stored = json_object_get(record, key), *value;
    size_t i, count = 0;
    for (int r = 0; r < n_remove; r++) {
        for (size_t a = 0; a < *n; a++)
            if (strcmp(out[a], arg_nth(c->args, remove, r)) == 0)
                return cli_usage_error(ctx, "--%s and --remove-%s both name '%s'", what, what,
                                       out[a]);
        int found = 0;
        json_array_foreach (stored, i, value)
            found |= strcmp(json_string_value(value), arg_nth(c->args, remove, r)) == 0;
        if (!found)
            return tr_error_set(&ctx->err, TR_NOT_FOUND, "agreement %lld: it has no %s '%s'",
                                (long long)c->id, what, arg_nth(c->args, remove, r));
    }
    const char *merged[CLI_MAX_VALUES * 2];
    json_array_foreach (stored, i, value)
        merged[count++] = json_string_value(value);
    for (size_t a = 0; a < *n && count < CLI_MAX_VALUES * 2; a++)
        merged[count++] = out[a];
    *n = 0;
    for (size_t m = 0; m < count; m++) {
        int drop = 0;
        for (int r = 0; r < n_remove; r++)
            drop |= strcmp(merged[m], arg_nth(c->args, remove, r)) == 0;
        for (size_t k = 0; k < *n; k++)
            drop |= strcmp(merged[m], out[k]) == 0; /* named twice: once */
        if (drop)
            continue;
        if (*n == CLI_MAX_VALUES)
            return tr_error_set(&ctx->err, TR_REJECTED, "too many %ss (at most %d)", what,
                                CLI_MAX_VALUES);
        out[(*n)++] = merged[m];
    }
    return 0;
}

static int do_update(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    if (tr_agreement_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0)
        return -1;
    json_t *record = tr_agreement_record(ctx->store, c->id, &ctx->err);
    tr_agreement_fields *f = &c->fields;
    int rc = !record ||
                     merge_list(ctx, c, record, "frameworks", OPT_FRAMEWORK, OPT_REMOVE_FRAMEWORK,
                                c->frameworks, &f->n_frameworks, &f->set_frameworks) != 0 ||
                     merge_list(ctx, c, record, "sources", OPT_SOURCE, OPT_REMOVE_SOURCE,
                                c->sources, &f->n_sources, &f->set_sources) != 0
                 ? -1
                 : update_with_links(ctx, c);
    json_decref(record);
    return rc;
}

int cmd_agreement_update(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    c.builds_on = arg_value(args, OPT_BUILDS_ON);
    if (arg_count(args, OPT_PARTY) == 1)
        return cli_usage_error(ctx, "--party needs two or more cities");
    read_fields(args, &c.fields);
    read_links(args, &c);
    c.fields.registered_by = cli_opt_text(args, OPT_REGISTERED_BY);
    c.fields.registration_number = cli_opt_text(args, OPT_REGISTRATION_NUMBER);
    c.fields.registered_on = cli_opt_text(args, OPT_REGISTERED_ON);
    if (arg_flag(args, OPT_REOPEN)) {
        c.fields.ended_on = (tr_opt_text){1, NULL};
        c.fields.end_reason = (tr_opt_text){1, NULL};
    }
    if (!cli_store(ctx) || cli_write(ctx, do_update, &c) != 0)
        return -1;
    cli_notice("updated agreement %lld", (long long)c.id);
    return 0;
}

/* Refuses to end an agreement that has ended already. */
static int end_check(struct cli_ctx *ctx, int64_t id)
{
    json_t *rec = tr_agreement_record(ctx->store, id, &ctx->err);
    if (!rec)
        return -1;
    const char *ended = json_string_value(json_object_get(rec, "ended_on"));
    int rc = ended ? tr_error_set(&ctx->err, TR_REJECTED,
                                  "agreement %lld already ended on %s (update --reopen first)",
                                  (long long)id, ended)
                   : 0;
    json_decref(rec);
    return rc;
}

static int end_write(struct cli_ctx *ctx, struct cli_args *args, int64_t id, int64_t decision)
{
    tr_agreement_fields f = {0};
    f.ended_on = (tr_opt_text){1, arg_value(args, OPT_ON)};
    f.end_reason = cli_opt_text(args, OPT_REASON);
    return tr_agreement_update(ctx->store, id, &f, &ctx->err) != 0
               ? -1
               : cli_link_decision(ctx, decision, id, "ended", f.ended_on.value);
}

/* The change of one agreement of a change in bulk (cli/bulk.h), its --decision checked. */
static int end_id(struct cli_ctx *ctx, struct cli_args *args, int64_t id, int64_t decision)
{
    return end_check(ctx, id) != 0 ? -1 : end_write(ctx, args, id, decision);
}

static int do_end(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    const char *on = arg_value(c->args, OPT_ON);
    int64_t decision;
    return tr_agreement_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0 ||
                   end_check(ctx, c->id) != 0 ||
                   cli_decision_check(ctx, c->args, "end", on, &decision) != 0
               ? -1
               : end_write(ctx, c->args, c->id, decision);
}

static const struct cli_bulk_change bulk_end = {"end", "end", "ended on", end_id};

int cmd_agreement_end(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    int form = cli_bulk_form(ctx, args);
    if (form != 0)
        return form < 0 ? -1 : cli_bulk(ctx, args, &bulk_end);
    const char *on = arg_value(args, OPT_ON);
    if (!cli_store(ctx) || cli_write(ctx, do_end, &c) != 0)
        return -1;
    cli_notice("agreement %lld ended on %s", (long long)c.id, on);
    return 0;
}

static int do_remove(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    return tr_agreement_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0
               ? -1
               : tr_agreement_remove(ctx->store, c->id, &ctx->err);
}

int cmd_agreement_remove(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    if (cli_write(ctx, do_remove, &c) != 0)
        return -1;
    cli_notice("removed agreement %lld", (long long)c.id);
    return 0;
}

int cmd_agreement_list(struct cli_ctx *ctx, struct cli_args *args)
{
    tr_agreement_filter filter = {0};
    char day[11], window_end[11];
    tr_store *store = cli_store(ctx);
    if (!store)
        return -1;
    const char *city = arg_value(args, OPT_CITY);
    if (city && tr_city_resolve(store, city, &filter.city, &ctx->err) != 0)
        return -1;
    if (cli_country(ctx, arg_value(args, OPT_COUNTRY), &filter.country) != 0)
        return -1;
    filter.kind = arg_value(args, OPT_KIND);
    int active = arg_flag(args, OPT_ACTIVE), expiring = arg_flag(args, OPT_EXPIRING);
    if (arg_value(args, OPT_ON) && !active && !expiring)
        return cli_usage_error(ctx, "--on goes with --active or --expiring");
    if (arg_value(args, OPT_WITHIN) && !expiring)
        return cli_usage_error(ctx, "--within goes with --expiring");
    if ((active || expiring) && cli_on_day(ctx, args, day) != 0)
        return -1;
    if (active)
        filter.in_force_on = day;
    if (expiring) {
        const char *within = arg_value(args, OPT_WITHIN);
        if (cli_expiry_window(ctx, day, within, window_end) != 0)
            return -1;
        filter.expiring_from = day;
        filter.expiring_to = window_end;
    }
    struct out_list list;
    int csv = OUT_DELIMITED(args->format);
    out_list_begin(&list, ctx, args->format, agreement_columns,
                   csv ? agreement_csv_fields() : agreement_fields());
    out_list_empty(&list, "no agreement matches");
    int rc = tr_agreement_list(store, &filter, csv ? csv_row : out_list_row, &list, &ctx->err);
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

int cli_agreement_list_ids(struct cli_ctx *ctx, enum out_format format, const int64_t *ids,
                           size_t n)
{
    struct out_list list;
    int rc = 0;
    out_list_begin(&list, ctx, format, agreement_columns,
                   OUT_DELIMITED(format) ? agreement_csv_fields() : agreement_fields());
    for (size_t i = 0; i < n && rc == 0; i++) {
        json_t *rec = tr_agreement_record(ctx->store, ids[i], &ctx->err);
        rc = !rec ? -1 : OUT_DELIMITED(format) ? csv_row(rec, &list) : out_list_row(rec, &list);
        json_decref(rec);
    }
    return out_list_end(&list) != 0 || rc != 0 ? -1 : 0;
}

/* The lists a table leaves out unless present (signatories, approvals, decisions), each
 * as one line of text, their keys appended to `keys`. */
static void show_lists(json_t *rec, const char **keys)
{
    static const char *const lists[][4] = {{"signatories", "name", ", ", "office"},
                                           {"approvals", "by", " on ", "on"},
                                           {"decisions", "change", " by decision ", "decision"}};
    size_t n = 0;
    while (keys[n])
        n++;
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        json_t *items = json_object_get(rec, lists[l][0]), *item;
        size_t i, len = 0;
        if (!json_array_size(items))
            continue;
        char *text = calloc(json_array_size(items), 700);
        json_array_foreach (items, i, item) {
            json_t *second = json_object_get(item, lists[l][3]);
            char num[24] = "";
            if (json_is_integer(second))
                snprintf(num, sizeof num, "%lld", (long long)json_integer_value(second));
            const char *more = json_is_string(second) ? json_string_value(second) : num;
            len += (size_t)snprintf(text + len, 700, "%s%.300s%s%.300s", i ? "; " : "",
                                    json_string_value(json_object_get(item, lists[l][1])),
                                    *more ? lists[l][2] : "", more);
        }
        json_object_set_new(rec, lists[l][0], json_string(text));
        free(text);
        keys[n++] = lists[l][0];
    }
    keys[n] = NULL;
}

/* "2022-03-01 until 2023-01-01: reason; ..." for a table. */
static void render_suspensions(json_t *rec)
{
    json_t *list = json_object_get(rec, "suspensions"), *s;
    if (!list)
        return;
    struct text t = {0};
    size_t i;
    json_array_foreach (list, i, s) {
        const char *until = json_string_value(json_object_get(s, "until"));
        text_put_str(&t, i ? "; " : "");
        text_put_str(&t, json_string_value(json_object_get(s, "from")));
        text_put_str(&t, until ? " until " : " until further notice");
        text_put_str(&t, until ? until : "");
        text_put_str(&t, ": ");
        text_put_str(&t, json_string_value(json_object_get(s, "reason")));
    }
    json_object_set_new(rec, "suspensions", json_string(t.failed ? "" : t.data));
    free(t.data);
}

int cmd_agreement_show(struct cli_ctx *ctx, struct cli_args *args)
{
    int64_t id;
    tr_store *store = cli_store(ctx);
    if (!store || tr_agreement_resolve(store, args->pos[0], &id, &ctx->err) != 0)
        return -1;
    json_t *rec = tr_agreement_record(store, id, &ctx->err);
    if (!rec)
        return -1;
    const char *keys[TR_AGREEMENT_KEYS + 5];
    size_t n = 0;
    for (const char *const *k = agreement_fields(); *k; k++)
        keys[n++] = *k;
    if (json_object_get(rec, "suspensions")) /* only where there are, as in the export */
        keys[n++] = "suspensions";
    keys[n] = NULL;
    if (args->format == OUT_TABLE) {
        /* People read names; scripts read ids (json/csv keep the interchange fields). */
        char *names = render_parties(ctx, rec);
        json_object_set_new(rec, "parties", json_string(names));
        free(names);
        show_lists(rec, keys);
    }
    if (args->format == OUT_TABLE || OUT_DELIMITED(args->format))
        render_suspensions(rec);
    int rc = out_object(ctx, args->format, rec, keys);
    json_decref(rec);
    return rc;
}

static int amend_id(struct cli_ctx *ctx, struct cli_args *args, int64_t id, int64_t decision)
{
    const char *on = arg_value(args, OPT_ON);
    return tr_agreement_add_event(ctx->store, id, "amended", on, arg_value(args, OPT_NOTE),
                                  &ctx->err) != 0
               ? -1
               : cli_link_decision(ctx, decision, id, "amended", on);
}

static int do_amend(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    int64_t decision;
    return tr_agreement_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0 ||
                   cli_decision_check(ctx, c->args, "amendment", arg_value(c->args, OPT_ON),
                                      &decision) != 0
               ? -1
               : amend_id(ctx, c->args, c->id, decision);
}

static const struct cli_bulk_change bulk_amend = {"amendment", "amend", "amended on", amend_id};

int cmd_agreement_amend(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    int form = cli_bulk_form(ctx, args);
    if (form != 0)
        return form < 0 ? -1 : cli_bulk(ctx, args, &bulk_amend);
    const char *on = arg_value(args, OPT_ON);
    if (!cli_store(ctx) || cli_write(ctx, do_amend, &c) != 0)
        return -1;
    cli_notice("agreement %lld amended on %s", (long long)c.id, on);
    return 0;
}

static int suspend_id(struct cli_ctx *ctx, struct cli_args *args, int64_t id, int64_t decision)
{
    tr_suspension s = {arg_value(args, OPT_ON), arg_value(args, OPT_UNTIL),
                       arg_value(args, OPT_REASON), arg_value(args, OPT_SOURCE)};
    return tr_suspension_add(ctx->store, id, &s, &ctx->err) != 0
               ? -1
               : cli_link_decision(ctx, decision, id, "suspended", s.on);
}

static int do_suspend(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    int64_t decision;
    return tr_agreement_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0 ||
                   cli_decision_check(ctx, c->args, "suspension", arg_value(c->args, OPT_ON),
                                      &decision) != 0
               ? -1
               : suspend_id(ctx, c->args, c->id, decision);
}

static const struct cli_bulk_change bulk_suspend = {"suspension", "suspend", "suspended from",
                                                    suspend_id};

int cmd_agreement_suspend(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    int form = cli_bulk_form(ctx, args);
    if (form != 0)
        return form < 0 ? -1 : cli_bulk(ctx, args, &bulk_suspend);
    const char *until = arg_value(args, OPT_UNTIL);
    if (!cli_store(ctx) || cli_write(ctx, do_suspend, &c) != 0)
        return -1;
    cli_notice("agreement %lld suspended from %s%s%s", (long long)c.id, arg_value(args, OPT_ON),
               until ? " until " : "", until ? until : "");
    return 0;
}

static int do_resume(struct cli_ctx *ctx, void *data)
{
    struct agreement_change *c = data;
    const char *on = arg_value(c->args, OPT_ON);
    int64_t decision;
    return tr_agreement_resolve(ctx->store, c->args->pos[0], &c->id, &ctx->err) != 0 ||
                   cli_decision_check(ctx, c->args, "resumption", on, &decision) != 0 ||
                   tr_suspension_resume(ctx->store, c->id, on, &ctx->err) != 0
               ? -1
               : cli_link_decision(ctx, decision, c->id, "resumed", on);
}

int cmd_agreement_resume(struct cli_ctx *ctx, struct cli_args *args)
{
    struct agreement_change c = {.args = args};
    if (!cli_store(ctx) || cli_write(ctx, do_resume, &c) != 0)
        return -1;
    cli_notice("agreement %lld in force again from %s", (long long)c.id, arg_value(args, OPT_ON));
    return 0;
}
