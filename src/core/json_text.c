/* Bytes to a JSON string, replacing what is not UTF-8 rather than losing the whole value
 * (jansson refuses the string, and a row would lose its column). */
#include "twinreg/json_text.h"

#include <stdlib.h>
#include <string.h>

/* The length of the valid UTF-8 sequence at s (of n bytes left), or 0 when invalid. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3 : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    /* The second byte's range rules out overlong forms, surrogates and > U+10FFFF. */
    if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) || (s[0] == 0xf0 && s[1] < 0x90) ||
        (s[0] == 0xf4 && s[1] > 0x8f))
        return 0;
    return len;
}

json_t *tr_json_text(const char *s, size_t n)
{
    json_t *text = json_stringn(s, n);
    if (text || !s)
        return text;
    char *repaired = malloc(n * 3 + 1); /* at worst each byte becomes U+FFFD's 3 bytes */
    if (!repaired)
        return NULL;
    size_t out = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_sequence(p + i, n - i);
        if (len) {
            memcpy(repaired + out, p + i, len);
            out += len, i += len;
        } else {
            memcpy(repaired + out, "\xef\xbf\xbd", 3);
            out += 3, i++;
        }
    }
    text = json_stringn(repaired, out);
    free(repaired);
    return text;
}
