#!/usr/bin/env bash
# The report's printable page in a real browser (issue 17): chromium opens the page of
# Seoul–Mexico City that `report --format html` writes, and its DOM holds one timeline lane
# per agreement of the report, the small map with the pair's two cities and their arc, the
# titles for hover, and no error; a screenshot is taken (kept in $BROWSER_SHOTS when set).
# Usage: bash tests/browser/report.sh /path/to/twinreg
# Exits 77 (CTest: skipped) only when no chromium is installed; the README's test command
# installs it, so CI never skips.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
browser_require
# shellcheck source=../e2e/lib.sh
. "$HERE/../e2e/lib.sh"
e2e_setup "../browser/report.sh" "$@"

mkdir -p "$TMP/browser"
DB=$(e2e_db "$TMP/browser/registry.db")
tw --db "$DB" init --sample
expect_rc 0
tw --db "$DB" city update Seoul --lat 37.5665 --lon 126.978
expect_rc 0
tw --db "$DB" city update 'Mexico City' --lat 19.4326 --lon -99.1332
expect_rc 0
tw --db "$DB" report Seoul 'Mexico City' --format json
lanes=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["agreements"]))' \
    "$TMP/out")

section "the page of Seoul–Mexico City"
tw --db "$DB" report Seoul 'Mexico City' --format html
expect_rc 0
cp "$TMP/out" "$TMP/browser/report.html"
DOM=$TMP/browser/report.dom
browser_dom "$TMP/browser/report.html" "$DOM"
check $? "chromium dumps the DOM" "exit 0" "$(excerpt "$DOM.log")"
errors=$(browser_errors "$DOM")
[ -z "$errors" ]
check $? "no error in the page or on the console" "none" "$errors"
got=$(grep -o 'class="lane" data-agreement="[0-9]*"' "$DOM" | wc -l)
[ "$got" -eq "$lanes" ] && [ "$lanes" -ge 3 ]
check $? "one timeline lane per agreement" "$lanes" "$got"
got=$(grep -o '<circle cx=' "$DOM" | wc -l)
[ "$got" -eq 2 ]
check $? "the small map: the pair's two cities" 2 "$got"
grep -q "<title>Seoul (KR) – Mexico City (MX): $lanes agreements</title>" "$DOM"
check $? "the arc's title" "Seoul (KR) – Mexico City (MX): $lanes agreements" "$(excerpt "$DOM")"
grep -q '<h1>Seoul (KR) – Mexico City (MX)</h1>' "$DOM"
check $? "the page's heading" "Seoul (KR) – Mexico City (MX)" "$(grep -o '<h1>[^<]*' "$DOM")"
browser_shot "$TMP/browser/report.html" "$TMP/browser/report.png" 1000 1400
[ "$(head -c 8 "$TMP/browser/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
check $? "a PNG screenshot" "a PNG" "$(excerpt "$TMP/browser/report.png.log")"
if [ -n "${BROWSER_SHOTS:-}" ]; then
    mkdir -p "$BROWSER_SHOTS" && cp "$TMP/browser/report.png" "$BROWSER_SHOTS/"
fi

e2e_finish 11 11
