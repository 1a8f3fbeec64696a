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
# Into a registry eight times the size of the load, each new agreement is looked up on its
# own, and one whose parties and kind the registry did not have (when it was looked up) only
# if the load holds another of them. An NDJSON file as other systems write them, its
# cities first, so that its agreements are queued and written together: a twin in the
# registry, a twin among the load's own (its parties in the other order, both still queued
# when looked up), and none for a pair of its own or a repeat.
new_registry import-twins-merge
{
    echo 'city1,country1,city2,country2,signed_on'
    for i in $(seq 1 40); do echo "Town$i,FR,Town$((i + 1)),DE,1990"; done
} >"$TMP/twins-base.csv"
tw --db "$DB" import "$TMP/twins-base.csv"
expect_rc 0
{
    for c in 1:FR 2:DE 3:FR 9:DE 5:FR 7:DE 10:FR 11:DE; do
        printf '{"type": "city", "id": "c%s", "name": "Town%s", "country": "%s"}\n' \
            "${c%%:*}${c#*:}" "${c%%:*}" "${c#*:}"
    done
    for a in 1FR:2DE:1995 3FR:9DE:2001 9DE:3FR:2003 5FR:7DE:2000 10FR:11DE:1990; do
        IFS=: read -r p q d <<<"$a"
        printf '{"type": "agreement", "id": "a%s", "parties": ["c%s", "c%s"], "signed_on": "%s"}\n' \
            "$d" "$p" "$q" "$d"
    done
} >"$TMP/twins-merge.ndjson"
tw --db "$DB" import "$TMP/twins-merge.ndjson"
expect_rc 0
expect_err_has "import: 4 inserted, 0 updated, 9 unchanged, 0 skipped (cities: 8 unchanged; agreements: 4 inserted, 1 unchanged)"
cp "$TMP/err" "$TMP/twins-merge.err"
import_cmd=$CMD
# The ids by signing date (a server's sequence hands out ids ahead: not 41 to 44 there).
tw --db "$DB" agreement list --format tsv
signed() { awk -F '\t' -v d="$1" '$6 == d { print $1; exit }' "$TMP/out"; }
cp "$TMP/twins-merge.err" "$TMP/err"
CMD=$import_cmd
expect_err_has "warning: $TMP/twins-merge.ndjson: agreement $(signed 1995) (sister-city, signed 1995) is between the same cities as agreement 1 (signed 1990)"
expect_err_has "warning: $TMP/twins-merge.ndjson: agreement $(signed 2003) (sister-city, signed 2003) is between the same cities as agreement $(signed 2001) (signed 2001)"
expect_warnings 2
# A dry run tells them too, and writes nothing.
new_registry import-twins-dry
snap
tw --db "$DB" import --dry-run "$TMP/twins.csv"
expect_rc 0
expect_err_has "agreement 4 (sister-city, signed 1961) is between the same cities as agreement 3 (signed 1960)"
WROTE=1 expect_unchanged_but_ids

# ======================================================================================
section "a CSV export read back by import loses nothing"

DB=$(e2e_db "$TMP/csv-source/registry.db")
SOURCE=$DB
tw --db "$DB" init
tw --db "$DB" city add Paris --country FR --lat 48.8566 --lon 2.3522 --region 'Île-de-France'
tw --db "$DB" city add Rome --country IT --lat 41.9 --lon 12 --region Lazio
tw --db "$DB" city add Lyon --country FR --region 'Auvergne-Rhône-Alpes'
tw --db "$DB" city add Kyoto --country JP --lat 35.0116 --lon 135.7681
tw --db "$DB" agreement add Paris Rome --signed 1956-01-30 --in-force 1956-03 --expires 2030 \
    --title 'Pacte d'"'"'amitié, "Seule Paris est digne de Rome"'
expect_rc 0
tw --db "$DB" agreement add Lyon Kyoto --signed 1959 --kind friendship
tw --db "$DB" agreement remove 2 # a gap in the ids, which an empty registry keeps
tw --db "$DB" agreement add Lyon Kyoto --signed unknown --kind friendship
tw --db "$DB" agreement add Paris Kyoto --signed 1958
tw --db "$DB" agreement end 4 --on 2001-12 --reason 'not renewed, by letter'
tw --db "$DB" agreement add Rome Paris --signed 2019 --kind strategic-cooperation --builds-on 1
expect_rc 0
tw --db "$DB" export --format csv
expect_rc 0
cp "$TMP/out" "$TMP/first.csv"
expect_csv 4 id kind title signed_on in_force_on expires_on ended_on end_reason builds_on city1 \
    country1 city2 country2 parties lat1 lon1 lat2 lon2 region1 region2 wikidata1 wikidata2
