#!/usr/bin/env bash
# Exports that must not change by accident: the reference data set (`init --sample`) in
# every export format, byte for byte against tests/data/golden/, and a synthetic 100k-
# agreement registry from the benchmark's generator (fixed seed), by SHA-256. A refactoring
# of the store or of the serializers that changes one byte fails here. When a change of
# the export is intended, regenerate the files and the sums and say why in the commit.
# Usage: bash tests/e2e/golden.sh /path/to/twinreg /path/to/twinreg-gen
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
GEN=$2
e2e_setup "golden.sh" "$1"
GOLDEN="$HERE/../data/golden"
FORMATS=(json ndjson csv geojson)

section "the reference data set"
DB="$TMP/sample.db"
tw --db "$DB" init --sample
expect_rc 0
for f in "${FORMATS[@]}"; do
    tw --db "$DB" export --format "$f"
    expect_rc 0
    cmp -s "$TMP/out" "$GOLDEN/sample-export.$f"
    check $? "export --format $f of the sample is the golden file" "identical" \
        "$(diff "$GOLDEN/sample-export.$f" "$TMP/out" | head -n 5)"
done

section "the benchmark's 100k registry"
# gen_registry DIR CITIES AGREEMENTS SEED, as bench/run.sh generates it.
mkdir -p "$TMP/gen"
"$GEN" "$TMP/gen" 10000 100000 20261125 2>"$TMP/gen.err"
check $? "the generator writes the 100k registry" 0 "$(excerpt "$TMP/gen.err")"
DB="$TMP/bench.db"
tw --db "$DB" import "$TMP/gen/registry.ndjson"
expect_rc 0
declare -A WANT=(
    [json]=5ad41a546973a4f84ad09f1a06466536fe5d3da9de8967e1dab231934f2bcfaf
    [ndjson]=a0a1e0415f2df4f9ae297437986da948818dbb582c1e83e851c9a184bd305931
    [csv]=e3a68b408aeec859f8e6b01c1bfe8d81e4e424ebd715c67fe6037c34fe278329
    [geojson]=3d51bf1d16c9e78e02d97067d739d1f39a84274ad447521954cd8ee81ee6117d
)
for f in "${FORMATS[@]}"; do
    tw --db "$DB" export --format "$f"
    expect_rc 0
    got=$(sha256sum <"$TMP/out" | cut -d' ' -f1)
    [ "$got" = "${WANT[$f]}" ]
    check $? "export --format $f of the 100k registry keeps its SHA-256" "${WANT[$f]}" "$got"
done

e2e_finish 19
