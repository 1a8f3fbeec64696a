# shellcheck shell=bash
# Helpers for the end-to-end suites (run.sh, domain.sh, ...): running twinreg, assertions,
# pass/fail counting, and JSON queries through the sqlite3 shell's JSON functions. Sourced,
# not run.
#
# Conventions:
#   tw ARGS...        runs "$TWINREG ARGS..." with stdout in $TMP/out, stderr in $TMP/err and
#                     the exit status in $RC; $CMD is a printable copy of the command.
#   expect_* ...      check the last command; each check counts one pass or one failure.
#   reject RC TEXT -- ARGS...
#                     a command that must fail: exit RC, nothing on stdout, exactly one
#                     'twinreg: <what failed>: <why>' line on stderr containing TEXT (which
#                     must not be empty), and the database ($DB) unchanged (same export, same
#                     file bytes).
#   run_twinreg ARGS...
#                     "$TWINREG" ARGS... with the caller's own redirections, vetted like tw;
#                     returns the binary's status. Suites never call "$TWINREG" bare, except
#                     a process killed on purpose (say so where it is done).
#   tw_nobody ARGS... like tw, as the unprivileged user nobody when run as root, so that
#                     file permissions apply (root ignores them); needs setpriv (util-linux).
#                     TW_AS=nobody reject ... refuses as nobody the same way.
#   skip WHY          a part that cannot run says why (on stdout); it counts no check, but
#                     the closing line counts the parts skipped.
#
# The engine: with E2E_ENGINE=postgresql (CTest e2e_pg, e2e_domain_pg: the suite run by
# tests/pg/with_cluster.sh) a suite's registries live on that server. `DB=$(e2e_db PATH)`
# names a registry: PATH itself on SQLite; on PostgreSQL a connection string to a database
# of its own, created and initialized the first time that PATH is named. `sqlite_only WHY`
# is true on SQLite and skips (printed, counted) on PostgreSQL, for the parts about SQLite
# files by nature (paths, folders, modes, PRAGMAs); `pg_later WHY` skips what the server
# cannot run yet. snap/expect_unchanged compare the rows (pg_rows.sql) where SQLite hashes the file.
#
# Every run of the binary is vetted (vet_call): a death by signal (exit >= 128) or a
# sanitizer report (AddressSanitizer, LeakSanitizer, UBSan 'runtime error:') counts one
# failure whatever the test checks next. The sanitizers write their reports to files under
# $SANITIZER_DIR (log_path in ASAN_OPTIONS and UBSAN_OPTIONS) and exit with statuses of their
# own (86 ASan, 87 UBSan, 88 LSan), so a report from a call whose stderr was discarded, or
# from a process in the background, is found at the next vetted call and at the end. Failures found inside $(...) are kept in a file and added to FAIL by
# the next check in the suite's own shell.
#
# Ending a suite: `e2e_finish MIN_CHECKS` folds in those failures, sweeps the sanitizer
# reports, prints "N passed, M failed" and exits 1 when a check failed or when fewer than
# MIN_CHECKS checks ran (a part that stopped early or was skipped). Every suite ends with it.

# This file's folder: its helpers (pg_rows.sql) are beside it.
E2E_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PASS=0
FAIL=0
SKIPPED=0
E2E_ENGINE=${E2E_ENGINE:-sqlite}
SECTION=""
RC=0
CMD=""

section() {
    SECTION=$1
}

pass() {
    fold_harness_failures
    PASS=$((PASS + 1))
}

# fail WHAT EXPECTED GOT
fail() {
    fold_harness_failures
    FAIL=$((FAIL + 1))
    printf 'FAIL [%s] %s\n    expected: %s\n    got:      %s\n' "$SECTION" "$1" "$2" "$3"
}

# check COND-STATUS WHAT EXPECTED GOT: counts a pass when the status is 0.
check() {
    local status=$1
    shift
    if [ "$status" -eq 0 ]; then pass; else fail "$@"; fi
}

# A short, one-line excerpt of a file for failure messages.
excerpt() {
    if [ ! -s "$1" ]; then
        printf '(empty)'
        return
    fi
    head -c 400 "$1" | tr '\n' '|' | sed 's/|$//'
}

# ---- vetting every run of the binary ----

