#!/usr/bin/env bash
# Tests of the tests and of what no other suite reached. First the harness itself (lib.sh):
# fake binaries that print the right answer and then die of a signal or print a sanitizer
# report must fail a suite, as must an empty expected message, a missing JSON key taken for
# '' and a suite that ran fewer checks than it knows it has. Then the commands and options
# that had no test: source add, city update's and agreement update's options, the documented
# fields of partners and active rows, the report's unmet duty, colour, NO_COLOR and progress
# on a terminal (through script(1), which gives the binary a pseudo-terminal).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
e2e_setup "$(basename "$0")" "$@"
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
. "$HERE/reliability_lib.sh"

# ======================================================================================
section "the harness fails a crash, a sanitizer report, an unchecked message"

FAKES="$TMP/fakes"
mkdir -p "$FAKES"
# fake NAME BODY: a stand-in for twinreg, a shell script.
fake() {
    printf '#!/bin/sh\n%s\n' "$2" >"$FAKES/$1"
    chmod +x "$FAKES/$1"
}
fake healthy 'echo "[]"'
fake segv 'echo "[]"; kill -SEGV $$'
fake abort 'echo "[]"; kill -ABRT $$'
fake asan 'echo "[]"; echo "==7==ERROR: AddressSanitizer: heap-use-after-free on address 0x602" >&2'
fake ubsan 'echo "[]"; echo "src/core/date.c:12:5: runtime error: signed integer overflow" >&2'
# LeakSanitizer's report goes where log_path says, as a real one does (not on stderr).
fake lsan 'echo "[]"; p=${ASAN_OPTIONS##*log_path=}; p=${p%%:*}
printf "==9==ERROR: LeakSanitizer: detected memory leaks\n" >"$p.$$"; exit 23'
# UBSan (GCC) ignores log_path: only its status tells, when stderr is discarded.
fake ubsan_exit 'echo "[]"; echo "x.c:1:1: runtime error: shift exponent" >&2; exit 87'
fake refuses 'echo "twinreg: city add: missing --country" >&2; exit 2'

# selftest NAME BODY [MIN]: a suite of BODY (after lib.sh and reliability_lib.sh) run
# against fake NAME; its output in $TMP/selftest.out, its status in SELF_RC.
selftest() {
    {
        printf '%s\n' 'set -u' ". '$HERE/lib.sh'" 'e2e_setup selftest "$@"' ". '$HERE/reliability_lib.sh'" \
            'DB="$TMP/registry.db"; : >"$DB"' "$2" "e2e_finish ${3:-1}"
    } >"$TMP/selftest.sh"
    bash "$TMP/selftest.sh" "$FAKES/$1" >"$TMP/selftest.out" 2>&1
    SELF_RC=$?
}
# expect_selftest RC TEXT WHAT: the self-test's status, and TEXT in its output.
expect_selftest() {
    [ "$SELF_RC" -eq "$1" ] && grep -qF -- "$2" "$TMP/selftest.out"
    check $? "harness: $3" "exit $1, '$2'" "exit $SELF_RC: $(excerpt "$TMP/selftest.out")"
}

selftest healthy 'tw city list --json; expect_rc 0; expect_out_eq "[]"'
expect_selftest 0 "2 passed, 0 failed" "a healthy binary passes"
selftest segv 'tw city list --json; expect_out_eq "[]"'
expect_selftest 1 "died of signal 11" "tw: '[]' then SIGSEGV is a failure"
selftest abort 'tw_env NO_COLOR=1 -- city list --json; expect_out_eq "[]"'
expect_selftest 1 "died of signal 6" "tw_env: SIGABRT is a failure"
selftest asan 'tw city list --json; expect_out_eq "[]"'
expect_selftest 1 "AddressSanitizer: heap-use-after-free" "tw: an ASan report on stderr, exit 0, is a failure"
selftest ubsan 'tw city list --json; expect_out_eq "[]"'
expect_selftest 1 "runtime error: signed integer overflow" "tw: a UBSan report is a failure"
selftest lsan 'run_twinreg city list >/dev/null 2>&1; pass'
expect_selftest 1 "LeakSanitizer: detected memory leaks" "run_twinreg: a leak report in log_path, stderr discarded, is a failure"
selftest ubsan_exit 'run_twinreg city list >/dev/null 2>&1; pass'
expect_selftest 1 "a sanitizer stopped it (exit 87" "run_twinreg: UBSan's exit status, stderr discarded, is a failure"
selftest segv 'got=$(q "SELECT 1"); expect_eq "$got" "" "q gives nothing"'
expect_selftest 1 "died of signal 11" "q(): a crash inside \$(...) is a failure"
selftest segv 'export_to "$TMP/x.json"'
expect_selftest 1 "died of signal 11" "export_to: a crash is a failure"
selftest segv 'reject 2 "anything" -- city add Foo'
expect_selftest 1 "died of signal 11" "reject: a crash is a failure"
selftest segv 'run_twinreg city list >"$TMP/o" 2>/dev/null; pass'
expect_selftest 1 "died of signal 11" "run_twinreg: a crash with its output redirected is a failure"
selftest refuses 'reject 2 "" -- city add Foo'
expect_selftest 1 "an expected message" "reject refuses an empty expected message"
fake noform 'echo "twinreg: missing country" >&2; exit 2'
selftest noform 'reject 2 "missing country" -- city add Foo'
expect_selftest 1 "twinreg: <what failed>: <why>" "a message without '<what failed>: <why>' fails"
fake nokey 'echo "{\"id\": 1}"'
selftest nokey 'tw city show 1 --json; expect_json_eq "\$.region" ""'
expect_selftest 1 "missing key" "expect_json_eq PATH '' fails on a missing key"
fake nullkey 'echo "{\"id\": 1, \"region\": null}"'
selftest nullkey 'tw city show 1 --json; expect_json_eq "\$.region" ""; expect_json_null "\$.region"'
expect_selftest 0 "2 passed, 0 failed" "expect_json_eq PATH '' passes on a present null"
fake badjson 'echo "{not json"'
selftest badjson 'tw city show 1 --json; expect_json_sql "SELECT json_extract({J}, \"\$.x\");" "" "no value"'
expect_selftest 1 "no value" "sqlite3's own error is no result"
selftest healthy 'tw city list --json; expect_rc 0' 3
expect_selftest 1 "at least 3 checks" "e2e_finish MIN fails a suite that ran fewer checks"
selftest healthy 'skip "a tool is missing"; tw city list; expect_rc 0'
expect_selftest 0 "skip [] a tool is missing" "skip says why"

e2e_finish 18
