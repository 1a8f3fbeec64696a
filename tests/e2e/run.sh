#!/usr/bin/env bash
# End-to-end tests of the twinreg command line against the contract (exit statuses,
# stdout/stderr, formats, dates, in-force rules, export). Run by CTest as
#   bash tests/e2e/run.sh /path/to/twinreg
# Everything happens in a fresh temporary folder, removed on exit; the user's registry
# (~/.local/share) is never touched. Needs bash, coreutils, cmp/diff and the sqlite3 shell.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "run.sh" "$@"

# ======================================================================================
section "help and version"

tw --version
expect_rc 0
expect_out_has "twinreg"
grep -qE '[0-9]+\.[0-9]+' "$TMP/out"
check $? "$CMD: prints a version number" "a version such as 0.1.0" "$(excerpt "$TMP/out")"

tw --help
expect_rc 0
grep -qi 'usage' "$TMP/out"
check $? "$CMD: usage on stdout" "'usage'" "$(excerpt "$TMP/out")"
expect_out_has "--db"

for c in "init" "city add" "city list" "city show" "city update" "city remove" \
         "agreement add" "agreement list" "agreement show" "agreement update" "agreement end" \
         "agreement remove" "active" "partners" "export"; do
    # shellcheck disable=SC2086
    tw $c --help
    expect_rc 0
    grep -qi "usage" "$TMP/out"
    check $? "$CMD: usage on stdout" "'usage'" "$(excerpt "$TMP/out")"
    expect_out_has "twinreg $c"
done
for c in "city list" "city show" "agreement list" "agreement show" "active" "partners" "export"; do
    # shellcheck disable=SC2086
    tw $c --help
    expect_out_has "--format"
done

if sqlite_only "help creates no registry file"; then
    # Help and version need no database.
    tw_env TWINREG_DB="$TMP/nohelp/registry.db" -- --help
    expect_rc 0
    [ ! -e "$TMP/nohelp" ]
    check $? "$CMD: creates no database" "no $TMP/nohelp" "it exists"
    tw_env TWINREG_DB="$TMP/nohelp/registry.db" -- city add --help
    expect_rc 0
    [ ! -e "$TMP/nohelp" ]
    check $? "$CMD: creates no database" "no $TMP/nohelp" "it exists"
fi

# ======================================================================================
section "database location"

if sqlite_only "where a registry file goes (--db, TWINREG_DB, XDG, first use)"; then
    tw --db "$TMP/a/b/c/reg.db" init
    expect_rc 0
    expect_out_empty
    [ -f "$TMP/a/b/c/reg.db" ]
    check $? "$CMD: creates the file and its missing folders" "file $TMP/a/b/c/reg.db" "missing"
    v=$(sqlite3 "$TMP/a/b/c/reg.db" 'PRAGMA user_version;' 2>&1)
    [ "${v:-0}" -ge 1 ] 2>/dev/null
    check $? "$CMD: migrations applied" "user_version >= 1" "$v"
    tw --db "$TMP/a/b/c/reg.db" init
    expect_rc 0

    tw_env TWINREG_DB="$TMP/env/reg.db" -- init
    expect_rc 0
    [ -f "$TMP/env/reg.db" ]
    check $? "$CMD: \$TWINREG_DB is used" "file $TMP/env/reg.db" "missing"

    tw_env TWINREG_DB="$TMP/env2/reg.db" -- --db "$TMP/opt/reg.db" init
    expect_rc 0
    [ -f "$TMP/opt/reg.db" ] && [ ! -e "$TMP/env2" ]
    check $? "$CMD: --db wins over \$TWINREG_DB" "only $TMP/opt/reg.db" "$(ls -d "$TMP"/opt/reg.db "$TMP"/env2 2>&1 | tr '\n' ' ')"

    tw_env XDG_DATA_HOME="$TMP/xdg" -- init
    expect_rc 0
    [ -f "$TMP/xdg/twinreg/registry.db" ]
    check $? "$CMD: XDG default" "file $TMP/xdg/twinreg/registry.db" "missing"

    tw_env TWINREG_DB="$TMP/env3/reg.db" XDG_DATA_HOME="$TMP/xdg3" -- init
    expect_rc 0
    [ -f "$TMP/env3/reg.db" ] && [ ! -e "$TMP/xdg3" ]
    check $? "$CMD: \$TWINREG_DB wins over XDG_DATA_HOME" "only $TMP/env3/reg.db" "$(ls -d "$TMP"/env3/reg.db "$TMP"/xdg3 2>&1 | tr '\n' ' ')"

    tw init   # HOME is $TMP/home, XDG_DATA_HOME unset
    expect_rc 0
    [ -f "$HOME/.local/share/twinreg/registry.db" ]
    check $? "$CMD: ~/.local/share default when XDG_DATA_HOME is unset" "file \$HOME/.local/share/twinreg/registry.db" "missing"

    # A relative XDG_DATA_HOME is invalid (XDG Base Directory specification): ignored.
    rm -f "$HOME/.local/share/twinreg/registry.db"
    (cd "$TMP" && tw_env XDG_DATA_HOME=relxdg -- init)
    expect_rc 0
    [ -f "$HOME/.local/share/twinreg/registry.db" ] && [ ! -e "$TMP/relxdg" ]
    check $? "$CMD: a relative XDG_DATA_HOME is ignored" "file \$HOME/.local/share/twinreg/registry.db, no $TMP/relxdg" "$(ls -d "$TMP"/relxdg "$HOME"/.local/share/twinreg/registry.db 2>&1 | tr '\n' ' ')"

    # A database that another command that writes creates on first use (not only init); a
    # command that only reads never creates one (tests/e2e/reliability_files.sh).
    tw --db "$TMP/first/use.db" city add Lyon --country FR
    expect_rc 0
    expect_out_eq "1"
    [ -f "$TMP/first/use.db" ]
    check $? "$CMD: created on first use" "file $TMP/first/use.db" "missing"
