/* Status codes (one-to-one with the exit codes of the CLI contract) and the error record
 * filled once, at the place that knows why something failed. */
#ifndef TWINREG_ERROR_H
#define TWINREG_ERROR_H

typedef enum {
    TR_OK = 0,
    TR_USAGE = 2,      /* unknown command or option, missing argument */
    TR_NOT_FOUND = 3,  /* a named record does not exist or is ambiguous */
    TR_REJECTED = 4,   /* data rejected; nothing was written */
    TR_IO = 5,         /* database or file failure */
    TR_NOT_ALLOWED = 6 /* the database refused the user (PostgreSQL: permissions) */
} tr_status;

typedef struct tr_error {
    tr_status status;
    char message[512]; /* "<what failed>: <why>", without the program name */
    char *details;     /* extra lines (candidates of an ambiguous name), or NULL; owned */
} tr_error;

void tr_error_init(tr_error *err);
void tr_error_release(tr_error *err);
/* Sets the error unless one is already set (the first error wins). Returns -1 for
 * `return tr_error_set(...)`. */
int tr_error_set(tr_error *err, tr_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Appends one line to err->details. */
void tr_error_add_detail(tr_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
