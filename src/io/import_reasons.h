/* The invalid records of an import counted by reason, so that a long list of skipped
 * lines ends with what to fix first ("187 rows: unknown country 'Georgia (country)'"). */
#ifndef TWINREG_IO_IMPORT_REASONS_H
#define TWINREG_IO_IMPORT_REASONS_H

#include <stddef.h>

#include "twinreg/io/io.h"

/* Memory stays bounded whatever the file: reasons beyond this many are only counted. */
#define REASON_GROUPS_MAX 1000

typedef struct {
    tr_import_reason *groups; /* reasons owned */
    unsigned long *hashes;
    size_t n, cap;
    long other; /* records whose reason found no room */
} reason_groups;

/* Counts one record under its reason, the advice after a quoted value cut off. */
void reasons_add(reason_groups *g, const char *reason);
/* Largest first, then by reason. */
void reasons_sort(reason_groups *g);
void reasons_clear(reason_groups *g);

#endif
