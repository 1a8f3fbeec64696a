/* Ids mapped to ids in memory (an import's file ids to the registry's, the map's cities to
 * their places): a hash table keyed by a kind and the id, an integer (5) or a text
 * ("seoul"); "5" and 5 are one id.
 * 24 bytes a slot, and a text id's bytes (a million records: about 48 MB). A table in
 * SQLite cost a B-tree insert and lookup per reference, 14% of an import; integer ids
 * kept as numbers spare their formatting and a second memory read per lookup. */
#ifndef TWINREG_CORE_ID_MAP_H
#define TWINREG_CORE_ID_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct id_map id_map;

/* A file id: a number, or a text that is not one (id_key_text makes "5" the number 5). */
typedef struct {
    const char *text; /* NULL: a number */
    int64_t number;
} id_key;

id_key id_key_number(int64_t number);
id_key id_key_text(const char *text);

id_map *id_map_new(void);
void id_map_free(id_map *m);
/* 1 and *value when (kind, key) is mapped, else 0. */
int id_map_get(const id_map *m, int kind, id_key key, int64_t *value);
/* Maps (kind, key) to value (replacing). -1 when out of memory. */
int id_map_put(id_map *m, int kind, id_key key, int64_t value);

#endif