fi

# ======================================================================================
section "cities"

DB=$(e2e_db "$TMP/main/registry.db")
export TWINREG_DB="$DB"
tw init
expect_rc 0

tw city add Seoul --country KR --alias 'Séoul@fr' --alias 'Seúl@es' --alias '서울@ko' --lat 37.5665 --lon 126.978
expect_rc 0
tw city add 'Mexico City' --country Mexico
expect_rc 0
tw city add Guadalajara --country MEX --region Jalisco
expect_rc 0
tw city add Monterrey --country MX
expect_rc 0
tw city add Paris --country FR
expect_rc 0
tw city add Paris --country US --region Texas
expect_rc 0
tw city add Tokyo --country JP
expect_rc 0
tw city add Montbéliard --country FR
expect_rc 0

tw city show Seoul --json
expect_rc 0
expect_json_object
SEOUL=$(jget '$.id')
expect_json_eq '$.name' Seoul
expect_json_eq '$.country' KR
expect_json_eq '$.lat' 37.5665
expect_json_eq '$.lon' 126.978
expect_json_type '$.aliases' array
expect_keys '$' id name country aliases region lat lon wikidata
expect_json_type '$.wikidata' null
expect_json_type '$.region' null
expect_json_sql "SELECT group_concat(json_extract(value, '\$.name') || '@' || json_extract(value, '\$.lang'), ' ') FROM (SELECT value FROM json_each({J}, '\$.aliases') ORDER BY json_extract(value, '\$.lang'));" \
    "Seúl@es Séoul@fr 서울@ko" "aliases with their languages"

for name in seul Seúl Séoul 서울 SEOUL Seoul "$SEOUL" 'seoul,KR'; do
    tw city show "$name" --json
    expect_rc 0
    expect_json_eq '$.id' "$SEOUL"
    expect_json_eq '$.name' Seoul
done

tw city show 'Mexico City' --json
expect_rc 0
MEXICO=$(jget '$.id')
expect_json_eq '$.country' MX
tw city show 'mexico city' --json
expect_json_eq '$.id' "$MEXICO"
tw city show Guadalajara --json
GDL=$(jget '$.id')
expect_json_eq '$.country' MX
expect_json_eq '$.region' Jalisco
tw city show Monterrey --json
MTY=$(jget '$.id')
expect_json_eq '$.country' MX
tw city show montbeliard --json
expect_rc 0
expect_json_eq '$.name' Montbéliard
tw city show Tokyo --json
TOKYO=$(jget '$.id')

tw city show Paris,FR --json
expect_rc 0
PARIS_FR=$(jget '$.id')
expect_json_eq '$.country' FR
tw city show Paris,US --json
expect_rc 0
PARIS_US=$(jget '$.id')
expect_json_eq '$.country' US
expect_json_eq '$.region' Texas
[ -n "$PARIS_FR" ] && [ "$PARIS_FR" != "$PARIS_US" ]
check $? "Paris,FR and Paris,US are two cities" "two ids" "'$PARIS_FR' and '$PARIS_US'"
tw city show "$PARIS_US" --json
expect_json_eq '$.country' US

# Ambiguous: exit 3, one message line, then the candidates one per line.
snap
tw city show Paris
expect_rc 3
expect_out_empty
expect_err_msg "Paris"
n=$(grep -avc '^twinreg: ' "$TMP/err")
[ "$n" -ge 2 ] && sed -n '2,$p' "$TMP/err" | grep -q 'FR' && sed -n '2,$p' "$TMP/err" | grep -q 'US' \
    && [ "$(head -n 1 "$TMP/err" | cut -c1-9)" = "twinreg: " ]
check $? "$CMD: candidates follow the message, one per line" "line 1 'twinreg: ...', then lines for Paris FR and Paris US" "$(excerpt "$TMP/err")"
expect_unchanged
reject 3 "Paris" -- partners Paris
reject 3 "Paris" -- agreement add Paris Seoul --signed 2001
reject 3 "Paris" -- city remove Paris
reject 3 "Paris" -- agreement list --city Paris
reject 3 "Atlantis" -- city show Atlantis
reject 3 "Atlantis" -- partners Atlantis
reject 3 "Atlantis" -- city update Atlantis --region Somewhere
reject 3 "Atlantis" -- city remove Atlantis
reject 3 "Atlantis" -- agreement list --city Atlantis
reject 3 "Paris" -- city show Paris,DE
reject 3 "9999" -- city show 9999

# Lists filtered by country, given as alpha-2, alpha-3 or English name.
for cc in MX MEX Mexico; do
    tw city list --country "$cc" --json
    expect_rc 0
    expect_json_array 3
    expect_json_sql "SELECT group_concat(DISTINCT json_extract(value, '\$.country')) FROM json_each({J});" MX "only MX cities"
done
tw city list --json
expect_rc 0
expect_json_array 8
expect_keys '$' id name country aliases region lat lon wikidata

