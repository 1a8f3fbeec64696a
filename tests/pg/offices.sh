#!/usr/bin/env bash
# Offices and permissions on a shared registry (migrations/postgresql/0005_offices.sql):
# the administrator (TWINREG_TEST_PG, who runs init and owns the tables) adds Seoul's and
# Paris's offices and a login for each (alice, bob). Through psql, since the commands that
# write agreements do not run on a server yet: each may write its own cities' agreements
# and programs, not the other's (42501, nothing changed), and reads everything; neither
# creates roles or offices; the administrator writes anything. Then the office commands'
# outputs and exit codes (2 on SQLite, 3, 4, 6).
# Usage: bash tests/pg/with_cluster.sh bash tests/pg/offices.sh TWINREG
set -euo pipefail
tw=$1
admin=$TWINREG_TEST_PG
login() { echo "host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$1"; }
alice=$(login alice)
bob=$(login bob)
work=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg-offices.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# As the role CONNINFO names (lib.sh's sql is the administrator's).
sql() { # CONNINFO SQL: the rows, or the error as "ERROR:  SQLSTATE: message"
    local got
    got=$(printf '\\set VERBOSITY verbose\n%s\n' "$2" |
        psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" 2>&1) || true
    if grep -q '^ERROR:' <<<"$got"; then
        grep -m 1 '^ERROR:' <<<"$got"
    else
        echo "$got"
    fi
}
refused() { # WHAT SQLSTATE GOT
    case "$3" in
    "ERROR:  $2:"*) echo "ok: $1" ;;
    *) printf 'FAIL: %s\n  expected: ERROR:  %s: ...\n  got:      %s\n' "$1" "$2" "$3" && fail=1 ;;
    esac
}
# Every row a write could touch, and the roles: what "nothing changed" compares.
snapshot() {
    sql "$admin" "SELECT * FROM agreements ORDER BY id;
        SELECT * FROM agreement_parties ORDER BY 1, 2;
        SELECT * FROM agreement_events ORDER BY id; SELECT * FROM programs ORDER BY id;
        SELECT * FROM offices ORDER BY name; SELECT * FROM office_cities ORDER BY 1, 2;
        SELECT rolname FROM pg_roles WHERE rolname LIKE 'twinreg\\_office%' ORDER BY 1;
        SELECT g.rolname, u.rolname FROM pg_auth_members AS m
        JOIN pg_roles AS g ON g.oid = m.roleid JOIN pg_roles AS u ON u.oid = m.member
        WHERE g.rolname LIKE 'twinreg\\_office%' ORDER BY 1, 2"
}

run --db "$admin" init
same "init: exit" 0 "$rc"
# Cities 1 Seoul, 2 Incheon (Seoul's office), 3 Paris (Paris's), 4 Rome (no office's);
# agreement 1 Seoul-Rome, 2 Paris-Rome; an operator for programs.
sql "$admin" "CREATE ROLE alice LOGIN; CREATE ROLE bob LOGIN; CREATE ROLE carol LOGIN;
    INSERT INTO cities (name, name_key, country) VALUES ('Seoul', 'seoul', 'KR'),
        ('Incheon', 'incheon', 'KR'), ('Paris', 'paris', 'FR'), ('Rome', 'rome', 'IT');
    INSERT INTO agreements (parties_key, signed_on) VALUES ('1,4', '2000'), ('3,4', '1956');
    INSERT INTO agreement_parties VALUES (1, 1), (1, 4), (2, 3), (2, 4);
    INSERT INTO organizations (name, name_key) VALUES ('Op', 'op')" >/dev/null

# ---- the office commands, as the administrator ----
run --db "$admin" office add Seoul --city Seoul --city Incheon
same "office add: exit" 0 "$rc"
same "office add: says so" "twinreg: added office 'Seoul'" "$err"
run --db "$admin" office add Paris --city Paris
run --db "$admin" office member add Seoul alice
same "member add: exit" 0 "$rc"
same "member add: says so" "twinreg: role 'alice' is now a member of office 'Seoul'" "$err"
run --db "$admin" office member add Paris bob
same "the group roles: no login, members of twinreg_member" \
    "twinreg_office_Paris|f|t
