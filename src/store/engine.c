/* libpq's connection strings, as the store reads them (twinreg/store/engine.h): a URI or
 * keyword = value pairs ("Connection Strings" in libpq's manual) told from a SQLite path,
 * and a password found in either form. No libpq here: a build without PostgreSQL still
 * recognizes a server's name, to refuse it. */
#include "twinreg/store/engine.h"

#include <ctype.h>
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

static int is_uri(const char *s)
{
    return starts_with(s, "postgresql://") || starts_with(s, "postgres://");
}

tr_engine tr_store_engine_of(const char *db)
{
    if (is_uri(db) || starts_with_keyword(db))
        return TR_ENGINE_POSTGRESQL;
    return TR_ENGINE_SQLITE;
}

/* Where a password is in the text: its start and length. */
struct span {
    size_t at, len;
};

/* The password spans of a URI: user:PASSWORD@ in its authority, password=VALUE among its
 * parameters. Returns how many (at most cap). */
static size_t uri_passwords(const char *s, struct span *out, size_t cap)
{
    size_t n = 0;
    const char *auth = strstr(s, "://") + 3;
    size_t auth_len = strcspn(auth, "/?#");
    const char *at = memchr(auth, '@', auth_len);
    if (at) {
        const char *colon = memchr(auth, ':', (size_t)(at - auth));
        if (colon && n < cap)
            out[n++] = (struct span){(size_t)(colon + 1 - s), (size_t)(at - colon - 1)};
    }
    const char *query = strchr(auth, '?');
    for (const char *p = query; p && *p && n < cap;) {
        p++; /* past '?' or '&' */
        if (strncmp(p, "password=", 9) == 0) {
            const char *value = p + 9;
            out[n++] = (struct span){(size_t)(value - s), strcspn(value, "&#")};
        }
        p = strchr(p, '&');
    }
    return n;
}

/* The password spans of keyword = value pairs; 0 when s is not wholly such pairs (then it
 * is no connection string, and nothing in it is a password). */
static size_t keyword_passwords(const char *s, struct span *out, size_t cap)
{
    size_t n = 0;
    const char *p = s;
    while (*p) {
        while (isspace((unsigned char)*p))
            p++;
        if (!*p)
            break;
        const char *key = p;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        size_t key_len = (size_t)(p - key);
        while (isspace((unsigned char)*p))
            p++;
        if (key_len == 0 || *p != '=')
            return 0;
        p++;
        while (isspace((unsigned char)*p))
            p++;
        const char *value = p;
        if (*p == '\'') {
            for (p++; *p && *p != '\''; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p != '\'')
                return 0;
            p++;
        } else {
            while (*p && !isspace((unsigned char)*p))
                p++;
        }
        if (key_len == 8 && strncmp(key, "password", 8) == 0 && n < cap)
            out[n++] = (struct span){(size_t)(value - s), (size_t)(p - value)};
    }
    return n;
}

int tr_store_conninfo_has_password(const char *db)
{
    struct span spans[8];
    if (!db || tr_store_engine_of(db) != TR_ENGINE_POSTGRESQL)
        return 0;
    return (is_uri(db) ? uri_passwords(db, spans, 8) : keyword_passwords(db, spans, 8)) > 0;
}
