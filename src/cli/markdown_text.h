/* User text made safe to print inside Markdown: a title like "*Partnership* [draft]" shows
 * as written, never as emphasis, a link or an HTML tag. */
#ifndef TWINREG_CLI_MARKDOWN_TEXT_H
#define TWINREG_CLI_MARKDOWN_TEXT_H

#include <jansson.h>

/* A deep copy of `v` whose every string is escaped for Markdown text, and whose strings under
 * a "url" key are made safe inside an autolink (<...>) instead. NULL when out of memory. */
json_t *markdown_escaped_copy(json_t *v);

#endif
