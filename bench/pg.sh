#!/usr/bin/env bash
# The PostgreSQL benchmark of issue 14: twinreg on a server against psql (the anchor) on
# the same synthetic registries, at 10k, 100k and 1M agreements (10x fewer cities), on a
# throwaway cluster (tests/pg/cluster.sh: Unix socket only, stopped at the end).
#
# Usage: bash bench/pg.sh [AGREEMENTS...]      (default: 10000 100000 1000000)
# Needs what bench/run.sh needs, and postgresql and libpq-dev (apt-get install).
#
# Figures, side by side in one run:
# - import (median of 3 alternated runs up to 100k, one at 1M): twinreg's import of the
#   NDJSON file into an empty registry on the server,
#   against psql loading the same rows from CSV with \copy into the same tables, secondary
#   indexes built after (bench/pg_anchor_load.sql). Target 1.5x.
# - agreement add, partners (medians of 20, alternated) and active (medians of 5,
#   alternated, after an untimed run): twinreg against psql
#   running the same SQL (bench/pg_partners.sql, pg_active.sql) on the same registry.
# - writers: adds per second of one writer, then of 8 writers at once (each add is a process
#   and a connection, as a user's), and their ratio (target 1.5x on 2 cores).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-bench"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
REPEAT=20
WRITERS=8
ADDS=50 # per writer
DAY=2000-06-15

command -v /usr/bin/time >/dev/null || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 1; }
command -v psql >/dev/null || { echo "bench: psql is needed: apt-get install postgresql" >&2; exit 1; }

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTWINREG_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
TW="$BUILD/twinreg"
GEN="$BUILD/twinreg-gen"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg-bench.XXXXXX")
chmod 755 "$WORK" # the server (user postgres) reaches its folder inside
CLUSTER="$WORK/cluster"
trap 'bash "$ROOT/tests/pg/cluster.sh" stop "$CLUSTER" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
ADMIN=$(bash "$ROOT/tests/pg/cluster.sh" start "$CLUSTER")
SOCKET="$CLUSTER/socket"
# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

# A fresh database for one registry, owned by the administrator; its connection string.
fresh_db() { # NAME
    psql -X -q -v ON_ERROR_STOP=1 "host=$SOCKET dbname=twinreg user=postgres" \
        -c "CREATE DATABASE $1 OWNER twinreg_admin" >/dev/null 2>&1 ||
        run_as_owner psql -X -q -v ON_ERROR_STOP=1 -h "$SOCKET" -d twinreg \
            -c "CREATE DATABASE $1 OWNER twinreg_admin" >/dev/null
    echo "host=$SOCKET dbname=$1 user=twinreg_admin"
}
run_as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# psql as the anchor runs it (an array: GNU time, which measures it, runs programs, not
# shell functions); anchor_sql for the row counts.
PSQL=(psql -X -q -A -t -v ON_ERROR_STOP=1)
anchor_sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
export -f anchor_sql

