# shellcheck shell=bash
# shellcheck disable=SC2154 # M_tw, M_an, MEDIAN_*: set by lib.sh's measure and alternated
# Issue 19's figures on one size (sourced by bench/run.sh, which sets M, N, D, TW, GEN, ADB,
# PROBE and TDB): import against the limit (bench/load_probe.c) for both kinds of ids, the
# merge of new agreements into a full registry, the re-import of an unchanged file. Each
# figure is the median of $ROUNDS runs, alternated with its anchor's so that both see the
# same machine (one run of a 0.2 s load swings by half); each result is compared in full
# with the anchor's (bench/canon.py). The per-record costs go to $WORK/growth.txt for
# bench/steps/growth.sh.
# Short runs are more of them, spread over more time: a 10k load takes 0.1 s, and a slower
# second of this shared machine made one run's world import at 10k 21 us a record against
# 13 in the run before (growth, bench/steps/growth.sh, compares sizes timed minutes apart).
ROUNDS=${TWINREG_BENCH_ROUNDS:-$((M >= 1000000 ? 3 : M >= 100000 ? 7 : 21))}

# import_counts FILE: the agreements' counts of an import's summary line on stderr.
import_counts() { grep -o 'agreements: [^)]*' "$1" | tail -n 1; }

# The runs: each empties or copies what it writes to, untimed, then sets RUN (lib.sh's
# alternated). The files are written back to disk first, so that no run pays for another's.
fresh_load() { # DB FILE...
    rm -f "$1" "$1"-wal "$1"-shm
    sync
    RUN=("$TW" --db "$1" import "${@:2}")
}
tw_integer() { fresh_load "$D/integer.db" "$D/registry.ndjson"; }
pr_integer() {
    rm -f "$D"/minimal.db*
    sync
    RUN=("$PROBE" "$D/minimal.db" "$D/registry.ndjson")
}

# 1. Integer ids (registry.ndjson) against the probe. The probe's registry stays: run.sh's
# partners and active read it (bench/partners.sql).
REPEAT=$ROUNDS alternated tw_integer pr_integer
"$TW" --db "$D/integer.db" export --format ndjson -o "$D/export.ndjson"
same_result "import" ndjson "$D/export.ndjson" probe "$D/minimal.db"
same_result "import (sqlite3 shell)" ndjson "$D/export.ndjson" anchor "$ADB"
row "$M" "import /probe" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"
echo "$M import $MEDIAN_TW $M" >>"$WORK/growth.txt"
rm -f "$D/export.ndjson" "$D"/integer.db*

# 2. The world-like file (string ids, hubs, scripts, a tenth repeats) against the probe.
W="$D/world"
mkdir -p "$W"
"$GEN" --world "$W" "$N" "$M" 20261201 2>"$W/gen.txt"
sed 's/^[^:]*: /bench: /' "$W/gen.txt" >&2
WDB="$W/twinreg.db"
tw_world() { fresh_load "$WDB" "$W/world.ndjson"; }
pr_world() {
    cp "$WORK/cmd.err" "$W/import.err" # twinreg's summary, before the probe's run replaces it
    rm -f "$W"/probe.db*
    sync
    RUN=("$PROBE" "$W/probe.db" "$W/world.ndjson")
}
REPEAT=$ROUNDS alternated tw_world pr_world
T_tw_world=$MEDIAN_TW M_tw_world=$M_tw
"$TW" --db "$WDB" export --format ndjson -o "$W/export.ndjson"
same_result "import world" ndjson "$W/export.ndjson" probe "$W/probe.db"
repeats=$(grep -c '"id": "tw-[0-9]*0",' "$W/world.ndjson" || true)
grep -q "agreements: $((M - repeats)) inserted, $repeats unchanged" "$W/import.err" || {
    echo "bench: import world: not $((M - repeats)) inserted and $repeats repeats unchanged:" \
        "$(import_counts "$W/import.err")" >&2
    exit 1
}
row "$M" "world /probe" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"
echo "$M world $MEDIAN_TW $M" >>"$WORK/growth.txt"
rm -f "$W"/probe.db* "$W/export.ndjson"

# 3. Re-import of the unchanged file, each run on a copy of the registry: against its first
# import (the median above). Every record must come out unchanged; whether a history entry
# is written is told, not required (issue 19 asks none).
history_before=$(sqlite3 "$WDB" "SELECT count(*) FROM history")
: >"$WORK/t_again"
for _ in $(seq 1 "$ROUNDS"); do
    cp "$WDB" "$W/again.db"
    sync
    measure again "$TW" --db "$W/again.db" import "$W/world.ndjson"
    echo "$T_again" >>"$WORK/t_again"
done
grep -q "import: 0 inserted, 0 updated, $((M + N)) unchanged, 0 skipped" "$WORK/cmd.err" || {
    echo "bench: re-import: not every record unchanged: $(grep 'import:' "$WORK/cmd.err")" >&2
    exit 1
}
history_after=$(sqlite3 "$W/again.db" "SELECT count(*) FROM history")
echo "bench: re-import of $M: every record unchanged;" \
    "history entries written: $((history_after - history_before))" >&2
row "$M" "reimport /first" "$(median <"$WORK/t_again")" "$T_tw_world" "$M_again" "$M_tw_world"
rm -f "$W"/again.db*

# 4. Merge: M/10 new agreements into the registry of M (a copy each run), against the same
# file into an empty registry; the merged registry against the probe's load of both files.
tw_merge() {
    cp "$WDB" "$W/merged.db"
    sync
    RUN=("$TW" --db "$W/merged.db" import "$W/world-new.ndjson")
}
tw_fresh() { fresh_load "$W/fresh.db" "$W/world-new.ndjson"; }
REPEAT=$ROUNDS alternated tw_merge tw_fresh
"$PROBE" "$W/probe.db" "$W/world.ndjson" "$W/world-new.ndjson" 2>/dev/null
"$TW" --db "$W/merged.db" export --format ndjson -o "$W/export.ndjson"
same_result "merge" ndjson "$W/export.ndjson" probe "$W/probe.db"
row "$M" "merge /empty" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"
echo "$M merge $MEDIAN_TW $((M / 10))" >>"$WORK/growth.txt"
[ -n "${TWINREG_BENCH_DIR:-}" ] || rm -rf "$W"