# update: a new alias is found by lookups; other fields change.
tw city update Guadalajara --alias GDL --region 'Jalisco, MX'
expect_rc 0
expect_out_empty
tw city show gdl --json
expect_rc 0
expect_json_eq '$.id' "$GDL"
expect_json_eq '$.region' 'Jalisco, MX'
tw city update Tokyo --name 'Tōkyō' --alias '東京@ja'
expect_rc 0
tw city show tokyo --json
expect_rc 0
expect_json_eq '$.id' "$TOKYO"
expect_json_eq '$.name' 'Tōkyō'
tw city show 東京 --json
expect_json_eq '$.id' "$TOKYO"

reject 4 "Narnia" -- city add Narnia --country Narnia
reject 4 "ZZ" -- city add Foo --country ZZ
reject 4 "XYZ" -- city add Foo --country XYZ
reject 4 "ZZ" -- city update Seoul --country ZZ
reject 4 "ZZ" -- city list --country ZZ
reject 4 "ZZ" -- active --country ZZ
reject 4 "duplicate city: city $SEOUL is already Seoul, KR" -- city add seoul --country KR
reject 4 "duplicate city: city $SEOUL is already Seoul, KR" -- city add 'Séoul' --country KOR
reject 2 "city add: missing --country" -- city add Foo
reject 4 "duplicate city: city $PARIS_FR is already Paris, FR" -- city update Paris,US --country FR
reject 4 "invalid city name: it is empty" -- city add '' --country FR
reject 4 "invalid latitude 100: expected -90 to 90" -- city add Nowhere --country FR --lat 100 --lon 0

# A name with a comma that is not followed by a country code is still a name.
tw city add 'Washington, D.C.' --country US
expect_rc 0
tw city show 'washington, d.c.' --json
expect_rc 0
expect_json_eq '$.name' 'Washington, D.C.'
tw city show 'Washington, D.C.,US' --json
expect_rc 0
expect_json_eq '$.name' 'Washington, D.C.'
tw city remove 'Washington, D.C.'
expect_rc 0

# ======================================================================================
section "agreements"

# new_agreement VAR ARGS...: adds an agreement; its id (found by difference of the id
# lists, not by parsing add's output) goes into VAR.
new_agreement() {
    local var=$1 before after id
    shift
    tw agreement list --json
    before=" $(ids_of id) "
    tw agreement add "$@"
    expect_rc 0
    local add_cmd=$CMD add_err
    add_err=$(excerpt "$TMP/err")
    tw agreement list --json
    after=$(ids_of id)
    id=""
    for x in $after; do
        case $before in *" $x "*) ;; *) id=$x ;; esac
    done
    [ -n "$id" ]
    check $? "$add_cmd: a new agreement is listed" "a new id" "none (stderr: $add_err)"
    printf -v "$var" '%s' "$id"
}

new_agreement A1 Seoul 'Mexico City' --signed 1992-10-19 --title 'Acuerdo de hermanamiento'
new_agreement A2 Séoul Guadalajara --signed 1992-10 --kind friendship
new_agreement A3 서울 Paris,FR --signed 1992 --kind cooperation
new_agreement A4 Seúl 'Mexico City' --signed 2015-03-12 --kind strategic-cooperation --builds-on "$A1" \
    --in-force 2015-04 --expires 2030-12-31 --title 'Strategic cooperation'
new_agreement A5 Tokyo Paris,US Monterrey --signed 2999 --kind memorandum
new_agreement A6 Seoul Tokyo --signed 2000-02-29
for pair in "$A1:$A2" "$A2:$A3" "$A3:$A4" "$A4:$A5" "$A5:$A6"; do
    [ -n "${pair%%:*}" ] && [ "${pair%%:*}" -lt "${pair##*:}" ] 2>/dev/null
    check $? "agreement ids grow" "${pair%%:*} < ${pair##*:}" "not"
done

# Dates are shown back exactly as given.
tw agreement show "$A1" --json
expect_rc 0
expect_json_object
expect_json_eq '$.signed_on' 1992-10-19
expect_json_eq '$.kind' sister-city
expect_json_eq '$.title' 'Acuerdo de hermanamiento'
expect_json_sql "SELECT group_concat(value, ' ') FROM (SELECT value FROM json_each({J}, '\$.parties') ORDER BY 1);" \
    "$(printf '%s\n' "$SEOUL" "$MEXICO" | sort -n | tr '\n' ' ' | sed 's/ $//')" "parties are the city ids"
expect_keys '$' id kind title parties signed_on in_force_on expires_on ended_on builds_on frameworks sources
for k in in_force_on expires_on ended_on builds_on; do
    expect_json_type "\$.$k" null
done
expect_json_type '$.frameworks' array
expect_json_type '$.sources' array
tw agreement show "$A2" --json
expect_json_eq '$.signed_on' 1992-10
expect_json_eq '$.kind' friendship
tw agreement show "$A3" --json
expect_json_eq '$.signed_on' 1992
expect_json_type '$.signed_on' text
tw agreement show "$A4" --json
expect_json_eq '$.builds_on' "$A1"
expect_json_eq '$.in_force_on' 2015-04
expect_json_eq '$.expires_on' 2030-12-31
expect_json_eq '$.kind' strategic-cooperation
tw agreement show "$A5" --json
expect_json_eq '$.signed_on' 2999
expect_json_eq '$.parties' "[$(printf '%s\n' "$TOKYO" "$PARIS_US" "$MTY" | sort -n | paste -sd,)]"
tw agreement show "$A6" --json
expect_json_eq '$.signed_on' 2000-02-29

tw agreement list
expect_rc 0
for d in 1992-10-19 1992-10 1992 2015-03-12 2999 2000-02-29; do
    grep -qE "(^|[^0-9-])$d([^0-9-]|$)" "$TMP/out"
    check $? "$CMD: table shows the date '$d' as given" "$d" "$(excerpt "$TMP/out")"
