# shellcheck shell=bash
# Growth (issue 19; sourced by bench/run.sh after every size): the cost per record, in
# microseconds, of each figure that bench/steps/world.sh wrote to $WORK/growth.txt (lines
# "SIZE FIGURE SECONDS RECORDS"), at each size, and the spread: the largest over the
# smallest (issue 19's target: within ±25% from 10k to 1M, a spread of at most 1.67).
if [ -s "$WORK/growth.txt" ]; then
    echo
    awk -v sizes="$(awk '{ print $1 }' "$WORK/growth.txt" | sort -un | paste -sd' ')" '
        { us[$2, $1] = 1e6 * $3 / $4; if (!($2 in seen)) { seen[$2] = 1; names[++k] = $2 } }
        END {
            n = split(sizes, s, " ")
            head = "| per record    "; rule = "| ------------- "
            for (i = 1; i <= n; i++) {
                head = head sprintf("| %9s us ", s[i]); rule = rule "| -----------: "
            }
            print head "| spread |"; print rule "| -----: |"
            for (j = 1; j <= k; j++) {
                line = sprintf("| %-13s ", names[j]); lo = hi = 0
                for (i = 1; i <= n; i++) {
                    v = us[names[j], s[i]]
                    line = line sprintf("| %12.2f ", v)
                    if (v > 0 && (lo == 0 || v < lo)) lo = v
                    if (v > hi) hi = v
                }
                printf "%s| %6.2f |\n", line, (lo > 0 ? hi / lo : 0)
            }
        }' "$WORK/growth.txt"
fi
