/* Import: interchange records merged into the registry by natural key, through the same
 * store functions the commands use, so every record is validated the same way, and
 * through the store's bulk writer (twinreg/bulk.h). A record's writes go in its savepoint,
 * so that an invalid record is undone alone; a new agreement of a load into an empty
 * registry writes nothing at once: it is checked, then queued, and needs no savepoint. */
#include "twinreg/io/io.h"

#include "twinreg/core/id_map.h"

#include "twinreg/core/country.h"
#include "twinreg/core/id.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/bulk.h"
#include "twinreg/store/city.h"
#include "twinreg/store/decision.h"
#include "twinreg/store/framework.h"
#include "twinreg/store/org.h"
#include "twinreg/store/program.h"
#include "twinreg/store/source.h"
#include "twinreg/store/suspension.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 64
#define MAX_FILE_ID 256 /* bytes of a string id */
/* New agreements numbered by the registry take their ids from a server's sequence 64 at a
 * time (tr_store_new_id): a round trip each was most of a load of agreements with string
 * ids. The next agreement added after such an import may then skip up to 63 ids on a
 * server. A city takes one id at a time: the next city added after an import is numbered
 * as on SQLite (a list's cities are far fewer than its agreements). */
#define AGREEMENT_IDS_AHEAD 64

struct tr_importer {
    tr_store *store;
    tr_import_counts counts;
    id_map *ids;            /* file id -> registry id, by kind of record */
    tr_bulk *bulk;          /* every write of a record goes through it */
    int keep_existing;      /* a matched record is left as it is (tr_importer_keep_existing) */
    int update_coordinates; /* a party's coordinates replace a city's (tr_importer_options) */
    /* Each agreement record's outcome (tr_importer_watch), or NULL. */
    tr_importer_watch_fn watch;
    void *watch_user;
    json_t *unchanged; /* the watch's before and after of a record told unchanged unread */
    const tr_country_map *countries; /* the user's names (tr_importer_countries), or NULL */
    /* The tables' sequences when the import began: a file id above it was never used. */
    int64_t city_floor, org_floor, agreement_floor, source_floor, program_floor;
    /* The highest id in each table so far: no row has an id above it (so a file id above
     * needs no lookup to be known unused). */
    int64_t city_top, org_top, agreement_top, source_top, program_top;
    /* The current record matched one that it leaves as it was: its writes are undone, so
     * that an unchanged record changes nothing, not even the ids of its rows (a program's
     * participation is written again whole) nor the history. */
    int record_unchanged;
    /* The current record changed a city (filled its coordinates): kept even when its
     * agreement is unchanged, or a list that only adds coordinates would add none. */
    int record_changed_city;
    tr_lone_agreements lone; /* taken from the bulk writer at the end (tr_importer_lone) */
};

tr_importer *tr_importer_new(tr_store *store, tr_error *err)
{
    tr_importer *imp = calloc(1, sizeof *imp);
    if (!imp || !(imp->ids = id_map_new())) {
        free(imp);
        tr_error_set(err, TR_IO, "out of memory");
        return NULL;
    }
    imp->store = store;
    if (!(imp->bulk = tr_bulk_begin(store, err))) {
        tr_importer_free(imp);
        return NULL;
    }
    imp->city_floor = tr_store_sequence(store, "cities");
    imp->org_floor = tr_store_sequence(store, "organizations");
    imp->agreement_floor = tr_store_sequence(store, "agreements");
    imp->source_floor = tr_store_sequence(store, "sources");
    imp->program_floor = tr_store_sequence(store, "programs");
    imp->city_top = imp->city_floor, imp->org_top = imp->org_floor,
    imp->agreement_top = imp->agreement_floor;
    imp->source_top = imp->source_floor, imp->program_top = imp->program_floor;
    return imp;
}

void tr_importer_free(tr_importer *imp)
{
    if (!imp)
        return;
    id_map_free(imp->ids);
    tr_bulk_abort(imp->bulk);
    json_decref(imp->unchanged);
    free(imp->lone.ids);
    free(imp);
}

tr_import_counts *tr_importer_counts(tr_importer *imp) { return &imp->counts; }

void tr_importer_countries(tr_importer *imp, const tr_country_map *map) { imp->countries = map; }

void tr_importer_keep_existing(tr_importer *imp) { imp->keep_existing = 1; }

void tr_importer_update_coordinates(tr_importer *imp) { imp->update_coordinates = 1; }

void tr_importer_watch(tr_importer *imp, tr_importer_watch_fn fn, void *user)
{
    imp->watch = fn, imp->watch_user = user;
    if (!imp->unchanged)
        imp->unchanged = json_object();
}

int tr_importer_finish(tr_importer *imp, tr_error *err)
{
    /* No record follows: the file's ids are freed before the index builds take memory. */
    id_map_free(imp->ids);
    imp->ids = NULL;
    tr_bulk *bulk = imp->bulk;
    imp->bulk = NULL;
    tr_bulk_take_lone(bulk, &imp->lone);
    return tr_bulk_finish(bulk, err);
}

const tr_lone_agreements *tr_importer_lone(const tr_importer *imp)
{
    /* An agreement of the registry that the load updated may have taken a new agreement's
     * parties and kind after its lookup: then every one is looked at. */
    return imp->counts.by_type[TR_REC_AGREEMENT][TR_OUTCOME_UPDATED] ? NULL : &imp->lone;
}

const char *const tr_record_types[TR_REC_TYPES] = {
    "source", "city", "organization", "framework", "decision", "agreement", "program"};

static void count(tr_importer *imp, int type, int outcome)
{
    long *total[TR_OUTCOMES] = {&imp->counts.inserted, &imp->counts.updated,
                                &imp->counts.unchanged};
    (*total[outcome])++;
    imp->counts.by_type[type][outcome]++;
}

/* ---- field access ---- */

static int check_file_id(json_t *rec, tr_error *err);

/* "a city", "an agreement" */
static const char *article(const char *noun) { return strchr("aeiou", noun[0]) ? "an" : "a"; }

static int check_fields(json_t *rec, const char *type, const char *const *allowed, tr_error *err)
{
    if (!json_is_object(rec))
        return tr_error_set(err, TR_REJECTED, "%s %s record must be a JSON object", article(type),
                            type);
    const char *key;
    json_t *v;
    json_object_foreach (rec, key, v) {
        int known = strcmp(key, "type") == 0;
        for (int i = 0; !known && allowed[i]; i++) /* the first letter first: most differ there */
            known = allowed[i][0] == key[0] && strcmp(key, allowed[i]) == 0;
        if (!known)
            return tr_error_set(err, TR_REJECTED, "unknown field '%s' in %s %s record", key,
                                article(type), type);
    }
    return check_file_id(rec, err);
}

