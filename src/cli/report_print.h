/* The report as a page for a person: a plain table, Markdown an office can hand on, or a
 * printable HTML page. One walk of the report's JSON says what the report holds and words
 * each line; a form says how its parts are written. */
#ifndef TWINREG_CLI_REPORT_PRINT_H
#define TWINREG_CLI_REPORT_PRINT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/* How one form writes the parts the walk hands it, in the walk's order. */
struct report_form {
    int padded; /* a plain table: columns padded to their width */
    /* A title: 1 the page's, 2 a pair's under a city's report. */
    void (*title)(struct report_form *f, int level, const char *text);
    /* After a pair's title, before its sections (the page's drawings). */
    void (*pictures)(struct report_form *f, json_t *pair);
    void (*section)(struct report_form *f, int level, const char *name);
    /* An agreement's line: its id, signing date (or "(undated)"), kind and title. */
    void (*agreement)(struct report_form *f, long long id, const char *signed_on, const char *kind,
                      const char *title);
    void (*item)(struct report_form *f, const char *text);
    void (*detail)(struct report_form *f, const char *text); /* of the item before it */
    void (*expiring)(struct report_form *f, const char *day, const char *list);
    void (*source)(struct report_form *f, size_t n, const char *citation, const char *url);
    void (*end)(struct report_form *f); /* after the last part */
    void *state;
    FILE *out; /* where the form writes: standard output, or report --output's file */
};

/* Walks one relationship (tr_report) under a title of `level`. */
/* The report's first heading ("Seoul (KR) – Mexico City (MX)", or a city's "Seoul (KR): 3
 * partners on ..."), owned by the caller: also the HTML page's <title>. NULL when out of
 * memory. */
char *report_heading(json_t *report, int city);
void report_walk_pair(struct report_form *f, json_t *report, int level);
/* Walks one city's report: {day, city, partners: [pair reports]}. */
void report_walk_city(struct report_form *f, json_t *report);

/* The table or Markdown form, to `out`. */
void report_print_pair(FILE *out, json_t *report, int markdown, int level);
void report_print_city(FILE *out, json_t *report, int markdown);
/* The printable page (report_html.c): a pair's report, or with `city` a city's. */
void report_print_html(FILE *out, json_t *report, int city);

#endif
