#!/usr/bin/env bash
# End-to-end tests of how lists are ordered (issue 18): names sort as people sort them (case
# and accents ignored, then the name as written, then the id) in active, partners and the
# network's walks; --sort FIELD / -FIELD and --limit N on the list commands, in every
# format; an unknown field or a bad limit is a usage error (exit 2), database unchanged.
# Usage: bash tests/e2e/order.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql,
# where every expected order is the same as on SQLite: the two engines agree.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "order.sh" "$@"

# expect_column N TEXT: the Nth field of stdout's CSV rows (header dropped, CRLF read as
# newlines), one per line, is TEXT. The names below hold no comma or quote.
expect_column() {
    tr -d '\r' <"$TMP/out" | tail -n +2 | cut -d, -f"$1" >"$TMP/column"
    printf '%s\n' "$2" | cmp -s - "$TMP/column"
    check $? "$CMD: column $1" "$(printf '%s' "$2" | tr '\n' '|')" "$(tr '\n' '|' <"$TMP/column")"
}

mkdir -p "$TMP/order"
DB=$(e2e_db "$TMP/order/registry.db")
export TWINREG_DB=$DB

# Added in byte order, which is not the people's: ids 1..8 are Paris, Zwolle, amsterdam,
# Évry, Ångström, Łódź, Seoul, 서울. Paris is twinned with every other, each in its year.
year=2000
for name in Paris Zwolle amsterdam Évry Ångström Łódź Seoul 서울; do
    tw --db "$DB" city add "$name" --country FR
    expect_rc 0
done
for name in Zwolle amsterdam Évry Ångström Łódź Seoul 서울; do
    year=$((year + 1))
    tw --db "$DB" agreement add Paris "$name" --signed "$year"
    expect_rc 0
done
PEOPLE='amsterdam
Ångström
Évry
Łódź
Paris
Seoul
Zwolle
서울'

# ======================================================================================
section "names sort as people sort them"
tw --db "$DB" active --on 2020 --format csv
expect_rc 0
expect_column 2 "$PEOPLE"
tw --db "$DB" active --on 2020 --format json
expect_rc 0
expect_json_eq '$[4].city' "Paris"
expect_json_eq '$[4].partners' '["amsterdam","Ångström","Évry","Łódź","Seoul","Zwolle","서울"]'
expect_json_eq '$[4].partner_ids' '[3,5,4,6,7,2,8]'
tw --db "$DB" partners Paris --on 2020 --format csv
expect_rc 0
expect_column 2 "$(printf '%s\n' "$PEOPLE" | grep -vx Paris)"
tw --db "$DB" partners Zwolle --depth 2 --on 2020 --format csv
expect_rc 0
expect_column 3 "Paris
amsterdam
Ångström
Évry
Łódź
Seoul
서울"
# One folded key, three spellings: the name as written (bytes) breaks the tie, then the id.
tw --db "$DB" city add paris --country DE
expect_rc 0
tw --db "$DB" agreement add paris,DE Zwolle --signed 2019
expect_rc 0
tw --db "$DB" partners Zwolle --on 2020 --format csv
expect_rc 0
expect_column 2 "Paris
paris"

# ======================================================================================
section "--sort FIELD and -FIELD"
tw --db "$DB" city list --sort name --format csv
expect_rc 0
expect_column 2 "amsterdam
Ångström
Évry
Łódź
Paris
paris
Seoul
Zwolle
서울"
tw --db "$DB" city list --sort -name --format csv
expect_rc 0
expect_column 2 "서울
Zwolle
Seoul
paris
Paris
Łódź
Évry
Ångström
amsterdam"
tw --db "$DB" city list --sort -id --format csv
expect_rc 0
expect_column 1 "9
8
7
6
5
4
3
2
1"
# Ties keep the command's own order (by id) in both directions.
tw --db "$DB" city list --sort -country --format csv
expect_rc 0
expect_column 1 "1
2
3
4
5
6
7
8
9"
tw --db "$DB" agreement list --sort -signed_on --format csv
expect_rc 0
expect_column 1 "8
7
6
5
4
3
2
1"
# An undated agreement (a null signed_on) stays last in both directions.
tw --db "$DB" agreement add Seoul 서울 --signed unknown
expect_rc 0
for sort in signed_on -signed_on; do
    tw --db "$DB" agreement list --sort "$sort" --format csv
    expect_rc 0
    tr -d '\r' <"$TMP/out" | tail -n 1 | grep -q '^9,'
    check $? "$CMD: the undated agreement last" "9 last" "$(excerpt "$TMP/out")"