/* A text field: absent leaves it unset; null clears; anything but a string is an error. */
static int opt_text(json_t *rec, const char *key, tr_opt_text *out, tr_error *err)
{
    json_t *v = json_object_get(rec, key);
    out->set = v != NULL;
    out->value = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return tr_error_set(err, TR_REJECTED, "field '%s' must be a string or null", key);
    out->value = json_string_value(v);
    return 0;
}

static const char *req_text(json_t *rec, const char *key, const char *type, tr_error *err)
{
    json_t *v = json_object_get(rec, key);
    if (!json_is_string(v) || !*json_string_value(v)) {
        tr_error_set(err, TR_REJECTED, "%s %s record needs '%s' (a non-empty string)",
                     article(type), type, key);
        return NULL;
    }
    return json_string_value(v);
}

/* What a file id names: the kinds of record others refer to by id. */
enum { MAP_CITY = 1, MAP_ORG, MAP_AGREEMENT, MAP_DECISION };
static const char *const map_names[] = {NULL, "city", "organization", "agreement", "decision"};

/* File-local ids are integers or strings ("5" and 5 are one id). 0 when the value is
 * neither. */
static int file_key(json_t *v, id_key *key)
{
    if (json_is_integer(v))
        *key = id_key_number(json_integer_value(v));
    else if (json_is_string(v) && *json_string_value(v))
        *key = id_key_text(json_string_value(v));
    else
        return 0;
    return 1;
}

/* A file id as the messages name it. */
static const char *id_text(json_t *v, char *buf, size_t cap)
{
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return json_is_string(v) && *json_string_value(v) ? json_string_value(v) : NULL;
}

static int lookup(tr_importer *imp, int kind, json_t *ref, const char *what, int64_t *out,
                  tr_error *err)
{
    char buf[32];
    id_key key;
    if (!file_key(ref, &key))
        return tr_error_set(err, TR_REJECTED,
                            "a reference to %s %s must be an id (integer or string)", article(what),
                            what);
    if (!id_map_get(imp->ids, kind, key, out))
        return tr_error_set(err, TR_REJECTED, "broken reference: no %s with id %.64s in this file",
                            what, id_text(ref, buf, sizeof buf));
    return 0;
}

/* The record's "id" (optional): an integer or a non-empty string. */
static int check_file_id(json_t *rec, tr_error *err)
{
    char buf[32];
    json_t *v = json_object_get(rec, "id");
    const char *text = v ? id_text(v, buf, sizeof buf) : NULL;
    if (v && !text)
        return tr_error_set(err, TR_REJECTED,
                            "field 'id' must be an integer or a non-empty string");
    if (text && strlen(text) > MAX_FILE_ID)
        return tr_error_set(err, TR_REJECTED, "field 'id' is longer than %d bytes", MAX_FILE_ID);
    /* A number (5 or "5": one id) may become the registry's id: it must be one it can keep. */
    id_key key;
    if (text && file_key(v, &key) && !key.text && !tr_id_in_range(key.number))
        return tr_error_set(err, TR_REJECTED,
                            "field 'id' %.64s is out of range: a numeric id is 1 to %lld", text,
                            TR_ID_MAX);
    return 0;
}

/* Maps the record's file id to `id`; one file id naming two records is an error. Called
 * when the record is written: the map is not undone with a record's savepoint, and what
 * can still fail after it is a database failure, which stops the whole import. */
static int remember(tr_importer *imp, int kind, json_t *rec, int64_t id, tr_error *err)
{
    char buf[32];
    json_t *file_id = json_object_get(rec, "id");
    id_key key;
    int64_t known;
    if (!file_key(file_id, &key))
        return 0;
    if (id_map_get(imp->ids, kind, key, &known))
        return known == id
                   ? 0
                   : tr_error_set(err, TR_REJECTED,
                                  "id %.64s is given to two different %s records in this file",
                                  id_text(file_id, buf, sizeof buf), map_names[kind]);
    return id_map_put(imp->ids, kind, key, id) == 0 ? 0 : tr_error_set(err, TR_IO, "out of memory");
}

static void count_change(tr_importer *imp, int type, json_t *before, json_t *after)
{
    int unchanged = before && json_equal(before, after);
    imp->record_unchanged |= unchanged && !imp->record_changed_city;
    count(imp, type,
          !before     ? TR_OUTCOME_INSERTED
          : unchanged ? TR_OUTCOME_UNCHANGED
                      : TR_OUTCOME_UPDATED);
}

/* The end of a record matched or inserted by id: its file id is mapped (a clash of file
 * ids is found before anything is counted); a matched record is read again to tell updated
 * from unchanged; an inserted one needs no second read. */
static int finish(tr_importer *imp, int type, int map_kind, json_t *rec, int64_t id, json_t *before,
                  json_t *(*read)(tr_store *, int64_t, tr_error *), tr_error *err)
{
    if (remember(imp, map_kind, rec, id, err) != 0)
        return -1;
    json_t *after = before ? read(imp->store, id, err) : NULL;
    if (before && !after)
        return -1;
    if (before)
        count_change(imp, type, before, after);
    else
        count(imp, type, TR_OUTCOME_INSERTED);
    if (imp->watch && type == TR_REC_AGREEMENT)
        imp->watch(imp->watch_user, id, rec, before, after);
    json_decref(after);
    return 0;
}

/* A record that matched one in the registry and changes nothing (or, under keep_existing,
 * may not): the registry's record stays as it is; the file id still maps to it (map_kind 0:
 * none). The watch hears of an agreement that changes nothing as unchanged without a
 * snapshot: one same object before and after (never under keep_existing, which compares
 * nothing; compare does not set it). */
static int keep(tr_importer *imp, int type, int map_kind, json_t *rec, int64_t id, tr_error *err)
{
    if (map_kind && remember(imp, map_kind, rec, id, err) != 0)
        return -1;
    count(imp, type, TR_OUTCOME_UNCHANGED);
    if (imp->watch && type == TR_REC_AGREEMENT && !imp->keep_existing) {
        if (!imp->unchanged)
            return tr_error_set(err, TR_IO, "out of memory");
        imp->watch(imp->watch_user, id, rec, imp->unchanged, imp->unchanged);
    }
    return 0;
}

