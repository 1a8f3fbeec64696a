/* Latin letters past diacritics (src/core/fold_latin.c): ICU's Latin-ASCII transform,
 * loaded on first use, for the letters FTS5's unicode61 tokenizer leaves non-ASCII. */
#ifndef TWINREG_FOLD_LATIN_H
#define TWINREG_FOLD_LATIN_H

#include <stddef.h>

/* Whether `text` (UTF-8) holds a code point of a Latin block of Unicode beyond ASCII: a
 * cheap test that keeps ICU unloaded for ASCII and for other scripts. ICU's [:Latin:]
 * decides, letter by letter, what is transliterated. */
int fl_has_latin(const char *text);
/* How Latin letters are written in ASCII: as ICU's Latin-ASCII writes them (ø → o, ü →
 * u), or spelled out as German and Nordic spellings do (ø → oe, ü → ue). */
enum fl_form { FL_ASCII, FL_SPELLED };
/* Transliterates the Latin letters of `text` into buf (of size cap), every other
 * character as it is; 0, or -1 when it does not fit or ICU cannot be loaded. */
int fl_transliterate(enum fl_form form, const char *text, char *buf, size_t cap);
/* Closes the transforms and unloads ICU's caches (at exit, for leak checkers). */
void fl_shutdown(void);

#endif
