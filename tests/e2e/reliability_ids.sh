#!/usr/bin/env bash
# Record ids at the top of their range (issue 12, item 3): an id of 2^53 - 1, the largest a
# registry holds, is kept, shown and exported. Ids are never given twice, not even after an
# undo, so the registry cannot number new rows after it; it numbers them from the ids it
# never used (those the kept id jumped over), for every writer (add, import, each kind of
# record), before and after an undo. Only when no id is left at all is a new row refused
# (exit 4, nothing written). It used to refuse every new row, or, before that, to create
# an id past the range that export and import then refused.
# Usage: bash tests/e2e/reliability_ids.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

TOP=9007199254740991
IN="$TMP/in"
mkdir -p "$IN"

# added_id TEXT: the id in the last "added ... N: ..." message.
added_id() {
    sed -n 's/^twinreg: added [a-z]* \([0-9]*\).*/\1/p' "$TMP/err" | head -n 1
}

# ======================================================================================
section "an id at the top of the range"
use_db top
tw init
expect_rc 0
cat >"$TMP/top.json" <<JSON
{"format": "twinreg", "version": 1,
 "cities": [{"id": $TOP, "name": "Hautville", "country": "FR"}, {"id": 7, "name": "Basville", "country": "FR"}],
 "agreements": [{"id": $TOP, "kind": "sister-city", "signed_on": "2001", "parties": [7, $TOP]}],
 "sources": [{"id": $TOP, "citation": "Top", "url": "https://example.org/top"}]}
JSON
tw import "$TMP/top.json"
expect_rc 0
expect_eq "$(q "SELECT id FROM cities WHERE name = 'Hautville'")" "$TOP" "a city id of 2^53-1 is kept"
expect_eq "$(q "SELECT max(id) FROM agreements")" "$TOP" "an agreement id of 2^53-1 is kept"
expect_eq "$(q "SELECT table_name, first_id, last_id FROM id_gaps ORDER BY 1, 2" | paste -sd' ')" \
    "agreements,1,9007199254740990 cities,1,6 cities,8,9007199254740990 sources,1,9007199254740990" \
    "the ids the kept ones jumped over are recorded as never used"

# Every writer still gets an id: the lowest never used.
tw city add Nouvelle --country FR
expect_rc 0
expect_eq "$(added_id)" 1 "city add after the top id takes the lowest id never used"
tw agreement add Basville Hautville --kind friendship --signed 2010
expect_rc 0
expect_eq "$(added_id)" 1 "agreement add after the top id takes the lowest id never used"
tw source add https://example.org/next --citation "Next"
expect_rc 0
expect_eq "$(q "SELECT id FROM sources WHERE url = 'https://example.org/next'")" 1 \
    "source add after the top id takes the lowest id never used"
tw city add Troisville --country FR
expect_rc 0
expect_eq "$(added_id)" 2 "the next city takes the next id never used"

# An undo frees no id: the undone city's id is not given again.
tw undo
expect_rc 0
tw city add Quatreville --country FR
expect_rc 0
expect_eq "$(added_id)" 3 "an undone id is not given again"

# An import numbers its records from the ids never used too; a file id at or below the
# highest id the registry ever had is renumbered, as always.
printf '{"format": "twinreg", "version": 1, "cities": [{"name": "Cinqville", "country": "FR"}, {"id": 12, "name": "Sixville", "country": "FR"}], "agreements": [{"kind": "sister-city", "signed_on": "2012", "parties": [{"name": "Cinqville", "country": "FR"}, {"name": "Sixville", "country": "FR"}]}]}' >"$TMP/no-id.json"
tw import "$TMP/no-id.json"
expect_rc 0
expect_eq "$(q "SELECT name || '=' || id FROM cities WHERE name IN ('Cinqville', 'Sixville') ORDER BY id" | paste -sd' ')" \
    "Cinqville=4 Sixville=5" "an import takes ids never used, in order"
expect_eq "$(q "SELECT count(*) FROM agreements WHERE signed_on = '2012' AND id = 2")" 1 \
    "an imported agreement takes the next agreement id never used"
# Its undo removes exactly its rows, and their ids stay used.
tw undo
expect_rc 0
expect_eq "$(q "SELECT count(*) FROM cities WHERE name IN ('Cinqville', 'Sixville')")" 0 \
    "undo removes the rows the import numbered from the ids never used"