twinreg_office_Seoul|f|t" \
    "$(sql "$admin" "SELECT rolname, rolcanlogin, pg_has_role(rolname, 'twinreg_member', 'MEMBER')
        FROM pg_roles WHERE rolname LIKE 'twinreg\\_office%' ORDER BY 1")"

run --db "$admin" office list
same "office list: table" "NAME   ROLE                  CITIES          MEMBERS
Paris  twinreg_office_Paris  Paris           bob
Seoul  twinreg_office_Seoul  Incheon; Seoul  alice" "$out"
run --db "$admin" office list --format csv
same "office list: csv (CRLF, as RFC 4180)" "name,role,cities,members
Paris,twinreg_office_Paris,Paris,bob
Seoul,twinreg_office_Seoul,Incheon; Seoul,alice" "$(tr -d '\r' <<<"$out")"
run --db "$admin" office show Seoul --format ndjson
same "office show: ndjson" \
    '{"name": "Seoul", "role": "twinreg_office_Seoul", "cities": ["Incheon", "Seoul"], "members": ["alice"]}' \
    "$out"

before=$(snapshot)
run --db "$admin" office add Paris --city Rome
same "duplicate office: exit" 4 "$rc"
same "duplicate office: says why" "twinreg: office 'Paris': already exists" "$err"
run --db "$admin" office add Lyon --city Lyon
same "unknown city: exit" 3 "$rc"
run --db "$admin" office member add Seoul dave
same "unknown login: exit" 3 "$rc"
same "unknown login: says why" "twinreg: role 'dave': not found" "$err"
run --db "$admin" office member add Nowhere carol
same "unknown office: exit" 3 "$rc"
same "unknown office: says why" "twinreg: office 'Nowhere': not found" "$err"
run --db "$admin" office show Nowhere
same "show unknown office: exit" 3 "$rc"
run --db "$admin" office remove Nowhere
same "remove unknown office: exit" 3 "$rc"
run --db "$admin" office member remove Seoul carol
same "remove a non-member: exit" 3 "$rc"
same "remove a non-member: says why" \
    "twinreg: cannot remove the member: role 'carol' is not a member of office 'Seoul'" "$err"
for args in "office add Lyon --city Rome" "office remove Paris" "office member add Seoul alice"; do
    # shellcheck disable=SC2086 # the command's words
    run --db "$alice" $args
    same "$args as alice: exit" 6 "$rc"
done
same "as alice: says why" \
    "twinreg: office 'Seoul': not allowed: role 'alice' is not an administrator of the registry" \
    "$err"
same "refused office commands: nothing changed" "$before" "$(snapshot)"
run --db "$alice" office list --json
same "office list as a member: exit" 0 "$rc"
mkdir "$work/lite"
run --db "$work/lite/registry.db" office list
same "office on SQLite: exit" 2 "$rc"
same "office on SQLite: says why" \
    "twinreg: office: needs a PostgreSQL server (--db postgresql://...)" "$err"
same "office on SQLite: no file made" "" "$(ls "$work/lite")"

# ---- the policies, through psql as alice and bob ----
refused "alice: the role functions are the administrator's" 42501 \
    "$(sql "$alice" "SELECT twinreg_office_add('Lyon')")"
refused "alice: cannot create roles" 42501 "$(sql "$alice" "CREATE ROLE eve")"
refused "bob: cannot create roles" 42501 "$(sql "$bob" "CREATE ROLE eve")"
refused "alice: cannot add an office by hand" 42501 \
    "$(sql "$alice" "INSERT INTO offices VALUES ('Lyon', 'alice')")"
refused "alice: cannot give herself a city" 42501 \
    "$(sql "$alice" "INSERT INTO office_cities VALUES ('Seoul', 3)")"

same "alice: reads everything" "2|2|4" \
    "$(sql "$alice" "SELECT (SELECT count(*) FROM agreements), (SELECT count(*) FROM offices),
        (SELECT count(*) FROM agreement_parties)")"
same "the store's question: alice may write 1, not 2" "t|f" \
    "$(sql "$alice" "SELECT twinreg_may_write_agreement(1), twinreg_may_write_agreement(2)")"
same "alice: adds, amends and changes a Seoul agreement" "3
1|amended|x" \
    "$(sql "$alice" "INSERT INTO agreements (parties_key) VALUES ('2,4') RETURNING id;
        INSERT INTO agreement_parties VALUES (3, 2), (3, 4);
        UPDATE agreements SET title = 'x', ended_on = '2020' WHERE id = 1;
        INSERT INTO agreement_events (agreement_id, event, happened_on) VALUES (1, 'amended', '2010');
        SELECT a.id, e.event, a.title FROM agreements AS a JOIN agreement_events AS e
        ON e.agreement_id = a.id")"
same "alice: removes her own" "" "$(sql "$alice" "DELETE FROM agreements WHERE id = 3")"
same "alice: records a Seoul program" "1" \
    "$(sql "$alice" "INSERT INTO programs (code, name, operator_id, host_city_id)
        VALUES ('P1', 'Seoul program', 1, 1) RETURNING id")"

before=$(snapshot)
refused "alice: cannot add a Paris agreement" 42501 \
    "$(sql "$alice" "INSERT INTO agreements (parties_key) VALUES ('3,4')")"
refused "alice: cannot update Paris's" 42501 \
    "$(sql "$alice" "UPDATE agreements SET title = 'mine' WHERE id = 2")"
refused "alice: cannot end Paris's" 42501 \
    "$(sql "$alice" "UPDATE agreements SET ended_on = '2021' WHERE id = 2")"
refused "alice: cannot amend Paris's" 42501 \
    "$(sql "$alice" "INSERT INTO agreement_events (agreement_id, event, happened_on)
        VALUES (2, 'amended', '2011')")"
refused "alice: cannot remove Paris's" 42501 "$(sql "$alice" "DELETE FROM agreements WHERE id = 2")"
refused "alice: cannot take Paris's by changing its parties" 42501 \
    "$(sql "$alice" "UPDATE agreements SET parties_key = '1,3' WHERE id = 2")"
refused "alice: cannot add Seoul to Paris's agreement" 42501 \
    "$(sql "$alice" "INSERT INTO agreement_parties VALUES (2, 1)")"
refused "alice: cannot record a Paris program" 42501 \
    "$(sql "$alice" "INSERT INTO programs (code, name, operator_id, host_city_id)
        VALUES ('P2', 'Paris program', 1, 3)")"
same "alice: the refusal says why" \
    "ERROR:  42501: agreement 2: not allowed: none of its cities belongs to an office of role 'alice'" \
    "$(sql "$alice" "DELETE FROM agreements WHERE id = 2")"
refused "bob: cannot update Seoul's" 42501 "$(sql "$bob" "UPDATE agreements SET title = 'b' WHERE id = 1")"
refused "bob: cannot remove Seoul's" 42501 "$(sql "$bob" "DELETE FROM agreements WHERE id = 1")"
refused "bob: cannot change Seoul's program" 42501 \
    "$(sql "$bob" "UPDATE programs SET host_city_id = 3 WHERE id = 1")"
same "refused writes: nothing changed" "$before" "$(snapshot)"
same "bob: changes and removes Paris's own" "" \
    "$(sql "$bob" "UPDATE agreements SET title = 'b' WHERE id = 2; DELETE FROM agreements WHERE id = 2")"
same "the administrator: anything" "1" \
    "$(sql "$admin" "UPDATE agreements SET title = 'admin' WHERE id = 1;
        INSERT INTO agreements (parties_key) VALUES ('3,4');
        DELETE FROM programs WHERE id = 1; SELECT count(*) FROM agreements WHERE title = 'admin'")"

# ---- the same rules through twinreg's own commands ----
# State here: agreement 1 Seoul-Rome ('admin'), 3 Paris-Rome; alice in Seoul's office, bob
# in Paris's.
before=$(snapshot)
for args in "agreement update 1 --title Mine" "agreement update 1 --reopen" \
    "agreement remove 1" "agreement amend 1 --on 2021 --note changed"; do
    # shellcheck disable=SC2086 # the command's words
    run --db "$bob" $args
    same "bob: twinreg $args on Seoul's agreement: exit 6" 6 "$rc"
    case "$err" in
    *"agreement 1: not allowed: none of its cities belongs to an office of role 'bob'"*) r=yes ;;
    *) r="$err" ;;
    esac
    same "bob: twinreg $args: says why" yes "$r"
