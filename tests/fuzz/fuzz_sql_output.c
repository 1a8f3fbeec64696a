/* libFuzzer target: the `sql` output path. The input is read as a row of SQLite values
 * (text with NUL bytes and invalid UTF-8, blobs, reals including infinities, integers,
 * nulls; up to 1100 columns), turned into JSON by tr_column_json as `sql` does, and printed
 * in every format by src/cli/output.c. No column may go missing and nothing may crash. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store_internal.h" /* tr_column_json, as the store makes `sql` values */

static sqlite3 *db;

/* Binds value i from the input at *p (of *left bytes): a type byte, then its bytes. */
static void bind_value(sqlite3_stmt *stmt, int i, const uint8_t **p, size_t *left)
{
    uint8_t type = *left ? (*p)[0] : 0, len = *left > 1 ? (*p)[1] : 0;
    size_t skip = *left < 2 ? *left : 2;
    *p += skip, *left -= skip;
    size_t n = len < *left ? len : *left;
    static const double specials[] = {INFINITY, -INFINITY, NAN, 0.0, -0.0, 1e308, 5e-324};
    switch (type % 6) {
    case 0:
        sqlite3_bind_text(stmt, i, (const char *)*p, (int)n, SQLITE_TRANSIENT);
        break;
    case 1:
        sqlite3_bind_blob(stmt, i, *p, (int)n, SQLITE_TRANSIENT);
        break;
    case 2:
        sqlite3_bind_double(stmt, i, specials[len % 7]);
        break;
    case 3:
        sqlite3_bind_int64(stmt, i, (int64_t)((uint64_t)len * UINT64_C(0x0101010101010101)));
        break;
    case 4:
        sqlite3_bind_null(stmt, i);
        break;
    default: {
        double v;
        memcpy(&v, (uint8_t[8]){len, type, len, type, 0, 0, len, type}, 8);
        sqlite3_bind_double(stmt, i, v);
    }
    }
    if (type % 6 < 2)
        *p += n, *left -= n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        if (!freopen("/dev/null", "w", stdout) || sqlite3_open(":memory:", &db) != SQLITE_OK)
            abort();
    }
    int ncols = size ? 1 + (data[0] % 8 == 0 ? 1099 : data[0] % 40) : 1;
    char *sql = malloc((size_t)ncols * 16 + 16), **names = calloc((size_t)ncols + 1, sizeof *names);
    struct out_column *columns = calloc((size_t)ncols + 1, sizeof *columns);
    size_t len = (size_t)sprintf(sql, "SELECT ");
    for (int i = 0; i < ncols; i++) {
        len += (size_t)sprintf(sql + len, "%s?%d AS c%d", i ? "," : "", i + 1, i);
        if (asprintf(&names[i], "c%d", i) < 0)
            abort();
        columns[i] = (struct out_column){names[i], names[i], NULL, 60};
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        abort();
    const uint8_t *p = data + (size ? 1 : 0);
    size_t left = size ? size - 1 : 0;
    for (int i = 0; i < ncols; i++)
        bind_value(stmt, i + 1, &p, &left);
    if (sqlite3_step(stmt) != SQLITE_ROW)
        abort();
    json_t *row = json_object();
    for (int i = 0; i < ncols; i++)
        if (json_object_set_new(row, names[i], tr_column_json(stmt, i)) != 0)
            abort(); /* a value without a JSON form: the column would be lost */
    for (int format = OUT_TABLE; format <= OUT_CSV; format++) {
        struct out_list list;
        out_list_begin(&list, NULL, (enum out_format)format, columns, (const char *const *)names);
        if (out_list_row(row, &list) != 0 || out_list_end(&list) != 0)
            abort();
    }
    json_decref(row);
    sqlite3_finalize(stmt);
    for (int i = 0; i < ncols; i++)
        free(names[i]);
    free(names);
    free(columns);
    free(sql);
    return 0;
}
