/* Import of a file: format detection, the all-or-nothing rule and --skip-invalid, counts
 * and progress. The readers of each format feed run_record; the importer (import.c) holds
 * each record's writes in a savepoint. */
#include "io/import_run.h"

#include "twinreg/core/id.h"
#include "twinreg/store/agreement_twins.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *const tr_import_format_names[] = {"auto", "json", "ndjson", "csv"};

#define PROGRESS_EVERY 5000
#define BETWEEN_EVERY 5000

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* A JSON document and NDJSON both start with '{': NDJSON's first line is a whole record
 * with a "type" (its header has a "format" too); a document's first line is rarely
 * whole, and never has a "type". */
static tr_import_format guess_from_content(const char *data, size_t n)
{
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", data[i]))
        i++;
    if (i == n) /* nothing but blanks: CSV, which says the header is missing */
        return TR_IMPORT_CSV;
    if (data[i] != '{')
        return data[i] == '[' ? TR_IMPORT_JSON : TR_IMPORT_CSV;
    size_t len = 0; /* the first line, to any line end (reader_line's: LF, CR, CRLF) */
    while (i + len < n && data[i + len] != '\n' && data[i + len] != '\r')
        len++;
    json_t *first = json_loadb(data + i, len, 0, NULL);
    /* NDJSON's own header names its format too */
    json_t *type = json_object_get(first, "type");
    int typed = json_is_string(type) && (!json_object_get(first, "format") ||
                                         strcmp(json_string_value(type), "header") == 0);
    json_decref(first);
    return typed ? TR_IMPORT_NDJSON : TR_IMPORT_JSON;
}

/* Settles the format: the option, else the extension, else the content. */
static int settle_format(tr_import *im, const char *ext, tr_error *err)
{
    im->format = im->opt.format;
    if (im->format == TR_IMPORT_AUTO) {
        if (strcasecmp(ext, "json") == 0)
            im->format = TR_IMPORT_JSON;
        else if (strcasecmp(ext, "ndjson") == 0 || strcasecmp(ext, "jsonl") == 0)
            im->format = TR_IMPORT_NDJSON;
        else if (strcasecmp(ext, "csv") == 0 || strcasecmp(ext, "tsv") == 0)
            im->format = TR_IMPORT_CSV;
    }
    if (im->format == TR_IMPORT_AUTO) {
        size_t n;
        const char *data = reader_peek(&im->reader, &n, err);
        if (!data)
            return -1;
        im->format = guess_from_content(data, n);
    }
    im->delimiter = im->opt.delimiter             ? im->opt.delimiter
                    : strcasecmp(ext, "tsv") == 0 ? '\t'
                                                  : ',';
    return 0;
}

