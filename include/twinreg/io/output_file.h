/* Writing a named output file, the one way every command does it (export, backup, and
 * the map, report and rejects files to come): what may be replaced, how, and what is
 * refused. */
#ifndef TWINREG_OUTPUT_FILE_H
#define TWINREG_OUTPUT_FILE_H

#include <stdio.h>

#include "twinreg/core/error.h"

/* The temporary file of a replacement is ".NAME" TR_OUTPUT_TMP_MARK "XXXXXX" beside NAME:
 * hidden, and named for what it is. One left by a killed command is removed by the next
 * write of the same NAME (a live writer holds a lock on its own). */
#define TR_OUTPUT_TMP_MARK ".twinreg-tmp."

enum {
    /* A SQLite database (backup): no stream is opened, the caller writes `tmp` itself; a
     * device or FIFO is refused; an existing file, or its leftover -wal, -journal or -shm,
     * is refused unless TR_OUTPUT_FORCE, which removes the leftovers before the rename. */
    TR_OUTPUT_DATABASE = 1,
    TR_OUTPUT_FORCE = 2,
    /* The missing folders of the name are made first (backup DEST, as mkdir -p would). */
    TR_OUTPUT_MAKE_FOLDERS = 4
};

typedef struct tr_output_file {
    FILE *stream;     /* where to write (NULL with TR_OUTPUT_DATABASE) */
    const char *name; /* as given, for messages */
    char path[4096];  /* the file written: the name, or the end of its chain of symlinks */
    char tmp[4096];   /* the temporary file renamed onto path; "" when written directly */
    int fd;           /* the temporary file, locked while it is written; -1 when none */
    unsigned mode;    /* the permissions it takes */
    int flags;
    int in_place; /* path is a link to an open file (/dev/stdout): written, not replaced */
} tr_output_file;

/* Opens `name` for writing. A regular file (or a missing one) is replaced atomically by a
 * temporary file beside it renamed when complete; a symlink is followed and its target
 * replaced; a device or FIFO is written directly, and so is a link to an open file
 * (/dev/stdout, /dev/fd/N: a regular file there is appended to, as the shell opened it). Refused
 * with TR_REJECTED: the registry `registry` (when not NULL) or one of its -wal, -shm or -journal
 * files, under any name, and (without TR_OUTPUT_DATABASE) any SQLite database file. Other failures
 * are TR_IO. */
int tr_output_open(tr_output_file *f, const char *name, const char *registry, int flags,
                   tr_error *err);
/* Finishes the file: when `ok`, flushes it to the disk and renames the temporary file
 * onto its target (write errors, a device's included, are TR_IO); otherwise, or on any
 * failure, removes the temporary file. Returns 0 or -1. */
int tr_output_close(tr_output_file *f, int ok, tr_error *err);

#endif