tw city add Septville --country FR
expect_rc 0
expect_eq "$(added_id)" 6 "after that undo, the next city takes an id never used"

# Organizations and programs, which the file did not reach, are numbered as ever.
tw org add "Office de Hautville" --country FR
expect_rc 0
expect_eq "$(q "SELECT id FROM organizations WHERE name = 'Office de Hautville'")" 1 \
    "a table the top id did not reach numbers as ever"

# Everything that was accepted can be shown and exported, and comes back the same.
tw city show Hautville --format json
expect_rc 0
expect_out_has "$TOP"
export_to "$TMP/top-export.json"
grep -q "\"id\":$TOP" "$TMP/top-export.json"
check $? "the export keeps the id 2^53-1" "\"id\":$TOP" "$(head -c 300 "$TMP/top-export.json")"
use_db copy
tw import "$TMP/top-export.json"
expect_rc 0
export_to "$TMP/copy-export.json"
expect_same_file "$TMP/top-export.json" "$TMP/copy-export.json" \
    "export, import into a new registry, export: identical with ids at the top of the range"
use_db top

# Undoing the import that kept the top ids leaves them used: new rows still get ids.
for _ in 1 2 3 4 5 6 7; do tw undo >/dev/null 2>&1; done
expect_eq "$(q "SELECT count(*) FROM cities")" 0 "every change undone"
tw city add Apresville --country FR
expect_rc 0
expect_eq "$(added_id)" 8 "after undoing the import of the top id, a city takes an id never used"
tw city add Apresville2 --country FR
expect_rc 0
tw agreement add Apresville Apresville2 --kind friendship --signed 2010
expect_rc 0
expect_eq "$(added_id)" 3 "after that undo, an agreement takes an id never used"
tw check
expect_rc 0

# ======================================================================================
section "the top id and new rows in one import"
use_db one_import
tw init
expect_rc 0
printf '{"type":"city","name":"Avant","country":"NO"}\n{"type":"city","id":%s,"name":"Oslo","country":"NO"}\n{"type":"city","id":"seoul","name":"Seoul","country":"KR"}\n{"type":"agreement","id":%s,"kind":"sister-city","signed_on":"2000","parties":[{"name":"Oslo","country":"NO"},{"name":"Seoul","country":"KR"}]}\n{"type":"agreement","kind":"friendship","signed_on":"2001","parties":[{"name":"Oslo","country":"NO"},{"name":"Avant","country":"NO"}]}\n' \
    "$TOP" "$TOP" >"$IN/top-and-new.ndjson"
tw import "$IN/top-and-new.ndjson"
expect_rc 0
expect_eq "$(q "SELECT name || '=' || id FROM cities ORDER BY id" | paste -sd' ')" \
    "Avant=1 Seoul=2 Oslo=$TOP" "records after the top id in the same import take ids never used"
expect_eq "$(q "SELECT id FROM agreements ORDER BY id" | paste -sd' ')" "1 $TOP" \
    "an agreement after the top id in the same import takes an id never used"
tw undo
expect_rc 0
expect_eq "$(q "SELECT count(*) FROM cities")" 0 "undo removes every row of that import"
tw city add Riga --country LV
expect_rc 0
expect_eq "$(added_id)" 3 "and the ids it used stay used"

# ======================================================================================
section "no id left at all"
# A registry whose every id below the top was used (here: a registry from before the ids
# never used were recorded, which counts every id below its highest as used).
use_db full
tw init
expect_rc 0
printf '{"type":"city","id":%s,"name":"Oslo","country":"NO"}\n' "$TOP" >"$IN/top-only.ndjson"
tw import "$IN/top-only.ndjson"
expect_rc 0
db_exec "DELETE FROM id_gaps" || harness_failure "cannot empty id_gaps"
NO_ID="no id is left (ids go up to $TOP and are never reused)"
reject 4 "cannot number a new row of cities: $NO_ID" -- city add Nouvelle --country FR
printf '{"format": "twinreg", "version": 1, "cities": [{"name": "Nouvelle", "country": "FR"}]}' >"$TMP/nouvelle.json"
reject 4 "1 invalid record, nothing written" -- import "$TMP/nouvelle.json"
expect_err_has "cannot number a new row of cities: $NO_ID"
tw city show Oslo
expect_rc 0

e2e_finish 63 63
