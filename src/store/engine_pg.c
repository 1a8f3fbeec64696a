/* The PostgreSQL backend of the statement API (engine.h): `?N` becomes `$N` when a
 * statement is prepared on the server, parameters travel as text, results are read from
 * the PGresult row by row, and failures are told by their SQLSTATE. */
#ifdef TWINREG_POSTGRESQL
#include "store/engine_pg.h"
#include "store/util.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs of pg_type (fixed by PostgreSQL; server headers are not libpq's). */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_UNKNOWN = 705,
    OID_NUMERIC = 1700,
};

/* Ids an importer numbers rows with, taken from a table's sequence a block at a time (one
 * round trip per ID_BLOCK rows, not per row): unique as every nextval is, forgotten when a
 * transaction begins and when a kept id moves that sequence. */
#define ID_BLOCK 64

struct st_pg {
    PGconn *conn;
    unsigned long statements; /* names them: twinreg_1, twinreg_2, ... */
    char sqlstate[6];
    char message[512];
    /* A COPY whose rows went without waiting for its outcome (copy_in), and whether one
     * failed: every later use of the connection fails then, until the rollback. */
    int copy_pending, copy_failed;
    struct {
        char table[32]; /* whose sequence; "": none */
        int64_t ids[ID_BLOCK];
        int n, next;
    } id_block;
    /* Whether COPY may load a table (copy_allowed), asked once per table per transaction:
     * a load sends its rows in a hundred COPYs at 100k agreements. */
    struct {
        char table[32];
        int allowed;
    } copy_rights[8];
    int copy_rights_known;
};

/* One parameter: its text is in `number`, in `copy` (grown, never shrunk), or the
 * caller's (bind_text_kept); NULL for SQL NULL. */
typedef struct {
    const char *value;
    Oid type; /* what was bound: int8, float8, or 0 for text and NULL */
    char number[32];
    char *copy;
    size_t cap;
} pg_param;

typedef struct {
    st_stmt base;
    st_pg *pg;
    char name[32];
    char *sql; /* with $N, for a run whose parameters need their types */
    int flags;
    int prepared; /* on the server */
    int nparams;
    pg_param *params;
    const char **values; /* what PQexecPrepared reads: params[i].value */
    Oid *server_types;   /* the types the server inferred for each parameter */
    Oid *bound_types;    /* what was bound, for a run that needs them */
    PGresult *described; /* its columns before it has run */
    PGresult *res;       /* the last run's rows, NULL before it runs */
    int row, rows;
    int streaming; /* ST_PREPARE_STREAM's run has results still to read */
    int64_t changes, inserted;
    unsigned char *blob; /* a bytea column of the current row, unescaped */
    size_t blob_len;
    int blob_col; /* which column blob holds */
} pg_stmt;

static pg_stmt *pg(st_stmt *s) { return (pg_stmt *)s; }

/* Keeps the failure of `res` (or of the connection when there is no result) for st_fail;
 * its message is the server's primary one, which names no connection parameter. */
static void remember_failure(st_pg *c, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    /* "The transaction is aborted" (25P02) only follows a failure: a caller that went on
     * after a read failed (a lookup taken as "none") must still be told the first one,
     * which may be a serialization failure to run again. */
    if (state && strcmp(state, "25P02") == 0 && c->sqlstate[0])
        return;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
    const char *why = primary ? primary : PQerrorMessage(c->conn);
    snprintf(c->message, sizeof c->message, "%.*s", (int)strcspn(why, "\n"), why);
}