# The exit statuses e2e_setup gives AddressSanitizer, UBSan and LeakSanitizer (twinreg's own
# are 0 to 5).
SANITIZER_EXIT=' 86 87 88 '
# What the sanitizers print: ASan/LSan "ERROR: AddressSanitizer: ...", their SUMMARY line,
# and UBSan's "file:line: runtime error: ...".
SANITIZER_RE='(ERROR|SUMMARY): [A-Za-z]*Sanitizer|runtime error: '

# harness_failure WHAT: one failure, printed on the suite's own stdout (fd 9, opened by
# e2e_setup) even when the caller redirected stdout; counted at once in the suite's shell,
# or through $TMP/harness.failures from a subshell ($BASHPID differs from $$ there).
harness_failure() {
    printf 'FAIL [%s] %s\n' "$SECTION" "$1" >&9
    if [ "$BASHPID" = "$$" ]; then
        FAIL=$((FAIL + 1))
    else
        printf '%s\n' "$1" >>"$TMP/harness.failures"
    fi
}

# fold_harness_failures: adds the failures recorded in subshells to FAIL (suite shell only).
fold_harness_failures() {
    [ "$BASHPID" = "$$" ] && [ -s "$TMP/harness.failures" ] || return 0
    FAIL=$((FAIL + $(wc -l <"$TMP/harness.failures")))
    : >"$TMP/harness.failures"
}

