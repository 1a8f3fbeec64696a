#!/usr/bin/env bash
# End-to-end tests of import repair: skipped records counted per kind and grouped by
# reason, the rejects file (--rejects) in the input's own format and imported again once
# fixed, and --map's region and wikidata columns. On SQLite, or on a server with
# E2E_ENGINE=postgresql.
# Usage: bash tests/e2e/import_repair.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit. Prints one line per failed check and,
# last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "import_repair.sh" "$@"
DATA="$HERE/../data" IN="$TMP/in"
mkdir -p "$IN"

# use_db NAME: a registry of its own for each part (a database of its own on a server).
use_db() {
    DB=$(e2e_db "$TMP/$1/registry.db")
    if ! on_pg; then
        mkdir -p "$TMP/$1"
        "$TWINREG" --db "$DB" init >/dev/null 2>&1
    fi
    export TWINREG_DB="$DB"
}

# expect_counts TEXT: the last command's counts line (its last line) contains TEXT.
expect_counts() {
    tail -n 1 "$TMP/err" | grep -a -E '^twinreg: (import|dry run):' | grep -qF -- "$1"
    check $? "$CMD: counts" "'$1' in the counts line" "$(excerpt "$TMP/err")"
}

# expect_groups TEXT: the lines of stderr between the last 'skipped' line and the counts
# (the groups by reason, largest first) are exactly TEXT.
expect_groups() {
    grep -a '^twinreg: ' "$TMP/err" | grep -av -e '^twinreg: skipped ' -e '^twinreg: import: ' \
        -e '^twinreg: dry run: ' >"$TMP/groups"
    printf '%s\n' "$1" >"$TMP/groups.expected"
    cmp -s "$TMP/groups" "$TMP/groups.expected"
    check $? "$CMD: groups by reason" "$(excerpt "$TMP/groups.expected")" "$(excerpt "$TMP/groups")"
}

# expect_order: the groups come after every 'skipped' line and before the counts line.
expect_order() {
    awk '/^twinreg: skipped / { if (g) bad = 1; s = 1 }
         /^twinreg: [0-9]+ (row|record)s?: / { g = 1; if (c) bad = 1 }
         /^twinreg: (import|dry run): / { c = 1 }
         END { exit bad || !g || !c }' "$TMP/err"
    check $? "$CMD: skipped lines, then groups, then the counts" "that order" "$(excerpt "$TMP/err")"
}

# expect_file_eq FILE TEXT: FILE holds exactly TEXT and a newline.
expect_file_eq() {
    printf '%s\n' "$2" >"$TMP/file.expected"
    cmp -s "$TMP/file.expected" "$1"
    check $? "$CMD: $(basename "$1")" "$(excerpt "$TMP/file.expected")" "$(excerpt "$1")"
}

expect_err_lines() {
    check $(( $(wc -l <"$TMP/err") == $1 ? 0 : 1 )) "$CMD: stderr lines" "$1" "$(excerpt "$TMP/err")"
}

agreements() {
    "$TWINREG" --db "$DB" agreement list --format csv 2>/dev/null | tail -n +2 | wc -l
}

# ======================================================================================
section "CSV: counts per kind, groups by reason, the rejects file"