echo "twinreg PostgreSQL benchmark: $(date -u +%Y-%m-%d), $(nproc) cores, $(psql --version | cut -d' ' -f3-), $("$TW" --version | head -n 1)"
echo
echo "| agreements | figure          | twinreg s  | psql s     | ratio | twinreg MB | psql MB   |"
echo "| ---------: | --------------- | ---------: | ---------: | ----: | --------: | --------: |"
for M in "${SIZES[@]}"; do
    N=$((M / 10))
    D="$WORK/$M"
    mkdir -p "$D"
    "$GEN" "$D" "$N" "$M" 20261125
    sync
    # 1. import of the whole file into an empty registry: alternated with the anchor, each
    # run into fresh databases, the median of 3 up to 100k (a load of 10k takes half a
    # second, within the machine's noise: one run gave 1.59 where five gave 1.10-1.49),
    # one run at 1M. The last run's registries serve the figures below.
    runs=$((M <= 100000 ? 3 : 1))
    : >"$WORK/t_tw" && : >"$WORK/t_an"
    for r in $(seq 1 $runs); do
        TDB=$(fresh_db "tw_${M}_$r")
        ADB=$(fresh_db "an_${M}_$r")
        "$TW" --db "$TDB" init >/dev/null 2>&1
        "$TW" --db "$ADB" init >/dev/null 2>&1
        measure tw_import "$TW" --db "$TDB" import "$D/registry.ndjson"
        echo "$T_tw_import" >>"$WORK/t_tw"
        measure an_import bash -c 'cd "$1" && anchor_sql "$2" -f "$3"' _ "$D" "$ADB" "$ROOT/bench/pg_anchor_load.sql"
        echo "$T_an_import" >>"$WORK/t_an"
    done
    n_tw=$(anchor_sql "$TDB" -c "SELECT count(*) FROM agreements")
    n_an=$(anchor_sql "$ADB" -c "SELECT count(*) FROM agreements")
    [ "$n_tw" = "$M" ] && [ "$n_an" = "$M" ] || { echo "bench: loaded $n_tw and $n_an agreements, not $M" >&2; exit 1; }
    row "$M" "import" "$(median <"$WORK/t_tw")" "$(median <"$WORK/t_an")" "$M_tw_import" "$M_an_import"

    # 2. one agreement add vs the same INSERTs in psql (median of 20, alternated), each on
    # its own registry's copy of the data
    an_add() {
        RUN=("${PSQL[@]}" "$ADB" -c "BEGIN ISOLATION LEVEL SERIALIZABLE;
            WITH a AS (INSERT INTO agreements (kind, signed_on, parties_key)
                       VALUES ('memorandum', '$day', '$lo,$hi') RETURNING id)
            INSERT INTO agreement_parties SELECT id, $a FROM a UNION ALL SELECT id, $b FROM a;
            COMMIT;")
    }
    alternated tw_add an_add
    row "$M" "agreement add" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"

    # 3. partners CITY --on DAY vs the same query (median of 20, alternated)
    an_partners() {
        RUN=("${PSQL[@]}" "$TDB" -v day="$DAY" -v city="$c" -f "$ROOT/bench/pg_partners.sql")
    }
    alternated tw_partners an_partners
    same_rows "partners $c" "$TW --db '$TDB' partners $c --on $DAY --format csv" \
        "anchor_sql '$TDB' -v day=$DAY -v city=$c -f $ROOT/bench/pg_partners.sql"
    row "$M" "partners" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"

    # 4. active --on DAY for the whole registry vs the same query: medians of 5, alternated,
    # after one run that neither side is timed on (the first read of freshly loaded rows
    # sets their hint bits, a cost of whoever reads first: it made twinreg, always first,
    # 0.79 s against psql's 0.46 s at 100k, then 0.44 s against 0.45 s).
    same_rows active "$TW --db '$TDB' active --on $DAY --format csv" \
        "anchor_sql '$TDB' -v day=$DAY -f $ROOT/bench/pg_active.sql"
    tw_active() { RUN=("$TW" --db "$TDB" active --on "$DAY" --format csv); }
    an_active() { RUN=("${PSQL[@]}" "$TDB" -v day="$DAY" -f "$ROOT/bench/pg_active.sql"); }
    REPEAT=5 alternated tw_active an_active
    row "$M" "active" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"

    # 5. writers: adds per second of one, then of 8 at once (new pairs each, no conflicts
    # on the natural key; the server still orders them)
    writer() { # W COUNT: COUNT adds of writer W
        local w=$1 k
        for k in $(seq 1 "$2"); do
            "$TW" --db "$TDB" agreement add "$(((w * 1000 + k) % N + 1))" "$(((w * 1000 + k * 3 + N / 3) % N + 1))" \
                --kind cooperation --signed "$((2100 + w))-$(printf %02d $((k % 12 + 1)))-$(printf %02d $((k / 12 + 1)))" \
                >/dev/null 2>>"$WORK/writers.err" || echo "w$w add $k failed" >>"$WORK/writers.failed"
        done
    }
    : >"$WORK/writers.failed"
    start=$EPOCHREALTIME
    writer 0 $((WRITERS * ADDS / 4))
    one=$(awk -v a="$start" -v b="$EPOCHREALTIME" -v n=$((WRITERS * ADDS / 4)) 'BEGIN { printf "%.1f", n / (b - a) }')
    start=$EPOCHREALTIME
    for w in $(seq 1 $WRITERS); do writer "$w" $ADDS & done
    wait
    many=$(awk -v a="$start" -v b="$EPOCHREALTIME" -v n=$((WRITERS * ADDS)) 'BEGIN { printf "%.1f", n / (b - a) }')
    failed=$(wc -l <"$WORK/writers.failed")
    printf '| %9s | %-15s | %10s | %10s | %5.2f | %9s | %9s |\n' "$M" "writers (adds/s)" \
        "$many" "$one" "$(awk -v a="$many" -v b="$one" 'BEGIN { print a / b }')" "8 writers" "1 writer"
    [ "$failed" -eq 0 ] || {
        echo "bench: $failed adds failed:" >&2
        grep -v '^twinreg: added' "$WORK/writers.err" | head -n 5 >&2
        exit 1
    }
    rm -rf "$D"
done
echo
echo "ratio: twinreg / psql for times (below 1 is faster than psql); for writers, 8 writers' rate / one writer's."
