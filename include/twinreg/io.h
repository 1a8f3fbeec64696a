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

#endif
