/* The NDJSON pipe: one producer thread (read, skip blank lines, parse), one consumer (the
 * import), a ring of chunks between them guarded by a mutex; a lock per chunk of lines,
 * not per line. Chunks the consumer is done with go back to the producer, which frees
 * their records: no object is touched by both threads at once. */
#include "io/ndjson_pipe.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_LINES 256
#define CHUNKS 8 /* in flight: at most 2,048 parsed lines */

/* A parsed line as the producer keeps it (it frees rec and why). */
typedef struct {
    long line;
    json_t *rec;
    char *why;
    char *text; /* the line, when it is no record (for a rejects file) */
    size_t text_len;
} parsed_line;

typedef struct chunk {
    parsed_line lines[CHUNK_LINES];
    size_t n, next;      /* filled; handed out */
    struct chunk *spent; /* the next chunk of the spent list */
} chunk;

struct ndjson_pipe {
    tr_reader *reader;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed; /* a chunk was queued or taken, or the pipe ends */
    chunk *queue[CHUNKS];
    size_t head, count;
    int done; /* the producer has queued its last chunk */
    int stop; /* the consumer wants no more */
    tr_error read_error;
    chunk *current; /* the consumer's chunk */
    chunk *spent;   /* chunks the consumer is done with, for the producer to free */
};

/* Frees a chunk's lines and the chunk. */
static void free_chunk(chunk *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        json_decref(c->lines[i].rec);
        free(c->lines[i].why);
        free(c->lines[i].text);
    }
    free(c);
}

/* The producer frees what the consumer handed back. */
static void free_spent(ndjson_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    chunk *c = p->spent;
    p->spent = NULL;
    pthread_mutex_unlock(&p->lock);
    while (c) {
        chunk *next = c->spent;
        free_chunk(c);
        c = next;
    }
}

/* One line into c: its record or why not. 0, or -1 when out of memory. */
static int parse_line(chunk *c, long at, const char *line, size_t n)
{
    parsed_line *out = &c->lines[c->n];
    *out = (parsed_line){.line = at};
    if (strlen(line) != n) {
        out->why = strdup("a NUL byte in the data");
    } else {
        json_error_t jerr;
        out->rec = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr);
        if (!out->rec) {
            char why[256];
            snprintf(why, sizeof why, "invalid JSON: %s", jerr.text);
            out->why = strdup(why);
        }
    }
    if (!out->rec && (!out->why || !(out->text = malloc(n + 1)))) {
        free(out->why);
        return -1;
    }
    if (out->text)
        memcpy(out->text, line, n), out->text[n] = '\0', out->text_len = n;
    c->n++;
    return 0;
}

/* Queues a chunk, waiting for room; 0, or -1 when the consumer stopped. */
static int put_chunk(ndjson_pipe *p, chunk *c)
{
    pthread_mutex_lock(&p->lock);
    while (p->count == CHUNKS && !p->stop)
        pthread_cond_wait(&p->changed, &p->lock);
    int stopped = p->stop;
    if (!stopped) {
        p->queue[(p->head + p->count) % CHUNKS] = c;
        p->count++;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return stopped ? -1 : 0;
}

/* The cleanup of a cancelled read: the chunk being filled. */
static void drop_chunk(void *arg) { free_chunk(*(chunk **)arg); }

/* reader_line, the one place the thread may be cancelled: a consumer that stops early
 * must not wait for a writer that keeps standard input open. */
static char *read_line(ndjson_pipe *p, chunk **c, size_t *n, tr_error *err)
{
    char *line;
    pthread_cleanup_push(drop_chunk, c);
    pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
    line = reader_line(p->reader, n, err);
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    pthread_cleanup_pop(0);
    return line;
}

static void *produce(void *arg)
{
    ndjson_pipe *p = arg;
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
    tr_error err;
    tr_error_init(&err);
    chunk *c = NULL;
    for (;;) {
        size_t n;
        char *line = read_line(p, &c, &n, &err);
        if (!line)
            break;
        if (strspn(line, " \t\r") == n)
            continue; /* a blank line */
        if (!c)
            free_spent(p);
        if (!c && !(c = calloc(1, sizeof *c))) {
            tr_error_set(&err, TR_IO, "out of memory");
            break;
        }
        if (parse_line(c, p->reader->line, line, n) != 0) {
            tr_error_set(&err, TR_IO, "out of memory");
            break;
        }
        if (c->n == CHUNK_LINES) {
            if (put_chunk(p, c) != 0) {
                free_chunk(c);
                c = NULL;
                break;
            }
            c = NULL;
        }
    }
    if (c && (err.status || put_chunk(p, c) != 0))
        free_chunk(c);
    pthread_mutex_lock(&p->lock);
    p->read_error = err; /* handed over: released by ndjson_pipe_stop */
    p->done = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

ndjson_pipe *ndjson_pipe_start(tr_reader *reader, tr_error *err)
{
    ndjson_pipe *p = calloc(1, sizeof *p);
    if (!p) {
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    p->reader = reader;
    tr_error_init(&p->read_error);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(&p->thread, NULL, produce, p) != 0) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->changed);
        free(p);
        tr_error_set(err, TR_IO, "cannot start the reading thread");
        return NULL;
    }
    return p;
}

int ndjson_pipe_next(ndjson_pipe *p, ndjson_line *out, tr_error *err)
{
    while (!p->current || p->current->next == p->current->n) {
        pthread_mutex_lock(&p->lock);
        if (p->current) { /* done with it: back to the producer */
            p->current->spent = p->spent;
            p->spent = p->current;
            p->current = NULL;
        }
        while (p->count == 0 && !p->done)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->count > 0) {
            p->current = p->queue[p->head];
            p->head = (p->head + 1) % CHUNKS;
            p->count--;
            pthread_cond_broadcast(&p->changed);
        }
        int at_end = !p->current;
        pthread_mutex_unlock(&p->lock);
        if (at_end) { /* done, and everything handed out */
            if (p->read_error.status)
                tr_error_set(err, p->read_error.status, "%s", p->read_error.message);
            return 0;
        }
    }
    size_t i = p->current->next++;
    const parsed_line *l = &p->current->lines[i];
    *out = (ndjson_line){l->line, l->rec, l->why, l->text, l->text_len};
    return 1;
}

void ndjson_pipe_stop(ndjson_pipe *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    /* A thread waiting for room sees `stop`; one blocked reading (a pipe its writer keeps
     * open) is cancelled there, and only there. */
    pthread_cancel(p->thread);
    pthread_join(p->thread, NULL);
    free_spent(p);
    free_chunk(p->current);
    for (size_t i = 0; i < p->count; i++)
        free_chunk(p->queue[(p->head + i) % CHUNKS]);
    tr_error_release(&p->read_error);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->changed);
    free(p);
}
