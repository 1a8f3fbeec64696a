#!/usr/bin/env bash
# End-to-end tests of suspensions (issue 16): agreement suspend and resume, what "in force"
# then means to active, partners, agreement list --active and the agreement_periods view,
# how timeline, report, show and the export tell them, undo, the interchange round trip,
# an older file without them, and every refusal with its exit status, database unchanged.
# Usage: bash tests/e2e/suspend.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "suspend.sh" "$@"

# in_force DAY: the ids `agreement list --active --on DAY` lists, space-separated.
in_force() {
    tw --db "$DB" agreement list --active --on "$1" --format json
    expect_rc 0
    IDS=$(ids_of id)
}
# expect_csv_eq TEXT: stdout, its CSV line ends (CRLF) read as newlines, is TEXT.
expect_csv_eq() {
    tr -d '\r' <"$TMP/out" >"$TMP/out.lf"
    printf '%s\n' "$1" | cmp -s - "$TMP/out.lf"
    check $? "$CMD: stdout" "$1" "$(excerpt "$TMP/out.lf")"
}

mkdir -p "$TMP/suspend"
DB=$(e2e_db "$TMP/suspend/registry.db")
export TWINREG_DB=$DB
# The sample: 1 (1992), 2 (2010) and 3 (2019-07-09) between Seoul and Mexico City; 4
# (1950) between Ludwigsburg and Montbéliard.
tw --db "$DB" init --sample
expect_rc 0
tw --db "$DB" export --format ndjson
cp "$TMP/out" "$TMP/before.ndjson"

# ======================================================================================
section "suspend: out of force from its first day, kept"

tw --db "$DB" agreement suspend 1 --on 2022-03-01 --reason 'council decision' \
    --source https://example.org/decision-7
expect_rc 0
expect_out_empty
expect_err_has "agreement 1 suspended from 2022-03-01"
in_force 2022-06-01
check "$([ "$IDS" = "2 3 4" ]; echo $?)" "list --active on 2022-06-01" "2 3 4" "$IDS"
# The day before it is suspended, it is in force.
in_force 2022-02-28
check "$([ "$IDS" = "1 2 3 4" ]; echo $?)" "list --active on 2022-02-28" "1 2 3 4" "$IDS"
tw --db "$DB" partners Seoul --on 2022-06-01 --format csv
expect_csv_eq $'city_id,city,country,count,agreements,since\n2,Mexico City,MX,2,2; 3,2010'
tw --db "$DB" partners Seoul --on 2022-02-28 --format csv
expect_csv_eq $'city_id,city,country,count,agreements,since\n2,Mexico City,MX,3,1; 2; 3,1992'
tw --db "$DB" active --on 2022-06-01 --format csv
expect_out_has "1,Seoul,KR,2,Mexico City,2"
tw --db "$DB" active --on 2022-02-28 --format csv
expect_out_has "1,Seoul,KR,3,Mexico City,2"
# Every agreement of a pair suspended: the cities leave `active`.
tw --db "$DB" agreement suspend 4 --on 2022-03-01 --until 2022-09-01 --reason 'war'
expect_rc 0
expect_err_has "agreement 4 suspended from 2022-03-01 until 2022-09-01"
tw --db "$DB" active --on 2022-06-01 --format csv
expect_out_lacks "Ludwigsburg"
tw --db "$DB" active --on 2022-09-01 --format csv
expect_out_has "3,Ludwigsburg,DE,1,Montbéliard,4"

# ======================================================================================
section "refused: exit 4 (or 3 for an unknown agreement), database unchanged"

reject 4 "invalid suspension from 2022-05-01: it overlaps the suspension from 2022-03-01 (open)" \
    -- --db "$DB" agreement suspend 1 --on 2022-05-01 --reason again
reject 4 "overlaps the suspension from 2022-03-01 to 2022-09-01" \
    -- --db "$DB" agreement suspend 4 --on 2021-01-01 --until 2022-04-01 --reason again
reject 4 "invalid suspension: it ends (2020-01-01) before it starts (2021-01-01)" \
    -- --db "$DB" agreement suspend 2 --on 2021-01-01 --until 2020-01-01 --reason inverted
reject 4 "invalid suspension: it ends (2021-01-01) before it starts (2021-01-01)" \
    -- --db "$DB" agreement suspend 2 --on 2021-01-01 --until 2021 --reason empty
reject 4 "invalid reason: it is empty" \
    -- --db "$DB" agreement suspend 2 --on 2021-01-01 --reason ''
reject 4 "before the agreement is in force (2019-07-09)" \
    -- --db "$DB" agreement suspend 3 --on 2019-07-08 --reason early
reject 4 "cannot resume agreement 2: it is not suspended" \
    -- --db "$DB" agreement resume 2 --on 2023-01-01
