/* A city named in a spelled-out form ("muenchen" for München, "aeroe" for Ærø), looked for
 * when its folded name finds none: the candidates whose key the name's could come from by
 * spelling some letters out, kept when their own spelled-out fold is the name's. */
#include "store/city_parts.h"

#include "twinreg/core/fold.h"

#include <string.h>

/* Spelling out adds a letter after another: ä/ö/ü/ø as ae/oe/ue/oe, å as aa. Where `key`
 * has such a pair, the stored key may lack its second letter: a LIKE pattern with a '%'
 * there (keys hold only letters, digits and spaces, so no other wildcard). 0 when `key`
 * has no pair: no spelled-out form can be meant. */
static int spelled_pattern(const char *key, char *pattern)
{
    int pairs = 0;
    size_t i = 0;
    for (; key[i]; i++) {
        int second = i > 0 && ((key[i] == 'e' && strchr("aou", key[i - 1])) ||
                               (key[i] == 'a' && key[i - 1] == 'a'));
        pairs += second;
        pattern[i] = second ? '%' : key[i];
    }
    pattern[i] = '\0';
    return pairs > 0;
}

int st_city_spelled_candidates(tr_store *store, const char *key, const char *alpha2, st_stmt **out,
                               tr_error *err)
{
    char pattern[ST_CITY_KEY_CAP];
    *out = NULL;
    if (strlen(key) >= sizeof pattern || !spelled_pattern(key, pattern))
        return 0;
    /* The name each row matched by (the city's own, or an alias) comes last, to be folded. */
    st_stmt *stmt = st_prepare_once(
        store,
        "SELECT id, name, country, region, name FROM cities WHERE name_key LIKE ?1 AND "
        "(CAST(?2 AS TEXT) IS NULL OR country = ?2) "
        "UNION SELECT c.id, c.name, c.country, c.region, a.name FROM city_aliases a JOIN cities c "
        "ON c.id = a.city_id WHERE a.name_key LIKE ?1 AND (CAST(?2 AS TEXT) IS NULL OR "
        "c.country = ?2) ORDER BY 1",
        err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, pattern);
    st_bind_text(stmt, 2, alpha2);
    *out = stmt;
    return 0;
}

int st_city_spelled_as(const char *name, const char *key)
{
    char spelled[ST_CITY_KEY_CAP];
    return tr_fold_spelled_into(name, spelled, sizeof spelled) == 0 && strcmp(spelled, key) == 0;
}