# The first columns keep their names and order; the new ones come after them.
head -n 1 "$TMP/first.csv" | tr -d '\r' | grep -qx 'id,kind,title,signed_on,in_force_on,expires_on,ended_on,end_reason,builds_on,city1,country1,city2,country2,parties,lat1,lon1,lat2,lon2,region1,region2,wikidata1,wikidata2'
check $? "csv header: old columns first, new ones at the end" "the header" "$(head -n 1 "$TMP/first.csv")"
expect_out_has 'Paris,FR,Rome,IT,Paris (FR); Rome (IT),48.8566,2.3522,41.9,12.0,Île-de-France,Lazio'

DB=$(e2e_db "$TMP/csv-copy/registry.db")
tw --db "$DB" import --format csv "$TMP/first.csv"
expect_rc 0
expect_err_has "import: 8 inserted, 0 updated, 0 unchanged, 0 skipped (cities: 4 inserted; agreements: 4 inserted)"
tw --db "$DB" export --format csv
expect_rc 0
expect_out_same "$TMP/first.csv" "the first CSV export"
# What the first columns cannot hold came back: expiry, builds-on, coordinates, regions.
tw --db "$DB" agreement show 5 --format json
expect_json_eq '$.builds_on' 1
tw --db "$DB" agreement show 1 --format json
expect_json_eq '$.expires_on' 2030
expect_json_eq '$.in_force_on' 1956-03
tw --db "$DB" agreement show 3 --format json
expect_json_null '$.signed_on'
tw --db "$DB" agreement show 4 --format json
expect_json_eq '$.end_reason' 'not renewed, by letter'
tw --db "$DB" city show Paris --format json
expect_json_eq '$.lat' 48.8566
expect_json_eq '$.region' Île-de-France
# The same cities and agreements as the source, read through JSON too.
tw --db "$SOURCE" export --format json
grep -v '"sources"\|"organizations"' "$TMP/out" >"$TMP/source.json"
tw --db "$DB" export --format json
grep -v '"sources"\|"organizations"' "$TMP/out" >"$TMP/copy.json"
cmp -s "$TMP/source.json" "$TMP/copy.json"
check $? "the copy's JSON export is the source's" "identical" \
    "$(diff "$TMP/source.json" "$TMP/copy.json" | head -n 4 | tr '\n' '|')"
# Imported again: every row matches, nothing changes.
tw --db "$DB" import --format csv "$TMP/first.csv"
expect_rc 0
expect_err_has "import: 0 inserted, 0 updated, 4 unchanged, 0 skipped"

section "the CSV export's wikidata1, wikidata2 read back: export, import, export the same"

DB=$(e2e_db "$TMP/csv-wikidata/registry.db")
tw --db "$DB" init
cat >"$TMP/wikidata.csv" <<'CSV'
city1,country1,region1,wikidata1,city2,country2,wikidata2,signed_on
Nienburg,DE,Lower Saxony,Q16003,Cuxhaven,DE,Q3911,1990
Magdeburg,DE,Saxony-Anhalt,Q1733,Bernburg,DE,,1991
Bernburg,DE,,,Bad Wildungen,DE,Q490582,1992
CSV
tw --db "$DB" import "$TMP/wikidata.csv"
expect_rc 0
tw --db "$DB" export --format csv
expect_rc 0
cp "$TMP/out" "$TMP/wd-first.csv"
expect_out_has ',Lower Saxony,,Q16003,Q3911'
expect_out_has ',Saxony-Anhalt,,Q1733,'
expect_out_has ',,,,Q490582'
DB=$(e2e_db "$TMP/csv-wikidata-copy/registry.db")
tw --db "$DB" init
tw --db "$DB" import --format csv "$TMP/wd-first.csv"
expect_rc 0
expect_err_has "import: 8 inserted, 0 updated, 0 unchanged, 0 skipped (cities: 5 inserted; agreements: 3 inserted)"
tw --db "$DB" export --format csv
expect_rc 0
expect_out_same "$TMP/wd-first.csv" "the first CSV export with Wikidata ids"
tw --db "$DB" city show Q1733 --format json
expect_json_eq '$.region' Saxony-Anhalt
tw --db "$DB" city show Q3911 --format json
expect_json_eq '$.name' Cuxhaven
# Imported again: every row matches, nothing changes.
tw --db "$DB" import --format csv "$TMP/wd-first.csv"
expect_rc 0
expect_err_has "import: 0 inserted, 0 updated, 3 unchanged, 0 skipped"

