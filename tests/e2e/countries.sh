#!/usr/bin/env bash
# End-to-end tests of country names in real lists: translations, "(country)", "Region,
# Country", former and short names, and the user's own names (import --country-alias,
# --country-aliases FILE), with their refusals.
# Usage: bash tests/e2e/countries.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit. Prints one line per failed check and,
# last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "countries.sh" "$@"

mkdir -p "$TMP/c"
DB=$(e2e_db "$TMP/c/registry.db")
tw --db "$DB" init
expect_rc 0

# One row per form the issue names; rows 4 and 6 need the user's names, row 7 has a typo.
PAIRS="$TMP/c/pairs.csv"
cat >"$PAIRS" <<'CSV'
city1,country1,city2,country2,year
Lyon,Mexique,Tbilisi,Georgia (country),1990
Hanover,"Lower Saxony, Germany",Saint-Denis,"Réunion, France",1991
Famagusta,Northern Cyprus,Bandar Seri Begawan,Brunei,1992
Chisinau,Moldavia,Stanley,Falkland Islands,1993
Athens,Grèce,Seoul,Korea,1994
Pohnpei,Micronesia,Bonn,Germny,1995
Busan,대한민국,Munich,Deutschland,1996
Ulsan,Südkorea,Lyon,Mexique,1997
CSV

# ======================================================================================
section "names that nothing resolves: the import is refused whole"

WROTE=1 reject 4 "cannot import" -- --db "$DB" import "$PAIRS"
expect_err_has "pairs.csv:4: unknown country 'Northern Cyprus'"
expect_err_has "pairs.csv:6: ambiguous country 'Korea': it names KP and KR"
expect_err_has "pairs.csv:7: unknown country 'Germny': did you mean 'Germany'?"
expect_err_has "3 invalid records, nothing written"

# ======================================================================================
section "the user's names for the rest"

tw --db "$DB" import --skip-invalid --country-alias 'Northern Cyprus=CY' \
    --country-alias 'Korea=kor' "$PAIRS"
expect_rc 0
expect_err_has "pairs.csv:7: unknown country 'Germny': did you mean 'Germany'?"
expect_err_has "import: 20 inserted, 0 updated, 0 unchanged, 1 skipped"
tw --db "$DB" city list --format csv
# CSV rows end in CRLF (RFC 4180): each row is looked for on its own, without its id (on a
# server, the refused import above took ids from the sequence).
for row in ',Lyon,MX,' ',Tbilisi,GE,' ',Hanover,DE,' ',Saint-Denis,RE,' ',Famagusta,CY,' \
    ',Bandar Seri Begawan,BN,' ',Chisinau,MD,' ',Stanley,FK,' ',Athens,GR,' ',Seoul,KR,' \
    ',Busan,KR,' ',Munich,DE,' ',Ulsan,KR,'; do
    expect_out_has "$row"
done
[ "$(grep -c . "$TMP/out")" -eq 14 ]
check $? "$CMD: 13 cities" 14 "$(grep -c . "$TMP/out") lines"

# A file of names: a header, a comment, tab and comma, a name with a comma in it.
ALIASES="$TMP/c/aliases.txt"
printf 'name,code\n# as the list spells them\nKorea, North\tKP\nGermny,DE\n\nSomaliland, SO\n' \
    >"$ALIASES"
cat >"$TMP/c/more.csv" <<'CSV'
city1,country1,city2,country2,year
Pyongyang,"Korea, North",Bonn,Germny,1997
Hargeisa,Somaliland,Bonn,Germany,1998
CSV
tw --db "$DB" import --dry-run --country-aliases "$ALIASES" "$TMP/c/more.csv"
expect_rc 0
expect_err_has "dry run: 5 inserted"
tw --db "$DB" import --country-aliases "$ALIASES" "$TMP/c/more.csv"
expect_rc 0
expect_err_has "import: 5 inserted, 0 updated, 0 unchanged, 0 skipped"
tw --db "$DB" city list --format csv
expect_out_has ",Pyongyang,KP,"
expect_out_has ",Bonn,DE,"
expect_out_has ",Hargeisa,SO,"

# The JSON format's cities read the same names.
printf '{"format": "twinreg", "version": 1, "cities": [{"name": "Toluca", "country": "Mexique"},
 {"name": "Nicosia North", "country": "Northern Cyprus"}]}\n' >"$TMP/c/cities.json"
