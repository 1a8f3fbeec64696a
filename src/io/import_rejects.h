/* The rejects file of import (--rejects): every invalid record in the input's own format
 * and columns, plus why, so that a user fixes the file and imports it again. */
#ifndef TWINREG_IO_IMPORT_REJECTS_H
#define TWINREG_IO_IMPORT_REJECTS_H

#include <jansson.h>

#include "io/csv_read.h"
#include "twinreg/io/io.h"
#include "twinreg/io/output_file.h"

typedef struct {
    tr_output_file file;
    int open;
    tr_import_format format;
    char delimiter;
    size_t columns;      /* CSV: the header's, so that every row has as many */
    const char *section; /* JSON document: the section open, NULL before the first */
} rejects_file;

/* Creates or replaces `path` (replaced when closed with ok); `registry` is refused. */
int rejects_open(rejects_file *r, const char *path, const char *registry, tr_import_format format,
                 char delimiter, tr_error *err);
/* CSV: the input's header and a "reason" column. */
void rejects_csv_header(rejects_file *r, const csv_record *header);
/* CSV: the row's cells and its reason; a row the reader could not split (NULL) keeps
 * only its reason, which names its line. */
void rejects_csv_row(rejects_file *r, const csv_record *row, const char *reason);
/* NDJSON, or a JSON document's record of `section`: the record with a "reason" field. */
void rejects_json(rejects_file *r, const char *section, json_t *rec, const char *reason);
/* NDJSON: a line that is no JSON object, written as it was (it has no field to hold a
 * reason: the message gives it). */
void rejects_text(rejects_file *r, const char *text, size_t n);
/* Ends the file: kept when ok, else removed. 0 or -1 (TR_IO). */
int rejects_close(rejects_file *r, int ok, tr_error *err);

#endif
