/* The people's order of names: folded key first, the name as written second. */
#include "twinreg/core/name_order.h"

#include <string.h>

/* Byte order, as SQLite's BINARY and PostgreSQL's COLLATE "C" compare; NULL last. */
static int bytes_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

int tr_name_cmp(const char *key_a, const char *name_a, const char *key_b, const char *name_b)
{
    int c = bytes_cmp(key_a, key_b);
    return c ? c : bytes_cmp(name_a, name_b);
}
