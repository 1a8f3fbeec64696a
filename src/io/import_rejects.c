/* The rejects file of import: CSV rows with the header's columns and a "reason" column,
 * NDJSON lines or a JSON document's records with a "reason" field (which import ignores,
 * so the fixed file goes back in as it is). */
#include "io/import_rejects.h"

#include <string.h>

int rejects_open(rejects_file *r, const char *path, const char *registry, tr_import_format format,
                 char delimiter, tr_error *err)
{
    *r = (rejects_file){.format = format, .delimiter = delimiter};
    if (tr_output_open(&r->file, path, registry, 0, err) != 0)
        return -1;
    r->open = 1;
    if (format == TR_IMPORT_JSON)
        fprintf(r->file.stream, "{\"format\": \"%s\", \"version\": %d", TR_FORMAT_NAME,
                TR_FORMAT_VERSION);
    return 0;
}

/* A cell quoted as the input's delimiter needs (tr_csv_cell quotes for a comma). */
static void cell(rejects_file *r, const char *s)
{
    int quoted = strchr(s, r->delimiter) || strpbrk(s, "\"\r\n");
    if (!quoted) {
        fputs(s, r->file.stream);
        return;
    }
    fputc('"', r->file.stream);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', r->file.stream);
        fputc(*s, r->file.stream);
    }
    fputc('"', r->file.stream);
}

static void csv_line(rejects_file *r, const csv_record *rec, size_t n, const char *last)
{
    for (size_t c = 0; c < n; c++) {
        cell(r, rec && c < rec->n ? rec->fields[c] : "");
        fputc(r->delimiter, r->file.stream);
    }
    cell(r, last);
    fputc('\n', r->file.stream);
}

void rejects_csv_header(rejects_file *r, const csv_record *header)
{
    if (!r->open)
        return;
    r->columns = header->n;
    csv_line(r, header, header->n, "reason");
}

void rejects_csv_row(rejects_file *r, const csv_record *row, const char *reason)
{
    if (!r->open)
        return;
    /* A row of another width keeps its own cells: they are what the user must fix. */
    csv_line(r, row, row && row->n != r->columns ? row->n : r->columns, reason);
}

void rejects_json(rejects_file *r, const char *section, json_t *rec, const char *reason)
{
    if (!r->open)
        return;
    json_t *copy = json_is_object(rec) ? json_copy(rec) : json_incref(rec);
    if (json_is_object(copy))
        json_object_set_new(copy, "reason", json_string(reason));
    if (r->format == TR_IMPORT_JSON) {
        int same = r->section && strcmp(r->section, section) == 0;
        if (!same)
            fprintf(r->file.stream, "%s,\n\"%s\": [\n", r->section ? "\n]" : "", section);
        else
            fputs(",\n", r->file.stream);
        r->section = section;
    }
    json_dumpf(copy, r->file.stream, TR_JSON_FLAGS | JSON_ENCODE_ANY);
    if (r->format != TR_IMPORT_JSON)
        fputc('\n', r->file.stream);
    json_decref(copy);
}

void rejects_text(rejects_file *r, const char *text, size_t n)
{
    if (!r->open)
        return;
    fwrite(text, 1, n, r->file.stream);
    fputc('\n', r->file.stream);
}

int rejects_close(rejects_file *r, int ok, tr_error *err)
{
    if (!r->open)
        return 0;
    r->open = 0;
    if (r->format == TR_IMPORT_JSON)
        fprintf(r->file.stream, "%s}\n", r->section ? "\n]\n" : "\n");
    return tr_output_close(&r->file, ok, err);
}
