#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS
# (default 30) from its seed corpus, copied to a temporary folder so the repository's
# corpus stays as committed. Exits non-zero at the first crash, leak or sanitizer report.
# Usage: bash tests/fuzz/run.sh [SECONDS]       (needs: apt-get install clang libclang-rt-14-dev)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_EACH=${1:-30}
BUILD="$ROOT/build-fuzz"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_C_COMPILER=clang -DTWINREG_FUZZ=ON -DTWINREG_WERROR=ON \
    -DTWINREG_TESTS=OFF >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for target in import_json import_ndjson import_csv date lookup export_csv sql_output; do
    mkdir -p "$WORK/$target"
    cp -r "$ROOT/tests/fuzz/corpus/$target/." "$WORK/$target/"
    "$BUILD/tests/fuzz/fuzz_$target" -max_total_time="$SECONDS_EACH" -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$WORK/" "$WORK/$target" \
        >"$WORK/$target.log" 2>&1 || {
        echo "fuzz: fuzz_$target failed:" >&2
        tail -n 40 "$WORK/$target.log" >&2
        ls "$WORK"/crash-* "$WORK"/leak-* "$WORK"/timeout-* 2>/dev/null >&2 || true
        exit 1
    }
    runs=$(awk '/stat::number_of_executed_units/ { print $NF }' "$WORK/$target.log")
    echo "fuzz: fuzz_$target: ${runs:-?} inputs in ${SECONDS_EACH} s, no crash"
done