done
tw --db "$DB" active --on 2020 --sort -count --format ndjson
expect_rc 0
expect_ndjson 9
head -n 1 "$TMP/out" >"$TMP/first.json"
[ "$(jsql "$TMP/first.json" "SELECT json_extract({J}, '\$.city')")" = Paris ]
check $? "$CMD: the most twinned first" "Paris" "$(cat "$TMP/first.json")"
tw --db "$DB" active --on 2020 --sort count --format table
expect_rc 0
tail -n 1 "$TMP/out" | grep -q '^1  *Paris '
check $? "$CMD: table, the most twinned last" "Paris last" "$(excerpt "$TMP/out")"
# history lists the newest first; sorted by id, the oldest.
tw --db "$DB" history --sort id --format csv
expect_rc 0
expect_column 1 "$(seq 18)"
tw --db "$DB" cousins amsterdam --on 2020 --sort -city --format csv
expect_rc 0
expect_column 2 "서울
Zwolle
Seoul
Łódź
Évry
Ångström"

# ======================================================================================
section "--limit N"
tw --db "$DB" city list --sort name --limit 3 --format json
expect_rc 0
expect_json_eq '$' '[{"id":3,"name":"amsterdam","country":"FR","aliases":[],"region":null,"lat":null,"lon":null,"wikidata":null},{"id":5,"name":"Ångström","country":"FR","aliases":[],"region":null,"lat":null,"lon":null,"wikidata":null},{"id":4,"name":"Évry","country":"FR","aliases":[],"region":null,"lat":null,"lon":null,"wikidata":null}]'
tw --db "$DB" city list --limit 2 --format csv
expect_rc 0
expect_column 2 "Paris
Zwolle"
tw --db "$DB" active --on 2020 --limit 2 --format csv
expect_rc 0
expect_column 2 "amsterdam
Ångström"
tw --db "$DB" agreement list --sort signed_on --limit 1 --format table
expect_rc 0
[ "$(wc -l <"$TMP/out")" -eq 2 ] && grep -q '^1 ' "$TMP/out"
check $? "$CMD: header and agreement 1" "2 lines, agreement 1" "$(excerpt "$TMP/out")"
tw --db "$DB" city list --limit 100 --format ndjson
expect_rc 0
expect_ndjson 9

# ======================================================================================
section "active: every party of an agreement, each partner once, ids kept as imported"
# active counts and lists in memory (src/store/query_active.c): a three-party agreement
# gives each city both others; a second agreement with a partner counts, but lists it once;
# --country keeps the cities of that country with all their partners; ids far apart (other
# systems' numbers, kept as they are) are looked up another way than twinreg's own.
mkdir -p "$TMP/active"
ADB=$(e2e_db "$TMP/active/registry.db")
printf '%s\n' '{"type":"city","id":7000000,"name":"Oslo","country":"NO"}' \
    '{"type":"city","id":3,"name":"bergen","country":"NO"}' \
    '{"type":"city","id":90000000,"name":"Åbo","country":"FI"}' \
    '{"type":"agreement","id":1,"kind":"sister-city","signed_on":"2001","parties":[7000000,3,90000000]}' \
    '{"type":"agreement","id":2,"kind":"friendship","signed_on":"2005","parties":[3,7000000]}' \
    >"$TMP/active/sparse.ndjson"
tw --db "$ADB" import "$TMP/active/sparse.ndjson"
expect_rc 0
tw --db "$ADB" active --on 2010 --format csv
expect_rc 0
expect_out_eq "$(printf '%s\r\n' 'city_id,city,country,count,partners,partner_ids' \
    '90000000,Åbo,FI,1,bergen; Oslo,3; 7000000' '3,bergen,NO,2,Åbo; Oslo,90000000; 7000000' \
    '7000000,Oslo,NO,2,Åbo; bergen,90000000; 3')"
tw --db "$ADB" active --on 2003 --country NO --format json
expect_rc 0
expect_json_eq '$[0].city' 'bergen'
expect_json_eq '$[1].city' 'Oslo'
expect_json_type '$[2]' ''
expect_json_eq '$[1].partner_ids' '[90000000,3]'
expect_json_eq '$[1].count' '1'
tw --db "$ADB" active --on 2000 --format csv
expect_rc 0
expect_out_eq "$(printf '%s\r\n' 'city_id,city,country,count,partners,partner_ids')"

# ======================================================================================
section "refusals: exit 2, one line naming what is valid, database unchanged"
reject 2 "unknown sort field 'population': use id, name, country" -- city list --sort population
reject 2 "unknown sort field 'partners': use city_id, city, country, count" -- \
    active --sort -partners
reject 2 "--limit must be a positive whole number, got '0'" -- agreement list --limit 0
reject 2 "--limit must be a positive whole number, got '-1'" -- partners Paris --limit -1
reject 2 "--limit must be a positive whole number, got 'ten'" -- city list --limit ten
reject 2 "unknown sort field" -- framework list --sort ''

# ======================================================================================
section "completion offers the fields"
tw --db "$DB" __complete 2 active --sort ''
expect_rc 0
expect_out_has "city_id"
expect_out_has "count"
expect_out_lacks "partners"

e2e_finish 60 60
