/* Rows in the text format of PostgreSQL's COPY ... FROM STDIN, built in memory for the bulk
 * load (st_engine.copy_in). Private to the store. */
#ifndef TWINREG_STORE_COPY_TEXT_H
#define TWINREG_STORE_COPY_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *data; /* the rows so far, not NUL-terminated */
    size_t len, cap;
} st_copy_rows;

/* Appends a column: a text (NULL for SQL NULL) or an integer; `last` ends the row. -1 when
 * out of memory. */
int st_copy_text(st_copy_rows *rows, const char *text, int last);
int st_copy_int(st_copy_rows *rows, int64_t value, int last);
/* A finite number, to the last bit (as a bound parameter is sent). */
int st_copy_double(st_copy_rows *rows, double value, int last);
/* Forgets the rows, keeping the memory for the next ones. */
void st_copy_clear(st_copy_rows *rows);
void st_copy_free(st_copy_rows *rows);

#endif
