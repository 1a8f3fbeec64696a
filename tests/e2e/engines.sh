#!/usr/bin/env bash
# The same commands on both engines: one sequence (names in several scripts and with
# accents, agreements of two and three cities, partial dates, refusals with their exit
# codes) runs against a fresh SQLite file and a fresh PostgreSQL database, and each
# command must give the same stdout, stderr and exit status on both; then `export` must be
# byte-identical in every format. Then imports of every format, undo, init --sample and
# the round trip export | import -. Last, what only a server has: a database with no
# registry, a newer schema, and concurrent writers whose lost races are run again.
# Usage: bash tests/pg/with_cluster.sh bash tests/e2e/engines.sh TWINREG
set -euo pipefail
tw=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-engines.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0
passed=0

# A fresh database per run, owned by the administrator of with_cluster.sh; the superuser
# `postgres` (trust over the cluster's socket) creates it.
db="twinreg_engines_$$"
psql -X -q -v ON_ERROR_STOP=1 "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" \
    -c "CREATE DATABASE $db OWNER twinreg_admin"
pg="host=$PGHOST port=$PGPORT dbname=$db user=twinreg_admin"
lite="$work/registry.db"
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$pg" -c "$1"; }
rollbacks() { sql "SELECT xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
# rollbacks_above N: the server's count of rolled-back transactions grows past N within 10 s.
# A session's counts reach pg_stat_database up to a second after its transactions, at the
# latest when the session ends, which can be after its client has exited (read at once, the
# count once missed the retry on a loaded machine).
rollbacks_above() {
    for _ in $(seq 50); do
        [ "$(rollbacks)" -gt "$1" ] && return 0
        sleep 0.2
    done
    return 1
}

bad() {
    printf 'FAIL: %s\n' "$1"
    fail=1
}

# Runs twinreg on DB with ARGS: stdout, stderr and status in $work/NAME.{out,err,rc}.
run_on() { # NAME DB ARGS...
    local name=$1 db=$2
    shift 2
    set +e
    "$tw" --db "$db" "$@" >"$work/$name.out" 2>"$work/$name.err"
    echo $? >"$work/$name.rc"
    set -e
}

# same RC ARGS...: the command on both engines; both must exit RC and print the same.
same() {
    local want=$1
    shift
    run_on lite "$lite" "$@"
    run_on pg "$pg" "$@"
    local what="$*" part
    for part in rc out err; do
        if ! cmp -s "$work/lite.$part" "$work/pg.$part"; then
            bad "$what: $part differs (sqlite, then postgresql)"
            diff "$work/lite.$part" "$work/pg.$part" | head -10 || true
            return
        fi
    done
    if [ "$(cat "$work/lite.rc")" != "$want" ]; then
        bad "$what: exit $(cat "$work/lite.rc") on both, expected $want: $(head -c 300 "$work/lite.err")"
        return
    fi
    passed=$((passed + 1))
}

# has TEXT: the last command's stdout (the same on both) holds TEXT.
has() {
    grep -qF -- "$1" "$work/lite.out" || bad "expected '$1' in: $(head -c 300 "$work/lite.out")"
}

"$tw" --db "$lite" init 2>/dev/null
"$tw" --db "$pg" init 2>/dev/null

# Cities: accents, Hangul, Cyrillic, kanji; whole and fractional coordinates.
same 0 city add Seoul --country KR --alias 'Séoul@fr' --alias 'Seúl@es' --alias '서울@ko' \
    --lat 37.5665 --lon 126.978
same 0 city add 'Mexico City' --country MX --alias 'Ciudad de México@es' --lat 19.4326 \
    --lon -99.1332
same 0 city add 'São Paulo' --country BR --lat -23.5505 --lon -46.6333
same 0 city add Zürich --country CH --region 'Kanton Zürich'
same 0 city add Москва --country RU --alias 'Moscow@en' --lat 55.7558 --lon 37.6173
same 0 city add 東京 --country JP --alias 'Tokyo@en' --lat 35.6762 --lon 139.6503 --wikidata Q1490
same 0 city add Lyon --country FR --lat 46 --lon 5
same 0 city add 'Saint-Étienne' --country FR
same 4 city add Seoul --country KR
same 4 city add Nowhere --country XX
same 0 city list
same 0 city list --country FR --json
same 0 city list --format csv
same 0 city list --format ndjson
# Name folding: the same city by any of its names, on both.
for name in seul Séoul 서울 SEOUL Seúl 'seoul,KR'; do
    same 0 city show "$name"
    has "name:     Seoul"
done
same 0 city show moscow
has "Москва"
same 0 city show tokyo
has "東京"
same 3 city show Atlantis
same 0 city update Lyon --region 'Auvergne-Rhône-Alpes' --alias 'Lugdunum@la'
same 0 city show Lugdunum --json

# Agreements: two and three parties, partial dates, refusals.
same 0 agreement add Seoul 'Mexico City' --signed 1992-10-19 \
    --title 'Acuerdo entre Seúl y la Ciudad de México' --source 'https://example.org/seoul-mx'
same 4 agreement add Seúl 'Ciudad de México' --signed 1992-10-19
same 3 agreement add Seoul Atlantis --signed 2000
same 4 agreement add Seoul Lyon --signed 2000-13
same 4 agreement add Seoul Lyon --signed 2000-02-30
same 0 agreement add 서울 Москва 東京 --signed 2010-05 --kind friendship --title 'Три города'
same 0 agreement add 'São Paulo' Zürich --signed 1999 --expires 2030-06-30
same 0 agreement add Lyon 'Saint-Étienne' --signed 2005-06-07 --kind cooperation
same 0 agreement add Lyon Seoul --signed 2015 --builds-on 1
same 0 agreement list
same 0 agreement list --json
same 0 agreement list --format csv
same 0 agreement list --format ndjson
same 0 agreement show 2
has "Три города"
same 0 agreement show 1 --json
same 3 agreement show 99
same 0 agreement update 2 --title 'Tripartite' --in-force 2011
same 0 agreement end 3 --on 2020-01 --reason 'not renewed'
same 0 agreement remove 4
same 3 agreement remove 4
same 0 city remove 'Saint-Étienne'
same 0 active
same 0 active --on 2000 --json
same 0 active --country KR --format csv
same 0 partners Seoul
same 0 partners Seúl --on 2015 --json
same 0 partners 東京 --format ndjson

# Sources, organizations, frameworks, programs, amendments and the timeline.
same 0 source add 'https://example.org/treaties' --citation 'Registro, p. 12'
same 0 source list
same 0 org add 'Seoul Metropolitan Government' --acronym SMG --country KR --founded 1946 \
    --source 'https://example.org/treaties'
same 0 org list
same 0 org show smg --json
same 3 org show 'Nobody'
same 0 framework add MX-LCT-1992 --title 'Ley sobre la Celebración de Tratados' \
    --jurisdiction MX --adopted 1992-01-02 --duty 'registro ante la SRE'
same 0 framework list
same 0 framework show MX-LCT-1992
same 0 agreement update 1 --framework MX-LCT-1992
same 0 agreement amend 1 --on 2021-03 --note 'annex on smart cities added'
same 0 program add VTP --name 'Vocational Training' --operator SMG --host Seoul --started 2001 \
    --under 1
same 0 program record VTP --city 'Mexico City' --count 12 --year 2003 --field 'computación'
same 0 program record VTP --city 'Mexico City' --year 2004 --note 'sin cifra'
same 0 program list
same 0 program show VTP --json
same 0 timeline Seoul 'Ciudad de México'

# The registry as a whole, byte for byte, in every format (the graphs too: issue 17).
for format in json ndjson csv geojson graphml gexf; do
    same 0 export --format "$format"
done
same 0 export --format gexf --kind sister-city --active --on 2000-01-01
same 0 report Seoul 'Mexico City' --on 2024-01-01 --format html
[ -s "$work/lite.out" ] || bad "export: empty"
# The whole coordinates of Lyon are reals in both (46.0, not 46).
same 0 export --format geojson
has "[5.0, 46.0]"

# Imports (issue 14: the bulk writer, COPY for new agreements): every format into a fresh
# registry on each engine, the same counts and messages, then byte-identical exports. The
# values hold what COPY's text format must escape (tabs, backslashes, "\N"), newlines where
# the registry allows them (a citation, a note), accents and scripts beyond Latin; ids from
# another system ("Q8684"), integer ids kept, and one at 2^53-1, the top of the range.
main_lite=$lite main_pg=$pg
sql_on() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" -c "$2"; }
fresh() { # NAME: a fresh SQLite file and a fresh server database, both initialized
    lite="$work/$1.db"
    psql -X -q "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" \
        -c "CREATE DATABASE ${db}_$1 OWNER twinreg_admin"
    pg="host=$PGHOST port=$PGPORT dbname=${db}_$1 user=twinreg_admin"
    "$tw" --db "$lite" init 2>/dev/null
    "$tw" --db "$pg" init 2>/dev/null
}
exports_alike() { # WHAT: every export format the same on both
    local format
    for format in json ndjson csv geojson; do
        same 0 export --format "$format"
    done
}
in="$work/in"
mkdir -p "$in"
cat >"$in/registry.json" <<'EOF'
{"format": "twinreg", "version": 1,
 "sources": [{"id": "S-1", "url": "https://example.org/tratado", "citation": "Registro\nlínea 2"}],
 "cities": [
  {"id": "Q8684", "name": "Seoul", "country": "KR", "aliases": [{"name": "서울", "lang": "ko"}]},
  {"id": "Q1489", "name": "Mexico City", "country": "MX", "lat": 19.4326, "lon": -99.1332},
  {"id": 40, "name": "Zürich", "country": "CH", "region": "Kanton Zürich"},
  {"id": 41, "name": "Москва", "country": "RU"},
  {"id": 42, "name": "東京", "country": "JP", "wikidata": "Q1490"}],
 "organizations": [], "frameworks": [],
 "agreements": [
  {"id": 7, "kind": "sister-city", "signed_on": "1992-10-19",
   "title": "tab\there, back\\slash, \\N not null, ½ Ω 😀",
   "parties": ["Q8684", "Q1489"]},
  {"id": 9, "kind": "friendship", "signed_on": "2010-05", "title": "Три города",
   "parties": ["Q8684", 41, 42]},
  {"id": "A-3", "kind": "cooperation", "signed_on": "1999", "end_reason": "a\\tb",
   "ended_on": "2005", "parties": [40, 41]},
  {"id": 9007199254740991, "kind": "cooperation", "signed_on": "2001",
   "parties": [40, 42]}],
 "programs": []}
EOF
fresh imports
same 0 import "$in/registry.json"
exports_alike
same 0 import "$in/registry.json" # again: every record unchanged
grep -qF "0 inserted, 0 updated, 10 unchanged" "$work/lite.err" ||
    bad "re-import: not unchanged: $(cat "$work/lite.err")"
# The counters are past the kept ids: the next city after 42, the next agreement from the
# ids never used (2^53-1 was kept, the top of the range).
same 0 city add Lyon --country FR
grep -qF "added city 43" "$work/lite.err" || bad "city after kept ids: $(cat "$work/lite.err")"
same 0 agreement add Lyon Seoul --signed 2015
same 0 agreement add Lyon 'Mexico City' --signed 2016
exports_alike

# NDJSON (its own export), CSV and TSV pair lists, a dry run, an invalid file.
"$tw" --db "$lite" export --format ndjson >"$in/registry.ndjson"
cat >"$in/pairs.csv" <<'EOF'
city1,country1,city2,country2,kind,signed_on,title,source,note
Coventry,England,Volgograd,Russia,sister-city,1944,"Coventry, Stalingrad: ""the first""	twinning",https://example.org/coventry,
Abidjan,Ivory Coast,Praia,Cape Verde,friendship,1990-05,"Abidjan, ""Praia"" \ back",,"a note
on two lines"
Glasgow,Scotland,Cardiff,Wales,cooperation,2010-10-10,plain,,
EOF
head -n 40 "$(dirname "$0")/../data/sistercities-subset.tsv" >"$in/pairs.tsv"
tsv_map=(--map city1=origincityLabel,country1=origincountry,city2=sistercityLabel
    --map country2=destination_countryLabel)
printf '%s\n' '{"type":"city","name":"Nowhere","country":"XX"}' \
    '{"type":"city","name":"Oslo","country":"NO"}' >"$in/invalid.ndjson"
printf '%s\n' '{"type":"city","name":"Bergen","country":"NO"}' \
    '{"type":"agreement","parties":[{"name":"Bergen","country":"NO"}]}' >"$in/rejected.ndjson"
fresh formats
same 0 import "$in/registry.ndjson" --dry-run
grep -qF "dry run: " "$work/lite.err" || bad "dry run: $(cat "$work/lite.err")"
same 0 export --format ndjson
[ "$(grep -c '"type":"agreement"' "$work/lite.out")" = 0 ] || bad "dry run wrote agreements"
same 0 import "$in/registry.ndjson"
same 0 import "$in/pairs.csv"
same 0 import "$in/pairs.tsv" "${tsv_map[@]}" --skip-invalid
same 0 import "$in/pairs.tsv" "${tsv_map[@]}" --skip-invalid
grep -qF " 0 inserted, 0 updated" "$work/lite.err" || bad "tsv again: $(cat "$work/lite.err")"
same 0 import "$in/invalid.ndjson" --skip-invalid
exports_alike
# A file with an invalid record: exit 4, nothing written on either engine. Last of this
# registry's writes: a server's sequence is outside transactions, so the id Bergen took
# stays used there (never given again) but not in SQLite's rolled-back counter.
before=$(sql_on "$pg" "SELECT count(*) FROM cities")
same 4 import "$in/rejected.ndjson"
[ "$(sql_on "$pg" "SELECT count(*) FROM cities")" = "$before" ] || bad "invalid file: a city added"
exports_alike

# Undo of an import: the registry as it was on both, and the same message: both count the
# net change of each row (a row the import inserted and then updated is one insert).
same 0 undo
exports_alike
grep -qF '"name": "Oslo"' "$work/lite.out" && bad "undo of an import: Oslo is still there"

# init --sample on a fresh registry, and again (everything unchanged). The engines' schema
# versions differ, so of stderr only the sample's line is compared.
psql -X -q "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" \
    -c "CREATE DATABASE ${db}_sample OWNER twinreg_admin"
lite="$work/sample.db" pg="host=$PGHOST port=$PGPORT dbname=${db}_sample user=twinreg_admin"
for round in 1 2; do
    run_on lite "$lite" init --sample
    run_on pg "$pg" init --sample
    [ "$(cat "$work/lite.rc") $(cat "$work/pg.rc")" = "0 0" ] ||
        bad "init --sample: $(cat "$work/lite.err" "$work/pg.err")"
    [ "$(grep 'reference data set' "$work/lite.err")" = "$(grep 'reference data set' "$work/pg.err")" ] ||
        bad "init --sample: $(cat "$work/lite.err" "$work/pg.err")"
done
grep -qF "reference data set: 0 inserted, 0 updated" "$work/pg.err" ||
    bad "init --sample again: $(cat "$work/pg.err")"
exports_alike

# Cities of a load into a registry with none: on a server the bulk writer holds their keys
# in memory and loads new ones by COPY (src/store/city_batch.c). The same outcome as
# SQLite's city-by-city writes: the same refusals (an alias's language, a latitude, a city
# twinned with itself, named from the queue), then a load where a city is found again by
# its name or its wikidata id (updated, the queue written first), aliases given twice (the
# last language wins), exact coordinates, string ids numbered in order, and the next city
# added after it numbered alike.
cat >"$in/held-bad.ndjson" <<'EOF'
{"type":"city","id":"c1","name":"Paris","country":"FR","lat":48.856613,"lon":2.352222}
{"type":"city","id":"c2","name":"Lyon","country":"FR","aliases":[{"name":"Lugdunum","lang":"l"}]}
{"type":"city","id":"c3","name":"Nice","country":"FR","lat":100,"lon":7}
{"type":"agreement","kind":"friendship","signed_on":"2001","parties":["c1","c1"]}
EOF
cat >"$in/held.ndjson" <<'EOF'
{"type":"city","id":"c1","name":"Paris","country":"FR","lat":48.856613,"lon":2.352222,"region":"Île-de-France","aliases":[{"name":"Parigi","lang":"it"},{"name":"París","lang":"es"},{"name":"Parigi","lang":"co"}]}
{"type":"city","id":"c2","name":"Lyon","country":"FR","wikidata":"Q456","lat":45.764043,"lon":4.835659}
{"type":"city","id":"c3","name":"서울","country":"KR","aliases":[{"name":"Seoul","lang":null}]}
{"type":"agreement","id":"a1","kind":"friendship","signed_on":"2001","parties":["c1","c3"]}
{"type":"city","id":"c4","name":"Lugdunum","country":"FR","wikidata":"Q456"}
{"type":"city","id":"c5","name":"paris","country":"FR","lat":1,"lon":1}
{"type":"city","id":"c6","name":"Marseille","country":"FR"}
{"type":"agreement","id":"a2","kind":"cooperation","signed_on":"2002","parties":["c4","c6"]}
EOF
fresh held_refused # a server's sequence keeps the ids a rolled-back write took
same 4 import "$in/held-bad.ndjson"
grep -qF "invalid alias language 'l'" "$work/lite.err" || bad "alias language: $(cat "$work/lite.err")"
grep -qF "twinned with itself ('Paris', FR" "$work/lite.err" || bad "self pair: $(cat "$work/lite.err")"
same 0 city list --format csv
[ "$(wc -l <"$work/lite.out")" = 1 ] || bad "a refused load of cities wrote some: $(cat "$work/lite.out")"
fresh held
same 0 import "$in/held.ndjson"
grep -qF "cities: 4 inserted, 2 updated" "$work/lite.err" ||
    bad "cities found again in one load: $(cat "$work/lite.err")"
exports_alike
same 0 city show Parigi --json
same 0 city add Nice --country FR
grep -qF "added city 5" "$work/lite.err" || bad "the city after a load: $(cat "$work/lite.err")"
same 0 undo
same 0 undo
exports_alike

# The round trip: the first registry of this script (SQLite) exported and imported into a
# fresh server database through a pipe, then exported again: byte-identical.
fresh roundtrip
"$tw" --db "$main_lite" export | "$tw" --db "$pg" import - 2>"$work/roundtrip.err" ||
    bad "export | import -: $(cat "$work/roundtrip.err")"
for format in json ndjson csv geojson; do
    cmp -s <("$tw" --db "$main_lite" export --format "$format") \
        <("$tw" --db "$pg" export --format "$format") ||
        bad "export | import - | export ($format): not byte-identical"
done
lite=$main_lite pg=$main_pg

# Only a server has these (SQLite creates the file, and its schema check is its own).
psql -X -q "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" \
    -c "CREATE DATABASE ${db}_empty OWNER twinreg_admin"
run_on pg "host=$PGHOST port=$PGPORT dbname=${db}_empty user=twinreg_admin" city list
[ "$(cat "$work/pg.rc")" = 5 ] || bad "no registry: exit $(cat "$work/pg.rc"), expected 5"
grep -qF "cannot open database '${db}_empty': it holds no registry; create one with 'twinreg --db ... init'" \
    "$work/pg.err" || bad "no registry: message: $(cat "$work/pg.err")"

before=$(sql "SELECT count(*) FROM agreements")
version=$(sql "SELECT version FROM twinreg_schema_version")
sql "UPDATE twinreg_schema_version SET version = 99"
run_on pg "$pg" agreement add Seoul Zürich --signed 2001
[ "$(cat "$work/pg.rc")" = 5 ] || bad "newer schema: exit $(cat "$work/pg.rc"), expected 5"
grep -qF "its schema version 99 is newer than this program's" "$work/pg.err" ||
    bad "newer schema: message: $(cat "$work/pg.err")"
[ "$(sql "SELECT count(*) FROM agreements")" = "$before" ] || bad "newer schema: a row was added"
sql "UPDATE twinreg_schema_version SET version = $version"

# A lost race, run again: another writer that works as twinreg does (SERIALIZABLE, looks
# for the city first) adds Bergen and commits while twinreg's add of Bergen, which found
# none, waits on the unique index. The server fails it (40001); without the retry it would
# exit 5 as busy. Run again, it sees the other's city and refuses the duplicate in SQLite's
# words (exit 4).
"$tw" --db "$lite" city add Bergen --country NO 2>/dev/null >/dev/null
run_on lite "$lite" city add Bergen --country NO
{
    echo "BEGIN ISOLATION LEVEL SERIALIZABLE;"
    echo "SELECT id FROM cities WHERE name_key = 'bergen' AND country = 'NO';"
    echo "INSERT INTO cities (name, name_key, country) VALUES ('Bergen', 'bergen', 'NO');"
    sleep 1
    echo "COMMIT;"
} | psql -X -q "$pg" >/dev/null &
sleep 0.5
run_on pg "$pg" city add Bergen --country NO
wait
for part in rc out err; do
    cmp -s "$work/lite.$part" "$work/pg.$part" ||
        bad "lost race: $part differs: $(cat "$work/lite.$part") / $(cat "$work/pg.$part")"
done
[ "$(cat "$work/pg.rc")" = 4 ] || bad "lost race: exit $(cat "$work/pg.rc"), expected 4"

# An import that loses the same race is run again, its input (a pipe) read again from its
# start: run again, it finds the other writer's Narvik, unchanged.
{
    echo "BEGIN ISOLATION LEVEL SERIALIZABLE;"
    echo "SELECT id FROM cities WHERE name_key = 'narvik' AND country = 'NO';"
    echo "INSERT INTO cities (name, name_key, country) VALUES ('Narvik', 'narvik', 'NO');"
    sleep 1
    echo "COMMIT;"
} | psql -X -q "$pg" >/dev/null &
sleep 0.5
rollbacks=$(rollbacks)
set +e
printf '%s\n' '{"type":"city","name":"Narvik","country":"NO"}' |
    "$tw" --db "$pg" import - >/dev/null 2>"$work/pg.err"
rc=$?
set -e
wait
[ "$rc" = 0 ] || bad "import in a lost race: exit $rc: $(cat "$work/pg.err")"
grep -qxF "twinreg: import: 0 inserted, 0 updated, 1 unchanged, 0 skipped (cities: 1 unchanged)" \
    "$work/pg.err" || bad "import in a lost race: $(cat "$work/pg.err")"
rollbacks_above "$rollbacks" || bad "import in a lost race: it was not run again"
[ "$(sql "SELECT count(*) FROM cities WHERE name = 'Narvik'")" = 1 ] || bad "Narvik twice"

# Concurrent writers: under SERIALIZABLE some lose a race (40001), and cli_write runs them
# again; every add must succeed, none twice. 6 writers x 8 agreements of their own.
before=$(sql "SELECT count(*) FROM agreements")
for w in 1 2 3 4 5 6; do
    (
        for i in 1 2 3 4 5 6 7 8; do
            "$tw" --db "$pg" agreement add Seoul 'Mexico City' --signed "19$((10 + w))-0$i" \
                >/dev/null 2>>"$work/writer$w.err" || echo "writer $w add $i: exit $?" >>"$work/writers"
        done
    ) &
done
wait
rollbacks=$(rollbacks)
echo "concurrent adds: the server counts $rollbacks rolled-back transactions (retried races)"
[ ! -s "$work/writers" ] || bad "concurrent adds failed: $(cat "$work/writers" "$work"/writer*.err)"
[ "$(sql "SELECT count(*) FROM agreements")" = "$((before + 48))" ] ||
    bad "concurrent adds: $(sql "SELECT count(*) FROM agreements") agreements, expected $((before + 48))"

psql -X -q "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" \
    -c "DROP DATABASE $db" -c "DROP DATABASE ${db}_empty" -c "DROP DATABASE ${db}_imports" \
    -c "DROP DATABASE ${db}_formats" -c "DROP DATABASE ${db}_sample" \
    -c "DROP DATABASE ${db}_roundtrip"
echo "engines: $passed commands alike on SQLite and PostgreSQL"
exit "$fail"
