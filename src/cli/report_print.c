/* The report's walk: what the report holds, in which order, and the words of each line,
 * once for every form; and the text forms (a plain table, or Markdown: headings, lists). */
#include "cli/report_print.h"

#include "twinreg/core/text_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static const char *text(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? s : "";
}

/* A line worded as printf would (the caller frees it; NULL when out of memory). */
__attribute__((format(printf, 1, 0))) static char *words_v(const char *format, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, format, ap);
    char *line = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (line)
        vsnprintf(line, (size_t)n + 1, format, again);
    va_end(again);
    return line;
}

__attribute__((format(printf, 1, 2))) static char *words(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    char *line = words_v(format, ap);
    va_end(ap);
    return line;
}

/* Words one line and hands it to `emit`. */
__attribute__((format(printf, 3, 4))) static void
say(struct report_form *f, void (*emit)(struct report_form *, const char *), const char *format,
    ...)
{
    va_list ap;
    va_start(ap, format);
    char *line = words_v(format, ap);
    va_end(ap);
    if (line)
        emit(f, line);
    free(line);
}

/* "in force", "suspended since 2022-03-01 until further notice", "expired on 2020", ... */
static void walk_status(struct report_form *f, json_t *v, const char *day)
{
    json_t *s = json_object_get(v, "status");
    const char *state = text(s, "state");
    char when[96] = "";
    if (json_object_get(s, "since"))
        snprintf(when, sizeof when, " since %s%s%s", text(s, "since"),
                 json_is_string(json_object_get(s, "until")) ? " until " : " until further notice",
                 text(s, "until"));
    else if (json_object_get(s, "date"))
        snprintf(when, sizeof when, " %s %s", *state == 'n' ? "until" : "on", text(s, "date"));
    int expires = json_is_string(json_object_get(v, "expires_on"));
    say(f, f->detail, "status on %s: %s%s; %s%s", day, state, when,
        expires ? "expires " : "no expiry", expires ? text(v, "expires_on") : "");
}

static void walk_agreement(struct report_form *f, json_t *v, const char *day)
{
    f->agreement(f, (long long)json_integer_value(json_object_get(v, "id")),
                 json_is_string(json_object_get(v, "signed_on")) ? text(v, "signed_on")
                                                                 : "(undated)",
                 text(v, "kind"), text(v, "title"));
    walk_status(f, v, day);
    json_t *b = json_object_get(v, "builds_on");
    if (json_is_integer(b))
        say(f, f->detail, "builds on agreement %lld", (long long)json_integer_value(b));
    if (json_is_string(json_object_get(v, "ended_on")))
        say(f, f->detail, "ended %s%s%s", text(v, "ended_on"), *text(v, "end_reason") ? ": " : "",
            text(v, "end_reason"));
    size_t k;
    json_t *ev;
    json_array_foreach (json_object_get(v, "events"), k, ev)
        say(f, f->detail, "%s %s%s%s", text(ev, "event"), text(ev, "on"),
            *text(ev, "note") ? ": " : "", text(ev, "note"));
    json_array_foreach (json_object_get(v, "signatories"), k, ev)
        say(f, f->detail, "signed by %s%s%s", text(ev, "name"), *text(ev, "office") ? ", " : "",
            text(ev, "office"));
    json_array_foreach (json_object_get(v, "approvals"), k, ev)
        say(f, f->detail, "approved by %s %s", text(ev, "by"), text(ev, "on"));
    json_array_foreach (json_object_get(v, "suspensions"), k, ev)
        say(f, f->detail, "suspended %s%s%s: %s", text(ev, "from"),
            *text(ev, "until") ? " until " : " until further notice", text(ev, "until"),
            text(ev, "reason"));
    json_t *reg = json_object_get(v, "registration");
    if (json_is_object(reg))
        say(f, f->detail, "registered with %s %s %s", text(reg, "authority"), text(reg, "number"),
            text(reg, "registered_on"));
}