section "the CSV export into a registry that has agreements: ids are the file's own"
DB=$(e2e_db "$TMP/csv-busy/registry.db")
tw --db "$DB" init
tw --db "$DB" city add Oslo --country NO
tw --db "$DB" city add Turku --country FI
tw --db "$DB" agreement add Oslo Turku --signed 1950
tw --db "$DB" agreement add Turku Oslo --signed 1951 --kind friendship
tw --db "$DB" import --format csv "$TMP/first.csv"
expect_rc 0
# File id 1 (Paris-Rome 1956) became 3; the agreement that builds on it follows it there.
tw --db "$DB" agreement list --kind strategic-cooperation --format json
expect_json_eq '$[0].builds_on' 3
tw --db "$DB" agreement show 3 --format json
expect_json_eq '$.signed_on' 1956-01-30

section "a CSV export where an agreement builds on a later one"
# An update can make one; the export then writes each row after the one it builds on.
DB=$(e2e_db "$TMP/csv-forward/registry.db")
tw --db "$DB" init
tw --db "$DB" city add Paris --country FR --lat 48.8566 --lon 2.3522
tw --db "$DB" city add Rome --country IT
tw --db "$DB" city add Lyon --country FR
tw --db "$DB" agreement add Paris Rome --signed 1956
tw --db "$DB" agreement add Lyon Rome --signed 1966
tw --db "$DB" agreement update 1 --builds-on 2
expect_rc 0
tw --db "$DB" export --format csv
cp "$TMP/out" "$TMP/forward.csv"
expect_out_has $'\r\n2,sister-city,,1966,,,,,,Rome,IT,Lyon,FR,Rome (IT); Lyon (FR),,,,,,\r\n1,sister-city,,1956,,,,,2,Paris,FR,Rome,IT,'
DB=$(e2e_db "$TMP/csv-forward-copy/registry.db")
tw --db "$DB" import "$TMP/forward.csv"
expect_rc 0
tw --db "$DB" agreement show 1 --format json
expect_json_eq '$.builds_on' 2
expect_json_eq '$.signed_on' 1956
# The cities are numbered as the rows name them (Rome first here), so a row may name its
# parties in another order; from then on the export is a fixed point.
tw --db "$DB" export --format csv
cp "$TMP/out" "$TMP/forward2.csv"
DB=$(e2e_db "$TMP/csv-forward-copy2/registry.db")
tw --db "$DB" import "$TMP/forward2.csv"
expect_rc 0
tw --db "$DB" export --format csv
expect_out_same "$TMP/forward2.csv" "the copy's CSV export"

section "bad ids in a CSV file"
DB=$(e2e_db "$TMP/csv-bad/registry.db")
tw --db "$DB" init
printf 'city1,country1,city2,country2,id,builds_on\nParis,FR,Rome,IT,7,\nLyon,FR,Rome,IT,8,9\n' \
    >"$TMP/broken.csv"
WROTE=1 reject 4 "cannot import '$TMP/broken.csv': 1 invalid record" -- \
    --db "$DB" import "$TMP/broken.csv"
expect_err_has "broken.csv:3: broken reference: no agreement (builds_on) with id 9 in this file"
printf 'city1,country1,city2,country2,id\nParis,FR,Rome,IT,7\nLyon,FR,Rome,IT,7\n' >"$TMP/twice.csv"
WROTE=1 reject 4 "1 invalid record" -- --db "$DB" import "$TMP/twice.csv"
expect_err_has "twice.csv:3: id 7 is given to two different agreement records in this file"

# ======================================================================================
e2e_finish 60 60