static int result_ok(const PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* Reads the outcome of the COPY copy_in left running: 0, or -1 (its failure remembered)
 * when it failed, then and until the transaction is rolled back. */
static int settle_copy(st_pg *c)
{
    if (c->copy_pending) {
        c->copy_pending = 0;
        PGresult *res;
        while ((res = PQgetResult(c->conn)) != NULL) {
            if (!c->copy_failed && !result_ok(res))
                remember_failure(c, res), c->copy_failed = 1;
            PQclear(res);
        }
    }
    return c->copy_failed ? -1 : 0;
}

static void set_param(pg_stmt *s, int i, const char *value, Oid type)
{
    if (i < 1 || i > s->nparams) /* as SQLite, a bind out of range changes nothing */
        return;
    s->params[i - 1].value = value;
    s->params[i - 1].type = type;
}

static void bind_int64(st_stmt *st, int i, int64_t v)
{
    pg_stmt *s = pg(st);
    if (i < 1 || i > s->nparams)
        return;
    snprintf(s->params[i - 1].number, sizeof s->params[i - 1].number, "%" PRId64, v);
    set_param(s, i, s->params[i - 1].number, OID_INT8);
}

static void bind_double(st_stmt *st, int i, double v)
{
    pg_stmt *s = pg(st);
    if (i < 1 || i > s->nparams)
        return;
    char *out = s->params[i - 1].number;
    size_t cap = sizeof s->params[i - 1].number;
    /* float8in's own words for what printf spells inf and nan. */
    if (isnan(v))
        snprintf(out, cap, "NaN");
    else if (isinf(v))
        snprintf(out, cap, "%sInfinity", v < 0 ? "-" : "");
    else
        snprintf(out, cap, "%.17g", v);
    set_param(s, i, out, OID_FLOAT8);
}

static void bind_text(st_stmt *st, int i, const char *text)
{
    pg_stmt *s = pg(st);
    if (i < 1 || i > s->nparams)
        return;
    pg_param *p = &s->params[i - 1];
    size_t len = strlen(text) + 1;
    if (len > p->cap) {
        char *grown = realloc(p->copy, len);
        if (!grown) { /* out of memory: NULL, as SQLite binds nothing then */
            set_param(s, i, NULL, 0);
            return;
        }
        p->copy = grown;
        p->cap = len;
    }
    memcpy(p->copy, text, len);
    set_param(s, i, p->copy, 0);
}

static void bind_null(st_stmt *st, int i) { set_param(pg(st), i, NULL, 0); }
static void bind_text_kept(st_stmt *st, int i, const char *text) { set_param(pg(st), i, text, 0); }

/* A number bound where the server could only infer text (`SELECT ?1`): SQLite would give
 * the number back, so that run tells the server the number's type. */
static int needs_types(const pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++)
        if (s->params[i].type &&
            (s->server_types[i] == OID_TEXT || s->server_types[i] == OID_UNKNOWN))
            return 1;
    return 0;
}

static PGresult *execute(pg_stmt *s)
{
    for (int i = 0; i < s->nparams; i++)
        s->values[i] = s->params[i].value;
    if (!needs_types(s))
        return PQexecPrepared(s->pg->conn, s->name, s->nparams, s->values, NULL, NULL, 0);
    for (int i = 0; i < s->nparams; i++)
        s->bound_types[i] = s->params[i].type;
    return PQexecParams(s->pg->conn, s->sql, s->nparams, s->bound_types, s->values, NULL, NULL, 0);
}

/* Reads what a streamed run has not: the connection is free again only after its last
 * result. */
static void drain(pg_stmt *s)
{
    PGresult *res;
    while (s->streaming && (res = PQgetResult(s->pg->conn)) != NULL)
        PQclear(res);
    s->streaming = 0;
}

static void drop_result(pg_stmt *s)
{
    drain(s);
    PQclear(s->res);
    s->res = NULL;
    PQfreemem(s->blob);
    s->blob = NULL;
}

/* Rows a write changed; a SELECT leaves the count of the last write, as in SQLite. */
static void count_changes(pg_stmt *s)
{
    const char *status = PQcmdStatus(s->res);
    if (strncmp(status, "SELECT", 6) != 0)
        s->changes = strtoll(PQcmdTuples(s->res), NULL, 10);
}

