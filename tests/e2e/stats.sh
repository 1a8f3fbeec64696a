#!/usr/bin/env bash
# End-to-end tests of the statistics (issue 17): stats, stats by decade|year|kind|country|
# country-pair and stats distance on a hand-checked registry (decades, an end, a suspension,
# an expiry, an undated and a multi-party agreement, the filters), the --chart SVG, the bad
# inputs with their exit status and the registry unchanged, and, on the Wikidata subset,
# stats distance and stats by country-pair against an independent python3 computation.
# Usage: bash tests/e2e/stats.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DATA="$HERE/../data"
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "stats.sh" "$@"

mkdir -p "$TMP/stats"
DB=$(e2e_db "$TMP/stats/registry.db")
ok() {
    tw --db "$DB" "$@"
    expect_rc 0
}
# expect_csv_eq TEXT: stdout is TEXT, as CSV lines (CRLF) compare.
expect_csv_eq() {
    tr -d '\r' <"$TMP/out" >"$TMP/out.lf"
    printf '%s\n' "$1" | cmp -s - "$TMP/out.lf"
    check $? "$CMD: stdout" "$(printf '%s' "$1" | tr '\n' '|')" "$(tr '\n' '|' <"$TMP/out.lf")"
}
ok city add Arles --country FR --lat 43.6767 --lon 4.6278
ok city add Bonn --country DE --lat 50.7339 --lon 7.0997
ok city add Como --country IT --lat 45.8081 --lon 9.0852
ok city add Denia --country ES --lat 38.8408 --lon 0.1057
ok city add Evry --country FR
# Each agreement's id is its line's number; the in-force counts below are by decade.
ok agreement add Arles Bonn --signed 1958                              # 1: in force since
ok agreement add Arles Como --signed 1965                              # 2: ended in 1975
ok agreement add Bonn Como --signed 1972-05                            # 3: suspended 1979-2001
ok agreement add Denia Evry Como --signed 1999                         # 4: three countries
ok agreement add Bonn Denia --signed unknown                           # 5: undated
ok agreement add Como Denia --signed 2010                              # 6: suspended since 2020
ok agreement add Arles Denia --signed 2005 --kind friendship --expires 2015 # 7: expired
ok agreement end 2 --on 1975 --reason 'not renewed'
ok agreement suspend 3 --on 1979 --until 2001 --reason 'dispute'
ok agreement suspend 6 --on 2020 --reason 'dispute'

# ======================================================================================
section "stats: the overview"

ok stats --format csv
expect_csv_eq "measure,value
agreements,7
in_force,4
suspended,1
ended,1
expired,1
multi_party,1
undated,1
cities,5
countries,4
first_signed,1958
last_signed,2010
kind:sister-city,6
kind:friendship,1
kind:strategic-cooperation,0
kind:cooperation,0
kind:memorandum,0"
# Signed from 1970 to 2005: 3, 4 and 7.
ok stats --since 1970 --until 2005 --format json
expect_out_has '{"measure": "agreements", "value": 3}'
ok stats --kind friendship --format ndjson
expect_out_has '{"measure": "agreements", "value": 1}'
# In force on 1980-06-01: 1, and 5 (undated: in force since always); 3 was suspended.
ok stats --active --on 1980-06-01 --format csv
expect_out_has "agreements,2"
expect_out_has "in_force,2"
ok stats --city Evry --format csv
expect_out_has "agreements,1"
expect_out_has "multi_party,1"
ok stats
expect_out_has "first_signed                1958"

# ======================================================================================
section "stats by decade and year: signed, in force at any time in it, ended; undated apart"

ok stats by decade --format csv
expect_csv_eq "period,signed,in_force,ended
1950s,1,2,0
1960s,1,3,0
1970s,1,4,1
1980s,0,2,0
1990s,1,3,0
2000s,1,5,0
2010s,1,6,0
2020s,0,4,0
unknown,1,1,0"
ok stats by year --since 1972 --until 1972 --format csv
expect_out_has "1972,1,1,0"
expect_out_has "1978,0,1,0"
expect_out_has "1979,0,0,0"
expect_out_has "2001,0,1,0"
expect_out_has "unknown,0,0,0"
ok stats by decade --kind friendship --format json
expect_out_has '{"period": "2000s", "signed": 1, "in_force": 1, "ended": 0}'
expect_out_has '{"period": "2010s", "signed": 0, "in_force": 1, "ended": 0}'

# ======================================================================================
section "stats by kind, country and country-pair"

