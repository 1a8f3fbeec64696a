#!/usr/bin/env bash
# The map in a real browser (issue 17): chromium opens the page `map` writes, runs it, and
# its DOM holds one point per located city and one arc per two located parties of an
# agreement, as SQL counts them apart, for the whole registry, a filter and --city; titles
# for hover; the notice over --limit; no error on the console or in the page. A
# screenshot of each page is taken (kept in $BROWSER_SHOTS when set). The harness proves
# it can fail: a page that throws is told apart.
# Usage: bash tests/browser/map.sh /path/to/twinreg
# Exits 77 (CTest: skipped) only when no chromium is installed; the README's test command
# installs it, so CI never skips.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
browser_require
# shellcheck source=../e2e/lib.sh
. "$HERE/../e2e/lib.sh"
# shellcheck source=../e2e/map_counts.sh
. "$HERE/../e2e/map_counts.sh"
e2e_setup "../browser/map.sh" "$@"

mkdir -p "$TMP/browser"
DB=$(e2e_db "$TMP/browser/registry.db")
map_registry

# page NAME ARGS...: `map ARGS -o NAME.html` opened in chromium: its DOM in $DOM, and a
# screenshot taken; no error in the page or on its console.
page() {
    local name=$1 errors
    shift
    tw --db "$DB" map "$@" -o "$TMP/browser/$name.html"
    expect_rc 0
    DOM=$TMP/browser/$name.dom
    browser_dom "$TMP/browser/$name.html" "$DOM"
    check $? "$name: chromium dumps the DOM" "exit 0" "$(excerpt "$DOM.log")"
    grep -q '</svg>' "$DOM"
    check $? "$name: the DOM holds the map" "an <svg>" "$(excerpt "$DOM")"
    errors=$(browser_errors "$DOM")
    [ -z "$errors" ]
    check $? "$name: no error in the page or on the console" "none" "$errors"
    browser_shot "$TMP/browser/$name.html" "$TMP/browser/$name.png" 1040 640
    [ "$(head -c 8 "$TMP/browser/$name.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
    check $? "$name: a PNG screenshot" "a PNG" "$(excerpt "$TMP/browser/$name.png.log")"
    if [ -n "${BROWSER_SHOTS:-}" ]; then
        mkdir -p "$BROWSER_SHOTS" && cp "$TMP/browser/$name.png" "$BROWSER_SHOTS/"
    fi
}

# expect_drawn NAME WHERE ARGS...: the page's DOM draws what SQL counts under WHERE.
expect_drawn() {
    local name=$1 where=$2 arcs cities
    shift 2
    arcs=$(map_arcs_of "$where")
    cities=$(map_cities_of "$where")
    page "$name" "$@"
    [ "$arcs" -gt 0 ] && [ "$(map_count_in "$DOM" '<path d=')" = "$arcs" ]
    check $? "$name: arcs in the DOM" "$arcs" "$(map_count_in "$DOM" '<path d=')"
    [ "$(map_count_in "$DOM" '<circle ')" = "$cities" ]
    check $? "$name: city points in the DOM" "$cities" "$(map_count_in "$DOM" '<circle ')"
    # Every point and arc has its title (what hover shows), besides the page's own.
    [ "$(map_count_in "$DOM" '<title>')" = "$((arcs + cities + 1))" ]
    check $? "$name: titles" "$((arcs + cities + 1))" "$(map_count_in "$DOM" '<title>')"
}

section "the harness"
printf '%s\n' '<!DOCTYPE html><html><head><script>window.onerror=function(m){' \
    "document.documentElement.setAttribute('data-errors',m);};</script></head>" \
    '<body><script>nowhere();</script></body></html>' >"$TMP/browser/broken.html"
browser_dom "$TMP/browser/broken.html" "$TMP/browser/broken.dom"
browser_errors "$TMP/browser/broken.dom" | grep -q "nowhere is not defined"
check $? "a page that throws is told" "nowhere is not defined" \
    "$(browser_errors "$TMP/browser/broken.dom")"

section "counts"
expect_drawn all "1=1"
grep -q '<title>Sofia (BG) – [^<]*: sister-city, ' "$DOM"
check $? "an arc's title in the DOM" "Sofia (BG) – ...: sister-city" "$(excerpt "$DOM")"
expect_drawn country-bg "$(map_in_country BG)" --country BG
expect_drawn city-tryavna "$(map_with_city Tryavna)" --city Tryavna
grep -q '<title>Agreements of Tryavna</title>' "$DOM"
check $? "--city: the page's title" "Agreements of Tryavna" "$(grep -o '<h1>[^<]*' "$DOM")"

section "limit"
arcs=$(map_arcs_of "1=1")
page limit --limit 9
[ "$(map_count_in "$DOM" '<path d=')" = 9 ]
check $? "--limit 9: arcs in the DOM" "9" "$(map_count_in "$DOM" '<path d=')"
grep -q "<p class=\"notice\" id=\"notice\">$((arcs - 9)) of $arcs arcs left out" "$DOM"
check $? "--limit 9: the notice in the page" "$((arcs - 9)) of $arcs arcs left out" \
    "$(grep -o '<p class="notice"[^<]*' "$DOM")"

e2e_finish 35 35
