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

/* Two towns of one name in one country (city_twins.c). A city's twin key, which the
 * unique index (name_key, country, twin_key) holds: its wikidata id, else "r:" and its
 * folded region, else "". The index only guards: st_city_check_twins is the rule. */
#define ST_TWIN_KEY_CAP (ST_CITY_KEY_CAP + 2)
/* A region folded (ST_CITY_KEY_CAP bytes; "" for none). */
int st_city_region_key(const char *region, char *out, tr_error *err);
/* Different towns only when the input says so: two wikidata ids or two folded regions
 * that differ. A missing region or id tells nothing: one list may omit what another gives. */
int st_city_told_apart(const char *region_a, const char *wikidata_a, const char *region_b,
                       const char *wikidata_b);
int st_city_twin_key(const char *region, const char *wikidata, char *out, tr_error *err);
/* Refuses (TR_REJECTED, naming it) a city of name `key` in `alpha2` unless it differs from
 * every other (but `self`) by its wikidata id or its folded region, both given on each. */
int st_city_check_twins(tr_store *store, int64_t self, const char *key, const char *alpha2,
                        const char *region, const char *wikidata, tr_error *err);
/* Which town of that name a party means: the one of its region, else the only one it may
 * be (none that another region or wikidata id tells apart). *id 0 when none; two that fit:
 * TR_REJECTED, "ambiguous city". Fed by the database or by the bulk writer's memory. */
typedef struct {
    const char *region_key, *wikidata; /* the party's */
    int64_t same_region, any;
    int n_same_region, n_any;
} st_twin_match;
void st_twin_match_init(st_twin_match *m, const char *region_key, const char *wikidata);
void st_twin_match_add(st_twin_match *m, int64_t id, const char *region_key, const char *wikidata);
int st_twin_match_end(const st_twin_match *m, const char *name, const char *alpha2, int64_t *id,
                      tr_error *err);
int st_city_match_twins(tr_store *store, const char *name, const char *key, const char *alpha2,
                        const char *region, const char *wikidata, int64_t *id, tr_error *err);
/* After its region or wikidata id changed by SQL (a merge): city `id`'s twin key again. */
int st_city_rekey_twin(tr_store *store, int64_t id, tr_error *err);
/* The migration's step that SQL cannot do: every city's twin key. */
int st_city_fill_twin_keys(tr_store *store, tr_error *err);

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