ok stats by kind --format csv
expect_csv_eq "kind,agreements,in_force,suspended,ended
sister-city,6,4,1,1
friendship,1,0,0,0
strategic-cooperation,0,0,0,0
cooperation,0,0,0,0
memorandum,0,0,0,0"
ok stats by country --format csv
expect_csv_eq "country,agreements,in_force,suspended,ended
ES,4,2,1,0
FR,4,2,0,1
IT,4,2,1,1
DE,3,3,0,0"
# A pair is unordered and a three-country agreement counts once for each of its pairs.
ok stats by country-pair --format csv
expect_csv_eq "country_a,country_b,agreements,in_force,suspended,ended
ES,FR,2,1,0,0
ES,IT,2,1,1,0
FR,IT,2,1,0,1
DE,ES,1,1,0,0
DE,FR,1,1,0,0
DE,IT,1,1,0,0"
ok stats by country-pair --country Spain --format csv
expect_csv_eq "country_a,country_b,agreements,in_force,suspended,ended
ES,FR,2,1,0,0
ES,IT,2,1,1,0
DE,ES,1,1,0,0"
ok stats by country-pair --country IT --format ndjson
expect_out_has '{"country_a": "DE", "country_b": "IT", "agreements": 1'

# ======================================================================================
section "stats distance: each pair of parties with coordinates, against python3"

# python3 DISTANCES...: the summary of the distances as stats distance gives it.
# expect_summary_is_python3s SHARE_TOLERANCE WHAT: stdout's CSV summary of stats distance has
# every measure of $TMP/want (summary_py's), kilometres within 0.051 and shares within
# SHARE_TOLERANCE.
expect_summary_is_python3s() {
    python3 -c '
import csv, sys
rows = {r["measure"]: r["value"] for r in csv.DictReader(open(sys.argv[1])) if r["measure"] != "bin"}
for line in open(sys.argv[2]):
    name, want = line.strip().split(",")
    got = rows.get(name)
    if got is None or abs(float(got) - float(want)) > (0.051 if name.endswith("km") else float(sys.argv[3])):
        print(name, "want", want, "got", got)
' "$TMP/out" "$TMP/want" "$1" >"$TMP/diff"
    [ ! -s "$TMP/diff" ]
    check $? "$2" "(no difference)" "$(head -c 300 "$TMP/diff")"
}

summary_py() {
    python3 - "$@" <<'PY'
import math, statistics, sys
def km(a, b):
    (p1, l1), (p2, l2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))
pts = [tuple(map(float, p.split(','))) for p in sys.argv[1:]]
d = sorted(km(pts[i], pts[i + 1]) for i in range(0, len(pts), 2))
q = statistics.quantiles(d, n=4, method='inclusive')
for name, v in (('min_km', d[0]), ('q1_km', q[0]), ('median_km', q[1]), ('q3_km', q[2]),
                ('max_km', d[-1])):
    print('%s,%.1f' % (name, v))
for w in (500, 1000, 5000):
    print('within_%d_km,%.4f' % (w, sum(x <= w for x in d) / len(d)))
PY
}
A=43.6767,4.6278 B=50.7339,7.0997 C=45.8081,9.0852 D=38.8408,0.1057
summary_py "$A" "$B" "$A" "$C" "$B" "$C" "$B" "$D" "$C" "$D" "$A" "$D" >"$TMP/want"
ok stats distance --format csv
expect_out_has "agreements,,,6"
expect_out_has "pairs,,,6"
expect_out_has "without_coordinates,,,1"
expect_summary_is_python3s 0.000102 "stats distance: the summary python3 computes"
ok stats distance --bin-km 500 --format json
expect_out_has '{"measure": "bin", "from_km": 0, "to_km": 500, "value": 1}'
ok stats distance --bins 4 --format csv
[ "$(grep -c '^bin,' "$TMP/out")" = 4 ]
check $? "stats distance --bins 4: four bins" "4" "$(grep -c '^bin,' "$TMP/out")"
ok stats distance --country DE --format csv
expect_out_has "agreements,,,3"

# ======================================================================================
section "--chart: a standalone SVG, one bar per row, with the umask's mode"

# svg_bars FILE: the number of bars, after xml.etree read the file (exit 1 if malformed).
svg_bars() {
    python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg" and root.get("version") == "1.1"
assert root.find(ns + "title") is not None
bars = [r for r in root.iter(ns + "rect") if r.get("class") == "bar"]
assert all(b.find(ns + "title") is not None for b in bars)
print(len(bars))' "$1"
}
(umask 027 && "$TWINREG" --db "$DB" stats by decade --chart "$TMP/decades.svg" --format csv \
    >"$TMP/out" 2>"$TMP/err")