use_db csv
cat >"$IN/pairs.csv" <<'EOF'
city1,country1,city2,country2,title
Lyon,FR,Turin,IT,good
Tbilisi,Ruritania (kingdom),Nantes,FR,"one, quoted"
Kutaisi,Ruritania (kingdom),Poitiers,FR,two
Batumi,Ruritania (kingdom),Rennes,France,three
Lyon,FR,Lyon,France,self
Paris,Atlantis,Rome,IT,four
Oslo,NO
EOF
tw import "$IN/pairs.csv" --rejects "$IN/rejects.csv"
expect_rc 0
expect_out_empty
expect_counts "import: 3 inserted, 0 updated, 0 unchanged, 6 skipped (cities: 2 inserted; agreements: 1 inserted, 6 skipped)"
PAIRS_GROUPS="twinreg: 3 rows: unknown country 'Ruritania (kingdom)'
twinreg: 1 row: 2 fields where the header has 5
twinreg: 1 row: invalid parties: a city cannot be twinned with itself ('Lyon', FR is named twice)
twinreg: 1 row: unknown country 'Atlantis'"
expect_groups "$PAIRS_GROUPS"
expect_order
expect_err_has "twinreg: skipped $IN/pairs.csv:3: unknown country 'Ruritania (kingdom)': give"
check $(( $(agreements) == 1 ? 0 : 1 )) "$CMD: one agreement imported" 1 "$(agreements)"
ADVICE="give an ISO 3166-1 code (MX, MEX) or a name"
expect_file_eq "$IN/rejects.csv" "city1,country1,city2,country2,title,reason
Tbilisi,Ruritania (kingdom),Nantes,FR,\"one, quoted\",\"unknown country 'Ruritania (kingdom)': $ADVICE\"
Kutaisi,Ruritania (kingdom),Poitiers,FR,two,\"unknown country 'Ruritania (kingdom)': $ADVICE\"
Batumi,Ruritania (kingdom),Rennes,France,three,\"unknown country 'Ruritania (kingdom)': $ADVICE\"
Lyon,FR,Lyon,France,self,\"invalid parties: a city cannot be twinned with itself ('Lyon', FR is named twice)\"
Paris,Atlantis,Rome,IT,four,\"unknown country 'Atlantis': $ADVICE\"
Oslo,NO,2 fields where the header has 5"

# Fixed (the reason column left in: import ignores columns it does not know), imported
# again: the missing rows go in, the one still wrong is rejected again.
sed -e 's/Ruritania (kingdom)/Georgia/' -e 's/Atlantis/FR/' -e '/^Oslo/d' "$IN/rejects.csv" \
    >"$IN/fixed.csv"
tw import "$IN/fixed.csv" --rejects "$IN/rejects2.csv"
expect_rc 0
expect_counts "import: 12 inserted, 0 updated, 0 unchanged, 1 skipped (cities: 8 inserted; agreements: 4 inserted, 1 skipped)"
expect_groups "twinreg: 1 row: invalid parties: a city cannot be twinned with itself ('Lyon', FR is named twice)"
check $(( $(agreements) == 5 ? 0 : 1 )) "$CMD: the fixed rows imported" 5 "$(agreements)"
expect_file_eq "$IN/rejects2.csv" "city1,country1,city2,country2,title,reason,reason
Lyon,FR,Lyon,France,self,\"invalid parties: a city cannot be twinned with itself ('Lyon', FR is named twice)\",\"invalid parties: a city cannot be twinned with itself ('Lyon', FR is named twice)\""

# A file with nothing to reject: the rejects file, replaced, has the header only.
cp "$IN/rejects.csv" "$IN/first.csv"
printf 'city1,country1,city2,country2\nLyon,FR,Turin,IT\n' >"$IN/clean.csv"
tw import "$IN/clean.csv" --rejects "$IN/rejects.csv"
expect_rc 0
expect_counts "import: 0 inserted, 0 updated, 1 unchanged, 0 skipped (agreements: 1 unchanged)"
expect_err_lines 1
expect_file_eq "$IN/rejects.csv" "city1,country1,city2,country2,reason"

# ======================================================================================
section "TSV: the Wikidata subset, grouped, fixed and imported again"

use_db tsv
MAP=(--map city1=origincityLabel,country1=origincountry,lat1=originlat,lon1=originlong
     --map city2=sistercityLabel,country2=destination_countryLabel,lat2=destinationlat,lon2=destinationlong)
