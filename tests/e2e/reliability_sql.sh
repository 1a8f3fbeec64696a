#!/usr/bin/env bash
# `sql` for research, safely (issue 12, items 12 to 15): a runaway query stops at its time
# or memory limit with exit 5; a table of any number of columns prints; every value keeps
# its column in every format (infinity, blobs as hex, text with NUL bytes, text that is not
# UTF-8); read-only queries through table-valued functions and with a trailing comment run,
# while every write (pragma assignment, ATTACH, VACUUM INTO, extension functions, a second
# statement) is still refused with the registry unchanged byte for byte.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

use_db sql
tw init --sample
expect_rc 0

# ---- 12: time and memory limits ----
section "sql limits"
ENDLESS='WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'
snap
start=$(date +%s)
tw sql "$ENDLESS" --timeout 1
expect_rc 5
expect_err_msg "sql: the query ran past its time limit of 1 s"
expect_out_empty
expect_unchanged
took=$(($(date +%s) - start))
expect_eq "$([ "$took" -le 20 ] && echo fast)" fast "an endless query with --timeout 1 stops within seconds (took $took s)"
# --max-memory is SQLite's heap limit (randomblob, hex: SQLite's dialect); a server bounds a
# query's memory itself (work_mem), so these parts are SQLite's.
if sqlite_only "--max-memory, SQLite's heap limit (a server bounds memory with work_mem)"; then
    # A query that grows: a value of 100 MB.
    snap
    tw sql 'SELECT length(randomblob(100000000)) AS n' --max-memory 20 --timeout 0
    expect_rc 5
    expect_err_msg "sql: the query needs more memory than its limit of 20 MB"
    expect_unchanged
    tw sql 'SELECT length(randomblob(100000000)) AS n' --max-memory 20
    expect_rc 5
    expect_err_msg "more memory than its limit of 20 MB"
    # An endless aggregate that grows: SQLite stops growing it at the heap limit but reports
    # that only when the aggregate ends, so the time limit is what ends it.
    tw sql 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT length(group_concat(hex(randomblob(100000)))) FROM c' --max-memory 20 --timeout 3
    expect_rc 5
    expect_err_msg "sql: the query ran past its time limit of 3 s"
    # Within the limits, the same kind of query answers.
    tw sql 'SELECT length(randomblob(1000000)) AS n' --max-memory 20 --timeout 5 --format csv
    expect_rc 0
    expect_out_eq "$(printf 'n\r\n1000000\r')"
fi
tw sql 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT count(*) AS n FROM c' \
    --timeout 0 --max-memory 0 --json
expect_rc 0
expect_json_eq '$[0].n' 1000
if sqlite_only "--max-memory counts the rows a table buffers (SQLite's heap limit)"; then
    # A table buffers its rows: they count against the memory limit too.
    tw sql 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT hex(randomblob(5000)) FROM c' --max-memory 5 --timeout 0
    expect_rc 5
    expect_err_msg "more memory than its limit of 5 MB"
fi
# The values: digits only, within range; anything else is a usage error.
for bad in '' -1 +5 ' 5' 5s 1e3 1.5 abc 86401 99999999999999999999; do
    reject 2 "--timeout must be a whole number from 0 to 86400, got '$bad'" -- sql 'SELECT 1' --timeout "$bad"
done
for bad in '' -1 x 1048577 12MB; do
    reject 2 "--max-memory must be a whole number from 0 to 1048576, got '$bad'" -- sql 'SELECT 1' --max-memory "$bad"
done
tw sql 'SELECT 1 AS one' --timeout 86400 --max-memory 1048576 --format csv
expect_rc 0
expect_out_eq "$(printf 'one\r\n1\r')"
tw sql --help
expect_rc 0
expect_out_has '--timeout SECONDS'
expect_out_has '--max-memory MB'

# ---- 13: any number of columns ----
section "sql many columns"
for n in 25 100 1000; do
    cols=$(seq -s, 1 "$n")
    tw sql "SELECT $cols"
    expect_rc 0
    expect_eq "$(wc -l <"$TMP/out")" 2 "a table of $n columns: a header and one row"
    expect_eq "$(tail -n 1 "$TMP/out" | awk '{print NF, $1, $NF}')" "$n 1 $n" "the row of $n columns holds every value"
    tw sql "SELECT $cols" --format csv
    expect_rc 0
    expect_eq "$(tail -n 1 "$TMP/out" | tr -d '\r')" "$cols" "csv of $n columns"
