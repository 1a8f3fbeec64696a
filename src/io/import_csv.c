/* The CSV reader of import: pair lists with a header row, one agreement per row between
 * two cities named by name and country. Columns are found by their contract names or
 * mapped from other headers (--map city1=origincityLabel), so that a list from elsewhere
 * is read without editing it. Each row becomes an interchange agreement record whose
 * parties are {name, country}, merged like any other. */
#include "io/csv_read.h"
#include "io/import_run.h"
#include "twinreg/core/id.h"
#include "twinreg/core/number.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The fields of a row: their names in the contract, the alternatives a header may use. */
enum {
    F_CITY1,
    F_COUNTRY1,
    F_CITY2,
    F_COUNTRY2,
    F_KIND,
    F_SIGNED_ON,
    F_YEAR,
    F_ENDED_ON,
    F_TITLE,
    F_SOURCE,
    F_LAT1,
    F_LON1,
    F_LAT2,
    F_LON2,
    F_REGION1,
    F_REGION2,
    F_WIKIDATA1,
    F_WIKIDATA2,
    /* what a CSV export writes beyond a pair list, so that its import loses nothing */
    F_IN_FORCE_ON,
    F_EXPIRES_ON,
    F_END_REASON,
    F_BUILDS_ON,
    F_ID,
    N_FIELDS
};
static const struct {
    const char *name, *alternative;
    int required;
} fields[N_FIELDS] = {
    [F_CITY1] = {"city1", "city_a", 1},
    [F_COUNTRY1] = {"country1", "country_a", 1},
    [F_CITY2] = {"city2", "city_b", 1},
    [F_COUNTRY2] = {"country2", "country_b", 1},
    [F_KIND] = {"kind", NULL, 0},
    [F_SIGNED_ON] = {"signed_on", NULL, 0},
    [F_YEAR] = {"year", NULL, 0},
    [F_ENDED_ON] = {"ended_on", NULL, 0},
    [F_TITLE] = {"title", NULL, 0},
    [F_SOURCE] = {"source", NULL, 0},
    [F_LAT1] = {"lat1", "lat_a", 0},
    [F_LON1] = {"lon1", "lon_a", 0},
    [F_LAT2] = {"lat2", "lat_b", 0},
    [F_LON2] = {"lon2", "lon_b", 0},
    [F_REGION1] = {"region1", "region_a", 0},
    [F_REGION2] = {"region2", "region_b", 0},
    [F_WIKIDATA1] = {"wikidata1", "wikidata_a", 0},
    [F_WIKIDATA2] = {"wikidata2", "wikidata_b", 0},
    [F_IN_FORCE_ON] = {"in_force_on", NULL, 0},
    [F_EXPIRES_ON] = {"expires_on", NULL, 0},
    [F_END_REASON] = {"end_reason", NULL, 0},
    [F_BUILDS_ON] = {"builds_on", NULL, 0},
    [F_ID] = {"id", NULL, 0},
};

/* The columns of one party. */
struct party_fields {
    int city, country, lat, lon, region, wikidata;
};
static const struct party_fields party_fields[2] = {
    {F_CITY1, F_COUNTRY1, F_LAT1, F_LON1, F_REGION1, F_WIKIDATA1},
    {F_CITY2, F_COUNTRY2, F_LAT2, F_LON2, F_REGION2, F_WIKIDATA2},
};

static int field_index(const char *name, size_t len)
{
    for (int f = 0; f < N_FIELDS; f++)
        if (strlen(fields[f].name) == len && strncmp(fields[f].name, name, len) == 0)
            return f;
    return -1;
}

/* Calls fn for each "field=Header" of the --map values (each may hold several, split by
 * commas). Returns fn's first non-zero result. */
static int each_mapping(const tr_import_options *opt,
                        int (*fn)(int field, const char *header, size_t len, void *ctx), void *ctx,
                        tr_error *err)
{
    for (size_t i = 0; i < opt->n_mapping; i++) {
        const char *p = opt->mapping[i];
        for (;;) {
            size_t len = strcspn(p, ",");
            const char *eq = memchr(p, '=', len);
            int f = eq ? field_index(p, (size_t)(eq - p)) : -1;
            if (!eq || eq == p + len - 1)
                return tr_error_set(err, TR_USAGE, "--map: wants FIELD=HEADER, got '%.*s'",
                                    (int)len, p);
            if (f < 0)
                return tr_error_set(
                    err, TR_USAGE,
                    "--map: unknown field '%.*s' (fields: city1 country1 city2 country2 kind "
                    "signed_on year ended_on title source lat1 lon1 lat2 lon2 region1 region2 "
                    "wikidata1 wikidata2 in_force_on expires_on end_reason builds_on id)",
                    (int)(eq - p), p);
            int rc = fn ? fn(f, eq + 1, len - (size_t)(eq - p) - 1, ctx) : 0;
            if (rc)
                return rc;
            if (!p[len])
                break;
            p += len + 1;
        }
    }
    return 0;
}

