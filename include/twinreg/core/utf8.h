/* The one UTF-8 rule of twinreg, as strict as jansson's (which reads every export back):
 * no overlong forms, no UTF-16 surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
 * truncated sequence. Every text that enters the registry is checked with it. */
#ifndef TWINREG_UTF8_H
#define TWINREG_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1 to 4) of the character that starts at s, with at most `len` bytes
 * there, and its code point in *cp; 0 when the bytes there are not one. */
size_t tr_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* 1 when the `len` bytes at s are all UTF-8 characters, else 0. */
int tr_utf8_valid(const char *s, size_t len);

#endif
