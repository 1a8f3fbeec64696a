#!/usr/bin/env bash
# The benchmark's own tools (issue 19), on a small world-like file: the generator's world
# mode (string ids, skewed degrees, scripts, a tenth of repeats reversed), twinreg's merge of
# the repeats, the load probe's result against twinreg's (bench/canon.py, in full), and a
# comparison that fails when one row differs. SQLite only: the probe and bench/run.sh are
# the SQLite benchmark (bench/pg.sh has its own anchor).
# Usage: bash tests/e2e/bench_tools.sh TWINREG TWINREG-GEN TWINREG-LOAD-PROBE
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
GEN=$2 PROBE=$3 CANON="$HERE/../../bench/canon.py"
e2e_setup "bench_tools.sh" "$1"
W="$TMP/world"
mkdir -p "$W"

section "the world-like file"
"$GEN" --world "$W" 300 2000 7 2>"$TMP/gen.err"
check $? "twinreg-gen --world writes the files" 0 "$(excerpt "$TMP/gen.err")"
max=$(sed -n 's/.*partners per city: max \([0-9]*\), median \([0-9]*\)$/\1/p' "$TMP/gen.err")
median=$(sed -n 's/.*partners per city: max \([0-9]*\), median \([0-9]*\)$/\2/p' "$TMP/gen.err")
[ -n "$max" ] && [ -n "$median" ] && [ "$max" -ge $((10 * median)) ]
check $? "the degrees are skewed (a hub with 10 times the median's partners)" \
    "max >= 10 x median" "max $max, median $median"
# The degrees, counted independently from the file (each distinct agreement once).
read -r got_max got_median < <(python3 - "$W/world.ndjson" <<'PY'
import json, sys
deg, seen = {}, set()
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["type"] == "city":
        deg[r["id"]] = 0
    else:
        key = (frozenset(r["parties"]), r["kind"], r["signed_on"])
        if key not in seen:
            seen.add(key)
            for p in r["parties"]:
                deg[p] += 1
d = sorted(deg.values())
print(d[-1], d[len(d) // 2])
PY
)
[ "$got_max $got_median" = "$max $median" ]
check $? "the degrees printed are the file's" "$got_max $got_median" "$max $median"
grep -q '"id": "Q[0-9]*", "name"' "$W/world.ndjson" && grep -q '"id": "tw-[0-9]*"' "$W/world.ndjson"
check $? "ids are strings (Q<n> cities, tw-<n> agreements)" "string ids" "$(head -c 200 "$W/world.ndjson")"
scripts=$(python3 - "$W/world.ndjson" <<'PY'
import json, sys, unicodedata
found = set()
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["type"] == "city":
        for ch in r["name"]:
            name = unicodedata.name(ch)
            found.add("accented" if "WITH" in name and "LATIN" in name else name.split()[0])
print(" ".join(sorted(found)))
PY
)
[ "$scripts" = "ARABIC CJK CYRILLIC HANGUL LATIN accented" ]
check $? "names in Latin (some accented), Cyrillic, Hangul, CJK and Arabic" \
    "ARABIC CJK CYRILLIC HANGUL LATIN accented" "$scripts"
# Every tenth agreement record repeats an earlier one with its parties in the other order.
repeats=$(python3 - "$W/world.ndjson" <<'PY'
import json, sys
seen, n = {}, 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r["type"] != "agreement":
        continue
    key = (r["kind"], r["signed_on"], r["in_force_on"], r["expires_on"], r["ended_on"])
    if (tuple(reversed(r["parties"])), key) in seen and r["id"].endswith("0"):
        n += 1
    seen[(tuple(r["parties"]), key)] = 1
print(n)
PY
)
[ "$repeats" = 200 ]
check $? "200 of 2000 records repeat an agreement, parties reversed" 200 "$repeats"

section "twinreg merges the repeats; the probe loads the same registry"
DB="$TMP/tw.db"
tw --db "$DB" import "$W/world.ndjson"
expect_rc 0
grep -q "(cities: 300 inserted; agreements: 1800 inserted, 200 unchanged)" "$TMP/err"
check $? "import: 1800 agreements inserted, the 200 repeats unchanged" "the counts" \
    "$(grep 'import:' "$TMP/err")"
"$PROBE" "$TMP/probe.db" "$W/world.ndjson" 2>"$TMP/probe.err"
check $? "the probe loads the file" 0 "$(excerpt "$TMP/probe.err")"
grep -qx "load_probe: 300 cities, 1800 agreements, 200 merged" "$TMP/probe.err"
check $? "the probe merges the repeats too" "300, 1800, 200" "$(excerpt "$TMP/probe.err")"
tw --db "$DB" export --format ndjson -o "$TMP/export.ndjson"
expect_rc 0
python3 "$CANON" ndjson "$TMP/export.ndjson" >"$TMP/tw.canon" &&
    python3 "$CANON" probe "$TMP/probe.db" >"$TMP/probe.canon"
check $? "canon.py reads both" 0 "-"
[ "$(wc -l <"$TMP/tw.canon")" = 2100 ] && cmp -s "$TMP/tw.canon" "$TMP/probe.canon"
check $? "twinreg's registry and the probe's are the same, line for line (2100)" "identical" \
    "$(diff "$TMP/tw.canon" "$TMP/probe.canon" | head -n 3)"
# The file's own records, read independently of both loaders, give the same form.
python3 "$CANON" ndjson "$W/world.ndjson" | uniq >"$TMP/file.canon"
cmp -s "$TMP/tw.canon" "$TMP/file.canon"
check $? "and the file's own records, repeats counted once" "identical" \
    "$(diff "$TMP/tw.canon" "$TMP/file.canon" | head -n 3)"

section "a difference of one value is found"
sqlite3 "$TMP/probe.db" "UPDATE agreements SET ended_on = '2099' WHERE id = 7"
python3 "$CANON" probe "$TMP/probe.db" >"$TMP/probe.canon"
! cmp -s "$TMP/tw.canon" "$TMP/probe.canon"
check $? "one changed date makes the forms differ" "different" "identical"
sqlite3 "$TMP/probe.db" "UPDATE agreements SET ended_on = NULL WHERE id = 7;
    UPDATE cities SET lat = lat + 0.0001 WHERE id = 3"
python3 "$CANON" probe "$TMP/probe.db" >"$TMP/probe.canon"
! cmp -s "$TMP/tw.canon" "$TMP/probe.canon"
check $? "so does a coordinate moved by 0.0001" "different" "identical"

section "the re-import changes nothing"
tw --db "$DB" import "$W/world.ndjson"
expect_rc 0
grep -q "import: 0 inserted, 0 updated, 2300 unchanged, 0 skipped" "$TMP/err"
check $? "every record unchanged" "0 inserted, 0 updated, 2300 unchanged" \
    "$(grep 'import:' "$TMP/err")"

e2e_finish 16
