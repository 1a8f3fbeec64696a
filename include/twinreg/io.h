/* Interchange: the registry as a JSON document or NDJSON records, streamed record by
 * record (memory does not grow with the registry). */
#ifndef TWINREG_IO_H
#define TWINREG_IO_H

#include <stdio.h>

#include "twinreg/store.h"

#define TR_FORMAT_NAME "twinreg"
#define TR_FORMAT_VERSION 1
/* How records are printed everywhere: one line, UTF-8 kept, reals round-trip. */
#define TR_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

int tr_export_json(tr_store *store, FILE *out, tr_error *err);
int tr_export_ndjson(tr_store *store, FILE *out, tr_error *err);
/* One agreement per row with its parties' names and countries. */
int tr_export_csv(tr_store *store, FILE *out, tr_error *err);
/* Writes one CSV cell, quoted when it holds a comma, quote or line break (RFC 4180). */
void tr_csv_cell(FILE *out, const char *s);

#endif

/* ---- import ---- */

typedef struct {
    long inserted, updated, unchanged, skipped;
} tr_import_counts;

typedef struct tr_importer tr_importer;

/* An importer merges interchange records into the registry by natural key (a city by
 * name and country or wikidata id, an agreement by parties, kind and signing date, a
 * framework or program by code, a source by url, an organization by name). The caller
 * holds the transaction. File ids are keys local to the file. */
tr_importer *tr_importer_new(tr_store *store);
void tr_importer_free(tr_importer *imp);
/* Merges one record of `type` (source, city, organization, framework, agreement, program). */
int tr_importer_record(tr_importer *imp, const char *type, json_t *rec, tr_error *err);
const tr_import_counts *tr_importer_counts(const tr_importer *imp);
/* Merges a whole interchange document (checks format and version). */
int tr_import_document(tr_importer *imp, json_t *doc, tr_error *err);
