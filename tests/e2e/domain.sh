#!/usr/bin/env bash
# End-to-end tests of the domain commands: reference data set, report, timeline, active,
# frameworks, organizations, programs and their beneficiaries, sources.
# Usage: bash tests/e2e/domain.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit. Prints one line per failed check and,
# last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "domain.sh" "$@"

MAIN="$TMP/main/registry.db"

# first_day DATE: YYYY -> YYYY-01-01, YYYY-MM -> YYYY-MM-01.
first_day() {
    case $1 in
        [0-9][0-9][0-9][0-9]) printf '%s-01-01\n' "$1" ;;
        [0-9][0-9][0-9][0-9]-[0-9][0-9]) printf '%s-01\n' "$1" ;;
        *) printf '%s\n' "$1" ;;
    esac
}

# ======================================================================================
section "report of a registry made by commands"

# The report's lists in the order SQLite's aggregates give (rows as they come: agreements
# by id, notes as recorded), which PostgreSQL must be told: here the rows come in another
# order (agreement 1 gets its framework last; notes recorded out of alphabetical order).
DB=$(e2e_db "$TMP/report/registry.db")
tw --db "$DB" init
expect_rc 0
for c in 'Alpha --country FR' 'Beta --country DE' 'Gamma --country IT'; do
    # shellcheck disable=SC2086
    tw --db "$DB" city add $c
    expect_rc 0
done
tw --db "$DB" framework add FW-LATE --title 'Late law' --jurisdiction FR --adopted 2001 \
    --duty 'Register it'
expect_rc 0
tw --db "$DB" framework add FW-EARLY --title 'Early law' --jurisdiction DE --adopted 1999-05
expect_rc 0
tw --db "$DB" agreement add Alpha Beta --signed 2010
expect_rc 0
tw --db "$DB" agreement add Beta Alpha --signed 2000 --framework FW-LATE --framework FW-EARLY
expect_rc 0
tw --db "$DB" agreement update 2 --registration-number 'SRE 7'
expect_rc 0
tw --db "$DB" agreement add Alpha Beta Gamma --signed 2005 --kind friendship --framework FW-LATE
expect_rc 0
tw --db "$DB" agreement update 1 --framework FW-LATE
expect_rc 0
tw --db "$DB" org add 'Exchange Office' --acronym EXO --country FR --founded 1990
expect_rc 0
tw --db "$DB" program add PRG --name 'Music exchange' --operator EXO --host Alpha --started 2011 \
    --under 3 --under 1
expect_rc 0
for n in zeta alpha mid; do
    tw --db "$DB" program record PRG --city Beta --count 2 --year 2012 --field music --note "$n"
    expect_rc 0
done
tw --db "$DB" program record PRG --city Alpha --count 4 --field music
expect_rc 0
tw --db "$DB" program record PRG --city Beta --count 1 --year 2012
expect_rc 0
tw --db "$DB" program record PRG --city Gamma --count 9 --year 2012 --field music
expect_rc 0

tw --db "$DB" report Alpha Beta --json
expect_rc 0
expect_json_sql "SELECT group_concat(json_extract(value, '\$.id'), ' ') FROM json_each({J}, '\$.agreements');" \
    "2 3 1" "agreements oldest first"
expect_json_sql "SELECT group_concat(json_extract(value, '\$.code'), ' ') FROM json_each({J}, '\$.frameworks');" \
    "FW-EARLY FW-LATE" "frameworks by adoption date"
expect_json_eq '$.frameworks[1].agreements' '[1,2,3]'
expect_json_eq '$.frameworks[1].unmet_duty' '[1,3]'
expect_json_eq '$.frameworks[0].agreements' '[2]'
expect_json_eq '$.frameworks[0].unmet_duty' '[]'
expect_json_eq '$.programs[0].agreements' '[1,3]'
expect_json_sql "SELECT group_concat(json_extract(value, '\$.city') || ':' || coalesce(json_extract(value, '\$.year'), '-') || ':' || coalesce(json_extract(value, '\$.field'), '-') || ':' || json_extract(value, '\$.count') || ':' || coalesce(json_extract(value, '\$.note'), '-'), ' | ') FROM json_each({J}, '\$.programs[0].beneficiaries');" \
    "Alpha:-:music:4:- | Beta:2012:-:1:- | Beta:2012:music:6:zeta; alpha; mid" \
    "beneficiaries by city, year and field, notes as recorded"
