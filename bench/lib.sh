# shellcheck shell=bash
# What the benchmarks share (sourced by run.sh and pg.sh): timing with peak memory, the
# median of repeated runs alternated with the anchor, a row of the results table. Needs
# $WORK (a scratch folder) and $REPEAT.

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

# alternated TW_RUN ANCHOR_RUN: $REPEAT runs of twinreg and of the anchor, alternated, so
# that both see the same cache and load. For run I (1..REPEAT), "TW_RUN I" and then
# "ANCHOR_RUN I" set RUN to the command to time (an array; whatever else they do, before
# setting it, is not timed). Sets MEDIAN_TW and MEDIAN_AN (seconds), and M_tw and M_an (MB)
# of the last run of each.
alternated() {
    local i
    : >"$WORK/t_tw" && : >"$WORK/t_an"
    for i in $(seq 1 "$REPEAT"); do
        "$1" "$i"
        measure tw "${RUN[@]}"
        echo "$T_tw" >>"$WORK/t_tw"
        "$2" "$i"
        measure an "${RUN[@]}"
        echo "$T_an" >>"$WORK/t_an"
    done
    MEDIAN_TW=$(median <"$WORK/t_tw")
    MEDIAN_AN=$(median <"$WORK/t_an")
}

# The twinreg side of the alternated figures, on the registry $TDB of $N cities ($TW).
# tw_add I: an agreement add of a new pair a, b (lo, hi: in order, for the anchor's
# parties_key), signed on $day.
tw_add() {
    a=$(($1 * 7 % N + 1)) b=$((($1 * 7 + N / 2) % N + 1)) day="2031-01-$(printf %02d "$1")"
    lo=$((a < b ? a : b)) hi=$((a < b ? b : a))
    RUN=("$TW" --db "$TDB" agreement add "$a" "$b" --signed "$day" --kind memorandum)
}

# tw_partners I: the partners of city c on $DAY.
tw_partners() {
    c=$(($1 * 13 % N + 1))
    RUN=("$TW" --db "$TDB" partners "$c" --on "$DAY" --format csv)
}

# same_result WHAT MODE_A SRC_A MODE_B SRC_B: twinreg's result (A) and the anchor's (B), each
# in bench/canon.py's form (MODE: ndjson, json, shell-json, probe, anchor, rows), are the
# same in full; otherwise the benchmark stops, showing the first differences.
same_result() {
    python3 "$ROOT/bench/canon.py" "$2" "$3" >"$WORK/canon_a" &&
        python3 "$ROOT/bench/canon.py" "$4" "$5" >"$WORK/canon_b" ||
        { echo "bench: $1: cannot read the results to compare" >&2; exit 1; }
    [ -s "$WORK/canon_a" ] || { echo "bench: $1: twinreg's result is empty" >&2; exit 1; }
    cmp -s "$WORK/canon_a" "$WORK/canon_b" || {
        echo "bench: $1: twinreg and the anchor differ in $(diff "$WORK/canon_a" "$WORK/canon_b" |
            grep -c '^[<>]') lines (< twinreg, > anchor), the first:" >&2
        diff "$WORK/canon_a" "$WORK/canon_b" | grep '^[<>]' | head -n 6 >&2
        exit 1
    }
}

# The same, naming cities by name as users do (run.sh; issue 19), from $D/cities.csv.
city_called() { awk -F, -v id="$1" '$1 == id { print $2; exit }' "$D/cities.csv"; }
tw_add_named() {
    tw_add "$1"
    na=$(city_called "$a") nb=$(city_called "$b")
    RUN=("$TW" --db "$TDB" agreement add "$na" "$nb" --signed "$day" --kind memorandum)
}
tw_partners_named() {
    tw_partners "$1"
    name=$(city_called "$c")
    RUN=("$TW" --db "$TDB" partners "$name" --on "$DAY" --format csv)
}
