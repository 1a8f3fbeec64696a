#!/usr/bin/env bash
# End-to-end tests of what expires and of the report an office hands to its mayor (issue
# 16): agreement list --expiring and its windows, each status the report tells on a day,
# report CITY's partners most recent first, --format markdown, the formats each command
# has, and the bad inputs with their exit status, database unchanged.
# Usage: bash tests/e2e/report.sh /path/to/twinreg
# Runs in a fresh temporary folder, removed on exit; on a server with E2E_ENGINE=postgresql.
# Prints one line per failed check and, last, "N passed, M failed"; exits 1 on any failure.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
e2e_setup "report.sh" "$@"

# expiring ARGS...: the ids `agreement list --expiring ARGS` lists, space-separated.
expiring() {
    tw --db "$DB" agreement list --expiring "$@" --format json
    expect_rc 0
    IDS=$(ids_of id)
}
# expect_ids WHAT WANT: $IDS is WANT.
expect_ids() {
    [ "$IDS" = "$2" ]
    check $? "$1" "$2" "$IDS"
}
# line_of TEXT: the number of stdout's first line holding TEXT.
line_of() { grep -n -m1 -F -- "$1" "$TMP/out" | cut -d: -f1; }

mkdir -p "$TMP/report"
DB=$(e2e_db "$TMP/report/registry.db")
for c in Arles:FR Bonn:DE Como:IT Denia:ES; do
    tw --db "$DB" city add "${c%%:*}" --country "${c##*:}"
    expect_rc 0
done
# The day of most checks is 2026-06-01. Each agreement's id is its line's number.
add() {
    tw --db "$DB" agreement add "$@"
    expect_rc 0
}
add Arles Bonn --signed 2000-01-01 --expires 2026-05-31       # 1: expired the day before
add Arles Bonn --signed 2001-01-01 --expires 2026-06-01       # 2: its last day is the day
add Arles Como --signed 2002-01-01 --expires 2027-06-01       # 3: the last day of 1y
add Arles Como --signed 2003-01-01 --expires 2027-06-02       # 4: the day after 1y
add Arles Denia --signed 2004-01-01 --expires 2026-08-30      # 5: the last day of 90d
add Arles Denia --signed 2005-01-01 --expires 2026-08-31      # 6: the day after 90d, within 6m
add Bonn Como --signed 2006-01-01                             # 7: no expiry
add Bonn Como --signed 2007-01-01 --expires 2026-09-01        # 8: ended before it expires
add Bonn Denia --signed 2008-01-01                            # 9: suspended until 2026-09-01
add Bonn Denia --signed 2020-01-01 --in-force 2027-01-01      # 10: not yet in force
add Como Denia --signed 2010-01-01                            # 11: suspended until further notice
add Como Denia --signed 2011-01-01 --expires 2026-12          # 12: a partial expiry (its 1st day)
tw --db "$DB" agreement end 8 --on 2026-07-01 --reason 'not renewed'
expect_rc 0
tw --db "$DB" agreement suspend 9 --on 2026-01-01 --until 2026-09-01 --reason 'council decision'
expect_rc 0
tw --db "$DB" agreement suspend 11 --on 2026-03-01 --reason 'until further notice'
expect_rc 0

# ======================================================================================
section "agreement list --expiring: the window of each unit, its edge days"

expiring --on 2026-06-01
expect_ids "1y from 2026-06-01 (default): the day itself to 2027-06-01, ended ones never" "2 3 5 6 12"
expiring --on 2026-06-01 --within 1y
expect_ids "--within 1y is the default" "2 3 5 6 12"
expiring --on 2026-06-01 --within 2y
expect_ids "--within 2y reaches 2027-06-02" "2 3 4 5 6 12"
expiring --on 2026-06-01 --within 6m
expect_ids "--within 6m: to 2026-12-01, the partial 2026-12 included" "2 5 6 12"
expiring --on 2026-06-01 --within 90d
expect_ids "--within 90d: to 2026-08-30 included" "2 5"
expiring --on 2026-06-01 --within 1d
expect_ids "--within 1d: the day and the next" "2"
expiring --on 2026-06-02 --within 1d
expect_ids "the day after its last day, 2 is expired: never listed" ""
expiring --on 2026-06-01 --within 6m --country DE
expect_ids "with the other filters (--country DE)" "2"
expiring --on 2026-06-01 --active
expect_ids "with --active on the same day: 1 expired, 2 in force on its last day" "2 3 5 6 12"
tw --db "$DB" agreement list --expiring --on 2026-06-01 --within 90d
expect_rc 0
expect_out_has "until 2026-08-30"
expect_out_lacks "2026-08-31"
# Counted from today without --on: an agreement whose last day is today is listed.
TODAY=$(date +%F)
add Como Denia --signed 2012-01-01 --expires "$TODAY"           # 13
expiring --within 1d
case $IDS in *13*) r=0 ;; *) r=1 ;; esac
check $r "without --on: from today, its last day included" "13 among them" "$IDS"
tw --db "$DB" agreement remove 13
expect_rc 0

