#!/usr/bin/env bash
# End-to-end tests of merges and re-imports (issue 19): a file whose ids are another
# system's strings, with an agreement repeated with its parties in the other order; the
# same file again (every record unchanged, nothing written, no history entry); new and
# changed agreements into a registry that holds data, each counted, and undone as one.
# Usage: bash tests/e2e/import_merge.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "import_merge.sh" "$@"

expect_eq() {
    [ "$1" = "$2" ]
    check $? "$3" "$2" "$1"
}
# q SQL: the rows of a query (csv, no header).
q() {
    "$TWINREG" --db "$DB" sql "$1" --format csv 2>"$TMP/q.err" | tail -n +2 | tr -d '\r'
}
n_history() { q 'SELECT count(*) FROM history'; }
# expect_counts TEXT: the import's last line of stderr is 'twinreg: import: TEXT'.
expect_counts() { expect_eq "$(tail -n 1 "$TMP/err")" "twinreg: import: $1" "$CMD: the counts"; }

mkdir -p "$TMP/merge"
DB=$(e2e_db "$TMP/merge/registry.db")
# Ids as another system writes them; names with accents and in another script; agreement
# Q4 is Q1 again with its parties in the other order (one agreement: A-B is B-A).
cat >"$TMP/first.ndjson" <<'EOF'
{"type": "city", "id": "c1", "name": "Montbéliard", "country": "FR", "lat": 47.51, "lon": 6.8}
{"type": "city", "id": "c2", "name": "Ludwigsburg", "country": "DE", "lat": 48.9, "lon": 9.19}
{"type": "city", "id": "c3", "name": "Новгород", "country": "RU"}
{"type": "city", "id": "c4", "name": "Łódź", "country": "PL"}
{"type": "agreement", "id": "Q1", "kind": "sister-city", "parties": ["c1", "c2"], "signed_on": "1950"}
{"type": "agreement", "id": "Q2", "kind": "friendship", "parties": ["c3", "c4"], "signed_on": "1975-05"}
{"type": "agreement", "id": "Q3", "kind": "sister-city", "parties": ["c2", "c4"], "signed_on": "1990-06-01"}
{"type": "agreement", "id": "Q4", "kind": "sister-city", "parties": ["c2", "c1"], "signed_on": "1950"}
EOF

# ======================================================================================
section "string ids into an empty registry: the reversed repeat is one agreement"
tw --db "$DB" import "$TMP/first.ndjson"
expect_rc 0
expect_counts "7 inserted, 0 updated, 1 unchanged, 0 skipped (cities: 4 inserted; agreements: 3 inserted, 1 unchanged)"
expect_eq "$(q 'SELECT count(*) FROM agreements')" 3 "three agreements"
expect_eq "$(n_history)" 1 "one history entry"
tw --db "$DB" export --format ndjson
cp "$TMP/out" "$TMP/after-first.ndjson"

# ======================================================================================
section "the same file again: every record unchanged, nothing written, no history entry"
snap
tw --db "$DB" import "$TMP/first.ndjson"
expect_rc 0
expect_counts "0 inserted, 0 updated, 8 unchanged, 0 skipped (cities: 4 unchanged; agreements: 4 unchanged)"
expect_unchanged
expect_eq "$(n_history)" 1 "no history entry for an unchanged import"
# SQLite's data_version, read by one connection held across the import, moves when any
# other connection commits a change: the file's bytes could be written back as they were.
if sqlite_only "PRAGMA data_version is SQLite's"; then
    moved=$(python3 - "$DB" "$TWINREG" "$TMP/first.ndjson" <<'PY'
import sqlite3, subprocess, sys
db = sqlite3.connect(sys.argv[1])
version = lambda: db.execute("PRAGMA data_version").fetchone()[0]
before = version()
subprocess.run([sys.argv[2], "--db", sys.argv[1], "import", sys.argv[3]],
               stderr=subprocess.DEVNULL, check=True)
print("moved" if version() != before else "kept")
PY
)
    expect_eq "$moved" kept "an unchanged import commits nothing (data_version)"
fi
# A dry run of it says the same.
tw --db "$DB" import "$TMP/first.ndjson" --dry-run
expect_rc 0
expect_err_has "0 inserted, 0 updated, 8 unchanged"
expect_unchanged

