/* The error record: first error wins, details are extra lines for the user. */
#include "twinreg/core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tr_error_init(tr_error *err)
{
    err->status = TR_OK;
    err->message[0] = '\0';
    err->details = NULL;
}

void tr_error_release(tr_error *err)
{
    free(err->details);
    tr_error_init(err);
}

int tr_error_set(tr_error *err, tr_status status, const char *fmt, ...)
{
    if (!err || err->status != TR_OK)
        return -1;
    err->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

void tr_error_add_detail(tr_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = err->details ? strlen(err->details) : 0;
    char *grown = realloc(err->details, old + strlen(line) + 2);
    if (!grown)
        return;
    memcpy(grown + old, line, strlen(line));
    grown[old + strlen(line)] = '\n';
    grown[old + strlen(line) + 1] = '\0';
    err->details = grown;
}
