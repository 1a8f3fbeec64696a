/* Passwords in libpq connection strings (twinreg/core/conninfo.h). The
 * two forms are libpq's own ("Connection Strings" in its manual): a URI with scheme
 * postgresql:// or postgres://, and space-separated keyword = value pairs, where a value
 * may be single-quoted with backslash escapes. */
#include "twinreg/core/conninfo.h"

#include <ctype.h>
#include <string.h>

static int is_uri(const char *s)
{
    return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
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

static size_t passwords(const char *text, struct span *out, size_t cap)
{
    return is_uri(text) ? uri_passwords(text, out, cap) : keyword_passwords(text, out, cap);
}

int tr_conninfo_has_password(const char *text)
{
    struct span spans[8];
    return text && passwords(text, spans, 8) > 0;
}
