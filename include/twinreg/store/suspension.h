/* Suspensions of an agreement (issue 16): kept, but not in force from a day to the day it
 * is resumed (or an --until day). The rules of periods are twinreg/core/period.h's. */
#ifndef TWINREG_SUSPENSION_H
#define TWINREG_SUSPENSION_H

#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/store/store.h"

/* A suspension as given (partial dates allowed, each counting from its first day). The
 * decision that suspended it joins here when decisions are records (issue 16's decisions). */
typedef struct {
    const char *on;     /* first day suspended (required) */
    const char *until;  /* first day in force again; NULL: until a resume */
    const char *reason; /* required, one line of text */
    const char *source; /* a URL, or NULL */
} tr_suspension;

/* Adds a suspension of agreement `id`: TR_NOT_FOUND for an unknown agreement; TR_REJECTED
 * for an empty reason, a date out of order, a period that overlaps another or starts
 * outside the agreement's days in force. */
int tr_suspension_add(tr_store *store, int64_t id, const tr_suspension *s, tr_error *err);
/* Closes the open suspension of `id` on `on` (its first day in force again): TR_REJECTED
 * when none is open or `on` is not after its start. */
int tr_suspension_resume(tr_store *store, int64_t id, const char *on, tr_error *err);
/* Removes every suspension of `id` (an import replaces them with the file's). */
int tr_suspension_clear(tr_store *store, int64_t id, tr_error *err);

#endif
