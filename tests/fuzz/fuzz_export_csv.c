/* libFuzzer target: the CSV export of whatever an NDJSON import stores (in a transaction
 * rolled back after each input). Any crash, leak or sanitizer report is a bug, and so is
 * an export that fails, that has not one row per agreement between two or more cities,
 * or that `import --format csv` does not read back whole (what the registry writes, it
 * must read). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_store.h"
#include "twinreg/io/io.h"

static tr_store *store;

/* Agreements with two or more parties: the rows the export must have. */
static long agreements_with_pairs(void)
{
    sqlite3_stmt *stmt;
    if (sqlite3_prepare_v2(st_db(store),
                           "SELECT count(*) FROM (SELECT 1 FROM agreement_parties GROUP BY "
                           "agreement_id HAVING count(*) >= 2)",
                           -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW)
        abort();
    long n = (long)sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

/* Rows end with CRLF; no stored name or title holds a line break (the store refuses
 * control characters there), so each CRLF ends a row. */
static long rows_of(const char *csv, size_t len)
{
    long n = 0;
    for (const char *p = csv; (p = memmem(p, len - (size_t)(p - csv), "\r\n", 2)) != NULL; p += 2)
        n++;
    return n;
}

static void import(const void *data, size_t size, const char *name, int skip_invalid,
                   int must_succeed)
{
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        abort();
    tr_import_options opt = {.format = TR_IMPORT_AUTO, .skip_invalid = skip_invalid};
    tr_error err;
    tr_error_init(&err);
    tr_import *im = tr_import_open_stream(in, name, &opt, &err);
    if (im && tr_import_run(im, store, &err) != 0 && must_succeed) {
        fprintf(stderr, "fuzz: the CSV export does not import back: %s\n%s\n", err.message,
                err.details ? err.details : "");
        abort();
    }
    if (!im && must_succeed)
        abort();
    tr_import_close(im);
    tr_error_release(&err);
    fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        store = fuzz_open_store();
    tr_error err;
    tr_error_init(&err);
    if (size == 0 || tr_store_begin(store, &err) != 0)
        return 0;
    import(data, size, "fuzz.ndjson", 1, 0);
    char *csv = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&csv, &len);
    if (!out)
        abort();
    if (tr_export_csv(store, out, &err) != 0)
        abort();
    fclose(out);
    if (rows_of(csv, len) != agreements_with_pairs() + 1)
        abort();
    import(csv, len, "fuzz.csv", 0, 1);
    free(csv);
    tr_store_rollback(store);
    tr_error_release(&err);
    return 0;
}
