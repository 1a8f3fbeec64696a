#!/usr/bin/env bash
# The PostgreSQL migrations (migrations/postgresql/) against SQLite's schema/schema.sql:
# applied with psql in one transaction on a throwaway cluster, they give the same tables
# and views with the same columns in the same order, the same types and NOT NULLs, and the
# same named indexes; their constraints refuse what SQLite's refuse, and the view
# agreement_days computes the same days. Known differences: how the history holds changes
# (SQLite's session changesets and ranges; on PostgreSQL, row images written by triggers:
# the entries themselves, `history`, have the same columns on both); and the offices (migrations/postgresql/0005_offices.sql), PostgreSQL's alone: they are
# its roles, and a SQLite registry has one writer.
# Usage: bash tests/pg/schema.sh SOURCE_DIR
set -euo pipefail
src=$1
here=$(cd "$(dirname "$0")" && pwd)
HISTORY="'history', 'history_changes', 'history_ranges'"
# PostgreSQL's own history: row images written by triggers (0004_history.sql,
# tests/pg/history.sh). The entries themselves (`history`) have the same columns on both.
PG_HISTORY="'history', 'history_rows'"
OFFICES="'offices', 'office_cities'"
fail=0
checks=0

work=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg-schema.XXXXXX")
chmod 755 "$work" # the server (user postgres) reaches its folder inside
cluster="$work/cluster"
# The cluster is stopped and every file removed however the test ends.
trap 'bash "$here/cluster.sh" stop "$cluster"; rm -rf "$work"' EXIT
pg=$(bash "$here/cluster.sh" start "$cluster")
psql_do() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$pg" "$@"; }
lite="$work/registry.db"
sqlite3 -bail "$lite" <"$src/schema/schema.sql"

same() { # WHAT EXPECTED(SQLite) GOT(PostgreSQL)
    checks=$((checks + 1))
    if [ "$2" = "$3" ]; then
        echo "ok: $1"
    else
        echo "FAIL: $1 differ (< SQLite, > PostgreSQL):"
        diff <(echo "$2") <(echo "$3") || true
        fail=1
    fi
}

# All migrations in one transaction, as the engine will apply them: one error, no schema.
cat "$src"/migrations/postgresql/[0-9][0-9][0-9][0-9]_*.sql | psql_do -1 -f - >/dev/null

