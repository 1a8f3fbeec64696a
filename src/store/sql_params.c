/* Named parameters for `sql`: matched to the user's --param values by name, and on a
 * server numbered, since libpq knows only $1, $2... The scan of the query skips what the
 * server's lexer reads as one token: '...' and E'...' strings, "..." names, -- and nested
 * slash-star comments, and $tag$...$tag$ bodies, so a ':x' inside any of them stays text. */
#include "store/sql_params.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int st_sql_params_match(const char *const *query_names, size_t nq, const struct tr_sql_params *p,
                        size_t *which, tr_error *err)
{
    for (size_t i = 0; i < nq; i++) {
        if (!query_names[i])
            return tr_error_set(err, TR_USAGE,
                                "sql: parameter %zu of the query has no name: write :name and "
                                "give --param name=VALUE",
                                i + 1);
        size_t k = 0;
        while (k < p->n && strcmp(p->names[k], query_names[i]) != 0)
            k++;
        if (k == p->n)
            return tr_error_set(err, TR_USAGE, "sql: no value for :%s (give --param %s=VALUE)",
                                query_names[i], query_names[i]);
        which[i] = k;
    }
    for (size_t k = 0; k < p->n; k++) {
        size_t i = 0;
        while (i < nq && !(query_names[i] && strcmp(p->names[k], query_names[i]) == 0))
            i++;
        if (i == nq)
            return tr_error_set(err, TR_USAGE, "sql: --param %s: the query has no :%s", p->names[k],
                                p->names[k]);
    }
    return 0;
}

static int name_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static int name_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The length of the token at p that no parameter can be inside, or 0. */
static size_t opaque(const char *p)
{
    const char *q = p;
    if (*p == '\'' || *p == '"' || ((*p == 'E' || *p == 'e') && p[1] == '\'')) {
        int backslash = *p != '\'' && *p != '"'; /* E'...': \' escapes too */
        char quote = backslash ? *++q : *q;
        for (q++; *q; q++) {
            if (backslash && *q == '\\' && q[1])
                q++;
            else if (*q == quote && q[1] == quote)
                q++; /* a doubled quote is one character */
            else if (*q == quote)
                return (size_t)(q + 1 - p);
        }
        return (size_t)(q - p);
    }
    if (p[0] == '-' && p[1] == '-')
        return strcspn(p, "\n");
    if (p[0] == '/' && p[1] == '*') {
        int depth = 0;
        for (; *q; q++) {
            if (q[0] == '/' && q[1] == '*')
                depth++, q++;
            else if (q[0] == '*' && q[1] == '/' && --depth == 0)
                return (size_t)(q + 2 - p);
            else if (q[0] == '*' && q[1] == '/')
                q++;
        }
        return (size_t)(q - p);
    }
    if (*p == '$') { /* $tag$ ... $tag$, tag empty or a name */
        size_t tag = 1;
        while (name_char(p[tag]) && !isdigit((unsigned char)p[1]))
            tag++;
        if (p[tag] != '$')
            return 0;
        tag++;
        const char *end = p + tag;
        while ((end = strchr(end, '$')) && strncmp(end, p, tag) != 0)
            end++;
        return end ? (size_t)(end + tag - p) : strlen(p);
    }
    return 0;
}

void st_sql_numbered_free(struct st_sql_numbered *q)
{
    for (size_t i = 0; i < q->n; i++)
        free(q->names[i]);
    free(q->names);
    free(q->text);
    memset(q, 0, sizeof *q);
}

/* The number of `name` (len bytes) among q's names, adding it when new: 0 when out of
 * memory. */
static size_t number_of(struct st_sql_numbered *q, const char *name, size_t len)
{
    for (size_t i = 0; i < q->n; i++)
        if (strlen(q->names[i]) == len && strncmp(q->names[i], name, len) == 0)
            return i + 1;
    char **more = realloc(q->names, (q->n + 1) * sizeof *more);
    if (!more)
        return 0;
    q->names = more;
    if (!(q->names[q->n] = strndup(name, len)))
        return 0;
    return ++q->n;
}

/* Appends n bytes to q->text (used bytes so far, cap allocated): 0, or -1 when out of
 * memory. */
static int append(struct st_sql_numbered *q, size_t *used, size_t *cap, const char *s, size_t n)
{
    if (*used + n + 1 > *cap) {
        char *more = realloc(q->text, *cap = 2 * (*used + n + 1));
        if (!more)
            return -1;
        q->text = more;
    }
    memcpy(q->text + *used, s, n);
    q->text[ *used += n] = '\0';
    return 0;
}

int st_sql_params_numbered(const char *query, struct st_sql_numbered *out, tr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t used = 0, cap = 0;
    int oom = append(out, &used, &cap, "", 0) != 0;
    for (const char *p = query; !oom && *p;) {
        size_t take = opaque(p);
        if (!take && p[0] == ':' && p[1] == ':') {
            take = 2; /* a cast */
        } else if (!take && p[0] == ':' && name_start(p[1])) {
            size_t n = 1;
            while (name_char(p[1 + n]))
                n++;
            size_t k = number_of(out, p + 1, n);
            char number[24];
            int len = snprintf(number, sizeof number, "$%zu", k);
            oom = !k || append(out, &used, &cap, number, (size_t)len) != 0;
            p += 1 + n;
            continue;
        }
        take = take ? take : 1;
        oom = append(out, &used, &cap, p, take) != 0;
        p += take;
    }
    if (oom) {
        st_sql_numbered_free(out);
        return tr_error_set(err, TR_IO, "sql: out of memory");
    }
    return 0;
}
