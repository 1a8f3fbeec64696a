/* Finding cities by part of a name: words searched in folded names and aliases, and every
 * name for suggestions. */
#include "twinreg/store/city.h"

#include "store/city_parts.h"
#include "store/util.h"

#include "twinreg/core/fold.h"

#include <stdio.h>
#include <string.h>

/* Every word of the search (at most TR_MATCH_WORDS: ?2 to ?9, the unused ones '%') within
 * one name: the city's own, or one alias. Folded keys hold only letters, digits and
 * spaces, so a word cannot carry a LIKE wildcard. */
#define WORDS_LIKE(k)                                                                              \
    k " LIKE ?2 AND " k " LIKE ?3 AND " k " LIKE ?4 AND " k " LIKE ?5 AND " k " LIKE ?6 AND " k    \
      " LIKE ?7 AND " k " LIKE ?8 AND " k " LIKE ?9"

int tr_city_match(tr_store *store, const char *alpha2, const char *text, tr_row_fn fn, void *ctx,
                  tr_error *err)
{
    char key[ST_CITY_KEY_CAP];
    if (strlen(text) > 200)
        return tr_error_set(err, TR_REJECTED, "invalid search: longer than 200 bytes");
    if (tr_fold_into(text, key, sizeof key) != 0)
        return tr_error_set(err, TR_IO, "cannot fold '%s'", text);
    if (!*key)
        return tr_error_set(err, TR_REJECTED, "invalid search '%s': it has no letters or digits",
                            text);
    st_stmt *stmt =
        st_prepare_once(store,
                        "SELECT id, name, country, region, lat, lon, wikidata FROM cities c "
                        "WHERE (CAST(?1 AS TEXT) IS NULL OR country = ?1) AND ((" WORDS_LIKE(
                            "c.name_key") ") OR "
                                          "EXISTS (SELECT 1 FROM city_aliases a WHERE a.city_id = "
                                          "c.id AND " WORDS_LIKE("a.name_key") ")) ORDER BY id",
                        err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, alpha2);
    int n = 0;
    for (char *w = strtok(key, " "); w; w = strtok(NULL, " ")) {
        char pattern[ST_CITY_KEY_CAP + 2];
        snprintf(pattern, sizeof pattern, "%%%s%%", w);
        if (n == TR_MATCH_WORDS) {
            st_finalize(stmt);
            return tr_error_set(err, TR_REJECTED, "invalid search '%s': more than %d words", text,
                                TR_MATCH_WORDS);
        }
        st_bind_text(stmt, 2 + n++, pattern);
    }
    for (; n < TR_MATCH_WORDS; n++)
        st_bind_text(stmt, 2 + n, "%");
    return st_each_row(store, stmt, st_city_from_row, fn, ctx, "cannot search the cities", err);
}

static json_t *name_row(tr_store *store, st_stmt *row, tr_error *err)
{
    (void)store;
    json_t *rec = json_pack("{s:I,s:o,s:o,s:o}", "id", (json_int_t)st_column_int64(row, 0), "name",
                            st_column_json(row, 1), "country", st_column_json(row, 2), "key",
                            st_column_json(row, 3));
    if (!rec)
        tr_error_set(err, TR_IO, "out of memory");
    return rec;
}

int tr_city_names(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err)
{
    st_stmt *stmt = st_prepare_once(store,
                                    "SELECT id, name, country, name_key FROM cities UNION ALL "
                                    "SELECT c.id, a.name, c.country, a.name_key "
                                    "FROM city_aliases a JOIN cities c ON c.id = a.city_id "
                                    "ORDER BY 1, 2",
                                    err);
    return st_each_row(store, stmt, name_row, fn, ctx, "cannot list the cities' names", err);
}
