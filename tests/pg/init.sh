#!/usr/bin/env bash
# `twinreg init` on a PostgreSQL server (TWINREG_TEST_PG, set by with_cluster.sh): it
# creates migrations/postgresql's schema in one transaction and records its version; a
# second init changes nothing; a newer version is refused untouched with SQLite's words;
# the commands the engine does not run yet say so (exit 5; those it runs: engines.sh).
# Usage: bash tests/pg/with_cluster.sh bash tests/pg/init.sh TWINREG
set -euo pipefail
tw=$1
pg=$TWINREG_TEST_PG
work=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg-init.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
# The newest migration's number: the version init must record.
latest=$(find "$(dirname "$0")/../../migrations/postgresql" -name '[0-9][0-9][0-9][0-9]_*.sql' \
    -printf '%f\n' | sort | tail -n 1 | cut -c1-4 | sed 's/^0*//')

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# The schema as the catalog tells it (tables, columns, types) and the version row with
# its transaction id: a rewrite of either shows.
snapshot() {
    sql "SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY 1, 2"
    sql "SELECT version, xmin FROM twinreg_schema_version"
}

run --db "$pg" init
same "init: exit" 0 "$rc"
same "init: says the version" "twinreg: database ready (schema version $latest)" "$err"
same "init: the version recorded" "$latest" "$(sql 'SELECT version FROM twinreg_schema_version')"
same "init: the registry's tables" "cities sources" \
    "$(sql "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables
            WHERE tablename IN ('cities', 'sources')")"

sql "INSERT INTO sources (url) VALUES ('https://a.example/')"
before=$(snapshot)
run --db "$pg" init
same "second init: exit" 0 "$rc"
same "second init: says the version, nothing else" \
    "twinreg: database ready (schema version $latest)" "$err"
same "second init: schema and version row unchanged" "$before" "$(snapshot)"
same "second init: the data kept" 1 "$(sql 'SELECT count(*) FROM sources')"

sql "UPDATE twinreg_schema_version SET version = 99"
before=$(snapshot)
run --db "$pg" init
same "newer version: exit" 5 "$rc"
same "newer version: SQLite's message" \
    "twinreg: cannot open database 'twinreg': its schema version 99 is newer than this program's ($latest)" \
    "$err"
same "newer version: left untouched" "$before" "$(snapshot)"

# One transaction: a schema where the last migration cannot run (a table of its own
# name is there) is left with none of the first one's tables either.
sql "CREATE SCHEMA half; CREATE TABLE half.programs (x integer)"
run --db "$pg options=-csearch_path=half" init
same "failed migration: exit" 5 "$rc"
case "$err" in
*"cannot apply migration 0002_domain: "*) echo "ok: failed migration: says which" ;;
*) echo "FAIL: failed migration: message: $err" && fail=1 ;;
esac
same "failed migration: nothing left behind" "programs" \
    "$(sql "SELECT string_agg(tablename, ' ') FROM pg_tables WHERE schemaname = 'half'")"

# Commands the engine does not run yet are refused before the registry is opened.
# import and init --sample run on a server (tests/e2e/engines.sh), but never on a schema
# newer than the program's (still 99 here): refused, nothing written.
newer="twinreg: cannot open database 'twinreg': its schema version 99 is newer than this program's ($latest)"
before=$(snapshot)
run --db "$pg" import /dev/null
same "import: exit" 5 "$rc"
same "import: newer schema" "$newer" "$err"
run --db "$pg" init --sample
same "init --sample: exit" 5 "$rc"
same "init --sample: newer schema" "$newer" "$err"
same "import, init --sample: left untouched" "$before" "$(snapshot)"

exit "$fail"
