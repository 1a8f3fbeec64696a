/* libFuzzer target: import of one file in the format chosen at build time (FUZZ_FORMAT:
 * 1 json, 2 ndjson, 3 csv), into a registry that each input leaves as it found it (the
 * import runs in a transaction that is rolled back). Any crash, leak, sanitizer report or
 * broken invariant (a reference to a missing record, or a registry that cannot be exported
 * afterwards) is a bug. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_store.h"
#include "twinreg/io/io.h"

static tr_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!store)
        store = fuzz_open_store();
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        return 0;
    static const char *const names[] = {"", "fuzz.json", "fuzz.ndjson", "fuzz.csv"};
    tr_import_options opt = {.format = (tr_import_format)FUZZ_FORMAT, .skip_invalid = size % 2};
    tr_error err;
    tr_error_init(&err);
    tr_import *im = size ? tr_import_open_stream(in, names[FUZZ_FORMAT], &opt, &err) : NULL;
    if (im && tr_store_begin(store, &err) == 0) {
        tr_import_run(im, store, &err);
        /* Whatever the input, the registry must stay consistent inside the transaction. */
        sqlite3_stmt *stmt;
        if (sqlite3_prepare_v2(st_db(store), "PRAGMA foreign_key_check", -1, &stmt, NULL) ==
            SQLITE_OK) {
            if (sqlite3_step(stmt) == SQLITE_ROW)
                abort();
            sqlite3_finalize(stmt);
        }
        /* Whatever was stored must export: text that is not UTF-8, say, would break it. */
        static FILE *null_out;
        if (!null_out && !(null_out = fopen("/dev/null", "w")))
            abort();
        tr_error export_err;
        tr_error_init(&export_err);
        if (tr_export_ndjson(store, null_out, &export_err) != 0)
            abort();
        tr_store_rollback(store);
    }
    tr_import_close(im);
    tr_error_release(&err);
    fclose(in);
    return 0;
}