done
grep -q $'\033' "$TMP/out"
check $(( $? == 0 ? 1 : 0 )) "$CMD: no colour when stdout is not a terminal" "no escape codes" "escape codes"
tw agreement list --format csv
expect_rc 0
expect_csv 6 id kind title parties signed_on in_force_on expires_on ended_on builds_on frameworks sources
for d in 1992-10-19 1992-10 1992 2015-03-12; do
    grep -qE "(^|,)$d(,|$)" "$TMP/out"
    check $? "$CMD: csv keeps the date '$d' as given" "$d" "$(excerpt "$TMP/out")"
done
tw agreement show "$A2"
expect_rc 0
expect_out_has 1992-10
expect_out_has Guadalajara

tw agreement list --city Guadalajara --json
expect_rc 0
expect_json_array 1
expect_json_eq '$[0].id' "$A2"
tw agreement list --city 서울 --json
expect_json_array 5
tw agreement list --country MEX --json
expect_rc 0
expect_json_array 4
tw agreement list --kind memorandum --json
expect_json_array 1
expect_json_eq '$[0].id' "$A5"

# update
tw agreement update "$A3" --title 'Pacte de coopération' --kind friendship --signed 1991-07
expect_rc 0
expect_out_empty
tw agreement show "$A3" --json
expect_json_eq '$.title' 'Pacte de coopération'
expect_json_eq '$.kind' friendship
expect_json_eq '$.signed_on' 1991-07
tw agreement update "$A3" --in-force 1991-08-01 --expires 2001
expect_rc 0
tw agreement show "$A3" --json
expect_json_eq '$.in_force_on' 1991-08-01
expect_json_eq '$.expires_on' 2001

# end
tw agreement end "$A2" --on 2010-06-30 --reason 'not renewed'
expect_rc 0
expect_out_empty
tw agreement show "$A2" --json
expect_rc 0
expect_json_eq '$.ended_on' 2010-06-30
expect_out_has 'not renewed'
tw agreement list --json
expect_json_sql "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.id') = $A2;" 1 "an ended agreement is kept"
tw agreement end "$A6" --on 2005
expect_rc 0
tw agreement show "$A6" --json
expect_json_eq '$.ended_on' 2005

# remove; ids are never reused
new_agreement A7 Montbéliard Paris,FR --signed 1999
tw agreement remove "$A7"
expect_rc 0
expect_out_empty
reject 3 "$A7" -- agreement show "$A7"
reject 3 "$A7" -- agreement remove "$A7"
new_agreement A8 Montbéliard Paris,FR --signed 1999
[ -n "$A8" ] && [ "$A8" -gt "$A7" ] 2>/dev/null
check $? "ids are never reused (agreement added after removing $A7)" "id > $A7" "'$A8'"
tw agreement remove "$A8"
expect_rc 0

# city remove: only when no agreement names it
tw city add Bremen --country DE
expect_rc 0
tw city remove Bremen
expect_rc 0
reject 3 "Bremen" -- city show Bremen

# ======================================================================================
section "rejected input"

reject 4 "itself" -- agreement add Seoul Seoul --signed 2001
reject 4 "itself" -- agreement add Seoul seul --signed 2001
reject 4 "itself" -- agreement add Seoul "$SEOUL" --signed 2001
reject 4 "itself" -- agreement add Tokyo Seoul 서울 --signed 2001
reject 3 "Atlantis" -- agreement add Seoul Atlantis --signed 2001
reject 3 "Atlantis" -- agreement add Atlantis Seoul --signed 2001
reject 3 "Paris" -- agreement add Seoul Paris --signed 2001
for bad in 1992-02-30 'last year' 92 2001-02-29 1992-13 1992-00 1992-10-32 1992-1-5 19920101 ''; do
    reject 4 "invalid signing date '$bad'" -- agreement add Seoul Tokyo --signed "$bad"