# table|column|type|not null, in column order; views' columns untyped (SQLite has none).
lite_columns=$(sqlite3 -separator '|' "$lite" "
    SELECT m.name, p.name,
           CASE WHEN m.type = 'view' THEN '-'
                ELSE CASE p.type WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
                                 WHEN 'REAL' THEN 'double precision' ELSE p.type END END,
           CASE WHEN m.type = 'view' THEN '-' ELSE (p.[notnull] OR p.pk > 0) END
    FROM sqlite_schema AS m, pragma_table_info(m.name) AS p
    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
      AND m.name NOT IN ('history_changes', 'history_ranges')
    ORDER BY m.name, p.cid")
pg_columns=$(psql_do -F '|' -c "
    SELECT c.table_name, c.column_name,
           CASE WHEN t.table_type = 'VIEW' THEN '-' ELSE c.data_type END,
           CASE WHEN t.table_type = 'VIEW' THEN '-'
                WHEN c.is_nullable = 'NO' THEN '1' ELSE '0' END
    FROM information_schema.columns AS c
    JOIN information_schema.tables AS t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND c.table_name NOT IN ('history_rows', $OFFICES)
    ORDER BY c.table_name COLLATE \"C\", c.ordinal_position")
same "tables, views and their columns" "$lite_columns" "$pg_columns"

# Named indexes. SQLite's inline PRIMARY KEY and UNIQUE have no name (autoindexes), nor
# do their PostgreSQL counterparts (constraints, with generated names), left out but for
# the natural key: a named unique index on SQLite, a named constraint on PostgreSQL.
lite_indexes=$(sqlite3 -separator '|' "$lite" "
    SELECT tbl_name, name FROM sqlite_schema
    WHERE type = 'index' AND sql IS NOT NULL AND tbl_name NOT IN ($HISTORY)
    ORDER BY tbl_name, name")
pg_indexes=$(psql_do -F '|' -c "
    SELECT tablename, indexname FROM pg_indexes
    WHERE schemaname = 'public' AND tablename NOT IN ($PG_HISTORY, $OFFICES) AND indexname NOT IN (
        SELECT conname FROM pg_constraint
        WHERE contype IN ('p', 'u') AND conname <> 'agreements_natural_key')
    ORDER BY tablename COLLATE \"C\", indexname COLLATE \"C\"")
same "named indexes" "$lite_indexes" "$pg_indexes"

# Foreign keys: table|column|referenced table|on delete.
lite_fks=$(sqlite3 -separator '|' "$lite" "
    SELECT m.name, f.[from], f.[table], f.on_delete
    FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f
    WHERE m.type = 'table' AND m.name NOT IN ($HISTORY)
    ORDER BY 1, 2")
pg_fks=$(psql_do -F '|' -c "
    SELECT k.table_name, k.column_name, u.table_name,
           CASE r.delete_rule WHEN 'NO ACTION' THEN 'NO ACTION' ELSE r.delete_rule END
    FROM information_schema.referential_constraints AS r
    JOIN information_schema.key_column_usage AS k USING (constraint_schema, constraint_name)
    JOIN information_schema.constraint_table_usage AS u USING (constraint_schema, constraint_name)
    WHERE r.constraint_schema = 'public' AND k.table_name NOT IN ($PG_HISTORY, $OFFICES)
    ORDER BY k.table_name COLLATE \"C\", k.column_name COLLATE \"C\"")
same "foreign keys" "$lite_fks" "$pg_fks"

# The same rows into both: the view's days must agree (partial dates, an end before the
# expiry and after it, the last day SQLite's date() can give).
rows="
INSERT INTO cities (name, name_key, country) VALUES ('Seoul', 'seoul', 'KR'),
    ('Mexico City', 'mexico city', 'MX');
INSERT INTO agreements (parties_key, signed_on, in_force_on, expires_on, ended_on) VALUES
    ('1,2', '1992', NULL, NULL, NULL),
    ('1,2', '2010-05', '2010-06-01', '2015-02', NULL),
    ('1,2', '2012-02-28', NULL, '2016-02-28', '2014'),
    ('1,2', '2013', NULL, '2013-12-31', '2014-03-05'),
    ('1,2', '2014', NULL, '9999-12-31', '2020'),
    ('1,2', '2015', NULL, '9999-12-31', NULL),
    ('1,2', NULL, NULL, NULL, '2001-07');
SELECT id, coalesce(start_day, 'NULL'), coalesce(stop_day, 'NULL')
FROM agreement_days ORDER BY id;"
same "agreement_days" "$(sqlite3 -bail -separator '|' "$lite" "$rows")" \
    "$(psql_do -F '|' -1 -c "$rows" 2>&1)"

# What the constraints refuse (each in its own transaction, all refused on both engines).
refused=(
    "INSERT INTO cities (name, name_key, country) VALUES ('Paris', 'paris', 'fr')"
    "INSERT INTO cities (name, name_key, country) VALUES ('', 'x', 'FR')"
    "INSERT INTO cities (name, name_key, country, lat) VALUES ('Lyon', 'lyon', 'FR', 45.7)"
    "INSERT INTO cities (name, name_key, country, wikidata) VALUES ('Nice', 'nice', 'FR', 'Q01')"
    "INSERT INTO cities (name, name_key, country) VALUES ('SEOUL', 'seoul', 'KR')"
    "INSERT INTO agreements (parties_key) VALUES ('1,2')"
    "INSERT INTO agreements (parties_key, signed_on) VALUES ('1,2', '1992')"
    "INSERT INTO agreements (parties_key, signed_on) VALUES ('1,2', '1992-5')"
    "INSERT INTO agreements (parties_key, kind) VALUES ('1,3', 'twinning')"
    "INSERT INTO agreements (parties_key) VALUES ('1')"
    "INSERT INTO agreements (parties_key, builds_on) VALUES ('1,3', 99)"
    "INSERT INTO agreement_parties (agreement_id, city_id) VALUES (1, 99)"
    "INSERT INTO city_aliases (city_id, name, name_key, lang) VALUES (1, 'S', 's', 'k o')"
    "INSERT INTO frameworks (code, title, jurisdiction, adopted_on) VALUES ('a b', 't', 'MX', '1992')"
    "INSERT INTO frameworks (code, title, jurisdiction, adopted_on) VALUES ('L', 't', 'EU1', '1992')"
    "INSERT INTO participation (program_id, city_id, year) VALUES (1, 1, 0)"
)
# And their near misses, accepted on both: a refusal above is the rule's, not a typo's.
accepted=(
    "INSERT INTO cities (name, name_key, country, lat, lon, wikidata)
     VALUES ('Paris', 'paris', 'FR', 48.9, 2.35, 'Q90')"
    "INSERT INTO agreements (parties_key, kind, signed_on) VALUES ('1,2', 'friendship', '1992')"
    "INSERT INTO agreements (parties_key, builds_on) VALUES ('1,3', 1)"
    "INSERT INTO city_aliases (city_id, name, name_key, lang) VALUES (1, 'S', 's', 'ko-KR')"
    "INSERT INTO frameworks (code, title, jurisdiction, adopted_on)
     VALUES ('L(1)/a.b-c_', 't', 'INT', '1992-05-30')"
)
outcome() { # WANT SQL...: each statement's outcome on SQLite and on PostgreSQL
    local want=$1 sql l p
    shift
    for sql in "$@"; do
        l=accepted
        p=accepted
        sqlite3 -bail "$lite" "PRAGMA foreign_keys = ON; $sql" >/dev/null 2>&1 || l=refused
        psql_do -c "$sql" >/dev/null 2>&1 || p=refused
        same "$want on both: $sql" "$want $want" "$l $p"
    done
}
outcome refused "${refused[@]}"
outcome accepted "${accepted[@]}"

echo "$checks checks"
[ "$checks" -ge 25 ] || { echo "FAIL: fewer checks than the test has"; fail=1; }
exit $fail
