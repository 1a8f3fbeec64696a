#!/usr/bin/env bash
# End-to-end tests of the interchange format: export and import (JSON, NDJSON, CSV pair
# lists), round trips, idempotence, merging by natural key, invalid records (all or nothing,
# --skip-invalid, --dry-run), malformed files, the Wikidata sister-cities subset in
# tests/data, and the csv and geojson exports.
# Usage: bash tests/e2e/interchange.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit. Needs bash, coreutils, grep/sed/awk and
# the sqlite3 shell. Prints one line per failed check and, last, "N passed, M failed";
# exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "interchange.sh" "$@"

DATA="$HERE/../data"
IN="$TMP/in"
mkdir -p "$IN"

# use_db NAME: a fresh registry of its own for each part ($DB, $TWINREG_DB); on a server, a
# database of its own (e2e_db).
use_db() {
    DB=$(e2e_db "$TMP/$1/registry.db")
    export TWINREG_DB="$DB"
}

# export_to FILE [ARGS...]: the export of $DB (exit status must be 0).
export_to() {
    local file=$1
    shift
    run_twinreg --db "$DB" export "$@" >"$file" 2>"$TMP/export.err"
    check $? "export $* of $DB to $(basename "$file")" "exit 0" "$(excerpt "$TMP/export.err")"
}

# counts_line: the 'twinreg: import: ...' (or 'twinreg: dry run: ...') line of the last command.
counts_line() {
    grep -a -E '^twinreg: (import|dry run):' "$TMP/err" | tail -n 1
}

# expect_counts TEXT: the counts line of the last command contains TEXT.
expect_counts() {
    counts_line | grep -qF -- "$1"
    check $? "$CMD: counts" "'$1' in the counts line" "$(excerpt "$TMP/err")"
}

# expect_err_line PREFIX TEXT: a line of stderr starts with PREFIX and contains TEXT.
expect_err_line() {
    awk -v p="$1" -v t="$2" 'index($0, p) == 1 && index($0, t) > 0 { found = 1 } END { exit !found }' "$TMP/err"
    check $? "$CMD: stderr line" "'$1...$2...'" "$(excerpt "$TMP/err")"
}

# expect_err_no_line PREFIX: no line of stderr starts with PREFIX.
expect_err_no_line() {
    ! awk -v p="$1" 'index($0, p) == 1 { found = 1 } END { exit !found }' "$TMP/err"
    check $? "$CMD: no stderr line starting" "no '$1...'" "$(excerpt "$TMP/err")"
}

# expect_err_lines N: stderr has exactly N lines.
expect_err_lines() {
    local n
    n=$(wc -l <"$TMP/err")
    [ "$n" -eq "$1" ]
    check $? "$CMD: stderr has $1 line(s)" "$1" "$n: $(excerpt "$TMP/err")"
}

# agreement_rows EXPORT: one line per agreement of an export (JSON), sorted:
#   'Name (CC) + Name (CC)[ + ...] | kind | signed_on | title' (party names sorted, '-' for null).
agreement_rows() {
    jsql "$1" "WITH c AS (SELECT json_extract(value, '\$.id') AS id, json_extract(value, '\$.name') AS name, json_extract(value, '\$.country') AS cc FROM json_each({J}, '\$.cities'))
        SELECT (SELECT group_concat(n, ' + ') FROM (SELECT c.name || ' (' || c.cc || ')' AS n FROM json_each(a.value, '\$.parties') AS p JOIN c ON c.id = p.value ORDER BY 1))
            || ' | ' || json_extract(a.value, '\$.kind') || ' | ' || coalesce(json_extract(a.value, '\$.signed_on'), '-')
            || ' | ' || coalesce(json_extract(a.value, '\$.title'), '-')
        FROM json_each({J}, '\$.agreements') AS a ORDER BY 1;"
}

# expect_agreement ROW: the current registry ($DB) has an agreement whose agreement_rows
# line is exactly ROW.
expect_agreement() {
    export_to "$TMP/rows.export"
    agreement_rows "$TMP/rows.export" >"$TMP/rows"
    grep -qxF -- "$1" "$TMP/rows"
    check $? "agreement in $DB" "'$1'" "$(tr '\n' '|' <"$TMP/rows" | head -c 600)"
}

# expect_json_file FILE SQL VALUE WHAT: the query over FILE ({J}) gives VALUE.
expect_json_file() {
    local got
    got=$(jsql "$1" "$2")
    [ "$got" = "$3" ]
    check $? "$(basename "$1"): $4" "$3" "$got"
}

# records_in EXPORT: the number of records of an export (JSON), from its six arrays.
records_in() {
    jsql "$1" "SELECT json_array_length({J}, '\$.sources') + json_array_length({J}, '\$.cities') + json_array_length({J}, '\$.organizations') + json_array_length({J}, '\$.frameworks') + json_array_length({J}, '\$.agreements') + json_array_length({J}, '\$.programs');"
}

# bad_import RC MSG DETAIL -- ARGS...: an import that must be refused: exit RC, nothing on
# stdout, one 'twinreg: ' line containing MSG, DETAIL (when not empty) somewhere on stderr,
# and the registry unchanged.
bad_import() {
    local want=$1 msg=$2 detail=$3
    shift 4
    snap
    tw "$@"
    expect_rc "$want"
    expect_out_empty
    expect_err_msg "$msg"
    [ -z "$detail" ] || expect_err_has "$detail"
    if [ -n "${WROTE:-}" ]; then expect_unchanged_but_ids; else expect_unchanged; fi
}

# WROTE=1 bad_import ...: the import is refused after it wrote valid records (then rolled
# back), so on a server the ids it took stay taken (expect_unchanged_but_ids).
# tw_stdin FILE ARGS...: like tw, with FILE on standard input.
tw_stdin() {
    local file=$1
    shift
    CMD="twinreg$(printf ' %q' "$@") < $(basename "$file")"
    "$TWINREG" "$@" <"$file" >"$TMP/out" 2>"$TMP/err"
    # shellcheck disable=SC2034 # read by expect_rc
    RC=$?
    vet_call "$RC" "$TMP/err"
}

# ======================================================================================
section "round trip: json"

use_db roundtrip
tw init --sample
expect_rc 0
tw city add Busan --country KR --alias '부산@ko' --alias 'Pusan@en' --alias '釜山@ja' --alias 'Busan-si' \
    --region 'Gyeongsang' --lat 35.1796 --lon 129.0756 --wikidata Q16520
expect_rc 0
tw city add 'Zürich' --country CHE --alias 'Zurich@en' --alias 'Zurigo@it' --lat 47.3769 --lon 8.5417
expect_rc 0
tw city add 'Kraków' --country Poland --alias 'Krakau@de' --alias 'Краков@ru' --lat 50.0614 --lon 19.9372
expect_rc 0
TITLE_Q='Busan "and" Seoul, friends; one, two'
tw agreement add Busan Seoul --signed 2001-05-03 --kind friendship --title "$TITLE_Q"
expect_rc 0
A_FRIENDS=$(sed -n 's/.*added agreement \([0-9][0-9]*\).*/\1/p' "$TMP/err")
tw agreement add Busan 'Zürich' 'Kraków' --signed 2005 --kind memorandum --title 'Three-party memorandum' \
    --source https://example.org/memo
expect_rc 0
A_THREE=$(sed -n 's/.*added agreement \([0-9][0-9]*\).*/\1/p' "$TMP/err")
tw agreement add Zurich Krakau --signed 1990-06 --in-force 1990-07 --expires 2020-12-31 \
    --title 'Zürich–Kraków partnership'