tw --db "$DB" import --country-alias 'Northern Cyprus=CY' "$TMP/c/cities.json"
expect_rc 0
tw --db "$DB" city show Toluca --format json
expect_json_eq '$.country' MX
tw --db "$DB" city show 'Nicosia North' --format json
expect_json_eq '$.country' CY

# ======================================================================================
section "bad names of the user's: exit 2, nothing imported"

printf 'Northern Cyprus,CY\nTransnistria\n' >"$TMP/c/bad_line.txt"
reject 2 "bad_line.txt:2: expected a name and a code" -- --db "$DB" import \
    --country-aliases "$TMP/c/bad_line.txt" "$TMP/c/more.csv"
printf 'Northern Cyprus\tCY\nNarnia\tQQ\n' >"$TMP/c/bad_code.txt"
reject 2 "bad_code.txt:2: country alias 'Narnia': 'QQ' is not an ISO 3166-1 code" -- \
    --db "$DB" import --country-aliases "$TMP/c/bad_code.txt" "$TMP/c/more.csv"
reject 2 "country alias 'Georgia=US': 'Georgia' is GE already" -- --db "$DB" import \
    --country-alias 'Georgia=US' "$PAIRS"
reject 2 "'Northern Cyprus=TR': 'Northern Cyprus' is mapped to CY already" -- --db "$DB" import \
    --country-alias 'Northern Cyprus=CY' --country-alias 'Northern Cyprus=TR' "$PAIRS"
reject 2 "country alias 'Narnia': expected NAME=CC" -- --db "$DB" import \
    --country-alias 'Narnia' "$PAIRS"
reject 5 "unable to open" -- --db "$DB" import --country-aliases "$TMP/c/none.txt" "$PAIRS"

# ======================================================================================
section "every command reads a country so"

tw --db "$DB" city add 'Saint-Pierre' --country 'Réunion, France'
expect_rc 0
tw --db "$DB" city list --country 'Georgia (country)' --format csv
expect_out_has ",Tbilisi,GE,"
[ "$(grep -c . "$TMP/out")" -eq 2 ]
check $? "$CMD: one city" 2 "$(grep -c . "$TMP/out") lines"
reject 4 "unknown country 'Germny': did you mean 'Germany'?" -- --db "$DB" city list \
    --country Germny
reject 4 "ambiguous country 'Virgin Islands': it names VG and VI" -- --db "$DB" city add \
    Charlotte --country 'Virgin Islands'

# ======================================================================================
section "the countries table, for sql"

# iso-codes' own list (code, alpha-3, name, common name or name), read by Python.
ISO_JSON="$(pkg-config --variable=prefix iso-codes)/share/iso-codes/json/iso_3166-1.json"
python3 -c 'import csv, json, sys
rows = sorted(json.load(open(sys.argv[1]))["3166-1"], key=lambda c: c["alpha_2"])
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["code", "alpha3", "name", "common_name"])
for c in rows: out.writerow([c["alpha_2"], c["alpha_3"], c["name"], c.get("common_name", c["name"])])' \
    "$ISO_JSON" >"$TMP/c/iso.csv"
tw --db "$DB" sql --format csv "SELECT code, alpha3, name, common_name FROM countries ORDER BY code"
expect_rc 0
tr -d '\r' <"$TMP/out" >"$TMP/c/countries.csv"
[ "$(wc -l <"$TMP/c/iso.csv")" -ge 250 ] && cmp -s "$TMP/c/iso.csv" "$TMP/c/countries.csv"
check $? "$CMD: every country of iso-codes, as iso-codes names it" \
    "$(wc -l <"$TMP/c/iso.csv") lines" "$(diff "$TMP/c/iso.csv" "$TMP/c/countries.csv" | head -n 4 | tr '\n' '|')"
tw --db "$DB" sql --format csv "SELECT c.name, k.name, k.common_name FROM cities c
    JOIN countries k ON k.code = c.country WHERE c.name IN ('Busan', 'Tbilisi') ORDER BY c.name"
expect_rc 0
expect_out_has "Busan,\"Korea, Republic of\",South Korea"
expect_out_has "Tbilisi,Georgia,Georgia"
reject 4 "sql is read-only" -- --db "$DB" sql "DELETE FROM countries"
tw --db "$DB" sql "SELECT count(*) FROM countries"
expect_out_has "$(($(wc -l <"$TMP/c/iso.csv") - 1))"
tw --db "$DB" check
expect_rc 0

# ======================================================================================
e2e_finish 98 98
