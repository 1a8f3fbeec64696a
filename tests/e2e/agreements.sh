#!/usr/bin/env bash
# End-to-end tests of agreements as real lists have them: undated ones from the shell
# (--signed unknown), a warning for an agreement between the cities of an earlier one
# signed on another date, and a CSV export that an import reads back without loss.
# Usage: bash tests/e2e/agreements.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on PostgreSQL with E2E_ENGINE.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "agreements.sh" "$@"

# new_registry NAME: DB is a fresh registry with Paris, Rome and Lyon.
new_registry() {
    DB=$(e2e_db "$TMP/$1/registry.db")
    tw --db "$DB" init
    for c in 'Paris --country FR' 'Rome --country IT' 'Lyon --country FR'; do
        # shellcheck disable=SC2086
        tw --db "$DB" city add $c
        expect_rc 0
    done
}

# expect_warnings N: stderr has N warning lines.
expect_warnings() {
    local n
    n=$(grep -c '^twinreg: warning: ' "$TMP/err")
    check $((n == $1 ? 0 : 1)) "$CMD: warnings on stderr" "$1" "$n: $(excerpt "$TMP/err")"
}

# ======================================================================================
section "agreement add and update --signed unknown"

new_registry undated
tw --db "$DB" agreement add Paris Rome --signed unknown
expect_rc 0
expect_out_eq 1
tw --db "$DB" agreement show 1 --format json
expect_json_null '$.signed_on'
expect_json_eq '$.kind' sister-city
# Undated is part of the natural key: the same cities, kind and no date is a duplicate.
reject 4 "agreement 1 already links these cities as sister-city signed (no date)" -- \
    --db "$DB" agreement add Rome Paris --signed unknown
# A word that is neither a date nor 'unknown' is refused, naming both.
reject 4 "invalid signing date 'unknwn': expected YYYY, YYYY-MM or YYYY-MM-DD (a real date), or 'unknown'" -- \
    --db "$DB" agreement add Paris Lyon --signed unknwn
reject 4 "or 'unknown'" -- --db "$DB" agreement update 1 --signed 1956-13
reject 2 "--signed cannot be cleared" -- --db "$DB" agreement update 1 --signed ''
tw --db "$DB" agreement update 1 --signed 1956-01-30
expect_rc 0
tw --db "$DB" agreement show 1 --format json
expect_json_eq '$.signed_on' 1956-01-30
tw --db "$DB" agreement update 1 --signed unknown
expect_rc 0
tw --db "$DB" agreement show 1 --format json
expect_json_null '$.signed_on'
# A date before the in-force date, the expiry...: 'unknown' clears it, so nothing is before.
tw --db "$DB" agreement update 1 --in-force 1960 --expires 1970
expect_rc 0
tw --db "$DB" agreement update 1 --signed unknown
expect_rc 0
tw --db "$DB" agreement show 1 --format json
expect_json_null '$.signed_on'
expect_json_eq '$.expires_on' 1970
# The option's help and completion offer the word.
tw --db "$DB" agreement add --help
expect_out_has "'unknown' for an undated one"
tw --db "$DB" __complete 4 agreement add Paris --signed ''
expect_out_eq unknown

# ======================================================================================
section "an agreement between the cities of an earlier one signed on another date"

new_registry twins
tw --db "$DB" agreement add Paris Rome --signed 1956
expect_rc 0
tw --db "$DB" agreement add Rome Paris --signed unknown
expect_rc 0
expect_out_eq 2
expect_err_has "twinreg: added agreement 2"
expect_err_has "twinreg: warning: agreement 2 (sister-city, signed unknown) is between the same cities as agreement 1 (signed 1956); if they are one, complete 1 with 'twinreg agreement update' and remove 2"
tw --db "$DB" agreement add Paris Rome --signed 1957-05
expect_rc 0
expect_err_has "warning: agreement 3 (sister-city, signed 1957-05) is between the same cities as agreement 1 (signed 1956)"
# Another kind, or other cities: no warning.
tw --db "$DB" agreement add Paris Rome --signed 1958 --kind friendship
expect_rc 0
expect_warnings 0
tw --db "$DB" agreement add Paris Lyon --signed 1958
expect_rc 0
expect_warnings 0
# The same natural key is still a duplicate, with nothing written.
reject 4 "duplicate agreement: agreement 1 already links these cities as sister-city signed 1956" -- \
    --db "$DB" agreement add Rome Paris --signed 1956
# Made one as the warning says.
tw --db "$DB" agreement remove 2
expect_rc 0

section "the same on import"
new_registry import-twins
tw --db "$DB" agreement add Paris Rome --signed 1956
printf 'city1,country1,city2,country2,signed_on\nRome,IT,Paris,FR,\nParis,FR,Rome,IT,1956\nLyon,FR,Rome,IT,1960\nRome,IT,Lyon,FR,1961\n' \
    >"$TMP/twins.csv"
tw --db "$DB" import "$TMP/twins.csv"
expect_rc 0
expect_err_has "twinreg: warning: $TMP/twins.csv: agreement 2 (sister-city, signed unknown) is between the same cities as agreement 1 (signed 1956)"
expect_err_has "twinreg: warning: $TMP/twins.csv: agreement 4 (sister-city, signed 1961) is between the same cities as agreement 3 (signed 1960)"
expect_err_has "import: 3 inserted, 0 updated, 1 unchanged, 0 skipped (agreements: 3 inserted, 1 unchanged)"
expect_warnings 2
# Imported again: nothing new, nothing to warn about.
tw --db "$DB" import "$TMP/twins.csv"
expect_rc 0
expect_warnings 0
# A dry run tells them too, and writes nothing.
new_registry import-twins-dry
snap
tw --db "$DB" import --dry-run "$TMP/twins.csv"
expect_rc 0
expect_err_has "agreement 4 (sister-city, signed 1961) is between the same cities as agreement 3 (signed 1960)"
WROTE=1 expect_unchanged_but_ids

# ======================================================================================
e2e_finish 60 60
