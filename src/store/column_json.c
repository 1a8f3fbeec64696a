/* A column of a result as JSON, whatever it holds: every value has a JSON form, so no
 * column goes missing from a row (jansson has no infinity, no bytes, only UTF-8 text). */
#include "store/engine_sqlite.h"
#include "store/store_internal.h"
#include "store/util.h"
#include "twinreg/core/json_text.h"

#include <math.h>
#include <stdlib.h>

/* A blob as lowercase hex ("00ff"), two digits a byte. */
static json_t *blob_hex(const unsigned char *blob, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char *hex = malloc(n * 2 + 1);
    if (!hex)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[blob[i] >> 4];
        hex[2 * i + 1] = digits[blob[i] & 15];
    }
    json_t *text = json_stringn(hex, n * 2);
    free(hex);
    return text;
}

json_t *st_column_json(st_stmt *stmt, int col)
{
    switch (st_column_type(stmt, col)) {
    case ST_INTEGER:
        return json_integer(st_column_int64(stmt, col));
    case ST_REAL: {
        double v = st_column_double(stmt, col);
        if (isnan(v)) /* JSON has no such numbers: named as JavaScript names them */
            return json_string("NaN");
        if (isinf(v))
            return json_string(v > 0 ? "Infinity" : "-Infinity");
        return json_real(v);
    }
    case ST_TEXT: {
        const char *text = st_column_text(stmt, col);
        return tr_json_text(text, st_column_bytes(stmt, col));
    }
    case ST_BLOB: { /* the pointer first, then the size (SQLite's documented order) */
        const unsigned char *blob = st_column_blob(stmt, col);
        return blob_hex(blob, st_column_bytes(stmt, col));
    }
    default:
        return json_null();
    }
}

json_t *tr_column_json(sqlite3_stmt *stmt, int col)
{
    return st_column_json(ST_SQLITE_WRAP(stmt), col);
}
