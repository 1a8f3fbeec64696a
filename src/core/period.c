/* Periods of days (twinreg/core/period.h): the overlap and order rules of suspensions,
 * kept apart from the database so that they are tested as plain values. */
#include "twinreg/core/period.h"

#include <string.h>

int tr_period_overlaps(const tr_period *a, const tr_period *b)
{
    /* Half-open [from, until): they share a day when each starts before the other ends. */
    return (!b->until || strcmp(a->from, b->until) < 0) &&
           (!a->until || strcmp(b->from, a->until) < 0);
}

int tr_period_fits(const tr_period *p, const tr_period *others, size_t n, const char *start,
                   const char *stop, tr_error *err)
{
    if (p->until && strcmp(p->until, p->from) <= 0)
        return tr_error_set(err, TR_REJECTED,
                            "invalid suspension: it ends (%s) before it starts (%s)", p->until,
                            p->from);
    if (start && strcmp(p->from, start) < 0)
        return tr_error_set(err, TR_REJECTED,
                            "invalid suspension from %s: before the agreement is in force (%s)",
                            p->from, start);
    if (stop && strcmp(p->from, stop) >= 0)
        return tr_error_set(err, TR_REJECTED,
                            "invalid suspension from %s: the agreement is no longer in force "
                            "from %s",
                            p->from, stop);
    for (size_t i = 0; i < n; i++)
        if (tr_period_overlaps(p, &others[i]))
            return tr_error_set(
                err, TR_REJECTED,
                "invalid suspension from %s: it overlaps the suspension from %s%s%s", p->from,
                others[i].from, others[i].until ? " to " : " (open)",
                others[i].until ? others[i].until : "");
    return 0;
}
