/* Buffered import input: see reader.h. */
#include "io/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK (64 * 1024)

int reader_open(tr_reader *r, const char *path, tr_error *err)
{
    memset(r, 0, sizeof *r);
    if (strcmp(path, "-") == 0) {
        r->file = stdin;
        snprintf(r->name, sizeof r->name, "standard input");
        return 0;
    }
    snprintf(r->name, sizeof r->name, "%s", path);
    struct stat st;
    /* A directory opens for reading on Linux and fails only at the first read. */
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return tr_error_set(err, TR_IO, "cannot read '%s': %s", path, strerror(EISDIR));
    if (!(r->file = fopen(path, "rb")))
        return tr_error_set(err, TR_IO, "cannot read '%s': %s", path, strerror(errno));
    r->owned = 1;
    return 0;
}

void reader_open_stream(tr_reader *r, FILE *stream, const char *name)
{
    memset(r, 0, sizeof *r);
    r->file = stream;
    snprintf(r->name, sizeof r->name, "%s", name);
}

void reader_close(tr_reader *r)
{
    if (r->owned)
        fclose(r->file);
    free(r->buf);
    memset(r, 0, sizeof *r);
}

int reader_keep(tr_reader *r, tr_error *err)
{
    if ((r->start = ftell(r->file)) >= 0 && fseek(r->file, r->start, SEEK_SET) == 0)
        return 0;
    FILE *copy = tmpfile(); /* removed by the system once closed */
    if (!copy)
        return tr_error_set(err, TR_IO, "cannot read '%s': %s", r->name, strerror(errno));
    char chunk[CHUNK];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, r->file)) > 0)
        if (fwrite(chunk, 1, got, copy) != got)
            break;
    if (ferror(r->file) || ferror(copy) || fflush(copy) != 0) {
        int why = errno ? errno : EIO;
        fclose(copy);
        return tr_error_set(err, TR_IO, "cannot read '%s': %s", r->name, strerror(why));
    }
    if (r->owned)
        fclose(r->file);
    r->file = copy, r->owned = 1, r->start = 0;
    return reader_rewind(r, err);
}

int reader_rewind(tr_reader *r, tr_error *err)
{
    clearerr(r->file);
    if (fseek(r->file, r->start, SEEK_SET) != 0)
        return tr_error_set(err, TR_IO, "cannot read '%s' again: %s", r->name, strerror(errno));
    r->pos = r->len = 0;
    r->eof = r->bom_checked = 0;
    r->line = 0;
    return 0;
}

/* Reads one more chunk after the unread data, moving it to the front and growing the
 * buffer as needed. Returns the number of bytes added (0 at the end), -1 on error. */
static long fill(tr_reader *r, tr_error *err)
{
    if (r->eof)
        return 0;
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    if (r->cap - r->len < CHUNK + 1) {
        size_t cap = r->cap ? r->cap * 2 : CHUNK + 1;
        while (cap - r->len < CHUNK + 1)
            cap *= 2;
        char *grown = realloc(r->buf, cap);
        if (!grown)
            return tr_error_set(err, TR_IO, "cannot read '%s': out of memory", r->name);
        r->buf = grown;
        r->cap = cap;
    }
    size_t got = fread(r->buf + r->len, 1, CHUNK, r->file);
    if (got == 0) {
        if (ferror(r->file))
            return tr_error_set(err, TR_IO, "cannot read '%s': %s", r->name,
                                strerror(errno ? errno : EIO));
        r->eof = 1;
    }
    r->len += got;
    /* A byte order mark is not data (spreadsheets write one before CSV). */
    if (!r->bom_checked && (r->len >= 3 || r->eof)) {
        r->bom_checked = 1;
        if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
            r->pos = 3;
    }
    return (long)got;
}

const char *reader_peek(tr_reader *r, size_t *n, tr_error *err)
{
    while (!r->eof && r->len - r->pos < CHUNK)
        if (fill(r, err) < 0)
            return NULL;
    if (!r->buf && fill(r, err) < 0)
        return NULL;
    *n = r->len - r->pos;
    return r->buf ? r->buf + r->pos : "";
}

/* The first line end in [from, to): LF, or a CR (alone, or the CR of a CRLF); NULL if none. */
static char *line_end(char *from, char *to)
{
    char *nl = memchr(from, '\n', (size_t)(to - from));
    char *cr = memchr(from, '\r', (size_t)((nl ? nl : to) - from));
    return cr ? cr : nl;
}

char *reader_line(tr_reader *r, size_t *n, tr_error *err)
{
    size_t scanned = 0;
    for (;;) {
        char *start = r->buf ? r->buf + r->pos : NULL;
        size_t avail = r->len - r->pos;
        char *end = start ? line_end(start + scanned, start + avail) : NULL;
        /* A CR at the end of the data read so far may be the first half of a CRLF. */
        if (end && *end == '\r' && end + 1 == start + avail && !r->eof) {
            scanned = (size_t)(end - start);
            if (fill(r, err) < 0)
                return NULL;
            continue;
        }
        if (end || (r->eof && avail > 0)) {
            size_t len = end ? (size_t)(end - start) : avail;
            size_t ending = !end                                                        ? 0
                            : *end == '\r' && end + 1 < start + avail && end[1] == '\n' ? 2
                                                                                        : 1;
            r->pos += len + ending;
            start[len] = '\0'; /* the line end, or the spare byte after the last line */
            r->line++;
            *n = len;
            return start;
        }
        if (r->eof)
            return NULL;
        scanned = avail;
        long got = fill(r, err);
        if (got < 0)
            return NULL;
    }
}

char *reader_all(tr_reader *r, size_t *n, tr_error *err)
{
    long got;
    do
        got = fill(r, err);
    while (got > 0);
    if (got < 0)
        return NULL;
    if (!r->buf && fill(r, err) < 0)
        return NULL;
    *n = r->len - r->pos;
    if (!r->buf)
        return NULL;
    r->buf[r->len] = '\0';
    return r->buf + r->pos;
}