done
tw sql "SELECT $(seq -s, 1 1000) FROM cities"
expect_rc 0
expect_eq "$(wc -l <"$TMP/out")" "$(( $(q 'SELECT count(*) FROM cities') + 1 ))" "1000 columns over every city"

# ---- 14: every value keeps its column in every format ----
section "sql values"
# expect_common_values: the JSON of the values both dialects have: infinite reals, a blob
# as hex, an empty blob, NULL and a real.
expect_common_values() {
    expect_json_eq '$[0].inf' Infinity
    expect_json_eq '$[0].ninf' -Infinity
    expect_json_eq '$[0].b' 00ff10
    expect_json_type '$[0].empty' text
    expect_json_eq '$[0].r' 1.5
    expect_json_type '$[0].n' null
}
if sqlite_only "SQLite's values (1e999, x'' blobs, char(0), text that is not UTF-8): a server's text holds no NUL and only UTF-8"; then
    VALUES="SELECT 1e999 AS inf, -1e999 AS ninf, x'00ff10' AS b, x'' AS empty, 'a' || char(0) || 'b' AS t, CAST(x'ff41' AS TEXT) AS latin, NULL AS n, 1.5 AS r"
    tw sql "$VALUES" --json
    expect_rc 0
    expect_json_array 1
    expect_keys '$' inf ninf b empty t latin n r
    expect_common_values
    expect_out_has '"t": "a\u0000b"'
    expect_json_eq '$[0].latin' "$(printf '\xef\xbf\xbdA')"
    tw sql "$VALUES" --format ndjson
    expect_rc 0
    expect_ndjson 1
    expect_out_has '"inf": "Infinity", "ninf": "-Infinity", "b": "00ff10", "empty": "", "t": "a\u0000b"'
    tw sql "$VALUES" --format csv
    expect_rc 0
    printf 'inf,ninf,b,empty,t,latin,n,r\r\nInfinity,-Infinity,00ff10,,"a\0b",\xef\xbf\xbdA,,1.5\r\n' >"$TMP/want.csv"
    expect_out_same "$TMP/want.csv" "the CSV with a NUL byte kept inside quotes"
    tw sql "$VALUES"
    expect_rc 0
    expect_eq "$(tail -n 1 "$TMP/out" | tr -s ' ')" "$(printf 'Infinity -Infinity 00ff10 a\xe2\x90\x80b \xef\xbf\xbdA 1.5')" \
        "the table shows every value, a NUL byte as its control picture"
    expect_eq "$(wc -l <"$TMP/out")" 2 "a line break inside a table cell stays on its row"
    tw sql "SELECT 'x' || char(10) || 'y' AS a, 2 AS b"
    expect_rc 0
    expect_eq "$(wc -l <"$TMP/out")" 2 "a line break in a value keeps the table's row on one line"
    # A column named with bytes that are not UTF-8 keeps its place.
    tw sql "$(printf 'SELECT 1 AS "\xff", 2 AS ok')" --json
    expect_rc 0
    expect_keys '$' "$(printf '\xef\xbf\xbd')" ok
    # A stored real that is infinite, from the registry (a view over it).
    tw sql 'SELECT max(9e999, id) AS big, id FROM cities LIMIT 1' --format ndjson
    expect_rc 0
    expect_out_has '"big": "Infinity"'
else
    # The same kinds of value in PostgreSQL's dialect: infinite reals, a bytea as hex, NULL.
    PG_VALUES="SELECT CAST('Infinity' AS float8) AS inf, CAST('-Infinity' AS float8) AS ninf, CAST('\\x00ff10' AS bytea) AS b, CAST('' AS bytea) AS empty, NULL AS n, CAST(1.5 AS float8) AS r"
    tw sql "$PG_VALUES" --json
    expect_rc 0
    expect_json_array 1
    expect_keys '$' inf ninf b empty n r
    expect_common_values
    tw sql "$PG_VALUES" --format csv
    expect_rc 0
    expect_out_eq "$(printf 'inf,ninf,b,empty,n,r\r\nInfinity,-Infinity,00ff10,,,1.5\r')"
    tw sql "SELECT 'x' || chr(10) || 'y' AS a, 2 AS b"
    expect_rc 0
    expect_eq "$(wc -l <"$TMP/out")" 2 "a line break in a value keeps the table's row on one line"
fi