int import_csv_check_mapping(const tr_import_options *opt, tr_error *err)
{
    return each_mapping(opt, NULL, NULL, err);
}

struct header {
    csv_record *rec;
    int column[N_FIELDS]; /* -1: absent */
    const char *mapped[N_FIELDS];
    size_t mapped_len[N_FIELDS];
};

static int remember_mapping(int field, const char *header, size_t len, void *ctx)
{
    struct header *h = ctx;
    h->mapped[field] = header;
    h->mapped_len[field] = len;
    return 0;
}

static int find_column(const csv_record *rec, const char *name, size_t len)
{
    for (size_t c = 0; c < rec->n; c++) {
        const char *cell = rec->fields[c];
        cell += strspn(cell, " ");
        size_t cell_len = strlen(cell);
        while (cell_len > 0 && cell[cell_len - 1] == ' ')
            cell_len--;
        if (cell_len == len && strncasecmp(cell, name, len) == 0)
            return (int)c;
    }
    return -1;
}

static int read_header(tr_import *im, struct header *h, tr_error *err)
{
    tr_error why;
    tr_error_init(&why);
    int rc = csv_read(&im->reader, im->delimiter, h->rec, &why);
    if (rc < 0) /* "line 1: why", named after the file */
        tr_error_set(err, why.status, "cannot import '%s': %s", im->reader.name, why.message);
    tr_error_release(&why);
    if (rc == 0)
        return tr_error_set(err, TR_REJECTED,
                            "cannot import '%s': empty file: a CSV pair list needs a header row",
                            im->reader.name);
    if (rc < 0)
        return -1;
    if (each_mapping(&im->opt, remember_mapping, h, err) != 0)
        return -1;
    for (int f = 0; f < N_FIELDS; f++) {
        if (h->mapped[f]) {
            h->column[f] = find_column(h->rec, h->mapped[f], h->mapped_len[f]);
            if (h->column[f] < 0)
                return tr_error_set(
                    err, TR_REJECTED,
                    "cannot import '%s': line %ld: no column '%.*s' (given by --map %s=)",
                    im->reader.name, h->rec->line, (int)h->mapped_len[f], h->mapped[f],
                    fields[f].name);
            continue;
        }
        h->column[f] = find_column(h->rec, fields[f].name, strlen(fields[f].name));
        if (h->column[f] < 0 && fields[f].alternative)
            h->column[f] =
                find_column(h->rec, fields[f].alternative, strlen(fields[f].alternative));
        if (h->column[f] < 0 && fields[f].required)
            return tr_error_set(err, TR_REJECTED,
                                "cannot import '%s': line %ld: no '%s' column (or '%s'); name the "
                                "column with --map %s=HEADER "
                                "(delimiter '%s')",
                                im->reader.name, h->rec->line, fields[f].name,
                                fields[f].alternative, fields[f].name,
                                im->delimiter == '\t' ? "\\t" : (char[]){im->delimiter, 0});
    }
    return 0;
}

/* A cell of the row, or NULL when the column is absent or the cell empty. */
static const char *cell(const struct header *h, const csv_record *row, int f)
{
    int c = h->column[f];
    if (c < 0 || (size_t)c >= row->n)
        return NULL;
    const char *v = row->fields[c];
    return *v ? v : NULL;
}

/* Sets key to a string (json_string refuses invalid UTF-8: the row is then invalid). */
static int set_text(json_t *obj, const char *key, const char *text, char *why, size_t cap)
{
    json_t *v = json_string(text);
    if (!v) {
        snprintf(why, cap, "%s: not valid UTF-8 text", key);
        return -1;
    }
    json_object_set_new(obj, key, v);
    return 0;
}

static int set_number(json_t *obj, const char *key, const char *text, char *why, size_t cap)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v)) {
        snprintf(why, cap, "%s: '%.40s' is not a number", key, text);
        return -1;
    }
    json_object_set_new(obj, key, json_real(v));
    return 0;
}

