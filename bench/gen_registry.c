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
 * With --world, the file is shaped like the real world instead (gen_world.c): see there.
 *
 * Usage: gen_registry [--world] DIR CITIES AGREEMENTS [SEED] */
#include "gen.h"

#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
    const char *prog = argv[0];
    int world = argc > 1 && !strcmp(argv[1], "--world");
    argc -= world, argv += world;
    if (argc < 4) {
        fprintf(stderr, "usage: %s [--world] DIR CITIES AGREEMENTS [SEED]\n", prog);
        return 2;
    }
    long n_cities = atol(argv[2]), n_agreements = atol(argv[3]);
    gen_state = argc > 4 ? strtoull(argv[4], NULL, 10) : 20261125;
    if (n_cities < 2 || n_agreements < 0 || !gen_state) {
        fprintf(stderr, "%s: need at least 2 cities and a non-zero seed\n", prog);
        return 2;
    }
    if (world)
        return gen_world(prog, argv[1], n_cities, n_agreements);
    FILE *nd = gen_open(argv[1], "registry.ndjson"), *cc = gen_open(argv[1], "cities.csv"),
         *ac = gen_open(argv[1], "agreements.csv"), *pc = gen_open(argv[1], "parties.csv");
    fputs("id,name,country,lat,lon\n", cc);
    fputs("id,kind,signed_on,in_force_on,expires_on,ended_on\n", ac);
    fputs("agreement_id,city_id\n", pc);
    char name[64];
    for (long i = 1; i <= n_cities; i++) {
        city_name(i, name);
        const char *country = countries[gen_below(N_COUNTRIES)];
        double lat = (double)gen_below(1600000) / 10000.0 - 80.0,
               lon = (double)gen_below(3600000) / 10000.0 - 180.0;
        fprintf(nd,
                "{\"type\": \"city\", \"id\": %ld, \"name\": \"%s\", \"country\": \"%s\", \"lat\": "
                "%.4f, \"lon\": %.4f}\n",
                i, name, country, lat, lon);
        fprintf(cc, "%ld,%s,%s,%.4f,%.4f\n", i, name, country, lat, lon);
    }
    gen_keys_init((size_t)n_agreements);
    for (long i = 1; i <= n_agreements; i++) {
        long a, b;
        int kind;
        char signed_on[16], in_force[16] = "", expires[16] = "", ended[16] = "";
        do {
            a = 1 + gen_below(n_cities);
            do
                b = 1 + gen_below(n_cities);
            while (b == a);
            if (a > b) {
                long t = a;
                a = b, b = t;
            }
            kind = (int)gen_below(7);
            gen_random_date(1950, 70, signed_on);
        } while (!gen_add_key(a, b, kind, signed_on));
        int y = atoi(signed_on);
        if (gen_below(4) == 0)
            snprintf(in_force, sizeof in_force, "%04d", y + 1);
        if (gen_below(5) == 0)
            gen_random_date(y + 2, 10, expires);
        if (gen_below(10) == 0)
            gen_random_date(y + 1, 30, ended);
#define FIELD(v) (*(v) ? "\"" : ""), (*(v) ? (v) : "null"), (*(v) ? "\"" : "")
        fprintf(nd,
                "{\"type\": \"agreement\", \"id\": %ld, \"kind\": \"%s\", \"parties\": [%ld, %ld], "
                "\"signed_on\": \"%s\", "
                "\"in_force_on\": %s%s%s, \"expires_on\": %s%s%s, \"ended_on\": %s%s%s}\n",
                i, gen_kinds[kind], a, b, signed_on, FIELD(in_force), FIELD(expires), FIELD(ended));
        fprintf(ac, "%ld,%s,%s,%s,%s,%s\n", i, gen_kinds[kind], signed_on, in_force, expires,
                ended);
        fprintf(pc, "%ld,%ld\n%ld,%ld\n", i, a, i, b);
    }
    gen_keys_free();
    FILE *files[] = {nd, cc, ac, pc};
    return gen_close(files, 4, prog);
}
