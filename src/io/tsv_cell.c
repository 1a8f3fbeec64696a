/* TSV cells, as text/tab-separated-values readers and PostgreSQL's COPY text format read
 * them: a tab or line break inside a value cannot be quoted, so it is escaped. And what
 * tells TSV from CSV, for the writers of both. */
#include "twinreg/io/io.h"

void tr_tsv_celln(FILE *out, const char *s, size_t n)
{
    size_t plain = 0; /* bytes not yet written that need no escape, written in one go */
    for (size_t i = 0; i < n; i++) {
        const char *escape = i == 0 && s[i] == '"' ? "\\\"" /* not read as a CSV quote */
                             : s[i] == '\t'        ? "\\t"
                             : s[i] == '\n'        ? "\\n"
                             : s[i] == '\r'        ? "\\r"
                             : s[i] == '\\'        ? "\\\\"
                             : s[i] == '\0'        ? "\\0"
                                                   : NULL;
        if (!escape)
            continue;
        fwrite(s + plain, 1, i - plain, out);
        fputs(escape, out);
        plain = i + 1;
    }
    fwrite(s + plain, 1, n - plain, out);
}

void tr_delimited_celln(FILE *out, int tsv, const char *s, size_t n)
{
    if (tsv)
        tr_tsv_celln(out, s, n);
    else
        tr_csv_celln(out, s, n);
}

void tr_delimited_separator(FILE *out, int tsv) { fputc(tsv ? '\t' : ',', out); }

void tr_delimited_end(FILE *out, int tsv) { fputs(tsv ? "\n" : "\r\n", out); }
