/* CSV (and TSV) export: one agreement per row with its parties' names and countries, in the columns
 * `import --format csv` reads (city1, country1, city2, country2, ..., then the two parties'
 * coordinates, regions and Wikidata ids), for spreadsheets; an import of it gives the same export
 * again. Written by a merge of two sorted scans (the agreements, and their parties with their
 * cities), each read once: a subquery per agreement over the ranked parties read them all
 * for every agreement (10k agreements took 4.8 s, 50k 129 s). */
#include "twinreg/io/io.h"

#include "io/export_agreements.h"
#include "io/export_output.h"
#include "twinreg/core/text_buf.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/city.h"
#include "twinreg/store/cursor.h"

#include <stdlib.h>
#include <string.h>

void tr_csv_cell(FILE *out, const char *s)
{
    if (s)
        tr_csv_celln(out, s, strlen(s));
}

/* Whether a cell must be quoted: a comma, quote, CR, LF or NUL byte (kept, quoted). A
 * test per byte, not a strchr call per byte: that call was an eighth of `active`'s time
 * on the client at 1M agreements. */
static int needs_quotes(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n' || c == '\0')
            return 1;
    }
    return 0;
}

void tr_csv_celln(FILE *out, const char *s, size_t n)
{
    if (!needs_quotes(s, n)) {
        fwrite(s, 1, n, out);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            fputc('"', out);
        fputc(s[i], out);
    }
    fputc('"', out);
}

/* A party's cells after its name and country, from TR_Q_PARTY_PLACES's columns: added at
 * the end of a row so that an import reads back what the first columns cannot hold. */
enum {
    PLACE_NAME = 1,
    PLACE_COUNTRY,
    PLACE_REGION,
    PLACE_LAT,
    PLACE_LON,
    PLACE_WIKIDATA,
    PLACE_CELLS = 6
};

struct parties {
    tr_cursor
        *rows; /* TR_Q_PARTY_PLACES: in the primary key's order, the first two fill city1/city2 */
    int has_row;
    /* the current agreement's first two parties, PLACE_CELLS texts each ("" when none),
     * and "name (cc); ..." of all */
    struct text cells, list;
    size_t n, second; /* how many; where the second one's cells start */
};

static int step(struct parties *p, tr_error *err)
{
    int rc = tr_cursor_next(p->rows, err);
    p->has_row = rc == 1;
    return rc < 0 ? -1 : 0;
}

/* A cell's text, NUL included; a real as the JSON export writes it (15 digits, as SQLite
 * keeps a number it reads from text; whole ones as 12.0), the same on both engines. */
static void put_place(struct text *t, json_t *v)
{
    char *real = json_is_real(v) ? json_dumps(v, TR_JSON_FLAGS | JSON_ENCODE_ANY) : NULL;
    const char *cell = json_is_string(v) ? json_string_value(v) : real ? real : "";
    if (json_is_real(v) && !real)
        t->failed = 1;
    text_put(t, cell, strlen(cell) + 1);
    free(real);
}

/* Adds one party: name, country, region, lat, lon, wikidata (NULL or JSON null: none). */
static void put_party(struct parties *p, json_t *const place[PLACE_CELLS])
{
    if (p->n == 1)
        p->second = p->cells.len;
    for (int i = 0; p->n < 2 && i < PLACE_CELLS; i++)
        put_place(&p->cells, place[i]);
    if (p->n++)
        text_put_str(&p->list, "; ");
    text_put_str(&p->list, json_string_value(place[0]));
    text_put_str(&p->list, " (");
    text_put_str(&p->list, json_string_value(place[1]));
    text_put_str(&p->list, ")");
}

/* Reads the parties of agreement `id` (and skips any of an earlier one). */
static int gather(struct parties *p, int64_t id, tr_error *err)
{
    p->cells.len = p->list.len = p->n = 0;
    while (p->has_row && tr_cursor_int(p->rows, 0) < id)
        if (step(p, err) != 0)
            return -1;
    while (p->has_row && tr_cursor_int(p->rows, 0) == id) {
        json_t *place[PLACE_CELLS];
        for (int i = 0; i < PLACE_CELLS; i++)
            place[i] = tr_cursor_json(p->rows, PLACE_NAME + i);
        put_party(p, place);
        for (int i = 0; i < PLACE_CELLS; i++)
            json_decref(place[i]);
        if (step(p, err) != 0)
            return -1;
    }
    return 0;
}

/* The same for agreements in chain order, which no merge of scans by id follows: each
 * agreement's parties looked up (a registry where one builds on a later one is rare). */
static int gather_by_id(tr_store *store, struct parties *p, int64_t id, tr_error *err)
{
    static const char *const keys[PLACE_CELLS] = {"name", "country", "region",
                                                  "lat",  "lon",     "wikidata"};
    p->cells.len = p->list.len = p->n = 0;
    json_t *rec = tr_agreement_record(store, id, err), *party;
    size_t i;
    json_array_foreach (json_object_get(rec, "parties"), i, party) {
        json_t *city = tr_city_record(store, json_integer_value(party), err), *place[PLACE_CELLS];
        if (!city)
            break;
        for (int k = 0; k < PLACE_CELLS; k++)
            place[k] = json_object_get(city, keys[k]);
        put_party(p, place);
        json_decref(city);
    }
    json_decref(rec);
    return err->status ? -1 : 0;
}

