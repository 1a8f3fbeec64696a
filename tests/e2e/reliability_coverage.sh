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
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

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
# A refusal that changed the registry (its file, or a write-ahead log left beside it; the
# fakes are called with --db PATH first) is a failure: reject hashes both.
fake writes 'echo x >>"$2"; echo "twinreg: city add: missing --country" >&2; exit 2'
selftest writes 'reject 2 "missing --country" -- --db "$DB" city add Foo'
expect_selftest 1 "database unchanged" "reject: a refusal that wrote to the file fails"
fake leaves_wal 'echo x >"$2-wal"; echo "twinreg: city add: missing --country" >&2; exit 2'
selftest leaves_wal 'reject 2 "missing --country" -- --db "$DB" city add Foo'
expect_selftest 1 "database unchanged" "reject: a refusal that left a write-ahead log fails"
selftest refuses 'reject 2 "missing --country" -- --db "$DB" city add Foo'
expect_selftest 0 "passed, 0 failed" "reject: a refusal that wrote nothing passes"
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

# ======================================================================================
section "source add"

use_db commands
tw init --sample
expect_rc 0
n=$(q 'SELECT count(*) FROM sources')
tw source add https://example.org/twinning --citation 'Doe, "Twinning", 2020'
expect_rc 0
expect_err_msg "source https://example.org/twinning recorded"
expect_eq "$(q "SELECT count(*) FROM sources")" $((n + 1)) "$CMD: one more source"
tw source list --json
expect_rc 0
expect_json_sql "SELECT json_extract(value, '\$.citation') FROM json_each({J}) WHERE json_extract(value, '\$.url') = 'https://example.org/twinning';" \
    'Doe, "Twinning", 2020' "the source listed with its citation"
tw source add https://example.org/bare
expect_rc 0
tw source list --json
expect_json_sql "SELECT json_type(value, '\$.citation') FROM json_each({J}) WHERE json_extract(value, '\$.url') = 'https://example.org/bare';" \
    null "a source without citation: citation present, null"

# ======================================================================================
section "city update options"

tw city update Seoul --lat 37.5665 --lon 126.978 --wikidata Q8684 --region 'Seoul Capital Area'
expect_rc 0
tw city show Seoul --json
expect_rc 0
expect_json_eq '$.lat' 37.5665
expect_json_eq '$.lon' 126.978
expect_json_eq '$.wikidata' Q8684
expect_json_eq '$.region' 'Seoul Capital Area'
tw city update Seoul --remove-alias Séoul
expect_rc 0
tw city show Seoul --json
expect_json_sql "SELECT group_concat(json_extract(value, '\$.name'), ',') FROM json_each({J}, '\$.aliases');" "Seúl,서울" "--remove-alias removed that alias only"
reject 3 "cannot remove alias 'Nope': city 1 has no such alias" -- city update Seoul --remove-alias Nope
reject 2 "--lat and --lon go together" -- city update Seoul --lat 10
tw city update Seoul --no-coordinates --region '' --wikidata ''
expect_rc 0
tw city show Seoul --json
expect_json_null '$.lat'
expect_json_null '$.lon'
expect_json_null '$.region'
expect_json_null '$.wikidata'
tw city update Seoul --country 'South Korea'
expect_rc 0
tw city update Seoul --country KOR
expect_rc 0
tw city show Seoul --json
expect_json_eq '$.country' KR
tw city update Ludwigsburg --country FR
expect_rc 0
tw city show Ludwigsburg --json
expect_json_eq '$.country' FR

# ======================================================================================
section "agreement update options"

A=$(q "SELECT id FROM agreements WHERE title LIKE 'Twinning of Ludwigsburg%'")
tw agreement end "$A" --on 2020 --reason 'not renewed'
expect_rc 0
tw agreement show "$A" --json
expect_json_eq '$.ended_on' 2020
tw agreement update "$A" --reopen
expect_rc 0
tw agreement show "$A" --json
expect_json_null '$.ended_on'
expect_json_null '$.end_reason'
tw agreement update "$A" --framework MX-LCT-1992 --source https://example.org/twinning
expect_rc 0
tw agreement show "$A" --json
expect_json_sql "SELECT json_extract({J}, '\$.frameworks');" '["MX-LCT-1992"]' "--framework recorded"
expect_json_sql "SELECT count(*) FROM json_each({J}, '\$.sources') WHERE value = 'https://example.org/twinning';" 1 "--source recorded"
reject 3 "NO-SUCH-FW" -- agreement update "$A" --framework NO-SUCH-FW
# --source and --framework add to what is recorded; --remove-source/--remove-framework
# take one out. An update that names a new source never loses the ones recorded before.
tw source add https://example.org/second --citation "A second source"
expect_rc 0
tw agreement update "$A" --source https://example.org/second
expect_rc 0
tw agreement show "$A" --json
expect_json_sql "SELECT json_extract({J}, '\$.sources');" \
    '["https://example.org/second","https://example.org/twinning","https://www.jstor.org/stable/2563668"]' \
    "--source adds to the recorded sources (the sample's and the one added above are kept)"
