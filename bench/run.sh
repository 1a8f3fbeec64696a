#!/usr/bin/env bash
# The performance benchmark of issue 5: twinreg against the sqlite3 shell (the anchor) on
# the same synthetic registries, at 10k, 100k and 1M agreements (10x fewer cities).
#
# Usage: bash bench/run.sh [AGREEMENTS...]      (default: 10000 100000 1000000)
# Needs: cmake, gcc, libsqlite3-dev, libjansson-dev, libicu-dev, iso-codes, sqlite3, python3 and GNU time
# (apt-get install time). Builds a Release binary in build-bench/, writes the data under
# $TWINREG_BENCH_DIR (default: a temporary folder, removed at the end), prints one table.
#
# Figures: wall time of twinreg, of the anchor, their ratio (twinreg / anchor: below 1 is
# faster than the sqlite3 shell), and the peak resident memory of each (GNU time's %M).
# "agreement add" and "partners" are medians of 20 runs, twinreg and anchor alternated.
# "suspend N": a change in bulk of the N agreements it matched (issue 16). "map": the
# whole registry's page (issue 17); its size in bytes on stderr. "compare": the import's own
# file against the registry it built (issue 17), no anchor. The network's and the
# statistics' figures (issue 17) have no anchor either (0 in its column).
# Issue 19 (bench/steps/world.sh, growth.sh): import against a plain C load of the same
# rows into a minimal schema (bench/load_probe.c, "/probe"), for integer ids and for a
# world-like file (twinreg-gen --world: string ids, hubs, scripts, a tenth repeats); the
# merge of M/10 new agreements into the registry of M ("/empty": the same file into an empty
# one); the re-import of the unchanged file ("/first": its first import); then the cost per
# record at each size. Each of these is the median of 3 runs at 1M, 7 at 100k and 21 below
# (TWINREG_BENCH_ROUNDS sets one number), alternated with its anchor's. Every figure's
# result is compared in full with the anchor's (bench/canon.py: sorted rows, or a canonical
# form of a registry); a mismatch stops it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/build-bench"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000 1000000)
REPEAT=20
DAY=2000-06-15
BULK_DAY=${TWINREG_BENCH_BULK_DAY:-2012-06-15} # a bulk suspension of about a tenth

command -v /usr/bin/time >/dev/null || { echo "bench: GNU time is needed: apt-get install time" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "bench: the sqlite3 shell is needed: apt-get install sqlite3" >&2; exit 1; }

cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTWINREG_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
TW="$BUILD/twinreg"
GEN="$BUILD/twinreg-gen"
PROBE="$BUILD/twinreg-load-probe"

