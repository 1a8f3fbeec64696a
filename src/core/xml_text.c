/* Escaping for XML and HTML: one writer for the graph exports and the report's page. */
#include "twinreg/core/xml_text.h"

#include "twinreg/core/utf8.h"

#include <string.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* What stands for the character `cp` in the output, or NULL when it is written as is. */
static const char *reference(uint32_t cp)
{
    switch (cp) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\t':
        return "&#9;";
    case '\n':
        return "&#10;";
    case '\r':
        return "&#13;";
    default:
        return cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF ? REPLACEMENT : NULL;
    }
}

void tr_xml_put(FILE *out, const char *s)
{
    if (!s)
        return;
    size_t len = strlen(s), run = 0; /* the bytes before s that are written as they are */
    while (*s) {
        uint32_t cp;
        size_t n = tr_utf8_decode(s, len, &cp);
        const char *ref = n ? reference(cp) : REPLACEMENT;
        if (ref) {
            fwrite(s - run, 1, run, out);
            fputs(ref, out);
            run = 0;
        }
        n = n ? n : 1;
        if (!ref)
            run += n;
        s += n, len -= n;
    }
    fwrite(s - run, 1, run, out);
}
