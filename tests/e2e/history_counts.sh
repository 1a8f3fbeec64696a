#!/usr/bin/env bash
# End-to-end tests of the history's counts: an import's (and a merge's) entry shows the
# counts its summary line printed (records by kind, skipped ones too), not the rows it
# wrote; an entry without a summary keeps the rows changed. On SQLite, or on a server with
# E2E_ENGINE=postgresql.
# Usage: bash tests/e2e/history_counts.sh /path/to/twinreg
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "history_counts.sh" "$@"
IN="$TMP/in"
mkdir -p "$IN" "$TMP/reg"
DB=$(e2e_db "$TMP/reg/registry.db")
on_pg || "$TWINREG" --db "$DB" init >/dev/null 2>&1
export TWINREG_DB="$DB"

# summary_line: the last command's summary line, without "twinreg: import: " and the like.
summary_line() {
    grep -a -E '^twinreg: (import: |merged )' "$TMP/err" | tail -n 1 |
        sed -E -e 's/^twinreg: import: //' -e 's/^twinreg: //'
}

# expect_latest_entry SUMMARY CHANGES: the newest history entry's summary (JSON) and its
# CHANGES as the table shows it.
expect_latest_entry() {
    tw history --limit 1 --format json
    expect_rc 0
    local got
    got=$(jsql "$TMP/out" "SELECT coalesce(json_extract({J}, '\$[0].summary'), '(null)');")
    check $([ "$got" = "$1" ] && echo 0 || echo 1) "$CMD: summary" "$1" "$got"
    tw history --limit 1 --format csv
    expect_rc 0
    tw history --limit 1
    expect_rc 0
    expect_out_has "$2"
}

# ======================================================================================
section "import: the entry counts records as the summary line did"

cat >"$IN/pairs.csv" <<'CSV'
city1,country1,city2,country2,title
Lyon,FR,Turin,IT,good
Tbilisi,Ruritania (kingdom),Nantes,FR,bad
Lyon,FR,Lyon,France,self
Bonn,DE,Oxford,GB,second
CSV
tw import "$IN/pairs.csv" --skip-invalid
expect_rc 0
IMPORTED=$(summary_line)
check $([ "$IMPORTED" = "6 inserted, 0 updated, 0 unchanged, 2 skipped (cities: 4 inserted; agreements: 2 inserted, 2 skipped)" ] && echo 0 || echo 1) \
    "$CMD: summary line" "the counts of records" "$IMPORTED"
expect_latest_entry "$IMPORTED" "$IMPORTED"
# The rows written are more (parties, aliases): the entry's row counts stay in the JSON.
tw history --limit 1 --format json
check $(( $(jget '$[0].inserted') > 6 ? 0 : 1 )) "$CMD: rows inserted kept" "> 6" "$(jget '$[0].inserted')"

# A dry run writes no entry; an import that changes nothing writes none either.
tw import "$IN/pairs.csv" --skip-invalid --dry-run
expect_rc 0
expect_latest_entry "$IMPORTED" "$IMPORTED"
tw import "$IN/pairs.csv" --skip-invalid
expect_rc 0
expect_latest_entry "$IMPORTED" "$IMPORTED"

# A second import that updates and adds: its own counts.
cat >"$IN/more.csv" <<'CSV'
city1,country1,city2,country2,title
Lyon,FR,Turin,IT,better
Bonn,DE,Lyon,FR,third
CSV
tw import "$IN/more.csv"
expect_rc 0
MORE=$(summary_line)
check $([ "$MORE" = "1 inserted, 1 updated, 0 unchanged, 0 skipped (agreements: 1 inserted, 1 updated)" ] && echo 0 || echo 1) \
    "$CMD: summary line" "one inserted, one updated" "$MORE"
expect_latest_entry "$MORE" "$MORE"

# ======================================================================================
section "a command without a summary: the rows it changed, as before"

tw city add Frankfurt --country DE
expect_rc 0
expect_latest_entry "(null)" "1 inserted, 0 updated, 0 deleted"

# ======================================================================================
section "city merge: the entry says what the merge said"

tw city add 'Frankfurt am Main' --country DE
expect_rc 0
printf 'city1,country1,city2,country2\nFrankfurt am Main,DE,Lyon,FR\n' >"$IN/ffm.csv"
tw import "$IN/ffm.csv"
expect_rc 0
tw city merge 'Frankfurt,DE' 'Frankfurt am Main,DE'
expect_rc 0
MERGED=$(summary_line)
check $([ "$MERGED" = "merged 1 city into city $(cat "$TMP/out"): 1 agreement moved, 0 merged into one it had" ] && echo 0 || echo 1) \
    "$CMD: summary line" "the merge's counts" "$MERGED"
expect_latest_entry "$MERGED" "$MERGED"

# Undo removes the merge's entry: the import's is the newest again.
tw undo
expect_rc 0
FFM=$(printf '%s' "1 inserted, 0 updated, 0 unchanged, 0 skipped (agreements: 1 inserted)")
expect_latest_entry "$FFM" "$FFM"

# ======================================================================================
e2e_finish 30 30
