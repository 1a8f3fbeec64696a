/* The cursor's insides, shared by the named queries (cursor.c) and `sql` (sql_reader.c). */
#ifndef TWINREG_STORE_CURSOR_IMPL_H
#define TWINREG_STORE_CURSOR_IMPL_H

#include "store/engine.h"
#include "store/store_internal.h"
#include "twinreg/store/cursor.h"

/* The limits of an `sql` query while it runs. */
struct st_sql_clock {
    struct tr_sql_limits limits;
    double spent;        /* seconds spent in earlier steps */
    double step_started; /* monotonic clock when the current step began */
    int timed_out, out_of_memory;
};

struct tr_cursor {
    tr_store *store;
    st_stmt *stmt; /* of the statement API (engine.h): either engine */
    const char *what;
    struct st_sql_clock *clock; /* `sql` only; NULL for a named query */
};

/* A cursor over `stmt` (taken over: finalized by tr_cursor_close, or here on failure). */
int st_cursor_new(tr_store *store, st_stmt *stmt, const char *what, tr_cursor **out, tr_error *err);
/* `sql`'s own failure words (sql_reader.c) for the step that just failed: the query's
 * fault (TR_REJECTED) or the database's (TR_IO). */
int st_sql_fail(tr_cursor *c, tr_error *err);
/* st_step, counting its time against the `sql` limits. */
int st_sql_step(tr_cursor *c);
/* Ends the time limit's watch of the reader's connection (the cursor closes). */
void st_sql_stop_clock(tr_cursor *c);

#endif
