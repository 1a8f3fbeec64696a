/* Splitting array_out's text ({a,"b c"}) in one pass, without a JSON parser. Only an
 * element with a quote or a backslash in it is copied to be unescaped. */
#include "store/pg_array.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void st_pg_array_begin(st_pg_array_reader *r, const char *text)
{
    r->at = text;
    r->scratch = NULL;
    r->cap = 0;
}

void st_pg_array_done(st_pg_array_reader *r)
{
    free(r->scratch);
    r->scratch = NULL;
    r->cap = 0;
}

/* A quoted element at s (after its opening quote), unescaped when it must be; *end past
 * its closing quote. -1 when the quote is not closed. */
static int quoted(st_pg_array_reader *r, const char *s, const char **item, size_t *len,
                  const char **end)
{
    size_t n = strcspn(s, "\"\\");
    if (s[n] == '"') { /* nothing escaped: the common case */
        *item = s, *len = n, *end = s + n + 1;
        return 1;
    }
    size_t need = strlen(s) + 1;
    if (need > r->cap) {
        char *grown = realloc(r->scratch, need);
        if (!grown)
            return -1;
        r->scratch = grown, r->cap = need;
    }
    size_t out = 0;
    while (*s && *s != '"') {
        if (*s == '\\' && s[1])
            s++;
        r->scratch[out++] = *s++;
    }
    if (*s != '"')
        return -1;
    *item = r->scratch, *len = out, *end = s + 1;
    return 1;
}

int st_pg_array_next(st_pg_array_reader *r, const char **item, size_t *len)
{
    const char *s = r->at;
    if (*s == '}') /* after the last element: its end was checked then */
        return 0;
    if (*s == '{' && s[1] == '}') /* an empty array */
        return s[2] ? -1 : (r->at = s + 1, 0);
    if (*s != '{' && *s != ',')
        return -1;
    s++;
    const char *end;
    if (*s == '"') {
        if (quoted(r, s + 1, item, len, &end) != 1)
            return -1;
    } else {
        size_t n = strcspn(s, ",}");
        if (n == 0) /* array_out quotes an empty text */
            return -1;
        /* array_out quotes any text that could be read as NULL, so a bare NULL is one. */
        *item = n == 4 && strncasecmp(s, "NULL", 4) == 0 ? NULL : s;
        *len = *item ? n : 0;
        end = s + n;
    }
    if ((*end == '}' && end[1]) || (*end != '}' && *end != ','))
        return -1;
    r->at = end;
    return 1;
}
