# shellcheck shell=bash
# Helpers shared by the reliability suite's files (reliability.sh and reliability_*.sh):
# a registry per part, queries through `twinreg sql`, exports compared byte for byte, and
# check's report. Sourced, not run: a reliability_*.sh file starts with
#   HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
#   . "$HERE/reliability_lib.sh" "$@"
# which sources lib.sh and sets the suite up (e2e_setup) unless the caller already did.
declare -F e2e_setup >/dev/null || . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -n "${TMP:-}" ] || e2e_setup "$(basename "$0")" "$@"

# use_db NAME: a registry of its own for each part ($DB, $TWINREG_DB); on a server, a
# database of its own (e2e_db).
use_db() {
    DB=$(e2e_db "$TMP/$1/registry.db")
    export TWINREG_DB="$DB"
}

info() {
    [ "${E2E_VERBOSE:-0}" = 1 ] && printf 'info [%s] %s\n' "$SECTION" "$*"
    return 0
}

# q SQL [DB]: the rows of a query through 'twinreg sql' (csv, without the header). The query
# must succeed: any other exit status is a failure of the suite (vet_call and, for a refusal,
# harness_failure), so an empty answer never stands in for an error.
q() {
    local rows status what
    what="twinreg --db ${2:-$DB} sql $(printf '%q' "$1")"
    rows=$("$TWINREG" --db "${2:-$DB}" sql "$1" --format csv 2>"$TMP/q.err")
    status=$?
    vet_call "$status" "$TMP/q.err" "$what"
    [ "$status" -eq 0 ] || harness_failure "$what: exit $status: $(excerpt "$TMP/q.err")"
    printf '%s\n' "$rows" | tail -n +2 | tr -d '\r'
}

# db_exec SQL: SQL run on $DB by hand, past twinreg (a state twinreg itself never writes):
# the sqlite3 shell on SQLite, psql on a server. The server's history records every change,
# whoever makes it; an edit behind its back, unseen as the sqlite3 shell's is by SQLite's
# history, runs as the superuser with triggers off (session_replication_role = replica:
# neither the history's triggers nor, as in the shell, foreign keys).
db_exec() {
    if on_pg; then
        psql -X -q -v ON_ERROR_STOP=1 "$DB user=postgres" \
            -c "SET session_replication_role = replica" -c "$1"
    else
        sqlite3 "$DB" "$1"
    fi
}

n_history() {
    q 'SELECT count(*) FROM history' "${1:-$DB}"
}

# export_to FILE [DB]: the export (JSON) of a registry; its exit status must be 0.
export_to() {
    "$TWINREG" --db "${2:-$DB}" export >"$1" 2>"$TMP/export.err"
    local status=$?
    vet_call "$status" "$TMP/export.err" "twinreg --db ${2:-$DB} export"
    [ "$status" -eq 0 ]
    check $? "export of ${2:-$DB} to $(basename "$1")" "exit 0" "$(excerpt "$TMP/export.err")"
}

# expect_eq GOT WANT WHAT
expect_eq() {
    [ "$1" = "$2" ]
    check $? "$3" "$2" "$1"
}

# expect_same_file A B WHAT: A and B are byte-identical.
expect_same_file() {
    cmp -s "$1" "$2"
    check $? "$3" "identical files" "$(diff "$1" "$2" 2>&1 | head -n 4 | tr '\n' '|')"
}

# expect_err_re REGEX WHAT: stderr matches the extended regular expression (any case).
expect_err_re() {
    grep -qiE -- "$1" "$TMP/err"
    check $? "$CMD: $2" "/$1/ on stderr" "$(excerpt "$TMP/err")"
}

sha_of() {
    sha256sum <"$1" 2>/dev/null | cut -d' ' -f1
}

# expect_check_report: the last stdout is check's report: four lines named integrity,
# references, schema, history, in that order (each 'ok' or the problem, on its line).
expect_check_report() {
    local names
    names=$(awk '{print $1}' "$TMP/out" | paste -sd' ')
    [ "$(wc -l <"$TMP/out")" -eq 4 ] && [ "$names" = "integrity references schema history" ]
    check $? "$CMD: four lines: integrity, references, schema, history" \
        "4 lines 'integrity ... | references ... | schema ... | history ...'" "$(excerpt "$TMP/out")"
}

# check_value NAME: the value of one line of check's report ('ok' or the problem).
check_value() {
    awk -v n="$1" '$1 == n { $1 = ""; sub(/^ +/, ""); print; exit }' "$TMP/out"
}

