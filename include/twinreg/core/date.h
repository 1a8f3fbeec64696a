/* Partial dates: YYYY, YYYY-MM or YYYY-MM-DD, validated, kept with the precision given. */
#ifndef TWINREG_DATE_H
#define TWINREG_DATE_H

#include "twinreg/core/error.h"

typedef enum { TR_DATE_YEAR = 1, TR_DATE_MONTH = 2, TR_DATE_DAY = 3 } tr_date_precision;

typedef struct {
    int year, month, day; /* month/day are 0 when not given */
    tr_date_precision precision;
} tr_date;

/* Parses and validates `text` (1992-02-30, "last year", "92" are rejected with TR_REJECTED;
 * `what` names the field in the message). */
int tr_date_parse(const char *text, tr_date *out, const char *what, tr_error *err);
/* Writes the date as given ("1992", "1992-10", "1992-10-19"); buf needs 11 bytes. */
void tr_date_format(const tr_date *d, char buf[11]);
/* Writes the first day the date covers (a partial date counts as its first day). */
void tr_date_first_day(const tr_date *d, char buf[11]);
/* 1 when `a` is certainly before `b` (both texts tr_date_parse accepts): they are compared at
 * the coarser of their two precisions, since "1992" may be the same day as "1992-07-09" or
 * after it. So "1992-06" and "1991" are before "1992-07-09"; "1992", "1992-07" and the day
 * itself are not. The one definition of "before" for the order of an agreement's dates. */
int tr_date_certainly_before(const char *a, const char *b);
/* The day `span` after `day` (YYYY-MM-DD): a span is a whole number from 1 and a unit, y, m
 * or d ("1y", "6m", "90d"); a month or year later on a day the month lacks is its last day.
 * A malformed span, or one past 9999, is TR_USAGE naming `what` ("--within"). */
int tr_date_add_span(const char *day, const char *span, char out[11], const char *what,
                     tr_error *err);
/* Today in local time, as YYYY-MM-DD. */
void tr_date_today(char buf[11]);

#endif
