/* A PostgreSQL array's text form read as a JSON array, for lists a query aggregates with
 * array_agg: cheaper for the client to split than json_agg's text is to parse. */
#ifndef TWINREG_STORE_PG_ARRAY_H
#define TWINREG_STORE_PG_ARRAY_H

#include <jansson.h>

/* Reads array_out's text of a one-dimensional array ({a,"b c",NULL}) into a new JSON array
 * of strings, or of integers when `integers`; an unquoted NULL is null. NULL when the text
 * is not such an array (or memory runs out). */
json_t *st_pg_array_json(const char *text, int integers);

#endif
