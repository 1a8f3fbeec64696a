/* Sources: a citation with a URL, linked to agreements, frameworks, programs and
 * organizations. Records name their sources by URL. */
#ifndef TWINREG_SOURCE_H
#define TWINREG_SOURCE_H

#include <stdint.h>

#include "twinreg/store/store.h"

typedef enum { TR_SOURCE_UNCHANGED, TR_SOURCE_UPDATED, TR_SOURCE_INSERTED } tr_source_outcome;

/* The source with this URL, created when new (with the id want_id, when not 0: an import
 * keeps its file's ids); a non-NULL citation replaces the stored one. `outcome` (may be
 * NULL) tells which happened. */
int tr_source_ensure(tr_store *store, const char *url, const char *citation, int64_t want_id,
                     int64_t *id, tr_source_outcome *outcome, tr_error *err);
/* The id of the source with this URL in *id, 0 when none has it. */
int tr_source_find(tr_store *store, const char *url, int64_t *id, tr_error *err);
/* A new source; a URL already recorded is refused (TR_REJECTED), its citation kept. */
int tr_source_add(tr_store *store, const char *url, const char *citation, int64_t *id,
                  tr_error *err);
/* Links a record ("agreement", "framework", "program", "organization" and its key) to the
 * source with this URL, creating the source when new. */
int tr_source_link(tr_store *store, const char *type, const char *key, const char *url,
                   tr_error *err);
/* Removes every source link of a record (before the file's list replaces them). */
int tr_source_unlink_all(tr_store *store, const char *type, const char *key, tr_error *err);
/* The URLs a record cites, sorted. New reference. */
json_t *tr_source_urls(tr_store *store, const char *type, const char *key, tr_error *err);
/* Every source {id, citation, url}, by id. */
int tr_source_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

#endif
