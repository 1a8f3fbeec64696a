/* Offices of a registry shared on PostgreSQL: group roles with cities, whose members may
 * write only the agreements and programs of those cities (migrations/postgresql/0005). */
#ifndef TWINREG_OFFICE_H
#define TWINREG_OFFICE_H

#include <stdint.h>

#include "twinreg/store/store.h"

/* Runs fn in one transaction on the server `conninfo`, committed when fn returns 0. The
 * office commands' way to a server until tr_store_open reaches one. */
int tr_office_session(const char *conninfo, int (*fn)(tr_store *, void *, tr_error *), void *data,
                      tr_error *err);

/* The writes below are the administrator's: TR_NOT_ALLOWED for anyone else. */
/* Adds office `name` (TR_REJECTED when there is one), its cities (as tr_city_resolve
 * reads them) and its group role, which cannot log in. */
int tr_office_add(tr_store *store, const char *name, char *const *cities, int ncities,
                  tr_error *err);
/* Removes the office, its cities and its role (TR_NOT_FOUND when there is none). */
int tr_office_remove(tr_store *store, const char *name, tr_error *err);
/* Makes `login`, an existing role (TR_NOT_FOUND otherwise), a member of the office
 * (`joining`) or no longer one (TR_NOT_FOUND when it was not). */
int tr_office_member(tr_store *store, const char *office, const char *login, int joining,
                     tr_error *err);

/* {name, role, cities: [name, ...], members: [login, ...]}; TR_NOT_FOUND when none. */
json_t *tr_office_record(tr_store *store, const char *name, tr_error *err);
int tr_office_list(tr_store *store, tr_row_fn fn, void *ctx, tr_error *err);

/* 0 when the user may update, end, amend or delete agreement `id`, else TR_NOT_ALLOWED
 * saying why: the check a command makes before it writes, for a clear refusal. */
int tr_office_may_write_agreement(tr_store *store, int64_t id, tr_error *err);
/* The same for a new agreement between the cities of `parties_key` ("12,345"). */
int tr_office_may_add_agreement(tr_store *store, const char *parties_key, tr_error *err);

#endif
