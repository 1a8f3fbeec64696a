#!/usr/bin/env bash
# End-to-end tests of name folding past diacritics (issue 15): what users type without Ł,
# ø, æ, ß finds the names that have them (show, --match, suggestions, completion, natural
# keys); other scripts fold as before; ICU is loaded only for such names; and the
# migration refold_names folds the keys of a registry made before it, keeping both cities
# when two come to one key. Usage: bash tests/e2e/folding.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "folding.sh" "$@"

# expect_eq GOT WANT WHAT
expect_eq() {
    [ "$1" = "$2" ]
    check $? "$3" "$2" "$1"
}

DB=$(e2e_db "$TMP/folding/registry.db")
export TWINREG_DB=$DB # for reject, which names no --db

# ======================================================================================
section "lookups past diacritics"

for c in "Łódź --country PL" "København --country DK --alias Kjøbenhavn@da" \
    "'Neustadt an der Weinstraße' --country DE" "Ærø --country DK" "Москва --country RU" \
    "Lyon --country FR"; do
    eval "tw --db \"\$DB\" city add $c"
    expect_rc 0
done
# show_id SPEC ID: `city show SPEC` finds city ID.
show_id() {
    tw --db "$DB" city show "$1" --json
    expect_rc 0
    expect_json_eq '$.id' "$2"
}
show_id lodz 1
show_id 'LODZ,PL' 1
show_id 'Łódź' 1
show_id kobenhavn 2
show_id kjobenhavn 2 # an alias
show_id 'neustadt an der weinstrasse' 3
show_id aero 4
show_id 'AERO,DK' 4
show_id москва 5 # another script folds as before
reject 3 "city 'moskva': not found" -- city show moskva
reject 3 "city 'lodzz': not found (did you mean 'Łódź,PL'?)" -- city show lodzz
# One natural key: the name without its letters is the same city.
reject 4 "duplicate city: city 1 is already Łódź, PL" -- city add Lodz --country PL
reject 4 "duplicate city: city 2 is already København, DK" -- city add KOBENHAVN --country DK
tw --db "$DB" agreement add lodz kobenhavn --signed 1990
expect_rc 0
tw --db "$DB" partners lodz --format csv
expect_rc 0
expect_out_has "København"

# ======================================================================================
section "search, duplicates and completion follow the fold"

tw --db "$DB" city list --match strasse --format csv
expect_rc 0
expect_out_has "Neustadt an der Weinstraße"
tw --db "$DB" city list --match 'KJOBEN' --format csv
expect_rc 0
expect_out_has "København"
tw --db "$DB" city list --match 'lod' --format csv
expect_rc 0
expect_out_has "Łódź"
expect_out_lacks "Lyon"
tw --db "$DB" city duplicates --format csv
expect_rc 0
expect_out_lacks "past its diacritics" # none in a registry made with this fold
tw --db "$DB" __complete 2 city show lod
expect_rc 0
expect_out_eq "Łódź"
tw --db "$DB" __complete 2 city show Kø
expect_out_eq "København"
tw --db "$DB" __complete 2 city show ly
expect_out_eq "Lyon"

# ======================================================================================
section "spelled-out forms: aeroe, muenchen"

for c in "München --country DE" "Göteborg --country SE" "Åland --country FI" \
    "Münster --country DE" "Muenster --country DE" \
    "Mühlberg --country DE --region Brandenburg" "Gøteborg --country NO"; do
    eval "tw --db \"\$DB\" city add $c"
    expect_rc 0
done
show_id muenchen 7
show_id munchen 7
show_id 'MUENCHEN,DE' 7
show_id aeroe 4
show_id 'aeroe,DK' 4
show_id aaland 9
show_id 'goeteborg,SE' 8
show_id muenster 11 # the city of that name, before any spelled-out form
show_id munster 10
reject 3 "city 'muenchen,FR': not found" -- city show 'muenchen,FR'
reject 3 "city 'goeteborg' is ambiguous: 2 cities match" -- city show goeteborg
show_id 'muehlberg,DE,brandenburg' 12 # the region, as for a name found at once
reject 3 "city 'muehlberg,DE,Bavaria': not found" -- city show 'muehlberg,DE,Bavaria'
tw --db "$DB" agreement add muenchen aeroe --signed 2001
expect_rc 0
tw --db "$DB" city duplicates --format csv
expect_rc 0
expect_out_has "75,the same name with letters spelled out,10,Münster,DE,11,Muenster,DE"

# ======================================================================================
section "ICU is loaded only for a name that needs it"

# ld.so's own account of the libraries loaded (LD_DEBUG=libs), on stderr.
tw_env LD_DEBUG=libs -- --db "$DB" city show Lyon
expect_rc 0
grep -q 'libicu' "$TMP/err"
check $((!$?)) "$CMD: ICU not loaded" "no libicu in ld.so's list" "$(grep -m1 libicu "$TMP/err")"
tw_env LD_DEBUG=libs -- --db "$DB" city show москва
expect_rc 0
grep -q 'libicu' "$TMP/err"
check $((!$?)) "$CMD: ICU not loaded for another script" "no libicu" "$(grep -m1 libicu "$TMP/err")"
tw_env LD_DEBUG=libs -- --db "$DB" city show 'Łódź'
expect_rc 0
grep -q 'libicui18n' "$TMP/err"
check $? "$CMD: ICU loaded for Ł" "libicui18n in ld.so's list" "$(grep -c . "$TMP/err") lines"

# ======================================================================================
section "the migration folds an older registry's keys again"