expect_rc 0
A_ENDED=$(sed -n 's/.*added agreement \([0-9][0-9]*\).*/\1/p' "$TMP/err")
[ -n "$A_FRIENDS" ] && [ -n "$A_THREE" ] && [ -n "$A_ENDED" ]
check $? "agreement add: ids in the notices" "three ids" "'$A_FRIENDS' '$A_THREE' '$A_ENDED'"
tw agreement end "${A_ENDED:-0}" --on 2012-06-30 --reason 'not renewed: "budget", mostly'
expect_rc 0
tw agreement amend 4 --on 2000-01 --note 'annex on youth exchanges'
expect_rc 0
tw agreement update 3 --registered-by SRE --registration-number 'R-12' --registered-on 2019-08
expect_rc 0

export_to "$TMP/a.json"
# The export writes agreements itself (a merge of sorted scans), or with SQLite's
# json_object() when some agreement builds on a later one; 'agreement show' with the
# library's record: all must be the same record, field for field and in order.
# same_as_show EXPORT [TWINREG ARGS]: each exported agreement against agreement show.
same_as_show() {
    local file=$1 id shown exported
    shift
    for id in $(jsql "$file" "SELECT json_extract(value, '\$.id') FROM json_each({J}, '\$.agreements');"); do
        tw "$@" agreement show "$id" --json
        shown=$(jsql "$TMP/out" "SELECT json({J});")
        exported=$(jsql "$file" "SELECT json(value) FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = $id;")
        [ -n "$shown" ] && [ "$shown" = "$exported" ]
        check $? "$(basename "$file"): agreement $id: export record = agreement show --json" "$shown" "$exported"
    done
}
same_as_show "$TMP/a.json"
# On a copy, agreement $A_FRIENDS made to build on the later $A_ENDED: the export takes
# the chain order, with the same records.
FORWARD=$(e2e_db_copy "$TMP/forward.db")
tw --db "$FORWARD" agreement update "${A_FRIENDS:-0}" --builds-on "${A_ENDED:-0}"
expect_rc 0
tw --db "$FORWARD" export
expect_rc 0
cp "$TMP/out" "$TMP/forward.json"
same_as_show "$TMP/forward.json" --db "$FORWARD"
expect_json_file "$TMP/forward.json" "SELECT (SELECT key FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = ${A_ENDED:-0}) < (SELECT key FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = ${A_FRIENDS:-0});" \
    1 "chain order: the agreement built on comes first"
tw --db "$FORWARD" export --format ndjson
expect_rc 0
n=$(grep -c '^{"type":"agreement",' "$TMP/out")
[ "$n" = 7 ]
check $? "chain order, NDJSON: 7 typed agreement records" 7 "$n"
# The export holds what was added (so the round trip below compares something).
expect_json_file "$TMP/a.json" "SELECT json_array_length({J}, '\$.cities') || ' ' || json_array_length({J}, '\$.agreements');" \
    "7 7" "7 cities and 7 agreements"
expect_json_file "$TMP/a.json" "SELECT group_concat(x, ' ') FROM (SELECT json_extract(a.value, '\$.name') || '@' || coalesce(json_extract(a.value, '\$.lang'), '-') AS x FROM json_each({J}, '\$.cities') AS c, json_each(c.value, '\$.aliases') AS a WHERE json_extract(c.value, '\$.name') = 'Busan' ORDER BY 1);" \
    "Busan-si@- Pusan@en 釜山@ja 부산@ko" "Busan's aliases"
expect_json_file "$TMP/a.json" "SELECT json_extract(value, '\$.wikidata') || ' ' || json_extract(value, '\$.lat') || ' ' || json_extract(value, '\$.lon') || ' ' || json_extract(value, '\$.region') FROM json_each({J}, '\$.cities') WHERE json_extract(value, '\$.name') = 'Busan';" \
    "Q16520 35.1796 129.0756 Gyeongsang" "Busan's wikidata id, coordinates, region"
expect_json_file "$TMP/a.json" "SELECT json_extract(value, '\$.ended_on') || ' ' || json_extract(value, '\$.end_reason') FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = ${A_ENDED:-0};" \
    '2012-06-30 not renewed: "budget", mostly' "the ended agreement"
expect_json_file "$TMP/a.json" "SELECT json_array_length(value, '\$.parties') FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = ${A_THREE:-0};" \
    3 "the three-party agreement"
expect_json_file "$TMP/a.json" "SELECT json_extract(value, '\$.events') FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = 4;" \
    '[{"event":"amended","on":"2000-01","note":"annex on youth exchanges"}]' "the amendment"
expect_json_file "$TMP/a.json" "SELECT json_extract(value, '\$.title') FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = ${A_FRIENDS:-0};" \
    "$TITLE_Q" "the title with quotes and commas"

use_db roundtrip-b
tw import "$TMP/a.json"
expect_rc 0
expect_out_empty
N_A=$(records_in "$TMP/a.json")
expect_counts "import: $N_A inserted, 0 updated, 0 unchanged, 0 skipped"
export_to "$TMP/b.json"
cmp -s "$TMP/a.json" "$TMP/b.json"
check $? "export → import into an empty registry → export: identical" "identical" \
    "$(diff "$TMP/a.json" "$TMP/b.json" | head -n 6 | tr '\n' '|')"
# The import into an empty registry builds the query indexes once, at the end: the schema
# must come out the same as a fresh database's (the same statements, in any order). On a
# server the indexes stay (dropping them would block every other writer): pg_dump's schema.
FRESH=$(e2e_db "$TMP/fresh-schema/registry.db")
run_twinreg --db "$FRESH" init 2>/dev/null
schema_of() {
    if on_pg; then
        pg_dump --schema-only "$1" | grep -v '^\\\(un\)\?restrict '
    else
        sqlite3 "$1" .schema
    fi
}
schema_of "$FRESH" | sort >"$TMP/schema.fresh"
schema_of "$DB" | sort >"$TMP/schema.imported"
[ -s "$TMP/schema.fresh" ] && cmp -s "$TMP/schema.fresh" "$TMP/schema.imported"
check $? "$CMD: schema after the import equals a fresh database's" "identical schema" \
    "$(diff "$TMP/schema.fresh" "$TMP/schema.imported" | head -n 4 | tr '\n' '|')"
tw agreement show "${A_ENDED:-0}" --json
expect_rc 0
expect_json_eq '$.id' "${A_ENDED:-0}"
expect_json_eq '$.ended_on' 2012-06-30
expect_json_eq '$.end_reason' 'not renewed: "budget", mostly'
tw agreement show "${A_THREE:-0}" --json
expect_rc 0
expect_json_eq '$.title' 'Three-party memorandum'
tw city show '서울' --json
expect_rc 0
expect_json_eq '$.id' 1
expect_json_eq '$.name' Seoul
tw city show 'Pusan' --json
expect_rc 0
expect_json_eq '$.wikidata' Q16520

section "round trip: ndjson"
use_db roundtrip
export_to "$TMP/a.ndjson" --format ndjson
use_db roundtrip-c
tw import "$TMP/a.ndjson"
expect_rc 0
expect_counts "import: $N_A inserted, 0 updated, 0 unchanged, 0 skipped"
export_to "$TMP/c.ndjson" --format ndjson
cmp -s "$TMP/a.ndjson" "$TMP/c.ndjson"
check $? "export ndjson → import into an empty registry → export ndjson: identical" "identical" \
    "$(diff "$TMP/a.ndjson" "$TMP/c.ndjson" | head -n 6 | tr '\n' '|')"
export_to "$TMP/c.json"
cmp -s "$TMP/a.json" "$TMP/c.json"
check $? "the ndjson round trip gives the same json export too" "identical" \
    "$(diff "$TMP/a.json" "$TMP/c.json" | head -n 6 | tr '\n' '|')"

