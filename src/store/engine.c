/* Tells a libpq connection string or URI from a SQLite path (twinreg/store/engine.h). No
 * libpq here: a build without PostgreSQL still recognizes a server's name, to refuse it. */
#include "twinreg/store/engine.h"

#include <string.h>

/* libpq 15's connection keywords, as its documentation lists them ("Parameter Key
 * Words"); check_engine compares them with PQconndefaults() of the libpq it links. */
static const char *const libpq_keywords[] = {
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "channel_binding",
    "connect_timeout",
    "client_encoding",
    "options",
    "application_name",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
    "gssencmode",
    "sslmode",
    "requiressl",
    "sslcompression",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslrootcert",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "requirepeer",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "krbsrvname",
    "gsslib",
    "service",
    "target_session_attrs",
    "load_balance_hosts",
    "sslcertmode",
    "require_auth",
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int starts_with_keyword(const char *s)
{
    while (is_blank(*s))
        s++;
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_')
        n++;
    const char *after = s + n;
    while (is_blank(*after))
        after++;
    if (n == 0 || *after != '=')
        return 0;
    for (size_t i = 0; i < sizeof libpq_keywords / sizeof *libpq_keywords; i++)
        if (strlen(libpq_keywords[i]) == n && strncmp(s, libpq_keywords[i], n) == 0)
            return 1;
    return 0;
}

tr_engine tr_store_engine_of(const char *db)
{
    if (starts_with(db, "postgresql://") || starts_with(db, "postgres://") ||
        starts_with_keyword(db))
        return TR_ENGINE_POSTGRESQL;
    return TR_ENGINE_SQLITE;
}