WORK=${TWINREG_BENCH_DIR:-}
if [ -z "$WORK" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK"
: >"$WORK/growth.txt" # bench/steps/world.sh's costs per record, for growth.sh

# The anchor's tables are twinreg's own (schema/schema.sql), created without their
# indexes, which are built after the load, as a skilled user would (with the view that
# names the days in force, and the suspensions' table, which the queries read).
awk '/^CREATE TABLE (cities|agreements|agreement_parties|agreement_suspensions) /{t=1} t{print} t&&/;$/{t=0}' "$ROOT/schema/schema.sql" >"$WORK/anchor_tables.sql"
awk '/^CREATE (UNIQUE )?INDEX [a-z_]+ ON (cities|agreements|agreement_parties) /{t=1} /^CREATE VIEW agreement_days /{t=1}
     t{print} t&&/;$/{t=0}' "$ROOT/schema/schema.sql" >"$WORK/anchor_indexes.sql"

# shellcheck source=lib.sh
. "$ROOT/bench/lib.sh"

anchor_load() { # DIR DB
    sqlite3 "$2" <"$WORK/anchor_tables.sql" &&
        (cd "$1" && sqlite3 "$2" <"$ROOT/bench/anchor_load.sql") &&
        sqlite3 "$2" <"$WORK/anchor_indexes.sql"
}
export -f anchor_load
export WORK ROOT

echo "twinreg benchmark: $(date -u +%Y-%m-%d), $(nproc) cores, $(sqlite3 --version | cut -d' ' -f1-2), $("$TW" --version)"
echo
echo "| agreements | figure          | twinreg s  | anchor s   | ratio | twinreg MB | anchor MB |"
echo "| ---------: | --------------- | ---------: | ---------: | ----: | --------: | --------: |"
for M in "${SIZES[@]}"; do
    N=$((M / 10))
    D="$WORK/$M"
    rm -rf "$D"
    mkdir -p "$D"
    "$GEN" "$D" "$N" "$M" 20261125
    # The generated files (250 MB at 1M) are written back to disk before timing anything:
    # otherwise the first command timed (twinreg's import) competes with that writeback.
    sync
    TDB="$D/twinreg.db"
    ADB="$D/anchor.db"

    # 1. import of the whole file into an empty database
    measure tw_import "$TW" --db "$TDB" import "$D/registry.ndjson"
    sync
    measure an_import bash -c 'anchor_load "$1" "$2"' _ "$D" "$ADB"
    sync
    n_tw=$(sqlite3 "$TDB" "SELECT count(*) FROM agreements")
    n_an=$(sqlite3 "$ADB" "SELECT count(*) FROM agreements")
    [ "$n_tw" = "$M" ] && [ "$n_an" = "$M" ] || { echo "bench: loaded $n_tw and $n_an agreements, not $M" >&2; exit 1; }
    row "$M" "import" "$T_tw_import" "$T_an_import" "$M_tw_import" "$M_an_import"

    # 1b. compare of the same file against the registry it built: everything in both (any
    # other exit status stops the benchmark). No anchor: the sqlite3 shell has no such thing.
    measure tw_compare "$TW" --db "$TDB" compare "$D/registry.ndjson" --summary
    row "$M" "compare" "$T_tw_compare" 0 "$M_tw_compare" "-"

    # shellcheck source=steps/world.sh
    . "$ROOT/bench/steps/world.sh"

    # 2. export of the whole registry as JSON vs sqlite3 -json of the same rows
    measure tw_export "$TW" --db "$TDB" export
    measure an_export sqlite3 -json "$ADB" "SELECT * FROM cities ORDER BY id;
        SELECT a.id, a.kind, a.title, (SELECT json_group_array(city_id) FROM agreement_parties WHERE agreement_id = a.id) AS parties,
               a.signed_on, a.in_force_on, a.expires_on, a.ended_on, a.end_reason, a.builds_on FROM agreements a ORDER BY a.id;"
    row "$M" "export json" "$T_tw_export" "$T_an_export" "$M_tw_export" "$M_an_export"
    "$TW" --db "$TDB" export -o "$D/export.json" # both again, untimed, to compare in full
    sqlite3 -json "$ADB" "SELECT * FROM cities ORDER BY id;
        SELECT a.id, a.kind, a.title, (SELECT json_group_array(city_id) FROM agreement_parties WHERE agreement_id = a.id) AS parties,
               a.signed_on, a.in_force_on, a.expires_on, a.ended_on, a.end_reason, a.builds_on FROM agreements a ORDER BY a.id;" >"$D/anchor.json"
    same_result "export json" json "$D/export.json" shell-json "$D/anchor.json"
    rm -f "$D/export.json" "$D/anchor.json"

    # 2b. export as CSV (one row per agreement, its first two cities and all of them) vs
    # the same rows, every column of them, from sqlite3 -csv (the generated agreements have
    # two parties each); then both compared in full.
    measure tw_csv "$TW" --db "$TDB" export --format csv
    csv_sql="SELECT a.id, a.kind, a.title, a.signed_on, a.in_force_on, a.expires_on, a.ended_on, a.end_reason,
               a.builds_on, c1.name, c1.country, c2.name, c2.country,
               c1.name || ' (' || c1.country || '); ' || c2.name || ' (' || c2.country || ')',
               c1.lat, c1.lon, c2.lat, c2.lon, c1.region, c2.region, c1.wikidata, c2.wikidata
        FROM agreements a JOIN agreement_parties p1 ON p1.agreement_id = a.id
        JOIN agreement_parties p2 ON p2.agreement_id = a.id AND p2.city_id > p1.city_id
        JOIN cities c1 ON c1.id = p1.city_id JOIN cities c2 ON c2.id = p2.city_id ORDER BY a.id;"
    measure an_csv sqlite3 -csv "$ADB" "$csv_sql"
    row "$M" "export csv" "$T_tw_csv" "$T_an_csv" "$M_tw_csv" "$M_an_csv"
    "$TW" --db "$TDB" export --format csv | tail -n +2 >"$WORK/csv_tw.csv"
    sqlite3 -csv "$ADB" "$csv_sql" >"$WORK/csv_an.csv"
    same_result "export csv" rows "$WORK/csv_tw.csv" rows "$WORK/csv_an.csv"

    # 2c. export as GraphML (issue 17: cities as nodes, an edge per pair of an agreement's
    # parties) vs the same nodes and edges from sqlite3 -csv
    measure tw_graphml "$TW" --db "$TDB" export --format graphml
    measure an_graphml sqlite3 -csv "$ADB" "SELECT id, name, country, region, wikidata, lat, lon
        FROM cities WHERE id IN (SELECT city_id FROM agreement_parties) ORDER BY id;
        SELECT a.id, p.city_id, q.city_id, a.kind, a.title, a.signed_on, a.in_force_on, a.expires_on,
               a.ended_on FROM agreements a JOIN agreement_parties p ON p.agreement_id = a.id
        JOIN agreement_parties q ON q.agreement_id = a.id AND q.city_id > p.city_id ORDER BY a.id;"
    row "$M" "export graphml" "$T_tw_graphml" "$T_an_graphml" "$M_tw_graphml" "$M_an_graphml"

    # 3. one agreement add vs one INSERT (median of 20, alternated; a new pair each time),
    # both naming the cities by name; then the agreements each added, compared in full.
    an_add() {
        RUN=(sqlite3 "$ADB" "BEGIN IMMEDIATE;
            INSERT INTO agreements (kind, signed_on, parties_key) SELECT 'memorandum', '$day', min(id) || ',' || max(id)
                FROM cities WHERE name IN ('$na', '$nb');
            INSERT INTO agreement_parties SELECT last_insert_rowid(), id FROM cities WHERE name IN ('$na', '$nb'); COMMIT;")
    }
    alternated tw_add_named an_add
    added="SELECT a.kind, a.signed_on, min(c.name), max(c.name) FROM agreements a
        JOIN agreement_parties p ON p.agreement_id = a.id JOIN cities c ON c.id = p.city_id
        WHERE a.signed_on >= '2031' GROUP BY a.id"
    sqlite3 -csv "$TDB" "$added" >"$WORK/added_tw.csv" && sqlite3 -csv "$ADB" "$added" >"$WORK/added_an.csv"
    same_result "agreement add" rows "$WORK/added_tw.csv" rows "$WORK/added_an.csv"
    row "$M" "agreement add" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"

    # 4. partners CITY --on DAY vs a user's query on the probe's minimal schema (median of
    # 20, alternated), the city named by name; each of the 20 answers compared in full.
    an_partners() {
        sed "s/:day/'$DAY'/g; s/:name/'$name'/g" "$ROOT/bench/partners.sql" >"$WORK/partners.sql"
        RUN=(sqlite3 -csv "$D/minimal.db" ".read $WORK/partners.sql")
    }
    alternated tw_partners_named an_partners
    for i in $(seq 1 "$REPEAT"); do
        tw_partners_named "$i" && "${RUN[@]}" >"$WORK/partners_tw.csv"
        an_partners "$i" && "${RUN[@]}" >"$WORK/partners_an.csv"
        same_result "partners $name" rows "$WORK/partners_tw.csv" rows "$WORK/partners_an.csv"
    done
    row "$M" "partners" "$MEDIAN_TW" "$MEDIAN_AN" "$M_tw" "$M_an"

    # 5. active --on DAY for the whole registry vs a user's query on the minimal schema
    measure tw_active "$TW" --db "$TDB" active --on "$DAY" --format csv
    sed "s/:day/'$DAY'/g" "$ROOT/bench/active.sql" >"$WORK/active.sql"
    measure an_active sqlite3 -csv "$D/minimal.db" ".read $WORK/active.sql"
    "$TW" --db "$TDB" active --on "$DAY" --format csv >"$WORK/active_tw.csv"
    sqlite3 -csv "$D/minimal.db" ".read $WORK/active.sql" >"$WORK/active_an.csv"
    same_result active rows "$WORK/active_tw.csv" rows "$WORK/active_an.csv"
    row "$M" "active" "$T_tw_active" "$T_an_active" "$M_tw_active" "$M_an_active"
    # 5a. the same against the count alone (issue 19's limit for active): the rows' first
    # four columns must be twinreg's (the generated names hold no comma).
    sed "s/:day/'$DAY'/g" "$ROOT/bench/active_count.sql" >"$WORK/active_count.sql"
    measure an_count sqlite3 -csv "$D/minimal.db" ".read $WORK/active_count.sql"
    sqlite3 -csv "$D/minimal.db" ".read $WORK/active_count.sql" >"$WORK/count_an.csv"
    cut -d, -f1-4 "$WORK/active_tw.csv" >"$WORK/count_tw.csv"
    same_result "active /count" rows "$WORK/count_tw.csv" rows "$WORK/count_an.csv"
    row "$M" "active /count" "$T_tw_active" "$T_an_count" "$M_tw_active" "$M_an_count"

    # 5b. the network (issue 17), no anchor: path and cousins from the hub (the city with
    # the most agreements) and from ordinary cities, each one run; stats network reads all.
    hub=$(sqlite3 "$TDB" "SELECT city_id FROM agreement_parties GROUP BY city_id
        ORDER BY count(*) DESC, city_id LIMIT 1")
    o1=$((N / 3 + 1)) o2=$((2 * N / 3 + 1))
    measure tw_path "$TW" --db "$TDB" path "$o1" "$o2" --on "$DAY" --format csv
    row "$M" "path" "$T_tw_path" 0 "$M_tw_path" "-"
    measure tw_path_hub "$TW" --db "$TDB" path "$hub" "$o2" --on "$DAY" --format csv
    row "$M" "path from hub" "$T_tw_path_hub" 0 "$M_tw_path_hub" "-"
    measure tw_cousins "$TW" --db "$TDB" cousins "$o1" --on "$DAY" --format csv
    row "$M" "cousins" "$T_tw_cousins" 0 "$M_tw_cousins" "-"
    measure tw_cousins_hub "$TW" --db "$TDB" cousins "$hub" --on "$DAY" --format csv
    row "$M" "cousins of hub" "$T_tw_cousins_hub" 0 "$M_tw_cousins_hub" "-"
    measure tw_network "$TW" --db "$TDB" stats network --format csv
    row "$M" "stats network" "$T_tw_network" 0 "$M_tw_network" "-"

    # 5c. map: the whole registry as one HTML page (the default --limit of arcs drawn, the
    # most recent), vs the sqlite3 shell reading the rows it draws from (each agreement
    # with its parties' names and coordinates). The page's size is printed beside it.
    measure tw_map "$TW" --db "$TDB" map -o "$WORK/map.html"
    measure an_map sqlite3 -csv "$ADB" "SELECT a.id, a.kind, a.signed_on, a.ended_on,
            c.name, c.country, c.lon, c.lat FROM agreements a
        JOIN agreement_parties p ON p.agreement_id = a.id JOIN cities c ON c.id = p.city_id
        ORDER BY a.id, c.id;"
    row "$M" "map" "$T_tw_map" "$T_an_map" "$M_tw_map" "$M_an_map"
    echo "bench: map of $M agreements: $(stat -c %s "$WORK/map.html") bytes" >&2
    rm -f "$WORK/map.html"

    # 6. the statistics of issue 17 over the whole registry (no anchor: the sqlite3 shell
    # has no one query for them; the ratio column reads 0).
    for step in "stats" "stats by decade" "stats by country-pair" "stats distance"; do
        # shellcheck disable=SC2086 # the step is its words
        measure tw_stats "$TW" --db "$TDB" $step --format csv
        row "$M" "$step" "$T_tw_stats" 0 "$M_tw_stats" -
    done

    # 7. a change in bulk: every friendship in force on BULK_DAY suspended from that day
    # (about a tenth of the registry), one transaction and one history entry, vs one
    # INSERT ... SELECT of the same rows in the sqlite3 shell (no history). The last
    # figure: it changes both registries.
    measure tw_bulk "$TW" --db "$TDB" agreement suspend --kind friendship \
        --active-on "$BULK_DAY" --on "$BULK_DAY" --reason bench --yes
    sed "s/:day/'$BULK_DAY'/g" "$ROOT/bench/bulk_suspend.sql" >"$WORK/bulk_suspend.sql"
    measure an_bulk sqlite3 "$ADB" ".read $WORK/bulk_suspend.sql"
    n_tw=$(sqlite3 "$TDB" "SELECT count(*) FROM agreement_suspensions")
    suspended="SELECT a.kind, a.signed_on, s.suspended_on, s.resumed_on, min(p.city_id), max(p.city_id)
        FROM agreement_suspensions s JOIN agreements a ON a.id = s.agreement_id
        JOIN agreement_parties p ON p.agreement_id = a.id GROUP BY s.agreement_id, s.suspended_on"
    sqlite3 -csv "$TDB" "$suspended" >"$WORK/suspended_tw.csv" && sqlite3 -csv "$ADB" "$suspended" >"$WORK/suspended_an.csv"
    same_result "suspend" rows "$WORK/suspended_tw.csv" rows "$WORK/suspended_an.csv"
    row "$M" "suspend ${n_tw}" "$T_tw_bulk" "$T_an_bulk" "$M_tw_bulk" "$M_an_bulk"
    [ -n "${TWINREG_BENCH_DIR:-}" ] || rm -rf "$D"
done
# shellcheck source=steps/growth.sh
. "$ROOT/bench/steps/growth.sh"