/* What expires within a year of the report's day: "none", or "agreement 3 on 2027-01-01, ...". */
static void walk_expiring(struct report_form *f, json_t *r)
{
    json_t *list = json_object_get(r, "expiring"), *v;
    size_t i;
    struct text t = {0};
    if (!json_array_size(list))
        text_put_str(&t, "none");
    json_array_foreach (list, i, v) {
        char one[96];
        snprintf(one, sizeof one, "%sagreement %lld on %s", i ? ", " : "",
                 (long long)json_integer_value(json_object_get(v, "id")), text(v, "expires_on"));
        text_put_str(&t, one);
    }
    if (!t.failed)
        f->expiring(f, text(r, "day"), t.data);
    free(t.data);
}

static void walk_frameworks(struct report_form *f, json_t *frameworks)
{
    size_t i;
    json_t *v;
    if (!json_array_size(frameworks))
        f->item(f, "(none recorded)");
    json_array_foreach (frameworks, i, v) {
        char *ids = json_dumps(json_object_get(v, "agreements"), JSON_COMPACT);
        say(f, f->item, "%s (%s, %s %s): %s; agreements %s", text(v, "code"),
            text(v, "jurisdiction"), text(v, "kind"), text(v, "adopted_on"), text(v, "title"), ids);
        free(ids);
        json_t *unmet = json_object_get(v, "unmet_duty");
        if (json_array_size(unmet)) {
            char *list = json_dumps(unmet, JSON_COMPACT);
            say(f, f->detail, "duty: %s", text(v, "duty"));
            say(f, f->detail, "unmet: no registration recorded for agreements %s", list);
            free(list);
        }
        size_t u;
        json_t *need;
        json_array_foreach (json_object_get(v, "unmet_approvals"), u, need) {
            char *list = json_dumps(json_object_get(need, "agreements"), JSON_COMPACT);
            say(f, f->detail, "unmet: no approval by %s recorded for agreements %s",
                text(need, "by"), list);
            free(list);
        }
    }
}

static void walk_beneficiary(struct report_form *f, json_t *b)
{
    json_t *count = json_object_get(b, "count"), *year = json_object_get(b, "year");
    char num[32] = "", yr[16] = "";
    if (json_is_integer(count))
        snprintf(num, sizeof num, "%lld beneficiaries", (long long)json_integer_value(count));
    else
        snprintf(num, sizeof num, "uncounted");
    if (json_is_integer(year))
        snprintf(yr, sizeof yr, "%lld", (long long)json_integer_value(year));
    /* a plain table pads its columns; the other forms would show the padding as it is */
    int w = f->padded;
    say(f, f->detail, "%-*s %-*s %-*s %s%s%s", w * 14, text(b, "city"), w * 4, *yr ? yr : "all",
        w * 16, num,
        json_is_string(json_object_get(b, "field")) ? text(b, "field") : "(all fields)",
        *text(b, "note") ? " – " : "", text(b, "note"));
}

static void walk_programs(struct report_form *f, json_t *programs)
{
    size_t i;
    json_t *v;
    if (!json_array_size(programs))
        f->item(f, "(none recorded)");
    json_array_foreach (programs, i, v) {
        say(f, f->item, "%s: %s (run by %s%s%s, since %s)", text(v, "code"), text(v, "name"),
            text(v, "operator"), *text(v, "host") ? ", in " : "", text(v, "host"),
            *text(v, "started_on") ? text(v, "started_on") : "?");
        size_t j;
        json_t *b;
        json_array_foreach (json_object_get(v, "beneficiaries"), j, b)
            walk_beneficiary(f, b);
    }
}

char *report_heading(json_t *r, int city)
{
    if (city) {
        json_t *c = json_object_get(r, "city");
        size_t n = json_array_size(json_object_get(r, "partners"));
        return words("%s (%s): %zu partner%s on %s, most recent first", text(c, "name"),
                     text(c, "country"), n, n == 1 ? "" : "s", text(r, "day"));
    }
    json_t *c0 = json_array_get(json_object_get(r, "cities"), 0);
    json_t *c1 = json_array_get(json_object_get(r, "cities"), 1);
    return words("%s (%s) – %s (%s)", text(c0, "name"), text(c0, "country"), text(c1, "name"),
                 text(c1, "country"));
}

