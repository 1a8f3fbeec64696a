/* Escaping for CommonMark: a backslash before every ASCII punctuation character that can
 * open or close markup, line breaks folded to spaces (a title must stay on its list item's
 * line), and in autolinks the characters that would end one percent-encoded. */
#include "cli/markdown_text.h"

#include "twinreg/core/text_buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Punctuation that starts or ends inline markup, links, HTML, headings or tables. '-', '.',
 * '(' and ')' matter only at a line's start, where no user text is printed. */
static const char markup[] = "\\`*_{}[]<>#+!|~";

static char *escaped(const char *s, int url)
{
    struct text t = {0};
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (url && (c == '<' || c == '>' || c == ' ' || c < 0x20)) {
            char hex[4];
            snprintf(hex, sizeof hex, "%%%02X", c);
            text_put_str(&t, hex);
        } else if (!url && (c == '\n' || c == '\r' || c == '\t')) {
            text_put(&t, " ", 1);
        } else {
            if (!url && c && strchr(markup, c))
                text_put(&t, "\\", 1);
            text_put(&t, s, 1);
        }
    }
    if (t.failed) {
        free(t.data);
        return NULL;
    }
    return t.data ? t.data : strdup("");
}

static json_t *copy(json_t *v, const char *key)
{
    if (json_is_string(v)) {
        char *s = escaped(json_string_value(v), key && strcmp(key, "url") == 0);
        json_t *out = s ? json_string(s) : NULL;
        free(s);
        return out;
    }
    json_t *out = NULL, *item;
    if (json_is_array(v)) {
        size_t i;
        out = json_array();
        json_array_foreach (v, i, item)
            if (!out || json_array_append_new(out, copy(item, key)) != 0)
                return json_decref(out), NULL;
    } else if (json_is_object(v)) {
        const char *k;
        out = json_object();
        json_object_foreach (v, k, item)
            if (!out || json_object_set_new(out, k, copy(item, k)) != 0)
                return json_decref(out), NULL;
    } else {
        out = json_incref(v);
    }
    return out;
}

json_t *markdown_escaped_copy(json_t *v) { return copy(v, NULL); }
