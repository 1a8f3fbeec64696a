/* Any bytes as a JSON string: JSON text must be UTF-8, but SQLite hands back whatever a
 * query made (CAST(x'ff' AS TEXT), a name typed in another encoding). */
#ifndef TWINREG_JSON_TEXT_H
#define TWINREG_JSON_TEXT_H

#include <jansson.h>
#include <stddef.h>

/* The n bytes at s as a JSON string (NUL bytes kept): valid UTF-8 as it is, each byte of
 * an invalid sequence (a stray byte, an overlong form, a UTF-16 surrogate, a code point
 * above U+10FFFF) as U+FFFD. New reference; NULL only when out of memory. */
json_t *tr_json_text(const char *s, size_t n);

#endif
