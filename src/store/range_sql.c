/* Which range table a statement of the store writes, read from its text: the statement
 * cache refuses such a write unless it comes through st_range_stmt (see util.h). Read from
 * the text, not from SQLite's authorizer: an authorizer on the connection slowed every
 * prepare of a short command (agreement add: +15%). */
#include "store/bulk_parts.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* Skips blanks; the length of the SQL word (letters, digits, _) that starts at *p. */
static size_t next_word(const char **p)
{
    while (**p == ' ' || **p == '\t' || **p == '\n')
        ++*p;
    size_t n = 0;
    while (((*p)[n] >= 'a' && (*p)[n] <= 'z') || ((*p)[n] >= 'A' && (*p)[n] <= 'Z') ||
           ((*p)[n] >= '0' && (*p)[n] <= '9') || (*p)[n] == '_')
        n++;
    return n;
}

/* Takes the next word: 1 when it is `keyword` (any case). */
static int take(const char **p, const char *keyword)
{
    size_t n = next_word(p);
    int same = n == strlen(keyword) && strncasecmp(*p, keyword, n) == 0;
    *p += n;
    return same;
}

int st_range_table_written(const char *sql)
{
    const char *p = sql, *verb = sql;
    size_t n = next_word(&verb);
    if (n == 6 && (strncasecmp(verb, "INSERT", 6) == 0 || strncasecmp(verb, "DELETE", 6) == 0 ||
                   strncasecmp(verb, "UPDATE", 6) == 0)) {
        p = verb + 6;
    } else if (n == 7 && strncasecmp(verb, "REPLACE", 7) == 0) {
        p = verb + 7;
    } else {
        return ST_NO_RANGE_TABLE; /* SELECT, SAVEPOINT, PRAGMA, ...: the store writes no WITH */
    }
    if (strncasecmp(verb, "DELETE", 6) == 0) {
        if (!take(&p, "FROM"))
            return ST_NO_RANGE_TABLE;
    } else if (strncasecmp(verb, "UPDATE", 6) == 0) {
        const char *peek = p;
        if (take(&peek, "OR")) /* UPDATE OR conflict table */
            p = peek, take(&p, "");
    } else { /* INSERT [OR conflict] INTO table */
        while (!take(&p, "INTO"))
            if (next_word(&p) == 0)
                return ST_NO_RANGE_TABLE;
    }
    char table[32];
    n = next_word(&p);
    if (n == 0 || n >= sizeof table)
        return ST_NO_RANGE_TABLE;
    memcpy(table, p, n);
    table[n] = '\0';
    if (strcmp(table, "cities") == 0)
        return TR_RANGE_CITIES;
    if (strcmp(table, "agreements") == 0 || strcmp(table, "agreement_parties") == 0)
        return TR_RANGE_AGREEMENTS; /* an agreement's parties are in its range */
    return ST_NO_RANGE_TABLE;
}
