/* Cities and their names in other languages. */
#ifndef TWINREG_CITY_H
#define TWINREG_CITY_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/store/store.h"

typedef struct {
    const char *name;
    const char *lang; /* NULL when unknown */
} tr_alias;

/* Fields of an add or update. For update, a field is changed only when its set_ flag is
 * true; NULL clears a clearable field. Country is anything tr_country_resolve accepts. */
typedef struct {
    const char *name;
    const char *country;
    int set_region;
    const char *region;
    int set_coords;
    int has_coords;
    double lat, lon;
    int set_wikidata;
    const char *wikidata;
    const tr_alias *aliases; /* added (update: added to the existing ones) */
    size_t n_aliases;
    const char *const *remove_aliases; /* update only */
    size_t n_remove_aliases;
    int replace_aliases; /* update: the aliases given replace all existing ones */
    int64_t want_id;     /* import: keep this id when never used; 0 otherwise */
} tr_city_fields;

/* Splits "NAME@LANG" into an alias; the text is modified in place. */
int tr_alias_parse(char *text, tr_alias *out, tr_error *err);

/* The caller holds the transaction. */
int tr_city_add(tr_store *store, const tr_city_fields *fields, int64_t *id, tr_error *err);
int tr_city_update(tr_store *store, int64_t id, const tr_city_fields *fields, tr_error *err);
/* 1 when tr_city_update(fields) would change city `id`, 0 when it would leave it as it is
 * (so that a city imported again writes nothing), -1 on a failure. Aliases count as a
 * change. `fields.country` is an alpha-2 code here. Reads one row. */
int tr_city_update_changes(tr_store *store, int64_t id, const tr_city_fields *fields,
                           tr_error *err);
/* Refused (TR_REJECTED) while an agreement names the city. */
int tr_city_remove(tr_store *store, int64_t id, tr_error *err);

/* CITY as the contract says: a numeric id, or a name or alias (case and accents ignored),
 * optionally followed by ",CC". Not found or ambiguous: TR_NOT_FOUND, candidates in
 * err->details. */
int tr_city_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err);
/* The city a record names: by its wikidata id first; then, among the cities of its folded
 * name in alpha2, the one of its region (folded), else the only one no region or wikidata
 * id tells apart from it. *id 0 if none; two that fit are TR_REJECTED ("ambiguous city").
 * region and wikidata may be NULL. */
int tr_city_find_natural(tr_store *store, const char *name, const char *alpha2, const char *region,
                         const char *wikidata, int64_t *id, tr_error *err);

/* The interchange record {id, name, country, aliases, region, lat, lon, wikidata}. */
json_t *tr_city_record(tr_store *store, int64_t id, tr_error *err);
/* Every city (of one country when alpha2 is not NULL), ordered by id. */
int tr_city_list(tr_store *store, const char *alpha2, tr_row_fn fn, void *ctx, tr_error *err);
/* Merges cities that are one into `keep` (the caller holds the transaction): every
 * agreement, program, participation and alias of the others moves to it, their
 * names become its aliases, and it takes the region, coordinates and wikidata id it lacks.
 * An agreement that becomes another's natural key is merged into that one (its events,
 * frameworks, sources and programs follow). Refused (TR_REJECTED): `keep` among the
 * others, a city named twice, two of the cities parties to one agreement, another city an
 * office holds (PostgreSQL). An office's member moving an agreement not its own:
 * TR_NOT_ALLOWED. */
#define TR_MAX_MERGED 64
typedef struct {
    size_t agreements_moved;  /* now naming `keep` */
    size_t agreements_merged; /* gone into one that already named it */
} tr_city_merge_counts;
int tr_city_merge(tr_store *store, int64_t keep, const int64_t *others, size_t n,
                  tr_city_merge_counts *counts, tr_error *err);

/* Pairs of cities that are probably one (of one country when alpha2 is not NULL), most
 * likely first: rows {score, reason, id1, name1, country1, id2, name2, country2}. Same
 * wikidata id (100); in one country, the same folded words in another order (90) or
 * spaced otherwise (80), an alias of one that is the other's name (70), a name that
 * starts with the other's words (60). */
int tr_city_duplicates(tr_store *store, const char *alpha2, tr_row_fn fn, void *ctx, tr_error *err);

/* The cities (of one country when alpha2 is not NULL) one of whose names (its own or an
 * alias), folded, holds every word of `text`, folded, anywhere ("furt main" finds
 * Frankfurt am Main), ordered by id, as tr_city_list's records. At most TR_MATCH_WORDS
 * words; text with no letter or digit is TR_REJECTED. */
#define TR_MATCH_WORDS 8
int tr_city_match(tr_store *store, const char *alpha2, const char *text, tr_row_fn fn, void *ctx,
                  tr_error *err);
/* Every name of every city, the cities' own and their aliases: rows {id, name, country,
 * key}, where key is the folded name; ordered by id. */
int tr_city_names(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

/* "Seoul, KR" for messages. */
int tr_city_label(tr_store *store, int64_t id, char *buf, size_t cap);

#endif