reject 4 "cannot resume agreement 4: it is not suspended" \
    -- --db "$DB" agreement resume 4 --on 2023-01-01
reject 4 "invalid resume date '2022-03-01': not after the suspension from 2022-03-01" \
    -- --db "$DB" agreement resume 1 --on 2022-03-01
reject 3 "agreement 99: not found" -- --db "$DB" agreement suspend 99 --on 2022-01-01 --reason x
reject 3 "agreement 99: not found" -- --db "$DB" agreement resume 99 --on 2022-01-01
reject 2 "missing --reason" -- --db "$DB" agreement suspend 2 --on 2022-01-01
# After its end: the agreement is no longer in force from 2000 on.
tw --db "$DB" agreement end 4 --on 2030-01-01 --reason 'not renewed'
expect_rc 0
reject 4 "invalid suspension from 2031-01-01: the agreement is no longer in force from 2030-01-01" \
    -- --db "$DB" agreement suspend 4 --on 2031-01-01 --reason late

# ======================================================================================
section "resume: in force again from that day; the periods in force"

tw --db "$DB" agreement resume 1 --on 2023-01-15
expect_rc 0
expect_err_has "agreement 1 in force again from 2023-01-15"
in_force 2023-01-15
check "$([ "$IDS" = "1 2 3 4" ]; echo $?)" "list --active on 2023-01-15" "1 2 3 4" "$IDS"
in_force 2023-01-14
check "$([ "$IDS" = "2 3 4" ]; echo $?)" "list --active on 2023-01-14" "2 3 4" "$IDS"
tw --db "$DB" sql "SELECT agreement_id, start_day, stop_day FROM agreement_periods WHERE agreement_id IN (1, 4) ORDER BY 1, 2" --format csv
expect_rc 0
expect_csv_eq $'agreement_id,start_day,stop_day\n1,1992-01-01,2022-03-01\n1,2023-01-15,\n4,1950-01-01,2022-03-01\n4,2022-09-01,2030-01-01'
# Periods agree with `agreement list --active`: an agreement with no suspension has one.
tw --db "$DB" sql "SELECT count(*) AS n FROM agreement_periods WHERE agreement_id = 2" --format csv
expect_csv_eq $'n\n1'

# ======================================================================================
section "shown: agreement show, timeline, report, export"

tw --db "$DB" agreement show 1
expect_out_has "suspensions: 2022-03-01 until 2023-01-15: council decision"
tw --db "$DB" agreement show 1 --format json
expect_json_eq '$.suspensions[0].from' 2022-03-01
expect_json_eq '$.suspensions[0].until' 2023-01-15
expect_json_eq '$.suspensions[0].source' https://example.org/decision-7
tw --db "$DB" agreement show 2 --format json
expect_out_lacks '"suspensions"'
tw --db "$DB" timeline Seoul
expect_out_has "2022-03-01  suspended"
expect_out_has "2023-01-15  resumed"
tw --db "$DB" report Seoul 'Mexico City'
expect_out_has "suspended 2022-03-01 until 2023-01-15: council decision"
tw --db "$DB" export --format ndjson
expect_out_has '"suspensions":[{"from":"2022-03-01","until":"2023-01-15","reason":"council decision","source":"https://example.org/decision-7"}]'
expect_out_has '"suspensions":[{"from":"2022-03-01","until":"2022-09-01","reason":"war","source":null}]'
# Agreements without suspensions have no key: files stay as they were.
[ "$(grep -c '"suspensions"' "$TMP/out")" -eq 2 ]
check $? "export: only suspended agreements have the key" "2 lines" "$(grep -c '"suspensions"' "$TMP/out")"
cp "$TMP/out" "$TMP/with.ndjson"
tw --db "$DB" export
cp "$TMP/out" "$TMP/with.json"

# ======================================================================================
section "import: round trip, an older file, invalid suspensions"

for form in ndjson json; do
    D2=$(e2e_db "$TMP/suspend/copy-$form.db")
    tw --db "$D2" import "$TMP/with.$form"
    expect_rc 0
    tw --db "$D2" export --format "$form"
    expect_out_same "$TMP/with.$form" "the exported $form"
    # Once more: every record unchanged, the suspensions too.
    tw --db "$D2" import "$TMP/with.$form"
    expect_rc 0
    expect_err_has "0 inserted, 0 updated"
done
# A file older than suspensions (no key) imports as before.
D3=$(e2e_db "$TMP/suspend/older.db")
tw --db "$D3" import "$TMP/before.ndjson"
expect_rc 0
tw --db "$D3" export --format ndjson
expect_out_same "$TMP/before.ndjson" "the older file"
# Invalid suspensions: the record is refused, with the reason, and nothing is written.
D4=$(e2e_db "$TMP/suspend/bad.db")
DB=$D4 # for reject's snapshots
tw --db "$D4" init
# A second suspension inside agreement 4's (an agreement nothing builds on).
sed 's|"reason":"war","source":null}|&,{"from":"2022-05-01","until":null,"reason":"again","source":null}|' \
    "$TMP/with.ndjson" >"$TMP/overlap.ndjson"
