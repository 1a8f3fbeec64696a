#!/usr/bin/env bash
# End-to-end tests of the output formats of issue 18: --format tsv wherever csv is (a list,
# a show, sql, export), its escaping read back by a small reader of PostgreSQL COPY's text
# format, --no-headers on table, csv and tsv (refused with json), report -o FILE and -o -,
# and the bad values with their exit status, database unchanged.
# Usage: bash tests/e2e/formats.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "formats.sh" "$@"

# rows FORMAT FILE: FILE's rows read back, one JSON array of cells per line. CSV by
# Python's csv module; TSV split on tabs and unescaped (\t \n \r \0, and a backslash before
# any other byte is that byte: \\, \"), as COPY reads it.
rows() {
    python3 - "$1" "$2" <<'EOF'
import csv, json, sys
fmt, path = sys.argv[1], sys.argv[2]
def unescape(cell):
    out, i = [], 0
    while i < len(cell):
        if cell[i] == "\\":
            out.append({"t": "\t", "n": "\n", "r": "\r", "0": "\0"}.get(cell[i + 1], cell[i + 1]))
            i += 2
        else:
            out.append(cell[i])
            i += 1
    return "".join(out)
with open(path, newline="", encoding="utf-8") as f:
    if fmt == "csv":
        table = list(csv.reader(f))
    else:
        text = f.read()
        assert text.endswith("\n") and "\r" not in text, "TSV lines end with LF alone"
        table = [[unescape(c) for c in line.split("\t")] for line in text[:-1].split("\n")]
for row in table:
    print(json.dumps(row, ensure_ascii=False))
EOF
}

# expect_same_rows WHAT: the last stdout, as TSV, holds the cells of $TMP/csv, as CSV.
expect_same_rows() {
    rows csv "$TMP/csv" >"$TMP/csv.rows"
    rows tsv "$TMP/out" >"$TMP/tsv.rows"
    [ -s "$TMP/csv.rows" ] && cmp -s "$TMP/csv.rows" "$TMP/tsv.rows"
    check $? "$1: tsv holds csv's cells" "$(excerpt "$TMP/csv.rows")" "$(excerpt "$TMP/tsv.rows")"
}

# expect_eq GOT WANT WHAT (as folding.sh has it).
expect_eq() {
    [ "$1" = "$2" ]
    check $? "$3" "$2" "$1"
}

mkdir -p "$TMP/f"
DB=$(e2e_db "$TMP/f/registry.db")
tw --db "$DB" init --sample
expect_rc 0
# A backslash is the one escaped character a city's name may hold (control characters are
# refused); sql below carries a tab, a newline and a CR.
tw --db "$DB" city add 'Back\slash' --country FR
expect_rc 0
tw --db "$DB" agreement add Seoul 'Back\slash' --kind friendship --signed 2001
expect_rc 0

# ======================================================================================
section "--format tsv: a list, a show, sql and export hold the cells of csv"

for cmd in "city list" "agreement list" "active" "partners Seoul" "city show Seoul" \
    "agreement show 1" "timeline Seoul" "stats"; do
    # shellcheck disable=SC2086
    tw --db "$DB" $cmd --format csv
    expect_rc 0
    cp "$TMP/out" "$TMP/csv"
    # shellcheck disable=SC2086
    tw --db "$DB" $cmd --format tsv
    expect_rc 0
    expect_same_rows "$cmd"
done
tw --db "$DB" city list --format tsv
expect_out_has "$(printf 'id\tname\tcountry\t')"
expect_out_has 'Back\\slash'
expect_out_has "$(printf '1\tSeoul\tKR\t')"
tw --db "$DB" export --format csv
expect_rc 0
cp "$TMP/out" "$TMP/csv"
tw --db "$DB" export --format tsv
expect_rc 0
expect_same_rows "export"
expect_out_has 'Back\\slash (FR)'
tw --db "$DB" export --format tsv --output "$TMP/f/export.tsv"
expect_rc 0
expect_out_empty
tw --db "$DB" export --format tsv
expect_out_same "$TMP/f/export.tsv" "export --output's file"

