# shellcheck shell=bash
# What the benchmarks share (sourced by run.sh and pg.sh): timing with peak memory, the
# median of repeated runs, a row of the results table. Needs $WORK (a scratch folder).

# measure NAME CMD...: runs CMD (stdout to /dev/null), sets T_NAME (seconds) and M_NAME (MB).
measure() {
    local name=$1 start end kb
    shift
    start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/cmd.err" || {
        echo "bench: failed: $*" >&2
        cat "$WORK/cmd.err" >&2
        exit 1
    }
    end=$EPOCHREALTIME
    kb=$(tail -n 1 "$WORK/time.out")
    printf -v "T_$name" '%s' "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')"
    printf -v "M_$name" '%s' "$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

row() { # SIZE FIGURE T_TWINREG T_ANCHOR M_TWINREG M_ANCHOR
    awk -v s="$1" -v f="$2" -v a="$3" -v b="$4" -v ma="$5" -v mb="$6" 'BEGIN {
        printf "| %9s | %-15s | %10.4f | %10.4f | %5.2f | %9s | %9s |\n", s, f, a, b, (b > 0 ? a / b : 0), ma, mb }'
}

# same_rows WHAT TWINREG_CMD ANCHOR_CMD: both give the same number of rows (twinreg's CSV
# has a header), so the anchor answers the same question.
same_rows() {
    local a b
    a=$(eval "$2" | wc -l)
    b=$(eval "$3" | wc -l)
    [ "$a" -eq $((b + 1)) ] || { echo "bench: $1: twinreg gave $((a - 1)) rows, the anchor $b" >&2; exit 1; }
}