# ---- 15: what only reads runs; every write is refused ----
section "sql reads"
if sqlite_only "SQLite's table-valued functions (json_each, json_tree, pragma_*)"; then
    tw sql "SELECT key, value FROM json_each('[10,20]')" --format csv
    expect_rc 0
    expect_out_eq "$(printf 'key,value\r\n0,10\r\n1,20\r')"
    tw sql "SELECT count(*) AS n FROM json_tree('{\"a\":[1,2]}')" --json
    expect_rc 0
    expect_json_eq '$[0].n' 4
    tw sql "SELECT name FROM pragma_table_info('cities') WHERE name = 'country'" --format csv
    expect_rc 0
    expect_out_eq "$(printf 'name\r\ncountry\r')"
    tw sql "SELECT count(*) > 0 AS n FROM pragma_function_list" --format csv
    expect_rc 0
    expect_out_eq "$(printf 'n\r\n1\r')"
    tw sql "SELECT c.name FROM cities c, json_each(json_array(c.id)) j WHERE j.value = c.id LIMIT 1" --format csv
    expect_rc 0
    expect_eq "$(wc -l <"$TMP/out")" 2 "json_each joined with a table"
else
    # A set-returning function of the server's, joined with a table.
    tw sql "SELECT x FROM generate_series(1, 3) AS x" --format csv
    expect_rc 0
    expect_out_eq "$(printf 'x\r\n1\r\n2\r\n3\r')"
    tw sql "SELECT c.name FROM cities c, jsonb_array_elements(jsonb_build_array(c.id)) j WHERE CAST(j AS bigint) = c.id LIMIT 1" --format csv
    expect_rc 0
    expect_eq "$(wc -l <"$TMP/out")" 2 "jsonb_array_elements joined with a table"
fi
for trailing in 'SELECT 1 AS x; -- a comment' 'SELECT 1 AS x /* a comment */;' 'SELECT 1 AS x; /* one */ ; -- two' 'SELECT 1 AS x;;;'; do
    tw sql "$trailing" --format csv
    expect_rc 0
    expect_out_eq "$(printf 'x\r\n1\r')"
done
tw sql "$(printf 'SELECT 1 AS x;\n-- a comment\n')" --format csv
expect_rc 0
expect_out_eq "$(printf 'x\r\n1\r')"
section "sql writes refused"
if sqlite_only "SQLite's statements and its authorizer's words (PRAGMA, ATTACH, VACUUM INTO, extensions)"; then
    reject 4 "one statement at a time" -- sql 'SELECT 1; DROP TABLE cities'
    reject 4 "one statement at a time" -- sql 'SELECT 1; /* c */ DELETE FROM cities'
    reject 4 "one statement at a time" -- sql 'SELECT 1; -- c
    UPDATE cities SET name = 1'
    reject 4 "one statement at a time" -- sql 'SELECT 1; SELECT 2'
    reject 4 "sql is read-only: refused PRAGMA user_version in 'PRAGMA user_version = 99'" -- sql 'PRAGMA user_version = 99'
    reject 4 "sql is read-only: refused PRAGMA journal_mode in 'PRAGMA journal_mode = wal'" -- sql 'PRAGMA journal_mode = wal'
    reject 4 "sql: too many arguments on pragma_user_version()" -- sql "SELECT * FROM pragma_user_version(99)"
    reject 4 "sql is read-only: not authorized" -- sql "SELECT * FROM pragma_integrity_check"
    reject 4 "sql is read-only: refused ATTACH of $TMP/other.db in" -- sql "ATTACH '$TMP/other.db' AS o"
    reject 4 "sql is read-only: refused a statement that writes in 'VACUUM INTO" -- sql "VACUUM INTO '$TMP/copy.db'"
    expect_eq "$(ls "$TMP/copy.db" "$TMP/other.db" 2>/dev/null)" "" "VACUUM INTO and ATTACH created no file"
    reject 4 "sql is read-only: refused the function load_extension in" -- sql "SELECT load_extension('/nonexistent')"
    reject 4 "sql is read-only: refused the function fts3_tokenizer in" -- sql "SELECT fts3_tokenizer('simple')"
    reject 4 "sql: no such function: writefile" -- sql "SELECT writefile('$TMP/w', 'x')"
    reject 4 "sql: table sqlite_master may not be modified" -- sql "UPDATE sqlite_master SET sql = '' WHERE name = 'cities'"
    reject 4 "sql is read-only: refused UPDATE of cities in" -- sql "UPDATE cities SET name = 'x'"
    reject 4 "sql is read-only: refused DELETE from cities in 'DELETE FROM cities'" -- sql "DELETE FROM cities"
    reject 4 "sql is read-only: refused a change of the schema in 'CREATE TEMP TABLE t(x)'" -- sql "CREATE TEMP TABLE t(x)"
    reject 4 "sql is read-only: refused INSERT into sources in" -- sql "WITH x AS (SELECT 1) INSERT INTO sources(url) SELECT 'u' FROM x"
    reject 4 "sql is read-only: refused BEGIN in 'BEGIN'" -- sql "BEGIN"
    reject 4 "sql is read-only: refused a change of the schema in 'ANALYZE'" -- sql "ANALYZE"
    reject 4 "sql is read-only: refused REINDEX of" -- sql "REINDEX"