static json_t *party(const struct header *h, const csv_record *row, const struct party_fields *pf,
                     char *why, size_t cap)
{
    json_t *p = json_object();
    const char *name = cell(h, row, pf->city), *cc = cell(h, row, pf->country);
    const char *region = cell(h, row, pf->region), *wikidata = cell(h, row, pf->wikidata);
    if (!name || !cc) {
        snprintf(why, cap, "empty %s", !name ? fields[pf->city].name : fields[pf->country].name);
    } else if (set_text(p, "name", name, why, cap) == 0 &&
               set_text(p, "country", cc, why, cap) == 0 &&
               (!region || set_text(p, "region", region, why, cap) == 0) &&
               (!wikidata || set_text(p, "wikidata", wikidata, why, cap) == 0) &&
               (!cell(h, row, pf->lat) ||
                set_number(p, "lat", cell(h, row, pf->lat), why, cap) == 0) &&
               (!cell(h, row, pf->lon) ||
                set_number(p, "lon", cell(h, row, pf->lon), why, cap) == 0)) {
        return p;
    }
    json_decref(p);
    return NULL;
}

/* The row's file id and the one it builds on: a whole number as an integer, so that an
 * empty registry keeps it as a JSON import does; other text as a string id. */
static int set_ids(const struct header *h, const csv_record *row, json_t *rec, char *why,
                   size_t cap)
{
    static const struct {
        int field;
        const char *key;
    } ids[] = {{F_ID, "id"}, {F_BUILDS_ON, "builds_on"}};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const char *v = cell(h, row, ids[i].field);
        long long n;
        if (!v)
            continue;
        if (tr_parse_whole(v, 1, TR_ID_MAX, &n) == 0)
            json_object_set_new(rec, ids[i].key, json_integer(n));
        else if (set_text(rec, ids[i].key, v, why, cap) != 0)
            return -1;
    }
    return 0;
}

/* The agreement record of one row, or NULL with the reason in why. */
static json_t *row_record(const struct header *h, const csv_record *row, char *why, size_t cap)
{
    if (row->n != h->rec->n) {
        snprintf(why, cap, "%zu fields where the header has %zu", row->n, h->rec->n);
        return NULL;
    }
    json_t *a = party(h, row, &party_fields[0], why, cap);
    json_t *b = a ? party(h, row, &party_fields[1], why, cap) : NULL;
    if (!b) {
        json_decref(a);
        return NULL;
    }
    json_t *rec = json_pack("{s:[o,o]}", "parties", a, b);
    static const struct {
        int field;
        const char *key;
    } texts[] = {{F_KIND, "kind"},
                 {F_SIGNED_ON, "signed_on"},
                 {F_YEAR, "signed_on"},
                 {F_ENDED_ON, "ended_on"},
                 {F_TITLE, "title"},
                 {F_IN_FORCE_ON, "in_force_on"},
                 {F_EXPIRES_ON, "expires_on"},
                 {F_END_REASON, "end_reason"}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *v = cell(h, row, texts[i].field);
        if (v && !json_object_get(rec, texts[i].key) &&
            set_text(rec, texts[i].key, v, why, cap) != 0) {
            json_decref(rec);
            return NULL;
        }
    }
    if (set_ids(h, row, rec, why, cap) != 0) {
        json_decref(rec);
        return NULL;
    }
    const char *source = cell(h, row, F_SOURCE);
    if (source) {
        json_t *url = json_string(source);
        if (!url) {
            snprintf(why, cap, "source: not valid UTF-8 text");
            json_decref(rec);
            return NULL;
        }
        json_object_set_new(rec, "sources", json_pack("[o]", url));
    }
    return rec;
}

int import_csv(tr_import *im, tr_error *err)
{
    csv_record header_row = {0}, row = {0};
    struct header h = {.rec = &header_row};
    int rc = read_header(im, &h, err);
    if (rc == 0)
        rejects_csv_header(&im->rejects, &header_row);
    while (rc == 0) {
        tr_error bad;
        tr_error_init(&bad);
        int got = csv_read(&im->reader, im->delimiter, &row, &bad);
        if (got == 0)
            break;
        im->current.type = TR_REC_AGREEMENT;
        im->current.row = got > 0 ? &row : NULL;
        if (got < 0) {
            if (bad.status != TR_REJECTED) {
                tr_error_set(err, bad.status, "%s", bad.message);
                rc = -1;
            } else {
                /* "line N: why" from the CSV reader: keep the why. */
                const char *why = strstr(bad.message, ": ");
                run_invalid(im, row.line ? row.line : im->reader.line, why ? why + 2 : bad.message);
            }
            tr_error_release(&bad);
            continue;
        }
        char why[256];
        json_t *rec = row_record(&h, &row, why, sizeof why);
        if (rec)
            rc = run_record(im, row.line, "agreement", rec, err);
        else
            run_invalid(im, row.line, why);
        json_decref(rec);
    }
    csv_record_free(&header_row);
    csv_record_free(&row);
    return rc;
}