# A registry as the migration before refold_names left it, its keys as the fold then made
# them (unicode61 alone: Ł, ø stayed): the migrations before it, then rows written in SQL.
OLD=$TMP/folding/old.db
if on_pg; then
    MIGRATIONS=$HERE/../../migrations/postgresql
else
    MIGRATIONS=$HERE/../../migrations
fi
REFOLD=$(basename "$(ls "$MIGRATIONS"/[0-9]*_refold_names.sql)" | sed 's/^0*\([0-9]*\)_.*/\1/')
LATEST=$(basename "$(ls "$MIGRATIONS"/[0-9]*.sql | tail -n 1)" | sed 's/^0*\([0-9]*\)_.*/\1/')
OLD_ROWS="INSERT INTO cities (name, name_key, country) VALUES ('Lodz', 'lodz', 'PL'),
    ('Łódź', 'łodz', 'PL'), ('København', 'københavn', 'DK'), ('Москва', 'москва', 'RU');
INSERT INTO city_aliases (city_id, name, name_key) VALUES (3, 'Kjøbenhavn', 'kjøbenhavn');
INSERT INTO organizations (name, name_key) VALUES ('Øresund Council', 'øresund council'),
    ('Oresund Council', 'oresund council'), ('Straße Verein', 'straße verein');"
if on_pg; then
    name="e2e_old_$$"
    pg_super -c "CREATE DATABASE $name OWNER twinreg_admin" >/dev/null 2>"$TMP/old.err" ||
        harness_failure "old registry: $(excerpt "$TMP/old.err")"
    OLD="host=$PGHOST port=$PGPORT dbname=$name user=twinreg_admin"
    for f in "$MIGRATIONS"/[0-9]*.sql; do
        n=$(basename "$f" | sed 's/^0*\([0-9]*\)_.*/\1/')
        [ "$n" -lt "$REFOLD" ] && cat "$f"
    done >"$TMP/old.sql"
    printf '%s\n' "CREATE TABLE twinreg_schema_version (version integer NOT NULL);" \
        "INSERT INTO twinreg_schema_version VALUES ($((REFOLD - 1)));" "$OLD_ROWS" >>"$TMP/old.sql"
    psql -X -q -v ON_ERROR_STOP=1 -1 "$OLD" -f "$TMP/old.sql" >/dev/null 2>"$TMP/old.err" ||
        harness_failure "old registry: $(excerpt "$TMP/old.err")"
    migrate() { tw --db "$OLD" init; }
    raw_sql() { psql -X -A -t "$OLD" -c "$1"; }
else
    for f in "$MIGRATIONS"/[0-9]*.sql; do
        n=$(basename "$f" | sed 's/^0*\([0-9]*\)_.*/\1/')
        [ "$n" -lt "$REFOLD" ] && { sqlite3 "$OLD" <"$f" || harness_failure "old registry: $f"; }
    done
    printf '%s\n' "PRAGMA user_version = $((REFOLD - 1));" "$OLD_ROWS" | sqlite3 "$OLD" ||
        harness_failure "old registry: its rows"
    migrate() { tw --db "$OLD" city list; }
    raw_sql() { sqlite3 "$OLD" "$1"; }
fi
# keys: every stored key, one line each.
keys() {
    run_twinreg --db "$OLD" sql --format csv "SELECT name_key FROM cities UNION ALL
        SELECT name_key FROM city_aliases UNION ALL SELECT name_key FROM organizations
        ORDER BY 1" 2>&1 | tr -d '\r' | tr '\n' ' '
}
HISTORY_BEFORE=$(raw_sql 'SELECT count(*) FROM history')
migrate
expect_rc 0
if on_pg; then VERSION='SELECT max(version) FROM twinreg_schema_version'; else VERSION='PRAGMA user_version'; fi
expect_eq "$(raw_sql "$VERSION")" "$LATEST" "migration: the registry reaches the latest version"
# Łódź's key would be Lodz's: Łódź keeps its old key rather than fail the migration; so does
# Øresund Council's, a key organizations hold once.
expect_eq "$(keys)" "name_key kjobenhavn kobenhavn lodz oresund council strasse verein øresund council łodz москва " \
    "migration: keys folded again, the two taken ones kept"
expect_eq "$(raw_sql 'SELECT count(*) FROM history')" "$HISTORY_BEFORE" "migration: no history entry (no change of the registry's content)"
tw --db "$OLD" city show kobenhavn --json
expect_rc 0
expect_json_eq '$.id' 3
tw --db "$OLD" city show kjobenhavn --json
expect_json_eq '$.id' 3
tw --db "$OLD" org show 'strasse verein' --json
expect_rc 0
expect_json_eq '$.name' 'Straße Verein'
# The two cities that came to one key are listed first, for city merge.
tw --db "$OLD" city duplicates --format csv
expect_rc 0
expect_eq "$(sed -n 2p "$TMP/out" | tr -d '\r')" "110,the same name past its diacritics,1,Lodz,PL,2,Łódź,PL" \
    "migration: the cities with one key now, first among the duplicates"
migrate
expect_rc 0
expect_eq "$(keys)" "name_key kjobenhavn kobenhavn lodz oresund council strasse verein øresund council łodz москва " \
    "migration: a second open changes no key"
tw --db "$OLD" city merge 1 2
expect_rc 0
tw --db "$OLD" city duplicates --format csv
expect_out_lacks "past its diacritics"
if on_pg; then e2e_db_drop "$OLD"; fi

# ======================================================================================
e2e_finish 70 70