tw --db "$DB" report Alpha Beta
expect_rc 0
expect_out_has "FW-LATE (FR, law 2001): Late law; agreements [1,2,3]"
expect_out_has "unmet: no registration recorded for agreements [1,3]"
expect_out_has "6 beneficiaries  music – zeta; alpha; mid"

# ======================================================================================
section "init --sample"

DB=$(e2e_db "$MAIN")
export TWINREG_DB="$DB"

tw init --sample
expect_rc 0
expect_out_empty
tw export
expect_rc 0
cp "$TMP/out" "$TMP/sample1.export"
snap
tw init --sample
expect_rc 0
expect_out_empty
grep -qE '(^|[^0-9])0 inserted' "$TMP/err"
check $? "$CMD: second run reports 0 inserted" "'0 inserted' on stderr" "$(excerpt "$TMP/err")"
tw export
expect_rc 0
expect_out_same "$TMP/sample1.export" "the export after the first init --sample"

# ======================================================================================
section "report"

tw report Seoul 'Mexico City'
expect_rc 0
for t in 1992 2010 2019-07-09 "builds on agreement 1" "builds on agreement 2" MX-LCT-1992 \
         "Ley sobre la Celebración de Tratados" 44 cooking "web programming" electricity SHRDC \
         transparencia.cdmx.gob.mx seoulvtp.or.kr; do
    expect_out_has "$t"
done
l1=$(grep -n -m1 -E '(^|[^0-9-])1992([^0-9-]|$)' "$TMP/out" | cut -d: -f1)
l2=$(grep -n -m1 -E '(^|[^0-9-])2010([^0-9-]|$)' "$TMP/out" | cut -d: -f1)
l3=$(grep -n -m1 -F '2019-07-09' "$TMP/out" | cut -d: -f1)
[ -n "$l1" ] && [ -n "$l2" ] && [ -n "$l3" ] && [ "$l1" -lt "$l2" ] && [ "$l2" -lt "$l3" ]
check $? "$CMD: agreements 1992, 2010, 2019-07-09 in that order" "lines increasing" "lines '$l1' '$l2' '$l3'"

tw report Seoul 'Mexico City' --json
expect_rc 0
expect_json_object
for k in cities agreements frameworks programs sources; do
    expect_json_type "\$.$k" array
done
expect_json_sql "SELECT json_array_length({J}, '\$.agreements');" 3 "three agreements"
expect_json_sql "SELECT group_concat(json_extract(value, '\$.signed_on'), ' ') FROM json_each({J}, '\$.agreements');" \
    "1992 2010 2019-07-09" "agreements oldest first"
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.frameworks') WHERE json_extract(value, '\$.code') = 'MX-LCT-1992';" \
    1 "framework MX-LCT-1992 listed"
expect_json_sql "SELECT group_concat(json_extract(value, '\$.name'), ',') FROM (SELECT value FROM json_each({J}, '\$.cities') ORDER BY json_extract(value, '\$.name'));" \
    "Mexico City,Seoul" "the two cities"

# ======================================================================================
section "timeline"

tw timeline Seoul 'Ciudad de México'
expect_rc 0
expect_out_has 2019-07-09
prev="" sorted=0 n=0
while read -r d _; do
    case $d in [0-9][0-9][0-9][0-9]*) ;; *) continue ;; esac
    f=$(first_day "$d")
    n=$((n + 1))
    if [ -n "$prev" ] && [[ "$f" < "$prev" ]]; then sorted=1; fi
    prev=$f
done <"$TMP/out"
[ "$sorted" -eq 0 ] && [ "$n" -ge 3 ]
check $? "$CMD: dates in nondecreasing order (first-day forms)" "sorted, >= 3 dated rows" "$n rows: $(excerpt "$TMP/out")"

tw timeline Seoul --json
expect_rc 0
expect_json_array
expect_keys '$' date event
got=$(jsql "$TMP/out" "SELECT json_extract(value, '\$.date') FROM json_each({J});")
prev="" sorted=0
for d in $got; do
    f=$(first_day "$d")
    if [ -n "$prev" ] && [[ "$f" < "$prev" ]]; then sorted=1; fi
    prev=$f
done
check $sorted "$CMD: dates in nondecreasing order" "sorted" "$(echo $got)"

# ======================================================================================
section "active"