done
run --db "$admin" agreement add Seoul Rome --kind cooperation --signed 2010
run --db "$bob" agreement end "$out" --on 2020 --reason gone
same "bob: twinreg agreement end of Seoul's agreement: exit 6" 6 "$rc"
run --db "$admin" undo
before=$(snapshot)
run --db "$bob" agreement add Seoul Rome --kind friendship --signed 2022
same "bob: twinreg agreement add between cities not his office's: exit 6, says why" \
    "6|twinreg: cannot add the agreement: not allowed: none of its cities belongs to an office of role 'bob'" \
    "$rc|$err"
run --db "$bob" office add Lyon --city Paris
same "bob: twinreg office add: exit 6" 6 "$rc"
run --db "$bob" sql "DELETE FROM agreements"
same "bob: a write through sql: exit 4" 4 "$rc"
same "twinreg's refused writes: nothing changed" "$before" "$(snapshot)"
run --db "$bob" agreement add Paris Rome --kind friendship --signed 2023
same "bob: twinreg agreement add for his office's city: exit 0" 0 "$rc"
# alice's own last change (made with psql above) was changed since by the administrator.
run --db "$alice" undo
case "$err" in *"a later change conflicts with it; nothing was undone") r=4 ;; *) r="$rc $err" ;; esac
same "alice: her undo under the administrator's later change: exit 4, SQLite's words" 4 "$r"
run --db "$bob" undo
same "bob: undo of his own add: exit 0" 0 "$rc"
same "bob's undo took back his add only" "$before" "$(snapshot)"

