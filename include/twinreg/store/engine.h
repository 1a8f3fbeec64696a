/* Which engine a --db value names: a libpq connection string or URI (PostgreSQL), or the
 * path of a SQLite file. */
#ifndef TWINREG_STORE_ENGINE_H
#define TWINREG_STORE_ENGINE_H

#include "twinreg/core/error.h"

typedef enum { TR_ENGINE_SQLITE, TR_ENGINE_POSTGRESQL } tr_engine;

/* PostgreSQL when db is libpq's syntax, else SQLite. libpq's syntax is either a URI
 * starting with "postgresql://" or "postgres://" (as libpq spells them: lowercase), or
 * keyword=value pairs whose first keyword, after any blanks, is one of libpq's own ("host",
 * "dbname", "service", ...; see the list in engine.c) followed by blanks and '='. Anything
 * else is a path, '=' and ':' included ("a=b.db", "file:x.db", "C:reg.db",
 * "postgresql:x"). A file whose name does start with a keyword and '=' is named with a
 * folder in front ("./host=x.db"). */
tr_engine tr_store_engine_of(const char *db);
/* 1 when `db` is a connection string (tr_store_engine_of) that carries a password: a
 * URI's user:password@ or ?password=, or a password= keyword. A command line is readable
 * by every user of the machine (ps), and the history records it: the CLI refuses one. */
int tr_store_conninfo_has_password(const char *db);

/* `init` on the PostgreSQL server conninfo names: applies what it lacks of the embedded
 * migrations/postgresql in one transaction, recording the version in a table of its own
 * (twinreg_schema_version); a server already at that version is left as it is, and a
 * newer one refused with TR_IO. 0 with *schema_version set, or -1; messages never quote
 * conninfo. Without libpq (-DTWINREG_POSTGRESQL=OFF), TR_IO. */
int tr_store_pg_init(const char *conninfo, int *schema_version, tr_error *err);

#endif