tw active --on 2020-01-01 --json
expect_rc 0
expect_json_array 4
expect_keys '$' city_id city country count partners
expect_json_sql "SELECT group_concat(c, ',') FROM (SELECT json_extract(value, '\$.city') AS c FROM json_each({J}) ORDER BY 1);" \
    "Ludwigsburg,Mexico City,Montbéliard,Seoul" "exactly these cities"

# ======================================================================================
section "frameworks"

tw framework add TEST-FW-1 --title 'Test framework law' --jurisdiction MX --adopted 2001-05 \
    --kind resolution --duty 'Report to the council' --source https://example.org/fw1
expect_rc 0
tw framework list --json
expect_rc 0
expect_json_array
expect_json_sql "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.code') = 'TEST-FW-1';" 1 "lists TEST-FW-1"
tw framework list
expect_rc 0
expect_out_has TEST-FW-1
expect_out_has MX-LCT-1992
tw framework show TEST-FW-1 --json
expect_rc 0
expect_json_object
expect_keys '$' code title jurisdiction kind adopted_on summary sources
expect_json_eq '$.code' TEST-FW-1
expect_json_eq '$.title' 'Test framework law'
expect_json_eq '$.jurisdiction' MX
expect_json_eq '$.kind' resolution
expect_json_eq '$.adopted_on' 2001-05
expect_json_eq '$.duty' 'Report to the council'
expect_json_eq '$.sources' '["https://example.org/fw1"]'
tw framework show TEST-FW-1
expect_rc 0
expect_out_has 'Test framework law'

# ======================================================================================
section "organizations"

tw org add 'Test Training Institute' --acronym TTI --country MX --founded 1999 --summary 'Trains people'
expect_rc 0
tw org list --json
expect_rc 0
expect_json_array
TTI=$(jsql "$TMP/out" "SELECT json_extract(value, '\$.id') FROM json_each({J}) WHERE json_extract(value, '\$.name') = 'Test Training Institute';")
[ -n "$TTI" ]
check $? "$CMD: the new organization is listed" "an id" "none"
tw org list
expect_rc 0
expect_out_has 'Test Training Institute'
for o in 'Test Training Institute' TTI "$TTI"; do
    tw org show "$o" --json
    expect_rc 0
    expect_json_object
    expect_json_eq '$.id' "$TTI"
    expect_json_eq '$.name' 'Test Training Institute'
done
expect_keys '$' id name country founded_on summary sources
expect_json_eq '$.country' MX
expect_json_eq '$.founded_on' 1999
tw org show SHRDC --json
expect_rc 0
expect_json_eq '$.name' 'Seoul Human Resources Development Center'

# ======================================================================================
section "agreements with frameworks and sources"

tw agreement list --json
before=" $(ids_of id) "
tw agreement add Seoul 'Mexico City' --signed 2024-03-01 --kind memorandum --title 'Test memorandum' \
    --framework TEST-FW-1 --source https://example.org/agreement-test
expect_rc 0
tw agreement list --json
AID=""
for x in $(ids_of id); do
    case $before in *" $x "*) ;; *) AID=$x ;; esac
done
[ -n "$AID" ]
check $? "agreement add: a new agreement is listed" "a new id" "none"
tw agreement show "$AID" --json
expect_rc 0
expect_json_object
expect_json_eq '$.frameworks' '["TEST-FW-1"]'
expect_json_eq '$.sources' '["https://example.org/agreement-test"]'
tw source list --json
expect_rc 0
expect_json_array
expect_json_sql "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.url') = 'https://example.org/agreement-test';" \
    1 "lists the agreement's source url"

# ======================================================================================
section "programs"

tw program add TEST-PRG --name 'Test exchange program' --operator TTI --host 'Mexico City' \
    --started 2020 --under "$AID" --summary 'Exchanges' --source https://example.org/prg
expect_rc 0
tw program list --json
expect_rc 0
expect_json_array
expect_json_sql "SELECT count(*) FROM json_each({J}) WHERE json_extract(value, '\$.code') = 'TEST-PRG';" 1 "lists TEST-PRG"
tw program list
expect_rc 0
expect_out_has TEST-PRG
tw city show 'Mexico City' --json
MEXICO=$(jget '$.id')
tw city show Seoul --json
SEOUL=$(jget '$.id')

tw program record TEST-PRG --city Seoul --count 5 --year 2021 --field cooking
expect_rc 0
expect_out_empty
tw program record TEST-PRG --city Seoul --count 7 --year 2022 --field cooking
expect_rc 0
tw program record TEST-PRG --city Seoul --count 3 --year 2022 --field robotics
expect_rc 0