/* Sends the run without waiting for its rows, then asks for them one result each. */
static int send_streamed(pg_stmt *s)
{
    PGconn *conn = s->pg->conn;
    for (int i = 0; i < s->nparams; i++)
        s->values[i] = s->params[i].value;
    int sent;
    if (!needs_types(s)) {
        sent = PQsendQueryPrepared(conn, s->name, s->nparams, s->values, NULL, NULL, 0);
    } else {
        for (int i = 0; i < s->nparams; i++)
            s->bound_types[i] = s->params[i].type;
        sent =
            PQsendQueryParams(conn, s->sql, s->nparams, s->bound_types, s->values, NULL, NULL, 0);
    }
    if (!sent || !PQsetSingleRowMode(conn)) {
        remember_failure(s->pg, NULL);
        return -1;
    }
    s->streaming = 1;
    return 0;
}

/* A streamed run: each row is a result of its own, then one without rows ends it. */
static int step_streamed(pg_stmt *s)
{
    if (s->res && !s->streaming) /* over: done until reset */
        return ST_DONE;
    if (!s->res && (settle_copy(s->pg) != 0 || send_streamed(s) != 0))
        return ST_ERROR;
    PQclear(s->res);
    s->res = PQgetResult(s->pg->conn);
    if (s->res && PQresultStatus(s->res) == PGRES_SINGLE_TUPLE) {
        s->row = 0, s->rows = 1;
        return ST_ROW;
    }
    int ok = s->res && PQresultStatus(s->res) == PGRES_TUPLES_OK;
    if (!ok) /* a failure after rows were read: the server's, or the connection's */
        remember_failure(s->pg, s->res);
    drain(s);
    if (!ok) {
        drop_result(s);
        return ST_ERROR;
    }
    s->row = s->rows = 0;
    return ST_DONE;
}

static int step(st_stmt *st)
{
    pg_stmt *s = pg(st);
    PQfreemem(s->blob);
    s->blob = NULL;
    if (s->flags & ST_PREPARE_STREAM)
        return step_streamed(s);
    if (!s->res) {
        if (settle_copy(s->pg) != 0)
            return ST_ERROR;
        s->res = execute(s);
        if (!s->res || !result_ok(s->res)) {
            remember_failure(s->pg, s->res);
            drop_result(s);
            return ST_ERROR;
        }
        s->row = -1;
        s->rows = PQntuples(s->res);
        count_changes(s);
        if (s->flags & ST_PREPARE_INSERT) { /* its one row is RETURNING id's, not the caller's */
            s->inserted = s->rows > 0 ? strtoll(PQgetvalue(s->res, 0, 0), NULL, 10) : 0;
            s->row = s->rows;
        }
    }
    if (s->row < s->rows)
        s->row++;
    return s->row < s->rows ? ST_ROW : ST_DONE;
}

static int in_row(pg_stmt *s, int col)
{
    return s->res && s->row >= 0 && s->row < s->rows && col >= 0 && col < PQnfields(s->res);
}

static st_type column_type(st_stmt *st, int col)
{
    pg_stmt *s = pg(st);
    if (!in_row(s, col) || PQgetisnull(s->res, s->row, col))
        return ST_NULL;
    switch (PQftype(s->res, col)) {
    case OID_INT8:
    case OID_INT4:
    case OID_INT2:
    case OID_BOOL:
        return ST_INTEGER;
    case OID_FLOAT8:
    case OID_FLOAT4:
    case OID_NUMERIC:
        return ST_REAL;
    case OID_BYTEA:
        return ST_BLOB;
    default:
        return ST_TEXT;
    }
}

static const char *column_text(st_stmt *st, int col)
{
    pg_stmt *s = pg(st);
    if (!in_row(s, col) || PQgetisnull(s->res, s->row, col))
        return NULL;
    return PQgetvalue(s->res, s->row, col);
}

static int64_t column_int64(st_stmt *st, int col)
{
    const char *text = column_text(st, col);
    if (!text)
        return 0;
    if (PQftype(pg(st)->res, col) == OID_BOOL) /* "t" or "f" */
        return *text == 't';
    return strtoll(text, NULL, 10);
}

