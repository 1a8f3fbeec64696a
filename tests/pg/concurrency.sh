#!/usr/bin/env bash
# Many clients at once on a shared registry (issue 14): 8 clients each add 100 agreements
# at the same time, and also race to add the same 20 agreements; then 2 clients import the
# same file at the same time. Nothing is lost, nothing is duplicated (the natural key is a
# unique constraint), no command fails but the refused duplicates (exit 4), serialization
# failures and deadlocks are retried, and `check` passes.
# Usage: bash tests/pg/with_cluster.sh bash tests/pg/concurrency.sh TWINREG
set -euo pipefail
tw=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg-conc.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
CLIENTS=8
ADDS=100
SHARED=20

"$tw" --db "$pg" init >/dev/null 2>&1
for c in $(seq 1 $CLIENTS); do
    "$tw" --db "$pg" city add "Ville $c" --country FR >/dev/null 2>&1
    "$tw" --db "$pg" city add "Stadt $c" --country DE >/dev/null 2>&1
done

# One client: its own 100 agreements (a pair and a year of its own each), and the same
# shared ones as every other client. Each command's exit status is logged.
# (|| rc=$?: under set -e a refused duplicate would end the client.)
client() { # N
    local n=$1 i rc
    for i in $(seq 1 $ADDS); do
        rc=0
        "$tw" --db "$pg" agreement add "Ville $n" "Stadt $n" --kind friendship \
            --signed "$((1900 + i))" >/dev/null 2>>"$work/client$n.err" || rc=$?
        echo "own $rc" >>"$work/client$n.rc"
        if [ "$i" -le $SHARED ]; then
            rc=0
            "$tw" --db "$pg" agreement add "Ville 1" "Stadt 2" --kind sister-city \
                --signed "$((1950 + i))" >/dev/null 2>>"$work/client$n.err" || rc=$?
            echo "shared $rc" >>"$work/client$n.rc"
        fi
    done
}
start=$EPOCHREALTIME
for c in $(seq 1 $CLIENTS); do client "$c" & done
wait
end=$EPOCHREALTIME
echo "info: $((CLIENTS * (ADDS + SHARED))) adds by $CLIENTS clients in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s"

same "every client's own adds succeeded" "$((CLIENTS * ADDS))" \
    "$(cat "$work"/client*.rc | grep -c '^own 0$')"
same "each shared agreement added once: $SHARED successes" "$SHARED" \
    "$(cat "$work"/client*.rc | grep -c '^shared 0$')"
same "the other shared attempts refused as duplicates (exit 4)" "$(((CLIENTS - 1) * SHARED))" \
    "$(cat "$work"/client*.rc | grep -c '^shared 4$')"
same "no other exit status" "" "$(cat "$work"/client*.rc | grep -Ev '^(own 0|shared 0|shared 4)$' | sort | uniq -c)"
# What the other failures said, if any (the messages of refused duplicates left out).
grep -hv 'duplicate agreement' "$work"/client*.err | grep -v '^twinreg: added' | sort | uniq -c | head -n 5 || true
same "every duplicate said so" "$(((CLIENTS - 1) * SHARED))" \
    "$(cat "$work"/client*.err | grep -c 'duplicate agreement')"
same "agreements in the registry" "$((CLIENTS * ADDS + SHARED))" "$(sql "SELECT count(*) FROM agreements")"
same "no natural key twice" "0" \
    "$(sql "SELECT count(*) FROM (SELECT 1 FROM agreements GROUP BY parties_key, kind, signed_on HAVING count(*) > 1) d")"
same "a history entry per add" "$((CLIENTS * ADDS + SHARED + 2 * CLIENTS))" "$(sql "SELECT count(*) FROM history")"

# Two clients import the same file at once: one adds its records, the other finds them.
"$tw" --db "$pg" export --format ndjson >"$work/all.ndjson"
for c in $(seq 1 $CLIENTS); do
    for y in 1 2 3 4 5 6; do
        printf '{"type":"agreement","kind":"cooperation","signed_on":"%s","parties":[{"name":"Ville %s","country":"FR"},{"name":"Stadt %s","country":"DE"}]}\n' \
            "$((2000 + y))" "$c" "$c"
    done
done >"$work/more.ndjson"
"$tw" --db "$pg" import "$work/more.ndjson" >/dev/null 2>"$work/import1.err" & p1=$!
"$tw" --db "$pg" import "$work/more.ndjson" >/dev/null 2>"$work/import2.err" & p2=$!
rc1=0 rc2=0
wait $p1 || rc1=$?
wait $p2 || rc2=$?
same "both imports succeed" "0 0" "$rc1 $rc2"
same "the file's agreements are there once" "$((CLIENTS * ADDS + SHARED + CLIENTS * 6))" \
    "$(sql "SELECT count(*) FROM agreements")"
# Each summary line's totals (its per-kind counts repeat them).
same "one import inserted them, the other found them unchanged" \
    "0 inserted 0 updated $((CLIENTS * 6)) unchanged|$((CLIENTS * 6)) inserted 0 updated 0 unchanged" \
    "$(cat "$work"/import1.err "$work"/import2.err |
        sed -nE 's/^twinreg: import: ([0-9]+) inserted, ([0-9]+) updated, ([0-9]+) unchanged.*/\1 inserted \2 updated \3 unchanged/p' |
        sort | paste -sd'|')"

rc=0
"$tw" --db "$pg" check >"$work/check.out" 2>&1 || rc=$?
if grep -qF "check: not available on PostgreSQL yet" "$work/check.out"; then
    # Until `check` runs on a server (another slice of issue 14), what it would prove of
    # these rows, in SQL: every agreement has at least two parties, each an existing city,
    # and each history entry's counts add up to its recorded rows.
    same "every agreement has its parties (check's, in SQL)" "0" \
        "$(sql "SELECT count(*) FROM agreements a WHERE (SELECT count(*) FROM agreement_parties p
                JOIN cities c ON c.id = p.city_id WHERE p.agreement_id = a.id) < 2")"
    same "each history entry's counts match its rows (check's, in SQL)" "0" \
        "$(sql "SELECT count(*) FROM history h WHERE inserted + updated + deleted <>
                (SELECT count(*) FROM history_rows r WHERE r.history_id = h.id)")"
else
    same "check passes" 0 "$rc"
fi

finish