tw program show TEST-PRG --json
expect_rc 0
expect_json_object
expect_keys '$' code name operator host started_on summary agreements sources participation
expect_json_eq '$.code' TEST-PRG
expect_json_eq '$.operator' "$TTI"
expect_json_eq '$.host' "$MEXICO"
expect_json_eq '$.started_on' 2020
expect_json_eq '$.agreements' "[$AID]"
expect_json_eq '$.sources' '["https://example.org/prg"]'
expect_json_sql "SELECT json_array_length({J}, '\$.participation');" 3 "three participation rows"
expect_json_sql "SELECT group_concat(r, ' ') FROM (SELECT json_extract(value, '\$.city') || ':' || json_extract(value, '\$.year') || ':' || json_extract(value, '\$.count') || ':' || json_extract(value, '\$.field') AS r FROM json_each({J}, '\$.participation') ORDER BY 1);" \
    "$SEOUL:2021:5:cooking $SEOUL:2022:3:robotics $SEOUL:2022:7:cooking" "the recorded participation"

tw program show TEST-PRG
expect_rc 0
expect_out_has 'Test exchange program'
expect_out_has cooking
expect_out_has robotics
# Totals by field: cooking 5 + 7 = 12 (two years, one field).
grep -iE 'cooking' "$TMP/out" | grep -qE '(^|[^0-9])12([^0-9]|$)'
check $? "$CMD: total for the field cooking (12)" "a cooking line with 12" "$(excerpt "$TMP/out")"

# ======================================================================================
section "rejected input"

reject 3 "NOPE" -- program record NOPE --city Seoul --count 1
reject 4 "invalid count -3: expected 0 to 100000000 people" -- program record TEST-PRG --city Seoul --count -3
reject 4 "invalid count 'many': expected a whole number" -- program record TEST-PRG --city Seoul --count many
reject 3 "NO-SUCH-FW" -- agreement add Seoul 'Mexico City' --signed 2025 --framework NO-SUCH-FW
reject 3 "Nobody Org" -- program add TEST-PRG2 --name X --operator 'Nobody Org' --started 2020
reject 3 "9999" -- program add TEST-PRG3 --name X --operator TTI --started 2020 --under 9999
reject 4 "TEST-FW-1" -- framework add TEST-FW-1 --title Again --jurisdiction MX --adopted 2001
reject 4 "TEST-PRG" -- program add TEST-PRG --name Again --operator TTI --started 2020
reject 4 "statute" -- framework add TEST-FW-2 --title X --jurisdiction MX --adopted 2001 --kind statute
reject 4 "1992-02-30" -- framework add TEST-FW-3 --title X --jurisdiction MX --adopted 1992-02-30
reject 2 "title" -- framework add TEST-FW-4 --jurisdiction MX --adopted 2001
reject 4 "invalid pair: 'Seoul' and 'Seoul' are the same city" -- report Seoul Seoul
reject 3 "Atlantis" -- report Seoul Atlantis

# ======================================================================================
section "export"

tw export
expect_rc 0
expect_json_object
for k in sources organizations frameworks programs; do
    expect_json_sql "SELECT json_array_length({J}, '\$.$k') > 0;" 1 "$k is non-empty"
done
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.programs') AS p WHERE json_extract(p.value, '\$.operator') NOT IN (SELECT json_extract(o.value, '\$.id') FROM json_each({J}, '\$.organizations') AS o);" \
    0 "every program's operator is an organization"
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.programs') WHERE json_extract(value, '\$.code') = 'TEST-PRG';" 1 "TEST-PRG exported"

# Amendments: a dated event of the agreement, told by timeline and report.
section "agreement amend"
tw agreement amend 3 --on 2021-03 --note 'annex on smart cities'
expect_rc 0
tw timeline Seoul 'Mexico City'
expect_out_has "amended"
expect_out_has "annex on smart cities"
tw agreement show 3 --json
expect_json_sql "SELECT json_extract({J}, '\$.events[0].on') || ' ' || json_extract({J}, '\$.events[0].event');" "2021-03 amended" "amendment in the record"
reject 4 "2021-02-30" -- agreement amend 3 --on 2021-02-30
reject 3 "agreement 999: not found" -- agreement amend 999 --on 2021
reject 2 "agreement amend: missing --on DATE" -- agreement amend 3

# ======================================================================================
e2e_finish 247 247
