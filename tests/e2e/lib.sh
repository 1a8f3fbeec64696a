# shellcheck shell=bash
# Helpers for tests/e2e/run.sh: running twinreg, assertions, pass/fail counting, and JSON
# queries through the sqlite3 shell's JSON functions. Sourced, not run.
#
# Conventions:
#   tw ARGS...        runs "$TWINREG ARGS..." with stdout in $TMP/out, stderr in $TMP/err and
#                     the exit status in $RC; $CMD is a printable copy of the command.
#   expect_* ...      check the last command; each check counts one pass or one failure.
#   reject RC TEXT -- ARGS...
#                     a command that must fail: exit RC, nothing on stdout, exactly one
#                     'twinreg: ' line on stderr containing TEXT, and the database ($DB)
#                     unchanged (same export, same file bytes).

PASS=0
FAIL=0
SECTION=""
RC=0
CMD=""

section() {
    SECTION=$1
}

pass() {
    PASS=$((PASS + 1))
}

# fail WHAT EXPECTED GOT
fail() {
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

# ---- running ----

tw() {
    CMD="twinreg$(printf ' %q' "$@")"
    "$TWINREG" "$@" >"$TMP/out" 2>"$TMP/err"
    RC=$?
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

# snap: the export of $DB and the hash of its file, taken after the previous command ended.
snap() {
    "$TWINREG" --db "$DB" export >"$TMP/snap.export" 2>"$TMP/snap.err"
    SNAP_RC=$?
    SNAP_SHA=$(sha256sum <"$DB" 2>/dev/null | cut -d' ' -f1)
}

expect_unchanged() {
    local sha
    sha=$(sha256sum <"$DB" 2>/dev/null | cut -d' ' -f1)
    [ "$sha" = "$SNAP_SHA" ]
    check $? "$CMD: database file unchanged (sha256 of $DB)" "$SNAP_SHA" "${sha:-missing}"
    "$TWINREG" --db "$DB" export >"$TMP/after.export" 2>"$TMP/after.err"
    local rc=$?
    [ "$rc" -eq 0 ] && [ "$SNAP_RC" -eq 0 ] && cmp -s "$TMP/snap.export" "$TMP/after.export"
    check $? "$CMD: export unchanged" "identical exports (rc 0)" \
        "before rc $SNAP_RC, after rc $rc: $(diff "$TMP/snap.export" "$TMP/after.export" | head -n 4 | tr '\n' '|')"
}

# reject RC TEXT -- ARGS...
reject() {
    local want=$1 text=$2
    shift 3
    snap
    tw "$@"
    expect_rc "$want"
    expect_out_empty
    expect_err_msg "$text"
    expect_unchanged
}

# ---- JSON via the sqlite3 shell ----
# jsql FILE SQL: runs SQL where {J} stands for the JSON text of FILE.
jsql() {
    local file=$1 sql=$2
    sql=${sql//\{J\}/CAST(readfile(\'$file\') AS TEXT)}
    sqlite3 -batch -noheader :memory: "$sql" 2>&1
}

# jget PATH: json_extract of the last stdout ('' for null or missing).
jget() {
    jsql "$TMP/out" "SELECT json_extract({J}, '$1');"
}

# jtype PATH: json_type of the last stdout at PATH ('' when missing, 'null' for null).
jtype() {
    jsql "$TMP/out" "SELECT json_type({J}, '$1');"
}

# expect_json_eq PATH VALUE: stdout is JSON and PATH holds VALUE (as sqlite prints it).
expect_json_eq() {
    local got
    got=$(jget "$1")
    [ "$got" = "$2" ]
    check $? "$CMD: JSON $1" "$2" "${got:-(null/missing)} in $(excerpt "$TMP/out")"
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
    [ "$got" = "$2" ]
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
    unset TWINREG_DB XDG_DATA_HOME NO_COLOR
    export HOME="$TMP/home"
    mkdir -p "$HOME"
    cd "$TMP" || exit 1
}
