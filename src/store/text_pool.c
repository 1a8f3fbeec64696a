/* One buffer for many short texts (see text_pool.h). */
#include "store/text_pool.h"

#include <stdlib.h>
#include <string.h>

int st_text_pool_keep(st_text_pool *pool, const char *s, size_t *offset)
{
    if (!s) {
        *offset = ST_NO_TEXT;
        return 0;
    }
    size_t n = strlen(s) + 1;
    if (pool->len + n > pool->cap) {
        size_t cap = (pool->len + n) * 2;
        char *grown = realloc(pool->data, cap);
        if (!grown)
            return -1;
        pool->data = grown, pool->cap = cap;
    }
    memcpy(pool->data + pool->len, s, n);
    *offset = pool->len;
    pool->len += n;
    return 0;
}

const char *st_text_pool_at(const st_text_pool *pool, size_t offset)
{
    return offset == ST_NO_TEXT ? NULL : pool->data + offset;
}

void st_text_pool_clear(st_text_pool *pool) { pool->len = 0; }

void st_text_pool_free(st_text_pool *pool)
{
    free(pool->data);
    *pool = (st_text_pool){0};
}
