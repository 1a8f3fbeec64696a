/* The limit twinreg's import is measured against (issue 19): a plain C program that loads
 * the same NDJSON rows into a minimal three-table schema, as a programmer without twinreg
 * would: jansson per line, prepared statements, one transaction, indexes after. The file's
 * ids (integers or another system's strings) map to integer keys; an agreement whose
 * parties, kind and signing date an earlier one has (its parties in either order) is the
 * same agreement and is skipped, as twinreg merges it; a city id seen before (a later
 * file naming the same cities) is the same city. No validation, folding or history.
 *
 * Usage: twinreg-load-probe DB FILE...   (DB must not exist; prints the counts on stderr) */
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
    "PRAGMA journal_mode = WAL; PRAGMA cache_size = -262144;"
    "CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,"
    " lat REAL, lon REAL);"
    "CREATE TABLE agreements (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, signed_on TEXT,"
    " in_force_on TEXT, expires_on TEXT, ended_on TEXT);"
    "CREATE TABLE parties (agreement_id INTEGER NOT NULL, city_id INTEGER NOT NULL);";
static const char indexes[] = "CREATE UNIQUE INDEX cities_name ON cities (name, country);"
                              "CREATE UNIQUE INDEX parties_pk ON parties (agreement_id, city_id);"
                              "CREATE INDEX parties_city ON parties (city_id, agreement_id);";

/* A hash table of 64-bit hashes to integer keys, open addressing, grown at half full. The
 * hash stands for the text (FNV-1a 64: a collision among a few million keys is unlikely
 * enough for a benchmark's probe). */
struct table {
    uint64_t *hash;
    int64_t *value;
    size_t cap, used;
};

static uint64_t fnv(const char *s, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h | 1; /* 0 marks an empty slot */
}

static int64_t *slot(struct table *t, uint64_t h, int *found);

static void grow(struct table *t)
{
    struct table old = *t;
    t->cap = old.cap ? old.cap * 2 : 1024, t->used = 0;
    t->hash = calloc(t->cap, sizeof *t->hash), t->value = calloc(t->cap, sizeof *t->value);
    if (!t->hash || !t->value) {
        fputs("load_probe: out of memory\n", stderr);
        exit(1);
    }
    for (size_t i = 0; i < old.cap; i++)
        if (old.hash[i]) {
            int found;
            *slot(t, old.hash[i], &found) = old.value[i];
        }
    free(old.hash), free(old.value);
}

/* The value's place for hash h, a new one (found = 0) if h was not there. */
static int64_t *slot(struct table *t, uint64_t h, int *found)
{
    if (2 * (t->used + 1) > t->cap)
        grow(t);
    size_t i = h % t->cap;
    while (t->hash[i] && t->hash[i] != h)
        i = (i + 1) % t->cap;
    *found = t->hash[i] == h;
    if (!*found)
        t->hash[i] = h, t->used++;
    return &t->value[i];
}

/* A record's id as text: "5" for 5, the string as it is. */
static uint64_t id_hash(json_t *id)
{
    char buf[32];
    if (json_is_integer(id)) {
        int n = snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        return fnv(buf, (size_t)n, 1469598103934665603ULL);
    }
    return fnv(json_string_value(id), json_string_length(id), 1469598103934665603ULL);
}

static sqlite3 *db;

