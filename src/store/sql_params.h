/* `sql --param`: which value each of the query's parameters takes, on both engines, and
 * the server's form of the query ($1, $2... for :name). Private to the store. */
#ifndef TWINREG_STORE_SQL_PARAMS_H
#define TWINREG_STORE_SQL_PARAMS_H

#include <stddef.h>

#include "twinreg/core/error.h"
#include "twinreg/store/cursor.h"

/* For each of the query's parameters `query_names[i]` (without its sigil; NULL for an
 * unnamed `?`), the index in `p` of its value, into which[i]. TR_USAGE for an unnamed one,
 * one without a value, or a value no parameter takes. */
int st_sql_params_match(const char *const *query_names, size_t nq, const struct tr_sql_params *p,
                        size_t *which, tr_error *err);

/* The server's form of a query: each `:name` outside strings, quoted names, comments and
 * dollar quotes made `$k` (the same name, the same k; `::` casts left as they are). */
struct st_sql_numbered {
    char *text;
    char **names; /* names[k - 1] is $k's */
    size_t n;
};
int st_sql_params_numbered(const char *query, struct st_sql_numbered *out, tr_error *err);
void st_sql_numbered_free(struct st_sql_numbered *q);

#endif
