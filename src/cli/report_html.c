/* The report as one self-contained printable HTML page: the walk's parts as headings and
 * lists, every text escaped, inline CSS for screen and print, no script and nothing from
 * the network; each pair with its drawings (report_timeline.c, and the map's place). */
#include "cli/report_print.h"

#include "cli/report_timeline.h"
#include "twinreg/core/xml_text.h"

#include <stdio.h>

/* The page's lists open at the moment, closed in order as the walk moves on. */
struct html_state {
    int list; /* a <ul> of items */
    int item; /* an <li> whose details may follow */
    int sub;  /* the item's <ul> of details */
};

static struct html_state *state(struct report_form *f) { return f->state; }

static void close_details(struct report_form *f)
{
    if (state(f)->sub)
        fputs("</ul>", f->out), state(f)->sub = 0;
}

static void close_item(struct report_form *f)
{
    close_details(f);
    if (state(f)->item)
        fputs("</li>\n", f->out), state(f)->item = 0;
}

static void close_list(struct report_form *f)
{
    close_item(f);
    if (state(f)->list)
        fputs("</ul>\n", f->out), state(f)->list = 0;
}

static void open_item(struct report_form *f, const char *class)
{
    close_item(f);
    if (!state(f)->list)
        fputs("<ul>\n", f->out), state(f)->list = 1;
    fprintf(f->out, "<li class=\"%s\">", class);
    state(f)->item = 1;
}

static void put(struct report_form *f, const char *s) { tr_xml_put(f->out, s); }

static void html_title(struct report_form *f, int level, const char *title)
{
    close_list(f);
    fprintf(f->out, "<h%d>", level);
    put(f, title);
    fprintf(f->out, "</h%d>\n", level);
}

static void html_pictures(struct report_form *f, json_t *pair)
{
    close_list(f);
    fputs("<div class=\"map\">", f->out);
    report_html_map(f->out, pair);
    fputs("</div>\n<figure class=\"timeline\">", f->out);
    report_timeline_svg(f->out, pair);
    fputs("<figcaption>Each agreement from its signing to its end, expiry or the report's day; "
          "suspensions shaded, events and programs as ticks.</figcaption></figure>\n",
          f->out);
}

static void html_section(struct report_form *f, int level, const char *name)
{
    close_list(f);
    fprintf(f->out, "<h%d>", level);
    put(f, name);
    fprintf(f->out, "</h%d>\n", level);
}

static void html_agreement(struct report_form *f, long long id, const char *signed_on,
                           const char *kind, const char *title)
{
    open_item(f, "agreement");
    fprintf(f->out, "<strong>%lld</strong> <span class=\"date\">", id);
    put(f, signed_on);
    fputs("</span> <span class=\"kind\">", f->out);
    put(f, kind);
    fputs("</span>", f->out);
    if (*title) {
        fputs(": <span class=\"title\">", f->out);
        put(f, title);
        fputs("</span>", f->out);
    }
}

static void html_item(struct report_form *f, const char *line)
{
    open_item(f, "item");
    put(f, line);
}

static void html_detail(struct report_form *f, const char *line)
{
    if (!state(f)->sub)
        fputs("<ul class=\"details\">", f->out), state(f)->sub = 1;
    fputs("<li>", f->out);
    put(f, line);
    fputs("</li>", f->out);
}

static void html_expiring(struct report_form *f, const char *day, const char *list)
{
    close_list(f);
    fputs("<p class=\"expiring\"><strong>Expiring within a year of ", f->out);
    put(f, day);
    fputs("</strong>: ", f->out);
    put(f, list);
    fputs("</p>\n", f->out);
}

static void html_source(struct report_form *f, size_t n, const char *citation, const char *url)
{
    char number[32];
    snprintf(number, sizeof number, "[%zu] ", n);
    open_item(f, "source");
    put(f, number);
    put(f, citation);
    html_detail(f, url);
}

static void html_end(struct report_form *f) { close_list(f); }

static const char style[] =
    "body{font:11pt/1.45 Georgia,'Times New Roman',serif;color:#111;max-width:52em;"
    "margin:2em auto;padding:0 1em}"
    "h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.4em}"
    "h3{font-size:1.05em;margin-top:1.2em;border-bottom:1px solid #999}"
    "ul{padding-left:1.4em}li{margin:.25em 0}ul.details{color:#333;font-size:.95em}"
    ".date,.kind{font-family:ui-monospace,monospace;font-size:.9em}"
    "p.day{color:#444}figure{margin:1em 0}figcaption{font-size:.85em;color:#444}"
    "svg{width:100%;height:auto}.map:empty{display:none}"
    "@page{margin:1.6cm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt}h1,h2,h3{break-after:avoid}"
    "li,figure{break-inside:avoid}}";

void report_print_html(FILE *out, json_t *report, int city)
{
    struct html_state st = {0};
    struct report_form f = {0,         html_title,  html_pictures, html_section, html_agreement,
                            html_item, html_detail, html_expiring, html_source,  html_end,
                            &st,       out};
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<title>",
          out);
    char *heading = report_heading(report, city);
    put(&f, heading);
    free(heading);
    fputs(" \u2013 twinreg report on ", out);
    put(&f, json_string_value(json_object_get(report, "day")));
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
    if (city)
        report_walk_city(&f, report);
    else
        report_walk_pair(&f, report, 1);
    f.end(&f);
    fputs("<p class=\"day\">Report on ", out);
    put(&f, json_string_value(json_object_get(report, "day")));
    fputs(", from the twinreg registry.</p>\n</body>\n</html>\n", out);
}