else
    # The server's words for a second statement; a write fails in the READ ONLY transaction,
    # and what has no result columns (BEGIN, ANALYZE, ...) is refused before it runs.
    reject 4 "cannot insert multiple commands into a prepared statement" -- sql 'SELECT 1; DROP TABLE cities'
    reject 4 "cannot insert multiple commands" -- sql 'SELECT 1; SELECT 2'
    for write in "UPDATE cities SET name = 'x'" "DELETE FROM cities" "CREATE TEMP TABLE t(x int)" \
        "WITH x AS (SELECT 1) INSERT INTO sources(url) SELECT 'u' FROM x" \
        "UPDATE cities SET name = 'x' RETURNING id" "SELECT nextval('cities_id_seq')" \
        "SELECT setval('cities_id_seq', 99)" "BEGIN" "COMMIT" "ROLLBACK" "ANALYZE" "VACUUM" \
        "REINDEX TABLE cities" "SET statement_timeout = 0" "DO \$\$ BEGIN DELETE FROM cities; END \$\$" \
        "COPY cities TO STDOUT" "LISTEN x"; do
        reject 4 "sql" -- sql "$write"
        expect_err_re "sql is read-only: |cannot|not allowed|permission" \
            "refused as a write, not as an error of the server"
    done
fi
reject 4 "the query is empty" -- sql " -- only a comment"

section "sql: the query from a file or standard input; values bound with --param"
# csv_is TEXT: stdout, without CSV's CRLF line ends, is TEXT.
csv_is() {
    expect_eq "$(tr -d '\r' <"$TMP/out")" "$1" "$CMD: stdout"
}
# Bound, not pasted: a value with a quote is a value, on both engines.
tw sql "SELECT name FROM cities WHERE country = :cc ORDER BY name" --param cc=MX --format csv
expect_rc 0
csv_is "name
Mexico City"
tw sql "SELECT :v AS v, :v || '!' AS w" --param "v=it's; DROP TABLE cities" --format csv
expect_rc 0
csv_is "v,w
it's; DROP TABLE cities,it's; DROP TABLE cities!"
printf '%s\n' "-- the cities of one country" "SELECT count(*) AS n FROM cities" "WHERE country = :cc" >"$TMP/q.sql"
tw sql --file "$TMP/q.sql" --param cc=KR --format csv
expect_rc 0
csv_is "n
1"
tw sql - --param cc=KR --format csv <"$TMP/q.sql"
expect_rc 0
csv_is "n
1"
# ':' inside a string or a comment is text, not a parameter.
tw sql "SELECT 'a:b' AS t -- :c" --format csv
expect_rc 0
csv_is "t
a:b"
# The header, even with no row (a table: the columns say what was asked).
tw sql "SELECT id, name AS city FROM cities WHERE name = :n" --param n=Atlantis
expect_rc 0
expect_out_eq "id  city"
# Refused: exit 2 for the command line, 4 for the text, 5 for a file that cannot be read.
reject 2 "sql: no value for :cc (give --param cc=VALUE)" -- sql "SELECT * FROM cities WHERE country = :cc"
reject 2 "sql: --param cc: the query has no :cc" -- sql "SELECT 1" --param cc=MX
reject 2 "--param 'cc': expected NAME=VALUE" -- sql "SELECT :cc" --param cc
reject 2 "--param '1x=3': expected NAME=VALUE" -- sql "SELECT 1" --param 1x=3
reject 2 "--param cc given twice" -- sql "SELECT :cc" --param cc=1 --param cc=2
reject 2 "give the query or --file FILE, not both" -- sql "SELECT 1" --file "$TMP/q.sql"
reject 2 "missing argument: QUERY (or --file FILE, or - for standard input)" -- sql
reject 5 "sql: cannot read '$TMP/none.sql': No such file or directory" -- sql --file "$TMP/none.sql"
printf 'SELECT 1\0 AS x' >"$TMP/nul.sql"
reject 4 "holds a NUL byte" -- sql --file "$TMP/nul.sql"

e2e_finish 375 350