tw import "$DATA/sistercities-subset.tsv" "${MAP[@]}" --rejects "$IN/rejects.tsv"
expect_rc 0
expect_counts "9 skipped (cities:"
expect_counts "import: 518 inserted, 0 updated, 78 unchanged, 9 skipped (cities: 276 inserted; agreements: 242 inserted, 78 unchanged, 9 skipped)"
expect_groups "twinreg: 2 rows: invalid parties: a city cannot be twinned with itself ('Ennery', FR is named twice)
twinreg: 2 rows: invalid parties: a city cannot be twinned with itself ('Falkenstein', DE is named twice)
twinreg: 1 row: unknown country 'Kingdom of Hungary'
twinreg: 1 row: unknown country 'Luhansk People's Republic'
twinreg: 1 row: unknown country 'Prussia'
twinreg: 1 row: unknown country 't430222130'
twinreg: 1 row: unknown country 't431453150'"
BEFORE=$(agreements)
# The rejects keep the input's 12 tab-separated columns, and a 13th: the reason.
awk -F'\t' 'NF != 13 { bad = 1 } END { exit bad || NR != 10 }' "$IN/rejects.tsv"
check $? "$CMD: rejects.tsv: a header and 9 rows of 13 columns" "10 lines" "$(excerpt "$IN/rejects.tsv")"
head -n 1 "$IN/rejects.tsv" | grep -qP '\tdist\teu\treason$'
check $? "$CMD: rejects.tsv: the header with 'reason'" "...dist eu reason" "$(head -n 1 "$IN/rejects.tsv")"
grep -qP '^Montreuil\tFrance\t.*\tBeit Sira\t.*\tPrussia\t.*\tunknown country .Prussia.: did you mean .Russia..$' \
    "$IN/rejects.tsv"
check $? "$CMD: rejects.tsv: the Prussia row as it was, with its reason" "Montreuil ... Prussia" \
    "$(excerpt "$IN/rejects.tsv")"
sed -e 's/\tPrussia\t/\tIsrael\t/' -e 's/\tKingdom of Hungary\t/\tRomania\t/' \
    -e 's/\tLuhansk People.s Republic\t/\tUkraine\t/' -e 's/\tt43[0-9]*\t/\tUkraine\t/' \
    "$IN/rejects.tsv" >"$IN/fixed.tsv"
tw import "$IN/fixed.tsv" "${MAP[@]}"
expect_rc 4
expect_err_has "4 invalid records, nothing written"
tw import "$IN/fixed.tsv" "${MAP[@]}" --skip-invalid
expect_rc 0
expect_counts "agreements: 5 inserted, 4 skipped)"
check $(( $(agreements) == BEFORE + 5 ? 0 : 1 )) "$CMD: the 5 fixed rows imported" \
    "$((BEFORE + 5))" "$(agreements)"

# ======================================================================================
section "NDJSON: records and lines, per kind, reasons as fields"