/* What the record's file id settles without a lookup: 1 and *id for an integer id above
 * the floor and above every id so far (never used: kept); 0 for no integer id, or one at
 * or below the floor (*id = 0: the registry gives one); -1 when only a lookup can tell
 * (*id is the file's). */
static int settle_file_id(int64_t floor, int64_t top, json_t *file_id, int64_t *id)
{
    *id = json_is_integer(file_id) ? json_integer_value(file_id) : 0;
    if (*id <= floor) {
        *id = 0;
        return 0;
    }
    return *id > top ? 1 : -1;
}

/* The file's integer id, when the registry never used it (an empty registry keeps ids);
 * `top` is updated as rows go in. */
static int64_t wanted_id(tr_store *store, const char *table, int64_t floor, const int64_t *top,
                         json_t *file_id)
{
    int64_t id;
    if (settle_file_id(floor, *top, file_id, &id) >= 0)
        return id;
    return tr_store_id_unused(store, table, id, floor) ? id : 0;
}

static void raise_top(int64_t *top, int64_t id)
{
    if (id > *top)
        *top = id;
}

static int string_list(json_t *rec, const char *key, const char **out, size_t *n, int *set,
                       tr_error *err)
{
    json_t *v = json_object_get(rec, key), *item;
    size_t i;
    *set = v != NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_array(v) || json_array_size(v) > MAX_LIST)
        return tr_error_set(err, TR_REJECTED, "field '%s' must be a list of at most %d strings",
                            key, MAX_LIST);
    json_array_foreach (v, i, item) {
        if (!json_is_string(item))
            return tr_error_set(err, TR_REJECTED, "field '%s' must be a list of strings", key);
        out[(*n)++] = json_string_value(item);
    }
    return 0;
}

/* ---- records ---- */

static int import_source(tr_importer *imp, json_t *rec, tr_error *err)
{
    static const char *const fields[] = {"id", "citation", "url", NULL};
    tr_opt_text citation;
    const char *url;
    if (check_fields(rec, "source", fields, err) != 0 ||
        !(url = req_text(rec, "url", "source", err)) ||
        opt_text(rec, "citation", &citation, err) != 0)
        return -1;
    int64_t id;
    if (imp->keep_existing) {
        if (tr_source_find(imp->store, url, &id, err) != 0)
            return -1;
        if (id)
            return keep(imp, TR_REC_SOURCE, 0, rec, id, err);
    }
    /* A new source keeps the file's id when the registry never used it, so that ids
     * round-trip (export, import elsewhere, export) even after an undo left a gap. */
    int64_t want_id = wanted_id(imp->store, "sources", imp->source_floor, &imp->source_top,
                                json_object_get(rec, "id"));
    tr_source_outcome outcome;
    if (tr_source_ensure(imp->store, url, citation.value, want_id, &id, &outcome, err) != 0)
        return -1;
    raise_top(&imp->source_top, id);
    count(imp, TR_REC_SOURCE,
          outcome == TR_SOURCE_INSERTED  ? TR_OUTCOME_INSERTED
          : outcome == TR_SOURCE_UPDATED ? TR_OUTCOME_UPDATED
                                         : TR_OUTCOME_UNCHANGED);
    return 0;
}

/* A new city while the bulk writer holds the registry's cities: checked, numbered,
 * mapped and counted, then queued. 1 when queued, 0 when it takes the ordinary way (its
 * file id may be taken: only the database can tell), -1 when it is invalid or a failure
 * stops the import. */
static int queue_new_city(tr_importer *imp, json_t *rec, const tr_city_fields *f, tr_error *err)
{
    int64_t id;
    /* At the top of the id range, the registry numbers a city from the rows it finds
     * missing: only once those queued are written. */
    if (!tr_bulk_holds_cities(imp->bulk) || imp->city_top >= TR_ID_MAX ||
        settle_file_id(imp->city_floor, imp->city_top, json_object_get(rec, "id"), &id) < 0)
        return 0;
    if (tr_bulk_check_city(imp->bulk, f, err) != 0 ||
        (!id && !(id = tr_store_new_id(imp->store, "cities", imp->city_top, 1, err))) ||
        finish(imp, TR_REC_CITY, MAP_CITY, rec, id, NULL, tr_city_record, err) != 0 ||
        tr_bulk_queue_city(imp->bulk, id, f, err) != 0)
        return -1;
    raise_top(&imp->city_top, id);
    return 1;
}

