/* The natural key of an agreement: its sorted parties as text, its kind, its signing date,
 * and their hash. */
#include "twinreg/core/natural_key.h"

#include <string.h>

/* Writes v in decimal at key + len: digits by hand (snprintf was 3% of a bulk import). */
static size_t put_id(char *key, size_t len, int64_t v)
{
    char digits[20];
    int d = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        digits[d++] = (char)('0' + u % 10);
    while ((u /= 10) != 0 && d < (int)sizeof digits);
    if (v < 0)
        key[len++] = '-';
    while (d > 0)
        key[len++] = digits[--d];
    return len;
}

int tr_natural_key_make(tr_natural_key *key, const int64_t *parties, size_t n, const char *kind,
                        const char *signed_on, tr_error *err)
{
    if (n < 2)
        return tr_error_set(err, TR_REJECTED,
                            "invalid parties: an agreement needs at least two cities");
    if (n > TR_MAX_PARTIES)
        return tr_error_set(err, TR_REJECTED, "an agreement has at most %d parties",
                            TR_MAX_PARTIES);
    /* Insertion sort: two parties, rarely a few more. */
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        for (; j > 0 && key->parties[j - 1] > parties[i]; j--)
            key->parties[j] = key->parties[j - 1];
        key->parties[j] = parties[i];
    }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && key->parties[i] == key->parties[i - 1])
            return tr_error_set(err, TR_REJECTED,
                                "invalid parties: a city cannot be twinned with "
                                "itself (city %lld is named twice)",
                                (long long)key->parties[i]);
        if (i)
            key->parties_text[len++] = ',';
        len = put_id(key->parties_text, len, key->parties[i]);
    }
    key->parties_text[len] = '\0';
    key->n_parties = n;
    key->kind = kind ? kind : TR_DEFAULT_KIND;
    key->signed_on = signed_on;
    return 0;
}

/* FNV-1a over the texts (each closed by a byte no UTF-8 text holds), then a finalizer that
 * spreads the hash over a table's slots. */
static uint64_t hash_texts(const char *const *texts, int n)
{
    uint64_t h = 14695981039346656037ULL;
    for (int t = 0; t < n; t++) {
        for (const unsigned char *p = (const unsigned char *)texts[t]; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
        h = (h ^ 0xff) * 1099511628211ULL;
    }
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

/* An unknown date hashes as "", as the registry's lookups compare it. */
uint64_t tr_natural_key_hash(const tr_natural_key *key)
{
    const char *texts[] = {key->parties_text, key->kind, key->signed_on ? key->signed_on : ""};
    return hash_texts(texts, 3);
}

uint64_t tr_natural_pair_hash(const char *parties_text, const char *kind)
{
    const char *texts[] = {parties_text, kind};
    return hash_texts(texts, 2);
}
