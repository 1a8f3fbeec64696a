/* The import of one file, shared by the readers of each format (import_json.c,
 * import_csv.c): every record goes through run_record, whose importer holds it in a savepoint so
 * that an invalid record is undone alone and either collected (all or nothing) or
 * skipped (--skip-invalid). */
#ifndef TWINREG_IO_IMPORT_RUN_H
#define TWINREG_IO_IMPORT_RUN_H

#include "io/import_reasons.h"
#include "io/import_rejects.h"
#include "io/reader.h"
#include "twinreg/io/io.h"

#define IMPORT_MAX_REPORTED 20

struct tr_import {
    tr_import_options opt;
    tr_import_format format;
    tr_reader reader;
    char delimiter;
    /* during tr_import_run */
    tr_store *store;
    tr_importer *imp;
    tr_import_counts counts;
    long records, invalid;
    long line;         /* of the record being merged, for on_agreement */
    long runs;         /* of tr_import_run: a run after the first reads the input again */
    long skips_told;   /* records told to on_skip: a run again tells only those after them */
    long twins_told;   /* warnings told to on_warning: the same rule */
    tr_error rejected; /* the collected "FILE:LINE: reason" lines */
    reason_groups reasons;
    long skipped_by_type[TR_REC_TYPES];
    rejects_file rejects;
    /* The record being read, set by the reader before run_record or run_invalid: what the
     * rejects file writes of it and the type it is counted under. */
    struct {
        int type;              /* TR_REC_*, or -1 when unknown */
        const char *section;   /* a JSON document's section */
        const csv_record *row; /* CSV: NULL when the row could not be split */
        json_t *rec;           /* NDJSON, a JSON document */
        const char *text;      /* NDJSON: a line that is no record */
        size_t text_len;
    } current;
};

/* The record type named `type` (TR_REC_*), or -1. */
int run_type_index(const char *type);

/* Merges one record of `type` that starts on `line`. Returns -1 only when the import
 * cannot go on (a database or I/O failure, err set); an invalid record returns 0. */
int run_record(tr_import *im, long line, const char *type, json_t *rec, tr_error *err);
/* A record found invalid before it could be merged (malformed line): collected or skipped. */
void run_invalid(tr_import *im, long line, const char *reason);

int import_json_document(tr_import *im, tr_error *err);
int import_ndjson(tr_import *im, tr_error *err);
int import_csv(tr_import *im, tr_error *err);
/* CSV: checks the mapping options before anything is read (TR_USAGE when wrong). */
int import_csv_check_mapping(const tr_import_options *opt, tr_error *err);

#endif
