#!/usr/bin/env bash
# End-to-end tests of `map` (issue 17): the page holds one point per located city and one
# arc per two located parties of an agreement, as SQL counts them apart, for the whole
# registry, a filter and --city; the notices (cities without coordinates, arcs over
# --limit); stdout and -o FILE alike; a page that fetches nothing; bad inputs refused with
# their exit status, the database unchanged. The browser's view is tests/browser/map.sh.
# Usage: bash tests/e2e/map.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
# shellcheck source=map_counts.sh
. "$HERE/map_counts.sh"
e2e_setup "map.sh" "$@"

mkdir -p "$TMP/map"
DB=$(e2e_db "$TMP/map/registry.db")
map_registry

# expect_map WHAT WHERE ARGS...: `map ARGS` draws what SQL counts under WHERE.
expect_map() {
    local what=$1 where=$2 arcs cities unlocated
    shift 2
    arcs=$(map_arcs_of "$where")
    cities=$(map_cities_of "$where")
    unlocated=$(map_unlocated_of "$where")
    [ "$arcs" -gt 0 ]
    check $? "$what: the registry has arcs to draw" "some" "$arcs"
    tw --db "$DB" map "$@"
    expect_rc 0
    [ "$(map_count_in "$TMP/out" '<path d=')" = "$arcs" ]
    check $? "$what: arcs drawn" "$arcs" "$(map_count_in "$TMP/out" '<path d=')"
    [ "$(map_count_in "$TMP/out" '<circle ')" = "$cities" ]
    check $? "$what: cities drawn" "$cities" "$(map_count_in "$TMP/out" '<circle ')"
    if [ "$unlocated" -gt 0 ]; then
        expect_err_has "$unlocated cities without coordinates not drawn"
    else
        expect_err_lacks_notice
    fi
}
expect_err_lacks_notice() {
    [ ! -s "$TMP/err" ]
    check $? "$CMD: no notice" "(empty stderr)" "$(excerpt "$TMP/err")"
}

section "counts"
snap
expect_map "the whole registry" "1=1"
expect_unchanged
expect_map "--country BG" "$(map_in_country BG)" --country BG
expect_map "--city Tryavna" "$(map_with_city Tryavna)" --city Tryavna
expect_map "--country DE" "$(map_in_country DE)" --country DE

section "page"
tw --db "$DB" map --city Sofia
expect_rc 0
expect_out_has "<!DOCTYPE html>"
expect_out_has "<title>Agreements of Sofia</title>"
# Hover titles: the city, and both parties with the kind and the date of an agreement.
expect_out_has "<title>Sofia (BG)</title>"
grep -q "<title>Sofia (BG) – [^<]*: sister-city, " "$TMP/out"
check $? "an arc's title names both parties and the kind" "Sofia (BG) – ...: sister-city" \
    "$(grep -o '<title>Sofia (BG) – [^<]*' "$TMP/out" | head -1)"
# Nothing fetched when viewed: no source, link or url() but the SVG namespace.
[ "$(grep -o 'https\?://[^"]*' "$TMP/out" | sort -u)" = "http://www.w3.org/2000/svg" ]
check $? "the page names no other address than the SVG namespace" "http://www.w3.org/2000/svg" \
    "$(grep -o 'https\?://[^"]*' "$TMP/out" | sort -u | tr '\n' ' ')"
! grep -qE ' (src|href)=|url\(|@import' "$TMP/out"
check $? "the page loads nothing" "no src, href, url() or @import" \
    "$(grep -oE ' (src|href)=|url\(|@import' "$TMP/out" | head -1)"
# The outlines: one path holding every ring of Natural Earth's 110m countries.
[ "$(grep -c 'class="land"' "$TMP/out")" = 1 ]
check $? "one path of outlines" "1" "$(grep -c 'class="land"' "$TMP/out")"
[ "$(grep -o 'class="land" d="[^"]*' "$TMP/out" | tr -cd z | wc -c)" -ge 280 ]
check $? "the outlines' rings" "at least 280" "$(grep -o 'class="land" d="[^"]*' "$TMP/out" |
    tr -cd z | wc -c)"

section "output"
tw --db "$DB" map --country BG
cp "$TMP/out" "$TMP/map/stdout.html"
tw --db "$DB" map --country BG -o "$TMP/map/short.html"
expect_rc 0
expect_out_empty
cmp -s "$TMP/map/stdout.html" "$TMP/map/short.html"
check $? "-o FILE holds what stdout does" "identical" "$(cmp "$TMP/map/stdout.html" \
    "$TMP/map/short.html" 2>&1)"
tw --db "$DB" map --country BG --output "$TMP/map/long.html"
cmp -s "$TMP/map/stdout.html" "$TMP/map/long.html"
check $? "--output FILE holds what stdout does" "identical" "differs"
tw --db "$DB" map --country BG -o -
expect_out_same "$TMP/map/stdout.html" "map without -o"

section "limit"
arcs=$(map_arcs_of "1=1")
tw --db "$DB" map --limit 7
expect_rc 0
[ "$(map_count_in "$TMP/out" '<path d=')" = 7 ]
check $? "--limit 7: arcs drawn" "7" "$(map_count_in "$TMP/out" '<path d=')"
expect_err_has "$((arcs - 7)) of $arcs arcs left out"
expect_out_has "class=\"notice\""
expect_out_has "$((arcs - 7)) of $arcs arcs left out"
tw --db "$DB" map --limit "$arcs"
expect_out_lacks "class=\"notice\""

section "bad input"
reject 3 "city 'Atlantis': not found" -- --db "$DB" map --city Atlantis
reject 5 "cannot write '$TMP/map/missing/m.html'" -- --db "$DB" map -o "$TMP/map/missing/m.html"
[ ! -e "$TMP/map/missing" ]
check $? "no folder made for -o" "none" "$(ls -d "$TMP/map/missing" 2>&1)"
reject 2 "--since 2020 is after --until 2010" -- --db "$DB" map --since 2020 --until 2010
reject 2 "--on needs --active" -- --db "$DB" map --on 2020
reject 2 "--limit must be a positive whole number, got '0'" -- --db "$DB" map --limit 0
reject 2 "unknown option '-x'" -- --db "$DB" map -x
reject 2 "option '-o' needs a value" -- --db "$DB" map -o
reject 4 "invalid date '2020-13'" -- --db "$DB" map --since 2020-13
reject 4 "unknown country 'XX'" -- --db "$DB" map --country XX
reject 2 "unexpected argument 'Sofia'" -- --db "$DB" map Sofia

e2e_finish 104 104
