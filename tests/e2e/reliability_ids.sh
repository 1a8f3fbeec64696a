#!/usr/bin/env bash
# Record ids at the top of their range (issue 12, item 3): an id of 2^53 - 1, the largest a
# registry holds, is kept, shown and exported; since ids are never reused, no id is left
# after it for a row the registry numbers itself, and every writer that would need one
# (add, import, for each kind of record) is refused (exit 4, nothing written), where it
# used to create an id past the range that export and import then refused.
# Usage: bash tests/e2e/reliability_ids.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

TOP=9007199254740991

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
NO_ID="no id is left for new rows of"
reject 4 "$NO_ID cities" -- city add Nouvelle --country FR
reject 4 "$NO_ID agreements" -- agreement add Basville Hautville --kind friendship --signed 2010
reject 4 "$NO_ID sources" -- source add https://example.org/next --citation "Next"
printf '{"format": "twinreg", "version": 1, "cities": [{"name": "Nouvelle", "country": "FR"}]}' >"$TMP/no-id.json"
reject 4 "$NO_ID cities" -- import "$TMP/no-id.json"
cat >"$TMP/more.json" <<JSON
{"format": "twinreg", "version": 1, "cities": [{"id": 12, "name": "Nouvelle", "country": "FR"}]}
JSON
reject 4 "$NO_ID cities" -- import "$TMP/more.json"
# Everything that was accepted can be shown and exported, the top ids exactly.
tw city show Hautville --format json
expect_rc 0
expect_out_has "$TOP"
export_to "$TMP/top-export.json"
grep -q "\"id\":$TOP" "$TMP/top-export.json"
check $? "the export keeps the id 2^53-1" "\"id\":$TOP" "$(head -c 300 "$TMP/top-export.json")"
# Registry-numbered records of the tables the file did not reach still get ids.
tw org add "Office de Hautville" --country FR
expect_rc 0
tw org list --format csv
expect_rc 0
expect_out_has "Office de Hautville"

e2e_finish 40
