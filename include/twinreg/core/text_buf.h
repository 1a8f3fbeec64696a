/* A growing text for one exported record or row: appends never fail on the spot; a
 * failed allocation is remembered in `failed` for the caller to check once. */
#ifndef TWINREG_CORE_TEXT_BUF_H
#define TWINREG_CORE_TEXT_BUF_H

#include <stddef.h>

struct text {
    char *data; /* NUL-terminated once anything was put */
    size_t len, cap;
    int failed;
};

void text_put(struct text *t, const char *s, size_t n);
void text_put_str(struct text *t, const char *s);

#endif