# ======================================================================================
section "the registry's own TSV goes back in whole: escapes and a leading quote"
# import reads a tab-separated file's backslash escapes; a quote that starts a value is
# written \" so that import's quoted-field rule does not take it.
tw --db "$DB" city add '"Quoted" town' --country FR
expect_rc 0
tw --db "$DB" agreement add '"Quoted" town' 'Back\slash' --signed 2003 --title '"Pact" of Back\slash'
expect_rc 0
tw --db "$DB" export --format tsv --output "$TMP/f/again.tsv"
expect_rc 0
grep -qF "$(printf '\t')"'\"Quoted" town' "$TMP/f/again.tsv"
check $? "a leading quote is written \\\"" '\"Quoted" town' "$(grep -o '.\{3\}Quoted.\{6\}' "$TMP/f/again.tsv" | head -n 1)"
AGAIN=$(e2e_db "$TMP/f/again.db")
tw --db "$AGAIN" import "$TMP/f/again.tsv"
expect_rc 0
for db in "$DB" "$AGAIN"; do
    run_twinreg --db "$db" export --format csv | python3 -c '
import csv, sys
rows = list(csv.DictReader(sys.stdin))
print("\n".join(sorted(r["title"] + "|" + ";".join(sorted(r["parties"].split("; "))) for r in rows)))'
done >"$TMP/f/both"
n=$(wc -l <"$TMP/f/both")
head -n $((n / 2)) "$TMP/f/both" | cmp -s - <(tail -n $((n / 2)) "$TMP/f/both")
check $? "export tsv, import, export: the same titles and parties" "(same)" "$(head -c 300 "$TMP/f/both")"
grep -q '^"Pact" of Back\\slash|"Quoted" town (FR);Back\\slash (FR)$' "$TMP/f/both"
check $? "the quoted title and names came back as written" '"Pact" of Back\slash|...' "$(grep Pact "$TMP/f/both" | head -n 1)"

# ======================================================================================
section "tsv escapes a tab, newline, CR and backslash: nothing is lost"

VALUE=$(printf 'a\tb\nc\\d\re f')
tw --db "$DB" sql 'SELECT :v AS v, 2 AS n' --param "v=$VALUE" --format tsv
expect_rc 0
expect_eq "$(wc -l <"$TMP/out" | tr -d ' ')" "2" "sql --format tsv: a header and one line"
expect_out_eq "$(printf 'v\tn\na\\tb\\nc\\\\d\\re f\t2')"
rows tsv "$TMP/out" >"$TMP/got.rows"
WANT=$(python3 -c 'import json,sys; print(json.dumps(["v","n"])); print(json.dumps([sys.argv[1],"2"]))' "$VALUE")
expect_eq "$(cat "$TMP/got.rows")" "$WANT" "sql --format tsv read back: the value whole"
tw --db "$DB" sql 'SELECT :v AS v, 2 AS n' --param "v=$VALUE" --format csv
cp "$TMP/out" "$TMP/csv"
tw --db "$DB" sql 'SELECT :v AS v, 2 AS n' --param "v=$VALUE" --format tsv
expect_same_rows "sql"

# ======================================================================================
section "--no-headers drops the header of table, csv and tsv"

for format in csv tsv; do
    tw --db "$DB" city list --format "$format"
    tail -n +2 "$TMP/out" >"$TMP/body"
    tw --db "$DB" city list --format "$format" --no-headers
    expect_rc 0
    expect_out_same "$TMP/body" "city list --format $format less its first line"
    tw --db "$DB" sql 'SELECT name FROM cities ORDER BY id' --format "$format" --no-headers
    expect_rc 0
    expect_out_lacks "name"
    expect_out_has "Seoul"
    tw --db "$DB" export --format "$format"
    tail -n +2 "$TMP/out" >"$TMP/body"
    tw --db "$DB" export --format "$format" --no-headers
    expect_rc 0
    expect_out_same "$TMP/body" "export --format $format less its first line"
    tw --db "$DB" city show Seoul --format "$format" --no-headers
    expect_rc 0
    expect_eq "$(wc -l <"$TMP/out" | tr -d ' ')" "1" "city show --format $format --no-headers: the row alone"
