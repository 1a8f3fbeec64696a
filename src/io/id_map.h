/* The file ids of an import, mapped to registry ids: a hash table in memory, keyed by the
 * id's text and the kind of record, at most 24 bytes a slot and the id's text (a million records: about 56 MB).
 * A table in SQLite costed a B-tree insert and lookup per reference, 14% of an import. */
#ifndef TWINREG_IO_ID_MAP_H
#define TWINREG_IO_ID_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct id_map id_map;

id_map *id_map_new(void);
void id_map_free(id_map *m);
/* 1 and *value when (kind, key) is mapped, else 0. */
int id_map_get(const id_map *m, int kind, const char *key, int64_t *value);
/* Maps (kind, key) to value (replacing). -1 when out of memory. */
int id_map_put(id_map *m, int kind, const char *key, int64_t value);

#endif
