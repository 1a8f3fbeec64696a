/* COPY's text format: columns separated by a tab, a row ended by a newline, NULL as \N. In
 * a value, a backslash, tab, newline or carriage return is escaped by a backslash, so that
 * no value can end its column or its row early (titles may hold tabs and newlines). Every
 * other byte goes as it is: all of UTF-8, since the connection's client_encoding is UTF8. */
#include "store/copy_text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

static int reserve(st_copy_rows *rows, size_t more)
{
    if (rows->len + more <= rows->cap)
        return 0;
    size_t cap = (rows->len + more) * 2;
    char *grown = realloc(rows->data, cap);
    if (!grown)
        return -1;
    rows->data = grown, rows->cap = cap;
    return 0;
}

int st_copy_text(st_copy_rows *rows, const char *text, int last)
{
    size_t n = 0;
    for (const char *p = text; p && *p; p++, n++)
        ;
    /* At worst every byte doubles; then \N or nothing, and the separator. */
    if (reserve(rows, n * 2 + 3) != 0)
        return -1;
    char *out = rows->data + rows->len;
    if (!text) {
        *out++ = '\\', *out++ = 'N';
    } else {
        for (const char *p = text; *p; p++) {
            char c = *p;
            char escaped = c == '\\'   ? '\\'
                           : c == '\t' ? 't'
                           : c == '\n' ? 'n'
                           : c == '\r' ? 'r'
                                       : 0;
            if (escaped)
                *out++ = '\\', *out++ = escaped;
            else
                *out++ = c;
        }
    }
    *out++ = last ? '\n' : '\t';
    rows->len = (size_t)(out - rows->data);
    return 0;
}

int st_copy_int(st_copy_rows *rows, int64_t value, int last)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRId64, value);
    return st_copy_text(rows, text, last);
}

int st_copy_double(st_copy_rows *rows, double value, int last)
{
    char text[32];
    snprintf(text, sizeof text, "%.17g", value);
    return st_copy_text(rows, text, last);
}

void st_copy_clear(st_copy_rows *rows) { rows->len = 0; }

void st_copy_free(st_copy_rows *rows)
{
    free(rows->data);
    *rows = (st_copy_rows){0};
}
