/* A buffered input for import: a named file or standard input, read in chunks, handed
 * out line by line (NDJSON, CSV) or whole (the JSON document), with line numbers. The
 * first chunk can be looked at before anything is consumed, to guess the format. */
#ifndef TWINREG_IO_READER_H
#define TWINREG_IO_READER_H

#include <stdio.h>

#include "twinreg/core/error.h"

typedef struct {
    FILE *file;
    int owned;      /* the reader opened the file and closes it */
    char name[256]; /* for messages: the path, or "standard input" */
    char *buf;      /* unread data is buf[pos, len); one spare byte for a NUL */
    size_t pos, len, cap;
    int eof;
    int bom_checked; /* the byte order mark is looked for once, at the start */
    long line;       /* number of the last line handed out (1-based) */
    long start; /* where the input starts in the file, once reader_keep made it readable again */
} tr_reader;

/* Opens `path` ("-" is standard input). TR_IO when it cannot be read. */
int reader_open(tr_reader *r, const char *path, tr_error *err);
/* Reads an open stream (not closed by reader_close); `name` is for messages. */
void reader_open_stream(tr_reader *r, FILE *stream, const char *name);
void reader_close(tr_reader *r);
/* Before anything is read: makes the input readable again from its start (reader_rewind).
 * Input that cannot seek (a pipe) is first copied to a temporary file. TR_IO on failure. */
int reader_keep(tr_reader *r, tr_error *err);
/* Back to the start of the input that reader_keep kept: the same lines, numbered again. */
int reader_rewind(tr_reader *r, tr_error *err);
/* Up to the first 64 KiB, without consuming them (a UTF-8 byte order mark skipped). */
const char *reader_peek(tr_reader *r, size_t *n, tr_error *err);
/* The next line without its end (LF, CRLF or a CR alone: classic Mac files have no LF),
 * NUL-terminated, valid until the next call;
 * NULL at the end of the input (err unset) or on a read error (err set). A line holding
 * a NUL byte has *n > strlen(line), which callers reject. */
char *reader_line(tr_reader *r, size_t *n, tr_error *err);
/* The rest of the input as one NUL-terminated buffer (owned by the reader). */
char *reader_all(tr_reader *r, size_t *n, tr_error *err);

#endif