use_db ndjson
cat >"$IN/records.ndjson" <<'EOF'
{"type": "city", "name": "Oslo", "country": "NO"}
{"type": "city", "name": "Qart", "country": "Atlantis"}
{"type": "city", "name": "Vik", "country": "Atlantis", "region": "West"}
not json at all
{"type": "agreement", "parties": [{"name": "Oslo", "country": "NO"}, {"name": "Turku", "country": "FI"}]}
{"type": "agreement", "parties": [{"name": "Oslo", "country": "NO"}, {"name": "Gori", "country": "Ruritania (kingdom)"}]}
{"type": "agreement", "colour": "red", "parties": [{"name": "Oslo", "country": "NO"}, {"name": "Umea", "country": "SE"}]}
EOF
tw import "$IN/records.ndjson" --rejects "$IN/rejects.ndjson"
expect_rc 0
expect_counts "import: 3 inserted, 0 updated, 0 unchanged, 5 skipped (cities: 2 inserted, 2 skipped; agreements: 1 inserted, 2 skipped)"
expect_groups "twinreg: 2 records: unknown country 'Atlantis'
twinreg: 1 record: invalid JSON: '[' or '{' expected near 'not'
twinreg: 1 record: unknown country 'Ruritania (kingdom)'
twinreg: 1 record: unknown field 'colour' in an agreement record"
expect_order
expect_file_eq "$IN/rejects.ndjson" "{\"type\": \"city\", \"name\": \"Qart\", \"country\": \"Atlantis\", \"reason\": \"unknown country 'Atlantis': $ADVICE\"}
{\"type\": \"city\", \"name\": \"Vik\", \"country\": \"Atlantis\", \"region\": \"West\", \"reason\": \"unknown country 'Atlantis': $ADVICE\"}
not json at all
{\"type\": \"agreement\", \"parties\": [{\"name\": \"Oslo\", \"country\": \"NO\"}, {\"name\": \"Gori\", \"country\": \"Ruritania (kingdom)\"}], \"reason\": \"unknown country 'Ruritania (kingdom)': $ADVICE\"}
{\"type\": \"agreement\", \"colour\": \"red\", \"parties\": [{\"name\": \"Oslo\", \"country\": \"NO\"}, {\"name\": \"Umea\", \"country\": \"SE\"}], \"reason\": \"unknown field 'colour' in an agreement record\"}"
# Fixed with the reason fields left in (import ignores a record's "reason").
sed -e 's/Atlantis/IS/' -e 's/Ruritania (kingdom)/GE/' -e 's/"colour": "red", //' \
    -e 's/^not json at all$/{"type": "city", "name": "Bergen", "country": "NO"}/' \
    "$IN/rejects.ndjson" >"$IN/fixed.ndjson"
tw import "$IN/fixed.ndjson" --rejects "$IN/rejects2.ndjson"
expect_rc 0
expect_counts "import: 7 inserted, 0 updated, 0 unchanged, 0 skipped (cities: 5 inserted; agreements: 2 inserted)"
check $(( $(agreements) == 3 ? 0 : 1 )) "$CMD: every agreement imported" 3 "$(agreements)"
tw city show Vik --format json
expect_rc 0
expect_json_eq '$.region' West
[ -f "$IN/rejects2.ndjson" ] && [ ! -s "$IN/rejects2.ndjson" ]
check $? "rejects2.ndjson: created, empty" "an empty file" "$(excerpt "$IN/rejects2.ndjson")"

# ======================================================================================
section "a JSON document: rejects as a document, by section"

use_db json
cat >"$IN/doc.json" <<'EOF'
{"format": "twinreg", "version": 1,
 "cities": [{"id": 1, "name": "Bergen", "country": "NO"}, {"id": 2, "name": "Q", "country": "Atlantis"}],
 "agreements": [{"parties": [1, {"name": "Turku", "country": "FI"}]},
                {"parties": [1, {"name": "Gori", "country": "Ruritania (kingdom)"}], "title": "x"}]}
EOF
tw import "$IN/doc.json" --rejects "$IN/rejects.json"
expect_rc 0
expect_counts "3 inserted, 0 updated, 0 unchanged, 2 skipped (cities: 2 inserted, 1 skipped; agreements: 1 inserted, 1 skipped)"
jsql "$IN/rejects.json" "SELECT json_extract({J}, '\$.format') || ' ' || json_array_length({J}, '\$.cities') || ' ' || json_extract({J}, '\$.cities[0].reason') || ' ' || json_extract({J}, '\$.agreements[0].title')" >"$TMP/jq.out"
expect_file_eq "$TMP/jq.out" "twinreg 1 unknown country 'Atlantis': $ADVICE x"

# ======================================================================================
section "--dry-run: the groups and counts, nothing written but the rejects file"

use_db dry
snap
tw import "$IN/pairs.csv" --rejects "$IN/dry.csv" --dry-run
expect_rc 0
expect_counts "dry run: 3 inserted, 0 updated, 0 unchanged, 6 skipped (cities: 2 inserted; agreements: 1 inserted, 6 skipped); nothing written"
expect_groups "$PAIRS_GROUPS"
expect_unchanged_but_ids
cmp -s "$IN/dry.csv" "$IN/first.csv"
check $? "$CMD: the rejects file of a dry run is the real import's" "identical" "$(excerpt "$IN/dry.csv")"
# Without --skip-invalid (or --rejects), a dry run still refuses the file as before.
tw import "$IN/pairs.csv" --dry-run
expect_rc 4
expect_err_has "6 invalid records, nothing written"

# ======================================================================================
section "--map region1, region2, wikidata1, wikidata2"

use_db map
REGION_MAP=(--map city1=a,country1=ca,region1=ra,wikidata1=qa
            --map city2=b,country2=cb,region2=rb,wikidata2=qb)
# expect_city NAME REGION WIKIDATA: city show's region and wikidata id.
expect_city() {
    tw city show "$1" --format json
    expect_json_eq '$.region' "$2"
    expect_json_eq '$.wikidata' "$3"
}
printf 'a,ca,ra,qa,b,cb,rb,qb\nNienburg,DE,Lower Saxony,Q16001,Bergen,NO,Vestland,Q26793\n' \
    >"$IN/regions.csv"
tw import "$IN/regions.csv" "${REGION_MAP[@]}"
expect_rc 0
expect_counts "3 inserted"
expect_city Nienburg 'Lower Saxony' Q16001
expect_city Bergen Vestland Q26793
# A city found again gets what it lacks, never loses what it has; a wikidata id finds it
# under another spelling.
tw city add Turku --country FI
expect_rc 0
printf 'a,ca,ra,qa,b,cb,rb,qb\nNienburg (Weser),DE,Niedersachsen,Q16001,Turku,FI,Southwest Finland,Q38511\n' \
    >"$IN/regions2.csv"
tw import "$IN/regions2.csv" "${REGION_MAP[@]}"
expect_rc 0
expect_counts "1 inserted, 1 updated, 0 unchanged, 0 skipped (cities: 1 updated; agreements: 1 inserted)"
expect_city Nienburg 'Lower Saxony' Q16001
expect_city Turku 'Southwest Finland' Q38511
tw import "$IN/regions2.csv" "${REGION_MAP[@]}"
expect_rc 0
expect_counts "0 inserted, 0 updated, 1 unchanged, 0 skipped"
# A bad wikidata id is the row's fault: skipped, with its reason.
printf 'city1,country1,wikidata1,city2,country2\nLund,SE,banana,Aarhus,DK\n' >"$IN/badq.csv"
tw import "$IN/badq.csv" --skip-invalid
expect_rc 0
expect_counts "1 skipped (agreements: 1 skipped)"
expect_err_has "twinreg: 1 row: "

# ======================================================================================
section "bad options and files: exit status, one line, nothing changed"

use_db bad
tw import "$IN/clean.csv"
expect_rc 0
reject 2 "--map: unknown field 'region3'" -- import "$IN/pairs.csv" --map region3=x
cp "$IN/pairs.csv" "$IN/pairs.csv.orig"
reject 2 "is the input file" -- import "$IN/pairs.csv" --rejects "$IN/pairs.csv"
reject 2 "is the input file" -- import "$IN/pairs.csv" --rejects "$IN/../in/pairs.csv"
reject 2 "--rejects: wants a file name" -- import "$IN/pairs.csv" --rejects ''
reject 2 "rejects" -- import "$IN/pairs.csv" --rejects
WROTE=1 reject 5 "$TMP/no/such/dir/r.csv" -- import "$IN/pairs.csv" --rejects "$TMP/no/such/dir/r.csv"
check $([ ! -e "$TMP/no/such/dir/r.csv" ] && echo 0 || echo 1) "no rejects file" "none" "one"
# The input is never touched.
cmp -s "$IN/pairs.csv" "$IN/pairs.csv.orig"
check $? "pairs.csv unchanged" "identical" "changed"

# ======================================================================================
e2e_finish 100 100
