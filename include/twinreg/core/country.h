/* Countries: ISO 3166-1 (from Debian's iso-codes) plus a short list of the common names
 * that real pair lists use and ISO does not ("England", "Russia", "Ivory Coast"). */
#ifndef TWINREG_COUNTRY_H
#define TWINREG_COUNTRY_H

#include "twinreg/core/error.h"

struct tr_country {
    const char *alpha2, *alpha3, *name, *common_name, *official_name;
};

/* Finds a country by alpha-2 or alpha-3 code, English short, common or official name, or
 * one of the documented aliases; case, accents and punctuation do not matter. NULL when
 * nothing matches. */
const struct tr_country *tr_country_find(const char *text);
/* The same, filling err (TR_REJECTED, "unknown country 'X'") when nothing matches. */
const struct tr_country *tr_country_resolve(const char *text, tr_error *err);
/* The display name: common name where ISO has one ("South Korea"), else the short name. */
const char *tr_country_display_name(const struct tr_country *c);
/* Frees the folded-name cache (at exit). */
void tr_country_shutdown(void);

#endif
