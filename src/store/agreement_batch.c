/* Bulk adds of new agreements: rows queued in memory, then written 64 at a time by one
 * multi-row INSERT for the agreements and one for their parties. A statement per row costs
 * its step, reset and program setup for each row; at a million agreements that was 3.3 s
 * of 10.5 s of inserts. Rows are new agreements of a table whose new rows the history
 * records by id range (st_range_step). On PostgreSQL they go by COPY (st_engine.copy_in),
 * whose rows the history's triggers record one by one, as an INSERT's. */
#include "store/bulk_parts.h"
#include "store/copy_text.h"
#include "store/id_counter.h"
#include "store/text_pool.h"
#include "store/util.h"
#include "twinreg/store/agreement_record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_ROWS 64
/* A COPY takes as many rows as come: on a server the queue holds more before it is written
 * (one COPY and one history statement per 2,048 agreements, not per 64). */
#define COPY_ROWS 2048
/* Those of ST_AGREEMENT_INSERT: the id, the record's inserted columns, the parties key. */
#define COLUMNS (TR_AGREEMENT_INSERTED + 2)
/* The text columns among them: kind .. end_reason, parties_key. */
#define TEXTS (TR_AGREEMENT_INSERTED_TEXTS + 1)
#define PARTY_ROWS (BATCH_ROWS * 2)

struct queued {
    int64_t id;
    size_t text[TEXTS]; /* offsets in the batch's texts; ST_NO_TEXT for NULL */
    size_t first_party, n_parties;
};

struct tr_agreement_batch {
    tr_store *store;
    struct queued rows[COPY_ROWS];
    size_t n;
    int64_t (*parties)[2]; /* (agreement id, city id) of the queued rows */
    size_t n_parties, cap_parties;
    st_text_pool texts;
    st_range_write many_rows, many_parties; /* BATCH_ROWS and PARTY_ROWS rows a statement */
    st_copy_rows copy;                      /* the rows for the engine's COPY */
    int no_copy; /* the engine has none, or refused it for the agreements */
};

tr_agreement_batch *tr_agreement_batch_new(tr_store *store)
{
    tr_agreement_batch *b = calloc(1, sizeof *b);
    if (b) {
        b->store = store;
        b->no_copy = !st_engine_of(store)->copy_in;
    }
    return b;
}

void tr_agreement_batch_free(tr_agreement_batch *b)
{
    if (!b)
        return;
    st_finalize(b->many_rows.stmt);
    st_finalize(b->many_parties.stmt);
    free(b->parties);
    st_text_pool_free(&b->texts);
    st_copy_free(&b->copy);
    free(b);
}

/* A statement inserting `rows` rows of `columns` placeholders after `head`. */
static st_range_write prepare_rows(tr_store *store, const char *head, int rows, int columns,
                                   tr_error *err)
{
    size_t cap = strlen(head) + (size_t)rows * ((size_t)columns * 3 + 4) + 1;
    char *sql = malloc(cap);
    if (!sql) {
        tr_error_set(err, TR_IO, "out of memory");
        return (st_range_write){NULL, 0};
    }
    size_t len = (size_t)snprintf(sql, cap, "%s", head);
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < columns; c++)
            len += (size_t)snprintf(sql + len, cap - len, "%s?%s",
                                    c   ? ""
                                    : r ? ",("
                                        : "(",
                                    c == columns - 1 ? ")" : ",");
    st_range_write w = st_range_prepare(store, sql, err);
    free(sql);
    return w;
}

int tr_agreement_batch_add(tr_agreement_batch *b, int64_t id, const tr_agreement_fields *f,
                           const tr_natural_key *key, tr_error *err)
{
    if (b->n == (b->no_copy ? BATCH_ROWS : COPY_ROWS) && tr_agreement_batch_flush(b, err) != 0)
        return -1;
    if (f->n_parties > TR_MAX_PARTIES)
        return tr_error_set(err, TR_REJECTED, "an agreement has at most %d parties",
                            TR_MAX_PARTIES);
    struct queued *q = &b->rows[b->n];
    q->id = id;
    st_ids_kept(b->store, "agreements", id); /* the importer numbered it, not the engine */
    const char *texts[TEXTS] = {
        key->kind,           f->title.value,    key->signed_on,      f->in_force_on.value,
        f->expires_on.value, f->ended_on.value, f->end_reason.value, key->parties_text};
    for (int t = 0; t < TEXTS; t++)
        if (st_text_pool_keep(&b->texts, texts[t], &q->text[t]) != 0)
            return tr_error_set(err, TR_IO, "out of memory");
    if (b->n_parties + f->n_parties > b->cap_parties) {
        size_t cap = (b->n_parties + f->n_parties) * 2;
        int64_t(*grown)[2] = realloc(b->parties, cap * sizeof *grown);
        if (!grown)
            return tr_error_set(err, TR_IO, "out of memory");
        b->parties = grown, b->cap_parties = cap;
    }
    q->first_party = b->n_parties;
    q->n_parties = f->n_parties;
    for (size_t i = 0; i < f->n_parties; i++) {
        b->parties[b->n_parties][0] = id;
        b->parties[b->n_parties++][1] = f->parties[i];
    }
    b->n++;
    return 0;
}

static void bind_text_at(st_stmt *stmt, int index, const tr_agreement_batch *b, size_t offset)
{
    if (offset == ST_NO_TEXT)
        st_bind_null(stmt, index);
    else /* the buffer stays put until the statement has run */
        st_bind_text_kept(stmt, index, st_text_pool_at(&b->texts, offset));
}

