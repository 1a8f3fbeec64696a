/* The store: migrations produce schema/schema.sql exactly; cities and agreements are
 * validated, looked up and queried as the contract says; refusals change nothing. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "store/store_internal.h"
#include "twinreg/core/country.h"
#include "twinreg/core/fold.h"
#include "twinreg/core/natural_key.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/bulk.h"
#include "twinreg/store/city.h"
#include "twinreg/store/cursor.h"
#include "twinreg/store/history.h"
#include "twinreg/store/query.h"
#include "twinreg/store/source.h"
#include "twinreg/store/store.h"

#include "store/util.h"

static char dir[] = "/tmp/check_store_XXXXXX";
static char path[256];
static tr_store *store;
static tr_error err;

static void setup(void)
{
    static int n;
    snprintf(path, sizeof path, "%s/t%d/registry.db", dir, n++);
    tr_error_init(&err);
    ck_assert_int_eq(tr_store_open(&store, path, &err), 0);
}

static void teardown(void)
{
    tr_store_close(store);
    tr_error_release(&err);
}

/* sqlite_schema rows (type, name, sql), one per line, sorted. */
static char *schema_of(sqlite3 *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2(db,
                       "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' "
                       "ORDER BY type, name",
                       -1, &stmt, NULL);
    while (sqlite3_step(stmt) == SQLITE_ROW)
        fprintf(out, "%s %s %s\n", sqlite3_column_text(stmt, 0), sqlite3_column_text(stmt, 1),
                sqlite3_column_text(stmt, 2));
    sqlite3_finalize(stmt);
    fclose(out);
    return buf;
}

START_TEST(migrations_produce_schema_sql)
{
    const char *schema_path = getenv("SCHEMA_SQL");
    ck_assert_ptr_nonnull(schema_path);
    FILE *f = fopen(schema_path, "r");
    ck_assert_ptr_nonnull(f);
    static char sql[1 << 16];
    size_t n = fread(sql, 1, sizeof sql - 1, f);
    sql[n] = '\0';
    fclose(f);
    sqlite3 *fresh;
    ck_assert_int_eq(sqlite3_open(":memory:", &fresh), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(fresh, sql, NULL, NULL, NULL), SQLITE_OK);
    char *expected = schema_of(fresh), *migrated = schema_of(st_db(store));
    ck_assert_str_eq(migrated, expected);
    ck_assert_int_eq(tr_store_schema_version(store), tr_store_latest_version());
    free(expected);
    free(migrated);
    sqlite3_close(fresh);
}
END_TEST

static int64_t add_city(const char *name, const char *country, const tr_alias *aliases, size_t n)
{
    tr_city_fields f = {.name = name, .country = country, .aliases = aliases, .n_aliases = n};
    int64_t id = 0;
    ck_assert_msg(tr_city_add(store, &f, &id, &err) == 0, "%s", err.message);
    return id;
}

static int64_t add_agreement(int64_t a, int64_t b, const char *kind, const char *signed_on)
{
    int64_t parties[] = {a, b}, id = 0;
    tr_agreement_fields f = {
        .kind = {1, kind}, .signed_on = {1, signed_on}, .parties = parties, .n_parties = 2};
    ck_assert_msg(tr_agreement_add(store, &f, &id, &err) == 0, "%s", err.message);
    return id;
}

START_TEST(lookup_by_any_name)
{
    tr_alias aliases[] = {{"Séoul", "fr"}, {"Seúl", "es"}, {"서울", "ko"}};
    int64_t seoul = add_city("Seoul", "KR", aliases, 3);
    static const char *forms[] = {"Seoul", "seoul",    "Seúl",       "seul", "Séoul",
                                  "서울",  "SEOUL,KR", "Seoul, KOR", "1"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        int64_t id = 0;
        ck_assert_msg(tr_city_resolve(store, forms[i], &id, &err) == 0, "%s: %s", forms[i],
                      err.message);
        ck_assert_int_eq(id, seoul);
    }
    int64_t id;
    ck_assert_int_eq(tr_city_resolve(store, "Busan", &id, &err), -1);
    ck_assert_int_eq(err.status, TR_NOT_FOUND);
}
END_TEST

