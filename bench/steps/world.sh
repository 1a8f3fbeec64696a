# shellcheck shell=bash
# Issue 19's figures on one size (sourced by bench/run.sh, which sets M, N, D, TW, GEN, ADB,
# PROBE, TDB and T_tw_import): import against the limit (bench/load_probe.c) for both kinds
# of ids, the merge of new agreements into a full registry, the re-import of an unchanged
# file. Each result is compared in full with the anchor's (bench/canon.py). The per-record
# costs go to $WORK/growth.txt for bench/steps/growth.sh.

# import_counts FILE: the agreements' counts of an import's summary line on stderr.
import_counts() { grep -o 'agreements: [^)]*' "$1" | tail -n 1; }

# 1. Integer ids (registry.ndjson, imported by run.sh into $TDB) against the probe.
# The probe's registry stays: run.sh's partners and active read it (bench/partners.sql).
measure pr_import "$PROBE" "$D/minimal.db" "$D/registry.ndjson"
"$TW" --db "$TDB" export --format ndjson -o "$D/export.ndjson"
same_result "import" ndjson "$D/export.ndjson" probe "$D/minimal.db"
same_result "import (sqlite3 shell)" ndjson "$D/export.ndjson" anchor "$ADB"
row "$M" "import /probe" "$T_tw_import" "$T_pr_import" "$M_tw_import" "$M_pr_import"
echo "$M import $T_tw_import $M" >>"$WORK/growth.txt"
rm -f "$D/export.ndjson"

# 2. The world-like file (string ids, hubs, scripts, a tenth repeats) against the probe.
W="$D/world"
mkdir -p "$W"
"$GEN" --world "$W" "$N" "$M" 20261201 2>"$W/gen.txt"
sed 's/^[^:]*: /bench: /' "$W/gen.txt" >&2
sync
WDB="$W/twinreg.db"
measure tw_world "$TW" --db "$WDB" import "$W/world.ndjson"
cp "$WORK/cmd.err" "$W/import.err"
sync
measure pr_world "$PROBE" "$W/probe.db" "$W/world.ndjson"
"$TW" --db "$WDB" export --format ndjson -o "$W/export.ndjson"
same_result "import world" ndjson "$W/export.ndjson" probe "$W/probe.db"
repeats=$(grep -c '"id": "tw-[0-9]*0",' "$W/world.ndjson" || true)
grep -q "agreements: $((M - repeats)) inserted, $repeats unchanged" "$W/import.err" || {
    echo "bench: import world: not $((M - repeats)) inserted and $repeats repeats unchanged:" \
        "$(import_counts "$W/import.err")" >&2
    exit 1
}
row "$M" "world /probe" "$T_tw_world" "$T_pr_world" "$M_tw_world" "$M_pr_world"
echo "$M world $T_tw_world $M" >>"$WORK/growth.txt"
rm -f "$W"/probe.db* "$W/export.ndjson"

# 3. Re-import of the unchanged file: against its first import. Every record must come out
# unchanged; whether a history entry is written is told, not required (issue 19 asks none).
cp "$WDB" "$W/full.db"
history_before=$(sqlite3 "$WDB" "SELECT count(*) FROM history")
measure tw_again "$TW" --db "$WDB" import "$W/world.ndjson"
grep -q "import: 0 inserted, 0 updated, $((M + N)) unchanged, 0 skipped" "$WORK/cmd.err" || {
    echo "bench: re-import: not every record unchanged: $(grep 'import:' "$WORK/cmd.err")" >&2
    exit 1
}
history_after=$(sqlite3 "$WDB" "SELECT count(*) FROM history")
echo "bench: re-import of $M: every record unchanged;" \
    "history entries written: $((history_after - history_before))" >&2
row "$M" "reimport /first" "$T_tw_again" "$T_tw_world" "$M_tw_again" "$M_tw_world"

# 4. Merge: M/10 new agreements into the registry of M, against the same file into an
# empty registry; the merged registry against the probe's load of both files.
measure tw_fresh "$TW" --db "$W/fresh.db" import "$W/world-new.ndjson"
sync
measure tw_merge "$TW" --db "$W/full.db" import "$W/world-new.ndjson"
"$PROBE" "$W/probe.db" "$W/world.ndjson" "$W/world-new.ndjson" 2>/dev/null
"$TW" --db "$W/full.db" export --format ndjson -o "$W/export.ndjson"
same_result "merge" ndjson "$W/export.ndjson" probe "$W/probe.db"
row "$M" "merge /empty" "$T_tw_merge" "$T_tw_fresh" "$M_tw_merge" "$M_tw_fresh"
echo "$M merge $T_tw_merge $((M / 10))" >>"$WORK/growth.txt"
[ -n "${TWINREG_BENCH_DIR:-}" ] || rm -rf "$W"
