#!/usr/bin/env bash
# End-to-end tests of reconciling lists (issue 17): compare FILE against a registry imported
# from the real Wikidata extract (everything in both; after 10 removals exactly those 10
# only in the file; a changed field told as differing, with both values), its formats and
# exit statuses, the database unchanged by every compare, and import's coordinates: filled
# in where a city has none, replaced only with --update-coordinates, undone by one undo.
# Usage: bash tests/e2e/compare.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "compare.sh" "$@"

TSV="$HERE/../data/sistercities-subset.tsv"
NAMES="city1=origincityLabel,country1=origincountry,city2=sistercityLabel"
NAMES="$NAMES,country2=destination_countryLabel"
PLACES="lat1=originlat,lon1=originlong,lat2=destinationlat,lon2=destinationlong"
MAP=(--map "$NAMES,$PLACES")

# A compare writes nothing: the registry's bytes (SQLite) or rows (a server, whose
# sequences an import run inside a rolled-back transaction may move) are as snap took them.
expect_untouched() { expect_unchanged_but_ids; }
# count SIDE: the rows of side SIDE in the last NDJSON output.
count() { grep -c "\"side\": \"$1\"" "$TMP/out"; }
# expect_counts BOTH FILE REGISTRY DIFFERS INVALID: the last --summary --format json.
expect_counts() {
    local got
    got=$(jsql "$TMP/out" "SELECT group_concat(json_extract(value, '\$.agreements'), ' ')
                           FROM json_each({J});")
    [ "$got" = "$*" ]
    check $? "$CMD: counts (both file registry differs invalid)" "$*" "$got"
}

mkdir -p "$TMP/c"
DB=$(e2e_db "$TMP/c/registry.db")
tw --db "$DB" import "$TSV" "${MAP[@]}" --skip-invalid
expect_rc 0

# The rows the import skips, counted apart from the extract (tests/data/README.md lists
# them): two pairs of homonymous towns twinned with themselves, five unknown countries.
ROWS=$(($(wc -l <"$TSV") - 1))
INVALID=$(grep -cE $'\t(Prussia|Kingdom of Hungary|Luhansk People\'s Republic|t430222130|t431453150)(\t|$)|^(Ennery|Falkenstein)\t' "$TSV")
VALID=$((ROWS - INVALID))

# ======================================================================================
section "the file it was imported from: everything in both, exit 0, nothing written"

snap
tw --db "$DB" compare "$TSV" "${MAP[@]}" --summary --format json
expect_rc 0
expect_counts "$VALID 0 0 0 $INVALID"
expect_err_has "compare: $VALID in both, 0 only in the file, 0 only in the registry, 0 differ"
expect_untouched

tw --db "$DB" compare "$TSV" "${MAP[@]}" --format ndjson
expect_rc 0
expect_ndjson "$ROWS"
expect_out_lacks '"side": "file"'
# Each invalid row is told with the file's own line and import's reason.
PRUSSIA=$(grep -n -m1 $'\tPrussia\t' "$TSV" | cut -d: -f1)
grep -q "\"side\": \"invalid\", \"line\": $PRUSSIA, .*unknown country 'Prussia'" "$TMP/out"
check $? "$CMD: the Prussia row is invalid at line $PRUSSIA" "line $PRUSSIA" "$(grep Prussia "$TMP/out")"
ENNERY=$(grep -n -m1 $'^Ennery\t' "$TSV" | cut -d: -f1)
grep -q "\"line\": $ENNERY, .*twinned with itself" "$TMP/out"
check $? "$CMD: the Ennery row is invalid at line $ENNERY" "line $ENNERY" "$(grep Ennery "$TMP/out")"
expect_untouched
cp "$TMP/out" "$TMP/c/before.ndjson"

# A pair listed once (either direction) in the extract: the agreements to remove.
ONCE=$(python3 - "$TMP/c/before.ndjson" <<'EOF'
import json, sys, collections
rows = [json.loads(l) for l in open(sys.argv[1])]
n = collections.Counter(r["id"] for r in rows if r["side"] == "both")
print(" ".join(str(i) for i in sorted(i for i, k in n.items() if k == 1)[:10]))
EOF
)
WANT_LINES=$(python3 - "$TMP/c/before.ndjson" "$ONCE" <<'EOF'
import json, sys
ids = {int(i) for i in sys.argv[2].split()}
rows = [json.loads(l) for l in open(sys.argv[1])]
print(" ".join(str(r["line"]) for r in rows if r["side"] == "both" and r["id"] in ids))
EOF
)

# ======================================================================================
section "10 agreements removed: exactly those 10 only in the file, exit 1"

for id in $ONCE; do
    tw --db "$DB" agreement remove "$id"
    expect_rc 0
done
snap
tw --db "$DB" compare "$TSV" "${MAP[@]}" --format ndjson
expect_rc 1
GOT_LINES=$(python3 -c '
import json, sys
print(" ".join(str(r["line"]) for r in map(json.loads, open(sys.argv[1])) if r["side"] == "file"))
' "$TMP/out")
[ "$GOT_LINES" = "$WANT_LINES" ] && [ "$(echo "$GOT_LINES" | wc -w)" -eq 10 ]
check $? "$CMD: the removed agreements' lines, only in the file" "$WANT_LINES" "$GOT_LINES"
[ "$(count both)" -eq $((VALID - 10)) ]
check $? "$CMD: the others in both" "$((VALID - 10))" "$(count both)"
expect_untouched
tw --db "$DB" compare "$TSV" "${MAP[@]}" --summary --format json
expect_rc 1
expect_counts "$((VALID - 10)) 10 0 0 $INVALID"

# ======================================================================================
section "an agreement only in the registry, read with its parties' names"

tw --db "$DB" agreement add Sofia Pernik --signed 2001-05-09
expect_rc 0
NEW=$(sed -n 's/.*agreement \([0-9]*\).*/\1/p' "$TMP/err" | head -n 1)
tw --db "$DB" compare "$TSV" "${MAP[@]}" --format json
expect_rc 1
jsql "$TMP/out" "SELECT json_extract(value, '\$.id') || '|' || json_extract(value, '\$.signed_on')
                 || '|' || json_extract(value, '\$.parties')
                 FROM json_each({J}) WHERE json_extract(value, '\$.side') = 'registry';" \
    >"$TMP/c/registry"
grep -qx "$NEW|2001-05-09|\[\"Pernik (BG)\",\"Sofia (BG)\"\]" "$TMP/c/registry" ||
    grep -qx "$NEW|2001-05-09|\[\"Sofia (BG)\",\"Pernik (BG)\"\]" "$TMP/c/registry"
check $? "$CMD: agreement $NEW only in the registry" "$NEW|2001-05-09|Sofia, Pernik" "$(cat "$TMP/c/registry")"

# ======================================================================================
section "a changed field differs, with both values (CSV lines, JSON record numbers)"

DB2=$(e2e_db "$TMP/c/small.db")
tw --db "$DB2" import "$TSV" "${MAP[@]}" --skip-invalid
expect_rc 0
tw --db "$DB2" agreement update 2 --title "Pernik and Graz"
expect_rc 0
tw --db "$DB2" export --format csv
expect_rc 0
cp "$TMP/out" "$TMP/c/export.csv"
tw --db "$DB2" export
cp "$TMP/out" "$TMP/c/export.json"
tw --db "$DB2" agreement update 2 --title "Graz and Pernik"
expect_rc 0
DB=$DB2
snap
tw --db "$DB2" compare "$TMP/c/export.csv" --format json
expect_rc 1
jsql "$TMP/out" "SELECT json_extract(value, '\$.id') || '|' || json_extract(value, '\$.line') || '|'
                 || json_extract(value, '\$.differences.title.file') || '|'
                 || json_extract(value, '\$.differences.title.registry')
                 FROM json_each({J}) WHERE json_extract(value, '\$.side') = 'differs';" \
    >"$TMP/c/differs"
LINE2=$(grep -n -m1 '^2,' "$TMP/c/export.csv" | cut -d: -f1)
[ "$(cat "$TMP/c/differs")" = "2|$LINE2|Pernik and Graz|Graz and Pernik" ]
check $? "$CMD: agreement 2's title differs" "2|$LINE2|Pernik and Graz|Graz and Pernik" "$(cat "$TMP/c/differs")"
expect_untouched
tw --db "$DB2" compare "$TMP/c/export.csv" --format csv
expect_rc 1
expect_csv "$(($(wc -l <"$TMP/c/export.csv") - 1))" side line id parties kind signed_on differences reason
tw --db "$DB2" compare "$TMP/c/export.csv"
expect_rc 1
expect_out_has 'title: "Graz and Pernik" → "Pernik and Graz"'
tw --db "$DB2" compare "$TMP/c/export.json" --summary --format json
expect_rc 1
# The export holds each agreement once, where the extract repeats some pairs.
AGREEMENTS=$(jsql "$TMP/c/export.json" "SELECT json_array_length({J}, '\$.agreements');")
expect_counts "$((AGREEMENTS - 1)) 0 0 1 0"
expect_untouched

# ======================================================================================
section "bad input: the exit status, one message, the registry unchanged"

printf 'city1,country1,city2\nSofia,BG,Pernik\n' >"$TMP/c/no-country.csv"
printf '[{"format": "twinreg"' >"$TMP/c/broken.json"
WROTE=1 reject 5 "cannot read" -- --db "$DB" compare "$TMP/c/missing.tsv"
WROTE=1 reject 2 "--map: unknown field 'town1'" -- --db "$DB" compare "$TSV" --map town1=x
WROTE=1 reject 4 "no 'country2' column" -- --db "$DB" compare "$TMP/c/no-country.csv"
WROTE=1 reject 4 "broken.json" -- --db "$DB" compare "$TMP/c/broken.json"
WROTE=1 reject 2 "unknown import format 'xml'" -- --db "$DB" compare "$TSV" --input-format xml
WROTE=1 reject 2 "no markdown output" -- --db "$DB" compare "$TSV" --format markdown
WROTE=1 reject 2 "compare" -- --db "$DB" compare
# Malformed rows are told, with their line and reason, and make no difference.
{ printf 'city1,country1,city2,country2\n'; printf 'Sofia,BG,Pernik\n'; printf 'Sofia,Atlantis,Pernik,BG\n'; } >"$TMP/c/rows.csv"
DB3=$(e2e_db "$TMP/c/empty.db")
on_pg || tw --db "$DB3" init
DB=$DB3
snap
tw --db "$DB3" compare "$TMP/c/rows.csv" --format json
expect_rc 0
expect_json_eq '$[0].side' invalid
expect_json_eq '$[0].line' 2
expect_json_eq '$[1].line' 3
expect_out_has "unknown country 'Atlantis'"
expect_untouched

# ======================================================================================
section "import fills in coordinates a city lacks, replaces them only when asked"

DB=$(e2e_db "$TMP/c/coords.db")
tw --db "$DB" import "$TSV" --map "$NAMES" --skip-invalid
expect_rc 0
tw --db "$DB" city update Pernik --lat 1 --lon 2
expect_rc 0
# located: the cities with coordinates.
located() {
    tw --db "$DB" city list --format json
    jsql "$TMP/out" "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.lat') IS NOT NULL;"
}
TOTAL=$(tw --db "$DB" city list --format json; jsql "$TMP/out" "SELECT json_array_length({J});")
[ "$(located)" -eq 1 ]
check $? "only Pernik has coordinates before" 1 "$(located)"
tw --db "$DB" import "$TSV" "${MAP[@]}" --skip-invalid
expect_rc 0
expect_err_has "coordinates filled: $((TOTAL - 1))"
expect_err_has "agreements: $VALID unchanged"
[ "$(located)" -eq "$TOTAL" ]
check $? "every city has coordinates" "$TOTAL" "$(located)"
tw --db "$DB" city show Pernik --format json
expect_json_eq '$.lat' 1.0
expect_json_eq '$.lon' 2.0
tw --db "$DB" undo
expect_rc 0
[ "$(located)" -eq 1 ]
check $? "one undo takes the coordinates back" 1 "$(located)"
tw --db "$DB" import "$TSV" "${MAP[@]}" --skip-invalid --update-coordinates
expect_rc 0
expect_err_has "coordinates filled: $((TOTAL - 1))"
expect_err_has "coordinates replaced:"
tw --db "$DB" city show Pernik --format json
expect_json_eq '$.lat' 42.609722222222
expect_json_eq '$.lon' 23.030833333333
tw --db "$DB" undo
expect_rc 0
tw --db "$DB" city show Pernik --format json
expect_json_eq '$.lat' 1.0
tw --db "$DB" import --help
expect_out_has "--update-coordinates"

e2e_finish 70 70