static tr_import *import_new(const tr_import_options *opt, tr_error *err)
{
    if (import_csv_check_mapping(opt, err) != 0)
        return NULL;
    tr_import *im = calloc(1, sizeof *im);
    if (!im) {
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    im->opt = *opt;
    tr_error_init(&im->rejected);
    return im;
}

/* The rejects file replaces its target when the import ends: never the input itself. */
static int check_rejects(const char *input, const tr_import_options *opt, tr_error *err)
{
    struct stat in, out;
    if (opt->rejects && !*opt->rejects)
        return tr_error_set(err, TR_USAGE, "--rejects: wants a file name");
    if (opt->rejects && strcmp(input, "-") != 0 && stat(input, &in) == 0 &&
        stat(opt->rejects, &out) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
        return tr_error_set(err, TR_USAGE, "--rejects '%s' is the input file: name another one",
                            opt->rejects);
    return 0;
}

tr_import *tr_import_open(const char *path, const tr_import_options *opt, tr_error *err)
{
    if (check_rejects(path, opt, err) != 0)
        return NULL;
    tr_import *im = import_new(opt, err);
    if (!im)
        return NULL;
    if (reader_open(&im->reader, path, err) != 0 ||
        (opt->rerunnable && reader_keep(&im->reader, err) != 0) ||
        settle_format(im, strcmp(path, "-") == 0 ? "" : extension(path), err) != 0) {
        tr_import_close(im);
        return NULL;
    }
    return im;
}

tr_import *tr_import_open_stream(FILE *stream, const char *name, const tr_import_options *opt,
                                 tr_error *err)
{
    tr_import *im = import_new(opt, err);
    if (!im)
        return NULL;
    reader_open_stream(&im->reader, stream, name);
    if ((opt->rerunnable && reader_keep(&im->reader, err) != 0) ||
        settle_format(im, extension(name), err) != 0) {
        tr_import_close(im);
        return NULL;
    }
    return im;
}

tr_import_format tr_import_format_of(const tr_import *im) { return im->format; }
const tr_import_counts *tr_import_counts_of(const tr_import *im) { return &im->counts; }

size_t tr_import_reasons(tr_import *im, const tr_import_reason **groups)
{
    *groups = im->reasons.groups;
    return im->reasons.n;
}

long tr_import_reasons_other(const tr_import *im) { return im->reasons.other; }

int tr_import_close_rejects(tr_import *im, tr_error *err)
{
    return rejects_close(&im->rejects, 1, err);
}

int run_type_index(const char *type)
{
    for (int t = 0; type && t < TR_REC_TYPES; t++)
        if (strcmp(type, tr_record_types[t]) == 0)
            return t;
    return -1;
}

void tr_import_close(tr_import *im)
{
    if (!im)
        return;
    tr_error ignored;
    tr_error_init(&ignored);
    rejects_close(&im->rejects, 0, &ignored); /* not finished: removed */
    tr_error_release(&ignored);
    reasons_clear(&im->reasons);
    reader_close(&im->reader);
    tr_error_release(&im->rejected);
    free(im);
}

static void progress(tr_import *im, int done)
{
    if (im->opt.on_progress && (done || im->records % PROGRESS_EVERY == 0))
        im->opt.on_progress(im->opt.user, im->records, done);
}

/* The invalid record as the input had it, with its reason, into the rejects file. */
static void write_reject(tr_import *im, long line, const char *reason)
{
    if (im->format == TR_IMPORT_CSV) {
        char why[300];
        if (!im->current.row) /* the row could not be split: its line tells where it is */
            snprintf(why, sizeof why, "line %ld: %s", line, reason);
        rejects_csv_row(&im->rejects, im->current.row, im->current.row ? reason : why);
    } else if (im->current.rec) {
        rejects_json(&im->rejects, im->current.section, im->current.rec, reason);
    } else if (im->current.text) {
        rejects_text(&im->rejects, im->current.text, im->current.text_len);
    }
}

void run_invalid(tr_import *im, long line, const char *reason)
{
    im->invalid++;
    im->records++;
    reasons_add(&im->reasons, reason);
    if (im->current.type >= 0)
        im->skipped_by_type[im->current.type]++;
    write_reject(im, line, reason);
    if (im->opt.skip_invalid) {
        if (im->opt.on_skip && im->invalid > im->skips_told) /* not again in a run again */
            im->opt.on_skip(im->opt.user, im->reader.name, line, reason);
        if (im->invalid > im->skips_told)
            im->skips_told = im->invalid;
    } else if (im->invalid <= IMPORT_MAX_REPORTED) {
        tr_error_add_detail(&im->rejected, "  %s:%ld: %s", im->reader.name, line, reason);
    }
    progress(im, 0);
}

/* The importer's watch, with the line of the record it merged. */
static void watch_agreement(void *user, int64_t id, const json_t *rec, const json_t *before,
                            const json_t *after)
{
    tr_import *im = user;
    im->opt.on_agreement(im->opt.user, im->line, id, rec, before, after);
}

int run_record(tr_import *im, long line, const char *type, json_t *rec, tr_error *err)
{
    if (im->opt.between && im->records > 0 && im->records % BETWEEN_EVERY == 0 &&
        im->opt.between(im->opt.user, err) != 0)
        return -1;
    tr_import_counts before = *tr_importer_counts(im->imp);
    tr_error why;
    tr_error_init(&why);
    if (json_is_object(rec)) /* what a rejects file adds: the fixed file goes back in */
        json_object_del(rec, "reason");
    im->line = line;
    int rc = tr_importer_record(im->imp, type, rec, &why);
    if (rc == 0 || why.status == TR_IO) {
        if (rc != 0) { /* the database failed, not the record: the import stops */
            tr_error_set(err, TR_IO, "%s", why.message);
            tr_error_release(&why);
            return -1;
        }
        tr_error_release(&why);
        im->records++;
        progress(im, 0);
        return 0;
    }
    /* An invalid record: the importer undid what it wrote; what it counted goes too. */
    *tr_importer_counts(im->imp) = before;
    run_invalid(im, line, why.message);
    tr_error_release(&why);
    return 0;
}

/* A run after the first (tr_import_options.rerunnable): the input from its start, and
 * nothing counted or collected yet. */
static int run_again(tr_import *im, tr_error *err)
{
    if (!im->opt.rerunnable)
        return tr_error_set(err, TR_IO, "internal error: the import has read its input");
    im->records = im->invalid = 0;
    im->counts = (tr_import_counts){0};
    memset(im->skipped_by_type, 0, sizeof im->skipped_by_type);
    reasons_clear(&im->reasons);
    if (rejects_close(&im->rejects, 0, err) != 0)
        return -1;
    tr_error_release(&im->rejected);
    tr_error_init(&im->rejected);
    return reader_rewind(&im->reader, err);
}

struct twins {
    tr_import *im;
    long n;
};

static int tell_twin(const tr_agreement_twin *twin, void *ctx)
{
    struct twins *t = ctx;
    if (++t->n > t->im->twins_told && t->n <= IMPORT_MAX_REPORTED) {
        char message[512];
        tr_agreement_twin_message(twin, message, sizeof message);
        t->im->opt.on_warning(t->im->opt.user, t->im->reader.name, message);
    }
    return 0;
}

/* The new agreements (ids above `floor`) that may be an earlier one entered again. */
static int tell_twins(tr_import *im, int64_t floor, tr_error *err)
{
    struct twins t = {im, 0};
    if (!im->opt.on_warning ||
        tr_agreement_twins(im->store, floor + 1, TR_ID_MAX, tr_importer_lone(im->imp), tell_twin,
                           &t, err) != 0)
        return im->opt.on_warning ? -1 : 0;
    if (t.n > IMPORT_MAX_REPORTED && t.n > im->twins_told) {
        char more[128];
        snprintf(more, sizeof more,
                 "%ld more new agreements are between the same cities as an "
                 "earlier one",
                 t.n - IMPORT_MAX_REPORTED);
        im->opt.on_warning(im->opt.user, im->reader.name, more);
    }
    if (t.n > im->twins_told)
        im->twins_told = t.n;
    return 0;
}

int tr_import_run(tr_import *im, tr_store *store, tr_error *err)
{
    if (im->runs++ > 0 && run_again(im, err) != 0)
        return -1;
    im->store = store;
    im->current.type = -1;
    if (im->opt.rejects && rejects_open(&im->rejects, im->opt.rejects, tr_store_path(store),
                                        im->format, im->delimiter, err) != 0)
        return -1;
    if (!(im->imp = tr_importer_new(store, err)))
        return -1;
    if (im->opt.keep_existing)
        tr_importer_keep_existing(im->imp);
    if (im->opt.update_coordinates)
        tr_importer_update_coordinates(im->imp);
    if (im->opt.on_agreement)
        tr_importer_watch(im->imp, watch_agreement, im);
    int64_t agreements_before = tr_store_sequence(store, "agreements");
    tr_importer_countries(im->imp, im->opt.countries);
    int (*readers[])(tr_import *, tr_error *) = {NULL, import_json_document, import_ndjson,
                                                 import_csv};
    int rc = readers[im->format](im, err);
    int rejected = rc == 0 && im->invalid > 0 && !im->opt.skip_invalid;
    if (rc == 0 && !rejected) /* the last queued agreements, the deferred indexes */
        rc = tr_importer_finish(im->imp, err);
    if (rc == 0 && !rejected)
        rc = tell_twins(im, agreements_before, err);
    im->counts = *tr_importer_counts(im->imp);
    im->counts.skipped = im->opt.skip_invalid ? im->invalid : 0;
    if (im->opt.skip_invalid)
        memcpy(im->counts.skipped_by_type, im->skipped_by_type, sizeof im->skipped_by_type);
    reasons_sort(&im->reasons);
    tr_importer_free(im->imp); /* after a failure, the caller's rollback undoes the rest */
    im->imp = NULL;
    progress(im, 1);
    if (rejected) {
        tr_error_set(err, TR_REJECTED,
                     "cannot import '%s': %ld invalid record%s, nothing written%s", im->reader.name,
                     im->invalid, im->invalid == 1 ? "" : "s",
                     im->invalid > IMPORT_MAX_REPORTED ? " (the first 20 follow)" : "");
        err->details = im->rejected.details;
        im->rejected.details = NULL;
        return -1;
    }
    return rc;
}
