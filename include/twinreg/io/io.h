/* Interchange: the registry as a JSON document or NDJSON records, streamed record by
 * record (memory does not grow with the registry). */
#ifndef TWINREG_IO_H
#define TWINREG_IO_H

#include <jansson.h>
#include <stdio.h>

#include "twinreg/core/country.h"
#include "twinreg/store/agreement_match.h"
#include "twinreg/store/agreement_twins.h"
#include "twinreg/store/store.h"

#define TR_FORMAT_NAME "twinreg"
#define TR_FORMAT_VERSION 1
/* How records are printed everywhere: one line, UTF-8 kept, reals round-trip. */
#define TR_JSON_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

int tr_export_json(tr_store *store, FILE *out, tr_error *err);
int tr_export_ndjson(tr_store *store, FILE *out, tr_error *err);
/* One agreement per row with its parties' names and countries. */
int tr_export_csv(tr_store *store, FILE *out, tr_error *err);
/* The same rows as CSV (RFC 4180, CRLF) or TSV (tr_tsv_celln's cells, LF), with or without
 * the header line. */
typedef struct {
    int tsv;
    int no_header;
} tr_delimited;
int tr_export_delimited(tr_store *store, FILE *out, const tr_delimited *opt, tr_error *err);
/* A GeoJSON FeatureCollection: cities with coordinates as points, agreements as lines
 * between their parties (geometry null when fewer than two parties have coordinates). */
int tr_export_geojson(tr_store *store, FILE *out, tr_error *err);
/* The registry as a graph: cities as nodes (name, country, region, wikidata, lat and lon
 * where known), agreements as edges (agreement id, kind, title, dates); an agreement of more
 * than two parties is an edge between every pair of them, each with its id, and one of
 * fewer than two is none. */
typedef enum { TR_GRAPH_GRAPHML, TR_GRAPH_GEXF } tr_graph_format;
typedef struct {
    tr_graph_format format;
    const tr_agreement_match *match; /* only these agreements; NULL: all */
    int all_cities;                  /* every city a node; else only those an edge names */
} tr_graph_options;
int tr_export_graph(tr_store *store, FILE *out, const tr_graph_options *opt, tr_error *err);
/* The reference data set (`init --sample`): an import file in the JSON format, embedded
 * at build time from data/sample.json. */
extern const char tr_sample_json[];
/* Why writing to `out` failed (after ferror): an errno, EIO when the system gives none. */
int tr_write_error(FILE *out);
/* Writes one CSV cell, quoted when it holds a comma, quote or line break (RFC 4180). */
void tr_csv_cell(FILE *out, const char *s);
/* The same for the n bytes at s, which may hold NUL bytes (kept, inside quotes). */
void tr_csv_celln(FILE *out, const char *s, size_t n);
/* Writes one TSV cell: a tab, line feed, carriage return, backslash or NUL byte inside it
 * as \t, \n, \r, \\ or \0 (PostgreSQL COPY's text format), so that no value is lost, and a
 * quote that starts it as \" (COPY's: a backslash before another byte is that byte), so
 * that import, which reads quoted TSV too, takes it back (csv_read.c). */
void tr_tsv_celln(FILE *out, const char *s, size_t n);
/* CSV and TSV differ in their cells, separator and line end alone: one cell (tsv: 1), the
 * separator written before every cell but the first, and the line end (CRLF, LF). */
void tr_delimited_celln(FILE *out, int tsv, const char *s, size_t n);
void tr_delimited_separator(FILE *out, int tsv);
void tr_delimited_end(FILE *out, int tsv);

/* ---- import ---- */

/* The record types of the interchange format, in dependency order. */
enum {
    TR_REC_SOURCE,
    TR_REC_CITY,
    TR_REC_ORGANIZATION,
    TR_REC_FRAMEWORK,
    TR_REC_DECISION,
    TR_REC_AGREEMENT,
    TR_REC_PROGRAM,
    TR_REC_TYPES
};
extern const char *const tr_record_types[TR_REC_TYPES]; /* "source", "city", ... */
enum { TR_OUTCOME_INSERTED, TR_OUTCOME_UPDATED, TR_OUTCOME_UNCHANGED, TR_OUTCOMES };

typedef struct {
    long inserted, updated, unchanged, skipped;
    long by_type[TR_REC_TYPES][TR_OUTCOMES];
    /* Skipped records whose type is known (a line that is no record has none). */
    long skipped_by_type[TR_REC_TYPES];
    /* Existing cities given coordinates they lacked, and (update_coordinates) whose
     * coordinates were replaced: among the cities updated. */
    long coordinates_filled, coordinates_replaced;
} tr_import_counts;

typedef struct tr_importer tr_importer;

/* An importer merges interchange records into the registry by natural key (a city by
 * name and country or wikidata id, an agreement by parties, kind and signing date, a
 * framework or program by code, a source by url, an organization by name). The caller
 * holds the transaction (and its history); the importer writes through the store's bulk
 * writer (twinreg/bulk.h) until tr_importer_finish. File ids are keys local to the file. */
tr_importer *tr_importer_new(tr_store *store, tr_error *err);
void tr_importer_free(tr_importer *imp);
/* From now on a record that matches one in the registry leaves it as it is (mapped, and
 * counted unchanged): only what is missing is added. For reloading a reference data set
 * over a registry whose user may have edited its records (init --sample). */
void tr_importer_keep_existing(tr_importer *imp);
/* A party's coordinates replace those its city has (import --update-coordinates); without
 * it they only fill in a city that has none. */
