/* The migrations embedded at build time (cmake/embed_migrations.cmake). */
#ifndef TWINREG_STORE_MIGRATIONS_H
#define TWINREG_STORE_MIGRATIONS_H

#include "twinreg/store/store.h"

struct tr_migration {
    int version;
    const char *name;
    const char *sql;
};

extern const struct tr_migration tr_migrations[];
extern const int tr_migration_count;
/* PostgreSQL's (migrations/postgresql/), numbered on their own; only with libpq. */
extern const struct tr_migration tr_pg_migrations[];
extern const int tr_pg_migration_count;

/* The C step of migration `name` (none: 0), after its SQL, in its transaction
 * (migration_steps.c). */
#include "twinreg/store/store.h"
int st_migration_step(tr_store *store, const char *name, tr_error *err);
/* Every stored name key folded again, then the cities' twin keys (refold.c). */
int st_refold_names(tr_store *store, tr_error *err);
/* The countries table from the program's ISO 3166-1 table (countries_fill.c). */
int st_fill_countries(tr_store *store, tr_error *err);

#endif
