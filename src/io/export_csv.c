/* CSV export: one agreement per row with its parties' names and countries, in the columns
 * `import --format csv` reads (city1, country1, city2, country2, ...), for spreadsheets.
 * Written by a merge of two sorted scans (the agreements, and their parties with their
 * cities), each read once: a subquery per agreement over the ranked parties read them all
 * for every agreement (10k agreements took 4.8 s, 50k 129 s). */
#include "twinreg/io/io.h"

#include "io/export_output.h"
#include "twinreg/core/text_buf.h"
#include "twinreg/store/agreement_record.h"
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

struct parties {
    tr_cursor
        *rows; /* TR_Q_PARTY_PLACES: in the primary key's order, the first two fill city1/city2 */
    int has_row;
    /* the current agreement's parties: "name\0country\0" each, and "name (cc); ..." */
    struct text cells, list;
    size_t n, second; /* how many; where the second one's name starts in cells */
};

static int step(struct parties *p, tr_error *err)
{
    int rc = tr_cursor_next(p->rows, err);
    p->has_row = rc == 1;
    return rc < 0 ? -1 : 0;
}

/* Reads the parties of agreement `id` (and skips any of an earlier one). */
static int gather(struct parties *p, int64_t id, tr_error *err)
{
    p->cells.len = p->list.len = p->n = 0;
    while (p->has_row && tr_cursor_int(p->rows, 0) < id)
        if (step(p, err) != 0)
            return -1;
    for (; p->has_row && tr_cursor_int(p->rows, 0) == id; p->n++) {
        const char *name = tr_cursor_text(p->rows, 1), *country = tr_cursor_text(p->rows, 2);
        if (p->n == 1)
            p->second = p->cells.len;
        if (p->n < 2) {
            text_put(&p->cells, name, strlen(name) + 1);
            text_put(&p->cells, country, strlen(country) + 1);
        }
        if (p->n)
            text_put_str(&p->list, "; ");
        text_put_str(&p->list, name);
        text_put_str(&p->list, " (");
        text_put_str(&p->list, country);
        text_put_str(&p->list, ")");
        if (step(p, err) != 0)
            return -1;
    }
    return 0;
}

/* One row: the agreement's columns, its first two parties, all of them. */
static void write_row(FILE *out, tr_cursor *a, const struct parties *p)
{
    for (int i = 0, n = 0; i < TR_AC_COUNT; i++) {
        if (!tr_agreement_columns[i].csv)
            continue;
        if (n++)
            fputc(',', out);
        tr_csv_cell(out, tr_cursor_text(a, i));
    }
    const char *cell = p->cells.data;
    for (int i = 0; i < 4; i++) { /* name, country, name, country */
        fputc(',', out);
        if (i == 2)
            cell = p->cells.data + p->second;
        tr_csv_cell(out, cell);
        cell += strlen(cell) + 1;
    }
    fputc(',', out);
    tr_csv_cell(out, p->list.data);
    fputs("\r\n", out);
}

int tr_export_csv(tr_store *store, FILE *out, tr_error *err)
{
    static const char *const places[] = {"city1", "country1", "city2", "country2", "parties"};
    tr_cursor *agreements = NULL;
    struct parties p = {0};
    int rc = -1, status = 0;
    if (tr_cursor_open(store, TR_Q_AGREEMENTS, "cannot export", &agreements, err) != 0 ||
        tr_cursor_open(store, TR_Q_PARTY_PLACES, "cannot export", &p.rows, err) != 0 ||
        step(&p, err) != 0)
        status = -1;
    for (int i = 0, n = 0; status == 0 && i < TR_AC_COUNT; i++)
        if (tr_agreement_columns[i].csv)
            fprintf(out, "%s%s", n++ ? "," : "", tr_agreement_columns[i].json);
    for (size_t i = 0; status == 0 && i < sizeof places / sizeof places[0]; i++)
        fprintf(out, ",%s", places[i]);
    if (status == 0)
        fputs("\r\n", out);
    while (status == 0 && (rc = tr_cursor_next(agreements, err)) == 1) {
        if (gather(&p, tr_cursor_int(agreements, 0), err) != 0)
            status = -1;
        else if (p.cells.failed || p.list.failed)
            status = tr_error_set(err, TR_IO, "cannot export: out of memory");
        else if (p.n >= 2) /* a row names two cities */
            write_row(out, agreements, &p);
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
