/* Texts kept for a queue of rows not written yet: copied once into one growing buffer and
 * named by their offset, which stays valid as the buffer moves. Private to the store. */
#ifndef TWINREG_STORE_TEXT_POOL_H
#define TWINREG_STORE_TEXT_POOL_H

#include <stddef.h>

#define ST_NO_TEXT ((size_t)-1) /* the offset of NULL */

typedef struct {
    char *data;
    size_t len, cap;
} st_text_pool;

/* Copies `s` (NULL stays NULL: ST_NO_TEXT) into the pool; its offset in *offset. -1 when
 * out of memory. */
int st_text_pool_keep(st_text_pool *pool, const char *s, size_t *offset);
/* The text at `offset`, NULL for ST_NO_TEXT; valid until the pool next grows. */
const char *st_text_pool_at(const st_text_pool *pool, size_t offset);
/* Forgets the texts, keeping the memory. */
void st_text_pool_clear(st_text_pool *pool);
void st_text_pool_free(st_text_pool *pool);

#endif
