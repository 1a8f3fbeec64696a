#!/usr/bin/env bash
# End-to-end tests of decisions, signatories, approvals and the approvals a framework
# requires (issue 16): decision add/list/show, --decision on agreement add/end/amend,
# agreement update --signatory, agreement approve, framework add --requires and the
# report's unmet approvals; every bad input with its exit status and the registry
# unchanged; undo; the interchange round trip (JSON and NDJSON).
# Usage: bash tests/e2e/decisions.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "decisions.sh" "$@"

mkdir -p "$TMP/decisions"
DB=$(e2e_db "$TMP/decisions/registry.db")
tw --db "$DB" init --sample
expect_rc 0

# ======================================================================================
section "decision add, list and show"

tw --db "$DB" decision add --by 'Seoul Metropolitan Council' --on 2013-11-20 --number 2013-117 \
    --title 'Consent to the agreement with Mexico City' --source https://example.org/d/117
expect_rc 0
expect_out_eq 1
expect_err_has "added decision 1"
tw --db "$DB" decision add --by 'Cabildo de la Ciudad de México' --on 2022-03-01
expect_rc 0
expect_out_eq 2
tw --db "$DB" decision list --format csv
expect_rc 0
expect_out_has "id,by,on,number,title,source"
expect_out_has "1,Seoul Metropolitan Council,2013-11-20,2013-117,Consent to the agreement with Mexico City,https://example.org/d/117"
expect_out_has "2,Cabildo de la Ciudad de México,2022-03-01,,,"
tw --db "$DB" decision list --format ndjson
expect_rc 0
expect_out_has '{"id": 2, "by": "Cabildo de la Ciudad de México", "on": "2022-03-01"'

# ======================================================================================
section "--decision links a change; approvals; signatories"

tw --db "$DB" agreement amend 3 --on 2021-03 --note 'annex' --decision 1
expect_rc 0
tw --db "$DB" agreement end 2 --on 2022-03-02 --decision 2
expect_rc 0
tw --db "$DB" agreement add Seoul 'Mexico City' --kind friendship --signed 2023-05 --decision 2
expect_rc 0
NEW=$(cat "$TMP/out")
tw --db "$DB" agreement approve 1 --by 'Secretaría de Relaciones Exteriores' --on 2014-02-01 \
    --decision 1
expect_rc 0
expect_err_has "agreement 1 approved by Secretaría de Relaciones Exteriores on 2014-02-01"
tw --db "$DB" agreement update 1 --signatory 'Park Won-soon, Mayor of Seoul' \
    --signatory 'Miguel Ángel Mancera,  Head of Government'
expect_rc 0
tw --db "$DB" agreement show 1
expect_rc 0
expect_out_has "signatories: Park Won-soon, Mayor of Seoul; Miguel Ángel Mancera, Head of Government"
expect_out_has "approvals:   Secretaría de Relaciones Exteriores on 2014-02-01"
tw --db "$DB" agreement show 2 --format json
expect_json_eq '$.decisions[0].decision' 2
expect_json_eq '$.decisions[0].change' ended
expect_json_eq '$.decisions[0].on' 2022-03-02
tw --db "$DB" agreement show 4 --format json
expect_rc 0
[ "$(jtype '$.signatories')" = "" ] && [ "$(jtype '$.approvals')" = "" ]
check $? "an agreement with none has no signatories or approvals key" "absent" "$(head -c 200 "$TMP/out")"
tw --db "$DB" decision show 1 --format json
expect_json_eq '$.agreements[0].agreement' 1
expect_json_eq '$.agreements[0].change' approved
expect_json_eq '$.agreements[1].agreement' 3
expect_json_eq '$.agreements[1].change' amended
tw --db "$DB" decision show 2
expect_rc 0
expect_out_has "agreements: 2 ended 2022-03-02; $NEW signed 2023-05"
tw --db "$DB" timeline Seoul 'Mexico City' --format csv
expect_out_has "2014-02-01,approved,1,,Secretaría de Relaciones Exteriores (decision 1)"

# ======================================================================================
section "a framework's required approvals; the report's unmet ones"

tw --db "$DB" framework add MX-LCT-1992-R --title 'Ley (requisitos)' --jurisdiction MX \
    --adopted 1992 --requires 'Secretaría de Relaciones Exteriores' --requires 'Senado'
expect_rc 0
tw --db "$DB" framework show MX-LCT-1992-R --format json
expect_json_eq '$.requires[0]' 'Secretaría de Relaciones Exteriores'
expect_json_eq '$.requires[1]' 'Senado'
tw --db "$DB" agreement update 1 --framework MX-LCT-1992-R
expect_rc 0
tw --db "$DB" agreement update 3 --framework MX-LCT-1992-R
expect_rc 0
tw --db "$DB" report Seoul 'Mexico City'
expect_rc 0
expect_out_has "unmet: no approval by Secretaría de Relaciones Exteriores recorded for agreements [3]"
expect_out_has "unmet: no approval by Senado recorded for agreements [1,3]"
expect_out_has "signed by Park Won-soon, Mayor of Seoul"
tw --db "$DB" report Seoul 'Mexico City' --format json
expect_json_eq '$.frameworks[1].unmet_approvals[1].by' Senado
[ "$(jtype '$.frameworks[0].unmet_approvals')" = "" ]
check $? "a framework that requires no approval has no unmet_approvals" "absent" "present"

# ======================================================================================
section "bad input: the exit status, one message, the registry unchanged"

