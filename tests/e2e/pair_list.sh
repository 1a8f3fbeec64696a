#!/usr/bin/env bash
# End-to-end test of the README's figures on a pair list written in the tests
# (tests/data/pairs-wikipedia.csv: English Wikipedia's twin-town shape, every country form
# the README documents): the share of rows imported, the skipped rows grouped by reason,
# and the `city duplicates` candidates, without and with --country-alias. On SQLite, or
# on a server with E2E_ENGINE=postgresql.
# Usage: bash tests/e2e/pair_list.sh /path/to/twinreg
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "pair_list.sh" "$@"
PAIRS="$HERE/../data/pairs-wikipedia.csv"
MAP=(--map city1=city,country1=country,city2=partner,country2=partner_country)

# use_db NAME: a registry of its own (a database of its own on a server).
use_db() {
    mkdir -p "$TMP/$1"
    DB=$(e2e_db "$TMP/$1/registry.db")
    on_pg || "$TWINREG" --db "$DB" init >/dev/null 2>&1
    export TWINREG_DB="$DB"
}

# expect_groups TEXT: the groups by reason (the lines between the skipped ones and the
# counts), exactly.
expect_groups() {
    grep -a '^twinreg: [0-9]* rows\?: ' "$TMP/err" >"$TMP/groups"
    printf '%s\n' "$1" >"$TMP/groups.expected"
    cmp -s "$TMP/groups" "$TMP/groups.expected"
    check $? "$CMD: groups by reason" "$(excerpt "$TMP/groups.expected")" "$(excerpt "$TMP/groups")"
}

expect_counts() {
    tail -n 1 "$TMP/err" | grep -qxF -- "twinreg: import: $1"
    check $? "$CMD: counts" "'$1'" "$(tail -n 1 "$TMP/err")"
}

# expect_duplicates N: `city duplicates` lists N candidate pairs.
expect_duplicates() {
    tw city duplicates --format csv
    expect_rc 0
    expect_csv "$1" score reason id1 name1 country1 id2 name2 country2
}

ROWS=$(($(wc -l <"$PAIRS") - 1))
check $((ROWS == 292 ? 0 : 1)) "the pair list's rows" 292 "$ROWS"
# Each form of a country the README names is in the list.
for form in ',DE,' ',FRA,' ',Germany,' ',Mexique,' ',México,' ',Südkorea,' ',대한민국,' \
    'Georgia (country)' '"Lower Saxony, Germany"' '"Réunion, France"' \
    '"Northern Ireland, United Kingdom"' '"Hong Kong, China"' ',Zaire,' ',Burma,' \
    ',Brunei,' ',Micronesia,' ',Falkland Islands,' ',Moldavia,' ',England,' \
    ',Northern Cyprus,' ',Germny,' ',Korea,' ',Prussia,'; do
    grep -qF -- "$form" "$PAIRS"
    check $? "the pair list holds $form" "a row" "none"
done

# ======================================================================================
section "the pair list as written: 238 of 292 rows (81.5 %), 54 skipped"

use_db plain
tw import "$PAIRS" "${MAP[@]}" --skip-invalid
expect_rc 0
expect_counts "300 inserted, 0 updated, 5 unchanged, 54 skipped (cities: 67 inserted; agreements: 233 inserted, 5 unchanged, 54 skipped)"
expect_groups "twinreg: 16 rows: unknown country 'Northern Cyprus'
twinreg: 8 rows: ambiguous country 'Korea'
twinreg: 8 rows: unknown country 'Germny'
twinreg: 8 rows: unknown country 'Kingdom of Hungary'
twinreg: 7 rows: unknown country 'Prussia'
twinreg: 7 rows: unknown country 'Yugoslavia'"
expect_err_has "unknown country 'Germny': did you mean 'Germany'?"
# Forms read as countries: a translation, a qualifier, a region, a territory, a former name.
for probe in 'Guadalajara,MX' 'Busan,KR' 'Seoul,KR' 'Tbilisi,GE' 'Hanover,DE' 'Atlanta,US' \
    'Saint-Denis,RE' 'San Juan,PR' 'Hong Kong,HK' 'Kinshasa,CD' 'Yangon,MM' \
    'Bandar Seri Begawan,BN' 'Stanley,FK' 'Chișinău,MD' 'Belfast,GB' 'Odesa,UA'; do
    tw city show "$probe" --format json
    expect_rc 0
done
expect_duplicates 2
expect_out_has 'the same words in another order,'
expect_out_has 'a name starts with the other,'

# ======================================================================================
section "with --country-alias 'Northern Cyprus=CY': 254 of 292 rows (87.0 %), 38 skipped"

use_db alias
tw import "$PAIRS" "${MAP[@]}" --skip-invalid --country-alias 'Northern Cyprus=CY'
expect_rc 0
expect_counts "318 inserted, 0 updated, 5 unchanged, 38 skipped (cities: 69 inserted; agreements: 249 inserted, 5 unchanged, 38 skipped)"
expect_groups "twinreg: 8 rows: ambiguous country 'Korea'
twinreg: 8 rows: unknown country 'Germny'
twinreg: 8 rows: unknown country 'Kingdom of Hungary'
twinreg: 7 rows: unknown country 'Prussia'
twinreg: 7 rows: unknown country 'Yugoslavia'"
tw city show 'Kyrenia,CY' --format json
expect_rc 0
expect_duplicates 2

# ======================================================================================
e2e_finish 54 54
