/* Countries: ISO 3166-1 (from Debian's iso-codes) plus a short list of the common names
 * that real pair lists use and ISO does not ("England", "Russia", "Ivory Coast"). */
#ifndef TWINREG_COUNTRY_H
#define TWINREG_COUNTRY_H

#include "twinreg/core/error.h"

struct tr_country {
    const char *alpha2, *alpha3, *name, *common_name, *official_name;
};

/* A user's own names for countries (import --country-alias 'Northern Cyprus=CY'). */
typedef struct tr_country_map tr_country_map;

/* Finds a country; case, accents and punctuation do not matter in a name (README
 * "Countries"). The whole text first, as
 * 1. an alpha-2 or alpha-3 code; an English short, common or official name or one of the
 *    documented aliases; else a name in another language from iso-codes' translations;
 * 4. else an ISO 3166-3 former name (under its successor's code), or ISO's name without
 *    its qualifier ("Micronesia"), or a documented short form ("Brunei");
 * 5. else a name of the user's map;
 * then the same lookups on
 * 2. the name before the qualifier "(country)";
 * 3. the text after a comma ("Lower Saxony, Germany"), unless the text before it is a
 *    territory of that country with a code of its own ("Réunion, France": RE).
 * A name that a tier gives to two countries is ambiguous: NULL, as when nothing matches. */
const struct tr_country *tr_country_find(const char *text);
const struct tr_country *tr_country_find_with(const tr_country_map *map, const char *text);
/* The same, filling err (TR_REJECTED) when nothing matches, "unknown country 'Grece' (did
 * you mean 'Greece'?)", or when the name is ambiguous ("it names KP and KR"). */
const struct tr_country *tr_country_resolve(const char *text, tr_error *err);
const struct tr_country *tr_country_resolve_with(const tr_country_map *map, const char *text,
                                                 tr_error *err);

tr_country_map *tr_country_map_new(void);
void tr_country_map_free(tr_country_map *map);
/* Maps `name` to the country of `code` (alpha-2 or alpha-3). TR_USAGE, map unchanged, when
 * the code is not one, the name is empty, already names another country without the map,
 * or is mapped to another code already. */
int tr_country_map_add(tr_country_map *map, const char *name, const char *code, tr_error *err);
/* The same from "NAME=CC" (the last '=' splits). */
int tr_country_map_add_spec(tr_country_map *map, const char *spec, tr_error *err);
/* The display name: common name where ISO has one ("South Korea"), else the short name. */
const char *tr_country_display_name(const struct tr_country *c);
/* The i-th country of ISO 3166-1, in iso-codes' order, NULL past the last:
 * the whole list, for the registry's countries table and completion. */
const struct tr_country *tr_country_nth(int i);
/* Frees the folded-name cache (at exit). */
void tr_country_shutdown(void);

#endif
