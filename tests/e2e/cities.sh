#!/usr/bin/env bash
# End-to-end tests of city identity: city merge (what moves, what merges, undo, refusals),
# city duplicates (each rule, the formats), city list --match, and city show's suggestions.
# Usage: bash tests/e2e/cities.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "cities.sh" "$@"

DB=$(e2e_db "$TMP/cities/registry.db")
export TWINREG_DB=$DB # for reject, which names no --db
tw --db "$DB" init
expect_rc 0
# Cities 1-10, by the order they are added.
for c in "'Frankfurt am Main' --country DE --wikidata Q1794" \
    "Frankfurt --country DE --lat 50.11 --lon 8.68 --region Hesse --alias Francfort@fr" \
    "Lyon --country FR" "Milan --country IT --alias Mailand@de" \
    "'Havana – Cerro' --country CU" "'Cerro (Havana)' --country CU" \
    "Springfield --country US" "Springfield --country AU" "Mailand --country IT" \
    "'Saint Denis' --country FR" "Saintdenis --country FR"; do
    eval "tw --db \"\$DB\" city add $c"
    expect_rc 0
done
tw --db "$DB" framework add FW --title 'A law' --jurisdiction DE --adopted 1950
expect_rc 0
tw --db "$DB" org add 'Exchange Office' --acronym EXO --country DE
expect_rc 0
# 1: Frankfurt am Main-Lyon; 2: Frankfurt-Lyon, the same key once Frankfurt is merged;
# 3: Frankfurt-Milan, moved; 4 builds on 2, and on 1 once 2 is merged into it.
for a in "'Frankfurt am Main' Lyon --signed 1960" \
    "Frankfurt Lyon --signed 1960 --framework FW --source https://example.org/pact" \
    "Frankfurt Milan --signed 1970" \
    "Frankfurt Lyon --signed 2000 --kind friendship --builds-on 2"; do
    eval "tw --db \"\$DB\" agreement add $a"
    expect_rc 0
done
tw --db "$DB" agreement amend 2 --on 1990 --note renewed
expect_rc 0
tw --db "$DB" program add PRG --name Youth --operator EXO --host Frankfurt --started 2001 --under 2
expect_rc 0
tw --db "$DB" program record PRG --city Frankfurt --count 3 --year 2002
expect_rc 0

# ======================================================================================
section "city merge: refusals change nothing"

reject 4 "cannot merge city 2 (Frankfurt, DE): it is the city kept (a city cannot merge into itself)" -- city merge Frankfurt Frankfurt
reject 4 "into itself" -- city merge 2 'frankfurt,DE'
reject 4 "cannot merge city 2 (Frankfurt, DE): it is named twice" -- \
    city merge 'Frankfurt am Main' Frankfurt 2
reject 3 "city 'Nowhere': not found" -- city merge Frankfurt Nowhere
reject 3 "city 'Nowhere': not found" -- city merge Nowhere Frankfurt
reject 3 "city 'Springfield' is ambiguous" -- city merge Lyon Springfield
reject 3 "city 99: not found" -- city merge Lyon 99
reject 4 "agreement 1 links them, and would twin a city with itself" -- \
    city merge 'Frankfurt am Main' Lyon
reject 4 "agreement 3 links them" -- city merge Milan Lyon Frankfurt
reject 2 "city merge" -- city merge Frankfurt

# ======================================================================================
section "city merge: everything moves to the city kept"

snap
cp "$TMP/snap.export" "$TMP/before-merge.export"
tw --db "$DB" city merge 'Frankfurt am Main' Frankfurt
expect_rc 0
expect_out_eq "1"
expect_err_has "merged 1 city into city 1: 2 agreements moved, 1 merged into one it had"
tw --db "$DB" city show 2
expect_rc 3
tw --db "$DB" city show 1 --json
expect_json_eq '$.aliases[0].name' Francfort
expect_json_eq '$.aliases[0].lang' fr
expect_json_eq '$.aliases[1].name' Frankfurt
expect_json_eq '$.region' Hesse
expect_json_eq '$.lat' 50.11
expect_json_eq '$.wikidata' Q1794
tw --db "$DB" city show frankfurt --json
expect_json_eq '$.id' 1
tw --db "$DB" agreement list --json
expect_json_sql "SELECT group_concat(json_extract(value, '\$.id')) FROM json_each({J})" "1,3,4" "agreement 2 merged into 1"
tw --db "$DB" agreement show 1 --json
expect_json_eq '$.frameworks' '["FW"]'
expect_json_eq '$.sources' '["https://example.org/pact"]'
expect_json_eq '$.events[0].note' renewed
tw --db "$DB" agreement show 3 --json
expect_json_eq '$.parties' '[1,4]'
tw --db "$DB" agreement show 4 --json
expect_json_eq '$.builds_on' 1
expect_json_eq '$.parties' '[1,3]'
tw --db "$DB" program show PRG --json
expect_json_eq '$.host' 1
expect_json_eq '$.agreements' '[1]'
expect_json_eq '$.participation[0].city' 1
tw --db "$DB" history --limit 1 --json
expect_json_sql "SELECT json_extract({J}, '\$[0].command') LIKE '% city merge ''Frankfurt am Main'' Frankfurt'" \
    1 "the entry is the merge"
