/* NDJSON lines read and parsed on a second thread while the import writes the records
 * before them: parsing (jansson) was a fifth of a bulk import, and the machine has a core
 * to spare for it. Lines travel in chunks through a small bounded queue, so memory stays
 * a few thousand records whatever the file's size. */
#ifndef TWINREG_IO_NDJSON_PIPE_H
#define TWINREG_IO_NDJSON_PIPE_H

#include <jansson.h>

#include "io/reader.h"

/* One non-blank line: its record, or why it is not one. Both belong to the pipe and are
 * valid until the next ndjson_pipe_next: the reading thread frees what it allocated
 * (freeing another thread's allocations costs glibc a lock on that thread's arena). */
typedef struct {
    long line;
    json_t *rec;      /* NULL when the line is invalid */
    const char *why;  /* NULL when rec is set */
    const char *text; /* the line as it was, when rec is NULL (n bytes) */
    size_t text_len;
} ndjson_line;

typedef struct ndjson_pipe ndjson_pipe;

/* Starts reading `reader` (which the pipe then uses alone until stopped). */
ndjson_pipe *ndjson_pipe_start(tr_reader *reader, tr_error *err);
/* 1 and the next line, or 0 at the end of the input (err set when reading failed). */
int ndjson_pipe_next(ndjson_pipe *p, ndjson_line *out, tr_error *err);
/* Stops the reading thread, wherever it is, and frees what was not handed out. */
void ndjson_pipe_stop(ndjson_pipe *p);

#endif
