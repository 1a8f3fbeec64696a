/* Generates a synthetic registry for the benchmark, deterministic from a seed:
 * N cities (unique pronounceable names, spread over 60 countries, with coordinates) and
 * M agreements between random pairs of them, mixed kinds, partial and full dates, some
 * with an in-force date or an expiry, some ended. No two agreements share a natural key
 * (parties, kind, signing date), so both loaders must keep every row.
 *
 * Writes into DIR:
 *   registry.ndjson   for twinreg import (city records, then agreement records)
 *   cities.csv        id,name,country,lat,lon                  for the sqlite3 anchor
 *   agreements.csv    id,kind,signed_on,in_force_on,expires_on,ended_on
 *   parties.csv       agreement_id,city_id
 *
 * Usage: gen_registry DIR CITIES AGREEMENTS [SEED] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void) /* xorshift64*: fast, deterministic, good enough for test data */
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

static long below(long n) { return (long)(next() % (uint64_t)n); }

/* City i's name: i written in base 40 with syllables, so every name differs. */
static void city_name(long i, char *out)
{
    static const char *const syl[40] = {
        "ka", "lo", "mi",  "ne",  "ru",  "sa",  "to",  "vi",  "za",  "be",  "do",  "fa", "gu", "ha",
        "ji", "ke", "li",  "mo",  "nu",  "pa",  "qui", "ro",  "se",  "ti",  "u",   "ve", "wa", "xo",
        "ya", "zo", "bri", "cla", "dre", "fle", "gro", "pla", "sta", "tre", "vor", "lan"};
    char buf[64] = "";
    long v = i;
    do {
        strcat(buf, syl[v % 40]);
        v /= 40;
    } while (v > 0);
    buf[0] = (char)(buf[0] - 'a' + 'A');
    strcpy(out, buf);
}

static const char *const countries[] = {
    "FR", "DE", "IT", "ES", "PT", "PL", "HU", "BG", "RO", "CZ", "SK", "AT", "BE", "NL", "DK",
    "SE", "NO", "FI", "GB", "IE", "US", "CA", "MX", "BR", "AR", "CL", "PE", "CO", "CN", "JP",
    "KR", "IN", "ID", "VN", "TH", "PH", "AU", "NZ", "ZA", "EG", "MA", "TN", "DZ", "NG", "KE",
    "ET", "GH", "SN", "TR", "IL", "IR", "SA", "RU", "UA", "BY", "GE", "AM", "KZ", "UZ", "MN"};
#define N_COUNTRIES (sizeof countries / sizeof countries[0])

static const char *const kinds[] = {"sister-city", "sister-city",           "sister-city",
                                    "friendship",  "strategic-cooperation", "cooperation",
                                    "memorandum"};

/* A date with random precision: YYYY, YYYY-MM or YYYY-MM-DD (days 1-28: always valid). */
static void random_date(int from_year, int span, char *out)
{
    int y = from_year + (int)below(span), m = 1 + (int)below(12), d = 1 + (int)below(28);
    switch (below(3)) {
    case 0:
        sprintf(out, "%04d", y);
        break;
    case 1:
        sprintf(out, "%04d-%02d", y, m);
        break;
    default:
        sprintf(out, "%04d-%02d-%02d", y, m, d);
    }
}

/* Open addressing set of natural keys (a, b, kind, signed), to keep keys unique. */
static uint64_t *keys;
static size_t key_cap;

static int add_key(uint64_t h)
{
    h |= 1; /* 0 marks an empty slot */
    for (size_t i = h % key_cap;; i = (i + 1) % key_cap) {
        if (keys[i] == h)
            return 0;
        if (!keys[i])
            return keys[i] = h, 1;
    }
}

static uint64_t hash_key(long a, long b, int kind, const char *date)
{
    uint64_t h = 1469598103934665603ULL;
    char buf[96];
    int n = snprintf(buf, sizeof buf, "%ld,%ld,%s,%s", a, b, kinds[kind], date);
    for (int i = 0; i < n; i++)
        h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    return h;
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    return f;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s DIR CITIES AGREEMENTS [SEED]\n", argv[0]);
        return 2;
    }
    long n_cities = atol(argv[2]), n_agreements = atol(argv[3]);
    state = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261125;
    if (n_cities < 2 || n_agreements < 0 || !state) {
        fprintf(stderr, "%s: need at least 2 cities and a non-zero seed\n", argv[0]);
        return 2;
    }
    FILE *nd = open_out(argv[1], "registry.ndjson"), *cc = open_out(argv[1], "cities.csv"),
         *ac = open_out(argv[1], "agreements.csv"), *pc = open_out(argv[1], "parties.csv");
    fputs("id,name,country,lat,lon\n", cc);
    fputs("id,kind,signed_on,in_force_on,expires_on,ended_on\n", ac);
    fputs("agreement_id,city_id\n", pc);
    char name[64];
    for (long i = 1; i <= n_cities; i++) {
        city_name(i, name);
        const char *country = countries[below(N_COUNTRIES)];
        double lat = (double)below(1600000) / 10000.0 - 80.0,
               lon = (double)below(3600000) / 10000.0 - 180.0;
        fprintf(nd,
                "{\"type\": \"city\", \"id\": %ld, \"name\": \"%s\", \"country\": \"%s\", \"lat\": "
                "%.4f, \"lon\": %.4f}\n",
                i, name, country, lat, lon);
        fprintf(cc, "%ld,%s,%s,%.4f,%.4f\n", i, name, country, lat, lon);
    }
    key_cap = (size_t)n_agreements * 2 + 16;
    keys = calloc(key_cap, sizeof *keys);
    for (long i = 1; i <= n_agreements; i++) {
        long a, b;
        int kind;
        char signed_on[16], in_force[16] = "", expires[16] = "", ended[16] = "";
        do {
            a = 1 + below(n_cities);
            do
                b = 1 + below(n_cities);
            while (b == a);
            if (a > b) {
                long t = a;
                a = b, b = t;
            }
            kind = (int)below(sizeof kinds / sizeof kinds[0]);
            random_date(1950, 70, signed_on);
        } while (!add_key(hash_key(a, b, kind, signed_on)));
        int y = atoi(signed_on);
        if (below(4) == 0)
            snprintf(in_force, sizeof in_force, "%04d", y + 1);
        if (below(5) == 0)
            random_date(y + 2, 10, expires);
        if (below(10) == 0)
            random_date(y + 1, 30, ended);
#define FIELD(v) (*(v) ? "\"" : ""), (*(v) ? (v) : "null"), (*(v) ? "\"" : "")
        fprintf(nd,
                "{\"type\": \"agreement\", \"id\": %ld, \"kind\": \"%s\", \"parties\": [%ld, %ld], "
                "\"signed_on\": \"%s\", "
                "\"in_force_on\": %s%s%s, \"expires_on\": %s%s%s, \"ended_on\": %s%s%s}\n",
                i, kinds[kind], a, b, signed_on, FIELD(in_force), FIELD(expires), FIELD(ended));
        fprintf(ac, "%ld,%s,%s,%s,%s,%s\n", i, kinds[kind], signed_on, in_force, expires, ended);
        fprintf(pc, "%ld,%ld\n%ld,%ld\n", i, a, i, b);
    }
    free(keys);
    int failed = 0;
    FILE *files[] = {nd, cc, ac, pc};
    for (int i = 0; i < 4; i++)
        failed |= ferror(files[i]) | (fclose(files[i]) != 0);
    if (failed) {
        fprintf(stderr, "%s: cannot write the data\n", argv[0]);
        return 1;
    }
    return 0;
}