/* strtod reads float8out's "Infinity", "-Infinity" and "NaN" too. */
static double column_double(st_stmt *st, int col)
{
    const char *text = column_text(st, col);
    return text ? strtod(text, NULL) : 0.0;
}

static const void *column_blob(st_stmt *st, int col)
{
    pg_stmt *s = pg(st);
    const char *text = column_text(st, col);
    if (!text)
        return NULL;
    if (PQftype(s->res, col) != OID_BYTEA)
        return text;
    /* The same column again (its size after its pointer, SQLite's order) keeps the pointer
     * given: unescaping it anew would free the one the caller still reads. */
    if (s->blob && s->blob_col == col)
        return s->blob;
    PQfreemem(s->blob);
    s->blob = PQunescapeBytea((const unsigned char *)text, &s->blob_len);
    s->blob_col = col;
    return s->blob;
}

static size_t column_bytes(st_stmt *st, int col)
{
    pg_stmt *s = pg(st);
    if (!in_row(s, col) || PQgetisnull(s->res, s->row, col))
        return 0;
    if (PQftype(s->res, col) == OID_BYTEA)
        return column_blob(st, col) ? s->blob_len : 0;
    return (size_t)PQgetlength(s->res, s->row, col);
}

static void reset(st_stmt *st) { drop_result(pg(st)); }

static void clear_bindings(st_stmt *st)
{
    pg_stmt *s = pg(st);
    for (int i = 0; i < s->nparams; i++)
        set_param(s, i + 1, NULL, 0);
}

static int64_t changes(st_stmt *st) { return pg(st)->changes; }
static int64_t inserted_id(st_stmt *st) { return pg(st)->inserted; }
static int param_count(st_stmt *st) { return pg(st)->nparams; }

/* Its columns are known before it runs, from the server's description. */
static const PGresult *columns(pg_stmt *s) { return s->res ? s->res : s->described; }
static int column_count(st_stmt *st) { return PQnfields(columns(pg(st))); }
static const char *column_name(st_stmt *st, int col)
{
    const PGresult *res = columns(pg(st));
    return col >= 0 && col < PQnfields(res) ? PQfname(res, col) : NULL;
}

static void finalize(st_stmt *st)
{
    pg_stmt *s = pg(st);
    drop_result(s);
    PQclear(s->described);
    /* A kept statement lives as long as the connection; one-off ones are dropped. */
    if (s->prepared && !(s->flags & ST_PREPARE_KEPT) && settle_copy(s->pg) == 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
        PQclear(PQexec(s->pg->conn, sql));
    }
    for (int i = 0; i < s->nparams; i++)
        free(s->params[i].copy);
    free(s->params);
    free(s->values);
    free(s->server_types);
    free(s->bound_types);
    free(s->sql);
    free(s);
}

static const st_stmt_methods pg_methods = {
    .bind_int64 = bind_int64,
    .bind_double = bind_double,
    .bind_text = bind_text,
    .bind_null = bind_null,
    .bind_text_kept = bind_text_kept,
    .step = step,
    .column_type = column_type,
    .column_int64 = column_int64,
    .column_double = column_double,
    .column_text = column_text,
    .column_blob = column_blob,
    .column_bytes = column_bytes,
    .reset = reset,
    .clear_bindings = clear_bindings,
    .changes = changes,
    .inserted_id = inserted_id,
    .param_count = param_count,
    .column_count = column_count,
    .column_name = column_name,
    .finalize = finalize,
};

/* `sql` with `?N` as `$N` outside quoted literals, identifiers and comments, and
 * ` RETURNING id` after an insert; *highest is the highest N. A bare `?` is numbered as
 * SQLite numbers it, one above the highest so far (the agreements' INSERT is written so).
 * NULL when out of memory, with *why set. */
