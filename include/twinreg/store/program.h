/* Programs twinnings produced (scholarships, training) and their beneficiaries. */
#ifndef TWINREG_PROGRAM_H
#define TWINREG_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "twinreg/store/store.h"

typedef struct {
    const char *code; /* natural key: VTP */
    tr_opt_text name, started_on, summary;
    int set_operator;
    int64_t operator_id;
    int set_host;
    int64_t host_city_id; /* 0: none */
    int set_agreements;   /* replaces the list */
    const int64_t *agreements;
    size_t n_agreements;
    int64_t want_id; /* import: keep this id when never used; 0 otherwise */
} tr_program_fields;

typedef struct {
    int64_t city_id;
    int has_year, has_count;
    long long year, count;
    const char *field, *note;
} tr_participation;

int tr_program_add(tr_store *store, const tr_program_fields *fields, int64_t *id, tr_error *err);
int tr_program_update(tr_store *store, const tr_program_fields *fields, tr_error *err);
/* The program's id by code; TR_NOT_FOUND when unknown. */
int tr_program_resolve(tr_store *store, const char *code, int64_t *id, tr_error *err);
/* Adds a participation record (a negative count or a bad year is TR_REJECTED). */
int tr_program_record(tr_store *store, int64_t program, const tr_participation *p, tr_error *err);
/* Removes every participation record (before a file's list replaces them). */
int tr_program_clear_participation(tr_store *store, int64_t program, tr_error *err);
/* {code, name, operator, host, started_on, summary, agreements, sources, participation} */
json_t *tr_program_record_json(tr_store *store, int64_t id, tr_error *err);
int tr_program_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);
/* Totals of beneficiaries by city, field and year (by_year), or by city and field over all
 * years (year null), for one program (0: all) and one city (0: all): rows {program,
 * city_id, city, field, year, count}. Computed by SQL. */
int tr_program_totals(tr_store *store, int64_t program, int64_t city, int by_year, tr_row_fn fn,
                      void *ctx, tr_error *err);

#endif
