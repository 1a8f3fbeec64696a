/* The report as text: the same lines as a plain table (sections ending in ':', items
 * indented) or as Markdown (headings, lists), from one walk of the report's JSON. */
#include "cli/report_print.h"

#include <stdio.h>
#include <stdlib.h>

/* How a form writes headings and the two levels of items. */
struct style {
    int md;
    int level;        /* the report's title level (Markdown) */
    const char *item; /* an item's prefix */
    const char *sub;  /* a detail's prefix */
};

static const char *text(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

static void heading(const struct style *st, int below, const char *name)
{
    if (st->md)
        printf("\n%.*s %s\n\n", st->level + below, "######", name);
    else
        printf("\n%s:\n", name);
}

static void print_title(const struct style *st, json_t *r)
{
    json_t *c0 = json_array_get(json_object_get(r, "cities"), 0);
    json_t *c1 = json_array_get(json_object_get(r, "cities"), 1);
    printf("%.*s%s%s (%s) – %s (%s)\n", st->md ? st->level : 0, "######", st->md ? " " : "",
           text(c0, "name"), text(c0, "country"), text(c1, "name"), text(c1, "country"));
}

/* "in force", "suspended since 2022-03-01 until further notice", "expired on 2020", ... */
static void print_status(const struct style *st, json_t *v, const char *day)
{
    json_t *s = json_object_get(v, "status");
    const char *state = text(s, "state");
    printf("%sstatus on %s: %s", st->sub, day, state);
    if (json_object_get(s, "since"))
        printf(" since %s%s%s", text(s, "since"),
               json_is_string(json_object_get(s, "until")) ? " until " : " until further notice",
               text(s, "until"));
    else if (json_object_get(s, "date"))
        printf(" %s %s", *state == 'n' ? "until" : "on", text(s, "date"));
    if (json_is_string(json_object_get(v, "expires_on")))
        printf("; expires %s\n", text(v, "expires_on"));
    else
        printf("; no expiry\n");
}

static void print_agreement(const struct style *st, json_t *v, const char *day)
{
    long long id = (long long)json_integer_value(json_object_get(v, "id"));
    const char *signed_on =
        json_is_string(json_object_get(v, "signed_on")) ? text(v, "signed_on") : "(undated)";
    if (st->md)
        printf("- **%lld** %s %s%s%s\n", id, signed_on, text(v, "kind"),
               *text(v, "title") ? ": " : "", text(v, "title"));
    else
        printf("  %lld  %-10s %-22s %s\n", id, signed_on, text(v, "kind"), text(v, "title"));
    print_status(st, v, day);
    json_t *b = json_object_get(v, "builds_on");
    if (json_is_integer(b))
        printf("%sbuilds on agreement %lld\n", st->sub, (long long)json_integer_value(b));
    if (json_is_string(json_object_get(v, "ended_on")))
        printf("%sended %s%s%s\n", st->sub, text(v, "ended_on"), *text(v, "end_reason") ? ": " : "",
               text(v, "end_reason"));
    size_t k;
    json_t *ev;
    json_array_foreach (json_object_get(v, "events"), k, ev)
        printf("%s%s %s%s%s\n", st->sub, text(ev, "event"), text(ev, "on"),
               *text(ev, "note") ? ": " : "", text(ev, "note"));
    json_array_foreach (json_object_get(v, "signatories"), k, ev)
        printf("%ssigned by %s%s%s\n", st->sub, text(ev, "name"), *text(ev, "office") ? ", " : "",
               text(ev, "office"));
    json_array_foreach (json_object_get(v, "approvals"), k, ev)
        printf("%sapproved by %s %s\n", st->sub, text(ev, "by"), text(ev, "on"));
    json_array_foreach (json_object_get(v, "suspensions"), k, ev)
        printf("%ssuspended %s%s%s: %s\n", st->sub, text(ev, "from"),
               *text(ev, "until") ? " until " : " until further notice", text(ev, "until"),
               text(ev, "reason"));
    json_t *reg = json_object_get(v, "registration");
    if (json_is_object(reg))
        printf("%sregistered with %s %s %s\n", st->sub, text(reg, "authority"), text(reg, "number"),
               text(reg, "registered_on"));
}

/* The one line of what expires within a year of the report's day. */
static void print_expiring(const struct style *st, json_t *r)
{
    json_t *list = json_object_get(r, "expiring"), *v;
    size_t i;
    printf("\n%sExpiring within a year of %s%s: ", st->md ? "**" : "", text(r, "day"),
           st->md ? "**" : "");
    if (!json_array_size(list))
        printf("none");
    json_array_foreach (list, i, v)
        printf("%sagreement %lld on %s", i ? ", " : "",
               (long long)json_integer_value(json_object_get(v, "id")), text(v, "expires_on"));
    printf("\n");
}

static void print_frameworks(const struct style *st, json_t *frameworks)
{
    size_t i;
    json_t *v;
    if (!json_array_size(frameworks))
        printf("%s(none recorded)\n", st->item);
    json_array_foreach (frameworks, i, v) {
        char *ids = json_dumps(json_object_get(v, "agreements"), JSON_COMPACT);
        printf("%s%s (%s, %s %s): %s; agreements %s\n", st->item, text(v, "code"),
               text(v, "jurisdiction"), text(v, "kind"), text(v, "adopted_on"), text(v, "title"),
               ids);
        free(ids);
        json_t *unmet = json_object_get(v, "unmet_duty");
        if (json_array_size(unmet)) {
            char *list = json_dumps(unmet, JSON_COMPACT);
            printf("%sduty: %s\n%sunmet: no registration recorded for agreements %s\n", st->sub,
                   text(v, "duty"), st->sub, list);
            free(list);
        }
        size_t u;
        json_t *need;
        json_array_foreach (json_object_get(v, "unmet_approvals"), u, need) {
            char *list = json_dumps(json_object_get(need, "agreements"), JSON_COMPACT);
            printf("%sunmet: no approval by %s recorded for agreements %s\n", st->sub,
                   text(need, "by"), list);
            free(list);
        }
    }
}

static void print_beneficiary(const struct style *st, json_t *b)
{
    json_t *count = json_object_get(b, "count"), *year = json_object_get(b, "year");
    char num[32] = "", yr[16] = "";
    if (json_is_integer(count))
        snprintf(num, sizeof num, "%lld beneficiaries", (long long)json_integer_value(count));
    else
        snprintf(num, sizeof num, "uncounted");
    if (json_is_integer(year))
        snprintf(yr, sizeof yr, "%lld", (long long)json_integer_value(year));
    /* the table pads its columns; Markdown would show the padding as it is */
    int w = st->md ? 0 : 1;
    printf("%s%-*s %-*s %-*s %s%s%s\n", st->sub, w * 14, text(b, "city"), w * 4, *yr ? yr : "all",
           w * 16, num,
           json_is_string(json_object_get(b, "field")) ? text(b, "field") : "(all fields)",
           *text(b, "note") ? " – " : "", text(b, "note"));
}

static void print_programs(const struct style *st, json_t *programs)
{
    size_t i;
    json_t *v;
    if (!json_array_size(programs))
        printf("%s(none recorded)\n", st->item);
    json_array_foreach (programs, i, v) {
        printf("%s%s: %s (run by %s%s%s, since %s)\n", st->item, text(v, "code"), text(v, "name"),
               text(v, "operator"), *text(v, "host") ? ", in " : "", text(v, "host"),
               *text(v, "started_on") ? text(v, "started_on") : "?");
        size_t j;
        json_t *b;
        json_array_foreach (json_object_get(v, "beneficiaries"), j, b)
            print_beneficiary(st, b);
    }
}

static struct style style_of(int markdown, int level)
{
    return markdown ? (struct style){1, level, "- ", "  - "}
                    : (struct style){0, level, "  ", "      "};
}

void report_print_pair(json_t *r, int markdown, int level)
{
    struct style st = style_of(markdown, level);
    size_t i;
    json_t *v;
    print_title(&st, r);
    heading(&st, 1, "Agreements (oldest first)");
    json_array_foreach (json_object_get(r, "agreements"), i, v)
        print_agreement(&st, v, text(r, "day"));
    print_expiring(&st, r);
    heading(&st, 1, "Legal basis");
    print_frameworks(&st, json_object_get(r, "frameworks"));
    heading(&st, 1, "Programs and beneficiaries");
    print_programs(&st, json_object_get(r, "programs"));
    heading(&st, 1, "Sources");
    if (!json_array_size(json_object_get(r, "sources")))
        printf("%s(none recorded)\n", st.item);
    json_array_foreach (json_object_get(r, "sources"), i, v) {
        if (st.md)
            printf("%zu. %s\n   <%s>\n", i + 1, text(v, "citation"), text(v, "url"));
        else
            printf("  [%zu] %s\n      %s\n", i + 1, text(v, "citation"), text(v, "url"));
    }
}

void report_print_city(json_t *r, int markdown)
{
    json_t *city = json_object_get(r, "city"), *partners = json_object_get(r, "partners"), *v;
    size_t i, n = json_array_size(partners);
    printf("%s%s (%s): %zu partner%s on %s, most recent first\n", markdown ? "# " : "",
           text(city, "name"), text(city, "country"), n, n == 1 ? "" : "s", text(r, "day"));
    json_array_foreach (partners, i, v) {
        printf("\n");
        report_print_pair(v, markdown, 2);
    }
}
