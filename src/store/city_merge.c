/* Merging cities that are one: every reference to the others moves to the city kept, and
 * agreements that become one (the same natural key) are merged. */
#include "twinreg/store/city.h"

#include "store/city_parts.h"
#include "store/util.h"

#include "twinreg/core/natural_key.h"
#include "twinreg/store/agreement.h"
#include "twinreg/store/office.h"
#include "twinreg/store/source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ids a one-column query returns for ?1 = id, read whole before anything is written:
 * the writes change the rows the query walks. */
static int ids_of(tr_store *store, const char *sql, int64_t id, int64_t **out, size_t *n,
                  tr_error *err)
{
    *out = NULL;
    *n = 0;
    st_stmt *stmt = st_prepare_once(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *grown = realloc(*out, cap * sizeof **out);
            if (!grown) {
                st_finalize(stmt);
                return tr_error_set(err, TR_IO, "out of memory");
            }
            *out = grown;
        }
        (*out)[(*n)++] = st_column_int64(stmt, 0);
    }
    if (rc != ST_DONE)
        st_fail(store, "cannot read what the merge moves", err);
    st_finalize(stmt);
    return rc == ST_DONE ? 0 : -1;
}

/* Binds ids a and b to ?1 and ?2 (b only when the statement has a ?2). */
static void bind_ids(st_stmt *stmt, int64_t a, int64_t b)
{
    st_bind_int64(stmt, 1, a);
    if (st_param_count(stmt) >= 2)
        st_bind_int64(stmt, 2, b);
}

/* Runs a write of ?1 and ?2 (ids). */
static int write_ids(tr_store *store, const char *sql, int64_t a, int64_t b, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    bind_ids(stmt, a, b);
    return st_step_done(store, stmt, "cannot merge the cities", err);
}

/* The same for a statement on a range table, stepped for row `row`. */
static int write_range(tr_store *store, const char *sql, int64_t row, int64_t a, int64_t b,
                       tr_error *err)
{
    st_range_write w = st_range_stmt(store, sql, err);
    if (!w.stmt)
        return -1;
    bind_ids(w.stmt, a, b);
    return st_range_step(store, w, row, "cannot merge the cities", err);
}

/* Refuses when two of the cities are parties to one agreement: merged, it would twin a
 * city with itself. */
static int check_shared(tr_store *store, const int64_t *ids, size_t n, tr_error *err)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            st_stmt *stmt = st_stmt_get(store,
                                        "SELECT min(a.agreement_id) FROM agreement_parties a "
                                        "JOIN agreement_parties b ON b.agreement_id = "
                                        "a.agreement_id WHERE a.city_id = ?1 AND b.city_id = ?2",
                                        err);
            if (!stmt)
                return -1;
            st_bind_int64(stmt, 1, ids[i]);
            st_bind_int64(stmt, 2, ids[j]);
            if (st_step(stmt) != ST_ROW) {
                st_reset(stmt);
                return st_fail(store, "cannot merge the cities", err);
            }
            int64_t shared = st_column_int64(stmt, 0);
            st_reset(stmt);
            if (shared) {
                char a[256], b[256];
                tr_city_label(store, ids[i], a, sizeof a);
                tr_city_label(store, ids[j], b, sizeof b);
                return tr_error_set(err, TR_REJECTED,
                                    "cannot merge cities %lld (%s) and %lld (%s): agreement %lld "
                                    "links them, and would twin a city with itself",
                                    (long long)ids[i], a, (long long)ids[j], b, (long long)shared);
            }
        }
    return 0;
}

/* Agreement `from` becomes `into` (both hold the same natural key once the city moves):
 * its events, approvals, linked decisions, frameworks, sources and programs follow `into`,
 * and so do its signatories when `into` has none; then it goes. Its suspensions too,
 * unless `into` has its own: two lists of periods could overlap, and one is kept. */