# ======================================================================================
section "a merge: new, changed and unchanged agreements into a registry with data"
# Q3 again with a title (changed), Q1 again reversed (unchanged), two new agreements, one
# of them naming a city the file brings.
cat >"$TMP/merge.ndjson" <<'EOF'
{"type": "city", "id": "x9", "name": "Kraków", "country": "PL"}
{"type": "city", "id": "c1", "name": "Montbéliard", "country": "FR", "lat": 47.51, "lon": 6.8}
{"type": "city", "id": "c2", "name": "Ludwigsburg", "country": "DE", "lat": 48.9, "lon": 9.19}
{"type": "city", "id": "c4", "name": "Łódź", "country": "PL"}
{"type": "agreement", "id": "n1", "kind": "sister-city", "parties": ["c4", "c2"], "signed_on": "1990-06-01", "title": "Partnerschaft"}
{"type": "agreement", "id": "n2", "kind": "sister-city", "parties": ["c2", "c1"], "signed_on": "1950"}
{"type": "agreement", "id": "n3", "kind": "cooperation", "parties": ["x9", "c1"], "signed_on": "2001"}
{"type": "agreement", "id": "n4", "kind": "memorandum", "parties": ["x9", "c4"]}
EOF
tw --db "$DB" import "$TMP/merge.ndjson"
expect_rc 0
expect_counts "3 inserted, 1 updated, 4 unchanged, 0 skipped (cities: 1 inserted, 3 unchanged; agreements: 2 inserted, 1 updated, 1 unchanged)"
expect_eq "$(q "SELECT title FROM agreements WHERE signed_on = '1990-06-01'")" "Partnerschaft" \
    "the changed agreement took the file's title"
expect_eq "$(n_history)" 2 "the merge is one history entry"
tw --db "$DB" undo
expect_rc 0
tw --db "$DB" export --format ndjson
expect_out_same "$TMP/after-first.ndjson" "the export before the merge"

# ======================================================================================
section "a repeat that changes the agreement it repeats, in one file"
DB=$(e2e_db "$TMP/merge/second.db")
sed 's/"signed_on": "1950"}$/"signed_on": "1950", "in_force_on": "1951"}/' \
    "$TMP/first.ndjson" | sed '5s/, "in_force_on": "1951"//' >"$TMP/changing.ndjson"
tw --db "$DB" import "$TMP/changing.ndjson"
expect_rc 0
expect_counts "7 inserted, 1 updated, 0 unchanged, 0 skipped (cities: 4 inserted; agreements: 3 inserted, 1 updated)"
expect_eq "$(q "SELECT in_force_on FROM agreements WHERE signed_on = '1950'")" 1951 \
    "the repeat's in-force date is kept"

# ======================================================================================
section "repeats of agreements already written (a load writes new ones 64 at a time)"
DB=$(e2e_db "$TMP/merge/many.db")
{
    for c in $(seq 1 18); do
        echo "{\"type\": \"city\", \"id\": \"c$c\", \"name\": \"Vilă $c\", \"country\": \"RO\"}"
    done
    for i in $(seq 0 79); do # 80 pairs: c1..c10 with c11..c18
        echo "{\"type\": \"agreement\", \"id\": \"Q$i\", \"parties\": [\"c$((i % 10 + 1))\", \"c$((i / 10 + 11))\"], \"signed_on\": \"19$((i + 10))\"}"
    done
    # Q0 reversed (unchanged), Q1 reversed with a title (changed), Q2 again as it was.
    echo '{"type": "agreement", "id": "R0", "parties": ["c11", "c1"], "signed_on": "1910"}'
    echo '{"type": "agreement", "id": "R1", "parties": ["c11", "c2"], "signed_on": "1911", "title": "Înfrățire"}'
    echo '{"type": "agreement", "id": "R2", "parties": ["c3", "c11"], "signed_on": "1912"}'
} >"$TMP/many.ndjson"
tw --db "$DB" import "$TMP/many.ndjson"
expect_rc 0
expect_counts "98 inserted, 1 updated, 2 unchanged, 0 skipped (cities: 18 inserted; agreements: 80 inserted, 1 updated, 2 unchanged)"
expect_eq "$(q "SELECT signed_on FROM agreements WHERE title IS NOT NULL")" 1911 \
    "the title went to the agreement its repeat names"
expect_eq "$(q 'SELECT count(*) FROM agreements')" 80 "eighty agreements"
snap
tw --db "$DB" import "$TMP/many.ndjson"
expect_rc 0
expect_counts "0 inserted, 0 updated, 101 unchanged, 0 skipped (cities: 18 unchanged; agreements: 83 unchanged)"
expect_unchanged
expect_eq "$(n_history)" 1 "no history entry for an unchanged import"
tw --db "$DB" undo
expect_rc 0
expect_eq "$(q 'SELECT count(*) FROM agreements')" 0 "undo takes the whole load back"