static void die_sql(const char *what)
{
    fprintf(stderr, "load_probe: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void bind_text(sqlite3_stmt *st, int i, json_t *v)
{
    if (json_is_string(v))
        sqlite3_bind_text(st, i, json_string_value(v), (int)json_string_length(v), SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void step(sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        die_sql("insert");
    sqlite3_reset(st);
}

struct loader {
    sqlite3_stmt *city, *agreement, *party;
    struct table cities, keys;
    long n_cities, n_agreements, n_merged;
};

static void load_city(struct loader *l, json_t *r)
{
    int found;
    int64_t *key = slot(&l->cities, id_hash(json_object_get(r, "id")), &found);
    if (found)
        return;
    *key = ++l->n_cities;
    sqlite3_bind_int64(l->city, 1, *key);
    bind_text(l->city, 2, json_object_get(r, "name"));
    bind_text(l->city, 3, json_object_get(r, "country"));
    json_t *lat = json_object_get(r, "lat"), *lon = json_object_get(r, "lon");
    if (json_is_number(lat) && json_is_number(lon)) {
        sqlite3_bind_double(l->city, 4, json_number_value(lat));
        sqlite3_bind_double(l->city, 5, json_number_value(lon));
    } else {
        sqlite3_bind_null(l->city, 4), sqlite3_bind_null(l->city, 5);
    }
    step(l->city);
}

static int load_agreement(struct loader *l, json_t *r)
{
    json_t *parties = json_object_get(r, "parties");
    int64_t p[2];
    int found;
    if (json_array_size(parties) != 2)
        return -1;
    for (int i = 0; i < 2; i++) {
        int64_t *key = slot(&l->cities, id_hash(json_array_get(parties, i)), &found);
        if (!found)
            return -1;
        p[i] = *key;
    }
    /* The natural key: the parties in order, the kind, the signing date. */
    char buf[160];
    const char *kind = json_string_value(json_object_get(r, "kind")),
               *signed_on = json_string_value(json_object_get(r, "signed_on"));
    int n = snprintf(buf, sizeof buf, "%lld,%lld,%s,%s", (long long)(p[0] < p[1] ? p[0] : p[1]),
                     (long long)(p[0] < p[1] ? p[1] : p[0]), kind ? kind : "",
                     signed_on ? signed_on : "");
    slot(&l->keys, fnv(buf, (size_t)n, 1469598103934665603ULL), &found);
    if (found)
        return l->n_merged++, 0;
    int64_t id = ++l->n_agreements;
    sqlite3_bind_int64(l->agreement, 1, id);
    bind_text(l->agreement, 2, json_object_get(r, "kind"));
    bind_text(l->agreement, 3, json_object_get(r, "signed_on"));
    bind_text(l->agreement, 4, json_object_get(r, "in_force_on"));
    bind_text(l->agreement, 5, json_object_get(r, "expires_on"));
    bind_text(l->agreement, 6, json_object_get(r, "ended_on"));
    step(l->agreement);
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int64(l->party, 1, id);
        sqlite3_bind_int64(l->party, 2, p[i]);
        step(l->party);
    }
    return 0;
}

static void load_file(struct loader *l, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    for (long no = 1; (len = getline(&line, &cap, f)) > 0; no++) {
        json_error_t error;
        json_t *r = json_loadb(line, (size_t)len, 0, &error);
        const char *type = json_string_value(json_object_get(r, "type"));
        int bad = !type;
        if (type && !strcmp(type, "city"))
            load_city(l, r);
        else if (type && !strcmp(type, "agreement"))
            bad = load_agreement(l, r) != 0;
        json_decref(r);
        if (bad) {
            fprintf(stderr, "load_probe: %s:%ld: not a city or agreement it can load\n", path, no);
            exit(1);
        }
    }
    free(line);
    fclose(f);
}

static sqlite3_stmt *prepare(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die_sql("prepare");
    return st;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s DB FILE...\n", argv[0]);
        return 2;
    }
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
            SQLITE_OK ||
        sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        die_sql(argv[1]);
    struct loader l = {
        .city = prepare("INSERT INTO cities VALUES (?1, ?2, ?3, ?4, ?5)"),
        .agreement = prepare("INSERT INTO agreements VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        .party = prepare("INSERT INTO parties VALUES (?1, ?2)"),
    };
    for (int i = 2; i < argc; i++)
        load_file(&l, argv[i]);
    sqlite3_finalize(l.city), sqlite3_finalize(l.agreement), sqlite3_finalize(l.party);
    if (sqlite3_exec(db, indexes, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die_sql("commit");
    sqlite3_close(db);
    free(l.cities.hash), free(l.cities.value), free(l.keys.hash), free(l.keys.value);
    fprintf(stderr, "load_probe: %ld cities, %ld agreements, %ld merged\n", l.n_cities,
            l.n_agreements, l.n_merged);
    return 0;
}
