/* The generator's world-like mode (twinreg-gen --world): what a file from elsewhere looks
 * like, against the synthetic registry's integer ids, uniform pairs and Latin names.
 * - ids are another system's strings: cities "Q<n>" (Wikidata-like), agreements "tw-<n>";
 * - partners follow a power law: a city's chance to be a party falls as 1/(rank + c), c
 *   = cities/200, so hubs have hundreds of partners at any size while the median city has a
 *   few (the max and median degree are printed on stderr);
 * - names: 4 in 10 plain Latin, 2 accented Latin, then Cyrillic, Hangul, CJK, Arabic;
 *   every name is one syllable per base-40 digit of the city's number, syllables of one
 *   length in each script, so no two names fold alike;
 * - every tenth agreement record repeats an earlier agreement with its parties in the other
 *   order under a new id: twinreg merges it (same parties, kind, signing date), and so must
 *   any loader compared with it.
 * Writes DIR/world.ndjson (the cities, then AGREEMENTS agreement records, a tenth of them
 * repeats) and DIR/world-new.ndjson (the cities again, then AGREEMENTS/10 agreements that
 * world.ndjson does not hold: the merge figure's file). */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct agreement {
    int32_t a, b;
    uint8_t kind;
    char signed_on[11], in_force[16], expires[11], ended[11];
};

static const char *const latin_c[] = {"b", "d", "k", "l", "m", "n", "r", "s", "t", "v"};
static const char *const latin_up[] = {"B", "D", "K", "L", "M", "N", "R", "S", "T", "V"};
static const char *const latin_v[] = {"a", "e", "i", "o"};
static const char *const accent_v[] = {"á", "é", "í", "ó", "à", "è", "ï", "ö"};
static const char *const cyr_c[] = {"б", "д", "к", "л", "м", "н", "р", "с", "т", "в"};
static const char *const cyr_up[] = {"Б", "Д", "К", "Л", "М", "Н", "Р", "С", "Т", "В"};
static const char *const cyr_v[] = {"а", "е", "и", "о"};
static const char *const arabic_1[] = {"ب", "ت", "د", "ر", "س", "ك", "ل", "م"};
static const char *const arabic_2[] = {"ا", "و", "ي", "ه", "ن"};
static const char *const cjk[40] = {
    // clang-format off
    "京", "山", "川", "州", "城", "海", "江", "河",
    "南", "北", "東", "西", "安", "平", "陽", "長",
    "福", "島", "田", "原", "金", "水", "明", "光",
    "天", "新", "大", "中", "高", "松", "林", "花",
    "春", "華", "龍", "鳳", "寧", "泉", "徳", "豊"
    // clang-format on
};
/* Hangul syllables without a final consonant: 10 initials by 4 vowels (Unicode's order). */
static const int hangul_l[] = {0, 2, 3, 5, 6, 7, 9, 11, 12, 18};
static const int hangul_v[] = {0, 4, 8, 13};

static const char *const latin_cc[] = {"FR", "DE", "IT", "ES", "PT", "PL", "HU", "RO", "CZ",
                                       "NL", "SE", "GB", "US", "MX", "BR", "AR", "TR", "NG",
                                       "KE", "SN", "ID", "PH", "AU", "ZA", "VN", "CL"};
static const char *const cyr_cc[] = {"RU", "UA", "BY", "BG", "RS", "KZ", "MK"};
static const char *const cjk_cc[] = {"CN", "JP", "TW"};
static const char *const arabic_cc[] = {"EG", "SA", "MA", "DZ", "TN", "JO", "IQ", "AE"};
#define PICK(t, h) ((t)[(h) % (sizeof(t) / sizeof((t)[0]))])

/* splitmix64's step: a city's country and place come from its number alone, so that both
 * files (and any run) describe it alike. */
static uint64_t mix(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

static void put_hangul(char *out, int d)
{
    unsigned cp = 0xAC00u + (unsigned)(hangul_l[d / 4] * 21 + hangul_v[d % 4]) * 28u;
    char *o = out + strlen(out);
    o[0] = (char)(0xE0 | (cp >> 12)), o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F)), o[3] = '\0';
}

/* City i's name and country, in the script that i picks. */
static const char *world_city(long i, uint64_t h, char *out)
{
    int script = (int)(i % 10), first = 1;
    out[0] = '\0';
    for (long v = i; first || v > 0; v /= 40, first = 0) {
        int d = (int)(v % 40);
        if (script < 6) {
            strcat(out, (first ? latin_up : latin_c)[d / 4]);
            strcat(out, script < 4 ? latin_v[d % 4] : accent_v[d % 4 + 4 * (int)(v / 40 % 2)]);
        } else if (script == 6) {
            strcat(out, (first ? cyr_up : cyr_c)[d / 4]);
            strcat(out, cyr_v[d % 4]);
        } else if (script == 7) {
            put_hangul(out, d);
        } else if (script == 8) {
            strcat(out, cjk[d]);
        } else {
            strcat(out, arabic_1[d / 5]);
            strcat(out, arabic_2[d % 5]);
        }
    }
    if (script < 6)
        return PICK(latin_cc, h);
    if (script == 6)
        return PICK(cyr_cc, h);
    return script == 7 ? "KR" : script == 8 ? PICK(cjk_cc, h) : PICK(arabic_cc, h);
}

/* A city's rank on the power law (0: the biggest hub), drawn by inverting its CDF. */
static long power_rank(long n, double c)
{
    double u = (double)gen_below(1L << 30) / (double)(1L << 30);
    long r = (long)(c * exp(u * log((n + c) / c)) - c);
    return r < n ? r : n - 1;
}

