#!/usr/bin/env bash
# The commands that keep a registry safe, on a server (issue 14): `history` and `undo`
# (recorded by triggers, same counts and words as on SQLite, a conflict refused with
# SQLite's message and nothing undone), `check` (sound; a counter behind its ids is
# damage, exit 5), and `backup FILE` (a SQLite registry whose export is byte-identical to
# the server's, whose check passes and which goes on numbering as the server would).
# Usage: bash tests/pg/with_cluster.sh bash tests/pg/safety.sh TWINREG
set -euo pipefail
tw=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg-safety.XXXXXX")
trap 'rm -rf "$work"' EXIT
lite="$work/registry.db"

# both ARGS...: runs twinreg on the SQLite file and on the server: $rc_l/$out_l/$err_l and
# $rc_p/$out_p/$err_p.
both() {
    set +e
    out_l=$("$tw" --db "$lite" "$@" 2>"$work/err_l")
    rc_l=$?
    out_p=$("$tw" --db "$pg" "$@" 2>"$work/err_p")
    rc_p=$?
    set -e
    err_l=$(cat "$work/err_l")
    err_p=$(cat "$work/err_p")
}
# alike WHAT ARGS...: the same exit status, stdout and stderr on both engines.
alike() {
    local what=$1
    shift
    both "$@"
    same "$what: exit status" "$rc_l" "$rc_p"
    same "$what: stdout" "$out_l" "$out_p"
    same "$what: stderr" "$err_l" "$err_p"
}
counts() { # the history's counts, newest first, on the engine at --db $1
    "$tw" --db "$1" history --format csv | tail -n +2 | cut -d, -f5-7 | paste -sd' '
}

# init says the engine's own schema version (PostgreSQL's migrations are numbered apart).
both init
same "init: exit status" "$rc_l" "$rc_p"
alike "city add Seoul" city add Seoul --country KR --alias 서울
alike "city add Mexico City" city add "Mexico City" --country MX --region CDMX
alike "city add Paris" city add Paris --country FR --lat 48.8566 --lon 2.3522
alike "agreement add" agreement add Seoul "Mexico City" --kind sister-city --signed 1992-10-19
alike "agreement add, 3 parties" agreement add Seoul Paris "Mexico City" --kind cooperation --signed 2010
alike "city update" city update Paris --region "Île-de-France"
alike "agreement end" agreement end 1 --on 2019-05 --reason "renewed"
alike "completion of city names" __complete 3 agreement add Paris S
same "completion offers the server's cities" "Seoul" "$out_p"
alike "completion of a name with an accent" __complete 2 partners Mé
same "history: the same counts, newest first" "$(counts "$lite")" "$(counts "$pg")"
same "history: the database role made them" "$(sql "SELECT current_user")" \
    "$("$tw" --db "$pg" history --format csv | tail -n +2 | cut -d, -f3 | sort -u)"

# Undo, one and several, as on SQLite.
alike "undo" undo
alike "undo 2" undo 2
alike "export after undo" export
same "history after undo" "$(counts "$lite")" "$(counts "$pg")"
alike "undo more than there is" undo 9

# A change made with another tool is recorded too: on a server, an undo takes it back.
alike "agreement add again" agreement add Seoul Paris --kind friendship --signed 1991
sql "UPDATE agreements SET title = 'Edited with psql' WHERE signed_on = '1991'" >/dev/null
same "a change made with psql is an entry" "(a change made outside twinreg)" \
    "$("$tw" --db "$pg" history --limit 1 --format csv | tail -n 1 | cut -d, -f4)"
"$tw" --db "$pg" undo >/dev/null 2>&1
same "undo takes back the change made with psql" "" \
    "$(sql "SELECT title FROM agreements WHERE signed_on = '1991'")"

# Each role undoes its own changes; a later change by anyone conflicts.
clerk=$TWINREG_PG_CLERK
"$tw" --db "$pg" office add "Paris office" --city Paris >/dev/null 2>&1
"$tw" --db "$pg" office member add "Paris office" twinreg_clerk >/dev/null 2>&1
"$tw" --db "$clerk" agreement add Paris "Mexico City" --kind friendship --signed 1999 >/dev/null 2>&1
clerk_entry=$(sql "SELECT max(id) FROM history")
same "the clerk's change is the clerk's" twinreg_clerk \
    "$(sql "SELECT made_by FROM history WHERE id = $clerk_entry")"
