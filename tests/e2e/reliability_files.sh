#!/usr/bin/env bash
# The files twinreg writes or opens (issue 12, items 1, 2, 8, 16, 17, 19): a reading
# command on a missing registry creates nothing and exits 5; sql and the completion leave
# no -wal/-shm beside a registry they only read; a named output file is replaced
# atomically, written through a symlink, written in place when it is a device or FIFO, and
# never the open registry or another SQLite database; backup refuses to replace a file
# without --force and never lets a leftover -wal/-journal/-shm replay onto its copy; a
# killed command's temporary files are named for what they are and removed the next time;
# an output failure after a commit says the change was saved.
# Usage: bash tests/e2e/reliability_files.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "$(basename "$0")" "$@"
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh"

# tw_to TARGET ARGS...: like tw, with stdout going to TARGET ('-' for a closed stdout).
tw_to() {
    local target=$1
    shift
    CMD="twinreg$(printf ' %q' "$@") >$target"
    : >"$TMP/out"
    if [ "$target" = - ]; then
        "$TWINREG" "$@" >&- 2>"$TMP/err"
    else
        "$TWINREG" "$@" >"$target" 2>"$TMP/err"
    fi
    RC=$?
}

# expect_listing DIR WANT WHAT: the names in DIR (hidden ones too), sorted, space-separated.
expect_listing() {
    expect_eq "$(ls -A "$1" | sort | paste -sd' ')" "$2" "$3"
}

# expect_no_path PATH WHAT
expect_no_path() {
    [ ! -e "$1" ] && [ ! -L "$1" ]
    check $? "$2: nothing created at $1" "no $1" "$(ls -la "$1" 2>&1 | head -n 3 | tr '\n' '|')"
}

# A plain file of the registry's export, for comparisons.
sample_registry() {
    use_db "$1"
    tw init --sample
    expect_rc 0
    export_to "$TMP/$1.export"
}

# ======================================================================================
section "reading commands on a missing registry (item 8)"

missing="$TMP/mistyped/deeper/registry.db"
echo '{"format": "twinreg", "version": 1, "cities": []}' >"$TMP/empty-import.json"
while IFS= read -r line; do
    [ -n "$line" ] || continue
    eval "set -- $line"
    tw --db "$missing" "$@"
    expect_rc 5
    expect_out_empty
    expect_err_msg "does not exist"
    expect_no_path "$TMP/mistyped" "$CMD"
done <<'EOF'
check
city list
city show Seoul
agreement list
agreement show 1
history
export
export --format ndjson
export --output "$TMP/never.json"
partners Seoul
active
timeline Seoul
report Seoul Busan
framework list
org list
program list
source list
sql 'SELECT 1'
backup "$TMP/never.db"
undo
import --dry-run "$TMP/empty-import.json"
agreement add Seoul Busan --signed 2001
EOF
expect_no_path "$TMP/never.json" "export --output on a missing registry"
expect_no_path "$TMP/never.db" "backup of a missing registry"

# $TWINREG_DB and the default path under $HOME behave the same.
tw_env TWINREG_DB="$missing" -- city list
expect_rc 5
expect_err_msg "does not exist"
expect_no_path "$TMP/mistyped" "$CMD"
mkdir -p "$TMP/home2"
tw_env HOME="$TMP/home2" -- history
expect_rc 5
expect_err_msg "does not exist"
expect_listing "$TMP/home2" "" "history with the default path under an empty HOME creates nothing"

# A missing file in a folder that exists: the folder stays empty.
mkdir -p "$TMP/empty-folder"
tw --db "$TMP/empty-folder/registry.db" check
expect_rc 5
expect_err_msg "does not exist"
expect_listing "$TMP/empty-folder" "" "check in an empty folder leaves it empty"

# The completion offers nothing and creates nothing.
tw --db "$missing" __complete 1 partners S
expect_rc 0
expect_out_empty
expect_no_path "$TMP/mistyped" "$CMD"

# Neighbours: the commands that write create the registry and its folders.
for words in "init" "city add Lyon --country FR" "framework add F1 --title T --jurisdiction FR --adopted 2001" \
    "org add Office" "source add https://example.org/a --citation A"; do
    rm -rf "$TMP/created"
    eval "set -- $words"
    tw --db "$TMP/created/a/registry.db" "$@"
    expect_rc 0
    [ -s "$TMP/created/a/registry.db" ]
    check $? "$CMD: creates the registry and its folders" "$TMP/created/a/registry.db" "$(ls -R "$TMP/created" 2>&1 | tr '\n' ' ')"
    tw --db "$TMP/created/a/registry.db" check
    expect_rc 0
done

# ======================================================================================
section "readers leave no -wal or -shm behind (item 16)"

sample_registry readers
folder=$(dirname "$DB")
expect_listing "$folder" "registry.db" "after init, the folder holds the registry alone"
while IFS= read -r line; do
    [ -n "$line" ] || continue
    eval "set -- $line"
    tw "$@"
    expect_rc 0
    expect_out_nonempty
    expect_listing "$folder" "registry.db" "$CMD: the folder as it was"
done <<'EOF'
sql 'SELECT count(*) FROM cities'
sql 'SELECT name FROM cities ORDER BY name' --format json
__complete 1 partners S
__complete 2 city show S
city list
check
history
export
partners Seoul
active
EOF
tw __complete 1 partners Seo
expect_rc 0
expect_out_eq "Seoul"
# Neighbours: still read-only, by construction.
reject 4 "not authorized" -- sql 'DELETE FROM cities'
reject 4 "not authorized" -- sql 'PRAGMA query_only = 0'
reject 4 "not authorized" -- sql "ATTACH '$TMP/other.db' AS other"
expect_listing "$folder" "registry.db" "refused sql: the folder as it was"
sha_before=$(sha_of "$DB")
tw sql 'SELECT count(*) FROM agreements'
expect_rc 0
expect_eq "$(sha_of "$DB")" "$sha_before" "sql leaves the registry file's bytes as they were"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