void report_walk_pair(struct report_form *f, json_t *r, int level)
{
    size_t i;
    json_t *v;
    char *title = report_heading(r, 0);
    if (title)
        f->title(f, level, title);
    free(title);
    f->pictures(f, r);
    f->section(f, level + 1, "Agreements (oldest first)");
    json_array_foreach (json_object_get(r, "agreements"), i, v)
        walk_agreement(f, v, text(r, "day"));
    walk_expiring(f, r);
    f->section(f, level + 1, "Legal basis");
    walk_frameworks(f, json_object_get(r, "frameworks"));
    f->section(f, level + 1, "Programs and beneficiaries");
    walk_programs(f, json_object_get(r, "programs"));
    f->section(f, level + 1, "Sources");
    if (!json_array_size(json_object_get(r, "sources")))
        f->item(f, "(none recorded)");
    json_array_foreach (json_object_get(r, "sources"), i, v)
        f->source(f, i + 1, text(v, "citation"), text(v, "url"));
}

void report_walk_city(struct report_form *f, json_t *r)
{
    json_t *partners = json_object_get(r, "partners"), *v;
    size_t i;
    char *title = report_heading(r, 1);
    if (title)
        f->title(f, 1, title);
    free(title);
    json_array_foreach (partners, i, v)
        report_walk_pair(f, v, 2);
}

/* ---- the text forms: a plain table, or Markdown ---- */

static const char *const hashes = "######";

static int md(const struct report_form *f) { return !f->padded; }

static void text_title(struct report_form *f, int level, const char *title)
{
    /* a pair under a city's title, after a blank line */
    fprintf(f->out, "%s%.*s%s%s\n", level > 1 ? "\n" : "", md(f) ? level : 0, hashes,
            md(f) ? " " : "", title);
}

static void text_pictures(struct report_form *f, json_t *pair) { (void)f, (void)pair; }

static void text_section(struct report_form *f, int level, const char *name)
{
    if (md(f))
        fprintf(f->out, "\n%.*s %s\n\n", level, hashes, name);
    else
        fprintf(f->out, "\n%s:\n", name);
}

static void text_agreement(struct report_form *f, long long id, const char *signed_on,
                           const char *kind, const char *title)
{
    if (md(f))
        fprintf(f->out, "- **%lld** %s %s%s%s\n", id, signed_on, kind, *title ? ": " : "", title);
    else
        fprintf(f->out, "  %lld  %-10s %-22s %s\n", id, signed_on, kind, title);
}

static void text_item(struct report_form *f, const char *line)
{
    fprintf(f->out, "%s%s\n", md(f) ? "- " : "  ", line);
}

static void text_detail(struct report_form *f, const char *line)
{
    fprintf(f->out, "%s%s\n", md(f) ? "  - " : "      ", line);
}

static void text_expiring(struct report_form *f, const char *day, const char *list)
{
    const char *bold = md(f) ? "**" : "";
    fprintf(f->out, "\n%sExpiring within a year of %s%s: %s\n", bold, day, bold, list);
}

static void text_source(struct report_form *f, size_t n, const char *citation, const char *url)
{
    if (md(f))
        fprintf(f->out, "%zu. %s\n   <%s>\n", n, citation, url);
    else
        fprintf(f->out, "  [%zu] %s\n      %s\n", n, citation, url);
}

static void text_end(struct report_form *f) { (void)f; }

static struct report_form text_form(FILE *out, int markdown)
{
    return (struct report_form){!markdown,      text_title, text_pictures, text_section,
                                text_agreement, text_item,  text_detail,   text_expiring,
                                text_source,    text_end,   NULL,          out};
}

void report_print_pair(FILE *out, json_t *report, int markdown, int level)
{
    struct report_form f = text_form(out, markdown);
    report_walk_pair(&f, report, level);
}

void report_print_city(FILE *out, json_t *report, int markdown)
{
    struct report_form f = text_form(out, markdown);
    report_walk_city(&f, report);
}
