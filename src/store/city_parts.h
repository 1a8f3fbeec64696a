/* The parts of a city's add that the bulk writer uses on its own (city.c): the checks
 * that need no database, and the INSERT of a checked city. Private to the store. */
#ifndef TWINREG_STORE_CITY_PARTS_H
#define TWINREG_STORE_CITY_PARTS_H

#include "store/engine.h"
#include "twinreg/store/city.h"

/* Bytes of a folded name (a name is at most 200 bytes; folding may lengthen it). */
#define ST_CITY_KEY_CAP (200 * 3 + 16)

/* Every check of tr_city_add but the uniqueness of its keys, with no database access:
 * name, country, coordinates, wikidata id, region, and each alias's name and language.
 * `key` (ST_CITY_KEY_CAP bytes) gets the folded name, *alpha2 the country's code. */
int st_city_check_new(const tr_city_fields *f, char *key, const char **alpha2, tr_error *err);
/* An alias's checks; `key` (ST_CITY_KEY_CAP bytes) gets its folded name. */
int st_city_alias_key(const tr_alias *alias, char *key, tr_error *err);
/* Inserts the city st_city_check_new accepted, with its aliases, under `new_id` (0: the
 * engine numbers it); *id gets its id. */
int st_city_insert(tr_store *store, const tr_city_fields *f, const char *key, const char *alpha2,
                   int64_t new_id, int64_t *id, tr_error *err);

/* Adds aliases to city `id` (a name it has already gets the language given). */
int st_city_add_aliases(tr_store *store, int64_t id, const tr_alias *aliases, size_t n,
                        tr_error *err);

/* A city named in a spelled-out form (city_spelled.c), when its folded name `key` finds
 * none: *out gets a statement (the caller finalizes it) over the candidates, as rows of id,
 * name, country, region and the name matched (the city's or an alias), or NULL when `key`
 * can be no spelled-out form; -1 on error. */
int st_city_spelled_candidates(tr_store *store, const char *key, const char *alpha2, st_stmt **out,
                               tr_error *err);
/* Whether a candidate's `name` spelled out folds to `key` (tr_fold_spelled_into). */
int st_city_spelled_as(const char *name, const char *key);

/* The interchange record of the current row of SELECT id, name, country, region, lat, lon,
 * wikidata FROM cities (its aliases read by another statement). */
json_t *st_city_from_row(tr_store *store, st_stmt *row, tr_error *err);

#endif