# ======================================================================================
section "report: each agreement's status on the day, and what expires"

tw --db "$DB" report Arles Bonn --on 2026-06-01
expect_rc 0
expect_out_has "status on 2026-06-01: expired on 2026-05-31; expires 2026-05-31"
expect_out_has "status on 2026-06-01: in force; expires 2026-06-01"
expect_out_has "Expiring within a year of 2026-06-01: agreement 2 on 2026-06-01"
tw --db "$DB" report Arles Bonn --on 2026-06-02
expect_out_has "Expiring within a year of 2026-06-02: none"
tw --db "$DB" report Bonn Como --on 2026-08-01
expect_rc 0
expect_out_has "status on 2026-08-01: in force; no expiry"
expect_out_has "status on 2026-08-01: ended on 2026-07-01; expires 2026-09-01"
expect_out_has "Expiring within a year of 2026-08-01: none"
tw --db "$DB" report Bonn Como --on 2026-06-30
expect_out_has "Expiring within a year of 2026-06-30: none"
expect_out_lacks "ended on 2026-07-01;"
tw --db "$DB" report Bonn Denia --on 2026-06-01
expect_out_has "status on 2026-06-01: suspended since 2026-01-01 until 2026-09-01; no expiry"
expect_out_has "status on 2026-06-01: not yet in force until 2027-01-01; no expiry"
tw --db "$DB" report Bonn Denia --on 2026-09-01
expect_out_has "status on 2026-09-01: in force; no expiry"
tw --db "$DB" report Bonn Denia --on 2027-01-01 --json
expect_rc 0
expect_json_eq '$.day' 2027-01-01
expect_json_eq '$.agreements[1].status.state' "in force"
tw --db "$DB" report Bonn Denia --on 2026-06-01 --json
expect_json_eq '$.agreements[0].status.state' suspended
expect_json_eq '$.agreements[0].status.since' 2026-01-01
expect_json_eq '$.agreements[0].status.until' 2026-09-01
expect_json_eq '$.agreements[1].status.state' "not yet in force"
expect_json_eq '$.agreements[1].status.date' 2027-01-01
tw --db "$DB" report Como Denia --on 2026-06-01 --json
expect_json_eq '$.agreements[0].status.state' suspended
expect_json_null '$.agreements[0].status.until'
expect_json_eq '$.expiring[0].id' 12
expect_json_eq '$.expiring[0].expires_on' 2026-12
tw --db "$DB" report Arles Bonn --on 2026-06-01 --json
expect_json_eq '$.agreements[0].status.state' expired
expect_json_eq '$.agreements[0].status.date' 2026-05-31
tw --db "$DB" report Bonn Como --on 2026-08-01 --json
expect_json_eq '$.agreements[1].status.state' ended
expect_json_eq '$.agreements[1].status.date' 2026-07-01

# ======================================================================================
section "report CITY: every partner, most recent first"

tw --db "$DB" report Arles --on 2026-06-01
expect_rc 0
expect_out_has "Arles (FR): 3 partners on 2026-06-01, most recent first"
d=$(line_of "Arles (FR) – Denia (ES)"); c=$(line_of "Arles (FR) – Como (IT)")
b=$(line_of "Arles (FR) – Bonn (DE)")
[ -n "$d" ] && [ -n "$c" ] && [ -n "$b" ] && [ "$d" -lt "$c" ] && [ "$c" -lt "$b" ]
check $? "$CMD: Denia (2005), Como (2003), Bonn (2001) in that order" "lines increasing" "'$d' '$c' '$b'"
tw --db "$DB" report Denia --on 2026-06-01 --json
expect_rc 0
expect_json_eq '$.city.name' Denia
expect_json_sql "SELECT group_concat(json_extract(value, '\$.cities[1].name'), ' ') FROM json_each({J}, '\$.partners');" \
    "Bonn Como Arles" "Bonn (2020), Como (2011), Arles (2005): the latest signing first"