# ======================================================================================
section "idempotence"

use_db roundtrip-b
N=$(records_in "$TMP/b.json")
case $N in ''|*[!0-9]*) fail "record count of the export" "a number" "$N" ;; *) pass ;; esac
export_to "$TMP/b.before"
tw import "$TMP/a.json"
expect_rc 0
expect_out_empty
expect_counts "0 inserted, 0 updated, $N unchanged, 0 skipped"
export_to "$TMP/b.after"
cmp -s "$TMP/b.before" "$TMP/b.after"
check $? "$CMD: export identical before and after the second import" "identical" \
    "$(diff "$TMP/b.before" "$TMP/b.after" | head -n 6 | tr '\n' '|')"
tw import "$TMP/a.ndjson"
expect_rc 0
expect_counts "0 inserted, 0 updated, $N unchanged, 0 skipped"
export_to "$TMP/b.after"
cmp -s "$TMP/b.before" "$TMP/b.after"
check $? "$CMD: export identical before and after importing the ndjson" "identical" \
    "$(diff "$TMP/b.before" "$TMP/b.after" | head -n 6 | tr '\n' '|')"

# ======================================================================================
section "merge into a registry with records"

use_db merge
tw init --sample
expect_rc 0
cat >"$IN/merge1.json" <<'EOF'
{"format": "twinreg", "version": 1,
 "cities": [
  {"id": "lb", "name": "Ludwigsburg", "country": "DE", "region": "Baden-Württemberg", "lat": 48.8975, "lon": 9.1922, "wikidata": "Q3913"},
  {"id": "mb", "name": "Montbéliard", "country": "FR"},
  {"id": "ky", "name": "Kyoto", "country": "JP", "lat": 35.0116, "lon": 135.7681}
 ],
 "agreements": [
  {"id": "a1", "kind": "friendship", "parties": ["lb", "ky"], "signed_on": "1959", "title": "Ludwigsburg and Kyoto"},
  {"id": "a2", "kind": "sister-city", "parties": ["mb", "lb"], "signed_on": "1950"}
 ]
}
EOF
tw import "$IN/merge1.json"
expect_rc 0
expect_out_empty
expect_counts "2 inserted, 1 updated, 2 unchanged, 0 skipped"
expect_counts "cities: 1 inserted, 1 updated, 1 unchanged"
expect_counts "agreements: 1 inserted, 1 unchanged"
tw city show Ludwigsburg --json
expect_rc 0
expect_json_eq '$.id' 3
expect_json_eq '$.region' 'Baden-Württemberg'
expect_json_eq '$.wikidata' Q3913
expect_json_eq '$.lat' 48.8975
tw city show Montbeliard --json
expect_rc 0
expect_json_eq '$.id' 4
expect_json_eq '$.name' 'Montbéliard'
tw agreement show 4 --json
expect_rc 0
expect_json_eq '$.title' 'Twinning of Ludwigsburg and Montbéliard'
expect_json_eq '$.sources' '["https://www.jstor.org/stable/2563668"]'
expect_agreement 'Kyoto (JP) + Ludwigsburg (DE) | friendship | 1959 | Ludwigsburg and Kyoto'
tw agreement list --format json
expect_json_array 5

# A field absent keeps its value, null clears one.
cat >"$IN/merge2.json" <<'EOF'
{"format": "twinreg", "version": 1,
 "cities": [
  {"id": 1, "name": "Ludwigsburg", "country": "DE", "region": null},
  {"id": 2, "name": "Seoul", "country": "KR", "wikidata": "Q8684"}
 ]
}
EOF
tw import "$IN/merge2.json"
expect_rc 0
expect_counts "0 inserted, 2 updated, 0 unchanged, 0 skipped"
expect_counts "cities: 2 updated"
tw city show Ludwigsburg --json
expect_json_type '$.region' null
expect_json_eq '$.wikidata' Q3913
expect_json_eq '$.lat' 48.8975
expect_json_eq '$.lon' 9.1922
tw city show Seoul --json
expect_json_eq '$.wikidata' Q8684
expect_json_sql "SELECT group_concat(json_extract(value, '\$.name'), ' ') FROM json_each({J}, '\$.aliases');" \
    "Seúl Séoul 서울" "aliases kept (absent from the record)"
snap
tw import "$IN/merge2.json"
expect_rc 0
expect_counts "0 inserted, 0 updated, 2 unchanged, 0 skipped"
# A record found unchanged had its writes rolled back to its savepoint: on a server the
# history's ids they took stay taken (expect_unchanged_but_ids).
expect_unchanged_but_ids

# ======================================================================================
section "A–B and B–A are one agreement"

use_db pairs
cat >"$IN/pair.ndjson" <<'EOF'
{"type": "city", "id": 1, "name": "Lyon", "country": "FR"}
{"type": "city", "id": 2, "name": "Beirut", "country": "LB"}
{"type": "agreement", "id": 1, "kind": "friendship", "parties": [1, 2], "signed_on": "1998"}
{"type": "agreement", "id": 2, "kind": "friendship", "parties": [2, 1], "signed_on": "1998"}
{"type": "agreement", "id": 3, "kind": "friendship", "parties": [2, 1], "signed_on": "1998", "title": "Friends"}
{"type": "agreement", "id": 4, "kind": "sister-city", "parties": [1, 2], "signed_on": "1998"}
{"type": "agreement", "id": 5, "kind": "sister-city", "parties": [2, 1], "signed_on": "1998-01"}
EOF
# Into an empty registry, the natural keys are matched in memory (their index is built at
# the end); into one that has agreements, by the index. Both count the same.
tw import "$IN/pair.ndjson"
expect_rc 0
expect_counts "agreements: 3 inserted, 1 updated, 1 unchanged"
expect_counts "cities: 2 inserted"
tw agreement list --format json
expect_json_array 3
expect_json_sql "SELECT group_concat(coalesce(json_extract(value, '\$.title'), '-'), ',') FROM json_each({J}) WHERE json_extract(value, '\$.kind') = 'friendship';" \
    "Friends" "the later record of one key updates the first"
tw agreement list --city Beirut --format json
expect_json_array 3
tw import "$IN/pair.ndjson"
expect_rc 0
expect_counts "agreements: 5 unchanged"
tw check
expect_rc 0

# Parties by name and country: matched regardless of case and accents, country by code,
# alpha-3 or English name; created when new.
use_db pairs-names
tw init --sample
expect_rc 0
cat >"$IN/names.ndjson" <<'EOF'
{"type": "agreement", "id": "x", "kind": "sister-city", "parties": [{"name": "montbeliard", "country": "FR"}, {"name": "Gdańsk", "country": "Poland"}], "signed_on": "2003"}
{"type": "agreement", "id": "y", "kind": "sister-city", "parties": [{"name": "GDANSK", "country": "POL"}, {"name": "MONTBÉLIARD", "country": "France"}], "signed_on": "2003"}
{"type": "agreement", "id": "z", "kind": "friendship", "parties": [{"name": "Montbeliard", "country": "FRA"}, {"name": "ludwigsburg", "country": "Germany"}], "signed_on": "2004"}
EOF
tw import "$IN/names.ndjson"
expect_rc 0
expect_counts "cities: 1 inserted"
expect_counts "agreements: 2 inserted, 1 unchanged"
tw city list --format json
expect_json_array 5
expect_json_sql "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.name') LIKE 'Montb%';" 1 "one Montbéliard"
expect_json_sql "SELECT json_extract(value, '\$.country') FROM json_each({J}) WHERE json_extract(value, '\$.name') = 'Gdańsk';" PL "Gdańsk created, in PL"
expect_agreement 'Gdańsk (PL) + Montbéliard (FR) | sister-city | 2003 | -'
expect_agreement 'Ludwigsburg (DE) + Montbéliard (FR) | friendship | 2004 | -'
tw agreement list --city 'Montbéliard' --format json
expect_json_array 3