expect_json_sql "SELECT json_extract({J}, '\$[0].inserted') || ' ' || json_extract({J}, '\$[0].updated')
    || ' ' || json_extract({J}, '\$[0].deleted')" "7 6 10" "one entry: each row's net change"
tw --db "$DB" undo
expect_rc 0
tw --db "$DB" export
cmp -s "$TMP/out" "$TMP/before-merge.export"
check $? "undo of a merge: the export before it" "identical" \
    "$(diff "$TMP/before-merge.export" "$TMP/out" | head -n 4 | tr '\n' '|')"

# ======================================================================================
section "city duplicates"

tw --db "$DB" city duplicates --json
expect_rc 0
expect_json_sql "SELECT group_concat(json_extract(value, '\$.score') || ':' ||
    json_extract(value, '\$.id1') || '-' || json_extract(value, '\$.id2'), ' ')
    FROM json_each({J})" "90:5-6 80:10-11 70:4-9 60:1-2" "each rule, ranked"
expect_json_eq '$[0].reason' 'the same words in another order'
expect_json_eq '$[0].name1' 'Havana – Cerro'
expect_json_eq '$[0].country2' CU
tw --db "$DB" city duplicates --country CU --format ndjson
expect_out_eq '{"score": 90, "reason": "the same words in another order", "id1": 5, "name1": "Havana – Cerro", "country1": "CU", "id2": 6, "name2": "Cerro (Havana)", "country2": "CU"}'
tw --db "$DB" city duplicates --country DE --format csv
expect_out_eq "$(printf 'score,reason,id1,name1,country1,id2,name2,country2\r\n60,a name starts with the other,1,Frankfurt am Main,DE,2,Frankfurt,DE\r')"
tw --db "$DB" city duplicates --country JP
expect_rc 0
expect_out_empty
tw --db "$DB" city duplicates
expect_out_has "the same letters, spaced otherwise"
reject 4 "XX" -- city duplicates --country XX
reject 2 "xml" -- city duplicates --format xml

# ======================================================================================
section "city list --match"

tw --db "$DB" city list --match 'furt main' --format csv
expect_out_eq "$(printf 'id,name,country,aliases,region,lat,lon,wikidata\r\n1,Frankfurt am Main,DE,,,,,Q1794\r')"
tw --db "$DB" city list --match FRANÇFORT --json
expect_json_sql "SELECT group_concat(json_extract(value, '\$.id')) FROM json_each({J})" "2" "an alias, accents and case ignored"
tw --db "$DB" city list --match 'ÉRRO' --json
expect_json_sql "SELECT group_concat(json_extract(value, '\$.id')) FROM json_each({J})" "5,6" "a part of a word"
tw --db "$DB" city list --match 'cerro havana' --country CU --format ndjson
expect_out_has '"id": 5'
expect_out_has '"id": 6'
tw --db "$DB" city list --match frankfurt --country FR
expect_rc 0
expect_out_empty
reject 4 "invalid search '!!': it has no letters or digits" -- city list --match '!!'
reject 4 "more than 8 words" -- city list --match 'a b c d e f g h i'
reject 2 "--match" -- city list --match ''
reject 4 "XX" -- city list --match lyon --country XX

# ======================================================================================
section "city show: close names"

reject 3 "city 'Frankfrt': not found (did you mean 'Frankfurt,DE'?)" -- city show Frankfrt
reject 3 "city 'Lyonn,FR': not found (did you mean 'Lyon,FR'?)" -- city show 'Lyonn,FR'
reject 3 "city 'Havan': not found (did you mean 'Havana – Cerro,CU'?)" -- city show Havan
tw --db "$DB" city show Qwxyzzy
expect_rc 3
expect_err_msg "city 'Qwxyzzy': not found"
grep -q "did you mean" "$TMP/err"
check $((!$?)) "$CMD: no suggestion when nothing is close" "no 'did you mean'" "$(excerpt "$TMP/err")"

# ======================================================================================
section "a CITY by its Wikidata id, or NAME,CC,REGION"

tw --db "$DB" city show Q1794 --json
expect_rc 0
expect_out_has '"name": "Frankfurt am Main"'
tw --db "$DB" city add Q42 --country GB # a town named like a Wikidata id no city has
expect_rc 0
tw --db "$DB" city show Q42 --json
expect_rc 0
expect_out_has '"name": "Q42"'
tw --db "$DB" city update 'Frankfurt am Main' --region Hessen
expect_rc 0
tw --db "$DB" city show 'Frankfurt am Main, DE, hessen' --json
expect_rc 0
expect_out_has '"wikidata": "Q1794"'
reject 3 "city 'Frankfurt am Main,DE,Bayern': not found" -- city show 'Frankfurt am Main,DE,Bayern'

# ======================================================================================
e2e_finish 100 100