done
reject 4 "1992-02-30" -- agreement add Seoul Tokyo --signed 2001 --in-force 1992-02-30
reject 4 "last year" -- agreement add Seoul Tokyo --signed 2001 --expires 'last year'
reject 4 "92" -- agreement update "$A1" --signed 92
reject 4 "1992-02-30" -- agreement end "$A1" --on 1992-02-30
reject 4 "last year" -- active --on 'last year'
reject 4 "92" -- partners Seoul --on 92
reject 4 "1992-02-30" -- agreement list --active --on 1992-02-30
reject 4 "twinning" -- agreement add Seoul Tokyo --signed 2001 --kind twinning
reject 4 "twinning" -- agreement update "$A1" --kind twinning
reject 4 "twinning" -- agreement list --kind twinning
# duplicates: same parties, kind and signing date, in either order
reject 4 "duplicate" -- agreement add Seoul 'Mexico City' --signed 1992-10-19
reject 4 "duplicate" -- agreement add 'Mexico City' Seoul --signed 1992-10-19
reject 4 "duplicate" -- agreement add méxico\ city seúl --signed 1992-10-19 --kind sister-city
reject 4 "duplicate" -- agreement add Monterrey Tokyo Paris,US --signed 2999 --kind memorandum
reject 4 "duplicate agreement: agreement $A1 already links these cities as sister-city signed 1992-10-19" -- agreement update "$A4" --kind sister-city --signed 1992-10-19
# a city an agreement names
reject 4 "Guadalajara" -- city remove Guadalajara
reject 4 "cannot remove city $SEOUL (Seoul, KR): 5 agreements name it" -- city remove "$SEOUL"
# an agreement another builds on
reject 4 "cannot remove agreement $A1: agreement $A4 builds on it" -- agreement remove "$A1"
# not found
reject 3 "999" -- agreement show 999
reject 3 "999" -- agreement end 999 --on 2020
reject 3 "999" -- agreement update 999 --title x
reject 3 "999" -- agreement remove 999
reject 3 "999" -- agreement add Seoul Tokyo --signed 2001 --builds-on 999
reject 3 "Atlantis" -- agreement update "$A1" --party Seoul --party Atlantis
# usage
reject 2 "city show: missing argument: CITY" -- city show
reject 2 "agreement add: missing argument: CITY CITY" -- agreement add Seoul
reject 2 "agreement add: missing --signed DATE" -- agreement add Seoul Tokyo
reject 2 "agreement end: missing --on DATE" -- agreement end "$A1"
reject 2 "agreement show: missing argument: ID" -- agreement show
reject 2 "partners: missing argument: CITY" -- partners
reject 2 "--bogus" -- city list --bogus
reject 2 "--bogus" -- agreement add Seoul Tokyo --signed 2001 --bogus
reject 2 "--bogus" -- --bogus city list
reject 2 "frobnicate" -- frobnicate
reject 2 "frob" -- city frob
reject 2 "city: missing subcommand" -- city
reject 2 "missing command: see 'twinreg --help'" --
reject 2 "--db" -- --db
reject 2 "--signed" -- agreement add Seoul Tokyo --signed
reject 2 "--on" -- active --on
reject 2 "--on" -- agreement end "$A1" --on
reject 2 "--format" -- city list --format
reject 2 "--country" -- city add Foo --country
reject 2 "xml" -- city list --format xml
reject 2 "city show: unexpected argument 'Tokyo'" -- city show Seoul Tokyo

# ======================================================================================
section "database failures"

if sqlite_only "a registry file that cannot be opened or created (paths, modes)"; then
    reject 5 "/proc/x" -- --db /proc/x/y.db init
    reject 5 "/proc/x" -- --db /proc/x/y.db city list
    snap
    tw_env TWINREG_DB=/proc/x/y.db -- agreement list
    expect_rc 5
    expect_out_empty
    expect_err_msg "/proc/x"
    expect_unchanged
    : >"$TMP/plainfile"
    reject 5 "plainfile" -- --db "$TMP/plainfile/reg.db" init
    [ -f "$TMP/plainfile" ] && [ ! -s "$TMP/plainfile" ]
    check $? "$CMD: the file in the way is left alone" "empty regular file" "changed"
    mkdir -p "$TMP/adir"
    reject 5 "adir" -- --db "$TMP/adir" city list
    mkdir -p "$TMP/ro"
    chmod 555 "$TMP/ro"
    # As root (CI), as nobody: root ignores the folder's permissions.
    if can_drop_root; then
        TW_AS=nobody reject 5 "ro" -- --db "$TMP/ro/sub/reg.db" init
        TW_AS=nobody reject 5 "ro" -- --db "$TMP/ro/reg.db" init
        [ -z "$(ls -A "$TMP/ro")" ]
        check $? "$CMD: nothing created in a read-only folder" "empty $TMP/ro" "$(ls -A "$TMP/ro" | tr '\n' ' ')"
    else
        skip "read-only folder: root without setpriv (util-linux) cannot drop its privileges"
    fi
    chmod 755 "$TMP/ro"
fi
reject 5 "out.json" -- export --output "$TMP/nodir/x/out.json"
[ ! -e "$TMP/nodir" ] || [ -z "$(find "$TMP/nodir" -type f 2>/dev/null)" ]
check $? "$CMD: no partial file" "no file under $TMP/nodir" "$(find "$TMP/nodir" -type f 2>/dev/null | tr '\n' ' ')"

if sqlite_only "a newer schema set by PRAGMA user_version (pg_engines tests one on a server)"; then
    # A database from a newer version of the program: refused, never altered.
    NEWER="$TMP/newer/registry.db"
    tw --db "$NEWER" init
    expect_rc 0
    tw --db "$NEWER" city add Lyon --country FR
    expect_rc 0
    sqlite3 "$NEWER" 'PRAGMA user_version = 999;'
    sha_newer=$(sha256sum <"$NEWER" | cut -d' ' -f1)
    for args in "init" "city list" "city show Lyon --json" "city add Nantes --country FR" "export" \
                "agreement list" "active --on 2000"; do
        # shellcheck disable=SC2086
        tw --db "$NEWER" $args
        expect_rc 5
        expect_out_empty
        expect_err_msg "$(basename "$NEWER")"
        expect_err_form
        sha=$(sha256sum <"$NEWER" | cut -d' ' -f1)
        [ "$sha" = "$sha_newer" ]
        check $? "$CMD: newer database byte-identical afterwards" "$sha_newer" "$sha"
    done
    v=$(sqlite3 "$NEWER" 'PRAGMA user_version;')
    [ "$v" = 999 ]
    check $? "newer database keeps its schema version" "999" "$v"
    tw_env TWINREG_DB="$NEWER" -- city list
    expect_rc 5
    [ "$(sha256sum <"$NEWER" | cut -d' ' -f1)" = "$sha_newer" ]
    check $? "$CMD: newer database byte-identical afterwards" "$sha_newer" "changed"
fi

# ======================================================================================
section "in force on a date"