static char *rewrite(const char *sql, int insert, int *highest, const char **why)
{
    static const char returning[] = " RETURNING id";
    size_t len = strlen(sql);
    /* A bare `?` (one byte) becomes `$N`: at most 6 bytes (the statement API's N < 10^5). */
    char *out = malloc(len * 6 + sizeof returning);
    *highest = 0;
    *why = "out of memory";
    if (!out)
        return NULL;
    char quote = 0; /* ' or " while inside one, - inside a line comment */
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = sql[i];
        if (quote == '-') {
            if (c == '\n')
                quote = 0;
        } else if (quote) {
            if (c == quote) /* a doubled quote closes and reopens: the same text */
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '-' && sql[i + 1] == '-') {
            quote = '-';
        } else if (c == '?') {
            if (sql[i + 1] < '0' || sql[i + 1] > '9') {
                o += (size_t)sprintf(out + o, "$%d", ++*highest);
                continue;
            }
            int n = atoi(sql + i + 1);
            if (n > *highest)
                *highest = n;
            c = '$';
        }
        out[o++] = c;
    }
    if (insert) {
        memcpy(out + o, returning, sizeof returning);
        o += sizeof returning - 1;
    }
    out[o] = '\0';
    return out;
}

static int set_failure(st_pg *c, const char *message, tr_error *err)
{
    c->sqlstate[0] = '\0';
    snprintf(c->message, sizeof c->message, "%s", message);
    return tr_error_set(err, TR_IO, "cannot prepare a query: %s", message);
}

/* Prepares it on the server, which checks it and tells its parameters' types. */
static int prepare_on_server(tr_store *store, pg_stmt *s, tr_error *err)
{
    PGconn *conn = s->pg->conn;
    if (settle_copy(s->pg) != 0)
        return st_pg_engine.fail(store, "cannot prepare a query", err);
    PGresult *res = PQprepare(conn, s->name, s->sql, 0, NULL);
    int ok = res && result_ok(res);
    if (!ok)
        remember_failure(s->pg, res);
    PQclear(res);
    if (!ok)
        return st_pg_engine.fail(store, "cannot prepare a query", err);
    s->prepared = 1;
    s->described = PQdescribePrepared(conn, s->name);
    if (!s->described || !result_ok(s->described)) {
        remember_failure(s->pg, s->described);
        return st_pg_engine.fail(store, "cannot prepare a query", err);
    }
    for (int i = 0; i < s->nparams && i < PQnparams(s->described); i++)
        s->server_types[i] = PQparamtype(s->described, i);
    return 0;
}

/* The arrays of `n` parameters (at least one, so that none is NULL); -1 when out of
 * memory, the old arrays kept for finalize. */
static int size_params(pg_stmt *s, int n)
{
    size_t k = (size_t)(n ? n : 1);
    pg_param *params = calloc(k, sizeof *params);
    const char **values = calloc(k, sizeof *values);
    Oid *server_types = calloc(k, sizeof *server_types), *bound = calloc(k, sizeof *bound);
    if (!params || !values || !server_types || !bound) {
        free(params), free(values), free(server_types), free(bound);
        return -1;
    }
    free(s->params), free(s->values), free(s->server_types), free(s->bound_types);
    s->params = params, s->values = values, s->server_types = server_types;
    s->bound_types = bound;
    s->nparams = n;
    return 0;
}

static st_stmt *prepare(tr_store *store, const char *sql, int flags, tr_error *err)
{
    st_pg *c = st_store_pg(store);
    pg_stmt *s = calloc(1, sizeof *s);
    const char *why = "out of memory";
    if (!s) {
        set_failure(c, why, err);
        return NULL;
    }
    s->base.m = &pg_methods;
    s->pg = c;
    s->flags = flags;
    snprintf(s->name, sizeof s->name, "twinreg_%lu", ++c->statements);
    s->sql = flags & ST_PREPARE_VERBATIM
                 ? strdup(sql)
                 : rewrite(sql, flags & ST_PREPARE_INSERT, &s->nparams, &why);
    if (!s->sql || size_params(s, s->nparams) != 0) {
        set_failure(c, why, err);
        finalize(&s->base);
        return NULL;
    }
    if (prepare_on_server(store, s, err) != 0) {
        finalize(&s->base);
        return NULL;
    }
    /* A user's text (sql --param made its :name $1, $2...) has the parameters the server
     * found in it, each of the type it inferred. */
    int found = flags & ST_PREPARE_VERBATIM ? PQnparams(s->described) : s->nparams;
    if (found != s->nparams && size_params(s, found) != 0) {
        set_failure(c, why, err);
        finalize(&s->base);
        return NULL;
    }
    for (int i = 0; i < found; i++)
        s->server_types[i] = PQparamtype(s->described, i);
    return &s->base;
}

