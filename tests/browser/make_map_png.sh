#!/usr/bin/env bash
# Remakes docs/map.png, the README's picture of `map`: the whole Wikidata extract of sister
# cities (sistercities.tsv, 13,081 rows; tests/data/README.md says where it comes from)
# imported into a scratch registry, mapped, and photographed by chromium headless.
# Usage: bash tests/browser/make_map_png.sh /path/to/twinreg [sistercities.tsv] [out.png]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
TW=$1
TSV=${2:-/work/shared/data/real/sistercities.tsv}
PNG=${3:-$HERE/../../docs/map.png}
browser_find || { echo "make_map_png: no chromium (apt-get install chromium)" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
MAP=city1=origincityLabel,country1=origincountry,lat1=originlat,lon1=originlong
MAP=$MAP,city2=sistercityLabel,country2=destination_countryLabel
MAP=$MAP,lat2=destinationlat,lon2=destinationlong
"$TW" --db "$WORK/registry.db" import "$TSV" --map "$MAP" --skip-invalid 2>"$WORK/import.err" ||
    { cat "$WORK/import.err" >&2; exit 1; }
"$TW" --db "$WORK/registry.db" map -o "$WORK/map.html"
browser_shot "$WORK/map.html" "$PNG" 1040 660
rm -f "$PNG.log"
echo "make_map_png: $PNG, a page of $(stat -c %s "$WORK/map.html") bytes, from $(tail -n 1 "$WORK/import.err")"
