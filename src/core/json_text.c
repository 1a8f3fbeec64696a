/* Bytes to a JSON string, replacing what is not UTF-8 rather than losing the whole value
 * (jansson refuses the string, and a row would lose its column). */
#include "twinreg/core/json_text.h"

#include "twinreg/core/utf8.h"

#include <stdlib.h>
#include <string.h>

json_t *tr_json_text(const char *s, size_t n)
{
    json_t *text = json_stringn(s, n);
    if (text || !s)
        return text;
    char *repaired = malloc(n * 3 + 1); /* at worst each byte becomes U+FFFD's 3 bytes */
    if (!repaired)
        return NULL;
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        uint32_t code_point;
        size_t len = tr_utf8_decode(s + i, n - i, &code_point);
        if (len) {
            memcpy(repaired + out, s + i, len);
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