/* The cell `col` (PLACE_*) of the first (0) or second (1) party. */
static const char *place(const struct parties *p, int which, int col)
{
    const char *cell = p->cells.data + (which ? p->second : 0);
    for (int i = PLACE_NAME; i < col; i++)
        cell += strlen(cell) + 1;
    return cell;
}

/* The columns after "parties", in header order: which party, which cell. A new one goes at
 * the end, so that a script reading the columns by position still finds the older ones. */
static const struct {
    const char *name;
    int which, col;
} more[] = {{"lat1", 0, PLACE_LAT},           {"lon1", 0, PLACE_LON},
            {"lat2", 1, PLACE_LAT},           {"lon2", 1, PLACE_LON},
            {"region1", 0, PLACE_REGION},     {"region2", 1, PLACE_REGION},
            {"wikidata1", 0, PLACE_WIKIDATA}, {"wikidata2", 1, PLACE_WIKIDATA}};

/* One cell of CSV or TSV (NULL: empty). */
static void cell(FILE *out, const tr_delimited *opt, const char *s)
{
    tr_delimited_celln(out, opt->tsv, s ? s : "", s ? strlen(s) : 0);
}

/* One row: the agreement's columns, its first two parties, all of them, then the first
 * two parties' places. */
static void write_row(FILE *out, const tr_delimited *opt, tr_cursor *a, const struct parties *p)
{
    for (int i = 0, n = 0; i < TR_AC_COUNT; i++) {
        if (!tr_agreement_columns[i].csv)
            continue;
        if (n++)
            tr_delimited_separator(out, opt->tsv);
        cell(out, opt, tr_cursor_text(a, i));
    }
    for (int i = 0; i < 4; i++) { /* name, country, name, country */
        tr_delimited_separator(out, opt->tsv);
        cell(out, opt, place(p, i / 2, i % 2 ? PLACE_COUNTRY : PLACE_NAME));
    }
    tr_delimited_separator(out, opt->tsv);
    cell(out, opt, p->list.data);
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        tr_delimited_separator(out, opt->tsv);
        cell(out, opt, place(p, more[i].which, more[i].col));
    }
    tr_delimited_end(out, opt->tsv);
}

int tr_export_csv(tr_store *store, FILE *out, tr_error *err)
{
    static const tr_delimited csv = {0, 0};
    return tr_export_delimited(store, out, &csv, err);
}

/* The header line: plain names, the same in both forms but for the separator. */
static void write_header(FILE *out, const tr_delimited *opt)
{
    static const char *const places[] = {"city1", "country1", "city2", "country2", "parties"};
    int n = 0;
    for (int i = 0; i < TR_AC_COUNT; i++)
        if (tr_agreement_columns[i].csv) {
            if (n++)
                tr_delimited_separator(out, opt->tsv);
            fputs(tr_agreement_columns[i].json, out);
        }
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        tr_delimited_separator(out, opt->tsv);
        fputs(places[i], out);
    }
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
        tr_delimited_separator(out, opt->tsv);
        fputs(more[i].name, out);
    }
    tr_delimited_end(out, opt->tsv);
}

int tr_export_delimited(tr_store *store, FILE *out, const tr_delimited *opt, tr_error *err)
{
    tr_cursor *agreements = NULL;
    struct parties p = {0};
    int rc = -1, status = 0, chained = export_builds_forward(store, err);
    if (chained < 0 ||
        tr_cursor_open(store, chained ? TR_Q_AGREEMENTS_CHAINED : TR_Q_AGREEMENTS, "cannot export",
                       &agreements, err) != 0 ||
        (!chained &&
         (tr_cursor_open(store, TR_Q_PARTY_PLACES, "cannot export", &p.rows, err) != 0 ||
          step(&p, err) != 0)))
        status = -1;
    if (status == 0 && !opt->no_header)
        write_header(out, opt);
    while (status == 0 && (rc = tr_cursor_next(agreements, err)) == 1) {
        int64_t id = tr_cursor_int(agreements, 0);
        if ((chained ? gather_by_id(store, &p, id, err) : gather(&p, id, err)) != 0)
            status = -1;
        else if (p.cells.failed || p.list.failed)
            status = tr_error_set(err, TR_IO, "cannot export: out of memory");
        else if (p.n >= 2) /* a row names two cities */
            write_row(out, opt, agreements, &p);
    }
    if (status == 0 && rc < 0)
        status = -1;
    tr_cursor_close(agreements);
    tr_cursor_close(p.rows);
    free(p.cells.data);
    free(p.list.data);
    if (status != 0)
        return status;
    return ferror(out) ? export_write_failed(out, err) : 0;
}