static int is_state(const st_pg *c, const char *state) { return strcmp(c->sqlstate, state) == 0; }

/* Class 23 (integrity constraint) and 22 (data exception: a value of the wrong type or
 * size) are the data's fault, as SQLite's CONSTRAINT, MISMATCH and TOOBIG are. 42501
 * (insufficient privilege: a row-level security policy, a role refused) is the user's:
 * not allowed; P0002 is what migrations/postgresql's functions raise for a missing office
 * or role. */
static int fail(tr_store *store, const char *what, tr_error *err)
{
    st_pg *c = st_store_pg(store);
    if (st_pg_retryable(store))
        return tr_error_set(err, TR_IO, "%s: the database is busy (%s)", what, c->message);
    /* Rows of records checked before, not of the one at hand: a database failure. */
    if (c->copy_failed)
        return tr_error_set(err, TR_IO, "cannot load the rows: %s", c->message);
    int rejected = strncmp(c->sqlstate, "23", 2) == 0 || strncmp(c->sqlstate, "22", 2) == 0;
    tr_status status = rejected               ? TR_REJECTED
                       : is_state(c, "42501") ? TR_NOT_ALLOWED
                       : is_state(c, "P0002") ? TR_NOT_FOUND
                                              : TR_IO;
    return tr_error_set(err, status, "%s: %s", what, c->message);
}

static int unique_violation(tr_store *store) { return is_state(st_store_pg(store), "23505"); }

void st_pg_forget_failure(tr_store *store)
{
    st_pg *c = st_store_pg(store);
    c->sqlstate[0] = '\0';
    c->message[0] = '\0';
    c->id_block.table[0] = '\0'; /* called as a transaction begins */
    c->copy_rights_known = 0;
}

int st_pg_retryable(tr_store *store)
{
    st_pg *c = st_store_pg(store);
    return is_state(c, "40001") || is_state(c, "40P01");
}

/* The identity's sequence: NULL until it gave its first id. An id a writer chose (an
 * import's) does not move it: keep_id does. */
static int64_t sequence_of(tr_store *store, const char *table, tr_error *err)
{
    return st_int64_of_text(store,
                            "SELECT coalesce(pg_sequence_last_value(CAST(pg_get_serial_sequence("
                            "?1, 'id') AS regclass)), 0)",
                            table, err);
}

/* setval only ever up, in one statement. A sequence is outside transactions: a rollback
 * leaves it moved, so the ids it jumped stay unused (ids are never reused anyway). Another
 * writer's nextval between this statement's read and its setval could be given again; an
 * id is kept only by an import, and that writer's insert would then fail, never lose a
 * row (the primary key). */
static int keep_id(tr_store *store, const char *table, int64_t id, tr_error *err)
{
    st_stmt *stmt =
        st_stmt_get(store,
                    "SELECT setval(s, ?2) FROM (SELECT CAST(pg_get_serial_sequence(?1, 'id') AS "
                    "regclass) AS s) AS q WHERE coalesce(pg_sequence_last_value(s), 0) < ?2",
                    err);
    if (!stmt)
        return -1;
    st_pg *c = st_store_pg(store);
    if (strcmp(c->id_block.table, table) == 0)
        c->id_block.table[0] = '\0'; /* its ids may be below the kept one */
    st_bind_text(stmt, 1, table);
    st_bind_int64(stmt, 2, id);
    int rc = st_step(stmt);
    st_reset(stmt);
    return rc == ST_ROW || rc == ST_DONE ? 0 : fail(store, "cannot move the id counter", err);
}