# sweep_sanitizer_reports WHAT: every report file the sanitizers wrote since the last sweep
# is one failure, shown (its first lines) and moved aside so it counts once.
sweep_sanitizer_reports() {
    local report
    for report in "$SANITIZER_DIR"/*; do
        [ -f "$report" ] || continue
        harness_failure "$1: sanitizer report $(basename "$report"): $(grep -aE "$SANITIZER_RE" "$report" | head -n 1)"
        head -n 12 "$report" | sed 's/^/    /' >&9
        mv "$report" "$TMP/sanitizer-seen.$(basename "$report")"
    done
}

# vet_call STATUS [STDERR-FILE] [WHAT]: a failure for a death by signal, a sanitizer report
# on the saved stderr, or any sanitizer report file left by this or an earlier run.
vet_call() {
    local status=$1 err=${2:-} what=${3:-$CMD}
    if [ "$status" -ge 128 ]; then
        harness_failure "$what: died of signal $((status - 128)) (exit $status)"
    elif [[ $SANITIZER_EXIT == *" $status "* ]]; then
        harness_failure "$what: a sanitizer stopped it (exit $status: 86 ASan, 87 UBSan, 88 LSan)"
    fi
    if [ -n "$err" ] && [ -f "$err" ] && grep -qaE "$SANITIZER_RE" "$err"; then
        harness_failure "$what: sanitizer report on stderr: $(grep -aE "$SANITIZER_RE" "$err" | head -n 1)"
    fi
    sweep_sanitizer_reports "$what"
    return 0
}

# ---- running ----

# With TW_AS=nobody in its environment (see tw_nobody), root runs the binary as nobody.
tw() {
    CMD="twinreg$(printf ' %q' "$@")"
    if [ "${TW_AS:-}" = nobody ] && [ "$(id -u)" -eq 0 ]; then
        CMD="(as nobody) $CMD"
        setpriv --reuid=65534 --regid=65534 --clear-groups "$(nobody_binary)" "$@" >"$TMP/out" 2>"$TMP/err"
    else
        "$TWINREG" "$@" >"$TMP/out" 2>"$TMP/err"
    fi
    RC=$?
    vet_call "$RC" "$TMP/err"
}

run_twinreg() {
    local status
    "$TWINREG" "$@"
    status=$?
    vet_call "$status" "" "twinreg$(printf ' %q' "$@")"
    return "$status"
}

# The binary's copy that nobody can run ($TMP is traversable, see e2e_setup), made once.
nobody_binary() {
    if [ ! -x "$TMP/nobody-bin/twinreg" ]; then
        mkdir -p "$TMP/nobody-bin"
        cp "$TWINREG" "$TMP/nobody-bin/twinreg"
        chmod 0755 "$TMP/nobody-bin" "$TMP/nobody-bin/twinreg"
    fi
    printf '%s\n' "$TMP/nobody-bin/twinreg"
}

# tw_nobody ARGS...: tw as nobody when root (the paths it uses must be reachable by nobody);
# TW_AS=nobody reject ... does the same for a refusal.
tw_nobody() {
    TW_AS=nobody tw "$@"
}

# can_drop_root: true unless root without setpriv (then the caller skips, saying why).
can_drop_root() {
    [ "$(id -u)" -ne 0 ] || command -v setpriv >/dev/null 2>&1
}

skip() {
    SKIPPED=$((SKIPPED + 1))
    printf 'skip [%s] %s\n' "$SECTION" "$1" >&9
}

# ---- the engine (E2E_ENGINE) ----

on_pg() {
    [ "$E2E_ENGINE" = postgresql ]
}

# sqlite_only WHY: true on SQLite; on PostgreSQL the part is skipped, saying WHY.
sqlite_only() {
    on_pg || return 0
    skip "not on PostgreSQL: $1"
    return 1
}

# pg_later WHAT: true on SQLite; on PostgreSQL the part needs WHAT, which another slice of
# issue 14 brings to the server, and is skipped until then.
pg_later() {
    on_pg || return 0
    skip "$1 on PostgreSQL: another slice"
    return 1
}

# psql as the cluster's superuser (with_cluster.sh: trust over its socket).
pg_super() {
    psql -X -q -A -t -v ON_ERROR_STOP=1 "host=$PGHOST port=$PGPORT dbname=postgres user=postgres" "$@"
}

# e2e_db PATH: see the top of this file. The database's name comes from PATH, so naming
# the same PATH again is the same registry. A failure to make it fails the suite.
e2e_db() {
    on_pg || { printf '%s\n' "$1"; return; }
    local name conn
    name="e2e_$(printf '%s' "$1" | sha256sum | cut -c1-16)"
    conn="host=$PGHOST port=$PGPORT dbname=$name user=twinreg_admin"
    if [ -z "$(pg_super -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
        pg_super -c "CREATE DATABASE $name OWNER twinreg_admin" >"$TMP/e2e_db.err" 2>&1 ||
            harness_failure "e2e_db $1: $(excerpt "$TMP/e2e_db.err")"
        "$TWINREG" --db "$conn" init >"$TMP/e2e_db.out" 2>"$TMP/e2e_db.err"
        local status=$?
        vet_call "$status" "$TMP/e2e_db.err" "twinreg --db $conn init (e2e_db)"
        [ "$status" -eq 0 ] || harness_failure "e2e_db $1: init: $(excerpt "$TMP/e2e_db.err")"
    fi
    printf '%s\n' "$conn"
}

# db_sha: the sha256 of the registry $DB: on SQLite its file and its write-ahead log, if
# one was left (a commit not yet copied into the file is there); on PostgreSQL its rows
# (pg_rows.sql, sequences included: a refused command must not move them either). Either
# way, the same hash is the same data, so the same export. Empty when there is no file.
db_sha() {
    if on_pg; then
        if psql -X -q -A -t -v ON_ERROR_STOP=1 "$DB" -f "$E2E_LIB_DIR/pg_rows.sql" \
            >"$TMP/dump.txt" 2>"$TMP/dump.err" && [ -s "$TMP/dump.txt" ]; then
            sha256sum <"$TMP/dump.txt" | cut -d' ' -f1
        else
            harness_failure "the rows of $DB: $(excerpt "$TMP/dump.err")"
        fi
    else
        [ ! -e "$DB" ] || cat "$DB" "$DB-wal" 2>/dev/null | sha256sum | cut -d' ' -f1
    fi
}

# dump_rows_sha: after db_sha on PostgreSQL, the sha256 of the same rows less the sequences'
# positions: the rows alone. See expect_unchanged_but_ids.
dump_rows_sha() {
    grep -v '^sequence ' "$TMP/dump.txt" | sha256sum | cut -d' ' -f1
}

# e2e_db_copy PATH: a copy of the registry $DB named by PATH (as e2e_db names one): the file
# copied on SQLite; on PostgreSQL a database made from $DB as its template.
e2e_db_copy() {
    on_pg || { cp "$DB" "$1" && printf '%s\n' "$1"; return; }
    local name src
    name="e2e_$(printf '%s' "$1" | sha256sum | cut -c1-16)"
    src=$(printf '%s\n' "$DB" | sed -n 's/.*dbname=\([^ ]*\).*/\1/p')
    pg_super -c "CREATE DATABASE $name TEMPLATE $src OWNER twinreg_admin" >"$TMP/e2e_db.err" 2>&1 ||
        harness_failure "e2e_db_copy $1: $(excerpt "$TMP/e2e_db.err")"
    printf '%s\n' "host=$PGHOST port=$PGPORT dbname=$name user=twinreg_admin"
}

