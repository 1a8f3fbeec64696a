/* Periods of days, as suspensions of an agreement are: from a first day to the first day
 * after (NULL: open), checked against each other and the agreement's days in force. */
#ifndef TWINREG_PERIOD_H
#define TWINREG_PERIOD_H

#include <stddef.h>

#include "twinreg/core/error.h"

/* Days are YYYY-MM-DD texts (tr_date_first_day), so that they compare as strings. */
typedef struct {
    const char *from;  /* first day of the period */
    const char *until; /* first day after it; NULL: open (until further notice) */
} tr_period;

/* 1 when the two periods share a day. */
int tr_period_overlaps(const tr_period *a, const tr_period *b);
/* 0 when `p` may be added beside `others` to an agreement in force from `start` to the day
 * before `stop` (either NULL: unbounded): not inverted, starting within those days, sharing
 * no day with another. Else TR_REJECTED with the reason. */
int tr_period_fits(const tr_period *p, const tr_period *others, size_t n, const char *start,
                   const char *stop, tr_error *err);

#endif