START_TEST(namesakes_are_ambiguous_until_a_country_is_given)
{
    int64_t fr = add_city("Paris", "FR", NULL, 0), us = add_city("Paris", "US", NULL, 0), id = 0;
    ck_assert_int_eq(tr_city_resolve(store, "paris", &id, &err), -1);
    ck_assert_int_eq(err.status, TR_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(err.message, "ambiguous"));
    ck_assert_ptr_nonnull(strstr(err.details, "Paris, FR"));
    ck_assert_ptr_nonnull(strstr(err.details, "Paris, US"));
    tr_error_release(&err);
    ck_assert_int_eq(tr_city_resolve(store, "Paris,FR", &id, &err), 0);
    ck_assert_int_eq(id, fr);
    ck_assert_int_eq(tr_city_resolve(store, "Paris,US", &id, &err), 0);
    ck_assert_int_eq(id, us);
    tr_city_fields dup = {.name = "PARIS", .country = "FR"};
    ck_assert_int_eq(tr_city_add(store, &dup, &id, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
}
END_TEST

START_TEST(agreements_are_validated)
{
    int64_t a = add_city("Seoul", "KR", NULL, 0), b = add_city("Mexico City", "MX", NULL, 0), id;
    add_agreement(a, b, "sister-city", "1992");
    struct {
        int64_t p[2];
        const char *kind, *signed_on, *why;
    } bad[] = {
        {{b, a}, "sister-city", "1992", "duplicate"}, /* B–A is A–B */
        {{a, a}, "sister-city", "1993", "itself"},
        {{a, b}, "sister-town", "1993", "unknown kind"},
        {{a, b}, "sister-city", "1992-02-30", "invalid signing date"},
        {{a, 999}, "sister-city", "1993", "does not exist"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tr_error_release(&err);
        tr_agreement_fields f = {.kind = {1, bad[i].kind},
                                 .signed_on = {1, bad[i].signed_on},
                                 .parties = bad[i].p,
                                 .n_parties = 2};
        ck_assert_int_eq(tr_agreement_add(store, &f, &id, &err), -1);
        ck_assert_int_eq(err.status, TR_REJECTED);
        ck_assert_msg(strstr(err.message, bad[i].why) != NULL, "'%s' lacks '%s'", err.message,
                      bad[i].why);
    }
}
END_TEST

static int collect_ids(const tr_cells *row, void *ctx)
{
    const tr_cell *id = tr_cells_get(row, "city_id");
    ck_assert_int_eq(id->kind, TR_CELL_INTEGER);
    sprintf((char *)ctx + strlen(ctx), "%.*s ", (int)id->len, id->text);
    return 0;
}

static const char *active_on(const char *day)
{
    static char buf[256];
    buf[0] = '\0';
    ck_assert_int_eq(tr_query_active(store, day, NULL, collect_ids, buf, &err), 0);
    return buf;
}

START_TEST(in_force_follows_the_contract)
{
    int64_t a = add_city("A", "FR", NULL, 0), b = add_city("B", "DE", NULL, 0);
    int64_t parties[] = {a, b}, id;
    tr_agreement_fields f = {.signed_on = {1, "2000-05"},
                             .in_force_on = {1, "2001"},
                             .expires_on = {1, "2010-06-30"},
                             .parties = parties,
                             .n_parties = 2};
    ck_assert_int_eq(tr_agreement_add(store, &f, &id, &err), 0);
    ck_assert_str_eq(active_on("2000-12-31"), "");     /* signed, not yet in force */
    ck_assert_str_eq(active_on("2001-01-01"), "1 2 "); /* "2001" counts as its first day */
    ck_assert_str_eq(active_on("2010-06-30"), "1 2 "); /* expiry is the last day in force */
    ck_assert_str_eq(active_on("2010-07-01"), "");
    tr_agreement_fields end = {.ended_on = {1, "2005-03"}};
    ck_assert_int_eq(tr_agreement_update(store, id, &end, &err), 0);
    ck_assert_str_eq(active_on("2005-02-28"), "1 2 ");
    ck_assert_str_eq(active_on("2005-03-01"), ""); /* not in force on the end date */
}
END_TEST

START_TEST(signing_date_not_moved_after_recorded_dates)
{
    int64_t a = add_city("A", "FR", NULL, 0), b = add_city("B", "DE", NULL, 0);
    int64_t id = add_agreement(a, b, "sister-city", "1992-07-09");
    ck_assert_int_eq(tr_agreement_add_event(store, id, "amended", "1995-03", NULL, &err), 0);
    tr_agreement_fields later = {.signed_on = {1, "1995-04"}};
    ck_assert_int_eq(tr_agreement_update(store, id, &later, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_str_eq(err.message,
                     "invalid amendment date '1995-03': before the agreement was signed (1995-04)");
    tr_error_release(&err);
    /* The amendment's month: it may be on the signing day or after. */
    tr_agreement_fields same_month = {.signed_on = {1, "1995-03-31"}};
    ck_assert_msg(tr_agreement_update(store, id, &same_month, &err) == 0, "%s", err.message);
}
END_TEST

START_TEST(undated_agreements_are_always_in_force)
{
    int64_t a = add_city("A", "FR", NULL, 0), b = add_city("B", "DE", NULL, 0);
    add_agreement(a, b, "friendship", NULL);
    ck_assert_str_eq(active_on("1800-01-01"), "1 2 ");
}
END_TEST

START_TEST(source_add_refuses_a_known_url)
{
    int64_t id = 0, again = 0, found = 0;
    ck_assert_int_eq(tr_source_add(store, "https://example.org/a", "first", &id, &err), 0);
    ck_assert_int_eq(tr_source_add(store, "https://example.org/a", "second", &again, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_ptr_nonnull(strstr(err.message, "duplicate source"));
    ck_assert_int_eq(tr_source_find(store, "https://example.org/a", &found, &err), 0);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(tr_source_find(store, "https://example.org/b", &found, &err), 0);
    ck_assert_int_eq(found, 0);
}
END_TEST

START_TEST(newer_schema_is_refused_untouched)
{
    tr_store_close(store);
    store = NULL;
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    ck_assert_int_eq(tr_store_open(&store, path, &err), -1);
    ck_assert_int_eq(err.status, TR_IO);
    ck_assert_ptr_nonnull(strstr(err.message, "newer"));
}
END_TEST

/* A reading command's open: a missing registry is an error, and nothing is created. */
START_TEST(opening_an_existing_registry_creates_nothing)
{
    char missing[300];
    snprintf(missing, sizeof missing, "%s/nowhere/deeper/registry.db", dir);
    tr_store *other = NULL;
    tr_error e;
    tr_error_init(&e);
    ck_assert_int_eq(tr_store_open_existing(&other, missing, &e), -1);
    ck_assert_ptr_null(other);
    ck_assert_int_eq(e.status, TR_IO);
    ck_assert_ptr_nonnull(strstr(e.message, "does not exist"));
    snprintf(missing, sizeof missing, "%s/nowhere", dir);
    ck_assert_int_ne(access(missing, F_OK), 0);
    tr_error_release(&e);
    tr_error_init(&e);
    sqlite3 *db = NULL;
    ck_assert_int_eq(st_open_reader_db(&db, missing, &e), -1);
    ck_assert_ptr_null(db);
    ck_assert_int_ne(access(missing, F_OK), 0);
    tr_error_release(&e);
    /* The registry of the fixture opens both ways. */
    ck_assert_int_eq(tr_store_open_existing(&other, path, &err), 0);
    ck_assert_str_eq(strrchr(tr_store_path(other), '/'), "/registry.db");
    tr_store_close(other);
}
END_TEST

/* The reader cannot write, and when it is the last to close it leaves no -wal or -shm. */
START_TEST(a_reader_only_reads_and_leaves_no_log)
{
    tr_store_close(store);
    store = NULL;
    sqlite3 *db = NULL;
    ck_assert_int_eq(st_open_reader_db(&db, path, &err), 0);
    ck_assert_int_eq(sqlite3_exec(db, "SELECT count(*) FROM cities", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_ne(sqlite3_exec(db, "DELETE FROM cities", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    char log[300];
    snprintf(log, sizeof log, "%s-wal", path);
    ck_assert_int_ne(access(log, F_OK), 0);
    snprintf(log, sizeof log, "%s-shm", path);
    ck_assert_int_ne(access(log, F_OK), 0);
}
END_TEST

/* One value of a query, through tr_column_json, dumped as JSON. */
static char *column_dump(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *stmt;
    ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    json_t *v = tr_column_json(stmt, 0);
    ck_assert_ptr_nonnull(v);
    char *text = json_dumps(v, JSON_ENCODE_ANY);
    json_decref(v);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return text;
}

START_TEST(every_column_has_a_json_form)
{
    static const char *const cases[][2] = {
        {"SELECT 1e999", "\"Infinity\""},
        {"SELECT -1e999", "\"-Infinity\""},
        {"SELECT x'00ff1a'", "\"00ff1a\""},
        {"SELECT x''", "\"\""},
        {"SELECT 'a' || char(0) || 'b'", "\"a\\u0000b\""},
        {"SELECT NULL", "null"},
        {"SELECT CAST(x'ff41' AS TEXT)", "\"\xef\xbf\xbd"
                                         "A\""},
        {"SELECT CAST(x'eda080' AS TEXT)", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""},
        {"SELECT CAST(x'c0af' AS TEXT)", "\"\xef\xbf\xbd\xef\xbf\xbd\""},
        {"SELECT 'Séoul'", "\"Séoul\""},
        {"SELECT 2.5", "2.5"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = column_dump(cases[i][0]);
        ck_assert_str_eq(got, cases[i][1]);
        free(got);
    }
}
END_TEST

/* The agreement record's one descriptor and serializer (twinreg/store/agreement_record.h)
 * and the store's cursors: the descriptor names the table's real columns, the record's
 * keys come in its order, and a record reads the same through either list source. */
static int64_t agreement;

/* The store's fixture, with one agreement that fills every part of the record. */
static void setup_record(void)
{
    setup();
    int64_t parties[] = {add_city("Lyon", "FR", NULL, 0), add_city("Birmingham", "GB", NULL, 0)};
    tr_agreement_fields f = {.kind = {1, "friendship"},
                             .title = {1, "A \"quoted\" title"},
                             .signed_on = {1, "1951"},
                             .parties = parties,
                             .n_parties = 2,
                             .registered_by = {1, "Prefecture"},
                             .registered_on = {1, "1952-03"}};
    ck_assert_msg(tr_agreement_add(store, &f, &agreement, &err) == 0, "%s", err.message);
    ck_assert_int_eq(tr_agreement_add_event(store, agreement, "amended", "1960", "note", &err), 0);
}

/* Every column of the descriptor is a column of the agreements table. */
START_TEST(descriptor_names_the_tables_columns)
{
    sqlite3_stmt *stmt;
    ck_assert_int_eq(sqlite3_prepare_v2(st_db(store),
                                        "SELECT 1 FROM pragma_table_info('agreements') "
                                        "WHERE name = ?1",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    for (int col = 0; col < TR_AC_COUNT; col++) {
        sqlite3_reset(stmt);
        sqlite3_bind_text(stmt, 1, tr_agreement_columns[col].column, -1, SQLITE_STATIC);
        ck_assert_msg(sqlite3_step(stmt) == SQLITE_ROW, "no column %s",
                      tr_agreement_columns[col].column);
    }
    sqlite3_finalize(stmt);
    ck_assert_int_eq(TR_AGREEMENT_INSERTED, 8);
    ck_assert_int_eq(TR_AGREEMENT_INSERTED_TEXTS, 7);
}
END_TEST

/* The named query's columns are the descriptor's, in its order. */
START_TEST(the_agreements_cursor_follows_the_descriptor)
{
    tr_cursor *c;
    ck_assert_int_eq(tr_cursor_open(store, TR_Q_AGREEMENTS, "test", &c, &err), 0);
    ck_assert_int_eq(tr_cursor_columns(c), TR_AC_COUNT);
    for (int col = 0; col < TR_AC_COUNT; col++)
        ck_assert_str_eq(tr_cursor_column_name(c, col), tr_agreement_columns[col].column);
    ck_assert_int_eq(tr_cursor_next(c, &err), 1);
    ck_assert_int_eq(tr_cursor_int(c, TR_AC_ID), agreement);
    ck_assert_str_eq(tr_cursor_text(c, TR_AC_KIND), "friendship");
    ck_assert_int_eq(tr_cursor_kind(c, TR_AC_BUILDS_ON), TR_VALUE_NULL);
    ck_assert_int_eq(tr_cursor_next(c, &err), 0);
    tr_cursor_close(c);
}
END_TEST

/* tr_agreement_record's keys, in order, are the descriptor's. */
START_TEST(record_keys_come_in_the_descriptors_order)
{
    const char *keys[TR_AGREEMENT_KEYS];
    tr_agreement_keys(keys, 1);
    json_t *rec = tr_agreement_record(store, agreement, &err);
    ck_assert_ptr_nonnull(rec);
    const char *key;
    json_t *value;
    size_t i = 0;
    json_object_foreach (rec, key, value) {
        ck_assert_ptr_nonnull(keys[i]);
        ck_assert_str_eq(key, keys[i++]);
    }
    ck_assert_ptr_null(keys[i]);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(rec, "registration"), "authority")),
        "Prefecture");
    ck_assert_str_eq(json_string_value(json_object_get(rec, "title")), "A \"quoted\" title");
    json_decref(rec);
}
END_TEST

/* The serializer with the per-agreement list source writes the record an export writes. */
START_TEST(one_serializer_for_every_path)
{
    tr_cursor *c;
    ck_assert_int_eq(tr_cursor_open(store, TR_Q_AGREEMENTS, "test", &c, &err), 0);
    ck_assert_int_eq(tr_cursor_next(c, &err), 1);
    struct text t = {0};
    ck_assert_int_eq(tr_agreement_write(&t, c, 1, tr_agreement_list_by_id, store, &err), 0);
    tr_cursor_close(c);
    ck_assert_str_eq(
        t.data, "{\"type\":\"agreement\",\"id\":1,\"kind\":\"friendship\","
                "\"title\":\"A \\\"quoted\\\" title\",\"parties\":[1,2],\"signed_on\":\"1951\","
                "\"in_force_on\":null,\"expires_on\":null,\"ended_on\":null,\"end_reason\":null,"
                "\"builds_on\":null,\"frameworks\":[],\"sources\":[],\"registration\":"
                "{\"authority\":\"Prefecture\",\"number\":null,\"registered_on\":\"1952-03\"},"
                "\"events\":[{\"event\":\"amended\",\"on\":\"1960\",\"note\":\"note\"}]}");
    free(t.data);
}
END_TEST

START_TEST(natural_key_ignores_the_order_of_parties)
{
    int64_t ab[] = {12, 3}, ba[] = {3, 12}, twice[] = {3, 3};
    tr_natural_key k1, k2, k3;
    ck_assert_int_eq(tr_natural_key_make(&k1, ab, 2, NULL, "1990", &err), 0);
    ck_assert_int_eq(tr_natural_key_make(&k2, ba, 2, TR_DEFAULT_KIND, "1990", &err), 0);
    ck_assert_str_eq(k1.parties_text, "3,12");
    ck_assert_str_eq(k1.kind, TR_DEFAULT_KIND);
    ck_assert(tr_natural_key_hash(&k1) == tr_natural_key_hash(&k2));
    ck_assert_int_eq(tr_natural_key_make(&k3, ab, 2, "friendship", "1990", &err), 0);
    ck_assert(tr_natural_key_hash(&k1) != tr_natural_key_hash(&k3));
    ck_assert_int_eq(tr_natural_key_make(&k3, ab, 2, NULL, NULL, &err), 0);
    ck_assert(tr_natural_key_hash(&k1) != tr_natural_key_hash(&k3));
    ck_assert_int_eq(tr_natural_key_make(&k3, twice, 2, NULL, NULL, &err), -1);
    ck_assert_int_eq(err.status, TR_REJECTED);
    ck_assert_int_eq(tr_natural_key_make(&k3, ab, 1, NULL, NULL, &err), -1);
}
END_TEST

/* The number of rows of a table (a literal name). */
static long rows_of(const char *table)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *stmt;
    ck_assert_int_eq(sqlite3_prepare_v2(st_db(store), sql, -1, &stmt, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    long n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

/* What the registry holds, for comparing before and after: "cities agreements parties". */
static void registry_counts(char *buf, size_t cap)
{
    snprintf(buf, cap, "%ld %ld %ld", rows_of("cities"), rows_of("agreements"),
             rows_of("agreement_parties"));
}

static void assert_schema_intact(void)
{
    char problem[256];
    ck_assert_msg(tr_store_schema_problem(store, problem, sizeof problem) == 0, "%s", problem);
}

/* A load into an empty registry as an import does it: cities, then agreements (queued,
 * more than one multi-row INSERT's worth, and one matched by its natural key). */
static void bulk_load(tr_bulk *b, int agreements)
{
    int64_t cities[40];
    ck_assert_int_eq(tr_bulk_record_begin(b, &err), 0);
    for (int i = 0; i < 40; i++) {
        char name[16];
        snprintf(name, sizeof name, "Town %d", i);
        cities[i] = add_city(name, "FR", NULL, 0);
    }
    ck_assert_int_eq(tr_bulk_record_end(b, 0, &err), 0);
    ck_assert_int_eq(tr_bulk_expect_agreements(b, &err), 0);
    int64_t first = tr_store_sequence(store, "agreements") + 1, next = first;
    for (int i = 0; i < agreements; i++) {
        int64_t parties[] = {cities[i % 40], cities[(i / 40 + i + 1) % 40]};
        char day[16];
        snprintf(day, sizeof day, "%d", 1950 + i / 40);
        tr_agreement_fields f = {
            .signed_on = {1, day}, .parties = parties, .n_parties = 2, .parties_resolved = 1};
        tr_natural_key key;
        int64_t id;
        int place = tr_bulk_place_agreement(b, &f, &key, &id, &err);
        ck_assert_int_ge(place, 0);
        ck_assert_int_ne(place, TR_BULK_UNCHANGED); /* every pair is new */
        if (place == TR_BULK_QUEUE) {
            ck_assert_int_eq(tr_bulk_queue_agreement(b, next++, &f, &key, &err), 0);
            continue;
        }
        int known;
        ck_assert_msg(tr_bulk_add_or_match(b, &f, &id, &known, &err) == 0, "%s", err.message);
        ck_assert_int_eq(tr_bulk_record_end(b, 0, &err), 0);
        next = id >= next ? id + 1 : next;
    }
    /* The first agreement again: matched, not added. */
    int64_t parties[] = {cities[1], cities[0]}, id = 0;
    int known = 0;
    tr_agreement_fields again = {
        .signed_on = {1, "1950"}, .parties = parties, .n_parties = 2, .parties_resolved = 1};
    tr_natural_key key;
    int64_t placed = 0;
    ck_assert_int_eq(tr_bulk_place_agreement(b, &again, &key, &placed, &err), TR_BULK_UNCHANGED);
    ck_assert_int_eq(placed, first);
    ck_assert_int_eq(tr_bulk_add_or_match(b, &again, &id, &known, &err), 0);
    ck_assert_int_eq(tr_bulk_record_end(b, 0, &err), 0);
    ck_assert_int_eq(known, 1);
    ck_assert_int_eq(id, first);
}

/* Writes a party naming a city that does not exist, past the store's own checks: the
 * SQLite result code. */
static int write_orphan_party(int64_t agreement_id, int64_t missing_city)
{
    char sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO agreement_parties VALUES (%lld, %lld)",
             (long long)agreement_id, (long long)missing_city);
    return sqlite3_exec(st_db(store), sql, NULL, NULL, NULL);
}

/* A load into a registry with no agreement: SQLite checks no reference row by row, the
 * commit checks them all; a broken one (which only a defect could write) undoes the whole
 * transaction, and the checks by row are back after it. */
START_TEST(a_first_load_checks_its_references_at_commit)
{
    int64_t a = add_city("Montbéliard", "FR", NULL, 0), b = add_city("Ludwigsburg", "DE", NULL, 0);
    ck_assert_int_eq(tr_store_check_references_at_commit(store, &err), 0);
    ck_assert_int_eq(tr_store_begin(store, &err), 0);
    int64_t id = add_agreement(a, b, "sister-city", "1950");
    ck_assert_int_eq(write_orphan_party(id, b + 100), SQLITE_OK);
    ck_assert_int_eq(tr_store_commit(store, &err), -1);
    ck_assert_int_eq(err.status, TR_IO);
    ck_assert_msg(strstr(err.message, "broken reference in agreement_parties"), "%s", err.message);
    ck_assert_int_eq(tr_store_sequence(store, "agreements"), 0);
    /* The same write, now checked by row, is refused at once. */
    tr_error_release(&err);
    tr_error_init(&err);
    ck_assert_int_eq(tr_store_begin(store, &err), 0);
    id = add_agreement(a, b, "sister-city", "1950");
    ck_assert_int_ne(write_orphan_party(id, b + 100), SQLITE_OK);
    tr_store_rollback(store);
    /* A sound load commits; a registry with agreements keeps the checks by row. */
    ck_assert_int_eq(tr_store_check_references_at_commit(store, &err), 0);
    ck_assert_int_eq(tr_store_begin(store, &err), 0);
    add_agreement(a, b, "friendship", "1960");
    ck_assert_msg(tr_store_commit(store, &err) == 0, "%s", err.message);
    ck_assert_int_eq(tr_store_check_references_at_commit(store, &err), 0);
    ck_assert_int_eq(tr_store_begin(store, &err), 0);
    id = add_agreement(a, b, "sister-city", "1970");
    ck_assert_int_ne(write_orphan_party(id, b + 100), SQLITE_OK);
    tr_store_rollback(store);
}
END_TEST

/* `check`'s count of broken references is PRAGMA foreign_key_check's, row for row, for each
 * way a reference can break: a party that is a missing city, the parties of a missing
 * agreement, an alias of a missing city. */
START_TEST(broken_references_are_counted_as_the_pragma_lists_them)
{
    char problem[256];
    int64_t a = add_city("Besançon", "FR", NULL, 0), b = add_city("Freiburg", "DE", NULL, 0);
    int64_t kept = add_agreement(a, b, "sister-city", "1959");
    int64_t lost = add_agreement(a, b, "friendship", "1962");
    ck_assert_int_eq(tr_store_check_references(store, problem, sizeof problem), 0);
    ck_assert_str_eq(problem, "0 rows refer to missing records");
    ck_assert_int_eq(sqlite3_exec(st_db(store), "PRAGMA foreign_keys = OFF", NULL, NULL, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(write_orphan_party(kept, b + 100), SQLITE_OK);
    char sql[160];
    snprintf(sql, sizeof sql,
             "DELETE FROM agreements WHERE id = %lld; INSERT INTO city_aliases (city_id, name, "
             "name_key) VALUES (%lld, 'Ghost', 'ghost')",
             (long long)lost, (long long)b + 200);
    ck_assert_int_eq(sqlite3_exec(st_db(store), sql, NULL, NULL, NULL), SQLITE_OK);
    /* A party whose city and agreement are both missing breaks two references. */
    ck_assert_int_eq(write_orphan_party(lost, b + 300), SQLITE_OK);
    sqlite3_stmt *stmt;
    ck_assert_int_eq(sqlite3_prepare_v2(st_db(store),
                                        "SELECT count(*) FROM pragma_foreign_key_check", -1, &stmt,
                                        NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int64(stmt, 0), 6); /* 1 + 2 + 2 (parties) + 1 (alias) */
    sqlite3_finalize(stmt);
    ck_assert_int_eq(tr_store_check_references(store, problem, sizeof problem), 1);
    ck_assert_str_eq(problem, "6 rows refer to missing records");
    /* The count reads the parties' two references by its own queries, and every other
     * table's with the pragma: a third reference of the parties would go unchecked. */
    ck_assert_int_eq(
        sqlite3_prepare_v2(st_db(store),
                           "SELECT count(*) FROM pragma_foreign_key_list('agreement_parties')", -1,
                           &stmt, NULL),
        SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(stmt), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int64(stmt, 0), 2);
    sqlite3_finalize(stmt);
}
END_TEST

/* What tr_city_update would change, told from the row: an import writes nothing for a
 * city equal to it. */
START_TEST(a_city_update_tells_its_changes)
{
    tr_city_fields f = {.name = "Évry",
                        .country = "FR",
                        .set_region = 1,
                        .region = "Essonne",
                        .set_coords = 1,
                        .has_coords = 1,
                        .lat = 48.63,
                        .lon = 2.44,
                        .set_wikidata = 1,
                        .wikidata = "Q193839"};
    int64_t id = 0;
    ck_assert_msg(tr_city_add(store, &f, &id, &err) == 0, "%s", err.message);
    ck_assert_int_eq(tr_city_update_changes(store, id, &f, &err), 0);
    tr_city_fields same_name_only = {.name = "Évry", .country = "FR"};
    ck_assert_int_eq(tr_city_update_changes(store, id, &same_name_only, &err), 0);
    tr_city_fields other = f;
    other.name = "Evry";
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    other = f, other.country = "BE";
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    other = f, other.lon = 2.45;
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    other = f, other.has_coords = 0;
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    other = f, other.region = NULL;
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    other = f, other.wikidata = "Q1";
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    tr_alias alias = {"Evry-Courcouronnes", "fr"};
    other = f, other.aliases = &alias, other.n_aliases = 1, other.replace_aliases = 1;
    ck_assert_int_eq(tr_city_update_changes(store, id, &other, &err), 1);
    /* A city without coordinates: none given is no change, some given is one. */
    int64_t bare = add_city("Ludwigsburg", "DE", NULL, 0);
    tr_city_fields none = {.name = "Ludwigsburg", .country = "DE", .set_coords = 1};
    ck_assert_int_eq(tr_city_update_changes(store, bare, &none, &err), 0);
    none.has_coords = 1, none.lat = 48.9, none.lon = 9.19;
    ck_assert_int_eq(tr_city_update_changes(store, bare, &none, &err), 1);
    ck_assert_int_eq(tr_city_update_changes(store, bare + 100, &none, &err), -1);
    ck_assert_int_eq(err.status, TR_NOT_FOUND);
}
END_TEST

START_TEST(a_bulk_load_is_undone_whole)
{
    char empty[64], after[64];
    registry_counts(empty, sizeof empty);
    ck_assert_int_eq(tr_store_begin(store, &err), 0);
    tr_history *h = tr_history_start(store, &err);
    ck_assert_ptr_nonnull(h);
    tr_bulk *b = tr_bulk_begin(store, &err);
    ck_assert_ptr_nonnull(b);
    bulk_load(b, 200);
    ck_assert_msg(tr_bulk_finish(b, &err) == 0, "%s", err.message);
    ck_assert_int_eq(tr_history_finish(h, "test load", &err), 0);
    ck_assert_int_eq(tr_store_commit(store, &err), 0);
    registry_counts(after, sizeof after);
    ck_assert_str_eq(after, "40 200 400");
    assert_schema_intact();                         /* the deferred indexes are back */
    ck_assert_int_eq(rows_of("history_ranges"), 2); /* cities and agreements: as id ranges */
    ck_assert_int_eq(tr_history_check(store, &err), 0);

    long reverted = 0;
    ck_assert_int_eq(tr_store_begin(store, &err), 0);
    ck_assert_msg(tr_history_undo(store, 1, &reverted, &err) == 0, "%s", err.message);
    ck_assert_int_eq(tr_store_commit(store, &err), 0);
    ck_assert_int_eq(reverted, 40 + 200 + 400);
    registry_counts(after, sizeof after);
    ck_assert_str_eq(after, empty);
    ck_assert_int_eq(rows_of("history"), 0);
    assert_schema_intact();
}
END_TEST

START_TEST(an_aborted_bulk_load_changes_nothing)
{
    /* One registry with an agreement (indexes kept), one empty (indexes deferred). */
    for (int with_agreement = 1; with_agreement >= 0; with_agreement--) {
        if (with_agreement)
            add_agreement(add_city("Lyon", "FR", NULL, 0), add_city("Turin", "IT", NULL, 0), NULL,
                          "1958");
        char before[64], after[64];
        registry_counts(before, sizeof before);
        int64_t history = tr_history_last_id(store);
        ck_assert_int_eq(tr_store_begin(store, &err), 0);
        tr_history *h = tr_history_start(store, &err);
        tr_bulk *b = tr_bulk_begin(store, &err);
        ck_assert_ptr_nonnull(b);
        bulk_load(b, 100);
        tr_bulk_abort(b);
        tr_history_cancel(h);
        tr_store_rollback(store);
        registry_counts(after, sizeof after);
        ck_assert_str_eq(after, before);
        ck_assert_int_eq(tr_history_last_id(store), history);
        assert_schema_intact();
        if (with_agreement) { /* the next round starts empty */
            tr_store_close(store);
            setup();
        }
    }
}
END_TEST

START_TEST(writes_of_cities_and_agreements_need_the_range_writer)
{
    /* Stepped past st_range_step, such a write would reach the history twice in a bulk
     * load (row by row and in its id range), and its undo would fail: refused at once. */
    static const char *const writes[] = {
        "DELETE FROM cities WHERE id = 1", "UPDATE agreements SET title = 'x'",
        "INSERT INTO agreement_parties (agreement_id, city_id) VALUES (1, 2)"};
    for (size_t i = 0; i < 3; i++) {
        tr_error why;
        tr_error_init(&why);
        ck_assert_ptr_null(tr_store_stmt(store, writes[i], &why));
        ck_assert_ptr_nonnull(strstr(why.message, "st_range_stmt"));
        tr_error_release(&why);
        st_range_write w = st_range_stmt(store, writes[i], &err);
        ck_assert_ptr_nonnull(w.stmt);
        ck_assert_int_eq(w.table, i == 0 ? TR_RANGE_CITIES : TR_RANGE_AGREEMENTS);
    }
    static const struct {
        const char *sql;
        int table;
    } texts[] = {{"INSERT OR IGNORE INTO agreement_frameworks VALUES (1, 'x')", ST_NO_RANGE_TABLE},
                 {"UPDATE OR REPLACE cities SET name = 'x'", TR_RANGE_CITIES},
                 {"  delete from agreement_parties", TR_RANGE_AGREEMENTS},
                 {"REPLACE INTO agreements (id) VALUES (1)", TR_RANGE_AGREEMENTS},
                 {"SELECT * FROM cities", ST_NO_RANGE_TABLE},
                 {"INSERT INTO cities_more (id) VALUES (1)", ST_NO_RANGE_TABLE}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        ck_assert_int_eq(st_range_table_written(texts[i].sql), texts[i].table);
    static const char *const other = "DELETE FROM city_aliases WHERE city_id = 1";
    ck_assert_ptr_nonnull(tr_store_stmt(store, other, &err));
    ck_assert_ptr_null(st_range_stmt(store, other, &err).stmt);
    ck_assert_int_eq(err.status, TR_IO);
}
END_TEST

#include "entity_sql_cases.h"
#include "statement_cases.h"

int main(void)
{
    if (!mkdtemp(dir))
        return EXIT_FAILURE;
    Suite *s = suite_create("store");
    TCase *tc = tcase_create("store");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, migrations_produce_schema_sql);
    tcase_add_test(tc, lookup_by_any_name);
    tcase_add_test(tc, a_city_update_tells_its_changes);
    tcase_add_test(tc, a_first_load_checks_its_references_at_commit);
    tcase_add_test(tc, broken_references_are_counted_as_the_pragma_lists_them);
    tcase_add_test(tc, namesakes_are_ambiguous_until_a_country_is_given);
    tcase_add_test(tc, agreements_are_validated);
    tcase_add_test(tc, in_force_follows_the_contract);
    tcase_add_test(tc, signing_date_not_moved_after_recorded_dates);
    tcase_add_test(tc, undated_agreements_are_always_in_force);
    tcase_add_test(tc, source_add_refuses_a_known_url);
    tcase_add_test(tc, newer_schema_is_refused_untouched);
    tcase_add_test(tc, opening_an_existing_registry_creates_nothing);
    tcase_add_test(tc, a_reader_only_reads_and_leaves_no_log);
    tcase_add_test(tc, every_column_has_a_json_form);
    tcase_add_test(tc, natural_key_ignores_the_order_of_parties);
    tcase_add_test(tc, a_bulk_load_is_undone_whole);
    tcase_add_test(tc, an_aborted_bulk_load_changes_nothing);
    tcase_add_test(tc, writes_of_cities_and_agreements_need_the_range_writer);
    add_statement_cases(tc);
    add_entity_sql_cases(tc);
    suite_add_tcase(s, tc);
    TCase *record = tcase_create("record");
    tcase_add_checked_fixture(record, setup_record, teardown);
    tcase_add_test(record, descriptor_names_the_tables_columns);
    tcase_add_test(record, the_agreements_cursor_follows_the_descriptor);
    tcase_add_test(record, record_keys_come_in_the_descriptors_order);
    tcase_add_test(record, one_serializer_for_every_path);
    suite_add_tcase(s, record);
    int status = check_run(s);
    tr_fold_shutdown();
    tr_country_shutdown();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return status;
}