static int import_city(tr_importer *imp, json_t *rec, tr_error *err)
{
    static const char *const fields[] = {"id",  "name", "country",  "aliases", "region",
                                         "lat", "lon",  "wikidata", NULL};
    tr_city_fields f = {0};
    tr_opt_text region, wikidata;
    if (check_fields(rec, "city", fields, err) != 0 ||
        !(f.name = req_text(rec, "name", "city", err)) ||
        !(f.country = req_text(rec, "country", "city", err)) ||
        opt_text(rec, "region", &region, err) != 0 ||
        opt_text(rec, "wikidata", &wikidata, err) != 0)
        return -1;
    const struct tr_country *country = tr_country_resolve_with(imp->countries, f.country, err);
    if (!country)
        return -1;
    f.country = country->alpha2; /* resolved once, with the user's names */
    f.set_region = region.set, f.region = region.value;
    f.set_wikidata = wikidata.set, f.wikidata = wikidata.value;
    json_t *lat = json_object_get(rec, "lat"), *lon = json_object_get(rec, "lon");
    if ((lat && !json_is_null(lat) && !json_is_number(lat)) ||
        (lon && !json_is_null(lon) && !json_is_number(lon)))
        return tr_error_set(err, TR_REJECTED, "fields 'lat' and 'lon' must be numbers or null");
    if ((lat != NULL) != (lon != NULL) || (json_is_number(lat) != json_is_number(lon)))
        return tr_error_set(err, TR_REJECTED, "fields 'lat' and 'lon' go together");
    f.set_coords = lat != NULL;
    f.has_coords = json_is_number(lat);
    f.lat = json_number_value(lat), f.lon = json_number_value(lon);
    tr_alias aliases[MAX_LIST];
    json_t *list = json_object_get(rec, "aliases"), *item;
    size_t i;
    if (list && !json_is_null(list)) {
        if (!json_is_array(list) || json_array_size(list) > MAX_LIST)
            return tr_error_set(err, TR_REJECTED,
                                "field 'aliases' must be a list of at most %d {name, lang}",
                                MAX_LIST);
        json_array_foreach (list, i, item) {
            json_t *name = json_object_get(item, "name"), *lang = json_object_get(item, "lang");
            if (!json_is_string(name) || (lang && !json_is_null(lang) && !json_is_string(lang)))
                return tr_error_set(
                    err, TR_REJECTED,
                    "an alias must be {\"name\": string, \"lang\": string or null}");
            aliases[i] = (tr_alias){json_string_value(name), json_string_value(lang)};
        }
        f.aliases = aliases;
        f.n_aliases = json_array_size(list);
        f.replace_aliases = 1;
    }
    int64_t id;
    if (tr_bulk_find_city(imp->bulk, f.name, country->alpha2, region.value, wikidata.value, &id,
                          err) != 0)
        return -1;
    if (id && imp->keep_existing)
        return keep(imp, TR_REC_CITY, MAP_CITY, rec, id, err);
    int queued = id ? 0 : queue_new_city(imp, rec, &f, err);
    if (queued != 0)
        return queued < 0 ? -1 : 0;
    if (tr_bulk_release_cities(imp->bulk, err) != 0)
        return -1;
    /* A city equal to its row writes nothing: no savepoint, no snapshot of it. */
    int changes = id ? tr_city_update_changes(imp->store, id, &f, err) : 1;
    if (changes <= 0)
        return changes < 0 ? -1 : keep(imp, TR_REC_CITY, MAP_CITY, rec, id, err);
    /* Written at once, in the record's savepoint. */
    if (tr_bulk_record_begin(imp->bulk, err) != 0)
        return -1;
    json_t *before = NULL;
    int rc;
    if (id) {
        before = tr_city_record(imp->store, id, err);
        rc = before ? tr_city_update(imp->store, id, &f, err) : -1;
    } else {
        f.want_id = wanted_id(imp->store, "cities", imp->city_floor, &imp->city_top,
                              json_object_get(rec, "id"));
        if ((rc = tr_city_add(imp->store, &f, &id, err)) == 0)
            raise_top(&imp->city_top, id);
    }
    if (rc == 0)
        rc = finish(imp, TR_REC_CITY, MAP_CITY, rec, id, before, tr_city_record, err);
    json_decref(before);
    return rc;
}

