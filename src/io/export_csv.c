/* CSV export: one agreement per row with its parties' names and countries, in the columns
 * `import --format csv` reads (city1, country1, city2, country2, ...), for spreadsheets.
 * Written by a merge of two sorted scans (the agreements, and their parties with their
 * cities), each read once: a subquery per agreement over the ranked parties read them all
 * for every agreement (10k agreements took 4.8 s, 50k 129 s). */
#include "twinreg/io.h"

#include "io/text_buf.h"

#include <stdlib.h>
#include <string.h>

void tr_csv_cell(FILE *out, const char *s)
{
    if (s)
        tr_csv_celln(out, s, strlen(s));
}

void tr_csv_celln(FILE *out, const char *s, size_t n)
{
    int quoted = 0; /* strchr finds a NUL byte too (the set's terminator): quoted, kept */
    for (size_t i = 0; i < n && !quoted; i++)
        quoted = strchr(",\"\r\n", s[i]) != NULL;
    if (!quoted) {
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

static const char AGREEMENTS_SQL[] =
    "SELECT id, kind, title, signed_on, in_force_on, expires_on, ended_on, end_reason, builds_on "
    "FROM agreements ORDER BY id";
/* In the primary key's order: no sort, and the first two parties fill city1/city2. */
static const char PARTIES_SQL[] = "SELECT p.agreement_id, c.name, c.country FROM agreement_parties p "
                                  "JOIN cities c ON c.id = p.city_id ORDER BY p.agreement_id, p.city_id";
#define HEAD_COLUMNS 9

struct parties {
    sqlite3_stmt *stmt;
    int has_row;
    /* the current agreement's parties: "name\0country\0" each, and "name (cc); ..." */
    struct text cells, list;
    size_t n, second; /* how many; where the second one's name starts in cells */
};

static int step(struct parties *p)
{
    int rc = sqlite3_step(p->stmt);
    p->has_row = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Reads the parties of agreement `id` (and skips any of an earlier one). */
static int gather(struct parties *p, sqlite3_int64 id)
{
    p->cells.len = p->list.len = p->n = 0;
    while (p->has_row && sqlite3_column_int64(p->stmt, 0) < id)
        if (step(p) != 0)
            return -1;
    for (; p->has_row && sqlite3_column_int64(p->stmt, 0) == id; p->n++) {
        const char *name = (const char *)sqlite3_column_text(p->stmt, 1),
                   *country = (const char *)sqlite3_column_text(p->stmt, 2);
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
        if (step(p) != 0)
            return -1;
    }
    return 0;
}

/* One row: the agreement's columns, its first two parties, all of them. */
static void write_row(FILE *out, sqlite3_stmt *a, const struct parties *p)
{
    for (int i = 0; i < HEAD_COLUMNS; i++) {
        if (i)
            fputc(',', out);
        tr_csv_cell(out, (const char *)sqlite3_column_text(a, i));
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
    static const char *const header[] = {"id", "kind", "title", "signed_on", "in_force_on", "expires_on", "ended_on",
                                         "end_reason", "builds_on", "city1", "country1", "city2", "country2", "parties"};
    sqlite3 *db = tr_store_db(store);
    sqlite3_stmt *agreements = NULL;
    struct parties p = {0};
    int rc = SQLITE_ERROR, status = 0;
    if (sqlite3_prepare_v2(db, AGREEMENTS_SQL, -1, &agreements, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, PARTIES_SQL, -1, &p.stmt, NULL) != SQLITE_OK || step(&p) != 0)
        status = tr_store_fail(store, "cannot export", err);
    for (size_t i = 0; status == 0 && i < sizeof header / sizeof header[0]; i++)
        fprintf(out, "%s%s", i ? "," : "", header[i]);
    if (status == 0)
        fputs("\r\n", out);
    while (status == 0 && (rc = sqlite3_step(agreements)) == SQLITE_ROW) {
        if (gather(&p, sqlite3_column_int64(agreements, 0)) != 0)
            status = tr_store_fail(store, "cannot export", err);
        else if (p.cells.failed || p.list.failed)
            status = tr_error_set(err, TR_IO, "cannot export: out of memory");
        else if (p.n >= 2) /* a row names two cities */
            write_row(out, agreements, &p);
    }
    if (status == 0 && rc != SQLITE_DONE)
        status = tr_store_fail(store, "cannot export", err);
    sqlite3_finalize(agreements);
    sqlite3_finalize(p.stmt);
    free(p.cells.data);
    free(p.list.data);
    if (status != 0)
        return status;
    return ferror(out) ? tr_error_set(err, TR_IO, "cannot write the export: output error") : 0;
}
