/* Agreements: validation (kinds, partial dates, parties, the chain), writes, records. */
#include "twinreg/store/agreement.h"

#include "store/cursor_impl.h"
#include "store/engine_sqlite.h"
#include "store/id_counter.h"
#include "store/in_force.h"
#include "twinreg/store/office.h"
#include "store/util.h"
#include "twinreg/core/date.h"
#include "twinreg/core/natural_key.h"
#include "twinreg/store/agreement_record.h"
#include "twinreg/store/framework.h"
#include "twinreg/store/source.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TEXT 1000

const char *const tr_kinds[] = {TR_DEFAULT_KIND, "friendship", "strategic-cooperation",
                                "cooperation",   "memorandum", NULL};

int tr_kind_check(const char *kind, tr_error *err)
{
    for (int i = 0; tr_kinds[i]; i++)
        if (kind && strcmp(kind, tr_kinds[i]) == 0)
            return 0;
    return tr_error_set(err, TR_REJECTED,
                        "unknown kind '%s': expected sister-city, friendship, "
                        "strategic-cooperation, cooperation or memorandum",
                        kind ? kind : "");
}

/* The current values of an agreement, for updates (owned strings). */
typedef struct {
    char *kind, *title, *signed_on, *in_force_on, *expires_on, *ended_on, *end_reason, *parties_key;
    int64_t builds_on;
} agreement_row;

static void row_release(agreement_row *r)
{
    free(r->kind), free(r->title), free(r->signed_on), free(r->in_force_on);
    free(r->expires_on), free(r->ended_on), free(r->end_reason), free(r->parties_key);
}

static char *dup_column(st_stmt *stmt, int col)
{
    const char *t = st_column_text(stmt, col);
    return t ? strdup(t) : NULL;
}

static int load_row(tr_store *store, int64_t id, agreement_row *r, tr_error *err)
{
    memset(r, 0, sizeof *r);
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT kind, title, signed_on, in_force_on, expires_on, "
                                "ended_on, end_reason, builds_on, parties_key "
                                "FROM agreements WHERE id = ?1",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int rc = st_step(stmt);
    if (rc == ST_ROW) {
        r->kind = dup_column(stmt, 0), r->title = dup_column(stmt, 1),
        r->signed_on = dup_column(stmt, 2);
        r->in_force_on = dup_column(stmt, 3), r->expires_on = dup_column(stmt, 4);
        r->ended_on = dup_column(stmt, 5), r->end_reason = dup_column(stmt, 6);
        r->builds_on = st_column_int64(stmt, 7);
        r->parties_key = dup_column(stmt, 8);
    }
    st_reset(stmt);
    if (rc == ST_ROW)
        return 0;
    return rc == ST_DONE
               ? tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found", (long long)id)
               : st_fail(store, "cannot read the agreement", err);
}

static const char *pick(const tr_opt_text *o, const char *current)
{
    return o->set ? o->value : current;
}

/* Titles and reasons are one line: tabs pass, other control characters do not. */
static int check_text(const char *text, const char *what, tr_error *err)
{
    if (!text)
        return 0;
    if (strlen(text) > MAX_TEXT)
        return tr_error_set(err, TR_REJECTED, "invalid %s: longer than %d bytes", what, MAX_TEXT);
    return st_valid_utf8(text, "\t")
               ? 0
               : tr_error_set(err, TR_REJECTED,
                              "invalid %s: not valid UTF-8 text (or has control characters)", what);
}

/* One pair of the order rule: `later` (the `what`) must not be certainly before `earlier`. */
static int not_before(const char *later, const char *what, const char *earlier, const char *since,
                      tr_error *err)
{
    if (!later || !earlier || !tr_date_certainly_before(later, earlier))
        return 0;
    return tr_error_set(err, TR_REJECTED, "invalid %s '%s': before the agreement %s (%s)", what,
                        later, since, earlier);
}

/* The order of an agreement's dates, the one rule for add, update, end, amend and import:
 * nothing happens to an agreement before it is signed (entry into force, expiry, end,
 * amendment), and it does not expire before it is in force. It may end before it is in
 * force (terminated before it took effect: never in force). "Before" is certainly before
 * (tr_date_certainly_before), so dates of different precision in the same year pass.
 * `amended_on` is a new amendment's date; `events_of` (0: none) an agreement whose
 * recorded amendments are checked too, as its signing date may have moved. */
