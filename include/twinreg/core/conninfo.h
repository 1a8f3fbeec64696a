/* libpq connection strings as people type them, a URI (postgresql://user:secret@host/db)
 * or keywords (host=/run/pg dbname=registry password=secret): what twinreg needs to keep a
 * password off the command line, where every user of the machine can read it (ps), and so
 * out of the history, which records the command line. */
#ifndef TWINREG_CONNINFO_H
#define TWINREG_CONNINFO_H

#include <stddef.h>

/* 1 when `text` is a connection string that carries a password: a URI's
 * user:password@, its ?password= parameter, or a password= keyword. */
int tr_conninfo_has_password(const char *text);

#endif
