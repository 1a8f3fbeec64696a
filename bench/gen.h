/* What the two modes of the benchmark's generator share: a deterministic random source,
 * partial dates, the set of natural keys that keeps agreements distinct, output files. */
#ifndef TWINREG_BENCH_GEN_H
#define TWINREG_BENCH_GEN_H

#include <stdint.h>
#include <stdio.h>

extern uint64_t gen_state;

long gen_below(long n);
void gen_random_date(int from_year, int span, char *out);
/* Keys of (a, b, kind, signed): gen_keys_init before the first gen_add_key. */
void gen_keys_init(size_t expected);
int gen_add_key(long a, long b, int kind, const char *date);
void gen_keys_free(void);
FILE *gen_open(const char *dir, const char *name);
int gen_close(FILE **files, int n, const char *prog);

extern const char *const gen_kinds[7];

/* The world-like mode (gen_world.c): string ids, skewed degrees, scripts, repeats. */
int gen_world(const char *prog, const char *dir, long n_cities, long n_agreements);

#endif