"$tw" --db "$pg" city update Seoul --region "Seoul Capital Area" >/dev/null 2>&1
"$tw" --db "$pg" agreement update "$(sql "SELECT id FROM agreements WHERE signed_on = '1999'")" \
    --title "Amistad" >/dev/null 2>&1
set +e
"$tw" --db "$clerk" undo >/dev/null 2>"$work/err"
rc=$?
set -e
same "a role's undo under another's later change: exit 4" 4 "$rc"
same "a role's undo under another's later change: SQLite's words" \
    "twinreg: cannot undo change $clerk_entry (twinreg --db '$clerk' agreement add Paris 'Mexico City' --kind friendship --signed 1999): a later change conflicts with it; nothing was undone" \
    "$(cat "$work/err")"
same "nothing undone" "Amistad" "$(sql "SELECT title FROM agreements WHERE signed_on = '1999'")"
"$tw" --db "$pg" undo >/dev/null 2>&1 # the administrator takes back the title (anyone's)
"$tw" --db "$clerk" undo >/dev/null 2>"$work/err"
same "then the clerk's undo takes back only the clerk's change" \
    "1|Seoul Capital Area" \
    "$(sql "SELECT (SELECT count(*) FROM agreements WHERE signed_on = '1999') + 1, region FROM cities WHERE name = 'Seoul'")"

# check: sound, then a counter set behind the ids it gave.
alike "check" check
seq=$(sql "SELECT pg_get_serial_sequence('cities', 'id')")
sql "SELECT setval('$seq', 1)" >/dev/null
set +e
"$tw" --db "$pg" check >"$work/out" 2>"$work/err"
rc=$?
set -e
same "check of a counter behind its ids: exit 5" 5 "$rc"
same "check of a counter behind its ids: says which" \
    "integrity    the id counter of cities (1) is below its highest id (3): the next row would take an id already given" \
    "$(head -n 1 "$work/out")"
sql "SELECT setval('$seq', 3)" >/dev/null

# backup: one snapshot, as a SQLite registry.
"$tw" --db "$pg" city add Rome --country IT >/dev/null 2>&1
"$tw" --db "$pg" city remove Rome >/dev/null 2>&1
"$tw" --db "$pg" backup "$work/copy.db" >/dev/null 2>"$work/err"
same "backup: exit 0" "" "$(cat "$work/err" | grep -v 'backup written')"
"$tw" --db "$pg" export --format ndjson >"$work/server.ndjson"
"$tw" --db "$work/copy.db" export --format ndjson >"$work/copy.ndjson"
cmp -s "$work/server.ndjson" "$work/copy.ndjson"
same "backup: its export is the server's, byte for byte" 0 "$?"
same "backup: its check passes" 0 "$("$tw" --db "$work/copy.db" check >/dev/null 2>&1; echo $?)"
same "backup: the copy numbers on as the server (the removed id is not given again)" \
    "$("$tw" --db "$pg" city add Lyon --country FR 2>/dev/null)" \
    "$("$tw" --db "$work/copy.db" city add Lyon --country FR 2>/dev/null)"
set +e
"$tw" --db "$pg" backup "$work/copy.db" >/dev/null 2>"$work/err"
rc=$?
set -e
same "backup onto an existing file: refused" 4 "$rc"
set +e
"$tw" --db "$pg" restore "$work/copy.db" >/dev/null 2>"$work/err"
rc=$?
set -e
same "restore on a server: a usage error" 2 "$rc"
same "restore on a server: says who restores it" \
    "twinreg: restore: a registry on a server is restored by its administrator (pg_restore); restore replaces a registry file (see 'twinreg restore --help')" \
    "$(cat "$work/err")"