RC=$? CMD="stats by decade --chart"
expect_rc 0
rows=$(($(wc -l <"$TMP/out") - 1))
[ "$(svg_bars "$TMP/decades.svg")" = "$rows" ]
check $? "decades.svg: well-formed, one bar per row" "$rows" "$(svg_bars "$TMP/decades.svg")"
[ "$(stat -c %a "$TMP/decades.svg")" = 640 ]
check $? "decades.svg: the umask's mode" "640" "$(stat -c %a "$TMP/decades.svg")"
grep -q '<title>1970s: 1</title>' "$TMP/decades.svg"
check $? "decades.svg: the value in the bar's tooltip" "1970s: 1" "$(head -c 200 "$TMP/decades.svg")"
ok stats by year --chart "$TMP/years.svg" --format csv
[ "$(svg_bars "$TMP/years.svg")" = "$(($(wc -l <"$TMP/out") - 1))" ]
check $? "years.svg: one bar per row" "$(($(wc -l <"$TMP/out") - 1))" "$(svg_bars "$TMP/years.svg")"
ok stats distance --bins 7 --chart "$TMP/distance.svg"
[ "$(svg_bars "$TMP/distance.svg")" = 7 ]
check $? "distance.svg: one bar per bin" "7" "$(svg_bars "$TMP/distance.svg")"

# ======================================================================================
section "bad input: the exit status, one message, the registry unchanged"

reject 2 "unknown grouping 'month'" -- --db "$DB" stats by month
reject 2 "--chart draws periods" -- --db "$DB" stats by kind --chart "$TMP/kind.svg"
reject 5 "cannot write '$TMP/missing/c.svg'" -- --db "$DB" stats by decade --chart "$TMP/missing/c.svg"
[ ! -e "$TMP/missing" ]
check $? "--chart into a missing folder: nothing made" "(none)" "$(ls "$TMP/missing" 2>&1)"
reject 2 "--since 2000 is after --until 1990" -- --db "$DB" stats by decade --since 2000 --until 1990
reject 2 "--since 2000 is after --until 1990" -- --db "$DB" stats --since 2000 --until 1990
reject 2 "--on needs --active" -- --db "$DB" stats distance --on 2000
reject 2 "--bins and --bin-km" -- --db "$DB" stats distance --bins 3 --bin-km 100
reject 2 "--bins: a whole number from 1 to 1000, not '0'" -- --db "$DB" stats distance --bins 0
reject 2 "--bin-km: a whole number" -- --db "$DB" stats distance --bin-km x
reject 4 "Atlantis" -- --db "$DB" stats by country --country Atlantis
reject 3 "Atlantis" -- --db "$DB" stats --city Atlantis
reject 2 "by" -- --db "$DB" stats by
reject 2 "no markdown output" -- --db "$DB" stats --format markdown

# ======================================================================================
section "the Wikidata subset: distance and country pairs against python3 over the export"

DB=$(e2e_db "$TMP/stats/subset.db")
ok init
ok import "$DATA/sistercities-subset.tsv" --skip-invalid --map \
    city1=origincityLabel,country1=origincountry,lat1=originlat,lon1=originlong,city2=sistercityLabel,country2=destination_countryLabel,lat2=destinationlat,lon2=destinationlong
# What the registry holds (the import merged and skipped rows): its export, read by python3.
ok export --format csv
cp "$TMP/out" "$TMP/subset.csv"
python3 - "$TMP/subset.csv" >"$TMP/pairs.want" 2>"$TMP/py.err" <<'PY'
import collections, csv, sys
count = collections.Counter()
for r in csv.DictReader(open(sys.argv[1], newline='')):
    a, b = sorted((r['country1'], r['country2']))
    if a != b:
        count[a, b] += 1
for (a, b), n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])):
    print('%s,%s,%d' % (a, b, n))
PY
check $? "python3 read the export" "exit 0" "$(excerpt "$TMP/py.err")"
ok stats by country-pair --format csv
tail -n +2 "$TMP/out" | cut -d, -f1-3 >"$TMP/pairs.got"
cmp -s "$TMP/pairs.want" "$TMP/pairs.got"
check $? "stats by country-pair: python3's count" "$(head -n 3 "$TMP/pairs.want" | tr '\n' ' ')" \
    "$(diff "$TMP/pairs.want" "$TMP/pairs.got" | head -n 4 | tr '\n' ' ')"
[ "$(wc -l <"$TMP/pairs.want")" -gt 20 ]
check $? "the subset has country pairs" "> 20" "$(wc -l <"$TMP/pairs.want")"
mapfile -t POINTS < <(python3 -c '
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["lat1"] and r["lat2"]:
        print(r["lat1"] + "," + r["lon1"]); print(r["lat2"] + "," + r["lon2"])' "$TMP/subset.csv")
summary_py "${POINTS[@]}" >"$TMP/want"
ok stats distance --format csv
expect_out_has "pairs,,,$((${#POINTS[@]} / 2))"
expect_out_has "without_coordinates,,,0"
expect_summary_is_python3s 0.0001 "subset: stats distance is python3's"

e2e_finish 100 100