DB=$(e2e_db "$TMP/active/registry.db")
export TWINREG_DB="$DB"
for i in 1 2 3 4 5 6 7 8 9 10; do
    tw city add "P$i" --country FR
    expect_rc 0
    tw city add "Q$i" --country DE
    expect_rc 0
done
for c in Hub R1 R2 R3 R4; do
    tw city add "$c" --country IT
    expect_rc 0
done

# One agreement per pair Pn–Qn; agreement N is in force exactly when Pn is active.
new_agreement B1 P1 Q1 --signed 2000-03-15
new_agreement B2 P2 Q2 --signed 2000-01-10 --in-force 2001-06-01
new_agreement B3 P3 Q3 --signed 1990
tw agreement end "$B3" --on 2005-07-01
expect_rc 0
new_agreement B4 P4 Q4 --signed 1990-05-05 --expires 2010-12-31
new_agreement B5 P5 Q5 --signed 2003
new_agreement B6 P6 Q6 --signed 2003-05
new_agreement B7 P7 Q7 --signed 1995
tw agreement end "$B7" --on 2007
expect_rc 0
new_agreement B8 P8 Q8 --signed 1995 --expires 2008-06
new_agreement B9 P9 Q9 --signed 1995 --expires 2020-12-31
tw agreement end "$B9" --on 2015-03-01
expect_rc 0
new_agreement B10 P10 Q10 --signed 2999-01-01

# in_force N DATE yes|no: agreement BN (pair PN–QN) is (not) in force on DATE, as seen by
# agreement list --active --on, active --on and partners --on.
in_force() {
    local n=$1 day=$2 want=$3 idvar="B$1" got
    local id=${!idvar}
    local expected=0
    [ "$want" = yes ] && expected=1
    tw agreement list --active --on "$day" --json
    expect_rc 0
    got=$(jsql "$TMP/out" "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.id') = ${id:-0};")
    [ "$got" = "$expected" ]
    check $? "$CMD: agreement $id (P$n–Q$n) in force on $day" "$want" "$([ "$got" = 1 ] && echo yes || echo no)"
    tw active --on "$day" --json
    expect_rc 0
    got=$(jsql "$TMP/out" "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.city') = 'P$n';")
    [ "$got" = "$expected" ]
    check $? "$CMD: P$n listed as active on $day" "$want" "$([ "$got" = 1 ] && echo yes || echo no)"
    tw partners "P$n" --on "$day" --json
    expect_rc 0
    got=$(jsql "$TMP/out" "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.city') = 'Q$n';")
    [ "$got" = "$expected" ]
    check $? "$CMD: Q$n is a partner of P$n on $day" "$want" "$([ "$got" = 1 ] && echo yes || echo no)"
}

# from the signing date
in_force 1 2000-03-14 no
in_force 1 2000-03-15 yes
in_force 1 2000-03 no         # --on partial: 2000-03-01
in_force 1 2000-04 yes
# from the in-force date when there is one (not the signing date)
in_force 2 2000-01-10 no
in_force 2 2001-05-31 no
in_force 2 2001-06-01 yes
# not on or after ended_on
in_force 3 1989-12-31 no
in_force 3 1990-01-01 yes
in_force 3 2005-06-30 yes
in_force 3 2005-07-01 no
in_force 3 2006 no
# expires_on is the last day in force
in_force 4 1990-05-04 no
in_force 4 1990-05-05 yes
in_force 4 2010-12-31 yes
in_force 4 2011-01-01 no
# partial dates count as their first day
in_force 5 2002-12-31 no
in_force 5 2003-01-01 yes
in_force 5 2003 yes
in_force 6 2003-04-30 no
in_force 6 2003-05-01 yes
in_force 7 2006-12-31 yes
in_force 7 2007-01-01 no
in_force 8 2008-06-01 yes
in_force 8 2008-06-02 no
# ended before it expires
in_force 9 2015-02-28 yes
in_force 9 2015-03-01 no
in_force 9 2020-12-31 no
# future (planned) agreements
in_force 10 2998-12-31 no
in_force 10 2999-01-01 yes

# default date: today
tw active --json
expect_rc 0
expect_json_sql "SELECT group_concat(json_extract(value, '\$.city'), ' ') FROM (SELECT value FROM json_each({J}) WHERE json_extract(value, '\$.city') GLOB 'P*' ORDER BY json_extract(value, '\$.city_id'));" \
    "P1 P2 P5 P6" "cities active today"
tw agreement list --active --json
expect_rc 0
expect_json_sql "SELECT group_concat(v, ' ') FROM (SELECT json_extract(value, '\$.id') AS v FROM json_each({J}) ORDER BY 1);" \
    "$B1 $B2 $B5 $B6" "agreements in force today"

# partners and counts, with a three-party agreement
new_agreement H1 Hub R1 --signed 2000
new_agreement H2 Hub R2 --signed 2005
tw agreement end "$H2" --on 2010-01-01
expect_rc 0
new_agreement H3 Hub R3 R4 --signed 2012
new_agreement H4 Hub R1 --signed 2011 --kind friendship
tw partners Hub --on 2012-06-01 --json
expect_rc 0
expect_json_array 3
expect_json_sql "SELECT group_concat(json_extract(value, '\$.city'), ' ') FROM (SELECT value FROM json_each({J}) ORDER BY json_extract(value, '\$.city'));" \
    "R1 R3 R4" "partners of Hub on 2012-06-01"
tw partners Hub --on 2009-12-31 --json
expect_json_sql "SELECT group_concat(json_extract(value, '\$.city'), ' ') FROM (SELECT value FROM json_each({J}) ORDER BY json_extract(value, '\$.city'));" \
    "R1 R2" "partners of Hub on 2009-12-31"