"$tw" --db "$pg" backup "$work/copy.db" --force >/dev/null 2>&1
"$tw" --db "$work/copy.db" export --format ndjson >"$work/copy2.ndjson"
"$tw" --db "$pg" export --format ndjson >"$work/server2.ndjson"
cmp -s "$work/server2.ndjson" "$work/copy2.ndjson"
same "backup --force: replaced with the server's registry" 0 "$?"

# sql: the server's own dialect, in a READ ONLY transaction with a statement timeout.
tsql() { # ARGS...: twinreg sql on the server; $rc, $out, $err
    set +e
    "$tw" --db "$pg" sql "$@" >"$work/out" 2>"$work/err"
    rc=$?
    out=$(tr -d '\r' <"$work/out") # CSV lines end in CRLF
    set -e
    err=$(cat "$work/err")
}
tsql "SELECT name, country, '{\"a\": 1}'::jsonb ? 'a' AS has_a FROM cities WHERE id = 1" --format csv
same "sql: PostgreSQL's dialect, its ? operator untouched" "0|name,country,has_a
Seoul,KR,1" "$rc|$out"
before=$(sql "SELECT count(*) FROM cities")
tsql "INSERT INTO cities (name, name_key, country) VALUES ('Nice', 'nice', 'FR')"
same "sql: a write is refused (exit 4)" "4|twinreg: sql is read-only: refused a statement that returns no rows in 'INSERT INTO cities (name, name_key, country) VALUES ('Nice','" "$rc|$err"
tsql "WITH gone AS (DELETE FROM cities RETURNING id) SELECT count(*) FROM gone"
same "sql: a write inside a query is refused (exit 4)" "4|twinreg: sql is read-only: cannot execute SELECT in a read-only transaction" "$rc|$err"
same "sql: nothing written" "$before" "$(sql "SELECT count(*) FROM cities")"
tsql "SELECT 1; DELETE FROM cities"
same "sql: one statement at a time (exit 4)" 4 "$rc"
same "sql: nothing written by a second statement" "$before" "$(sql "SELECT count(*) FROM cities")"
tsql "SELEC 1"
same "sql: a syntax error is the query's fault (exit 4)" "4|twinreg: sql: syntax error at or near \"SELEC\"" "$rc|$err"
tsql "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r" --timeout 1
same "sql: a query without end stops at its time limit (exit 5)" \
    "5|twinreg: sql: the query ran past its time limit of 1 s (--timeout SECONDS, 0 for none)" "$rc|$err"

# A load whose rows the server refuses after twinreg checked them (a constraint twinreg
# does not know, added by hand): the COPY's outcome arrives after the client has gone on
# to the next records (engine_pg.c, settle_copy), and still stops the import as a
# database failure (exit 5, named as the rows' load, not blamed on a later record), with
# nothing written.
psql -X -q -v ON_ERROR_STOP=1 "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" \
    -c "CREATE DATABASE twinreg_copy_fail OWNER twinreg_admin"
loaded="host=$PGHOST port=$PGPORT dbname=twinreg_copy_fail user=twinreg_admin"
"$tw" --db "$loaded" init >/dev/null 2>&1
psql -X -q -v ON_ERROR_STOP=1 "$loaded" \
    -c "ALTER TABLE agreements ADD CONSTRAINT no_1999 CHECK (signed_on IS DISTINCT FROM '1999-01-01')"
{
    echo '{"type":"city","id":1,"name":"Aachen","country":"DE"}'
    echo '{"type":"city","id":2,"name":"Reims","country":"FR"}'
    for y in $(seq 1000 4999); do
        printf '{"type":"agreement","kind":"friendship","signed_on":"%s-01-01","parties":[1,2]}\n' "$y"
    done
} >"$work/refused.ndjson"
run --db "$loaded" import "$work/refused.ndjson"
same "rows the server refuses in a COPY: exit 5, named as the load" \
    '5|twinreg: cannot load the rows: new row for relation "agreements" violates check constraint "no_1999"' \
    "$rc|$err"
same "and nothing written" "0|0|0" "$(psql -X -q -A -t "$loaded" -c "SELECT (SELECT count(*) FROM cities),
    (SELECT count(*) FROM agreements), (SELECT count(*) FROM history)")"

finish