# e2e_db_drop CONN: on PostgreSQL, drops the database CONN names (e2e_db, e2e_db_copy),
# whoever is still connected to it (a client killed on purpose); nothing on SQLite.
e2e_db_drop() {
    on_pg || return 0
    local name
    name=$(printf '%s\n' "$1" | sed -n 's/.*dbname=\([^ ]*\).*/\1/p')
    pg_super -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >"$TMP/e2e_db.err" 2>&1 ||
        harness_failure "e2e_db_drop $1: $(excerpt "$TMP/e2e_db.err")"
}

# tw_env VAR=VALUE... -- ARGS...: like tw, with extra environment (env -u NAME unsets).
tw_env() {
    local envs=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    CMD="${envs[*]} twinreg$(printf ' %q' "$@")"
    env "${envs[@]}" "$TWINREG" "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
    vet_call "$RC" "$TMP/err"
}

# ---- assertions on the last command ----

expect_rc() {
    check $(( RC == $1 ? 0 : 1 )) "$CMD: exit status" "$1" "$RC (stderr: $(excerpt "$TMP/err"))"
}

# expect_out_eq TEXT: stdout is exactly TEXT followed by a newline.
expect_out_eq() {
    printf '%s\n' "$1" >"$TMP/expected"
    cmp -s "$TMP/expected" "$TMP/out"
    check $? "$CMD: stdout" "$(excerpt "$TMP/expected")" "$(excerpt "$TMP/out")"
}

expect_out_has() {
    grep -qF -- "$1" "$TMP/out"
    check $? "$CMD: stdout contains" "'$1'" "$(excerpt "$TMP/out")"
}

expect_out_lacks() {
    ! grep -qF -- "$1" "$TMP/out"
    check $? "$CMD: stdout does not contain" "no '$1'" "$(excerpt "$TMP/out")"
}

expect_out_empty() {
    [ ! -s "$TMP/out" ]
    check $? "$CMD: stdout" "(empty)" "$(excerpt "$TMP/out")"
}

expect_out_nonempty() {
    [ -s "$TMP/out" ]
    check $? "$CMD: stdout" "some output" "(empty)"
}

# expect_out_same FILE: stdout is byte-identical to FILE.
expect_out_same() {
    cmp -s "$1" "$TMP/out"
    check $? "$CMD: stdout identical to $2" "$(excerpt "$1")" "$(excerpt "$TMP/out")"
}

# expect_err_msg TEXT: stderr has exactly one line starting with 'twinreg: ', and it
# contains TEXT (case-insensitive). Lines after it (candidates) are allowed.
expect_err_msg() {
    local lines n
    if [ -z "$1" ]; then # an empty TEXT would match any message
        fail "$CMD: expect_err_msg without the expected message" "a non-empty TEXT" "''"
        return
    fi
    lines=$(grep -a '^twinreg: ' "$TMP/err")
    n=$(grep -ac '^twinreg: ' "$TMP/err")
    if [ "$n" -ne 1 ]; then
        fail "$CMD: stderr has one 'twinreg: ' message line" "1 line 'twinreg: ...$1...'" "$n lines: $(excerpt "$TMP/err")"
        return
    fi
    printf '%s\n' "$lines" | grep -qiF -- "$1"
    check $? "$CMD: error message" "'twinreg: ...$1...'" "$(excerpt "$TMP/err")"
}

# expect_err_last_line: the 'twinreg: ' message is the last line of stderr (no extra lines).
expect_err_last_line() {
    tail -n 1 "$TMP/err" | grep -qa '^twinreg: '
    check $? "$CMD: error message is the last line of stderr" "'twinreg: ...' last" "$(excerpt "$TMP/err")"
}

expect_err_has() {
    grep -qF -- "$1" "$TMP/err"
    check $? "$CMD: stderr contains" "'$1'" "$(excerpt "$TMP/err")"
}

# ---- database snapshots ----