tw partners R3 --on 2012-06-01 --json
expect_json_sql "SELECT group_concat(json_extract(value, '\$.city'), ' ') FROM (SELECT value FROM json_each({J}) ORDER BY json_extract(value, '\$.city'));" \
    "Hub R4" "partners of R3 on 2012-06-01"
tw partners Hub --on 1999 --json
expect_rc 0
expect_out_eq "[]"
tw active --on 2012-06-01 --json
expect_rc 0
expect_keys '$' city_id city country count partners
expect_json_sql "SELECT json_extract(value, '\$.count') FROM json_each({J}) WHERE json_extract(value, '\$.city') = 'Hub';" 3 "Hub has 3 agreements in force"
expect_json_sql "SELECT (SELECT group_concat(p.value, ' ') FROM (SELECT value FROM json_each(e.value, '\$.partners') ORDER BY value) p) FROM json_each({J}) e WHERE json_extract(e.value, '\$.city') = 'Hub';" \
    "R1 R3 R4" "Hub's partners by name"
expect_json_sql "SELECT json_extract(value, '\$.count') FROM json_each({J}) WHERE json_extract(value, '\$.city') = 'R1';" 2 "R1 has 2 agreements in force"
tw active --on 2012-06-01 --country IT --json
expect_rc 0
expect_json_array 4
tw active --on 1800 --json
expect_rc 0
expect_out_eq "[]"

# ======================================================================================
section "output formats"

DB=$(e2e_db "$TMP/main/registry.db")
export TWINREG_DB="$DB"

# format_cases NAME ROWS FIELDS -- ARGS...: the list command in all formats.
list_formats() {
    local rows=$1 fields=$2
    shift 3
    tw "$@"
    expect_rc 0
    if [ "$rows" -gt 0 ]; then expect_out_nonempty; fi
    grep -q $'\033' "$TMP/out"
    check $(( $? == 0 ? 1 : 0 )) "$CMD: no colour when stdout is not a terminal" "no escape codes" "escape codes"
    tw "$@" --format table
    expect_rc 0
    tw "$@" --format json
    expect_rc 0
    expect_json_array "$rows"
    # shellcheck disable=SC2086
    [ "$rows" -gt 0 ] && expect_keys '$' $fields
    cp "$TMP/out" "$TMP/json.out"
    tw "$@" --json
    expect_rc 0
    expect_out_same "$TMP/json.out" "--format json"
    tw "$@" --format ndjson
    expect_rc 0
    expect_ndjson "$rows"
    tw "$@" --format csv
    expect_rc 0
    # shellcheck disable=SC2086
    expect_csv "$rows" $fields
}

CITY_FIELDS="id name country aliases region lat lon wikidata"
AGR_FIELDS="id kind title parties signed_on in_force_on expires_on ended_on builds_on frameworks sources"
ACTIVE_FIELDS="city_id city country count partners"

list_formats 8 "$CITY_FIELDS" -- city list
list_formats 3 "$CITY_FIELDS" -- city list --country MX
list_formats 0 "$CITY_FIELDS" -- city list --country BR
list_formats 6 "$AGR_FIELDS" -- agreement list
list_formats 1 "$AGR_FIELDS" -- agreement list --city Guadalajara
list_formats 0 "$AGR_FIELDS" -- agreement list --kind memorandum --country KR
list_formats 3 "$AGR_FIELDS" -- agreement list --active --on 1992-10-19
list_formats 4 "$ACTIVE_FIELDS" -- active --on 1995
list_formats 0 "$ACTIVE_FIELDS" -- active --on 1900
list_formats 3 "city_id city country" -- partners Seoul --on 1995
list_formats 0 "city_id city country" -- partners Seoul --on 1900

tw city list
expect_out_has 'Séoul'
expect_out_has '서울'
expect_out_has 'Mexico City'
tw active --on 1995
expect_out_has 'Mexico City'
tw partners Seoul --on 1995
expect_out_has 'Mexico City'
expect_out_has 'Paris'

# show commands: one object
for args in "city show Seoul" "agreement show $A1"; do
    # shellcheck disable=SC2086
    tw $args
    expect_rc 0
    expect_out_nonempty
    # shellcheck disable=SC2086
    tw $args --format json
    expect_rc 0
    expect_json_object
    cp "$TMP/out" "$TMP/json.out"
    # shellcheck disable=SC2086
    tw $args --json
    expect_out_same "$TMP/json.out" "--format json"
    # shellcheck disable=SC2086
    tw $args --format ndjson
    expect_rc 0
    expect_ndjson 1
    # shellcheck disable=SC2086
    tw $args --format csv
    expect_rc 0
    fields=$AGR_FIELDS
    case $args in city*) fields=$CITY_FIELDS ;; esac
    # shellcheck disable=SC2086
    expect_csv 1 $fields
done
tw city show Seoul
expect_out_has 'Séoul'
expect_out_has '서울'

# ======================================================================================
section "export"

# An agreement that builds on a later one: the export must still list the referenced
# record first.
tw agreement update "$A1" --builds-on "$A6"
expect_rc 0
# no loops in the chain of builds_on
reject 4 "agreement $A1 cannot build on $A1: the chain would loop" -- agreement update "$A1" --builds-on "$A1"
reject 4 "agreement $A6 cannot build on $A4: the chain would loop" -- agreement update "$A6" --builds-on "$A4"

tw export --format json
expect_rc 0
expect_json_object
cp "$TMP/out" "$TMP/export1.json"
expect_json_sql "SELECT group_concat(key, ' ') FROM json_each({J});" \
    "format version sources cities organizations frameworks agreements programs" "top-level sections in order"
