/* Name folding for lookups: case, accents and punctuation do not matter ("Seúl", "seul",
 * "SEOUL" fold alike). The folding is SQLite's FTS5 unicode61 tokenizer with
 * remove_diacritics 2, not a hand-made table: tokens are lowercased, stripped of
 * diacritics, and joined by single spaces. The Latin letters it leaves non-ASCII (Ł, ø, æ,
 * ß) then go through ICU's Latin-ASCII ("Łódź" → "lodz"); other scripts stay as they are. */
#ifndef TWINREG_FOLD_H
#define TWINREG_FOLD_H

#include <stddef.h>

/* Folds `text` into a new string the caller frees; NULL when out of memory or the
 * tokenizer is unavailable. A text with no letters or digits folds to "". */
char *tr_fold(const char *text);
/* Folds into buf (of size cap); returns 0, or -1 when it does not fit or fails. */
int tr_fold_into(const char *text, char *buf, size_t cap);
/* The spelled-out fold: as tr_fold_into, but ä, ö, ü, ø, å (and æ, as before) become
 * the two letters German and Nordic spellings write for them (München → "muenchen", Ærø →
 * "aeroe", Åland → "aaland"), where tr_fold_into drops their marks ("munchen", "aero").
 * A name with none of them folds as tr_fold_into folds it. */
int tr_fold_spelled_into(const char *text, char *buf, size_t cap);
/* Releases the tokenizer (at exit, so leak checkers stay quiet). */
void tr_fold_shutdown(void);

#endif