# ======================================================================================
section "csv pair lists"

use_db csv
cat >"$IN/pairs.csv" <<'EOF'
city1,country1,city2,country2,kind,signed_on,title,source,note
Coventry,England,Volgograd,Russia,sister-city,1944,"Coventry, Stalingrad: ""the first"" twinning",https://example.org/coventry,
Abidjan,Ivory Coast,Praia,Cape Verde,friendship,1990-05,"Abidjan, ""Praia""",,"a note
on two lines, with ""quotes"""
Cork,Republic of Ireland,Izmir,Turkey,,2001,,,
Glasgow,Scotland,Cardiff,Wales,cooperation,2010-10-10,plain,,
EOF
tw import "$IN/pairs.csv"
expect_rc 0
expect_out_empty
expect_counts "cities: 8 inserted; agreements: 4 inserted"
expect_agreement 'Coventry (GB) + Volgograd (RU) | sister-city | 1944 | Coventry, Stalingrad: "the first" twinning'
expect_agreement 'Abidjan (CI) + Praia (CV) | friendship | 1990-05 | Abidjan, "Praia"'
expect_agreement 'Cork (IE) + Izmir (TR) | sister-city | 2001 | -'
expect_agreement 'Cardiff (GB) + Glasgow (GB) | cooperation | 2010-10-10 | plain'
expect_json_file "$TMP/rows.export" "SELECT json_extract(value, '\$.sources') FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.signed_on') = '1944';" \
    '["https://example.org/coventry"]' "csv source column becomes the agreement's source"

# An embedded newline in a quoted field: the record spans two lines and later line numbers
# still count physical lines. Titles are one line in the registry (as with --title), so
# the row is invalid and names the title as the reason.
cat >"$IN/newline.csv" <<'CSV'
city1,country1,city2,country2,title
Lyon,FR,Turin,IT,"Lyon, ""Turin"" and
the Alps"
Lyon,FR,Milan,IT,"fine"
Lyon,Narnia,Milan,IT,x
CSV
use_db csv-newline
tw import "$IN/newline.csv" --skip-invalid
expect_rc 0
expect_err_line "twinreg: skipped $IN/newline.csv:2: " "invalid title"
expect_err_line "twinreg: skipped $IN/newline.csv:5: " "Narnia"
expect_agreement 'Lyon (FR) + Milan (IT) | sister-city | - | fine'
got=$(jsql "$TMP/rows.export" "SELECT count(*) FROM json_each({J}, '\$.agreements');")
[ "$got" = 1 ]
check $? "$CMD: only the valid row imported" "1 agreement" "$got: $(excerpt "$TMP/err")"

# Alternative header names and 'year'; --delimiter ';'
use_db csv-options
printf 'city_a;country_a;city_b;country_b;year\nLyon;FR;Beirut;Lebanon;1998\n' >"$IN/alt.csv"
tw import "$IN/alt.csv" --delimiter ';'
expect_rc 0
expect_agreement 'Beirut (LB) + Lyon (FR) | sister-city | 1998 | -'
# --delimiter tab with --format csv on a .txt file
printf 'city1\tcountry1\tcity2\tcountry2\tsigned_on\nLyon\tFR\tMontreal\tCanada\t1979\n' >"$IN/tabs.txt"
tw import "$IN/tabs.txt" --format csv --delimiter tab
expect_rc 0
expect_agreement 'Lyon (FR) + Montreal (CA) | sister-city | 1979 | -'
# .tsv defaults to tab (commas inside fields are data)
printf 'city1\tcountry1\tcity2\tcountry2\ttitle\nLyon\tFR\tTurin\tItaly\tLyon, Turin\n' >"$IN/pairs.tsv"
tw import "$IN/pairs.tsv"
expect_rc 0
expect_agreement 'Lyon (FR) + Turin (IT) | sister-city | - | Lyon, Turin'
# --format csv on a .txt file with commas
printf 'city1,country1,city2,country2,year\nLyon,FR,Leipzig,DE,1981\n' >"$IN/commas.txt"
tw import "$IN/commas.txt" --format csv
expect_rc 0
expect_agreement 'Leipzig (DE) + Lyon (FR) | sister-city | 1981 | -'
# --map, comma-separated
printf 'Origin,OriginCountry,Dest,DestCountry,When,Kind\nLyon,FR,Milan,IT,1966,friendship\n' >"$IN/map.csv"
tw import "$IN/map.csv" --map city1=Origin,country1=OriginCountry,city2=Dest,country2=DestCountry,signed_on=When,kind=Kind
expect_rc 0
expect_agreement 'Lyon (FR) + Milan (IT) | friendship | 1966 | -'
# --map repeated, other headers, another delimiter
printf 'A|B|C|D|Y|T\nLyon|FR|Frankfurt|Germany|1960|Lyon–Frankfurt\n' >"$IN/map2.txt"
tw import "$IN/map2.txt" --format csv --delimiter '|' --map city1=A --map country1=B --map city2=C \
    --map country2=D --map year=Y --map title=T
expect_rc 0
expect_agreement 'Frankfurt (DE) + Lyon (FR) | sister-city | 1960 | Lyon–Frankfurt'

# Format detected from the content on stdin.
use_db csv-stdin
printf 'city1,country1,city2,country2,year\nLyon,FR,Guangzhou,China,1988\n' >"$IN/stdin.csv"
tw_stdin "$IN/stdin.csv" import -
expect_rc 0
expect_counts "cities: 2 inserted; agreements: 1 inserted"
expect_agreement 'Guangzhou (CN) + Lyon (FR) | sister-city | 1988 | -'
cat >"$IN/stdin.ndjson" <<'EOF'
{"type": "city", "id": 1, "name": "Lyon", "country": "FR"}
{"type": "city", "id": 2, "name": "Yerevan", "country": "AM"}
{"type": "agreement", "id": 3, "kind": "sister-city", "parties": [1, 2], "signed_on": "1992"}
EOF
tw_stdin "$IN/stdin.ndjson" import -
expect_rc 0
expect_counts "cities: 1 inserted, 1 unchanged; agreements: 1 inserted"
expect_agreement 'Lyon (FR) + Yerevan (AM) | sister-city | 1992 | -'
printf '\n  {"format": "twinreg", "version": 1, "cities": [{"id": 1, "name": "Lyon", "country": "FR"}, {"id": 2, "name": "Genoa", "country": "IT"}], "agreements": [{"id": 1, "kind": "friendship", "parties": [1, 2], "signed_on": "1960"}]}\n' >"$IN/stdin.json"
tw_stdin "$IN/stdin.json" import -
expect_rc 0
expect_counts "cities: 1 inserted, 1 unchanged; agreements: 1 inserted"
expect_agreement 'Genoa (IT) + Lyon (FR) | friendship | 1960 | -'

# A UTF-8 BOM and CRLF line ends.
use_db csv-bom
printf '\xef\xbb\xbfcity1,country1,city2,country2,signed_on\r\nLyon,FR,Porto Alegre,Brazil,1970\r\nPorto Alegre,BR,"St. Petersburg",Russia,2000\r\n' >"$IN/bom.csv"
tw import "$IN/bom.csv"
expect_rc 0
expect_counts "cities: 3 inserted; agreements: 2 inserted"
expect_agreement 'Lyon (FR) + Porto Alegre (BR) | sister-city | 1970 | -'
expect_agreement 'Porto Alegre (BR) + St. Petersburg (RU) | sister-city | 2000 | -'

# Countries by alias: each row a pair with an ISO-coded partner.
use_db csv-countries
cat >"$IN/countries.csv" <<'EOF'
city1,country1,city2,country2
Coventry,England,Lyon,FR
Volgograd,Russia,Lyon,FR
Abidjan,Ivory Coast,Lyon,FR
Praia,Cape Verde,Lyon,FR
Cork,Republic of Ireland,Lyon,FR
Izmir,Turkey,Lyon,FR
Glasgow,Scotland,Lyon,FR
Cardiff,Wales,Lyon,FR
Seoul,KOR,Lyon,FR
Mexico City,Mexico,Lyon,FR
EOF
tw import "$IN/countries.csv"
expect_rc 0
tw city list --format json
expect_rc 0
expect_json_sql "SELECT group_concat(json_extract(value, '\$.name') || '=' || json_extract(value, '\$.country'), ' ') FROM (SELECT value FROM json_each({J}) ORDER BY json_extract(value, '\$.name'));" \
    "Abidjan=CI Cardiff=GB Cork=IE Coventry=GB Glasgow=GB Izmir=TR Lyon=FR Mexico City=MX Praia=CV Seoul=KR Volgograd=RU" \
    "countries from names and aliases"

# ======================================================================================
section "invalid records: all or nothing"

use_db invalid
tw init --sample
expect_rc 0
BAD="$IN/bad.csv"
cat >"$BAD" <<'EOF'
city1,country1,city2,country2,kind,signed_on,title
Lyon,FR,Turin,IT,sister-city,1972,good
Lyon,Narnia,Milan,IT,sister-city,1972,unknown country
Lyon,FR,,IT,sister-city,1972,empty city2
Lyon,FR,lyon,France,sister-city,1972,self
Lyon,FR,Milan,IT,sister-city,1992-02-30,bad date
Lyon,FR,Milan,IT,pen-pals,1992,bad kind
EOF
check_bad_reasons() {
    # check_bad_reasons PREFIX: each invalid row of bad.csv reported with its line.
    expect_err_line "$1$BAD:3: " "Narnia"
    expect_err_line "$1$BAD:4: " "city2"
    expect_err_line "$1$BAD:5: " "itself"
    expect_err_line "$1$BAD:6: " "1992-02-30"
    expect_err_line "$1$BAD:7: " "pen-pals"
    expect_err_no_line "$1$BAD:2:"
}
snap
tw import "$BAD"
expect_rc 4
expect_out_empty
expect_err_msg "cannot import '$BAD': 5 invalid records, nothing written"
check_bad_reasons "  "
expect_err_lines 6
expect_unchanged_but_ids

section "invalid records: --dry-run"
snap
tw import "$BAD" --dry-run
expect_rc 4
expect_out_empty
expect_err_msg "5 invalid records"
check_bad_reasons "  "
expect_unchanged_but_ids

snap
tw import "$BAD" --dry-run --skip-invalid
expect_rc 0
expect_out_empty
check_bad_reasons "twinreg: skipped "
tail -n 1 "$TMP/err" | grep -qE '^twinreg: dry run: .*nothing written$'
check $? "$CMD: last line 'twinreg: dry run: ... nothing written'" "twinreg: dry run: ...nothing written" "$(excerpt "$TMP/err")"
expect_counts "5 skipped"
DRY_COUNTS=$(counts_line | sed -e 's/^twinreg: dry run: //' -e 's/; nothing written$//')
expect_unchanged_but_ids

# A dry run of a valid file: one line, nothing written, the same counts as the real import.
printf 'city1,country1,city2,country2\nLyon,FR,Turin,IT\nSeoul,KR,Lyon,France\n' >"$IN/good.csv"
snap
tw import "$IN/good.csv" --dry-run
expect_rc 0
expect_out_empty
expect_err_lines 1
grep -qE '^twinreg: dry run: .*nothing written$' "$TMP/err"
check $? "$CMD: 'twinreg: dry run: ... nothing written'" "twinreg: dry run: ...nothing written" "$(excerpt "$TMP/err")"
expect_counts "4 inserted, 0 updated, 0 unchanged, 0 skipped (cities: 2 inserted; agreements: 2 inserted)"
GOOD_DRY=$(counts_line | sed -e 's/^twinreg: dry run: //' -e 's/; nothing written$//')
expect_unchanged_but_ids

section "invalid records: --skip-invalid"
tw import "$BAD" --skip-invalid
expect_rc 0
expect_out_empty
check_bad_reasons "twinreg: skipped "
expect_counts "5 skipped"
expect_counts "cities: 2 inserted; agreements: 1 inserted"
REAL_COUNTS=$(counts_line | sed -e 's/^twinreg: import: //')
[ -n "$DRY_COUNTS" ] && [ "$DRY_COUNTS" = "$REAL_COUNTS" ]
check $? "dry run --skip-invalid reported the counts of the real import" "$REAL_COUNTS" "$DRY_COUNTS"
expect_agreement 'Lyon (FR) + Turin (IT) | sister-city | 1972 | good'
tw agreement list --format json
expect_json_array 5
# good.csv's Lyon–Turin has no signing date: not the 1972 one.
tw import "$IN/good.csv"
expect_rc 0
expect_counts "2 inserted, 0 updated, 0 unchanged, 0 skipped (agreements: 2 inserted)"
tw import "$IN/good.csv"
expect_rc 0
expect_counts "0 inserted, 0 updated, 2 unchanged, 0 skipped"
use_db invalid-good
tw init --sample
tw import "$IN/good.csv"
expect_rc 0
REAL_GOOD=$(counts_line | sed -e 's/^twinreg: import: //')
[ -n "$GOOD_DRY" ] && [ "$GOOD_DRY" = "$REAL_GOOD" ]
check $? "dry run reported the counts of the real import" "$REAL_GOOD" "$GOOD_DRY"

# ======================================================================================
section "bulk load into an empty registry"

# Into an empty registry, new agreements are checked, then written 64 at a time; anything
# else (a duplicate key, builds_on, a party by name, frameworks, an id below the highest
# so far) writes the queue first and takes the ordinary way, in a savepoint of its own.
# rows SQL: the rows of a query of the registry through 'twinreg sql' (SQL that both engines
# read), one a line, a value in csv quotes bare; val SQL: those rows joined by ','.
rows() {
    run_twinreg --db "$DB" sql "$1" --format csv 2>"$TMP/val.err" | tail -n +2 | tr -d '\r' |
        sed 's/^"\(.*\)"$/\1/'
}
val() { rows "$1" | paste -sd,; }
{
    awk 'BEGIN {
        for (i = 1; i <= 30; i++) printf "{\"type\":\"city\",\"id\":%d,\"name\":\"Bulk %d\",\"country\":\"FR\"}\n", i, i
        for (i = 1; i <= 150; i++) printf "{\"type\":\"agreement\",\"id\":%d,\"parties\":[%d,%d],\"signed_on\":\"%d\"}\n", i, i % 30 + 1, (i + 1 + i % 5) % 30 + 1, 1800 + i
    }'
    cat <<'EOF'
{"type":"agreement","id":300,"parties":[{"name":"Nowhere","country":"Atlantis"},1],"signed_on":"1999"}
{"type":"agreement","id":200,"parties":[1,2],"signed_on":"2001","builds_on":3}
{"type":"agreement","id":301,"parties":[4,5],"signed_on":"2002","frameworks":["NOPE"]}
{"type":"agreement","id":170,"parties":[1,3],"signed_on":"2003"}
{"type":"agreement","id":302,"parties":[1,4],"signed_on":"2004-13"}
{"type":"agreement","id":160,"parties":[1,5],"signed_on":"2005"}
{"type":"agreement","id":"again","parties":[12,11],"signed_on":"1810","title":"Matched in memory"}
{"type":"agreement","id":171,"parties":[1,6],"signed_on":"2006","kind":"friendship","title":"After the rest","ended_on":"2010"}
EOF
} >"$IN/bulk.ndjson"
use_db bulk-all-or-nothing
tw init
expect_rc 0
snap
tw import "$IN/bulk.ndjson"
expect_rc 4
expect_err_has "3 invalid records"
expect_unchanged_but_ids
use_db bulk
tw import "$IN/bulk.ndjson" --skip-invalid
expect_rc 0
expect_counts "3 skipped"
expect_counts "agreements: 154 inserted, 1 updated"
expect_eq_val() { [ "$1" = "$2" ]; check $? "bulk load: $3" "$2" "$1"; }
expect_eq_val "$(val 'SELECT count(*) FROM agreements')" 154 "agreements in the registry"
expect_eq_val "$(val 'SELECT count(*) FROM agreement_parties')" 308 "two parties each"
expect_eq_val "$(val 'SELECT count(*) FROM agreements WHERE id BETWEEN 1 AND 150')" 150 "the file's ids kept (1..150)"
expect_eq_val "$(val 'SELECT id FROM agreements WHERE id > 150 ORDER BY id')" "160,170,171,200" \
    "the file's ids kept (an id below the highest so far looked up first)"
expect_eq_val "$(val 'SELECT builds_on FROM agreements WHERE id = 200')" 3 "builds_on a queued agreement"
expect_eq_val "$(val "SELECT id FROM agreements WHERE title = 'Matched in memory'")" 10 "a repeated key updates the first"
expect_eq_val "$(val "SELECT kind || ' ' || ended_on || ' ' || parties_key FROM agreements WHERE id = 171")" "friendship 2010 1,6" \
    "a queued agreement's fields"
# Each agreement's parties key against its parties, in order ("id:key" per agreement).
rows 'SELECT agreement_id, city_id FROM agreement_parties ORDER BY agreement_id, city_id' |
    awk -F, '$1 != id { if (id != "") print id ":" key; id = $1; key = $2; next }
        { key = key "," $2 } END { if (id != "") print id ":" key }' >"$TMP/keys.parties"
rows "SELECT CAST(id AS TEXT) || ':' || parties_key FROM agreements ORDER BY id" >"$TMP/keys.stored"
[ -s "$TMP/keys.stored" ] && cmp -s "$TMP/keys.parties" "$TMP/keys.stored"
check $? "bulk load: every parties key matches its parties" "$(head -c 200 "$TMP/keys.parties")" \
    "$(diff "$TMP/keys.parties" "$TMP/keys.stored" | head -n 4 | tr '\n' '|')"
tw check
expect_rc 0
tw export --format ndjson
expect_rc 0
cp "$TMP/out" "$IN/bulk-export.ndjson"
use_db bulk-again
tw import "$IN/bulk-export.ndjson"
expect_rc 0
tw export --format ndjson
expect_out_same "$IN/bulk-export.ndjson" "export -> import -> export of the bulk load"
use_db bulk
tw undo
expect_rc 0
expect_eq_val "$(val 'SELECT count(*) FROM agreements') $(val 'SELECT count(*) FROM agreement_parties') $(val 'SELECT count(*) FROM cities')" \
    "0 0 0" "undo of the bulk load"
tw check
expect_rc 0

# ======================================================================================
section "more than 20 invalid records"

use_db many
tw init --sample
MANY="$IN/many.csv"
{
    echo 'city1,country1,city2,country2'
    echo 'Lyon,FR,Turin,IT'
    for i in $(seq 1 25); do echo "City$i,XX$i,Lyon,FR"; done
    echo 'Lyon,FR,Milan,IT'
} >"$MANY"
snap
tw import "$MANY"
expect_rc 4
expect_out_empty
expect_err_msg "25 invalid records"
expect_err_has "first 20"
n=$(grep -cE "^  $MANY:[0-9]+: " "$TMP/err")
[ "$n" -eq 20 ]
check $? "$CMD: 20 'FILE:LINE:' lines" 20 "$n"
got=$(sed -n "s|^  $MANY:\([0-9]*\): .*|\1|p" "$TMP/err" | paste -sd' ')
[ "$got" = "$(seq 3 22 | paste -sd' ')" ]
check $? "$CMD: the first 20 invalid lines, in order" "$(seq 3 22 | paste -sd' ')" "$got"
expect_err_line "  $MANY:3: " "XX1'"
expect_err_no_line "  $MANY:23:"
expect_unchanged_but_ids
tw import "$MANY" --skip-invalid
expect_rc 0
n=$(grep -cE "^twinreg: skipped $MANY:[0-9]+: " "$TMP/err")
[ "$n" -eq 25 ]
check $? "$CMD: each of the 25 skipped records reported" 25 "$n"
expect_counts "25 skipped"
expect_counts "agreements: 2 inserted"

# ======================================================================================
section "bad files"

use_db badfiles
tw init --sample
expect_rc 0
export_to "$TMP/sample.json"

head -c 2000 "$TMP/sample.json" >"$IN/truncated.json"
bad_import 4 "truncated JSON" "" -- import "$IN/truncated.json"
last_line=$(( $(wc -l <"$IN/truncated.json") + 1 ))
grep -a '^twinreg: ' "$TMP/err" | grep -qE "line $last_line([^0-9]|$)"
check $? "$CMD: the message gives the line where the file ends" "line $last_line" "$(excerpt "$TMP/err")"
expect_err_lines 1

printf '{"format": "twinreg", "version": 1, "cities": [{"id": 1, "name": "Ly\xffon", "country": "FR"}]}\n' >"$IN/utf8.json"
bad_import 4 "cannot import '$IN/utf8.json'" "line 1" -- import "$IN/utf8.json"
printf '{"type": "city", "id": 1, "name": "Lyon", "country": "FR"}\n{"type": "city", "id": 2, "name": "Tu\xc3rin", "country": "IT"}\n' >"$IN/utf8.ndjson"
WROTE=1 bad_import 4 "cannot import '$IN/utf8.ndjson'" "$IN/utf8.ndjson:2:" -- import "$IN/utf8.ndjson"
printf 'city1,country1,city2,country2\nLyon,FR,Turin,IT\nLy\xe9on,FR,Milan,IT\n' >"$IN/utf8.csv"
WROTE=1 bad_import 4 "cannot import '$IN/utf8.csv'" "$IN/utf8.csv:3:" -- import "$IN/utf8.csv"

printf '{"format": "other", "version": 1, "cities": []}\n' >"$IN/other.json"
bad_import 4 "format" "" -- import "$IN/other.json"
expect_err_lines 1
printf '{"format": "twinreg", "version": 2, "cities": []}\n' >"$IN/v2.json"
bad_import 4 "version" "" -- import "$IN/v2.json"
expect_err_lines 1
printf '{"format": "twinreg", "version": 1, "cities": [], "extra": []}\n' >"$IN/extra.json"
bad_import 4 "'extra'" "" -- import "$IN/extra.json"
cat >"$IN/broken.json" <<'EOF'
{"format": "twinreg", "version": 1,
 "cities": [
  {"id": 1, "name": "Lyon", "country": "FR"}
 ],
 "agreements": [
  {"id": 1, "kind": "sister-city", "parties": [1, 99], "signed_on": "1990"}
 ]
}
EOF
WROTE=1 bad_import 4 "cannot import" "broken reference" -- import "$IN/broken.json"
expect_err_has "$IN/broken.json:6:"
expect_err_has "99"
cat >"$IN/kind.json" <<'EOF'
{"format": "twinreg", "version": 1,
 "cities": [{"id": 1, "name": "Lyon", "country": "FR"}, {"id": 2, "name": "Turin", "country": "IT"}],
 "agreements": [{"id": 1, "kind": "pen-pals", "parties": [1, 2], "signed_on": "1990"}]
}
EOF
WROTE=1 bad_import 4 "cannot import" "pen-pals" -- import "$IN/kind.json"
expect_err_has "$IN/kind.json:3:"
printf '{"type": "city", "id": 1, "name": "Lyon", "country": "FR"}\n{"type": "city", "id": 2, "name": "Turin", "country": "IT"}\n{"type": "agreement", "id": 1, "kind": "sister-city", "parties": [1, 2], "signed_on": "1992-02-30"}\n' >"$IN/date.ndjson"
WROTE=1 bad_import 4 "cannot import" "$IN/date.ndjson:3: invalid signing date '1992-02-30'" -- import "$IN/date.ndjson"
printf '{"type": "city", "id": 1, "name": "Lyon", "country": "FR", "mayor": "X"}\n' >"$IN/field.ndjson"
bad_import 4 "cannot import" "'mayor'" -- import "$IN/field.ndjson"
expect_err_has "$IN/field.ndjson:1:"
: >"$IN/empty.json"
bad_import 4 "cannot import '$IN/empty.json'" "" -- import "$IN/empty.json"
: >"$IN/empty.csv"
bad_import 4 "cannot import '$IN/empty.csv'" "" -- import "$IN/empty.csv"
# An empty NDJSON stream is the export of an empty registry: it imports, as nothing.
: >"$IN/empty.ndjson"
use_db empty-ndjson
tw init
expect_rc 0
snap
tw import "$IN/empty.ndjson"
expect_rc 0
expect_err_has "import: 0 inserted, 0 updated, 0 unchanged, 0 skipped"
expect_unchanged
printf 'town,country1,city2,country2\nLyon,FR,Turin,IT\n' >"$IN/nocity1.csv"
bad_import 4 "--map" "" -- import "$IN/nocity1.csv"
expect_err_msg "city1"
bad_import 5 "cannot read" "" -- import "$IN/missing.json"
tw --db "$TMP/fresh/registry.db" import "$IN/missing.json"
expect_rc 5
expect_err_msg "cannot read"
[ ! -e "$TMP/fresh/registry.db" ]
check $? "$CMD: no database created" "no $TMP/fresh/registry.db" "it exists"
mkdir -p "$IN/adir"
bad_import 5 "cannot read '$IN/adir'" "" -- import "$IN/adir"
printf '{"type": "city", "id": 1, "name": "Lyon", "country": "FR"}\n{"type": "city", "id": 2, "name": "Tu\0rin", "country": "IT"}\n' >"$IN/nul.ndjson"
WROTE=1 bad_import 4 "cannot import '$IN/nul.ndjson'" "$IN/nul.ndjson:2:" -- import "$IN/nul.ndjson"

section "usage errors"
reject 2 "FILE" -- import
reject 2 "xml" -- import "$IN/good.csv" --format xml
reject 2 "delimiter" -- import "$IN/good.csv" --delimiter ab
reject 2 "nonsense" -- import "$IN/good.csv" --map nonsense
reject 2 "bogus" -- import "$IN/good.csv" --map bogus=X

# ======================================================================================
section "real data: Wikidata sister cities"

use_db wikidata
TSV="$DATA/sistercities-subset.tsv"
MAP="city1=origincityLabel,country1=origincountry,lat1=originlat,lon1=originlong,city2=sistercityLabel,country2=destination_countryLabel,lat2=destinationlat,lon2=destinationlong"
if [ ! -r "$TSV" ]; then
    fail "test data" "readable $TSV" "missing"
else
    tw import "$TSV" --map "$MAP" --skip-invalid
    expect_rc 0
    expect_out_empty
    expect_counts "9 skipped"
    n=$(grep -c '^twinreg: skipped ' "$TMP/err")
    [ "$n" -eq 9 ]
    check $? "$CMD: 9 'skipped' lines" 9 "$n"
    # The rows that must be skipped, found in the file itself.
    SELF_LINES=$(grep -n -E '^(Ennery|Falkenstein)	' "$TSV" | cut -d: -f1)
    UNKNOWN_LINES=$(grep -n -E "	(Prussia|Kingdom of Hungary|Luhansk People's Republic|t430222130|t431453150)	" "$TSV" | cut -d: -f1)
    [ "$(wc -w <<<"$SELF_LINES")" -eq 4 ] && [ "$(wc -w <<<"$UNKNOWN_LINES")" -eq 5 ]
    check $? "test data: 4 self-twinning rows and 5 unknown-country rows" "4 and 5" "'$SELF_LINES' '$UNKNOWN_LINES'"
    for l in $SELF_LINES; do
        city=$(sed -n "${l}p" "$TSV" | cut -f1)
        expect_err_line "twinreg: skipped $TSV:$l: " "$city"
        expect_err_line "twinreg: skipped $TSV:$l: " "itself"
    done
    for l in $UNKNOWN_LINES; do
        country=$(sed -n "${l}p" "$TSV" | cut -f10)
        expect_err_line "twinreg: skipped $TSV:$l: " "unknown country '$country'"
    done
    BAD_LINES=$(printf '%s\n' "$SELF_LINES" "$UNKNOWN_LINES" | paste -sd,)
    PAIRS=$(sqlite3 -batch -noheader :memory: -cmd '.mode tabs' -cmd ".import '$TSV' raw" \
        "SELECT count(*) FROM (SELECT DISTINCT min(a, b), max(a, b) FROM (SELECT lower(origincityLabel) || '|' || origincountry AS a, lower(sistercityLabel) || '|' || destination_countryLabel AS b FROM raw WHERE rowid + 1 NOT IN (${BAD_LINES:-0})));" 2>&1)
    CITIES=$(sqlite3 -batch -noheader :memory: -cmd '.mode tabs' -cmd ".import '$TSV' raw" \
        "SELECT count(DISTINCT c) FROM (SELECT lower(origincityLabel) || '|' || origincountry AS c FROM raw WHERE rowid + 1 NOT IN (${BAD_LINES:-0}) UNION ALL SELECT lower(sistercityLabel) || '|' || destination_countryLabel FROM raw WHERE rowid + 1 NOT IN (${BAD_LINES:-0}));" 2>&1)
    ROWS=$(( $(wc -l <"$TSV") - 1 ))
    VALID=$((ROWS - 9))
    expect_counts "agreements: $PAIRS inserted, $((VALID - PAIRS)) unchanged"
    expect_counts "cities: $CITIES inserted"
    tw agreement list --format json
    expect_rc 0
    expect_json_array "$PAIRS"
    tw city list --format json
    expect_json_array "$CITIES"
    export_to "$TMP/wd.before"
    tw import "$TSV" --map "$MAP" --skip-invalid
    expect_rc 0
    expect_counts "0 inserted, 0 updated, $VALID unchanged, 9 skipped"
    export_to "$TMP/wd.after"
    cmp -s "$TMP/wd.before" "$TMP/wd.after"
    check $? "$CMD: export unchanged by the second import" "identical" \
        "$(diff "$TMP/wd.before" "$TMP/wd.after" | head -n 4 | tr '\n' '|')"
    # Coordinates from the file.
    read -r vt_lat vt_lon <<<"$(awk -F'\t' '$1 == "Veliko Tarnovo" { print $3, $4; exit }' "$TSV")"
    tw city show 'Veliko Tarnovo' --json
    expect_rc 0
    got_lat=$(jget '$.lat')
    got_lon=$(jget '$.lon')
    awk -v a="$got_lat" -v b="$vt_lat" -v c="$got_lon" -v d="$vt_lon" \
        'BEGIN { exit !(a != "" && c != "" && (a - b) ^ 2 < 1e-12 && (c - d) ^ 2 < 1e-12) }'
    check $? "$CMD: coordinates from the file" "$vt_lat $vt_lon" "$got_lat $got_lon"
    expect_json_eq '$.country' BG
    read -r as_lat as_lon <<<"$(awk -F'\t' '$6 == "Asti" { print $7, $8; exit }' "$TSV")"
    tw city show Asti --json
    got_lat=$(jget '$.lat')
    got_lon=$(jget '$.lon')
    awk -v a="$got_lat" -v b="$as_lat" -v c="$got_lon" -v d="$as_lon" \
        'BEGIN { exit !(a != "" && c != "" && (a - b) ^ 2 < 1e-12 && (c - d) ^ 2 < 1e-12) }'
    check $? "$CMD: coordinates of a sister city (lat2/lon2)" "$as_lat $as_lon" "$got_lat $got_lon"
    expect_json_eq '$.country' IT
fi

# ======================================================================================
section "export formats"

use_db roundtrip
tw export --format csv
expect_rc 0
AGREEMENTS=$(jsql "$TMP/a.json" "SELECT json_array_length({J}, '\$.agreements');")
expect_csv "$AGREEMENTS" id kind title signed_on city1 country1 city2 country2 parties
expect_out_has "\"$(printf '%s' "$TITLE_Q" | sed 's/"/""/g')\""
expect_out_has "Seoul,KR,Mexico City,MX"
grep -q "^${A_THREE:-0},memorandum,Three-party memorandum,2005,.*Busan (KR); Zürich (CH); Kraków (PL)" "$TMP/out"
check $? "$CMD: the three-party row names every party" "Busan (KR); Zürich (CH); Kraków (PL)" "$(grep "^${A_THREE:-0}," "$TMP/out")"
# The csv export reads back as a pair list.
cp "$TMP/out" "$IN/export.csv"
use_db export-csv-back
tw import "$IN/export.csv"
expect_rc 0
expect_agreement "Busan (KR) + Seoul (KR) | friendship | 2001-05-03 | $TITLE_Q"

use_db roundtrip
tw export --format geojson
expect_rc 0
cp "$TMP/out" "$TMP/a.geojson"
expect_json_object
expect_json_eq '$.type' FeatureCollection
LOCATED=$(jsql "$TMP/a.json" "SELECT count(*) FROM json_each({J}, '\$.cities') WHERE json_extract(value, '\$.lat') IS NOT NULL AND json_extract(value, '\$.lon') IS NOT NULL;")
expect_json_sql "SELECT json_array_length({J}, '\$.features');" "$((LOCATED + AGREEMENTS))" \
    "features: $LOCATED located cities + $AGREEMENTS agreements"
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.features') WHERE json_extract(value, '\$.type') = 'Feature';" \
    "$((LOCATED + AGREEMENTS))" "every feature is a Feature"
expect_json_sql "SELECT json_extract(value, '\$.geometry.type') || ' ' || json_extract(value, '\$.geometry.coordinates') FROM json_each({J}, '\$.features') WHERE json_extract(value, '\$.properties.name') = 'Busan';" \
    "Point [129.0756,35.1796]" "Busan is a Point [lon, lat]"
ftype() {
    # ftype ID: the geometry type of agreement ID's feature ('null' when null).
    jsql "$TMP/a.geojson" "SELECT coalesce(json_extract(value, '\$.geometry.type'), json_type(value, '\$.geometry')) FROM json_each({J}, '\$.features') WHERE json_extract(value, '\$.properties.type') = 'agreement' AND json_extract(value, '\$.properties.id') = $1;"
}
got=$(ftype "${A_ENDED:-0}")
[ "$got" = LineString ]
check $? "geojson: agreement between two located cities is a LineString" LineString "$got"
expect_json_sql "SELECT json_extract(value, '\$.geometry.coordinates') FROM json_each({J}, '\$.features') WHERE json_extract(value, '\$.properties.type') = 'agreement' AND json_extract(value, '\$.properties.id') = ${A_ENDED:-0};" \
    "[[8.5417,47.3769],[19.9372,50.0614]]" "the LineString joins Zürich and Kraków, [lon, lat]"
got=$(ftype "${A_FRIENDS:-0}")
[ "$got" = null ]
check $? "geojson: agreement with an unlocated party (Seoul) has geometry null" null "$got"
got=$(ftype 1)
[ "$got" = null ]
check $? "geojson: agreement between unlocated cities has geometry null" null "$got"
got=$(ftype "${A_THREE:-0}")
[ "$got" = MultiLineString ]
check $? "geojson: three-party agreement, all located, is a MultiLineString" MultiLineString "$got"
expect_json_sql "SELECT json_array_length(value, '\$.geometry.coordinates') FROM json_each({J}, '\$.features') WHERE json_extract(value, '\$.properties.type') = 'agreement' AND json_extract(value, '\$.properties.id') = ${A_THREE:-0};" \
    3 "the MultiLineString has 3 lines"

reject 2 "xml" -- export --format xml

tw export --output "$TMP/out.json"
expect_rc 0
expect_out_empty
cmp -s "$TMP/out.json" "$TMP/a.json"
check $? "$CMD: the file holds the export" "identical to export" "$(excerpt "$TMP/out.json")"
tw export --format ndjson --output "$TMP/out.ndjson"
expect_rc 0
expect_out_empty
cmp -s "$TMP/out.ndjson" "$TMP/a.ndjson"
check $? "$CMD: the file holds the ndjson export" "identical" "$(excerpt "$TMP/out.ndjson")"

mkdir -p "$TMP/outdir"
before=$(ls -A "$TMP/outdir" | paste -sd' ')
tw export --output "$TMP/outdir/missing/x.json"
expect_rc 5
expect_out_empty
expect_err_msg "x.json"
after=$(ls -A "$TMP/outdir" | paste -sd' ')
[ "$before" = "$after" ] && [ ! -e "$TMP/outdir/missing" ]
check $? "$CMD: nothing left in $TMP/outdir" "'$before'" "'$after'"

# An output file in a read-only folder: refused, nothing left, the old file kept.
mkdir -p "$TMP/ro"
printf 'old\n' >"$TMP/ro/x.json"
chmod a-w "$TMP/ro"
# As root (CI), as nobody, who can read the registry but not write the folder.
if can_drop_root; then
    READER=$DB # on a server, nobody reaches it through the cluster's socket
    if ! on_pg; then
        mkdir -p "$TMP/ro-reader"
        cp "$DB" "$TMP/ro-reader/registry.db"
        chmod -R a+rwX "$TMP/ro-reader" # nobody may open the registry it reads
        READER="$TMP/ro-reader/registry.db"
    fi
    tw_nobody --db "$READER" export --output "$TMP/ro/x.json"
    expect_rc 5
    expect_out_empty
    expect_err_msg "x.json"
    got=$(ls -A "$TMP/ro" | paste -sd' ')
    [ "$got" = x.json ] && [ "$(cat "$TMP/ro/x.json")" = old ]
    check $? "$CMD: no temporary left, old file kept" "x.json (old)" "$got"
else
    skip "read-only folder: root without setpriv (util-linux) cannot drop its privileges"
fi
chmod u+w "$TMP/ro"

tw export --json
expect_rc 0
cp "$TMP/out" "$TMP/export.json-flag"
tw export --format json
expect_rc 0
expect_out_same "$TMP/export.json-flag" "export --json"
expect_out_same "$TMP/a.json" "the earlier export"

# ======================================================================================
e2e_finish 478 478
