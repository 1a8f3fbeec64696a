/* CSV export: one agreement per row with its parties' names and countries, in the columns
 * `import --format csv` reads (city1, country1, city2, country2, ...), for spreadsheets. */
#include "twinreg/io.h"

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

int tr_export_csv(tr_store *store, FILE *out, tr_error *err)
{
    /* The first two parties fill city1/city2; every party is also listed in `parties`. */
    static const char sql[] =
        "WITH ranked AS (SELECT p.agreement_id, c.name, c.country, "
        "  row_number() OVER (PARTITION BY p.agreement_id ORDER BY p.city_id) AS n FROM agreement_parties p "
        "  JOIN cities c ON c.id = p.city_id) "
        "SELECT a.id, a.kind, a.title, a.signed_on, a.in_force_on, a.expires_on, a.ended_on, a.end_reason, a.builds_on, "
        "  r1.name, r1.country, r2.name, r2.country, "
        "  (SELECT group_concat(name || ' (' || country || ')', '; ') FROM (SELECT name, country FROM ranked r "
        "     WHERE r.agreement_id = a.id ORDER BY n)) "
        "FROM agreements a JOIN ranked r1 ON r1.agreement_id = a.id AND r1.n = 1 "
        "JOIN ranked r2 ON r2.agreement_id = a.id AND r2.n = 2 ORDER BY a.id";
    static const char *const header[] = {"id", "kind", "title", "signed_on", "in_force_on", "expires_on", "ended_on",
                                         "end_reason", "builds_on", "city1", "country1", "city2", "country2", "parties"};
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(tr_store_db(store), sql, -1, &stmt, NULL) != SQLITE_OK)
        return tr_store_fail(store, "cannot export", err);
    for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
        fprintf(out, "%s%s", i ? "," : "", header[i]);
    fputs("\r\n", out);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(stmt); i++) {
            if (i)
                fputc(',', out);
            tr_csv_cell(out, (const char *)sqlite3_column_text(stmt, i));
        }
        fputs("\r\n", out);
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        return tr_store_fail(store, "cannot export", err);
    return ferror(out) ? tr_error_set(err, TR_IO, "cannot write the export: output error") : 0;
}