static int check_order(tr_store *store, int64_t events_of, const agreement_row *v,
                       const char *amended_on, tr_error *err)
{
    if (not_before(v->in_force_on, "in-force date", v->signed_on, "was signed", err) != 0 ||
        not_before(v->expires_on, "expiry date", v->signed_on, "was signed", err) != 0 ||
        not_before(v->expires_on, "expiry date", v->in_force_on, "is in force", err) != 0 ||
        not_before(v->ended_on, "end date", v->signed_on, "was signed", err) != 0 ||
        not_before(amended_on, "amendment date", v->signed_on, "was signed", err) != 0)
        return -1;
    if (!events_of || !v->signed_on)
        return 0;
    st_stmt *stmt = st_stmt_get(
        store,
        "SELECT happened_on FROM agreement_events WHERE agreement_id = ?1 ORDER BY happened_on, id",
        err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, events_of);
    int rc = ST_DONE, bad = 0;
    while (!bad && (rc = st_step(stmt)) == ST_ROW)
        bad =
            not_before(st_column_text(stmt, 0), "amendment date", v->signed_on, "was signed", err);
    st_reset(stmt);
    if (bad)
        return -1;
    return rc == ST_DONE ? 0 : st_fail(store, "cannot read the agreement's events", err);
}

/* Runs `sql`, which binds the parties key ?1, kind ?2, signing date ?3 and (has_natural)
 * the id ?4, and gives the first column of its row in *out (0: no row). */
