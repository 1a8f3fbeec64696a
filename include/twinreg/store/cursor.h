/* Reading rows by name: a caller outside the store says WHAT it reads (an enum member
 * per query), never how; the store holds the query for each engine. A cursor stands on
 * one row at a time, and its values stay valid until the next step: no allocation per
 * row, for the exports' fast paths. */
#ifndef TWINREG_CURSOR_H
#define TWINREG_CURSOR_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "twinreg/core/error.h"
#include "twinreg/store/store.h"

typedef struct tr_cursor tr_cursor;

/* The named queries; each comment gives its columns. */
enum tr_query {
    /* One row: 1 when some agreement builds on a later one (the export then writes
     * agreements in chain order), else 0. */
    TR_Q_AGREEMENTS_BUILD_FORWARD,
    /* Agreements by id: the columns of twinreg/store/agreement_record.h, id first. */
    TR_Q_AGREEMENTS,
    /* The same in chain order: each after the one it builds on. */
    TR_Q_AGREEMENTS_CHAINED,
    /* The lists of agreements, by agreement id: (agreement id, value...). */
    TR_Q_PARTY_IDS,    /* city id, in city id order */
    TR_Q_PARTY_PLACES, /* city name, country, region, lat, lon, wikidata, in city id order */
    TR_Q_FRAMEWORK_CODES,
    TR_Q_SOURCE_URLS,
    TR_Q_EVENTS,         /* event, happened_on, note */
    TR_Q_SUSPENSIONS,    /* suspended_on, resumed_on, reason, source */
    TR_Q_SIGNATORIES,    /* name, office, in the order given */
    TR_Q_APPROVALS,      /* body, approved_on, decision id */
    TR_Q_DECISION_LINKS, /* decision id, change, happened_on */
    /* Cities with coordinates by id: id, name, country, region, wikidata, lon, lat. */
    TR_Q_LOCATED_CITIES,
    /* Every city by id, the same columns (lon and lat null where unknown). */
    TR_Q_CITIES,
    /* Agreements by id for a map: id, the columns agreement_record.h marks geojson, and
     * their parties as a JSON array of {id, name, country, lon, lat}. */
    TR_Q_AGREEMENTS_WITH_PLACES,
    TR_QUERIES
};

/* The kind of a value of the current row. */
enum tr_value_kind { TR_VALUE_NULL, TR_VALUE_INT, TR_VALUE_REAL, TR_VALUE_TEXT, TR_VALUE_BLOB };

/* Opens query `q`; errors (now and while stepping) say `what` ("cannot export"). */
int tr_cursor_open(tr_store *store, enum tr_query q, const char *what, tr_cursor **out,
                   tr_error *err);
/* Steps to the next row: 1 on a row, 0 at the end, -1 on error: err set, unless a limit
 * of `sql` stopped it (tr_sql_limit_reached says which; the caller words it). */
int tr_cursor_next(tr_cursor *c, tr_error *err);
/* The current row's values; text is NUL-terminated UTF-8 (NULL for a null value). */
enum tr_value_kind tr_cursor_kind(tr_cursor *c, int col);
int64_t tr_cursor_int(tr_cursor *c, int col);
const char *tr_cursor_text(tr_cursor *c, int col);
size_t tr_cursor_bytes(tr_cursor *c, int col);
/* A value as JSON, as tr_column_json makes it (new reference; NULL when out of memory). */
json_t *tr_cursor_json(tr_cursor *c, int col);
int tr_cursor_columns(tr_cursor *c);
/* The name a query gives its column `col`. */
const char *tr_cursor_column_name(tr_cursor *c, int col);
void tr_cursor_close(tr_cursor *c);

/* The names of up to `max` cities that start with `prefix` (byte for byte), in name
 * order, each handed to fn: for shell completion. */
int tr_city_names_with_prefix(tr_store *store, const char *prefix, int max,
                              void (*fn)(const char *name, void *ctx), void *ctx, tr_error *err);

/* `sql`: the user's one read-only statement on a store from tr_store_open_reader, under
 * an authorizer that allows reading and nothing else, in defensive mode, with no
 * extension loading, and within its limits of time spent inside the engine (not writing
 * the output) and of memory. A text that holds no statement, more than one, or one that
 * would write, is refused with TR_REJECTED. */
struct tr_sql_limits {
    long timeout;    /* seconds, 0: none */
    long max_memory; /* MB, 0: none */
};
/* Values for the query's named parameters (`:name`; on SQLite `@name` and `$name` too),
 * each bound as text, never pasted into the query. Every parameter of the query needs a
 * value and every value a parameter (TR_USAGE otherwise: a typo is not ignored). */
struct tr_sql_params {
    const char *const *names; /* without the ':' */
    const char *const *values;
    size_t n;
};
int tr_sql_open(tr_store *reader, const char *query, const struct tr_sql_limits *limits,
                const struct tr_sql_params *params, tr_cursor **out, tr_error *err);
/* After tr_cursor_next failed: which limit stopped the query, if one did. */
enum tr_sql_limit { TR_SQL_WITHIN_LIMITS, TR_SQL_PAST_TIME, TR_SQL_PAST_MEMORY };
enum tr_sql_limit tr_sql_limit_reached(tr_cursor *c);

#endif
