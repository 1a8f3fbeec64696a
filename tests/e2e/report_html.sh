#!/usr/bin/env bash
# End-to-end tests of report --format html (issue 17, "Pictures"): the printable page of a
# pair and of a city, read by Python's HTML parser (tests/e2e/html_check.py): well-formed,
# one timeline per relationship with one lane per agreement, every line of the table form
# on the page, user text escaped; the formats each command has; bad input refused.
# Usage: bash tests/e2e/report_html.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "report_html.sh" "$@"

mkdir -p "$TMP/page"
DB=$(e2e_db "$TMP/page/registry.db")
# Seoul–Mexico City of the reference data set (frameworks, programs, beneficiaries, sources),
# with a suspension, an amendment, an agreement that expires, one ended, and a title that
# holds markup.
tw --db "$DB" init --sample
expect_rc 0
EVIL='<script>alert("x")</script> & Co'
for a in "agreement suspend 2 --on 2015-01-01 --until 2016-01-01 --reason council&<b>" \
    "agreement amend 3 --on 2021-01-01 --note widened"; do
    # shellcheck disable=SC2086 # the words of each command
    tw --db "$DB" $a
    expect_rc 0
done
tw --db "$DB" agreement add Seoul 'Mexico City' --signed 2020-05-05 --expires 2027-01-01 \
    --kind memorandum --title "$EVIL"
expect_rc 0
tw --db "$DB" agreement add Seoul 'Mexico City' --signed 2018 --kind friendship --title ended
expect_rc 0
tw --db "$DB" agreement end 6 --on 2022-03-01 --reason 'not renewed'
expect_rc 0
tw --db "$DB" agreement add Seoul Ludwigsburg --signed unknown --kind friendship
expect_rc 0

# page ARGS... -- SVGS LANES: report ARGS as html and as a table; the page checked against
# the table, with SVGS drawings and LANES lanes in all.
page() {
    local args=()
    while [ "$1" != "--" ]; do args+=("$1") && shift; done
    tw --db "$DB" report "${args[@]}"
    expect_rc 0
    cp "$TMP/out" "$TMP/page/table.txt"
    tw --db "$DB" report "${args[@]}" --format html
    expect_rc 0
    cp "$TMP/out" "$TMP/page/page.html"
    python3 "$HERE/html_check.py" "$TMP/page/page.html" "$TMP/page/table.txt" "$2" "$3" \
        >"$TMP/page/check" 2>&1
    check $? "report ${args[*]} --format html: well-formed, $2 svg, $3 lanes, the table's lines" \
        "no problem" "$(head -c 800 "$TMP/page/check")"
}

# lanes_of ARGS...: how many agreements report ARGS --format json holds (pair or city).
lanes_of() {
    tw --db "$DB" report "$@" --format json
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
print(sum(len(p["agreements"]) for p in r.get("partners", [r])))' "$TMP/out"
}

# ======================================================================================
section "the page of a pair and of a city"

N=$(lanes_of Seoul 'Mexico City')
[ "$N" -eq 5 ]
check $? "Seoul–Mexico City: five agreements" 5 "$N"
page Seoul 'Mexico City' -- 1 "$N"
page Seoul 'Mexico City' --on 2016-06-01 -- 1 "$(lanes_of Seoul 'Mexico City' --on 2016-06-01)"
page Seoul -- 2 "$(lanes_of Seoul)"
page Ludwigsburg -- 2 "$(lanes_of Ludwigsburg)"

tw --db "$DB" report Seoul 'Mexico City' --format json --on 2026-06-01
want=$(python3 -c 'import json,sys
print(" ".join(str(a["id"]) for a in json.load(open(sys.argv[1]))["agreements"]))' "$TMP/out")
tw --db "$DB" report Seoul 'Mexico City' --format html --on 2026-06-01
expect_out_has '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co'
# The page's own title names what it is about, not only its day (a browser's tab, a PDF).
expect_out_has '<title>Seoul (KR) – Mexico City (MX) – twinreg report on 2026-06-01</title>'
expect_out_lacks '<script'
expect_out_has 'council&amp;&lt;b&gt;'
expect_out_has 'status on 2026-06-01: in force; expires 2027-01-01'
expect_out_has 'status on 2026-06-01: ended on 2022-03-01; no expiry'
expect_out_has '<strong>Expiring within a year of 2026-06-01</strong>: agreement 5 on 2027-01-01'
expect_out_has '<rect class="suspension"'
expect_out_has '<line class="event"'
expect_out_has '<line class="program"'
expect_out_has '<line class="ahead"'
expect_out_has '<p class="no-map">No map: no coordinates are recorded for Seoul'
expect_out_has '@media print'
# A lane per agreement, in the report's order (oldest first).
got=$(grep -o 'class="lane" data-agreement="[0-9]*"' "$TMP/out" | grep -o '[0-9]*' | paste -sd ' ')
[ "$got" = "$want" ]
check $? "one lane per agreement, in the report's order" "$want" "$got"
tw --db "$DB" report Seoul --format json --on 2026-06-01
partners=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["partners"]))' "$TMP/out")
tw --db "$DB" report Seoul --format html --on 2026-06-01
expect_out_has "<title>Seoul (KR): $partners partners on 2026-06-01, most recent first – twinreg report on 2026-06-01</title>"
# An undated agreement keeps its lane, with no span.
tw --db "$DB" report Ludwigsburg Seoul --format html
expect_out_has '(undated)</text>'
expect_out_lacks '<rect class="span"'

# ======================================================================================
section "formats: html only where a command prints a document"

reject 2 "no csv output: use --format table, json, ndjson, markdown or html" -- --db "$DB" report Seoul --format csv
reject 2 "no html output: use --format table, json, ndjson, csv or tsv" -- --db "$DB" agreement list --format html
reject 2 "unknown export format 'html'" -- --db "$DB" export --format html
tw --db "$DB" report --help
expect_out_has "markdown, html"

# ======================================================================================
section "bad input: the exit status, one message, the registry unchanged"

reject 3 "Atlantis" -- --db "$DB" report Atlantis --format html
reject 4 "invalid date 'tomorrow'" -- --db "$DB" report Seoul --on tomorrow --format html
reject 2 "report" -- --db "$DB" report Seoul Bonn Como --format html

# ======================================================================================
section "the small map of the parties, once both have coordinates"

tw --db "$DB" city update Seoul --lat 37.5665 --lon 126.978
expect_rc 0
tw --db "$DB" report Seoul 'Mexico City' --format html
expect_out_has '<p class="no-map">No map: no coordinates are recorded for Mexico City'
tw --db "$DB" city update 'Mexico City' --lat 19.4326 --lon -99.1332
expect_rc 0
page Seoul 'Mexico City' -- 2 "$N"
tw --db "$DB" report Seoul 'Mexico City' --format html
expect_out_lacks 'no-map'
expect_out_has '<circle cx="'
expect_out_has '<title>Seoul (KR)</title>'
expect_out_has '<title>Mexico City (MX)</title>'
expect_out_has "<title>Seoul (KR) – Mexico City (MX): $N agreements</title>"
got=$(grep -c '<circle cx=' "$TMP/out")
[ "$got" -eq 2 ]
check $? "the small map: two cities" 2 "$got"

e2e_finish 60 60