static int merge_agreement(tr_store *store, int64_t from, int64_t into, tr_error *err)
{
    char from_key[24], into_key[24];
    snprintf(from_key, sizeof from_key, "%lld", (long long)from);
    snprintf(into_key, sizeof into_key, "%lld", (long long)into);
    int into_suspended = st_exists_id(
        store, "SELECT 1 FROM agreement_suspensions WHERE agreement_id = ?1", into, err);
    if (into_suspended < 0)
        return -1;
    if (write_ids(store, "UPDATE agreement_events SET agreement_id = ?2 WHERE agreement_id = ?1",
                  from, into, err) != 0 ||
        write_ids(store, "UPDATE agreement_approvals SET agreement_id = ?2 WHERE agreement_id = ?1",
                  from, into, err) != 0 ||
        write_ids(store, "UPDATE agreement_decisions SET agreement_id = ?2 WHERE agreement_id = ?1",
                  from, into, err) != 0 ||
        write_ids(store,
                  "UPDATE agreement_signatories SET agreement_id = ?2 WHERE agreement_id = ?1 "
                  "AND NOT EXISTS (SELECT 1 FROM agreement_signatories s WHERE "
                  "s.agreement_id = ?2)",
                  from, into, err) != 0 ||
        (!into_suspended &&
         write_ids(store,
                   "UPDATE agreement_suspensions SET agreement_id = ?2 WHERE agreement_id = ?1",
                   from, into, err) != 0) ||
        write_ids(store,
                  "INSERT INTO agreement_frameworks (agreement_id, framework_code) "
                  "SELECT ?2, framework_code FROM agreement_frameworks WHERE agreement_id = ?1 "
                  "ON CONFLICT DO NOTHING",
                  from, into, err) != 0 ||
        write_ids(store,
                  "INSERT INTO program_agreements (program_id, agreement_id) "
                  "SELECT program_id, ?2 FROM program_agreements WHERE agreement_id = ?1 "
                  "ON CONFLICT DO NOTHING",
                  from, into, err) != 0 ||
        write_ids(store, "DELETE FROM program_agreements WHERE agreement_id = ?1", from, into,
                  err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO record_sources (source_id, record_type, record_key) "
                                "SELECT source_id, record_type, ?2 FROM record_sources "
                                "WHERE record_type = 'agreement' AND record_key = ?1 "
                                "ON CONFLICT DO NOTHING",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, from_key);
    st_bind_text(stmt, 2, into_key);
    if (st_step_done(store, stmt, "cannot merge the sources", err) != 0 ||
        tr_source_unlink_all(store, "agreement", from_key, err) != 0)
        return -1;
    /* What built on the agreement that goes builds on the one kept; the kept one itself
     * cannot build on itself. */
    int64_t *later;
    size_t n;
    if (ids_of(store, "SELECT id FROM agreements WHERE builds_on = ?1 ORDER BY id", from, &later,
               &n, err) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = write_range(store,
                         "UPDATE agreements SET builds_on = CASE WHEN id = ?2 THEN NULL ELSE ?2 "
                         "END WHERE id = ?1",
                         later[i], later[i], into, err);
    free(later);
    if (rc != 0)
        return -1;
    return write_range(store, "DELETE FROM agreements WHERE id = ?1", from, from, into, err);
}

/* Agreement `id`, one of whose parties is `other`, now names `keep` instead; merged into
 * the agreement that already has the resulting natural key, when there is one. */
static int move_agreement(tr_store *store, int64_t id, int64_t other, int64_t keep,
                          tr_city_merge_counts *counts, tr_error *err)
{
    if (st_store_pg(store) && tr_office_may_write_agreement(store, id, err) != 0)
        return -1;
    int64_t *parties;
    size_t n;
    if (ids_of(store, "SELECT city_id FROM agreement_parties WHERE agreement_id = ?1", id, &parties,
               &n, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (parties[i] == other)
            parties[i] = keep;
    st_stmt *stmt = st_stmt_get(store, "SELECT kind, signed_on FROM agreements WHERE id = ?1", err);
    int rc = -1;
    if (!stmt)
        goto done;
    st_bind_int64(stmt, 1, id);
    if (st_step(stmt) != ST_ROW) {
        st_reset(stmt);
        st_fail(store, "cannot read the agreement", err);
        goto done;
    }
    char kind[64], signed_on[16];
    snprintf(kind, sizeof kind, "%s", st_column_text(stmt, 0));
    int dated = st_column_type(stmt, 1) != ST_NULL;
    snprintf(signed_on, sizeof signed_on, "%s", dated ? st_column_text(stmt, 1) : "");
    st_reset(stmt);
    tr_natural_key key;
    int64_t same = 0;
    if (tr_natural_key_make(&key, parties, n, kind, dated ? signed_on : NULL, err) != 0 ||
        tr_agreement_find_natural(store, parties, n, kind, dated ? signed_on : NULL, &same, err) !=
            0)
        goto done;
    if (same && same != id) {
        counts->agreements_merged++;
        rc = merge_agreement(store, id, same, err);
        goto done;
    }
    counts->agreements_moved++;
    /* A delete and an insert, not an UPDATE of the key: each engine's history counts that
     * alike (SQLite's session records a changed primary key so). */
    if (write_range(store, "DELETE FROM agreement_parties WHERE agreement_id = ?1 AND city_id = ?2",
                    id, id, other, err) != 0 ||
        write_range(store, "INSERT INTO agreement_parties (agreement_id, city_id) VALUES (?1, ?2)",
                    id, id, keep, err) != 0)
        goto done;
    st_range_write w =
        st_range_stmt(store, "UPDATE agreements SET parties_key = ?2 WHERE id = ?1", err);
    if (!w.stmt)
        goto done;
    st_bind_int64(w.stmt, 1, id);
    st_bind_text(w.stmt, 2, key.parties_text);
    rc = st_range_step(store, w, id, "cannot merge the cities", err);
done:
    free(parties);
    return rc;
}

/* A city an office holds (PostgreSQL) moves to the city kept with the rest; the history
 * records office_cities, so undo gives the office its city back. Only the administrator
 * writes office_cities: anyone else is told so before anything is written. */
static int check_offices(tr_store *store, int64_t id, tr_error *err)
{
    if (!st_store_pg(store))
        return 0;
    st_stmt *stmt =
        st_stmt_get(store,
                    "SELECT min(office), count(*), CASE WHEN twinreg_is_admin() THEN 1 ELSE 0 END, "
                    "CAST(current_user AS TEXT) FROM office_cities WHERE city_id = ?1",
                    err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_step(stmt) != ST_ROW) {
        st_reset(stmt);
        return st_fail(store, "cannot read the city's offices", err);
    }
    char office[64], role[64], label[256];
    int refused = st_column_int64(stmt, 1) > 0 && st_column_int64(stmt, 2) == 0;
    if (refused) {
        snprintf(office, sizeof office, "%s", st_column_text(stmt, 0));
        snprintf(role, sizeof role, "%s", st_column_text(stmt, 3));
    }
    st_reset(stmt);
    if (!refused)
        return 0;
    tr_city_label(store, id, label, sizeof label);
    return tr_error_set(err, TR_NOT_ALLOWED,
                        "cannot merge city %lld (%s): not allowed: office '%s' holds it, and "
                        "role '%s' is not an administrator of the registry",
                        (long long)id, label, office, role);
}

/* The offices that hold `other` hold `keep` instead (before `other` goes: a foreign key). */
static int move_offices(tr_store *store, int64_t other, int64_t keep, tr_error *err)
{
    if (!st_store_pg(store))
        return 0;
    /* An insert and a delete, not an UPDATE of the key, as for an agreement's parties. */
    if (write_ids(store,
                  "INSERT INTO office_cities (office, city_id) SELECT office, ?2 FROM "
                  "office_cities WHERE city_id = ?1 ON CONFLICT DO NOTHING",
                  other, keep, err) != 0)
        return -1;
    return write_ids(store, "DELETE FROM office_cities WHERE city_id = ?1", other, 0, err);
}

/* Fills the fields `keep` lacks (region, coordinates, wikidata id) from `other`, which
 * must be gone first: a wikidata id is unique. */
struct city_extra {
    char region[256], wikidata[16];
    int has_region, has_coords, has_wikidata;
    double lat, lon;
};

static int read_extra(tr_store *store, int64_t id, struct city_extra *x, tr_error *err)
{
    st_stmt *stmt =
        st_stmt_get(store, "SELECT region, lat, lon, wikidata FROM cities WHERE id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_step(stmt) != ST_ROW) {
        st_reset(stmt);
        return st_fail(store, "cannot read the city", err);
    }
    memset(x, 0, sizeof *x);
    if ((x->has_region = st_column_type(stmt, 0) != ST_NULL))
        snprintf(x->region, sizeof x->region, "%s", st_column_text(stmt, 0));
    if ((x->has_coords = st_column_type(stmt, 1) != ST_NULL)) {
        x->lat = st_column_double(stmt, 1);
        x->lon = st_column_double(stmt, 2);
    }
    if ((x->has_wikidata = st_column_type(stmt, 3) != ST_NULL))
        snprintf(x->wikidata, sizeof x->wikidata, "%s", st_column_text(stmt, 3));
    st_reset(stmt);
    return 0;
}

static int fill_from(tr_store *store, int64_t keep, const struct city_extra *x, tr_error *err)
{
    st_range_write w = st_range_stmt(store,
                                     "UPDATE cities SET region = coalesce(region, ?2), "
                                     "lat = CASE WHEN lat IS NULL THEN ?3 ELSE lat END, "
                                     "lon = CASE WHEN lat IS NULL THEN ?4 ELSE lon END, "
                                     "wikidata = coalesce(wikidata, ?5) WHERE id = ?1",
                                     err);
    if (!w.stmt)
        return -1;
    st_bind_int64(w.stmt, 1, keep);
    st_bind_text(w.stmt, 2, x->has_region ? x->region : NULL);
    if (x->has_coords) {
        st_bind_double(w.stmt, 3, x->lat);
        st_bind_double(w.stmt, 4, x->lon);
    }
    st_bind_text(w.stmt, 5, x->has_wikidata ? x->wikidata : NULL);
    int rc = st_range_step(store, w, keep, "cannot merge the cities", err);
    st_clear_bindings(w.stmt);
    return rc == 0 ? st_city_rekey_twin(store, keep, err) : -1;
}

static int merge_one(tr_store *store, int64_t keep, int64_t other, tr_city_merge_counts *counts,
                     tr_error *err)
{
    int64_t *agreements;
    size_t n;
    if (ids_of(store,
               "SELECT agreement_id FROM agreement_parties WHERE city_id = ?1 ORDER BY "
               "agreement_id",
               other, &agreements, &n, err) != 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = move_agreement(store, agreements[i], other, keep, counts, err);
    free(agreements);
    struct city_extra extra;
    if (rc != 0 ||
        write_ids(store, "UPDATE programs SET host_city_id = ?2 WHERE host_city_id = ?1", other,
                  keep, err) != 0 ||
        write_ids(store, "UPDATE participation SET city_id = ?2 WHERE city_id = ?1", other, keep,
                  err) != 0 ||
        write_ids(store,
                  "INSERT INTO city_aliases (city_id, name, name_key, lang) "
                  "SELECT ?2, name, name_key, lang FROM city_aliases WHERE city_id = ?1 "
                  "ON CONFLICT (city_id, name) DO NOTHING",
                  other, keep, err) != 0 ||
        /* The other's own name stays findable: an alias of the city kept. */
        write_ids(store,
                  "INSERT INTO city_aliases (city_id, name, name_key, lang) "
                  "SELECT ?2, o.name, o.name_key, CAST(NULL AS TEXT) FROM cities o, cities k "
                  "WHERE o.id = ?1 AND k.id = ?2 AND o.name <> k.name "
                  "ON CONFLICT (city_id, name) DO NOTHING",
                  other, keep, err) != 0 ||
        read_extra(store, other, &extra, err) != 0 || move_offices(store, other, keep, err) != 0 ||
        write_range(store, "DELETE FROM cities WHERE id = ?1", other, other, 0, err) != 0)
        return -1;
    return fill_from(store, keep, &extra, err);
}

int tr_city_merge(tr_store *store, int64_t keep, const int64_t *others, size_t n,
                  tr_city_merge_counts *counts, tr_error *err)
{
    memset(counts, 0, sizeof *counts);
    int64_t ids[TR_MAX_MERGED + 1];
    if (n == 0 || n > TR_MAX_MERGED)
        return tr_error_set(err, TR_REJECTED, "a merge takes 1 to %d other cities", TR_MAX_MERGED);
    ids[0] = keep;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j <= i; j++)
            if (ids[j] == others[i]) {
                char label[256];
                tr_city_label(store, others[i], label, sizeof label);
                return tr_error_set(err, TR_REJECTED,
                                    j == 0 ? "cannot merge city %lld (%s): it is the city kept "
                                             "(a city cannot merge into itself)"
                                           : "cannot merge city %lld (%s): it is named twice",
                                    (long long)others[i], label);
            }
        ids[i + 1] = others[i];
    }
    if (check_shared(store, ids, n + 1, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (check_offices(store, others[i], err) != 0)
            return -1;
    for (size_t i = 0; i < n; i++)
        if (merge_one(store, keep, others[i], counts, err) != 0)
            return -1;
    return 0;
}