done
tw --db "$DB" sql 'SELECT count(*) AS n FROM cities' --format tsv --no-headers
N_CITIES=$(cat "$TMP/out")
tw --db "$DB" city list
expect_out_has "NAME"
tw --db "$DB" city list --no-headers
expect_rc 0
expect_out_lacks "NAME"
expect_out_has "Seoul"
expect_eq "$(wc -l <"$TMP/out" | tr -d ' ')" "$N_CITIES" "city list --no-headers: one line per city"
# With no row and no header, sql prints nothing at all.
tw --db "$DB" sql 'SELECT name FROM cities WHERE id < 0' --no-headers
expect_rc 0
expect_out_empty
reject 2 "--no-headers is for table, csv or tsv output, not json" -- --db "$DB" city list --no-headers --format json
reject 2 "--no-headers is for table, csv or tsv output, not json" -- --db "$DB" active --json --no-headers
reject 2 "--no-headers is for table, csv or tsv output, not ndjson" -- --db "$DB" sql 'SELECT 1' --format ndjson --no-headers
reject 2 "--no-headers is for --format csv or tsv" -- --db "$DB" export --format json --no-headers
reject 2 "--no-headers is for --format csv or tsv" -- --db "$DB" export --no-headers
reject 2 "unknown option '--no-headers'" -- --db "$DB" report Seoul --no-headers

# ======================================================================================
section "report -o FILE and -o -: every format, the file as standard output has it"

for format in table markdown html json ndjson; do
    tw --db "$DB" report Seoul --on 2026-06-01 --format "$format"
    expect_rc 0
    expect_out_nonempty
    cp "$TMP/out" "$TMP/f/report.stdout"
    rm -f "$TMP/f/report.out"
    tw --db "$DB" report Seoul --on 2026-06-01 --format "$format" -o "$TMP/f/report.out"
    expect_rc 0
    expect_out_empty
    cmp -s "$TMP/f/report.stdout" "$TMP/f/report.out"
    check $? "report --format $format -o FILE: the file is the report" "identical" "$(excerpt "$TMP/f/report.out")"
    tw --db "$DB" report Seoul 'Mexico City' --on 2026-06-01 --format "$format" --output -
    expect_rc 0
    cp "$TMP/out" "$TMP/f/pair.stdout"
    tw --db "$DB" report Seoul 'Mexico City' --on 2026-06-01 --format "$format"
    expect_out_same "$TMP/f/pair.stdout" "report --output -"
done
[ ! -e ./- ] && [ ! -e "$TMP/f/-" ]
check $? "report -o -: no file named '-'" "none" "$(ls -d ./- 2>/dev/null)"
# The umask's mode, as cp gives a new file.
rm -f "$TMP/f/report.out"
(umask 027 && "$TWINREG" --db "$DB" report Seoul -o "$TMP/f/report.out" 2>"$TMP/err")
expect_eq "$(stat -c %a "$TMP/f/report.out")" "640" "report -o FILE under umask 027: mode 640"
reject 5 "cannot write '$TMP/f/none/r.html'" -- --db "$DB" report Seoul --format html -o "$TMP/f/none/r.html"
[ ! -e "$TMP/f/none" ]
check $? "report -o into a missing folder: no folder made" "none" "$(ls -d "$TMP/f/none" 2>/dev/null)"
reject 3 "Nowhere" -- --db "$DB" report Nowhere -o "$TMP/f/nowhere.txt"
[ ! -e "$TMP/f/nowhere.txt" ]
check $? "report of an unknown city: no file written" "none" "$(ls "$TMP/f/nowhere.txt" 2>/dev/null)"

# ======================================================================================
section "bad values: exit 2, the formats named"

reject 2 "unknown format 'tab': expected table, json, ndjson, csv or tsv" -- --db "$DB" city list --format tab
reject 2 "no tsv output: use --format table, json, ndjson, markdown or html" -- --db "$DB" report Seoul --format tsv
reject 2 "expected json, ndjson, csv, tsv, geojson, graphml or gexf" -- --db "$DB" export --format tabs
reject 2 "option '--output' needs a value" -- --db "$DB" report Seoul --output
tw --db "$DB" city list --help
expect_out_has "--no-headers"
expect_out_has "csv, tsv"
tw --db "$DB" report --help
expect_out_has "-o, --output FILE"
expect_out_lacks "--no-headers"

e2e_finish 150 150
