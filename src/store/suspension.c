/* Suspensions of an agreement: checked against its days in force and its other
 * suspensions (tr_period_fits), then written as one row each. */
#include "twinreg/store/suspension.h"

#include "store/util.h"
#include "twinreg/core/date.h"
#include "twinreg/core/period.h"
#include "twinreg/store/office.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An agreement has a handful of suspensions; more is a registry of another kind. */
#define MAX_SUSPENSIONS 256

/* What a new period is checked against: the agreement's days and its other suspensions,
 * as first days (the texts live in `days`). */
struct periods {
    char start[11], stop[11];
    int has_start, has_stop;
    tr_period list[MAX_SUSPENSIONS];
    char days[MAX_SUSPENSIONS][2][11];
    size_t n;
    int open; /* index of the open suspension, -1: none */
};

/* The first day `text` covers into `day` (a text the schema accepted: valid). */
static const char *first_day(const char *text, char day[11])
{
    tr_date d;
    tr_error ignored;
    tr_error_init(&ignored);
    if (!text || tr_date_parse(text, &d, "date", &ignored) != 0)
        return NULL;
    tr_date_first_day(&d, day);
    return day;
}

static int load_periods(tr_store *store, int64_t id, struct periods *p, tr_error *err)
{
    memset(p, 0, sizeof *p);
    p->open = -1;
    st_stmt *stmt =
        st_stmt_get(store, "SELECT start_day, stop_day FROM agreement_days WHERE id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    if (rc == ST_ROW) {
        const char *start = st_column_text(stmt, 0), *stop = st_column_text(stmt, 1);
        if ((p->has_start = start != NULL))
            snprintf(p->start, sizeof p->start, "%s", start);
        if ((p->has_stop = stop != NULL))
            snprintf(p->stop, sizeof p->stop, "%s", stop);
    }
    st_reset(stmt);
    if (rc != ST_ROW)
        return rc == ST_DONE
                   ? tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found", (long long)id)
                   : st_fail(store, "cannot read the agreement", err);
    stmt = st_stmt_get(store,
                       "SELECT suspended_on, resumed_on FROM agreement_suspensions "
                       "WHERE agreement_id = ?1 ORDER BY suspended_on",
                       err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    while ((rc = st_step(stmt)) == ST_ROW && p->n < MAX_SUSPENSIONS) {
        tr_period *q = &p->list[p->n];
        q->from = first_day(st_column_text(stmt, 0), p->days[p->n][0]);
        q->until = first_day(st_column_text(stmt, 1), p->days[p->n][1]);
        if (!q->until)
            p->open = (int)p->n;
        p->n += q->from != NULL;
    }
    st_reset(stmt);
    if (rc == ST_ROW)
        return tr_error_set(err, TR_REJECTED, "agreement %lld has %d suspensions already",
                            (long long)id, MAX_SUSPENSIONS);
    return rc == ST_DONE ? 0 : st_fail(store, "cannot read the suspensions", err);
}

static int may_write(tr_store *store, int64_t id, tr_error *err)
{
    return st_store_pg(store) ? tr_office_may_write_agreement(store, id, err) : 0;
}

int tr_suspension_add(tr_store *store, int64_t id, const tr_suspension *s, tr_error *err)
{
    struct periods *p = malloc(sizeof *p);
    if (!p)
        return tr_error_set(err, TR_IO, "out of memory");
    char from[11], until[11];
    tr_period np = {NULL, NULL};
    int rc = load_periods(store, id, p, err) != 0 || may_write(store, id, err) != 0 ||
                     st_check_date(s->on, "suspension date", 1, err) != 0 ||
                     st_check_date(s->until, "date it is suspended until", 0, err) != 0 ||
                     st_check_text(s->reason, "reason", 1000, 1, err) != 0 ||
                     st_check_text(s->source, "source", 2000, 0, err) != 0
                 ? -1
                 : 0;
    if (rc == 0) {
        np.from = first_day(s->on, from);
        np.until = first_day(s->until, until);
        rc = tr_period_fits(&np, p->list, p->n, p->has_start ? p->start : NULL,
                            p->has_stop ? p->stop : NULL, err);
    }
    free(p);
    if (rc != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO agreement_suspensions (agreement_id, suspended_on, "
                                "resumed_on, reason, source) VALUES (?1, ?2, ?3, ?4, ?5)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, s->on);
    st_bind_text(stmt, 3, s->until);
    st_bind_text(stmt, 4, s->reason);
    st_bind_text(stmt, 5, s->source && *s->source ? s->source : NULL);
    return st_step_done(store, stmt, "cannot record the suspension", err);
}

int tr_suspension_resume(tr_store *store, int64_t id, const char *on, tr_error *err)
{
    struct periods *p = malloc(sizeof *p);
    if (!p)
        return tr_error_set(err, TR_IO, "out of memory");
    char day[11], from[11] = "";
    int rc = load_periods(store, id, p, err) != 0 || may_write(store, id, err) != 0 ||
                     st_check_date(on, "resume date", 1, err) != 0
                 ? -1
                 : 0;
    if (rc == 0 && p->open < 0)
        rc = tr_error_set(err, TR_REJECTED, "cannot resume agreement %lld: it is not suspended",
                          (long long)id);
    if (rc == 0) {
        snprintf(from, sizeof from, "%s", p->list[p->open].from);
        if (strcmp(first_day(on, day), from) <= 0)
            rc = tr_error_set(err, TR_REJECTED,
                              "invalid resume date '%s': not after the suspension from %s", on,
                              from);
    }
    free(p);
    if (rc != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "UPDATE agreement_suspensions SET resumed_on = ?2 "
                                "WHERE agreement_id = ?1 AND resumed_on IS NULL",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, on);
    return st_step_done(store, stmt, "cannot record the resume", err);
}

int tr_suspension_clear(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt =
        st_stmt_get(store, "DELETE FROM agreement_suspensions WHERE agreement_id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    return st_step_done(store, stmt, "cannot clear the suspensions", err);
}