static int64_t next_id(tr_store *store, const char *table, int ahead, tr_error *err)
{
    st_pg *c = st_store_pg(store);
    if (strcmp(c->id_block.table, table) != 0 || c->id_block.next == c->id_block.n) {
        st_stmt *stmt = st_stmt_get(store,
                                    "SELECT nextval(CAST(pg_get_serial_sequence(?1, 'id') AS "
                                    "regclass)) FROM generate_series(1, ?2)",
                                    err);
        if (!stmt)
            return 0;
        st_bind_text(stmt, 1, table);
        st_bind_int64(stmt, 2, ahead < 1 ? 1 : ahead > ID_BLOCK ? ID_BLOCK : ahead);
        int rc, n = 0;
        while ((rc = st_step(stmt)) == ST_ROW && n < ID_BLOCK)
            c->id_block.ids[n++] = st_column_int64(stmt, 0);
        st_reset(stmt);
        if (rc != ST_DONE || n == 0) {
            c->id_block.table[0] = '\0';
            return rc == ST_DONE ? 0 : (fail(store, "cannot number the new rows", err), 0);
        }
        snprintf(c->id_block.table, sizeof c->id_block.table, "%s", table);
        c->id_block.n = n, c->id_block.next = 0;
    }
    return c->id_block.ids[c->id_block.next++];
}

/* COPY refuses a table whose row-level security applies to the user (an office's member):
 * its rows then go by INSERT, which the policies check. */
static int copy_allowed(tr_store *store, const char *target, tr_error *err)
{
    st_pg *c = st_store_pg(store);
    char table[sizeof c->copy_rights[0].table];
    snprintf(table, sizeof table, "%.*s", (int)strcspn(target, " ("), target);
    for (int i = 0; i < c->copy_rights_known; i++)
        if (strcmp(c->copy_rights[i].table, table) == 0)
            return c->copy_rights[i].allowed;
    int64_t active = st_int64_of_text(
        store, "SELECT CASE WHEN row_security_active(CAST(?1 AS regclass)) THEN 1 ELSE 2 END",
        table, err);
    if (active < 0)
        return -1;
    const int max = (int)(sizeof c->copy_rights / sizeof c->copy_rights[0]);
    if (c->copy_rights_known < max) {
        memcpy(c->copy_rights[c->copy_rights_known].table, table, sizeof table);
        c->copy_rights[c->copy_rights_known++].allowed = active == 2;
    }
    return active == 2;
}

/* COPY target FROM STDIN: the rows in one message each way; the server checks every
 * constraint and fires the history's row triggers as for an INSERT. Its outcome is read
 * only when the connection is next used (settle_copy), so that the client reads and
 * checks the next records while the server loads these: at 100k agreements the two had
 * taken turns for 0.4 s of 4.5. A failure then fails that next use, the commit at last. */
static int copy_in(tr_store *store, const char *target, const char *rows, size_t len, tr_error *err)
{
    int allowed = copy_allowed(store, target, err);
    if (allowed <= 0)
        return allowed < 0 ? -1 : 1;
    st_pg *c = st_store_pg(store);
    if (settle_copy(c) != 0)
        return fail(store, "cannot load the rows", err);
    char sql[512];
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN", target);
    PGresult *res = PQexec(c->conn, sql);
    int ok = res && PQresultStatus(res) == PGRES_COPY_IN;
    if (!ok)
        remember_failure(c, res);
    PQclear(res);
    if (!ok)
        return fail(store, "cannot load the rows", err);
    int sent = len <= INT_MAX && PQputCopyData(c->conn, rows, (int)len) == 1;
    if (PQputCopyEnd(c->conn, sent ? NULL : "the rows could not be sent") != 1)
        sent = 0;
    c->copy_pending = 1;
    if (!sent) { /* the server ends the COPY with an error: read it now */
        if (settle_copy(c) == 0)
            remember_failure(c, NULL), c->copy_failed = 1;
        return fail(store, "cannot load the rows", err);
    }
    return 0;
}

