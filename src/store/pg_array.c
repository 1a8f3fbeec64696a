/* Splitting array_out's text ({a,"b c"}) into a JSON array: one pass, no JSON parser. Only
 * an element with a quote or a backslash in it is copied to be unescaped. */
#include "store/pg_array.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A quoted element at s (after its opening quote): its text, unescaped, then *end past its
 * closing quote. NULL when the quote is not closed. */
static json_t *quoted(const char *s, const char **end)
{
    size_t n = strcspn(s, "\"\\");
    if (s[n] == '"') { /* nothing escaped: the common case */
        *end = s + n + 1;
        return json_stringn(s, n);
    }
    char *text = malloc(strlen(s) + 1);
    if (!text)
        return NULL;
    size_t len = 0;
    while (*s && *s != '"') {
        if (*s == '\\' && s[1])
            s++;
        text[len++] = *s++;
    }
    json_t *item = *s == '"' ? json_stringn(text, len) : NULL;
    free(text);
    *end = *s ? s + 1 : s;
    return item;
}

/* An unquoted element of n bytes at s: array_out quotes any text that could be read as
 * NULL, so a bare NULL is one. */
static json_t *bare(const char *s, size_t n, int integers)
{
    if (n == 4 && strncasecmp(s, "NULL", 4) == 0)
        return json_null();
    if (!integers)
        return json_stringn(s, n);
    char *after;
    long long v = strtoll(s, &after, 10);
    return n > 0 && after == s + n ? json_integer(v) : NULL;
}

json_t *st_pg_array_json(const char *text, int integers)
{
    json_t *list = json_array();
    const char *s = text;
    if (!list || *s++ != '{')
        goto bad;
    if (*s == '}' && !s[1])
        return list;
    for (;;) {
        json_t *item;
        if (*s == '"') {
            item = quoted(s + 1, &s);
        } else {
            size_t n = strcspn(s, ",}");
            item = bare(s, n, integers);
            s += n;
        }
        if (json_array_append_new(list, item) != 0)
            goto bad;
        if (*s == ',')
            s++;
        else if (*s == '}' && !s[1])
            return list;
        else
            goto bad;
    }
bad:
    json_decref(list);
    return NULL;
}