# snap: the export of $DB, for expect_export_unchanged, and its state (snap_state), taken
# after the previous command ended.
snap() {
    "$TWINREG" --db "$DB" export >"$TMP/snap.export" 2>"$TMP/snap.err"
    SNAP_RC=$?
    vet_call "$SNAP_RC" "$TMP/snap.err" "twinreg --db $DB export (snapshot)"
    snap_state
}

# snap_state: the hash of $DB (db_sha) and, on PostgreSQL, of its rows less the sequences.
snap_state() {
    SNAP_SHA=$(db_sha)
    SNAP_ROWS_SHA=$SNAP_SHA
    if on_pg; then SNAP_ROWS_SHA=$(dump_rows_sha); fi
}

# expect_unchanged: $DB is as snap_state found it, by its hash (db_sha).
expect_unchanged() {
    local sha
    sha=$(db_sha)
    [ "$sha" = "$SNAP_SHA" ]
    check $? "$CMD: database unchanged (sha256 of $DB)" "$SNAP_SHA" "${sha:-missing}"
}

# expect_export_unchanged: the export of $DB is the one snap took.
expect_export_unchanged() {
    "$TWINREG" --db "$DB" export >"$TMP/after.export" 2>"$TMP/after.err"
    local rc=$?
    vet_call "$rc" "$TMP/after.err" "twinreg --db $DB export (after $CMD)"
    [ "$rc" -eq 0 ] && [ "$SNAP_RC" -eq 0 ] && cmp -s "$TMP/snap.export" "$TMP/after.export"
    check $? "$CMD: export unchanged" "identical exports (rc 0)" \
        "before rc $SNAP_RC, after rc $rc: $(diff "$TMP/snap.export" "$TMP/after.export" | head -n 4 | tr '\n' '|')"
}

# expect_unchanged_but_ids: expect_unchanged, except that on PostgreSQL the sequences may
# have moved. That is the engine's by design, not a change: a command refused after it wrote
# (an import checks each record as it streams it in, then rolls back) took ids from the
# sequences, which are outside transactions, so those ids are never given again; on SQLite
# the next row gets them. Every row must still be as before.
expect_unchanged_but_ids() {
    on_pg || { expect_unchanged; return; }
    local sha
    db_sha >/dev/null
    sha=$(dump_rows_sha)
    [ "$sha" = "$SNAP_ROWS_SHA" ]
    check $? "$CMD: rows unchanged ($DB less the sequences)" "$SNAP_ROWS_SHA" "$sha"
}

# expect_err_form: the 'twinreg: ' line has the contract's form 'twinreg: <what failed>: <why>'
# (both parts present).
expect_err_form() {
    grep -a '^twinreg: ' "$TMP/err" | head -n 1 | grep -qaE '^twinreg: .*[^ ]: +[^ ]'
    check $? "$CMD: message in the form 'twinreg: <what failed>: <why>'" \
        "twinreg: <what failed>: <why>" "$(excerpt "$TMP/err")"
}

# reject RC TEXT -- ARGS...
reject() {
    local want=$1 text=$2
    shift 3
    # An empty TEXT would match any message: the refusal's message would go unchecked.
    [ -n "$text" ]
    check $? "reject$(printf ' %q' "$@"): an expected message" "a non-empty TEXT" "''"
    # The hash is of the data itself: an export before and after would add two runs of the
    # binary (under the sanitizers, 0.1 s each on a slow machine) and nothing else.
    snap_state
    tw "$@"
    expect_rc "$want"
    expect_out_empty
    expect_err_msg "$text"
    expect_err_form
    # WROTE=1 reject ...: refused after it wrote and rolled back (expect_unchanged_but_ids).
    if [ -n "${WROTE:-}" ]; then expect_unchanged_but_ids; else expect_unchanged; fi
}