# ---- city merge: the offices' rules apply to every agreement it moves ----
run --db "$admin" city add Roma --country IT
roma=$out
before=$(snapshot)
run --db "$bob" city merge Roma Rome
same "bob: twinreg city merge moving Seoul's agreement: exit 6, says why" \
    "6|twinreg: agreement 1: not allowed: none of its cities belongs to an office of role 'bob'" \
    "$rc|$err"
same "refused merge: nothing changed" "$before|Rome Roma" \
    "$(snapshot)|$(sql "$admin" "SELECT string_agg(name, ' ' ORDER BY id) FROM cities
        WHERE country = 'IT'")"
# The history holds the offices' cities (0010): a merge moves an office's city to the city
# kept, and undo gives it back byte for byte. The office commands' own writes of them are
# not recorded (their roles could not be undone).
cities() { sql "$admin" "SELECT * FROM cities ORDER BY id; SELECT * FROM city_aliases ORDER BY 1, 2"; }
same "office add wrote no history of its cities" 0 \
    "$(sql "$admin" "SELECT count(*) FROM history_rows WHERE table_name = 'office_cities'")"
run --db "$admin" city add "Inch'on" --country KR
inchon=$out
before="$(snapshot)|$(cities)"
run --db "$bob" city merge Seoul Incheon
same "bob: a merge of a city an office holds: exit 6, says why, nothing changed" \
    "6|twinreg: cannot merge city 2 (Incheon, KR): not allowed: office 'Seoul' holds it, and role 'bob' is not an administrator of the registry|$before" \
    "$rc|$err|$(snapshot)|$(cities)"
run --db "$admin" city merge "$inchon" Incheon
same "admin: a merge of a city an office holds: exit 0" 0 "$rc"
same "the office holds the city kept instead" "Seoul 1,Seoul $inchon" \
    "$(sql "$admin" "SELECT string_agg(office || ' ' || city_id, ',' ORDER BY city_id) FROM office_cities
        WHERE office = 'Seoul'")"
same "the merge's entry holds the office's rows" 2 \
    "$(sql "$admin" "SELECT count(*) FROM history_rows WHERE table_name = 'office_cities'")"
run --db "$admin" undo
same "undo of the merge: exit 0" 0 "$rc"
same "undo of the merge: every row as before, the office's cities too" "$before" \
    "$(snapshot)|$(cities)"
run --db "$admin" city remove "$roma"
run --db "$admin" city remove "$inchon"

# ---- removing ----
run --db "$admin" office member remove Seoul alice
same "member remove: exit" 0 "$rc"
refused "alice, no longer a member: refused" 42501 \
    "$(sql "$alice" "UPDATE agreements SET title = 'y' WHERE id = 1")"
run --db "$admin" office remove Paris
same "office remove: exit" 0 "$rc"
same "office remove: office, cities and role gone" "0|0|0" \
    "$(sql "$admin" "SELECT (SELECT count(*) FROM offices WHERE name = 'Paris'),
        (SELECT count(*) FROM office_cities WHERE office = 'Paris'),
        (SELECT count(*) FROM pg_roles WHERE rolname = 'twinreg_office_Paris')")"
same "office remove wrote no history of its cities" 0 \
    "$(sql "$admin" "SELECT count(*) FROM history_rows WHERE table_name = 'office_cities'")"
exit "$fail"