sed 's/"reason":"war"/"reason":""/' "$TMP/with.ndjson" >"$TMP/empty.ndjson"
sed 's/"reason":"war"/"reason":"war","decided":1/' "$TMP/with.ndjson" >"$TMP/unknown.ndjson"
sed 's/"until":"2022-09-01"/"until":"2021-09-01"/' "$TMP/with.ndjson" >"$TMP/inverted.ndjson"
for bad in "overlap:from 2022-05-01: it overlaps the suspension from 2022-03-01 to 2022-09-01" \
    "empty:invalid reason: it is empty" \
    "unknown:unknown field 'decided' in a suspension record" \
    "inverted:invalid suspension: it ends (2021-09-01) before it starts (2022-03-01)"; do
    WROTE=1 reject 4 "1 invalid record, nothing written" -- --db "$D4" import "$TMP/${bad%%:*}.ndjson"
    expect_err_has "${bad#*:}"
done
DB=$(e2e_db "$TMP/suspend/registry.db")

# ======================================================================================
section "history: each change one entry, undone"

tw --db "$DB" history --format csv
expect_out_has "agreement resume 1 --on 2023-01-15"
tw --db "$DB" undo
expect_rc 0
in_force 2023-06-01
check "$([ "$IDS" = "2 3 4" ]; echo $?)" "list --active after the undo of the resume" "2 3 4" "$IDS"
tw --db "$DB" agreement show 1 --format json
expect_json_type '$.suspensions[0].until' null
tw --db "$DB" undo # the end of 4
expect_rc 0
tw --db "$DB" undo # the suspension of 4
expect_rc 0
tw --db "$DB" undo # the suspension of 1
expect_rc 0
tw --db "$DB" export --format ndjson
expect_out_same "$TMP/before.ndjson" "the registry before any suspension"

# ======================================================================================
section "city merge: a merged agreement's suspensions follow the agreement kept"

tw --db "$DB" city add Nuremberg --country DE
tw --db "$DB" city add Nürnberg --country DE
tw --db "$DB" agreement add Seoul Nuremberg --signed 1990 # 5, kept
expect_rc 0
tw --db "$DB" agreement add Seoul Nürnberg --signed 1990 # 6, merged into 5
expect_rc 0
tw --db "$DB" agreement suspend 6 --on 2022-03-01 --reason 'council decision'
expect_rc 0
tw --db "$DB" city merge 'Nuremberg,DE' 'Nürnberg,DE'
expect_rc 0
tw --db "$DB" agreement show 5 --format json
expect_json_eq '$.suspensions[0].from' 2022-03-01
in_force 2022-06-01
check "$([ "$IDS" = "1 2 3 4" ]; echo $?)" "list --active after the merge: 5 suspended" "1 2 3 4" "$IDS"
tw --db "$DB" undo
expect_rc 0
tw --db "$DB" agreement show 6 --format json
expect_json_eq '$.suspensions[0].reason' 'council decision'

# ======================================================================================
section "--decision: the council decision behind a suspension and a resumption"

tw --db "$DB" decision add --by 'Stadtrat' --on 2022-02-28 --number 'V/2022/17'
expect_rc 0
DECISION=$(cat "$TMP/out")
tw --db "$DB" decision add --by 'Stadtrat' --on 2024-05-01
LATE=$(cat "$TMP/out")
snap
tw --db "$DB" agreement suspend 1 --on 2022-03-01 --reason 'council decision' --decision 999
expect_rc 3
expect_err_has "decision 999: not found"
expect_unchanged
tw --db "$DB" agreement suspend 1 --on 2022-03-01 --reason 'council decision' --decision "$LATE"
expect_rc 4
expect_err_has "after what it decides"
expect_unchanged
tw --db "$DB" agreement suspend 1 --on 2022-03-01 --reason 'council decision' --decision "$DECISION"
expect_rc 0
tw --db "$DB" agreement resume 1 --on 2024-01-15 --decision "$LATE"
expect_rc 4
tw --db "$DB" agreement resume 1 --on 2024-06-01 --decision "$LATE"
expect_rc 0
tw --db "$DB" agreement show 1 --format json
expect_json_eq '$.decisions[0].change' suspended
expect_json_eq '$.decisions[1].change' resumed
tw --db "$DB" decision show "$DECISION"
expect_rc 0
expect_out_has "1 suspended 2022-03-01"
tw --db "$DB" undo 2
expect_rc 0
expect_export_unchanged

e2e_finish 80 80