expect_json_sql "SELECT json_extract({J}, '\$.frameworks');" '["MX-LCT-1992"]' "an update without --framework keeps the frameworks"
tw agreement update "$A" --source https://example.org/second
expect_rc 0
tw agreement show "$A" --json
expect_json_sql "SELECT json_array_length({J}, '\$.sources');" 3 "a source named again is recorded once"
tw agreement update "$A" --remove-source https://example.org/twinning
expect_rc 0
tw agreement show "$A" --json
expect_json_sql "SELECT json_extract({J}, '\$.sources');" '["https://example.org/second","https://www.jstor.org/stable/2563668"]' \
    "--remove-source takes one source out"
reject 3 "agreement $A: it has no source 'https://example.org/twinning'" -- agreement update "$A" --remove-source https://example.org/twinning
reject 2 "--source and --remove-source both name 'https://example.org/second'" -- \
    agreement update "$A" --source https://example.org/second --remove-source https://example.org/second
reject 3 "agreement $A: it has no framework 'NO-SUCH-FW'" -- agreement update "$A" --remove-framework NO-SUCH-FW
tw agreement update "$A" --remove-framework MX-LCT-1992
expect_rc 0
tw agreement show "$A" --json
expect_json_sql "SELECT json_extract({J}, '\$.frameworks');" '[]' "--remove-framework takes the framework out"
SEOUL=$(q "SELECT id FROM cities WHERE name = 'Seoul'")
LUD=$(q "SELECT id FROM cities WHERE name = 'Ludwigsburg'")
tw agreement update "$A" --party Ludwigsburg --party Seoul
expect_rc 0
tw agreement show "$A" --json
expect_json_sql "SELECT json_extract({J}, '\$.parties');" "[$(printf '%s\n' "$SEOUL" "$LUD" | sort -n | paste -sd,)]" "--party replaced the parties"
reject 4 "itself" -- agreement update "$A" --party Seoul --party Seoul

# ======================================================================================
section "partners and active rows"

use_db rows
tw init --sample
expect_rc 0
tw partners Seoul --on 2020-01-01 --json
expect_rc 0
expect_json_array 1
expect_keys '$' city_id city country count agreements since
expect_json_sql "SELECT json_extract(value, '\$.city') || '|' || json_extract(value, '\$.country') || '|' || json_extract(value, '\$.count') || '|' || json_extract(value, '\$.agreements') || '|' || json_extract(value, '\$.since') FROM json_each({J});" \
    'Mexico City|MX|3|[1,2,3]|1992' "partners: the fields of the Mexico City row"
tw active --on 2020-01-01 --json
expect_rc 0
expect_json_array 4
expect_keys '$' city_id city country count partners partner_ids
expect_json_sql "SELECT json_extract(value, '\$.count') || '|' || json_extract(value, '\$.partners') || '|' || json_extract(value, '\$.partner_ids') FROM json_each({J}) WHERE json_extract(value, '\$.city') = 'Seoul';" \
    "3|[\"Mexico City\"]|[$(q "SELECT id FROM cities WHERE name = 'Mexico City'")]" "active: the fields of the Seoul row"
tw active --on 2020-01-01 --format csv
expect_rc 0
expect_csv 4 city_id city country count partners partner_ids

# ======================================================================================
section "report: a duty no registration meets"

tw report Seoul 'Mexico City'
expect_rc 0
expect_out_has "unmet: no registration recorded for agreements [1,2,3]"
tw report Seoul 'Mexico City' --json
expect_rc 0
expect_json_sql "SELECT count(*) > 0 FROM json_tree({J}) WHERE key = 'unmet_duty';" 1 "report --json: unmet_duty"

# ======================================================================================
section "colour, NO_COLOR and progress on a terminal"

