/* CSV records (RFC 4180, any one-byte delimiter): quoted fields may hold the delimiter,
 * doubled quotes and line breaks. */
#ifndef TWINREG_IO_CSV_READ_H
#define TWINREG_IO_CSV_READ_H

#include "io/reader.h"

typedef struct {
    char **fields; /* NUL-terminated cells, valid until the next read */
    size_t n;
    long line; /* the line the record starts on */
    /* storage */
    char *text;
    size_t text_len, text_cap, *offsets, fields_cap;
} csv_record;

/* Reads the next record, skipping blank lines: 1 read, 0 at the end, -1 on a malformed
 * record (an unterminated quote, text after a closing quote, a NUL byte: err says which
 * line; r->line is past it, so the caller may go on) or a read error. */
int csv_read(tr_reader *r, char delimiter, csv_record *rec, tr_error *err);
void csv_record_free(csv_record *rec);

#endif
