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

/* What a migration needs beyond its SQL, written in C (refold.c: names folded again), run
 * right after the SQL in the same transaction, on either engine; 0 for the others. */
int st_migration_hook(tr_store *store, const struct tr_migration *m, tr_error *err);

#endif
