/* CSV reading: see csv_read.h. */
#include "io/csv_read.h"

#include <stdlib.h>
#include <string.h>

static int put(csv_record *rec, char c)
{
    if (rec->text_len + 1 >= rec->text_cap) {
        size_t cap = rec->text_cap ? rec->text_cap * 2 : 1024;
        char *grown = realloc(rec->text, cap);
        if (!grown)
            return -1;
        rec->text = grown;
        rec->text_cap = cap;
    }
    rec->text[rec->text_len++] = c;
    return 0;
}

static int start_field(csv_record *rec)
{
    if (rec->n == rec->fields_cap) {
        size_t cap = rec->fields_cap ? rec->fields_cap * 2 : 32;
        size_t *offsets = realloc(rec->offsets, cap * sizeof *offsets);
        if (!offsets)
            return -1;
        rec->offsets = offsets;
        char **fields = realloc(rec->fields, cap * sizeof *fields);
        if (!fields)
            return -1;
        rec->fields = fields;
        rec->fields_cap = cap;
    }
    rec->offsets[rec->n++] = rec->text_len;
    return 0;
}

static int out_of_memory(tr_error *err)
{
    return tr_error_set(err, TR_IO, "cannot read the CSV file: out of memory");
}

/* The byte at line[*i] (moving *i past it), or -1 for an escaped NUL. In a tab-separated
 * file an unquoted backslash starts an escape, as PostgreSQL's COPY text format and
 * twinreg's own TSV write them (tr_tsv_celln): \t \n \r for a tab, line feed and carriage
 * return, \0 for a NUL (which no text holds: refused), and a backslash before any other
 * byte stands for that byte (\\ for one backslash, \" for a quote that starts a value). */
static int tab_escape(char delimiter, const char *line, size_t *i)
{
    unsigned char c = (unsigned char)line[(*i)++];
    if (delimiter != '\t' || c != '\\' || line[*i] == '\0')
        return c;
    c = (unsigned char)line[(*i)++];
    return c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c == '0' ? -1 : c;
}

int csv_read(tr_reader *r, char delimiter, csv_record *rec, tr_error *err)
{
    size_t len;
    char *line;
    do {
        if (!(line = reader_line(r, &len, err)))
            return err->status ? -1 : 0;
    } while (len == 0);
    rec->n = rec->text_len = 0;
    rec->line = r->line;
    if (strlen(line) != len)
        return tr_error_set(err, TR_REJECTED, "line %ld: a NUL byte in the data", rec->line);
    size_t i = 0;
    for (;;) { /* one field per turn */
        if (start_field(rec) != 0)
            return out_of_memory(err);
        if (line[i] == '"') {
            i++;
            for (;;) {
                if (line[i] == '\0') { /* a line break inside quotes belongs to the field */
                    if (!(line = reader_line(r, &len, err)))
                        return err->status
                                   ? -1
                                   : tr_error_set(err, TR_REJECTED,
                                                  "line %ld: a quoted field is never closed",
                                                  rec->line);
                    if (strlen(line) != len)
                        return tr_error_set(err, TR_REJECTED, "line %ld: a NUL byte in the data",
                                            r->line);
                    i = 0;
                    if (put(rec, '\n') != 0)
                        return out_of_memory(err);
                    continue;
                }
                if (line[i] == '"' && line[i + 1] != '"')
                    break;
                if (line[i] == '"')
                    i++;
                if (put(rec, line[i++]) != 0)
                    return out_of_memory(err);
            }
            i++; /* the closing quote */
            if (line[i] != '\0' && line[i] != delimiter)
                return tr_error_set(err, TR_REJECTED, "line %ld: text after a closing quote",
                                    r->line);
        } else {
            while (line[i] != '\0' && line[i] != delimiter) {
                int c = tab_escape(delimiter, line, &i);
                if (c < 0)
                    return tr_error_set(err, TR_REJECTED, "line %ld: a NUL byte in the data (\\0)",
                                        r->line);
                if (put(rec, (char)c) != 0)
                    return out_of_memory(err);
            }
        }
        if (put(rec, '\0') != 0)
            return out_of_memory(err);
        if (line[i] == '\0')
            break;
        i++; /* the delimiter */
    }
    for (size_t f = 0; f < rec->n; f++)
        rec->fields[f] = rec->text + rec->offsets[f];
    return 1;
}

void csv_record_free(csv_record *rec)
{
    free(rec->text);
    free(rec->offsets);
    free(rec->fields);
    memset(rec, 0, sizeof *rec);
}
