#!/usr/bin/env bash
# The code's layout: every C file as clang-format writes it with the project's .clang-format,
# and no line of C or of the build (CMake, CI, the scripts beside the code) wider than 100
# columns, what a review reads side by side. (The e2e suites' long expected messages are
# left whole: a message cut in two is harder to grep for.)
# Usage: bash tests/style/layout.sh SOURCE_DIR
cd "$1" || exit 2
status=0
mapfile -t c_files < <(git ls-files '*.c' '*.h')
if ! command -v clang-format >/dev/null; then
    echo "clang-format is needed (apt-get install clang-format)"
    exit 1
fi
if ! clang-format --dry-run --Werror "${c_files[@]}" 2>"${TMPDIR:-/tmp}/layout.$$"; then
    echo "not in the layout of .clang-format (clang-format -i FILE fixes it):"
    grep -E '^[^ ].*(warning|error):' "${TMPDIR:-/tmp}/layout.$$" | head -n 20
    status=1
fi
rm -f "${TMPDIR:-/tmp}/layout.$$"
mapfile -t build_files < <(git ls-files 'CMakeLists.txt' '*/CMakeLists.txt' '*.cmake' '.ci/run' \
    'tests/fuzz/*.sh' 'tests/layers/*.sh' 'tests/style/*.sh')
wide=$(awk 'length > 100 { print FILENAME ":" FNR ": " length " columns" }' "${c_files[@]}" \
    "${build_files[@]}")
if [ -n "$wide" ]; then
    printf 'lines wider than 100 columns:\n%s\n' "$wide" | head -n 40
    status=1
fi
[ "$status" -eq 0 ] &&
    echo "${#c_files[@]} C files in the layout; no line of them or the build over 100 columns"
exit "$status"