reject 3 "decision 99: not found" -- --db "$DB" agreement approve 1 --by Senado --on 2015 --decision 99
reject 3 "decision 99: not found" -- --db "$DB" agreement amend 3 --on 2022 --decision 99
reject 3 "decision 99: not found" -- --db "$DB" decision show 99
reject 3 "decision 'x' not found" -- --db "$DB" agreement end 3 --on 2024 --decision x
reject 3 "agreement 99: not found" -- --db "$DB" agreement approve 99 --by Senado --on 2015
reject 4 "invalid approval date '1991': before the agreement was signed (1992)" \
    -- --db "$DB" agreement approve 1 --by Senado --on 1991
reject 4 "invalid decision 2: dated 2022-03-01, after what it decides (approval on 2015)" \
    -- --db "$DB" agreement approve 1 --by Senado --on 2015 --decision 2
reject 4 "invalid decision 2: dated 2022-03-01, after what it decides (amendment on 2021)" \
    -- --db "$DB" agreement amend 3 --on 2021 --decision 2
reject 4 "invalid deciding body: it is empty" -- --db "$DB" decision add --by '' --on 2020
reject 4 "invalid approving body: it is empty" -- --db "$DB" agreement approve 1 --by '' --on 2015
reject 4 "invalid signatory's name: it is empty" \
    -- --db "$DB" agreement update 1 --signatory ', Mayor of Seoul'
reject 4 "invalid decision date '2020-13'" -- --db "$DB" decision add --by X --on 2020-13
reject 4 "invalid required approving body: it is empty" \
    -- --db "$DB" framework add X-1 --title T --jurisdiction MX --adopted 2000 --requires ''
reject 2 "missing --by" -- --db "$DB" decision add --on 2020

# ======================================================================================
section "undo"

snap
tw --db "$DB" agreement approve 3 --by Senado --on 2020 --decision 1
expect_rc 0
tw --db "$DB" undo
expect_rc 0
expect_export_unchanged
snap
tw --db "$DB" agreement update 1 --signatory 'Oh Se-hoon, Mayor of Seoul'
expect_rc 0
tw --db "$DB" agreement show 1 --format json
expect_json_eq '$.signatories[0].name' 'Oh Se-hoon'
tw --db "$DB" undo
expect_rc 0
expect_export_unchanged

# ======================================================================================
section "interchange: round trip, re-import unchanged, an older file"

for format in json ndjson; do
    tw --db "$DB" export --format "$format" --output "$TMP/out.$format"
    expect_rc 0
    grep -q '"signatories"' "$TMP/out.$format" && grep -q '"requires"' "$TMP/out.$format"
    check $? "the $format export has the signatories and requirements" "present" "absent"
    COPY=$(e2e_db "$TMP/decisions/copy-$format.db")
    tw --db "$COPY" init
    tw --db "$COPY" import "$TMP/out.$format"
    expect_rc 0
    expect_err_has "decisions: 2 inserted"
    tw --db "$COPY" export --format "$format"
    expect_out_same "$TMP/out.$format" "the first export"
    tw --db "$COPY" import "$TMP/out.$format"
    expect_rc 0
    expect_err_has "0 inserted, 0 updated"
done
# An export of a registry without any of it has no new key: the file of an older version.
OLD=$(e2e_db "$TMP/decisions/old.db")
tw --db "$OLD" init --sample
tw --db "$OLD" export --output "$TMP/old.json"
grep -qE '"(decisions|signatories|approvals|requires)"' "$TMP/old.json"
check $(( $? == 1 ? 0 : 1 )) "an export without decisions has none of the new keys" "none" "some"
OLDER=$(e2e_db "$TMP/decisions/older.db")
tw --db "$OLDER" init
tw --db "$OLDER" import "$TMP/old.json"
expect_rc 0
# A broken reference to a decision is refused (a file without a header: read as it is).
"$TWINREG" --db "$DB" export --format ndjson | grep '"type":"city"' >"$TMP/bad.ndjson"
printf '%s\n' '{"type":"agreement","kind":"friendship","parties":[1,2],"signed_on":"2030","approvals":[{"by":"Senado","on":"2030","decision":9}]}' >>"$TMP/bad.ndjson"
WROTE=1 reject 4 "1 invalid record, nothing written" \
    -- --db "$DB" import "$TMP/bad.ndjson"
expect_err_has "broken reference: no decision with id 9 in this file"

# ======================================================================================
section "city merge: the merged agreement keeps its approvals, signatories and links"

DB=$(e2e_db "$TMP/decisions/merge.db") # a registry of its own, to the end
tw --db "$DB" init
tw --db "$DB" city add 'Frankfurt am Main' --country DE
tw --db "$DB" city add Frankfurt --country DE
tw --db "$DB" city add Lyon --country FR
tw --db "$DB" agreement add 'Frankfurt am Main' Lyon --kind sister-city --signed 1960
tw --db "$DB" agreement add Frankfurt Lyon --kind sister-city --signed 1960
tw --db "$DB" decision add --by Stadtverordnetenversammlung --on 1959-12-01
tw --db "$DB" agreement approve 2 --by 'Regierungspräsidium' --on 1961 --decision 1
tw --db "$DB" agreement update 2 --signatory 'Werner Bockelmann, Oberbürgermeister'
expect_rc 0
snap
tw --db "$DB" city merge 'Frankfurt am Main' Frankfurt
expect_rc 0
expect_err_has "1 merged into one it had"
tw --db "$DB" agreement show 1 --format json
expect_rc 0
expect_out_has '"name": "Werner Bockelmann"'
expect_out_has '"by": "Regierungspräsidium"'
expect_out_has '"decision": 1'
tw --db "$DB" decision show 1
expect_rc 0
expect_out_has "agreements: 1 approved 1961"
tw --db "$DB" undo
expect_rc 0
expect_export_unchanged

# ======================================================================================
e2e_finish 90 90
