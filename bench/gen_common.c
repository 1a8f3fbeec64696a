/* The benchmark generator's shared parts (gen.h): the random source, dates, the key set. */
#include "gen.h"

#include <stdlib.h>
#include <string.h>

uint64_t gen_state;

const char *const gen_kinds[7] = {"sister-city", "sister-city",           "sister-city",
                                  "friendship",  "strategic-cooperation", "cooperation",
                                  "memorandum"};

static uint64_t next(void) /* xorshift64*: fast, deterministic, good enough for test data */
{
    gen_state ^= gen_state >> 12;
    gen_state ^= gen_state << 25;
    gen_state ^= gen_state >> 27;
    return gen_state * 2685821657736338717ULL;
}

long gen_below(long n) { return (long)(next() % (uint64_t)n); }

/* A date with random precision: YYYY, YYYY-MM or YYYY-MM-DD (days 1-28: always valid). */
void gen_random_date(int from_year, int span, char *out)
{
    int y = from_year + (int)gen_below(span), m = 1 + (int)gen_below(12),
        d = 1 + (int)gen_below(28);
    switch (gen_below(3)) {
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

void gen_keys_init(size_t expected)
{
    key_cap = expected * 2 + 16;
    keys = calloc(key_cap, sizeof *keys);
    if (!keys) {
        fputs("twinreg-gen: out of memory\n", stderr);
        exit(1);
    }
}

void gen_keys_free(void) { free(keys); }

int gen_add_key(long a, long b, int kind, const char *date)
{
    uint64_t h = 1469598103934665603ULL;
    char buf[96];
    int n = snprintf(buf, sizeof buf, "%ld,%ld,%s,%s", a, b, gen_kinds[kind], date);
    for (int i = 0; i < n; i++)
        h = (h ^ (unsigned char)buf[i]) * 1099511628211ULL;
    h |= 1; /* 0 marks an empty slot */
    for (size_t i = h % key_cap;; i = (i + 1) % key_cap) {
        if (keys[i] == h)
            return 0;
        if (!keys[i])
            return keys[i] = h, 1;
    }
}

FILE *gen_open(const char *dir, const char *name)
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

int gen_close(FILE **files, int n, const char *prog)
{
    int failed = 0;
    for (int i = 0; i < n; i++)
        failed |= ferror(files[i]) | (fclose(files[i]) != 0);
    if (failed)
        fprintf(stderr, "%s: cannot write the data\n", prog);
    return failed;
}
