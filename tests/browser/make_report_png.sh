#!/usr/bin/env bash
# Remakes docs/report.png, the README's picture of `report --format html`: the reference
# data set's Seoul–Mexico City, with the two cities' coordinates (Wikidata's) added so that
# the page draws its small map, photographed by chromium headless.
# Usage: bash tests/browser/make_report_png.sh /path/to/twinreg [out.png]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
TW=$1
PNG=${2:-$HERE/../../docs/report.png}
browser_find || { echo "make_report_png: no chromium (apt-get install chromium)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/registry.db
"$TW" --db "$DB" init --sample 2>/dev/null
"$TW" --db "$DB" city update Seoul --lat 37.5665 --lon 126.978 2>/dev/null
"$TW" --db "$DB" city update 'Mexico City' --lat 19.4326 --lon -99.1332 2>/dev/null
"$TW" --db "$DB" report Seoul 'Mexico City' --format html >"$WORK/report.html"
browser_shot "$WORK/report.html" "$PNG" 1000 1400
rm -f "$PNG.log"
echo "make_report_png: $PNG"
