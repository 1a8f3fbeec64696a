/* The SQL behind each named query (twinreg/store/cursor.h). */
#ifndef TWINREG_STORE_NAMED_QUERIES_H
#define TWINREG_STORE_NAMED_QUERIES_H

#include "twinreg/store/cursor.h"

/* Its text for the store's engine. */
const char *st_named_query(tr_store *store, enum tr_query q);

#endif