static void write_cities(FILE *f, long n, const long *city_no, uint64_t seed)
{
    char name[256];
    for (long i = 0; i < n; i++) {
        uint64_t h = mix(seed + (uint64_t)i);
        const char *cc = world_city(i + 1, h, name);
        double lat = (double)(h >> 20 & 0xFFFFF) / 1048576.0 * 160.0 - 80.0,
               lon = (double)(mix(h) % 3600000) / 10000.0 - 180.0;
        fprintf(f,
                "{\"type\": \"city\", \"id\": \"Q%ld\", \"name\": \"%s\", \"country\": \"%s\", "
                "\"lat\": %.4f, \"lon\": %.4f}\n",
                city_no[i], name, cc, lat, lon);
    }
}

/* A new agreement between two cities drawn from the power law (distinct natural key). */
static void draw(struct agreement *g, long n, const long *by_rank, double c)
{
    long a, b;
    int kind;
    do {
        a = by_rank[power_rank(n, c)];
        do
            b = by_rank[power_rank(n, c)];
        while (b == a);
        kind = (int)gen_below(7);
        gen_random_date(1950, 70, g->signed_on);
    } while (!gen_add_key(a < b ? a : b, a < b ? b : a, kind, g->signed_on));
    g->a = (int32_t)a, g->b = (int32_t)b, g->kind = (uint8_t)kind;
    int y = atoi(g->signed_on);
    g->in_force[0] = g->expires[0] = g->ended[0] = '\0';
    if (gen_below(4) == 0)
        snprintf(g->in_force, sizeof g->in_force, "%04d", y + 1);
    if (gen_below(5) == 0)
        gen_random_date(y + 2, 10, g->expires);
    if (gen_below(10) == 0)
        gen_random_date(y + 1, 30, g->ended);
}

#define FIELD(v) (*(v) ? "\"" : ""), (*(v) ? (v) : "null"), (*(v) ? "\"" : "")
static void write_agreement(FILE *f, long id, const struct agreement *g, int reversed,
                            const long *city_no)
{
    long a = city_no[reversed ? g->b : g->a], b = city_no[reversed ? g->a : g->b];
    fprintf(f,
            "{\"type\": \"agreement\", \"id\": \"tw-%ld\", \"kind\": \"%s\", \"parties\": "
            "[\"Q%ld\", \"Q%ld\"], \"signed_on\": \"%s\", \"in_force_on\": %s%s%s, "
            "\"expires_on\": %s%s%s, \"ended_on\": %s%s%s}\n",
            id, gen_kinds[g->kind], a, b, g->signed_on, FIELD(g->in_force), FIELD(g->expires),
            FIELD(g->ended));
}

static int by_value(const void *x, const void *y)
{
    long a = *(const long *)x, b = *(const long *)y;
    return (a > b) - (a < b);
}

/* The degree of each city over the distinct agreements: max and median on stderr. */
static void print_degrees(const char *prog, long n, const struct agreement *g, long count,
                          long repeats)
{
    long *deg = calloc((size_t)n, sizeof *deg);
    if (!deg)
        return;
    for (long i = 0; i < count; i++)
        deg[g[i].a]++, deg[g[i].b]++;
    qsort(deg, (size_t)n, sizeof *deg, by_value);
    fprintf(stderr,
            "%s: world: %ld cities, %ld agreements and %ld repeats (parties reversed); "
            "partners per city: max %ld, median %ld\n",
            prog, n, count, repeats, deg[n - 1], deg[n / 2]);
    free(deg);
}

int gen_world(const char *prog, const char *dir, long n_cities, long n_agreements)
{
    long n_new = n_agreements / 10;
    long *city_no = malloc((size_t)n_cities * sizeof *city_no),
         *by_rank = malloc((size_t)n_cities * sizeof *by_rank);
    struct agreement *g = malloc((size_t)(n_agreements + n_new + 1) * sizeof *g);
    if (!city_no || !by_rank || !g) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return 1;
    }
    /* Wikidata-like numbers, scattered; the hubs are a random sample of the cities. */
    for (long i = 0; i < n_cities; i++)
        city_no[i] = 100 + i * 37 + gen_below(37), by_rank[i] = i;
    for (long i = n_cities - 1; i > 0; i--) {
        long j = gen_below(i + 1), t = by_rank[i];
        by_rank[i] = by_rank[j], by_rank[j] = t;
    }
    double c = n_cities / 200 > 1 ? (double)(n_cities / 200) : 1.0;
    FILE *f = gen_open(dir, "world.ndjson"), *fn = gen_open(dir, "world-new.ndjson");
    uint64_t seed = gen_state;
    write_cities(f, n_cities, city_no, seed);
    gen_keys_init((size_t)(n_agreements + n_new));
    long count = 0, repeats = 0;
    for (long i = 1; i <= n_agreements; i++) {
        if (i % 10 == 0 && count > 0) {
            write_agreement(f, i, &g[gen_below(count)], 1, city_no);
            repeats++;
            continue;
        }
        draw(&g[count], n_cities, by_rank, c);
        write_agreement(f, i, &g[count++], 0, city_no);
    }
    print_degrees(prog, n_cities, g, count, repeats);
    /* The new file names the same cities (as a file from the same source would). */
    write_cities(fn, n_cities, city_no, seed);
    for (long i = 1; i <= n_new; i++) {
        draw(&g[count], n_cities, by_rank, c);
        write_agreement(fn, n_agreements + i, &g[count], 0, city_no);
    }
    gen_keys_free();
    free(g), free(by_rank), free(city_no);
    FILE *files[] = {f, fn};
    return gen_close(files, 2, prog);
}