# ======================================================================================
section "--skip-invalid among repeats: the counts, and the rest imported"
DB=$(e2e_db "$TMP/merge/third.db")
{
    cat "$TMP/first.ndjson"
    echo '{"type": "agreement", "id": "Q5", "kind": "sister-city", "parties": ["c1", "c9"]}'
    echo '{"type": "agreement", "id": "Q6", "kind": "friendship", "parties": ["c4", "c3"], "signed_on": "1975-05"}'
} >"$TMP/invalid.ndjson"
tw --db "$DB" init
expect_rc 0
WROTE=1 reject 4 "1 invalid record, nothing written" -- --db "$DB" import "$TMP/invalid.ndjson"
tw --db "$DB" import "$TMP/invalid.ndjson" --skip-invalid
expect_rc 0
expect_counts "7 inserted, 0 updated, 2 unchanged, 1 skipped (cities: 4 inserted; agreements: 3 inserted, 2 unchanged, 1 skipped)"
expect_eq "$(q 'SELECT count(*) FROM agreements')" 3 "three agreements"

# ======================================================================================
section "many new agreements into a registry with data: queued, checked, undone as one"
# More than two batches of new agreements (written 64 at a time), a repeat of one of them
# and one of the registry's, each reversed (unchanged), and, in the second file, an invalid
# agreement after the first hundred.
DB=$(e2e_db "$TMP/merge/big.db")
tw --db "$DB" import "$TMP/first.ndjson"
expect_rc 0
tw --db "$DB" export --format ndjson
cp "$TMP/out" "$TMP/before-big.ndjson"
{
    head -n 4 "$TMP/first.ndjson"
    for c in $(seq 1 16); do
        echo "{\"type\": \"city\", \"id\": \"n$c\", \"name\": \"Місто $c\", \"country\": \"UA\"}"
    done
    for i in $(seq 0 149); do
        echo "{\"type\": \"agreement\", \"id\": \"M$i\", \"parties\": [\"n$((i % 16 + 1))\", \"c$((i % 4 + 1))\"], \"signed_on\": \"$((1850 + i))\"}"
        [ "$i" -ne 100 ] || echo "@INVALID@"
    done
    echo '{"type": "agreement", "id": "R5", "parties": ["c2", "n6"], "signed_on": "1855"}'
    echo '{"type": "agreement", "id": "R3", "kind": "sister-city", "parties": ["c4", "c2"], "signed_on": "1990-06-01"}'
} >"$TMP/big-template.ndjson"
grep -v '@INVALID@' "$TMP/big-template.ndjson" >"$TMP/big.ndjson"
sed 's/@INVALID@/{"type": "agreement", "id": "BAD", "parties": ["n1", "c2"], "signed_on": "2001-13-40"}/' \
    "$TMP/big-template.ndjson" >"$TMP/big-invalid.ndjson"
WROTE=1 reject 4 "1 invalid record, nothing written" -- --db "$DB" import "$TMP/big-invalid.ndjson"
expect_err_has "big-invalid.ndjson:122: invalid signing date '2001-13-40'"
tw --db "$DB" import "$TMP/big-invalid.ndjson" --skip-invalid
expect_rc 0
expect_counts "166 inserted, 0 updated, 6 unchanged, 1 skipped (cities: 16 inserted, 4 unchanged; agreements: 150 inserted, 2 unchanged, 1 skipped)"
expect_eq "$(q 'SELECT count(*) FROM agreements')" 153 "the registry's three and the file's 150"
expect_eq "$(q "SELECT count(*) FROM agreements WHERE signed_on = '1855'")" 1 \
    "the repeat of a new agreement is that agreement"
expect_eq "$(q 'SELECT count(*) FROM agreement_parties')" 306 "two parties each"
expect_eq "$(n_history)" 2 "the merge is one history entry"
snap
tw --db "$DB" import "$TMP/big.ndjson"
expect_rc 0
expect_counts "0 inserted, 0 updated, 172 unchanged, 0 skipped (cities: 20 unchanged; agreements: 152 unchanged)"
expect_unchanged
tw --db "$DB" undo
expect_rc 0
tw --db "$DB" export --format ndjson
expect_out_same "$TMP/before-big.ndjson" "the export before the merge"

e2e_finish 60 59
