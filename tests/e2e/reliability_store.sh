#!/usr/bin/env bash
# End-to-end tests of the opaque store (issue 13, items 1 and 2, and issue 12's export
# write errors): `sql` waits for a locked registry as TWINREG_BUSY_TIMEOUT_MS says (it
# waited a fixed 5 s before), a failed export names its target and the system's reason
# (it said "output error"), completion still offers city names through the store, and
# no SQL reaches src/io, src/cli or include (the build's own check is CTest layers_*).
# Usage: bash tests/e2e/reliability_store.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "$(basename "$0")" "$@"
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh"

# ======================================================================================
section "sql honours TWINREG_BUSY_TIMEOUT_MS"

use_db busy
tw init --sample
expect_rc 0
# hold_lock SECONDS: the sqlite3 shell holds an exclusive lock (locking_mode EXCLUSIVE,
# which keeps even readers out) for SECONDS, in the background ($holder), once it has it.
hold_lock() {
    rm -f "$TMP/locked"
    printf 'PRAGMA locking_mode = EXCLUSIVE;\nBEGIN EXCLUSIVE;\nSELECT 1;\n' >"$TMP/hold.sql"
    printf '.shell touch %s\n' "$TMP/locked" >>"$TMP/hold.sql"
    printf '.shell sleep %s\nROLLBACK;\n' "$1" >>"$TMP/hold.sql"
    sqlite3 "$DB" <"$TMP/hold.sql" >/dev/null 2>"$TMP/holder.err" &
    holder=$!
    for _ in $(seq 1 500); do [ -e "$TMP/locked" ] && break; sleep 0.01; done
}
hold_lock 3
[ -e "$TMP/locked" ]
check $? "busy: the sqlite3 shell holds an exclusive lock" "locked" "$(excerpt "$TMP/holder.err")"
START=$(date +%s%N)
tw_env TWINREG_BUSY_TIMEOUT_MS=300 -- sql 'SELECT count(*) FROM cities'
ELAPSED=$(( ($(date +%s%N) - START) / 1000000 ))
expect_rc 5
expect_out_empty
expect_err_msg "busy"
[ "$ELAPSED" -ge 250 ] && [ "$ELAPSED" -lt 2500 ]
check $? "sql waited about TWINREG_BUSY_TIMEOUT_MS=300, not 5 s" "250 to 2500 ms" "$ELAPSED ms"
kill -0 "$holder" 2>/dev/null
check $? "$CMD: gave up while the lock was still held" "holder still running" "holder ended"
wait "$holder"
# With the default (5 s), a short lock is waited for.
hold_lock 0.5
tw sql 'SELECT count(*) AS n FROM cities' --format csv
expect_rc 0
expect_out_has "n"
wait "$holder"

# ======================================================================================
section "a failed export names its target and the system's reason"

full=/dev/full
mknod "$TMP/full" c 1 7 2>/dev/null && full="$TMP/full"
for format in json ndjson csv geojson; do
    tw export --format "$format" --output "$full"
    expect_rc 5
    expect_err_msg "cannot write '$full': No space left on device"
    "$TWINREG" export --format "$format" >/dev/full 2>"$TMP/err"
    RC=$? CMD="twinreg export --format $format >/dev/full"
    vet_call "$RC" "$TMP/err"
    expect_rc 5
    expect_err_msg "cannot write output: No space left on device"
done

# ======================================================================================
section "completion offers city names through the store's reader"

tw __complete 1 partners M
expect_rc 0
expect_out_eq "$(printf 'Mexico City\nMontbéliard')"

e2e_finish 20
