/* A growing text: see text_buf.h. */
#include "twinreg/core/text_buf.h"

#include <stdlib.h>
#include <string.h>

void text_put(struct text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 1024;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *grown = realloc(t->data, cap);
        if (!grown) {
            t->failed = 1;
            return;
        }
        t->data = grown, t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

void text_put_str(struct text *t, const char *s) { text_put(t, s, strlen(s)); }