void tr_importer_update_coordinates(tr_importer *imp);
/* Called after each agreement record merged: `id` the registry's agreement, `rec` the
 * file's record, `before` NULL when the record added it, else its snapshots before and
 * after (tr_agreement_snapshot: equal when the record changed nothing; one same empty
 * object for both when the importer told it unchanged without reading it). For compare. */
typedef void (*tr_importer_watch_fn)(void *user, int64_t id, const json_t *rec,
                                     const json_t *before, const json_t *after);
void tr_importer_watch(tr_importer *imp, tr_importer_watch_fn fn, void *user);
/* Cities and parties read their country through `map` too (kept, not copied). */
void tr_importer_countries(tr_importer *imp, const tr_country_map *map);
/* Merges one record of `type` (source, city, organization, framework, agreement, program).
 * An invalid record (TR_REJECTED) leaves nothing behind; TR_IO means the import must stop
 * (its transaction be rolled back). */
int tr_importer_record(tr_importer *imp, const char *type, json_t *rec, tr_error *err);
tr_import_counts *tr_importer_counts(tr_importer *imp);
/* Writes what the importer still holds (queued agreements, deferred indexes): call after
 * the last record (it takes no more), before anything else reads the registry. */
int tr_importer_finish(tr_importer *imp, tr_error *err);
/* After tr_importer_finish: the new agreements whose twins, if any, can only be among the
 * load's own (tr_agreement_twins' `lone`), or NULL when the load updated an agreement. */
const tr_lone_agreements *tr_importer_lone(const tr_importer *imp);

/* ---- import of a file ---- */

typedef enum { TR_IMPORT_AUTO, TR_IMPORT_JSON, TR_IMPORT_NDJSON, TR_IMPORT_CSV } tr_import_format;
extern const char *const tr_import_format_names[]; /* "auto", "json", "ndjson", "csv" */

typedef struct {
    tr_import_format format; /* AUTO: from the extension, else from the content */
    int skip_invalid;        /* keep the valid records, report the others */
    int keep_existing;       /* add what is missing, never update (tr_importer_keep_existing) */
    int update_coordinates;  /* tr_importer_update_coordinates */
    char delimiter;          /* CSV: 0 for the default (tab for .tsv, else comma) */
    /* CSV column mapping, "field=Header" (field: city1, country1, ..., see import_csv.c). */
    const char *const *mapping;
    size_t n_mapping;
    /* Every invalid record is written to this file (created or replaced), in the input's
     * format and columns plus a "reason" column (CSV) or field (JSON), so that it can be
     * fixed and imported again (import_rejects.c). */
    const char *rejects;
    /* The user's country names (import --country-alias), or NULL. */
    const tr_country_map *countries;
    /* Each skipped record (with skip_invalid): "FILE:LINE: reason". */
    void (*on_skip)(void *user, const char *where, long line, const char *reason);
    /* After the last record: each new agreement between the cities of an earlier one of its
     * kind signed on another date (the first 20, then how many more), as one line. */
    void (*on_warning)(void *user, const char *where, const char *message);
    /* Each agreement record merged, with its line (or record number): see tr_importer_watch. */
    void (*on_agreement)(void *user, long line, int64_t id, const json_t *rec, const json_t *before,
                         const json_t *after);
    /* Every few thousand records, and once with done = 1 at the end. */
    void (*on_progress)(void *user, long records, int done);
    /* Every few thousand records, between two records (no savepoint open): the caller
     * may write what its history holds so far. Non-zero stops the import (err set). */
    int (*between)(void *user, tr_error *err);
    /* tr_import_run may run again, over the same records (a write retried after it lost a
     * race to another writer on a server): the input is kept readable from its start, a
     * pipe copied to a temporary file first. */
    int rerunnable;
    void *user;
} tr_import_options;

typedef struct tr_import tr_import;

/* Adds each line of the file at `path` to `map`: a name and an ISO code, split at the line's
 * last tab, else its last comma; blank lines and lines starting with '#' are skipped.
 * TR_USAGE "FILE:LINE: ..." for a bad line, TR_IO when the file cannot be read. */
int tr_country_map_read(tr_country_map *map, const char *path, tr_error *err);

/* Opens the file ("-": standard input) and settles its format. TR_IO when it cannot be
 * read, TR_USAGE for a bad mapping or delimiter. */
tr_import *tr_import_open(const char *path, const tr_import_options *opt, tr_error *err);
/* The same over an open stream (not closed by tr_import_close); `name` for messages,
 * its extension for the format. */
tr_import *tr_import_open_stream(FILE *stream, const char *name, const tr_import_options *opt,
                                 tr_error *err);
tr_import_format tr_import_format_of(const tr_import *im);
/* Imports every record inside the caller's transaction, each in a savepoint. Without
 * skip_invalid, any invalid record fails the whole import: TR_REJECTED, with up to 20
 * "FILE:LINE: reason" lines in err->details; the caller rolls back. */
int tr_import_run(tr_import *im, tr_store *store, tr_error *err);
const tr_import_counts *tr_import_counts_of(const tr_import *im);
/* The invalid records of the last run grouped by reason (its advice left out, the value
 * kept: "unknown country 'Atlantis'"), largest group first, ties by reason. */
typedef struct {
    const char *reason;
    long records;
} tr_import_reason;
size_t tr_import_reasons(tr_import *im, const tr_import_reason **groups);
/* Records whose reason came after the groups' limit: not grouped. */
long tr_import_reasons_other(const tr_import *im);
/* Writes what the rejects file still buffers and closes it (TR_IO when that fails). */
int tr_import_close_rejects(tr_import *im, tr_error *err);
void tr_import_close(tr_import *im);

#endif