expect_json_eq '$.partners[0].agreements[1].status.state' "not yet in force"
# A city with no agreement: a report with no partner, not an error.
tw --db "$DB" city add Evora --country PT
tw --db "$DB" report Evora --json
expect_rc 0
expect_json_sql "SELECT json_array_length({J}, '\$.partners');" 0 "no partner"

# ======================================================================================
section "report --format markdown"

tw --db "$DB" report Como Denia --on 2026-06-01 --format markdown
expect_rc 0
cat >"$TMP/expected.md" <<'MD'
# Como (IT) – Denia (ES)

## Agreements (oldest first)

- **11** 2010-01-01 sister-city
  - status on 2026-06-01: suspended since 2026-03-01 until further notice; no expiry
  - suspended 2026-03-01 until further notice: until further notice
- **12** 2011-01-01 sister-city
  - status on 2026-06-01: in force; expires 2026-12

**Expiring within a year of 2026-06-01**: agreement 12 on 2026-12

## Legal basis

- (none recorded)

## Programs and beneficiaries

- (none recorded)

## Sources

- (none recorded)
MD
expect_out_same "$TMP/expected.md" "the expected Markdown"
tw --db "$DB" report Denia --on 2026-06-01 --format markdown
expect_rc 0
expect_out_has "# Denia (ES): 3 partners on 2026-06-01, most recent first"
expect_out_has "## Denia (ES) – Como (IT)"
expect_out_has "### Agreements (oldest first)"
# User text is escaped: a title shows as written, never as emphasis, a link or HTML.
tw --db "$DB" city add Tarsus --country TR
tw --db "$DB" city add Ulm --country DE
tw --db "$DB" agreement add Tarsus Ulm --signed 2015 --title '*Partner_ship* [draft](x) <b>#1</b> | a\b'
expect_rc 0
tw --db "$DB" report Tarsus Ulm --on 2026-06-01 --format markdown
expect_rc 0
expect_out_has '2015 sister-city: \*Partner\_ship\* \[draft\](x) \<b\>\#1\</b\> \| a\\b'
expect_out_lacks '*Partner_ship*'
tw --db "$DB" report Tarsus Ulm --on 2026-06-01
expect_out_has '*Partner_ship* [draft](x) <b>#1</b> | a\b'

# ======================================================================================
section "formats: each command has its own, in its help and its refusals"

reject 2 "no csv output: use --format table, json, ndjson, markdown or html" -- --db "$DB" report Arles Bonn --format csv
reject 2 "no markdown output: use --format table, json, ndjson, csv or tsv" -- --db "$DB" agreement list --format markdown
reject 2 "unknown format 'pdf': expected table, json, ndjson, markdown or html" -- --db "$DB" report Arles --format pdf
tw --db "$DB" report --help
expect_out_has "--format FORMAT            output format: table (default), json, ndjson, markdown"
tw --db "$DB" agreement list --help
expect_out_lacks "markdown"
expect_out_has "--expiring"
expect_out_has "--within SPAN"

# ======================================================================================
section "bad input: the exit status, one message, the registry unchanged"

for bad in 0d 5x -1y y 1 9000y; do
    reject 2 "invalid --within '$bad': expected a whole number of years, months or days" \
        -- --db "$DB" agreement list --expiring --within "$bad"
done
reject 2 "--within goes with --expiring" -- --db "$DB" agreement list --within 1y
reject 2 "--on goes with --active or --expiring" -- --db "$DB" agreement list --on 2026-01-01
reject 4 "invalid date '2026-02-30'" -- --db "$DB" agreement list --expiring --on 2026-02-30
reject 4 "invalid date 'tomorrow'" -- --db "$DB" report Arles --on tomorrow
reject 3 "Atlantis" -- --db "$DB" report Atlantis
reject 2 "report" -- --db "$DB" report Arles Bonn Como

e2e_finish 125 125