# ---- JSON via the sqlite3 shell ----
# jsql FILE SQL: runs SQL where {J} stands for the JSON text of FILE. An error of the
# sqlite3 shell (malformed JSON, a bad path) is no result: nothing on stdout, status 1, the
# message in $TMP/jsql.err, so that its "Error: ..." text can never pass as a value.
jsql() {
    local file=$1 sql=$2
    sql=${sql//\{J\}/CAST(readfile(\'$file\') AS TEXT)}
    sqlite3 -batch -noheader :memory: "$sql" 2>"$TMP/jsql.err"
}

# jget PATH: json_extract of the last stdout ('' for null or missing: see expect_json_eq).
jget() {
    jsql "$TMP/out" "SELECT json_extract({J}, '$1');"
}

# jtype PATH: json_type of the last stdout at PATH ('' when missing, 'null' for null).
jtype() {
    jsql "$TMP/out" "SELECT json_type({J}, '$1');"
}

# expect_json_eq PATH VALUE: stdout is JSON and PATH holds VALUE (as sqlite prints it). The
# key must be present: '' means null or the empty string, never a missing key (the contract
# says absent values are null, never omitted).
expect_json_eq() {
    local got type
    got=$(jget "$1")
    type=$(jtype "$1")
    [ -n "$type" ] && [ "$got" = "$2" ]
    check $? "$CMD: JSON $1" "$2" "${type:-(missing key)} '$got' in $(excerpt "$TMP/out")"
}

# expect_json_null PATH: PATH is present and null.
expect_json_null() {
    expect_json_type "$1" null
}

expect_json_type() {
    local got
    got=$(jtype "$1")
    [ "$got" = "$2" ]
    check $? "$CMD: JSON type of $1" "$2" "${got:-(missing)} in $(excerpt "$TMP/out")"
}

# expect_json_sql SQL VALUE: the query over stdout ({J}) gives VALUE.
expect_json_sql() {
    local got
    got=$(jsql "$TMP/out" "$1")
    [ $? -eq 0 ] && [ "$got" = "$2" ]
    check $? "$CMD: $3" "$2" "$got (stdout: $(excerpt "$TMP/out"))"
}

# expect_json_array [N]: stdout is one JSON array (of N elements when given).
expect_json_array() {
    local got
    got=$(jsql "$TMP/out" "SELECT json_valid({J}) || ' ' || coalesce(json_type({J}), '') || ' ' || coalesce(json_array_length({J}), '');")
    if [ $# -ge 1 ]; then
        [ "$got" = "1 array $1" ]
        check $? "$CMD: stdout is a JSON array of $1" "1 array $1 (valid, type, length)" "$got: $(excerpt "$TMP/out")"
    else
        case $got in "1 array "*) pass ;; *) fail "$CMD: stdout is a JSON array" "valid array" "$got: $(excerpt "$TMP/out")" ;; esac
    fi
}

expect_json_object() {
    local got
    got=$(jsql "$TMP/out" "SELECT json_valid({J}) || ' ' || coalesce(json_type({J}), '');")
    [ "$got" = "1 object" ]
    check $? "$CMD: stdout is one JSON object" "1 object (valid, type)" "$got: $(excerpt "$TMP/out")"
}

# expect_keys PATH KEY...: every object of the array at PATH ('$' for the top) has each
# KEY (present, possibly null). PATH may also name one object.
expect_keys() {
    local path=$1 key missing=""
    shift
    local kind
    kind=$(jtype "$path")
    for key in "$@"; do
        local n
        if [ "$kind" = array ]; then
            n=$(jsql "$TMP/out" "SELECT count(*) FROM json_each({J}, '$path') WHERE json_type(value, '\$.$key') IS NULL;")
        else
            n=$(jsql "$TMP/out" "SELECT json_type({J}, '$path.$key') IS NULL;")
        fi
        [ "$n" = 0 ] || missing="$missing $key"
    done
    [ -z "$missing" ]
    check $? "$CMD: records at $path have the interchange fields" "$*" "missing:$missing in $(excerpt "$TMP/out")"
}

# expect_ids PATH ID...: the 'id' (or other key with ID_KEY) values of the array, as a sorted list.
ids_of() {
    # ids_of KEY [PATH]
    jsql "$TMP/out" "SELECT coalesce(group_concat(v, ' '), '') FROM (SELECT json_extract(value, '\$.$1') AS v FROM json_each({J}, '${2:-\$}') ORDER BY 1);"
}

# expect_ndjson N: stdout is N lines, each one JSON object.
expect_ndjson() {
    local lines got
    lines=$(wc -l <"$TMP/out")
    { printf '['; paste -sd, "$TMP/out"; printf ']'; } >"$TMP/ndjson.json"
    got=$(jsql "$TMP/ndjson.json" "SELECT json_valid({J}) || ' ' || json_array_length({J}) || ' ' || (SELECT count(*) FROM json_each({J}) WHERE type = 'object');")
    [ "$lines" -eq "$1" ] && [ "$got" = "1 $1 $1" ] && { [ "$1" -eq 0 ] || [ "$(tail -c 1 "$TMP/out" | od -An -c | tr -d ' ')" = '\n' ]; }
    check $? "$CMD: ndjson, one object per line" "$1 lines, $1 objects" "$lines lines, (valid count objects) $got: $(excerpt "$TMP/out")"
}