# on_tty [VAR=VALUE...] -- ARGS...: twinreg on a pseudo-terminal (script); its screen in
# $TMP/out, the exit status in RC.
on_tty() {
    local envs=()
    while [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    CMD="(on a terminal) ${envs[*]} twinreg$(printf ' %q' "$@")"
    env "${envs[@]}" script -qec "$(printf '%q ' "$TWINREG" "$@")" /dev/null >"$TMP/out" 2>"$TMP/err" </dev/null
    RC=$?
    vet_call "$RC" "$TMP/out"
}
ESC=$'\033'
on_tty -- city list
expect_rc 0
expect_out_has "${ESC}[1mID"
expect_out_has "Seoul"
on_tty NO_COLOR=1 -- city list
expect_rc 0
expect_out_lacks "$ESC"
expect_out_has "Seoul"
tw city list
expect_rc 0
expect_out_lacks "$ESC"
# --color: TERM=dumb is no colour; always and never win over the terminal and NO_COLOR,
# before or after the command.
on_tty TERM=dumb -- city list
expect_rc 0
expect_out_lacks "$ESC"
expect_out_has "Seoul"
on_tty -- --color=never city list
expect_rc 0
expect_out_lacks "$ESC"
on_tty NO_COLOR=1 -- city list --color always
expect_rc 0
expect_out_has "${ESC}[1mID"
tw --color=always city list
expect_rc 0
expect_out_has "${ESC}[1mID"
tw city list --color=auto
expect_rc 0
expect_out_lacks "$ESC"
reject 2 "--color: expected auto, always or never, not 'red'" -- --color red city list
reject 2 "--color: expected auto, always or never, not ''" -- city list --color=
# Tables fit the terminal: its widest column is cut with an ellipsis to COLUMNS (or the
# terminal's own width); never in a pipe, where scripts read whole values.
LONG="A rather long title that goes on and on"
on_tty COLUMNS=40 -- sql "SELECT '$LONG' AS title, 12345 AS n"
expect_rc 0
expect_out_has "A rather long title that goes on…  12345"
widest=$(python3 -c 'import re,sys
print(max(len(re.sub(r"\x1b\[[0-9;]*m", "", l.rstrip("\r\n"))) for l in open(sys.argv[1], encoding="utf-8")))' "$TMP/out")
[ "$widest" -le 40 ]
check $? "a table on a 40-column terminal: no line wider" "at most 40" "$widest"
on_tty COLUMNS=200 -- sql "SELECT '$LONG' AS title, 12345 AS n"
expect_out_has "$LONG  12345"
tw_env COLUMNS=40 -- sql "SELECT '$LONG' AS title, 12345 AS n"
expect_rc 0
expect_out_has "$LONG  12345"
# An empty table says so on stderr; the other formats stay as they are, silent.
use_db empty-results
tw init
expect_rc 0
tw active --on 2026-11-30
expect_rc 0
expect_out_empty
expect_err_has "no agreement in force on 2026-11-30"
tw active --on 2026-11-30 --format json
expect_out_eq "[]"
[ ! -s "$TMP/err" ]
check $? "$CMD: an empty JSON list, nothing on stderr" "no stderr" "$(excerpt "$TMP/err")"
tw active --on 2026-11-30 --format csv
[ ! -s "$TMP/err" ]
check $? "$CMD: a CSV header, nothing on stderr" "no stderr" "$(excerpt "$TMP/err")"
tw city list
expect_err_has "no city matches"
tw history
expect_err_has "no change recorded"
tw decision list
expect_err_has "no decision recorded"
tw agreement list --active
expect_err_has "no agreement matches"
# agreement list's CSV names the parties beside their ids.
tw city add Arles --country FR
tw city add Fulda --country DE
tw agreement add Arles Fulda --signed 1964
expect_rc 0
tw agreement list --format csv
expect_rc 0
expect_out_has "id,kind,title,parties,party_names,signed_on,"
expect_out_has ",1; 2,Arles (FR); Fulda (DE),1964,"
use_db rows
# Completion offers --color and its values, before and after the command.
tw __complete 1 --color ""
expect_out_has "always"
expect_out_has "never"
tw __complete 3 city list --color n
expect_out_has "never"
expect_out_lacks "always"
tw __complete 3 --color never city ""
expect_out_has "list"
# -h and -V, as --help and --version.
tw -V
expect_rc 0
expect_out_has "twinreg "
tw -h
expect_rc 0
expect_out_has "-h, --help"
tw city list -h
expect_rc 0
expect_out_has "usage: twinreg city list"
# Progress: a long import on a terminal shows "N records…" on stderr, then erases it;
# with stderr in a file, none.
awk 'BEGIN { for (i = 1; i <= 5001; i++) printf "{\"type\":\"city\",\"id\":%d,\"name\":\"Progress city %d\",\"country\":\"PT\"}\n", i, i }' \
    >"$TMP/progress.ndjson"
use_db progress-tty
tw init
expect_rc 0
on_tty -- import "$TMP/progress.ndjson"
expect_rc 0
expect_out_has "twinreg: import: 5000 records…"
expect_out_has "${ESC}[K"
expect_out_has "5001 inserted"
use_db progress-file
tw init
expect_rc 0
tw import "$TMP/progress.ndjson"
expect_rc 0
expect_err_has "5001 inserted"
! grep -q 'records…' "$TMP/err"
check $? "$CMD: no progress line when stderr is a file" "no 'records…'" "$(excerpt "$TMP/err")"

e2e_finish 167
