/* The natural keys of the agreements an import adds while the registry's own index of
 * them is deferred (an import into an empty registry builds it once, at the end): a
 * 64-bit hash of each key beside the agreement's id, 16 bytes a key at most twice over.
 * A hash only names candidates; the caller compares their rows. */
#ifndef TWINREG_STORE_KEY_SET_H
#define TWINREG_STORE_KEY_SET_H

#include <stddef.h>
#include <stdint.h>

typedef struct key_set key_set;

key_set *key_set_new(void);
void key_set_free(key_set *s);
/* Stores id under hash. -1 when out of memory. */
int key_set_add(key_set *s, uint64_t hash, int64_t id);
/* The ids stored under hash, one per call: *cursor starts at 0; 1 and *id while there is
 * one more, then 0. */
int key_set_next(const key_set *s, uint64_t hash, size_t *cursor, int64_t *id);

#endif