# expect_csv ROWS FIELD...: stdout is a header naming each FIELD, then ROWS records.
expect_csv() {
    local rows=$1 field missing="" header lines
    shift
    header=$(head -n 1 "$TMP/out" | tr -d '\r')
    lines=$(wc -l <"$TMP/out")
    for field in "$@"; do
        case ",$header," in *",$field,"*) ;; *) missing="$missing $field" ;; esac
    done
    [ -z "$missing" ] && [ "$lines" -eq $((rows + 1)) ]
    check $? "$CMD: csv header and $rows rows" "header with $* and $((rows + 1)) lines" \
        "header '$header' (missing:$missing), $lines lines"
}

# Checks the arguments and the sqlite3 shell, then works in a fresh temporary folder,
# removed on exit, with no inherited database choice and a private HOME (so the
# ~/.local default is tested without touching the real one). Sets TWINREG and TMP.
e2e_setup() {
    local script=$1
    shift
    if [ $# -ne 1 ] || [ ! -x "$1" ]; then
        echo "usage: bash tests/e2e/$script /path/to/twinreg" >&2
        exit 2
    fi
    TWINREG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
    if ! command -v sqlite3 >/dev/null 2>&1; then
        echo "FAIL the sqlite3 shell is needed by these tests (apt-get install sqlite3)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-e2e.XXXXXX") || exit 1
    trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
    # Traversable, not listable: tw_nobody's runs reach the folders a test opens to them.
    chmod 0711 "$TMP"
    unset TWINREG_DB XDG_DATA_HOME NO_COLOR
    export HOME="$TMP/home"
    mkdir -p "$HOME"
    # The suite's own stdout, for failures found where the caller redirected stdout.
    exec 9>&1
    # Sanitizer reports go to files that vet_call sweeps (writable by tw_nobody's runs too);
    # UBSan stops at its first report, with the stack, as ASan does.
    SANITIZER_DIR="$TMP/sanitizer"
    mkdir -p "$SANITIZER_DIR"
    chmod 1777 "$SANITIZER_DIR"
    # UBSan (GCC) prints on stderr whatever log_path says, so each sanitizer also exits with
    # a status of its own (SANITIZER_EXIT): a report is seen even where stderr is discarded.
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$SANITIZER_DIR/asan:exitcode=86"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$SANITIZER_DIR/ubsan:halt_on_error=1:print_stacktrace=1:exitcode=87"
    export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}exitcode=88"
    cd "$TMP" || exit 1
}

# e2e_finish MIN_CHECKS [MIN_ON_PG]: the suite's last line (see the top of this file); on
# PostgreSQL the minimum is MIN_ON_PG, what runs there with the skipped parts left out.
e2e_finish() {
    local min=$1
    if on_pg; then min=${2:?"e2e_finish: no minimum for PostgreSQL"}; fi
    sweep_sanitizer_reports "end of suite"
    fold_harness_failures
    if [ $((PASS + FAIL)) -lt "$min" ]; then
        fail "the suite ran its checks" "at least $min checks" "$((PASS + FAIL)) (a part stopped early or was skipped)"
    fi
    local skipped=""
    [ "$SKIPPED" -eq 0 ] || skipped=", $SKIPPED skipped"
    echo "$PASS passed, $FAIL failed$skipped"
    [ "$FAIL" -eq 0 ]
    exit
}

# bash_complete WORDS...: what the bash completion script in $TMP/twinreg.bash (written by
# `twinreg completion bash`) offers for the last word, as bash calls it on TAB; TWINREG must
# be exported.
bash_complete() {
    bash -c '
        twinreg() { "$TWINREG" "$@"; } # its sanitizer reports are swept by the next vetted call
        export -f twinreg 2>/dev/null
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        COMP_WORDS[0]=$TWINREG
        _twinreg
        printf "%s\n" "${COMPREPLY[@]}"' _ "$TMP/twinreg.bash" "$@"
}