expect_json_eq '$.format' twinreg
expect_json_eq '$.version' 1
expect_json_type '$.version' integer
for s in sources cities organizations frameworks agreements programs; do
    expect_json_type "\$.$s" array
done
expect_json_sql "SELECT json_array_length({J}, '\$.cities');" 8 "8 cities"
expect_json_sql "SELECT json_array_length({J}, '\$.agreements');" 6 "6 agreements"
expect_keys '$.cities' id name country aliases region lat lon wikidata
expect_keys '$.agreements' id kind title parties signed_on in_force_on expires_on ended_on builds_on frameworks sources
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.agreements') WHERE json_type(value, '\$.expires_on') = 'null' AND json_extract(value, '\$.id') = $A1;" \
    1 "absent values are null"
expect_json_sql "SELECT json_extract(value, '\$.signed_on') || ' ' || json_extract(value, '\$.ended_on') FROM json_each({J}, '\$.agreements') WHERE json_extract(value, '\$.id') = $A2;" \
    "1992-10 2010-06-30" "dates as given"
expect_json_sql "SELECT json_extract(value, '\$.lat') || ' ' || json_extract(value, '\$.lon') FROM json_each({J}, '\$.cities') WHERE json_extract(value, '\$.id') = $SEOUL;" \
    "37.5665 126.978" "coordinates in decimal degrees"
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.cities') c, json_each(c.value, '\$.aliases') a WHERE json_type(a.value, '\$.name') IS NULL OR json_type(a.value, '\$.lang') IS NULL;" \
    0 "aliases are {name, lang}"
# parties name city ids that exist in the document
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.agreements') a, json_each(a.value, '\$.parties') p WHERE p.value NOT IN (SELECT json_extract(value, '\$.id') FROM json_each({J}, '\$.cities'));" \
    0 "parties are ids of exported cities"
# every record after the ones it refers to (builds_on)
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.agreements') a WHERE json_type(a.value, '\$.builds_on') = 'integer' AND (SELECT b.key FROM json_each({J}, '\$.agreements') b WHERE json_extract(b.value, '\$.id') = json_extract(a.value, '\$.builds_on')) > a.key;" \
    0 "no agreement comes before the one it builds on"

tw export
expect_rc 0
expect_out_same "$TMP/export1.json" "export --format json"
tw export --json
expect_rc 0
expect_out_same "$TMP/export1.json" "export --format json"
tw export --format json
expect_out_same "$TMP/export1.json" "the first export (deterministic)"

mkdir -p "$TMP/exports"
tw export --format json --output "$TMP/exports/export.json"
expect_rc 0
expect_out_empty
cmp -s "$TMP/export1.json" "$TMP/exports/export.json"
check $? "$CMD: the file holds the export" "$(excerpt "$TMP/export1.json")" "$(excerpt "$TMP/exports/export.json")"
[ "$(ls -A "$TMP/exports")" = export.json ]
check $? "$CMD: no temporary file left" "export.json" "$(ls -A "$TMP/exports" | tr '\n' ' ')"

tw export --format ndjson
expect_rc 0
expect_ndjson 16 # the header, 14 records, the end record with their counts
cp "$TMP/out" "$TMP/export1.ndjson"
{ printf '['; paste -sd, "$TMP/export1.ndjson"; printf ']'; } >"$TMP/ndjson.json"
got=$(jsql "$TMP/ndjson.json" "SELECT group_concat(t, ' ') FROM (SELECT DISTINCT json_extract(value, '\$.type') AS t, min(key) AS k FROM json_each({J}) GROUP BY 1 ORDER BY k);")
[ "$got" = "header city agreement end" ]
check $? "$CMD: records typed, in section order, between the header and the end" "header city agreement end" "$got"
got=$(jsql "$TMP/ndjson.json" "SELECT count(*) FROM json_each({J}) a, json_each({J}) b WHERE a.key < b.key AND (CASE json_extract(a.value, '\$.type') WHEN 'header' THEN 0 WHEN 'source' THEN 1 WHEN 'city' THEN 2 WHEN 'organization' THEN 3 WHEN 'framework' THEN 4 WHEN 'agreement' THEN 5 WHEN 'program' THEN 6 WHEN 'end' THEN 7 ELSE 9 END) > (CASE json_extract(b.value, '\$.type') WHEN 'header' THEN 0 WHEN 'source' THEN 1 WHEN 'city' THEN 2 WHEN 'organization' THEN 3 WHEN 'framework' THEN 4 WHEN 'agreement' THEN 5 WHEN 'program' THEN 6 WHEN 'end' THEN 7 ELSE 9 END);")
[ "$got" = 0 ]
check $? "$CMD: types in the order sources, cities, ..., programs" "0 out of order" "$got out of order"
tw export --format ndjson
expect_out_same "$TMP/export1.ndjson" "the first ndjson export (deterministic)"

tw export --format csv
expect_rc 0
expect_out_nonempty

# An empty registry exports empty sections.
EMPTY=$(e2e_db "$TMP/empty/registry.db")
tw --db "$EMPTY" init
expect_rc 0
tw --db "$EMPTY" export --format json
expect_rc 0
expect_json_object
for s in sources cities organizations frameworks agreements programs; do
    expect_json_sql "SELECT json_type({J}, '\$.$s') || ' ' || json_array_length({J}, '\$.$s');" "array 0" "empty $s"
done

# ======================================================================================
e2e_finish 1361 1255