const st_engine st_pg_engine = {.name = "postgresql",
                                .keep_id = keep_id,
                                .next_id = next_id,
                                .copy_in = copy_in,
                                .prepare = prepare,
                                .fail = fail,
                                .unique_violation = unique_violation,
                                .sequence_of = sequence_of,
                                .begin = st_pg_begin,
                                .begin_read = st_pg_begin_read,
                                .commit = st_pg_commit,
                                .rollback = st_pg_rollback,
                                .retryable = st_pg_retryable};

PGconn *st_pg_conn(tr_store *store) { return st_store_pg(store)->conn; }

const char *st_pg_database(tr_store *store) { return PQdb(st_pg_conn(store)); }

int st_pg_exec(tr_store *store, const char *sql, const char *what, tr_error *err)
{
    st_pg *c = st_store_pg(store);
    if (settle_copy(c) != 0)
        return fail(store, what, err);
    PGresult *res = PQexec(c->conn, sql);
    int ok = res && result_ok(res);
    if (!ok)
        remember_failure(c, res);
    PQclear(res);
    return ok ? 0 : fail(store, what, err);
}

void st_pg_end_copy(tr_store *store)
{
    st_pg *c = st_store_pg(store);
    settle_copy(c);
    c->copy_failed = 0;
}

void st_pg_free(st_pg *c)
{
    if (!c)
        return;
    PQfinish(c->conn);
    free(c);
}

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

int st_pg_store_open(tr_store **out, const char *conninfo, tr_error *err)
{
    *out = NULL;
    if (pg_lib_load(err) != 0)
        return -1;
    st_pg *c = calloc(1, sizeof *c);
    if (!c)
        return tr_error_set(err, TR_IO, "unable to connect to PostgreSQL: out of memory");
    /* Later keywords win over those of the expanded conninfo: the registry's text is
     * UTF-8 whatever the server's or the client's locale. */
    const char *const keys[] = {"dbname", "client_encoding", "application_name", NULL};
    const char *const values[] = {conninfo, "UTF8", "twinreg", NULL};
    c->conn = PQconnectdbParams(keys, values, 1);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
        const char *why = c->conn ? PQerrorMessage(c->conn) : "out of memory";
        tr_error_set(err, TR_IO, "unable to connect to PostgreSQL: %.*s", (int)strcspn(why, "\n"),
                     why);
        st_pg_free(c);
        return -1;
    }
    /* libpq prints the server's notices on stderr ("already exists, skipping"): twinreg
     * says itself what it did. */
    PQsetNoticeProcessor(c->conn, ignore_notice, NULL);
    *out = st_store_new(&st_pg_engine, c);
    if (!*out) {
        st_pg_free(c);
        return tr_error_set(err, TR_IO, "unable to connect to PostgreSQL: out of memory");
    }
    return 0;
}

int st_pg_failed_with(tr_store *store, const char *sqlstate)
{
    return is_state(st_store_pg(store), sqlstate);
}

const char *st_pg_sqlstate(tr_store *store) { return st_store_pg(store)->sqlstate; }

const char *st_pg_message(tr_store *store) { return st_store_pg(store)->message; }
#else
/* A build without libpq: nothing here (ISO C wants a declaration in every file). */
typedef int st_pg_absent;
#endif

int st_pg_run(const char *conninfo, int (*fn)(tr_store *, void *, tr_error *), void *data,
              tr_error *err)
{
    tr_store *store;
    if (st_pg_store_open(&store, conninfo, err) != 0)
        return -1;
    int rc = st_pg_exec(store, "BEGIN", "cannot begin", err);
    if (rc == 0)
        rc = fn(store, data, err);
    if (rc == 0)
        rc = st_pg_exec(store, "COMMIT", "cannot commit", err);
    else
        st_pg_exec(store, "ROLLBACK", "cannot roll back", NULL);
    tr_store_close(store);
    return rc;
}
