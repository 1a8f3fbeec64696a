/* The agreements section of an export, written by a merge of sorted scans. */
#ifndef TWINREG_IO_EXPORT_AGREEMENTS_H
#define TWINREG_IO_EXPORT_AGREEMENTS_H

#include "twinreg/store/store.h"

#include <stddef.h>

/* Receives one whole record's text (not terminated); 0, or -1 when it cannot be written. */
typedef int (*export_put_fn)(void *w, const char *text, size_t len);

/* Every agreement in id order, each record to `put` (with "type" first when typed, for
 * NDJSON). Only for a registry where no agreement builds on a later one: in id order,
 * each then comes after the one it builds on. */
int export_agreements_merged(tr_store *store, export_put_fn put, void *w, int typed, tr_error *err);

/* 1 when some agreement builds on a later one (an update can make one): an export then
 * writes agreements in chain order (TR_Q_AGREEMENTS_CHAINED), so that an import meets
 * each after the one it builds on; 0 when id order does; -1 on error. */
int export_builds_forward(tr_store *store, tr_error *err);

#endif