static int natural_query(tr_store *store, const char *sql, const int64_t *parties, size_t n,
                         const char *kind, const char *signed_on, int64_t id, int64_t *out,
                         tr_error *err)
{
    tr_natural_key key;
    if (tr_natural_key_make(&key, parties, n, kind, signed_on, err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store, sql, err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key.parties_text);
    st_bind_text(stmt, 2, key.kind);
    st_bind_text(stmt, 3, key.signed_on);
    if (id)
        st_bind_int64(stmt, 4, id);
    int rc = st_step(stmt);
    *out = rc == ST_ROW ? st_column_int64(stmt, 0) : 0;
    st_reset(stmt);
    return rc == ST_ROW || rc == ST_DONE ? 0 : st_fail(store, "cannot look up the agreement", err);
}

int tr_agreement_find_natural(tr_store *store, const int64_t *parties, size_t n, const char *kind,
                              const char *signed_on, int64_t *id, tr_error *err)
{
    return natural_query(store,
                         "SELECT id FROM agreements WHERE parties_key = ?1 AND kind = ?2 AND "
                         "coalesce(signed_on, '') = coalesce(?3, '')",
                         parties, n, kind, signed_on, 0, id, err);
}

int tr_agreement_find_key(tr_store *store, const tr_natural_key *key, int64_t *id, int *pair_seen,
                          tr_error *err)
{
    /* The natural key's index read by its first two columns: each agreement of the pair. */
    st_stmt *stmt = st_stmt_get(store,
                                "SELECT id, CASE WHEN coalesce(signed_on, '') = coalesce(?3, '') "
                                "THEN 1 ELSE 0 END FROM agreements "
                                "WHERE parties_key = ?1 AND kind = ?2",
                                err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key->parties_text);
    st_bind_text(stmt, 2, key->kind);
    st_bind_text(stmt, 3, key->signed_on);
    *id = 0, *pair_seen = 0;
    int rc;
    while ((rc = st_step(stmt)) == ST_ROW) {
        *pair_seen = 1;
        if (st_column_int64(stmt, 1))
            *id = st_column_int64(stmt, 0);
    }
    st_reset(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, "cannot look up the agreement", err);
}

int tr_agreement_has_natural(tr_store *store, int64_t id, const int64_t *parties, size_t n,
                             const char *kind, const char *signed_on, tr_error *err)
{
    /* By its id: a rowid lookup, whether the natural-key index is there or deferred. */
    int64_t found;
    if (natural_query(store,
                      "SELECT 1 FROM agreements WHERE id = ?4 AND parties_key = ?1 AND kind = ?2 "
                      "AND coalesce(signed_on, '') = coalesce(?3, '')",
                      parties, n, kind, signed_on, id, &found, err) != 0)
        return -1;
    return found != 0;
}

/* Every check of an agreement's values, shared by add and update (self = 0 for add). */
static int validate(tr_store *store, int64_t self, const agreement_row *v, const int64_t *parties,
                    size_t n, int resolved, tr_natural_key *key, tr_error *err)
{
    if (tr_kind_check(v->kind, err) != 0 || check_text(v->title, "title", err) != 0 ||
        check_text(v->end_reason, "end reason", err) != 0 ||
        st_check_date(v->signed_on, "signing date", 0, err) != 0 ||
        st_check_date(v->in_force_on, "in-force date", 0, err) != 0 ||
        st_check_date(v->expires_on, "expiry date", 0, err) != 0 ||
        st_check_date(v->ended_on, "end date", 0, err) != 0 ||
        check_order(store, self, v, NULL, err) != 0 ||
        tr_natural_key_make(key, parties, n, v->kind, v->signed_on, err) != 0)
        return -1;
    for (size_t i = 0; i < n && !resolved; i++) {
        int found = st_exists_id(store, "SELECT 1 FROM cities WHERE id = ?1", key->parties[i], err);
        if (found <= 0)
            return found < 0 ? -1
                             : tr_error_set(err, TR_REJECTED,
                                            "broken reference: party city %lld does not exist",
                                            (long long)key->parties[i]);
    }
    if (v->builds_on) {
        int found =
            st_exists_id(store, "SELECT 1 FROM agreements WHERE id = ?1", v->builds_on, err);
        if (found <= 0)
            return found < 0
                       ? -1
                       : tr_error_set(err, TR_REJECTED,
                                      "broken reference: agreement %lld (builds on) does not exist",
                                      (long long)v->builds_on);
        if (self) {
            /* The chain must not loop back to this agreement. */
            st_stmt *stmt =
                st_stmt_get(store,
                            "WITH RECURSIVE chain(id) AS (SELECT CAST(?1 AS BIGINT) UNION "
                            "SELECT a.builds_on FROM agreements a JOIN chain ON a.id = chain.id "
                            "WHERE a.builds_on IS NOT NULL) SELECT 1 FROM chain WHERE id = ?2",
                            err);
            if (!stmt)
                return -1;
            st_bind_int64(stmt, 1, v->builds_on);
            st_bind_int64(stmt, 2, self);
            int rc = st_step(stmt);
            if (rc == ST_ERROR)
                return st_fail(store, "cannot follow the chain of builds_on", err);
            st_reset(stmt);
            if (rc == ST_ROW)
                return tr_error_set(err, TR_REJECTED,
                                    "agreement %lld cannot build on %lld: the chain would loop",
                                    (long long)self, (long long)v->builds_on);
        }
    }
    if (resolved)
        return 0;
    int64_t other = 0;
    st_stmt *stmt =
        st_stmt_get(store,
                    "SELECT id FROM agreements WHERE parties_key = ?1 AND kind = ?2 AND "
                    "coalesce(signed_on, '') = coalesce(?3, '') AND id <> ?4",
                    err);
    if (!stmt)
        return -1;
    st_bind_text(stmt, 1, key->parties_text);
    st_bind_text(stmt, 2, v->kind);
    st_bind_text(stmt, 3, v->signed_on);
    st_bind_int64(stmt, 4, self);
    if (st_step(stmt) == ST_ROW)
        other = st_column_int64(stmt, 0);
    st_reset(stmt);
    if (other)
        return tr_error_set(
            err, TR_REJECTED,
            "duplicate agreement: agreement %lld already links these cities as %s signed %s",
            (long long)other, v->kind, v->signed_on ? v->signed_on : "(no date)");
    return 0;
}

/* Replaces the parties (`fresh`: a new agreement, which has none to delete; the DELETE,
 * with its foreign-key bookkeeping, was a tenth of a bulk import). */
static int write_parties(tr_store *store, int64_t id, int fresh, const int64_t *parties, size_t n,
                         tr_error *err)
{
    st_stmt *stmt;
    if (!fresh) {
        st_range_write w =
            st_range_stmt(store, "DELETE FROM agreement_parties WHERE agreement_id = ?1", err);
        stmt = w.stmt;
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        if (st_range_step(store, w, id, "cannot write the parties", err) != 0)
            return -1;
    }
    for (size_t i = 0; i < n; i++) {
        st_range_write w = st_range_stmt(
            store, "INSERT INTO agreement_parties (agreement_id, city_id) VALUES (?1, ?2)", err);
        stmt = w.stmt;
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        st_bind_int64(stmt, 2, parties[i]);
        /* An agreement's parties go with it: recorded by its id range when it is in one. */
        if (st_range_step(store, w, id, "cannot write the parties", err) != 0)
            return -1;
    }
    return 0;
}

/* Frameworks, sources and registration: the parts of an agreement beyond its core row. */
static int write_links(tr_store *store, int64_t id, const tr_agreement_fields *f, tr_error *err)
{
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    if (f->set_frameworks) {
        st_stmt *stmt =
            st_stmt_get(store, "DELETE FROM agreement_frameworks WHERE agreement_id = ?1", err);
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        if (st_step_done(store, stmt, "cannot write the frameworks", err) != 0)
            return -1;
        for (size_t i = 0; i < f->n_frameworks; i++) {
            int found = tr_framework_exists(store, f->frameworks[i], err);
            if (found <= 0)
                return found < 0 ? -1
                                 : tr_error_set(err, TR_REJECTED,
                                                "broken reference: framework '%s' does not exist",
                                                f->frameworks[i]);
            stmt = st_stmt_get(store,
                               "INSERT INTO agreement_frameworks (agreement_id, framework_code) "
                               "VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                               err);
            if (!stmt)
                return -1;
            st_bind_int64(stmt, 1, id);
            st_bind_text(stmt, 2, f->frameworks[i]);
            if (st_step_done(store, stmt, "cannot write the frameworks", err) != 0)
                return -1;
        }
    }
    if (f->set_sources) {
        if (tr_source_unlink_all(store, "agreement", key, err) != 0)
            return -1;
        for (size_t i = 0; i < f->n_sources; i++)
            if (tr_source_link(store, "agreement", key, f->sources[i], err) != 0)
                return -1;
    }
    if (f->registered_by.set || f->registration_number.set || f->registered_on.set) {
        if (st_check_text(f->registered_by.value, "registering authority", 200, 0, err) != 0 ||
            st_check_text(f->registration_number.value, "registration number", 100, 0, err) != 0 ||
            st_check_date(f->registered_on.value, "registration date", 0, err) != 0)
            return -1;
        st_range_write w = st_range_stmt(
            store,
            "UPDATE agreements SET registered_by = CASE WHEN ?2 THEN ?3 ELSE registered_by END, "
            "registration_number = CASE WHEN ?4 THEN ?5 ELSE registration_number END, "
            "registered_on = CASE WHEN ?6 THEN ?7 ELSE registered_on END WHERE id = ?1",
            err);
        st_stmt *stmt = w.stmt;
        if (!stmt)
            return -1;
        st_bind_int64(stmt, 1, id);
        st_bind_int64(stmt, 2, f->registered_by.set), st_bind_text(stmt, 3, f->registered_by.value);
        st_bind_int64(stmt, 4, f->registration_number.set),
            st_bind_text(stmt, 5, f->registration_number.value);
        st_bind_int64(stmt, 6, f->registered_on.set), st_bind_text(stmt, 7, f->registered_on.value);
        if (st_range_step(store, w, id, "cannot write the registration", err) != 0)
            return -1;
    }
    return 0;
}

/* On a shared registry an office writes only its cities' agreements: asked before the
 * write, so that the refusal says why (row-level security refuses it all the same). */
static int may_write(tr_store *store, int64_t id, tr_error *err)
{
    return st_store_pg(store) ? tr_office_may_write_agreement(store, id, err) : 0;
}

int tr_agreement_add_event(tr_store *store, int64_t id, const char *event, const char *on,
                           const char *note, tr_error *err)
{
    if (may_write(store, id, err) != 0)
        return -1;
    if (!event || strcmp(event, "amended") != 0)
        return tr_error_set(err, TR_REJECTED, "unknown agreement event '%s': expected amended",
                            event ? event : "");
    if (st_check_date(on, "event date", 1, err) != 0 ||
        st_check_text(note, "note", 1000, 0, err) != 0)
        return -1;
    agreement_row row;
    if (load_row(store, id, &row, err) != 0)
        return -1;
    int rc = check_order(store, 0, &row, on, err);
    row_release(&row);
    if (rc != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store,
                                "INSERT INTO agreement_events (agreement_id, event, "
                                "happened_on, note) VALUES (?1, ?2, ?3, ?4)",
                                err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    st_bind_text(stmt, 2, event);
    st_bind_text(stmt, 3, on);
    st_bind_text(stmt, 4, note && *note ? note : NULL);
    return st_step_done(store, stmt, "cannot record the event", err);
}

int tr_agreement_clear_events(tr_store *store, int64_t id, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, "DELETE FROM agreement_events WHERE agreement_id = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    return st_step_done(store, stmt, "cannot clear the events", err);
}

static void bind_values(st_stmt *stmt, const agreement_row *v, const char *key)
{
    st_bind_text(stmt, 2, v->kind);
    st_bind_text(stmt, 3, v->title);
    st_bind_text(stmt, 4, v->signed_on);
    st_bind_text(stmt, 5, v->in_force_on);
    st_bind_text(stmt, 6, v->expires_on);
    st_bind_text(stmt, 7, v->ended_on);
    st_bind_text(stmt, 8, v->end_reason);
    if (v->builds_on)
        st_bind_int64(stmt, 9, v->builds_on);
    st_bind_text(stmt, 10, key);
}

/* The values of a new agreement: the fields given, the default kind. */
static agreement_row new_row(const tr_agreement_fields *f)
{
    return (agreement_row){
        .kind = (char *)(f->kind.set && f->kind.value ? f->kind.value : TR_DEFAULT_KIND),
        .title = (char *)f->title.value,
        .signed_on = (char *)f->signed_on.value,
        .in_force_on = (char *)f->in_force_on.value,
        .expires_on = (char *)f->expires_on.value,
        .ended_on = (char *)f->ended_on.value,
        .end_reason = (char *)f->end_reason.value,
        .builds_on = f->set_builds_on ? f->builds_on : 0,
    };
}

/* Adds the agreement; with `known` (an import), an agreement that has its natural key
 * already is not an error: nothing is written, *known is set and *id is that one's. */
static int add(tr_store *store, const tr_agreement_fields *f, int64_t *id, int *known,
               int expect_match, tr_error *err)
{
    agreement_row v = new_row(f);
    tr_natural_key key;
    if (validate(store, 0, &v, f->parties, f->n_parties, f->parties_resolved, &key, err) != 0 ||
        (st_store_pg(store) && tr_office_may_add_agreement(store, key.parties_text, err) != 0))
        return -1;
    /* A server's failed statement aborts the whole transaction, so there the key is looked
     * up before the insert, not told by its failure (SQLite's way saves a lookup a row).
     * Under SERIALIZABLE the lookup also makes another writer's insert of the same key a
     * serialization failure, run again, rather than a duplicate. On SQLite too when the
     * caller expects a match (a list imported again): a refused insert writes the row,
     * fails on the index and undoes it, three times a lookup's cost. */
    if (known && (st_store_pg(store) || expect_match)) {
        if (tr_agreement_find_natural(store, f->parties, f->n_parties, v.kind, v.signed_on, id,
                                      err) != 0)
            return -1;
        if (*id)
            return *known = 1, 0;
    }
    st_range_write w = st_range_insert_stmt(
        store, st_sql_for(store, ST_AGREEMENT_INSERT_ONE, ST_AGREEMENT_INSERT_ONE_PG), err);
    st_stmt *stmt = w.stmt;
    if (!stmt)
        return -1;
    int64_t new_id;
    if (st_id_for_new_row(store, "agreements", f->want_id, &new_id, err) != 0)
        return -1;
    if (new_id)
        st_bind_int64(stmt, 1, new_id);
    bind_values(stmt, &v, key.parties_text);
    tr_error why;
    tr_error_init(&why);
    if (st_range_step_insert(store, w, id, "cannot add the agreement", &why) != 0) {
        /* The one unique index besides the id is the natural key's. */
        int duplicate = st_unique_violation(store);
        if (known && duplicate) {
            tr_error_release(&why);
            *known = 1;
            return tr_agreement_find_natural(store, f->parties, f->n_parties, v.kind, v.signed_on,
                                             id, err);
        }
        tr_error_set(err, why.status, "%s", why.message);
        tr_error_release(&why);
        return -1;
    }
    return write_parties(store, *id, 1, f->parties, f->n_parties, err) != 0
               ? -1
               : write_links(store, *id, f, err);
}

int tr_agreement_check_new(tr_store *store, const tr_agreement_fields *f, tr_natural_key *key,
                           tr_error *err)
{
    agreement_row v = new_row(f);
    return validate(store, 0, &v, f->parties, f->n_parties, f->parties_resolved, key, err);
}

int tr_agreement_add(tr_store *store, const tr_agreement_fields *f, int64_t *id, tr_error *err)
{
    return add(store, f, id, NULL, 0, err);
}

int tr_agreement_add_or_match(tr_store *store, const tr_agreement_fields *f, int64_t *id,
                              int *known, tr_error *err)
{
    int expect_match = *known;
    *known = 0;
    return add(store, f, id, known, expect_match, err);
}

static int load_parties(tr_store *store, int64_t id, int64_t *parties, size_t *n, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(
        store, "SELECT city_id FROM agreement_parties WHERE agreement_id = ?1 ORDER BY city_id",
        err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    *n = 0;
    while (st_step(stmt) == ST_ROW && *n < TR_MAX_PARTIES)
        parties[(*n)++] = st_column_int64(stmt, 0);
    st_reset(stmt);
    return 0;
}

int tr_agreement_update(tr_store *store, int64_t id, const tr_agreement_fields *f, tr_error *err)
{
    agreement_row cur;
    if (may_write(store, id, err) != 0 || load_row(store, id, &cur, err) != 0)
        return -1;
    agreement_row v = {
        .kind = (char *)(f->kind.set && f->kind.value ? f->kind.value : cur.kind),
        .title = (char *)pick(&f->title, cur.title),
        .signed_on = (char *)pick(&f->signed_on, cur.signed_on),
        .in_force_on = (char *)pick(&f->in_force_on, cur.in_force_on),
        .expires_on = (char *)pick(&f->expires_on, cur.expires_on),
        .ended_on = (char *)pick(&f->ended_on, cur.ended_on),
        .end_reason = (char *)pick(&f->end_reason, cur.end_reason),
        .builds_on = f->set_builds_on ? f->builds_on : cur.builds_on,
    };
    int64_t parties[TR_MAX_PARTIES];
    size_t n = 0;
    int rc = -1;
    if (f->n_parties) {
        n = f->n_parties <= TR_MAX_PARTIES ? f->n_parties : TR_MAX_PARTIES + 1;
        if (n <= TR_MAX_PARTIES)
            memcpy(parties, f->parties, n * sizeof *parties);
    } else if (load_parties(store, id, parties, &n, err) != 0) {
        goto done;
    }
    tr_natural_key key;
    if (n > TR_MAX_PARTIES) {
        tr_error_set(err, TR_REJECTED, "an agreement has at most %d parties", TR_MAX_PARTIES);
        goto done;
    }
    if (validate(store, id, &v, parties, n, f->parties_resolved, &key, err) != 0)
        goto done;
    st_range_write w = st_range_stmt(
        store,
        "UPDATE agreements SET kind = ?2, title = ?3, signed_on = ?4, in_force_on = ?5, expires_on "
        "= ?6, "
        "ended_on = ?7, end_reason = ?8, builds_on = ?9, parties_key = ?10 WHERE id = ?1",
        err);
    st_stmt *stmt = w.stmt;
    if (!stmt)
        goto done;
    st_bind_int64(stmt, 1, id);
    bind_values(stmt, &v, key.parties_text);
    if (st_range_step(store, w, id, "cannot update the agreement", err) != 0)
        goto done;
    /* The same parties again (an import matched by natural key) are left as they are. */
    int same_parties = cur.parties_key && strcmp(cur.parties_key, key.parties_text) == 0;
    rc = f->n_parties && !same_parties ? write_parties(store, id, 0, parties, n, err) : 0;
    if (rc == 0)
        rc = write_links(store, id, f, err);
done:
    row_release(&cur);
    return rc;
}

/* A field the caller sets that the row does not hold already. */
static int differs(const tr_opt_text *o, const char *current)
{
    return o->set && !st_same_text(o->value, current);
}

int tr_agreement_update_changes(tr_store *store, int64_t id, const tr_agreement_fields *f,
                                tr_error *err)
{
    if (f->set_frameworks || f->set_sources || f->registered_by.set || f->registration_number.set ||
        f->registered_on.set)
        return 1;
    agreement_row cur;
    if (load_row(store, id, &cur, err) != 0)
        return -1;
    int changed = (f->kind.set && f->kind.value && !st_same_text(f->kind.value, cur.kind)) ||
                  differs(&f->title, cur.title) || differs(&f->signed_on, cur.signed_on) ||
                  differs(&f->in_force_on, cur.in_force_on) ||
                  differs(&f->expires_on, cur.expires_on) || differs(&f->ended_on, cur.ended_on) ||
                  differs(&f->end_reason, cur.end_reason) ||
                  (f->set_builds_on && f->builds_on != cur.builds_on);
    if (!changed && f->n_parties) { /* the parties in any order: their key */
        tr_natural_key key;
        tr_error ignored;
        tr_error_init(&ignored);
        changed = f->n_parties > TR_MAX_PARTIES ||
                  tr_natural_key_make(&key, f->parties, f->n_parties, cur.kind, cur.signed_on,
                                      &ignored) != 0 ||
                  !st_same_text(cur.parties_key, key.parties_text);
        tr_error_release(&ignored);
    }
    row_release(&cur);
    return changed;
}

int tr_agreement_remove(tr_store *store, int64_t id, tr_error *err)
{
    if (may_write(store, id, err) != 0)
        return -1;
    st_stmt *stmt = st_stmt_get(store, "SELECT min(id) FROM agreements WHERE builds_on = ?1", err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    int64_t later = st_step(stmt) == ST_ROW ? st_column_int64(stmt, 0) : 0;
    st_reset(stmt);
    if (later)
        return tr_error_set(err, TR_REJECTED,
                            "cannot remove agreement %lld: agreement %lld builds on it",
                            (long long)id, (long long)later);
    st_range_write w = st_range_stmt(store, "DELETE FROM agreements WHERE id = ?1", err);
    stmt = w.stmt;
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    if (st_range_step(store, w, id, "cannot remove the agreement", err) != 0)
        return -1;
    if (st_changes(stmt) == 0)
        return tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found", (long long)id);
    return 0;
}

int tr_agreement_resolve(tr_store *store, const char *spec, int64_t *id, tr_error *err)
{
    long long v = st_parse_id(spec);
    if (v <= 0)
        return tr_error_set(err, TR_NOT_FOUND, "agreement '%s' not found: give its numeric id",
                            spec ? spec : "");
    int found = st_exists_id(store, "SELECT 1 FROM agreements WHERE id = ?1", v, err);
    if (found < 0)
        return -1;
    if (!found)
        return tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found", v);
    *id = v;
    return 0;
}

int tr_agreement_list_by_id(struct text *t, enum tr_agreement_list which, int64_t id, void *store,
                            tr_error *err)
{
    /* Rows as the merged export's queries give them, (agreement id, value...), for one id. */
    static const char *const sql[TR_AL_COUNT] = {
        [TR_AL_PARTIES] =
            "SELECT agreement_id, city_id FROM agreement_parties WHERE agreement_id = ?1 "
            "ORDER BY city_id",
        [TR_AL_FRAMEWORKS] = "SELECT agreement_id, framework_code FROM agreement_frameworks "
                             "WHERE agreement_id = ?1 ORDER BY framework_code",
        [TR_AL_SOURCES] =
            "SELECT CAST(?1 AS BIGINT), s.url FROM record_sources r JOIN sources s ON s.id = "
            "r.source_id "
            "WHERE r.record_type = 'agreement' AND r.record_key = CAST(CAST(?1 AS BIGINT) AS TEXT) "
            "ORDER BY s.url",
        [TR_AL_EVENTS] = "SELECT agreement_id, event, happened_on, note FROM agreement_events "
                         "WHERE agreement_id = ?1 ORDER BY happened_on, id",
        [TR_AL_SIGNATORIES] = "SELECT agreement_id, name, office FROM agreement_signatories "
                              "WHERE agreement_id = ?1 ORDER BY position",
        [TR_AL_APPROVALS] = "SELECT agreement_id, body, approved_on, decision_id FROM "
                            "agreement_approvals WHERE agreement_id = ?1 ORDER BY approved_on, id",
        [TR_AL_DECISIONS] = "SELECT agreement_id, decision_id, change, happened_on FROM "
                            "agreement_decisions WHERE agreement_id = ?1 ORDER BY id",
        [TR_AL_SUSPENSIONS] = "SELECT agreement_id, suspended_on, resumed_on, reason, source "
                              "FROM agreement_suspensions WHERE agreement_id = ?1 "
                              "ORDER BY suspended_on",
    };
    st_stmt *stmt = st_stmt_get(store, sql[which], err);
    if (!stmt)
        return -1;
    st_bind_int64(stmt, 1, id);
    tr_cursor row = {store, stmt, "cannot read the agreement", NULL};
    size_t begun = tr_agreement_list_begin(t, which);
    int rc, n = 0;
    while ((rc = st_step(stmt)) == ST_ROW) {
        if (n++)
            text_put_str(t, ",");
        tr_agreement_put_item(t, which, &row);
    }
    tr_agreement_list_end(t, which, begun, n);
    st_reset(stmt);
    return rc == ST_DONE ? 0 : st_fail(store, "cannot read the agreement", err);
}

/* The record, by the one serializer of twinreg/store/agreement_record.h, read back as
 * JSON: `agreement show` and the listings give exactly what an export writes. */
/* The record of the current row, written by the one serializer; `parse`: as jansson's
 * value, else as its text in a JSON string (tr_agreement_snapshot). */
static json_t *record_of_row(tr_store *store, st_stmt *stmt, int parse, tr_error *err)
{
    tr_cursor row = {store, stmt, "cannot read the agreement", NULL};
    struct text t = {0};
    json_t *rec = NULL;
    if (tr_agreement_write(&t, &row, 0, tr_agreement_list_by_id, store, err) == 0) {
        rec = t.failed ? NULL
              : parse  ? json_loadb(t.data, t.len, 0, NULL)
                       : json_stringn_nocheck(t.data, t.len);
        if (!rec)
            tr_error_set(err, TR_IO, "cannot read agreement %lld: out of memory or not UTF-8",
                         (long long)st_column_int64(stmt, TR_AC_ID));
    }
    free(t.data);
    return rec;
}

static json_t *record_from_row(tr_store *store, st_stmt *stmt, tr_error *err)
{
    return record_of_row(store, stmt, 1, err);
}

#define AGREEMENT_COLUMNS "SELECT id" TR_AGREEMENT_COLUMN_LIST " FROM agreements a "

static json_t *read_agreement(tr_store *store, int64_t id, int parse, tr_error *err)
{
    st_stmt *stmt = st_stmt_get(store, AGREEMENT_COLUMNS "WHERE id = ?1", err);
    if (!stmt)
        return NULL;
    st_bind_int64(stmt, 1, id);
    json_t *rec = NULL;
    int rc = st_step(stmt);
    if (rc == ST_ROW)
        rec = record_of_row(store, stmt, parse, err);
    else if (rc == ST_DONE)
        tr_error_set(err, TR_NOT_FOUND, "agreement %lld: not found", (long long)id);
    else
        st_fail(store, "cannot read the agreement", err);
    st_reset(stmt);
    return rec;
}

json_t *tr_agreement_record(tr_store *store, int64_t id, tr_error *err)
{
    return read_agreement(store, id, 1, err);
}

json_t *tr_agreement_snapshot(tr_store *store, int64_t id, tr_error *err)
{
    return read_agreement(store, id, 0, err);
}

int tr_agreement_list(tr_store *store, const tr_agreement_filter *f, tr_row_fn fn, void *ctx,
                      tr_error *err)
{
    static const char sql[] = AGREEMENT_COLUMNS
        "WHERE (CAST(?1 AS BIGINT) IS NULL OR id IN (SELECT agreement_id FROM agreement_parties "
        "WHERE city_id = ?1)) "
        "AND (CAST(?2 AS TEXT) IS NULL OR id IN (SELECT p.agreement_id FROM agreement_parties "
        "p JOIN cities c ON c.id = p.city_id WHERE c.country = ?2)) "
        "AND (CAST(?3 AS TEXT) IS NULL OR kind = ?3) "
        "AND (CAST(?4 AS TEXT) IS NULL OR id IN " ST_IN_FORCE_IDS(
            "?4") ") "
                  "AND (CAST(?5 AS TEXT) IS NULL OR " ST_EXPIRES_BETWEEN("?5",
                                                                         "?6") ") ORDER BY id";
    /* Chains are usually entered oldest first, but an update may point an agreement at a
     * later one: order by depth in the chain, then id, so references always come first. */
    static const char chain_sql[] =
        "WITH RECURSIVE depth(id, d) AS (SELECT id, 0 FROM agreements WHERE builds_on IS NULL "
        "UNION ALL SELECT a.id, depth.d + 1 FROM agreements a JOIN depth ON a.builds_on = "
        "depth.id) " AGREEMENT_COLUMNS "JOIN depth USING (id) ORDER BY depth.d, a.id";
    st_stmt *stmt = st_prepare_once(store, f->dependency_order ? chain_sql : sql, err);
    if (stmt && !f->dependency_order) { /* the chain order is for the whole registry: no filters */
        if (f->city)
            st_bind_int64(stmt, 1, f->city);
        st_bind_text(stmt, 2, f->country);
        st_bind_text(stmt, 3, f->kind);
        st_bind_text(stmt, 4, f->in_force_on);
        st_bind_text(stmt, 5, f->expiring_from);
        st_bind_text(stmt, 6, f->expiring_to);
    }
    return st_each_row(store, stmt, record_from_row, fn, ctx, "cannot list agreements", err);
}
