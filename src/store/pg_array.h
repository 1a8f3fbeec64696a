/* A PostgreSQL array's text form (array_out's, one dimension: {a,"b c",NULL}), read element
 * by element, for lists a query aggregates with array_agg: cheaper for the client to split
 * than json_agg's text is to parse. */
#ifndef TWINREG_STORE_PG_ARRAY_H
#define TWINREG_STORE_PG_ARRAY_H

#include <stddef.h>

typedef struct {
    const char *at; /* the next element, or the '{' before the first */
    char *scratch;  /* an element with an escape, unescaped (grown; st_pg_array_done frees) */
    size_t cap;
} st_pg_array_reader;

void st_pg_array_begin(st_pg_array_reader *r, const char *text);
/* 1 with the next element in *item and *len (*item NULL for a bare NULL, which array_out
 * never writes for a text: it quotes one), 0 after the last, -1 when the text is not such
 * an array or memory runs out. */
int st_pg_array_next(st_pg_array_reader *r, const char **item, size_t *len);
void st_pg_array_done(st_pg_array_reader *r);

#endif