/* Binds queued row `q` at row position `r` of a statement (columns numbered from 1). */
static void bind_row(st_stmt *stmt, int r, const tr_agreement_batch *b, const struct queued *q)
{
    int base = r * COLUMNS;
    st_bind_int64(stmt, base + 1, q->id);
    for (int t = 0; t < TEXTS - 1; t++) /* kind .. end_reason: columns 2..8 */
        bind_text_at(stmt, base + 2 + t, b, q->text[t]);
    st_bind_null(stmt, base + 9); /* builds_on: such agreements are not batched */
    bind_text_at(stmt, base + 10, b, q->text[TEXTS - 1]);
}

static int write_rows(tr_agreement_batch *b, tr_error *err)
{
    static const char *const one_row = ST_AGREEMENT_INSERT_ONE;
    if (b->n == BATCH_ROWS) {
        if (!b->many_rows.stmt &&
            !(b->many_rows = prepare_rows(b->store, ST_AGREEMENT_INSERT, BATCH_ROWS, COLUMNS, err))
                 .stmt)
            return -1;
        for (size_t r = 0; r < b->n; r++)
            bind_row(b->many_rows.stmt, (int)r, b, &b->rows[r]);
        int rc =
            st_range_step(b->store, b->many_rows, ST_NEW_ROW, "cannot add the agreements", err);
        st_clear_bindings(b->many_rows.stmt);
        return rc;
    }
    for (size_t r = 0; r < b->n; r++) { /* the last, partial batch: a row at a time */
        st_range_write w = st_range_stmt(b->store, one_row, err);
        if (!w.stmt)
            return -1;
        bind_row(w.stmt, 0, b, &b->rows[r]);
        int rc = st_range_step(b->store, w, ST_NEW_ROW, "cannot add the agreements", err);
        st_clear_bindings(w.stmt);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int write_parties(tr_agreement_batch *b, tr_error *err)
{
    static const char *const one_party =
        "INSERT INTO agreement_parties (agreement_id, city_id) VALUES (?, ?)";
    size_t i = 0;
    while (i < b->n_parties) {
        int many = b->n_parties - i >= PARTY_ROWS;
        if (many && !b->many_parties.stmt &&
            !(b->many_parties = prepare_rows(
                  b->store, "INSERT INTO agreement_parties (agreement_id, city_id) VALUES ",
                  PARTY_ROWS, 2, err))
                 .stmt)
            return -1;
        st_range_write w = many ? b->many_parties : st_range_stmt(b->store, one_party, err);
        if (!w.stmt)
            return -1;
        int rows = many ? PARTY_ROWS : 1;
        for (int r = 0; r < rows; r++, i++) {
            st_bind_int64(w.stmt, 2 * r + 1, b->parties[i][0]);
            st_bind_int64(w.stmt, 2 * r + 2, b->parties[i][1]);
        }
        if (st_range_step(b->store, w, ST_NEW_ROW, "cannot write the parties", err) != 0)
            return -1;
    }
    return 0;
}

/* The queued agreements by COPY, in ST_AGREEMENT_INSERT's columns: 0, 1 when the engine
 * cannot load the table so, -1 with err. */
static int copy_rows(tr_agreement_batch *b, tr_error *err)
{
    st_copy_clear(&b->copy);
    int failed = 0;
    for (size_t r = 0; r < b->n; r++) {
        const struct queued *q = &b->rows[r];
        failed |= st_copy_int(&b->copy, q->id, 0);
        for (int t = 0; t < TEXTS - 1; t++) /* kind .. end_reason */
            failed |= st_copy_text(&b->copy, st_text_pool_at(&b->texts, q->text[t]), 0);
        failed |= st_copy_text(&b->copy, NULL, 0); /* builds_on: such are not batched */
        failed |= st_copy_text(&b->copy, st_text_pool_at(&b->texts, q->text[TEXTS - 1]), 1);
    }
    if (failed)
        return tr_error_set(err, TR_IO, "out of memory");
    return st_engine_of(b->store)->copy_in(
        b->store, "agreements (id" TR_AGREEMENT_INSERTED_LIST ", parties_key)", b->copy.data,
        b->copy.len, err);
}

static int copy_parties(tr_agreement_batch *b, tr_error *err)
{
    st_copy_clear(&b->copy);
    int failed = 0;
    for (size_t i = 0; i < b->n_parties; i++)
        failed |=
            st_copy_int(&b->copy, b->parties[i][0], 0) | st_copy_int(&b->copy, b->parties[i][1], 1);
    if (failed)
        return tr_error_set(err, TR_IO, "out of memory");
    return st_engine_of(b->store)->copy_in(b->store, "agreement_parties (agreement_id, city_id)",
                                           b->copy.data, b->copy.len, err);
}

/* The agreements first: their parties' foreign key names them. A table the engine will
 * not COPY into takes the multi-row INSERTs. */
static int write_queued(tr_agreement_batch *b, tr_error *err)
{
    int rc = b->no_copy ? 1 : copy_rows(b, err);
    if (rc == 1)
        b->no_copy = 1, rc = write_rows(b, err);
    if (rc != 0)
        return -1;
    rc = b->no_copy ? 1 : copy_parties(b, err);
    return rc == 1 ? write_parties(b, err) : rc;
}

int tr_agreement_batch_flush(tr_agreement_batch *b, tr_error *err)
{
    if (!b || b->n == 0)
        return 0;
    int rc = write_queued(b, err);
    b->n = b->n_parties = 0;
    st_text_pool_clear(&b->texts);
    return rc;
}