static int link_sources(tr_importer *imp, json_t *rec, const char *type, const char *key,
                        tr_error *err)
{
    const char *urls[MAX_LIST];
    size_t n;
    int set;
    if (string_list(rec, "sources", urls, &n, &set, err) != 0)
        return -1;
    if (!set)
        return 0;
    if (tr_source_unlink_all(imp->store, type, key, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (tr_source_link(imp->store, type, key, urls[i], err) != 0)
            return -1;
    return 0;
}

static int import_org(tr_importer *imp, json_t *rec, tr_error *err)
{
    static const char *const fields[] = {"id",         "name",    "acronym", "country",
                                         "founded_on", "summary", "sources", NULL};
    tr_org_fields f = {0};
    if (check_fields(rec, "organization", fields, err) != 0 ||
        !(f.name = req_text(rec, "name", "organization", err)) ||
        opt_text(rec, "acronym", &f.acronym, err) != 0 ||
        opt_text(rec, "country", &f.country, err) != 0 ||
        opt_text(rec, "founded_on", &f.founded_on, err) != 0 ||
        opt_text(rec, "summary", &f.summary, err) != 0)
        return -1;
    int64_t id;
    if (tr_org_find_natural(imp->store, f.name, &id, err) != 0)
        return -1;
    if (id && imp->keep_existing)
        return keep(imp, TR_REC_ORGANIZATION, MAP_ORG, rec, id, err);
    json_t *before = NULL;
    int rc;
    if (id) {
        before = tr_org_record(imp->store, id, err);
        rc = before ? tr_org_update(imp->store, id, &f, err) : -1;
    } else {
        f.want_id = wanted_id(imp->store, "organizations", imp->org_floor, &imp->org_top,
                              json_object_get(rec, "id"));
        if ((rc = tr_org_add(imp->store, &f, &id, err)) == 0)
            raise_top(&imp->org_top, id);
    }
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    if (rc == 0)
        rc = link_sources(imp, rec, "organization", key, err);
    if (rc == 0)
        rc = finish(imp, TR_REC_ORGANIZATION, MAP_ORG, rec, id, before, tr_org_record, err);
    json_decref(before);
    return rc;
}

static int import_framework(tr_importer *imp, json_t *rec, tr_error *err)
{
    static const char *const fields[] = {
        "code", "title",          "jurisdiction", "kind",     "adopted_on", "summary",
        "duty", "duty_authority", "sources",      "requires", NULL};
    tr_framework_fields f = {0};
    const char *requires[MAX_LIST];
    int set_requires;
    if (check_fields(rec, "framework", fields, err) != 0 ||
        string_list(rec, "requires", requires, &f.n_requires, &set_requires, err) != 0 ||
        !(f.code = req_text(rec, "code", "framework", err)) ||
        opt_text(rec, "title", &f.title, err) != 0 ||
        opt_text(rec, "jurisdiction", &f.jurisdiction, err) != 0 ||
        opt_text(rec, "kind", &f.kind, err) != 0 ||
        opt_text(rec, "adopted_on", &f.adopted_on, err) != 0 ||
        opt_text(rec, "summary", &f.summary, err) != 0 ||
        opt_text(rec, "duty", &f.duty, err) != 0 ||
        opt_text(rec, "duty_authority", &f.duty_authority, err) != 0)
        return -1;
    f.requires = requires, f.set_requires = set_requires;
    int exists = tr_framework_exists(imp->store, f.code, err);
    if (exists < 0)
        return -1;
    if (exists && imp->keep_existing)
        return keep(imp, TR_REC_FRAMEWORK, 0, rec, 0, err);
    json_t *before = exists ? tr_framework_record(imp->store, f.code, err) : NULL, *after = NULL;
    int rc = exists ? (before ? tr_framework_update(imp->store, &f, err) : -1)
                    : tr_framework_add(imp->store, &f, err);
    if (rc == 0)
        rc = link_sources(imp, rec, "framework", f.code, err);
    if (rc == 0 && (after = tr_framework_record(imp->store, f.code, err)) != NULL)
        count_change(imp, TR_REC_FRAMEWORK, before, after);
    json_decref(before);
    json_decref(after);
    return rc == 0 && after ? 0 : -1;
}

/* A decision is matched by its body, date and number; a match stays as the registry has
 * it (a decision is never changed, only linked), and its file id maps to it. */
static int import_decision(tr_importer *imp, json_t *rec, tr_error *err)
{
    static const char *const fields[] = {"id", "by", "on", "number", "title", "source", NULL};
    tr_opt_text number, title, source;
    tr_decision_fields f = {0};
    if (check_fields(rec, "decision", fields, err) != 0 ||
        !(f.body = req_text(rec, "by", "decision", err)) ||
        !(f.on = req_text(rec, "on", "decision", err)) ||
        opt_text(rec, "number", &number, err) != 0 || opt_text(rec, "title", &title, err) != 0 ||
        opt_text(rec, "source", &source, err) != 0)
        return -1;
    f.number = number.value, f.title = title.value, f.source = source.value;
    int64_t id;
    if (tr_decision_find(imp->store, &f, &id, err) != 0)
        return -1;
    if (id)
        return keep(imp, TR_REC_DECISION, MAP_DECISION, rec, id, err);
    return tr_decision_add(imp->store, &f, &id, err) != 0 ||
                   remember(imp, MAP_DECISION, rec, id, err) != 0
               ? -1
               : (count(imp, TR_REC_DECISION, TR_OUTCOME_INSERTED), 0);
}

/* An agreement's signatories, approvals and decisions (the lists omitted when empty),
 * each replacing what the registry holds when the record has it. */
static int import_decided(tr_importer *imp, json_t *rec, int64_t id, tr_error *err)
{
    json_t *sig = json_object_get(rec, "signatories"), *appr = json_object_get(rec, "approvals"),
           *links = json_object_get(rec, "decisions"), *item;
    size_t i;
    const char *names[MAX_LIST], *offices[MAX_LIST];
    for (json_t *l = sig; l; l = l == sig ? appr : l == appr ? links : NULL)
        if (!json_is_null(l) && (!json_is_array(l) || json_array_size(l) > MAX_LIST))
            return tr_error_set(err, TR_REJECTED,
                                "fields 'signatories', 'approvals' and 'decisions' must be lists "
                                "of at most %d items",
                                MAX_LIST);
    if (sig) {
        json_array_foreach (sig, i, item) {
            names[i] = json_string_value(json_object_get(item, "name"));
            offices[i] = json_string_value(json_object_get(item, "office"));
        }
        if (tr_agreement_set_signatories(imp->store, id, names, offices, json_array_size(sig),
                                         err) != 0)
            return -1;
    }
    if ((appr || links) &&
        tr_agreement_clear_decided(imp->store, id, links != NULL, appr != NULL, err) != 0)
        return -1;
    json_array_foreach (appr, i, item) {
        json_t *ref = json_object_get(item, "decision");
        int64_t decision = 0;
        if ((ref && !json_is_null(ref) &&
             lookup(imp, MAP_DECISION, ref, "decision", &decision, err) != 0) ||
            tr_agreement_approve(imp->store, id, json_string_value(json_object_get(item, "by")),
                                 json_string_value(json_object_get(item, "on")), decision,
                                 err) != 0)
            return -1;
    }
    json_array_foreach (links, i, item) {
        int64_t decision;
        if (lookup(imp, MAP_DECISION, json_object_get(item, "decision"), "decision", &decision,
                   err) != 0 ||
            tr_decision_link(imp->store, decision, id,
                             json_string_value(json_object_get(item, "change")),
                             json_string_value(json_object_get(item, "on")), err) != 0)
            return -1;
    }
    return 0;
}

/* A party's optional "lat" and "lon": both numbers, or neither. */
static int party_coordinates(json_t *party, tr_city_fields *f, tr_error *err)
{
    json_t *lat = json_object_get(party, "lat"), *lon = json_object_get(party, "lon");
    if (!lat && !lon)
        return 0;
    if (!json_is_number(lat) || !json_is_number(lon))
        return tr_error_set(err, TR_REJECTED, "a party's 'lat' and 'lon' must both be numbers");
    f->set_coords = f->has_coords = 1;
    f->lat = json_number_value(lat), f->lon = json_number_value(lon);
    return 0;
}

/* What a party gives that the city lacks (coordinates, region, wikidata id): filled in,
 * never replaced, since a pair list names the same city on many rows, and what a row says
 * of it is only a hint; but other coordinates replace the city's with update_coordinates
 * (*replaced set). 0 with nothing set in `fill` when the city lacks none of it. */
static int missing_parts(tr_importer *imp, int64_t id, const tr_city_fields *f,
                         tr_city_fields *fill, int *replaced, tr_error *err)
{
    *fill = (tr_city_fields){0};
    *replaced = 0;
    if (!f->set_coords && !f->region && !f->wikidata)
        return 0;
    json_t *city = tr_city_record(imp->store, id, err);
    if (!city)
        return -1;
    json_t *lat = json_object_get(city, "lat"), *lon = json_object_get(city, "lon");
    *replaced = f->set_coords && imp->update_coordinates && !json_is_null(lat) &&
                (json_number_value(lat) != f->lat || json_number_value(lon) != f->lon);
    if (f->set_coords && (json_is_null(lat) || *replaced))
        fill->set_coords = fill->has_coords = 1, fill->lat = f->lat, fill->lon = f->lon;
    if (f->region && json_is_null(json_object_get(city, "region")))
        fill->set_region = 1, fill->region = f->region;
    if (f->wikidata && json_is_null(json_object_get(city, "wikidata")))
        fill->set_wikidata = 1, fill->wikidata = f->wikidata;
    json_decref(city);
    return 0;
}

/* A party is a file city id, or {"name", "country"[, "lat", "lon", "region", "wikidata"]}:
 * a city found by its wikidata id or its name and country, created when new, completed
 * when it lacks what the party gives. */
static int resolve_party(tr_importer *imp, json_t *party, int64_t *id, tr_error *err)
{
    static const char *const fields[] = {"name",   "country",  "lat", "lon",
                                         "region", "wikidata", NULL};
    if (!json_is_object(party))
        return lookup(imp, MAP_CITY, party, "city", id, err);
    json_t *name = json_object_get(party, "name"), *cc = json_object_get(party, "country");
    tr_city_fields f = {0}, fill;
    tr_opt_text region, wikidata;
    /* The city may be created or completed, in the record's savepoint. */
    if (check_fields(party, "party", fields, err) != 0 || party_coordinates(party, &f, err) != 0 ||
        opt_text(party, "region", &region, err) != 0 ||
        opt_text(party, "wikidata", &wikidata, err) != 0 ||
        tr_bulk_release_cities(imp->bulk, err) != 0 || tr_bulk_record_begin(imp->bulk, err) != 0)
        return -1;
    if (!json_is_string(name) || !json_is_string(cc))
        return tr_error_set(err, TR_REJECTED,
                            "a party given by name needs {\"name\": string, \"country\": string}");
    f.set_region = region.value != NULL, f.region = region.value;
    f.set_wikidata = wikidata.value != NULL, f.wikidata = wikidata.value;
    const struct tr_country *country =
        tr_country_resolve_with(imp->countries, json_string_value(cc), err);
    if (!country || tr_city_find_natural(imp->store, json_string_value(name), country->alpha2,
                                         f.region, f.wikidata, id, err) != 0)
        return -1;
    if (!*id) {
        f.name = json_string_value(name), f.country = country->alpha2;
        if (tr_city_add(imp->store, &f, id, err) != 0)
            return -1;
        raise_top(&imp->city_top, *id);
        count(imp, TR_REC_CITY, TR_OUTCOME_INSERTED);
        return 0;
    }
    if (imp->keep_existing)
        return 0;
    int replaced;
    if (missing_parts(imp, *id, &f, &fill, &replaced, err) != 0)
        return -1;
    if (!fill.set_coords && !fill.set_region && !fill.set_wikidata)
        return 0;
    if (tr_city_update(imp->store, *id, &fill, err) != 0)
        return -1;
    count(imp, TR_REC_CITY, TR_OUTCOME_UPDATED);
    if (fill.set_coords)
        (*(replaced ? &imp->counts.coordinates_replaced : &imp->counts.coordinates_filled))++;
    imp->record_changed_city = 1;
    return 0;
}

/* Two parties that are one city: named, since a pair list's two names may differ
 * ("Paris" and "paris") or be two homonymous towns of one country (one city here). */
static int self_pair(tr_importer *imp, int64_t id, tr_error *err)
{
    json_t *city = tr_bulk_record_begin(imp->bulk, err) == 0 /* a queued city: written first */
                       ? tr_city_record(imp->store, id, err)
                       : NULL;
    if (!city)
        return -1;
    tr_error_set(err, TR_REJECTED,
                 "invalid parties: a city cannot be twinned with itself ('%s', %s is named twice)",
                 json_string_value(json_object_get(city, "name")),
                 json_string_value(json_object_get(city, "country")));
    json_decref(city);
    return -1;
}

/* A new agreement of a load (SQLite; on a server, into an empty registry), with nothing beyond its
 * row and parties (`plain`: no events): checked and queued by the bulk writer, written later with
 * others. 1 when queued (and mapped and counted), 0 when it takes the ordinary way, -1
 * when it is invalid or a failure stops the import. */
static int queue_new_agreement(tr_importer *imp, json_t *rec, const tr_agreement_fields *f,
                               int plain, tr_error *err)
{
    int64_t id;
    int settled =
        settle_file_id(imp->agreement_floor, imp->agreement_top, json_object_get(rec, "id"), &id);
    if (!plain || settled < 0) /* < 0: perhaps taken: looked up, once the queue is written */
        return 0;
    tr_natural_key key;
    int64_t known;
    int place = tr_bulk_place_agreement(imp->bulk, f, &key, &known, err);
    if (place == TR_BULK_UNCHANGED)
        return keep(imp, TR_REC_AGREEMENT, MAP_AGREEMENT, rec, known, err) != 0 ? -1 : 1;
    if (place != TR_BULK_QUEUE)
        return place < 0 ? -1 : 0;
    if (!settled && !(id = tr_store_new_id(imp->store, "agreements", imp->agreement_top,
                                           AGREEMENT_IDS_AHEAD, err)))
        return -1;
    /* Checked, then mapped and counted (what can still fail stops the import), then queued. */
    if (finish(imp, TR_REC_AGREEMENT, MAP_AGREEMENT, rec, id, NULL, tr_agreement_snapshot, err) ||
        tr_bulk_queue_agreement(imp->bulk, id, f, &key, err) != 0)
        return -1;
    raise_top(&imp->agreement_top, id);
    return 1;
}

/* The record's text columns of `group` (twinreg/store/agreement_record.h) from `obj`. */
static int text_columns(json_t *obj, enum tr_field_group group, tr_agreement_fields *f,
                        tr_error *err)
{
    for (int col = 0; col < TR_AC_COUNT; col++)
        if (tr_agreement_columns[col].group == group &&
            tr_agreement_columns[col].type == TR_TYPE_TEXT &&
            opt_text(obj, tr_agreement_columns[col].json, TR_AGREEMENT_INPUT(f, col), err) != 0)
            return -1;
    return 0;
}

/* An agreement's suspensions, each checked as `agreement suspend` checks it (in file
 * order, which the export writes oldest first). */
static int import_suspensions(tr_importer *imp, int64_t id, json_t *list, tr_error *err)
{
    static const char *const fields[] = {"from", "until", "reason", "source", NULL};
    size_t i;
    json_t *item;
    if (tr_suspension_clear(imp->store, id, err) != 0)
        return -1;
    json_array_foreach (list, i, item) {
        if (check_fields(item, "suspension", fields, err) != 0)
            return -1;
        tr_opt_text v[4] = {{0}};
        for (int k = 0; k < 4; k++)
            if (opt_text(item, fields[k], &v[k], err) != 0)
                return -1;
        tr_suspension s = {v[0].value, v[1].value, v[2].value, v[3].value};
        if (!s.on)
            return tr_error_set(err, TR_REJECTED, "a suspension needs 'from': its first day");
        if (tr_suspension_add(imp->store, id, &s, err) != 0)
            return -1;
    }
    return 0;
}

static int import_agreement(tr_importer *imp, json_t *rec, tr_error *err)
{
    const char *fields[TR_AGREEMENT_KEYS];
    tr_agreement_keys(fields, TR_KEYS_OPTIONAL);
    tr_agreement_fields f = {0};
    if (check_fields(rec, "agreement", fields, err) != 0 ||
        text_columns(rec, TR_GROUP_TOP, &f, err) != 0)
        return -1;
    if (f.kind.set && !f.kind.value)
        f.kind.set = 0; /* null kind: the default */
    if (f.kind.set && tr_kind_check(f.kind.value, err) != 0)
        return -1;
    json_t *parties = json_object_get(rec, "parties"), *item;
    size_t i;
    if (!json_is_array(parties) || json_array_size(parties) < 2)
        return tr_error_set(err, TR_REJECTED,
                            "an agreement record needs 'parties': a list of two or more cities");
    if (json_array_size(parties) >
        TR_MAX_PARTIES) /* the store's limit: told as such, not as "two or more" */
        return tr_error_set(err, TR_REJECTED,
                            "an agreement has at most %d parties (this record has %zu)",
                            TR_MAX_PARTIES, json_array_size(parties));
    int64_t party_ids[TR_MAX_PARTIES];
    json_array_foreach (parties, i, item) {
        if (resolve_party(imp, item, &party_ids[i], err) != 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (party_ids[j] == party_ids[i])
                return self_pair(imp, party_ids[i], err);
    }
    f.parties = party_ids;
    f.n_parties = json_array_size(parties);
    json_t *builds_on = json_object_get(rec, "builds_on");
    if (builds_on) {
        f.set_builds_on = 1;
        if (!json_is_null(builds_on) &&
            lookup(imp, MAP_AGREEMENT, builds_on, "agreement (builds_on)", &f.builds_on, err) != 0)
            return -1;
    }
    const char *codes[MAX_LIST], *urls[MAX_LIST];
    if (string_list(rec, "frameworks", codes, &f.n_frameworks, &f.set_frameworks, err) != 0 ||
        string_list(rec, "sources", urls, &f.n_sources, &f.set_sources, err) != 0)
        return -1;
    f.frameworks = codes, f.sources = urls;
    json_t *reg = json_object_get(rec, "registration");
    if (reg) {
        if (!json_is_null(reg) && !json_is_object(reg))
            return tr_error_set(
                err, TR_REJECTED,
                "field 'registration' must be {authority, number, registered_on} or null");
        const char *reg_fields[TR_AC_COUNT + 1];
        size_t n = 0;
        for (int col = 0; col < TR_AC_COUNT; col++)
            if (tr_agreement_columns[col].group == TR_GROUP_REGISTRATION)
                reg_fields[n++] = tr_agreement_columns[col].json;
        reg_fields[n] = NULL;
        if (json_is_object(reg) && (check_fields(reg, "registration", reg_fields, err) != 0 ||
                                    text_columns(reg, TR_GROUP_REGISTRATION, &f, err) != 0))
            return -1;
        f.registered_by.set = f.registration_number.set = f.registered_on.set = 1;
    }
    json_t *events = json_object_get(rec, "events");
    if (events && !json_is_null(events) && !json_is_array(events))
        return tr_error_set(err, TR_REJECTED, "field 'events' must be a list");
    json_t *suspensions = json_object_get(rec, "suspensions");
    if (suspensions && !json_is_null(suspensions) && !json_is_array(suspensions))
        return tr_error_set(err, TR_REJECTED, "field 'suspensions' must be a list");
    if (suspensions && json_is_null(suspensions))
        suspensions = NULL;
    f.parties_resolved = 1; /* resolve_party found them; the natural key is settled here */
    int decided = json_object_get(rec, "signatories") || json_object_get(rec, "approvals") ||
                  json_object_get(rec, "decisions");
    int queued = queue_new_agreement(
        imp, rec, &f, !reg && !decided && !suspensions && (!events || json_is_null(events)), err);
    if (queued != 0)
        return queued < 0 ? -1 : 0;
    /* Added, or matched by its natural key and then updated. */
    int64_t id;
    int known;
    json_t *before = NULL;
    if (tr_bulk_record_begin(imp->bulk, err) != 0)
        return -1;
    f.want_id = wanted_id(imp->store, "agreements", imp->agreement_floor, &imp->agreement_top,
                          json_object_get(rec, "id"));
    int rc = tr_bulk_add_or_match(imp->bulk, &f, &id, &known, err);
    if (rc == 0 && !known)
        raise_top(&imp->agreement_top, id);
    if (rc == 0 && known && imp->keep_existing)
        return keep(imp, TR_REC_AGREEMENT, MAP_AGREEMENT, rec, id, err);
    /* Most matches of a re-import change nothing: told from the row alone when the record
     * replaces nothing beside it, so that it is neither updated nor read twice. Its
     * savepoint is still rolled back: the insert that found the match may have taken an id
     * from id_gaps. (A load that deferred indexes matches in memory and inserted nothing.) */
    int row_only = (!events || json_is_null(events)) && !decided && !suspensions;
    int changes =
        rc == 0 && known && row_only ? tr_agreement_update_changes(imp->store, id, &f, err) : 1;
    if (changes == 0)
        imp->record_unchanged = !imp->record_changed_city;
    if (changes <= 0)
        return changes < 0 ? -1 : keep(imp, TR_REC_AGREEMENT, MAP_AGREEMENT, rec, id, err);
    if (rc == 0 && known) {
        before = tr_agreement_snapshot(imp->store, id, err);
        rc = before ? tr_agreement_update(imp->store, id, &f, err) : -1;
    }
    if (rc == 0 && events && !json_is_null(events)) {
        rc = tr_agreement_clear_events(imp->store, id, err);
        json_array_foreach (events, i, item) {
            if (rc != 0)
                break;
            json_t *ev = json_object_get(item, "event"), *on = json_object_get(item, "on"),
                   *note = json_object_get(item, "note");
            rc = tr_agreement_add_event(imp->store, id, json_string_value(ev),
                                        json_string_value(on), json_string_value(note), err);
        }
    }
    if (rc == 0 && decided)
        rc = import_decided(imp, rec, id, err);
    /* The file's suspensions replace the registry's; a file without the key (older than
     * suspensions) leaves them as they are. */
    if (rc == 0 && suspensions)
        rc = import_suspensions(imp, id, suspensions, err);
    if (rc == 0)
        rc = finish(imp, TR_REC_AGREEMENT, MAP_AGREEMENT, rec, id, before, tr_agreement_snapshot,
                    err);
    json_decref(before);
    return rc;
}

static int read_participation(tr_importer *imp, json_t *item, tr_participation *p, tr_error *err)
{
    static const char *const fields[] = {"city", "year", "count", "field", "note", NULL};
    memset(p, 0, sizeof *p);
    if (check_fields(item, "participation", fields, err) != 0 ||
        lookup(imp, MAP_CITY, json_object_get(item, "city"), "city", &p->city_id, err) != 0)
        return -1;
    json_t *year = json_object_get(item, "year"), *count = json_object_get(item, "count");
    json_t *field = json_object_get(item, "field"), *note = json_object_get(item, "note");
    if ((year && !json_is_null(year) && !json_is_integer(year)) ||
        (count && !json_is_null(count) && !json_is_integer(count)))
        return tr_error_set(err, TR_REJECTED,
                            "participation 'year' and 'count' must be integers or null");
    if ((field && !json_is_null(field) && !json_is_string(field)) ||
        (note && !json_is_null(note) && !json_is_string(note)))
        return tr_error_set(err, TR_REJECTED,
                            "participation 'field' and 'note' must be strings or null");
    p->has_year = json_is_integer(year), p->year = json_integer_value(year);
    p->has_count = json_is_integer(count), p->count = json_integer_value(count);
    p->field = json_string_value(field), p->note = json_string_value(note);
    return 0;
}

static int import_program(tr_importer *imp, json_t *rec, tr_error *err)
{
    static const char *const fields[] = {"id",      "code",          "name",    "operator",
                                         "host",    "started_on",    "summary", "agreements",
                                         "sources", "participation", NULL};
    tr_program_fields f = {0};
    if (check_fields(rec, "program", fields, err) != 0 ||
        !(f.code = req_text(rec, "code", "program", err)) ||
        opt_text(rec, "name", &f.name, err) != 0 ||
        opt_text(rec, "started_on", &f.started_on, err) != 0 ||
        opt_text(rec, "summary", &f.summary, err) != 0)
        return -1;
    json_t *op = json_object_get(rec, "operator"), *host = json_object_get(rec, "host");
    if (op && !json_is_null(op)) {
        f.set_operator = 1;
        if (lookup(imp, MAP_ORG, op, "organization (operator)", &f.operator_id, err) != 0)
            return -1;
    }
    if (host) {
        f.set_host = 1;
        if (!json_is_null(host) &&
            lookup(imp, MAP_CITY, host, "city (host)", &f.host_city_id, err) != 0)
            return -1;
    }
    json_t *agreements = json_object_get(rec, "agreements"), *item;
    int64_t agreement_ids[MAX_LIST];
    size_t i;
    if (agreements && !json_is_null(agreements)) {
        if (!json_is_array(agreements) || json_array_size(agreements) > MAX_LIST)
            return tr_error_set(err, TR_REJECTED,
                                "field 'agreements' must be a list of agreement ids");
        json_array_foreach (agreements, i, item)
            if (lookup(imp, MAP_AGREEMENT, item, "agreement", &agreement_ids[i], err) != 0)
                return -1;
        f.set_agreements = 1;
        f.agreements = agreement_ids;
        f.n_agreements = json_array_size(agreements);
    }
    json_t *participation = json_object_get(rec, "participation");
    if (participation && !json_is_null(participation) && !json_is_array(participation))
        return tr_error_set(err, TR_REJECTED, "field 'participation' must be a list");
    int64_t id;
    tr_error probe;
    tr_error_init(&probe);
    int exists = tr_program_resolve(imp->store, f.code, &id, &probe) == 0;
    tr_error_release(&probe);
    if (exists && imp->keep_existing)
        return keep(imp, TR_REC_PROGRAM, 0, rec, id, err);
    if (!exists)
        f.want_id = wanted_id(imp->store, "programs", imp->program_floor, &imp->program_top,
                              json_object_get(rec, "id"));
    json_t *before = exists ? tr_program_record_json(imp->store, id, err) : NULL, *after = NULL;
    int rc = exists ? (before ? tr_program_update(imp->store, &f, err) : -1)
                    : tr_program_add(imp->store, &f, &id, err);
    if (rc == 0) {
        raise_top(&imp->program_top, id);
        rc = link_sources(imp, rec, "program", f.code, err);
    }
    if (rc == 0 && participation && !json_is_null(participation)) {
        rc = tr_program_clear_participation(imp->store, id, err);
        json_array_foreach (participation, i, item) {
            tr_participation p;
            if (rc != 0 || (rc = read_participation(imp, item, &p, err)) != 0)
                break;
            rc = tr_program_record(imp->store, id, &p, err);
        }
    }
    if (rc == 0 && (after = tr_program_record_json(imp->store, id, err)) != NULL)
        count_change(imp, TR_REC_PROGRAM, before, after);
    json_decref(before);
    json_decref(after);
    return rc == 0 && after ? 0 : -1;
}

int tr_importer_record(tr_importer *imp, const char *type, json_t *rec, tr_error *err)
{
    static const struct {
        const char *type;
        int (*import)(tr_importer *, json_t *, tr_error *);
    } kinds[] = {{"source", import_source},     {"city", import_city},
                 {"organization", import_org},  {"framework", import_framework},
                 {"decision", import_decision}, {"agreement", import_agreement},
                 {"program", import_program}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (!type || strcmp(type, kinds[i].type) != 0)
            continue;
        /* An agreement or a city opens its savepoint only if it writes at once (not
         * queued); the first agreement, outside any savepoint, lets the bulk writer defer
         * the indexes (so an import that brings no agreement leaves the schema as it was). */
        int rc = kinds[i].import == import_agreement ? tr_bulk_expect_agreements(imp->bulk, err)
                 : kinds[i].import == import_city    ? 0
                                                     : tr_bulk_record_begin(imp->bulk, err);
        imp->record_unchanged = imp->record_changed_city = 0;
        if (rc == 0)
            rc = kinds[i].import(imp, rec, err);
        if (rc != 0 && err->status == TR_IO)
            return -1; /* the import stops; its transaction is rolled back */
        tr_error ignored;
        tr_error_init(&ignored);
        int undo = rc != 0 || imp->record_unchanged;
        if (tr_bulk_record_end(imp->bulk, undo, rc != 0 ? &ignored : err) != 0) {
            if (rc != 0) { /* the record's reason gives way to the failure to undo it */
                err->status = TR_IO;
                snprintf(err->message, sizeof err->message, "%s", ignored.message);
            }
            tr_error_release(&ignored);
            return -1;
        }
        return rc;
    }
    return tr_error_set(err, TR_REJECTED, "unknown record type '%s'", type ? type : "(none)");
}
