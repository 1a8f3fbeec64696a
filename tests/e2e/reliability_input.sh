#!/usr/bin/env bash
# What the registry accepts, it must give back (issue 12, items 3, 6, 9, 10, 11): record
# ids outside 1 .. 2^53-1 refused wherever they enter; CSV and NDJSON with any line end
# (LF, CRLF, a CR alone) read, never "0 inserted" for rows; one strict UTF-8 rule for all
# text that enters, so that export and JSON output never fail on stored data, and the
# history's command lines stay readable; NDJSON exports framed by a header and an end
# record with counts, a cut one refused; the CSV export linear in the agreements.
# Usage: bash tests/e2e/reliability_input.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

IN="$TMP/in"
mkdir -p "$IN"

# add_pair: Lyon and Oslo, and a sister-city agreement between them, in $DB.
add_pair() {
    local args
    for args in "city add Lyon --country FR" "city add Oslo --country NO" "agreement add Lyon Oslo --kind sister-city --signed 1990"; do
        # shellcheck disable=SC2086 # the words of each command
        tw $args
        expect_rc 0
    done
}

# ======================================================================================
section "csv export: rows and speed"

use_db csvexport
tw city add 'Lyon' --country FR
expect_rc 0
tw city add 'Frankfurt, am Main' --country DE
expect_rc 0
tw city add 'Say "Hi"' --country NO
expect_rc 0
tw agreement add 1 2 --kind sister-city --signed 1960 --title 'a, "quoted" title'
expect_rc 0
tw agreement add 1 2 3 --kind memorandum --signed 1990-05
expect_rc 0
tw export --format csv
expect_rc 0
printf '%s\r\n' 'id,kind,title,signed_on,in_force_on,expires_on,ended_on,end_reason,builds_on,city1,country1,city2,country2,parties,lat1,lon1,lat2,lon2,region1,region2,wikidata1,wikidata2' \
    '1,sister-city,"a, ""quoted"" title",1960,,,,,,Lyon,FR,"Frankfurt, am Main",DE,"Lyon (FR); Frankfurt, am Main (DE)",,,,,,,,' \
    '2,memorandum,,1990-05,,,,,,Lyon,FR,"Frankfurt, am Main",DE,"Lyon (FR); Frankfurt, am Main (DE); Say ""Hi"" (NO)",,,,,,,,' \
    >"$TMP/want.csv"
expect_out_same "$TMP/want.csv" "the expected CSV"
# The export is a pair list import reads back: the same pairs.
cp "$TMP/out" "$IN/back.csv"
use_db csvback
tw import "$IN/back.csv"
expect_rc 0
expect_eq "$(q 'SELECT count(*) FROM agreements')" 2 "the CSV export imports back: two agreements"

# 20,000 agreements between 400 cities: every row once, in order. The speed (a subquery per
# agreement over all the parties took 4.8 s at 10k, 129 s at 50k) is measured by the
# benchmark's "export csv" row, not timed here.
use_db csvbig
awk 'BEGIN {
    for (c = 1; c <= 400; c++) printf "{\"type\":\"city\",\"id\":%d,\"name\":\"C%d\",\"country\":\"FR\"}\n", c, c
    for (a = 1; a <= 20000; a++) printf "{\"type\":\"agreement\",\"id\":%d,\"kind\":\"sister-city\",\"parties\":[%d,%d],\"signed_on\":\"%d\"}\n", a, a % 400 + 1, (a * 7 + 1) % 399 + 2 - ((a * 7 + 1) % 399 + 2 == a % 400 + 1), 1950 + a % 60
}' >"$IN/big.ndjson"
tw import "$IN/big.ndjson"
expect_rc 0
tw export --format csv
expect_rc 0
expect_eq "$(wc -l <"$TMP/out")" 20001 "the CSV export of 20000 agreements has 20001 lines"

# ======================================================================================
section "line ends: LF, CRLF and a CR alone"

# A pair list from a classic Mac (CR only) used to be one line: a header with the rows in
# its last column, and "0 inserted".
for ending in lf crlf cr mixed; do
    case $ending in
    lf) e1='\n' e2='\n' ;;
    crlf) e1='\r\n' e2='\r\n' ;;
    cr) e1='\r' e2='\r' ;;
    mixed) e1='\r' e2='\r\n' ;;
    esac
    use_db "csv_$ending"
    printf "city1,country1,city2,country2,kind${e1}Lyon,FR,Frankfurt,DE,sister-city$e2\"Oslo\",NO,\"Riga\",LV,friendship${e1}" >"$IN/pairs_$ending.csv"
    tw import "$IN/pairs_$ending.csv"
    expect_rc 0
    expect_err_has "4 inserted"
    expect_eq "$(q 'SELECT name FROM cities ORDER BY id' | paste -sd'|')" \
        "Lyon|Frankfurt|Oslo|Riga" "CSV with $ending line ends: every row read, names whole"
    expect_eq "$(q 'SELECT kind FROM agreements ORDER BY id' | paste -sd'|')" \
        "sister-city|friendship" "CSV with $ending line ends: the last column has no line end in it"

    use_db "ndjson_$ending"
    printf "{\"type\":\"city\",\"id\":1,\"name\":\"Lyon\",\"country\":\"FR\"}${e1}{\"type\":\"city\",\"id\":2,\"name\":\"Oslo\",\"country\":\"NO\"}${e2}" >"$IN/cities_$ending.ndjson"
    tw import "$IN/cities_$ending.ndjson"
    expect_rc 0
    expect_eq "$(q 'SELECT count(*) FROM cities')" 2 "NDJSON with $ending line ends: both records read"
done

# A CR inside quotes belongs to the field, not to the row: the row stays whole (five
# fields), and its title is refused for the line break in it, as one in LF quotes is.
use_db csv_quoted_cr
tw init
expect_rc 0
printf 'city1,country1,city2,country2,title\r"Lyon",FR,Frankfurt,DE,"two\rlines"\r' >"$IN/quoted_cr.csv"
WROTE=1 reject 4 "1 invalid record" -- import "$IN/quoted_cr.csv"
expect_err_has "quoted_cr.csv:2: invalid title"

# The line numbers count every kind of line end, and a CRLF split between two chunks of
# the reader (64 KiB) is one line end, not two: the bad record is on line 73.
use_db crlf_chunk
tw init
expect_rc 0
{
    printf 'city1,country1,city2,country2,title\r\n' # 37 bytes
    title=$(head -c 900 /dev/zero | tr '\0' x)
    for _ in $(seq 70); do printf 'Lyon,FR,Frankfurt,DE,%s\r\n' "$title"; done # 923 bytes each
    printf 'Lyon,FR,Frankfurt,DE,%s\r\n' "${title:0:$((65536 - 37 - 70 * 923 - 22))}"
    printf 'Oslo,NO\r\n'
} >"$IN/chunk.csv"
expect_eq "$(head -c 65537 "$IN/chunk.csv" | tail -c 2 | od -An -c | tr -d ' ')" '\r\n' "the fixture's CRLF straddles 64 KiB"
WROTE=1 reject 4 "1 invalid record" -- import "$IN/chunk.csv"
expect_err_has "chunk.csv:73: 2 fields where the header has 5"
printf 'city1,country1,city2,country2\rLyon,FR,Frankfurt,DE\r\rOslo,NO\r' >"$IN/cr_lines.csv"
WROTE=1 reject 4 "1 invalid record" -- import "$IN/cr_lines.csv"
expect_err_has "cr_lines.csv:4: 2 fields where the header has 4"

# ======================================================================================
section "ids: 1 to 2^53-1"

# An id at the top of the 64-bit range became the registry's id, and then no city or
# agreement could be added (no next id), even after undo. Every record type with an id
# (frameworks have codes).
use_db ids
tw city add Lyon --country FR
expect_rc 0
for bad in 9223372036854775807 9007199254740992 0 -1 '"9223372036854775807"' '"0"' '"-5"'; do
    for rec in \
        "{\"type\":\"city\",\"id\":$bad,\"name\":\"Oslo\",\"country\":\"NO\"}" \
        "{\"type\":\"organization\",\"id\":$bad,\"name\":\"Eurocities\"}" \
        "{\"type\":\"source\",\"id\":$bad,\"url\":\"https://example.org/a\"}" \
        "{\"type\":\"agreement\",\"id\":$bad,\"kind\":\"sister-city\",\"parties\":[{\"name\":\"Lyon\",\"country\":\"FR\"},{\"name\":\"Oslo\",\"country\":\"NO\"}]}" \
        "{\"type\":\"program\",\"id\":$bad,\"code\":\"p1\"}"; do
        printf '%s\n' "$rec" >"$IN/id.ndjson"
        reject 4 "1 invalid record" -- import "$IN/id.ndjson"
        expect_err_has "is out of range: a numeric id is 1 to 9007199254740991"
    done
done
# The same in a JSON document.
printf '{"format":"twinreg","version":1,"cities":[{"id":9223372036854775807,"name":"Oslo","country":"NO"}]}' >"$IN/id.json"
reject 4 "1 invalid record" -- import "$IN/id.json"
expect_err_has "out of range"
# The largest id is kept. Ids are never reused, so the registry numbers the records after
# it from the ids it never used, never past the range that export and import would then
# refuse (reliability_ids.sh has the rest).
printf '{"type":"city","id":9007199254740991,"name":"Oslo","country":"NO"}\n{"type":"city","id":"seoul","name":"Seoul","country":"KR"}\n' >"$IN/id_max.ndjson"
tw import "$IN/id_max.ndjson"
expect_rc 0
expect_eq "$(q "SELECT id FROM cities WHERE name = 'Oslo'")" 9007199254740991 "the largest id is kept"
expect_eq "$(q "SELECT count(*) FROM cities WHERE name = 'Seoul' AND id < 9007199254740991")" 1 \
    "a record after the largest id gets an id in the range"
tw city add Riga --country LV
expect_rc 0
expect_eq "$(q "SELECT count(*) FROM cities WHERE name = 'Riga' AND id < 9007199254740991")" 1 \
    "a city added after the largest id gets an id in the range"
tw agreement add Lyon Oslo --kind sister-city --signed 2001
expect_rc 0
# On the command line, an id out of range names no record (it never gets in).
reject 3 "not found" -- agreement show 9223372036854775807
reject 3 "not found" -- agreement show 9007199254740992
reject 3 "not found" -- city show 9223372036854775807
tw city show 9007199254740991
expect_rc 0
expect_out_has Oslo

# ======================================================================================
section "ndjson: header and end record"

use_db ndjson_frame
add_pair
tw export --format ndjson
expect_rc 0
cp "$TMP/out" "$IN/whole.ndjson"
expect_eq "$(head -n 1 "$IN/whole.ndjson")" '{"type":"header","format":"twinreg","version":1}' "the first record is the header"
expect_eq "$(tail -n 1 "$IN/whole.ndjson")" \
    '{"type":"end","counts":{"sources":0,"cities":2,"organizations":0,"frameworks":0,"agreements":1,"programs":0}}' \
    "the last record has the counts of each type"
expect_eq "$(wc -l <"$IN/whole.ndjson")" 5 "header, two cities, one agreement, end"

# The whole export imports, from a file and from a pipe (the content says NDJSON), and
# gives the same export back.
use_db ndjson_whole
tw import "$IN/whole.ndjson"
expect_rc 0
expect_err_has "3 inserted"
tw export --format ndjson
expect_rc 0
expect_out_same "$IN/whole.ndjson" "the imported export"
use_db ndjson_stdin
tw import - <"$IN/whole.ndjson"
expect_rc 0
expect_eq "$(q 'SELECT count(*) FROM agreements')" 1 "an export piped into import: the agreement is there"

# A cut export (a pipe closed early, an interrupted copy) is refused whole; the registry
# it was read into is left as it was, with or without --skip-invalid or --dry-run.
# (WROTE=1: a cut file is found at its end, after its records were written; on a server
# the ids they took stay taken, see expect_unchanged_but_ids.)
use_db ndjson_cut
tw city add Riga --country LV
expect_rc 0
head -n 4 "$IN/whole.ndjson" >"$IN/cut_end.ndjson"
WROTE=1 reject 4 "the file is cut: it starts with a twinreg header but has no end record" -- import "$IN/cut_end.ndjson"
WROTE=1 reject 4 "the file is cut" -- import "$IN/cut_end.ndjson" --skip-invalid
WROTE=1 reject 4 "the file is cut" -- import "$IN/cut_end.ndjson" --dry-run
head -n 2 "$IN/whole.ndjson" >"$IN/cut_mid.ndjson"
WROTE=1 reject 4 "line 2: the file is cut" -- import "$IN/cut_mid.ndjson"
head -c 150 "$IN/whole.ndjson" >"$IN/cut_line.ndjson" # the end of a line cut off too
snap # --skip-invalid reports the cut line as skipped, then refuses the file
tw import "$IN/cut_line.ndjson" --skip-invalid
expect_rc 4
expect_err_has "cut_line.ndjson:2: invalid JSON"
expect_err_last_line
expect_err_has "line 2: the file is cut"
expect_unchanged_but_ids
head -n 1 "$IN/whole.ndjson" >"$IN/header_only.ndjson"
reject 4 "line 1: the file is cut" -- import "$IN/header_only.ndjson"
# Counts that do not match the records: a line lost in the middle, or a count altered.
sed 3d "$IN/whole.ndjson" >"$IN/lost.ndjson"
WROTE=1 reject 4 "line 4: the file is incomplete or altered: the end record counts 2 cities, the file has 1" -- import "$IN/lost.ndjson"
sed 's/"agreements":1/"agreements":2/' "$IN/whole.ndjson" >"$IN/altered.ndjson"
WROTE=1 reject 4 "the end record counts 2 agreements, the file has 1" -- import "$IN/altered.ndjson"
sed 's/"counts":{[^}]*}/"counts":7/' "$IN/whole.ndjson" >"$IN/bad_counts.ndjson"
WROTE=1 reject 4 "the end record needs \"counts\" (an object)" -- import "$IN/bad_counts.ndjson"
sed 's/"cities":2/"cities":"2"/' "$IN/whole.ndjson" >"$IN/text_count.ndjson"
WROTE=1 reject 4 "the end record's counts must be integers" -- import "$IN/text_count.ndjson"
# The frame in the wrong place, or from another format or version.
{ cat "$IN/whole.ndjson"; printf '%s\n' '{"type":"city","name":"Bergen","country":"NO"}'; } >"$IN/after_end.ndjson"
WROTE=1 reject 4 "line 6: a record after the end record" -- import "$IN/after_end.ndjson"
{ sed -n 2p "$IN/whole.ndjson"; cat "$IN/whole.ndjson"; } >"$IN/late_header.ndjson"
WROTE=1 reject 4 "line 2: a header record is only the first line" -- import "$IN/late_header.ndjson"
sed 1d "$IN/whole.ndjson" >"$IN/end_only.ndjson"
WROTE=1 reject 4 "line 4: an end record without a header on the first line" -- import "$IN/end_only.ndjson"
sed '1s/"version":1/"version":2/' "$IN/whole.ndjson" >"$IN/v2.ndjson"
reject 4 "line 1: unsupported interchange version: expected 1" -- import "$IN/v2.ndjson"
sed '1s/"format":"twinreg"/"format":"other"/' "$IN/whole.ndjson" >"$IN/other.ndjson"
reject 4 "not a twinreg NDJSON header" -- import "$IN/other.ndjson"
expect_eq "$(q 'SELECT name FROM cities ORDER BY id' | paste -sd,)" "Riga" "no refused file wrote anything"
# A header may gain optional fields without a new version.
sed '1s/}$/,"exported_by":"another twinreg"}/' "$IN/whole.ndjson" >"$IN/extra.ndjson"
tw import "$IN/extra.ndjson"
expect_rc 0
# A file from another tool, without header and end, imports as before.
sed '1d;$d' "$IN/whole.ndjson" >"$IN/unframed.ndjson"
use_db ndjson_unframed
tw import "$IN/unframed.ndjson"
expect_rc 0
expect_err_has "3 inserted"

# ======================================================================================
section "utf-8: one strict rule for all text"

# Overlong forms, UTF-16 surrogates and code points above U+10FFFF got in from the command
# line, and then export and city list --format json failed (exit 5) on the stored data.
use_db utf8
add_pair
for bad in $'\xc0\xaf' $'\xe0\x80\xaf' $'\xed\xa0\x80' $'\xed\xbf\xbf' $'\xf4\x90\x80\x80' $'\xf5\x80\x80\x80' $'\xe2\x82' $'\x80'; do
    reject 4 "invalid city name: not valid UTF-8 text" -- city add "Bad${bad}Town" --country FR
    reject 4 "invalid region: not valid UTF-8 text" -- city update Lyon --region "R${bad}"
    reject 4 "invalid title: not valid UTF-8 text" -- agreement add Lyon Oslo --kind memorandum --signed 2001 --title "T${bad}"
    reject 4 "invalid organization name: not valid UTF-8 text" -- org add "Org${bad}"
    reject 4 "invalid citation: not valid UTF-8 text" -- source add "https://example.org/${RANDOM}" --citation "C${bad}"
done
# What is valid gets in, to the largest code point, and comes back out in every format.
tw city add $'Big\xf4\x8f\xbf\xbfTown' --country FR
expect_rc 0
tw city add $'Sur\xed\x9f\xbf\xee\x80\x80' --country FR
expect_rc 0
for format in json ndjson csv geojson; do
    tw export --format "$format"
    expect_rc 0
done
tw city list --format json
expect_rc 0
expect_json_array 4
expect_out_has $'Big\xf4\x8f\xbf\xbfTown'

# Imported text: a CSV cell with an overlong form or a surrogate is an invalid row.
printf 'city1,country1,city2,country2\nLyon,FR,Bad\xed\xa0\x80,DE\n' >"$IN/surrogate.csv"
reject 4 "1 invalid record" -- import "$IN/surrogate.csv"
expect_err_has "surrogate.csv:2: name: not valid UTF-8 text"
printf 'city1,country1,city2,country2,title\nLyon,FR,Oslo,NO,T\xe0\x80\xaf\n' >"$IN/overlong.csv"
reject 4 "1 invalid record" -- import "$IN/overlong.csv"
expect_err_has "overlong.csv:2: title: not valid UTF-8 text"

# The history's command line is always valid text: an invalid byte in any argument, even
# the --db path, is shown as an escape (\xNN), and history reads in every format.
mkdir -p "$TMP/utf8db"
BADDB="$TMP/utf8db/reg"$'\xff\xed\xa0\x80'".db"
tw --db "$BADDB" city add Lyon --country FR
expect_rc 0
tw --db "$BADDB" city update Lyon --region $'East\x01'
expect_rc 4
for format in table json ndjson csv; do
    tw --db "$BADDB" history --format "$format"
    expect_rc 0
done
tw --db "$BADDB" history --format json
expect_json_sql "SELECT json_extract({J}, '\$[0].command') LIKE 'twinreg --db \$''%/utf8db/reg\\xFF\\xED\\xA0\\x80.db'' city add Lyon --country FR';" 1 \
    "the command line shows the invalid bytes of the path as escapes, in bash's \$'...'"
# The history's command line reads back, in bash, as the very arguments given: a literal
# backslash and quote stay themselves, invalid bytes and control characters come back.
words=("A\x41" "it's" $'tab\there' 'back\slash' "C:\\dir\\" 'plain')
tw --db "$BADDB" city add "${words[@]:0:1}" --country FR --region "${words[1]}"
expect_rc 0
tw --db "$BADDB" source add "https://example.org/${words[3]}" --citation "${words[4]}${words[5]}"
expect_rc 0
line=$(sqlite3 "$BADDB" "SELECT command FROM history ORDER BY id DESC LIMIT 1")
got=$(eval "printf '%s|' ${line#twinreg }" 2>&1)
want=$(printf '%s|' --db "$BADDB" source add "https://example.org/${words[3]}" --citation "${words[4]}${words[5]}")
expect_eq "$got" "$want" "the history's command line reads back as the arguments (backslashes, a path with invalid bytes)"
line=$(sqlite3 "$BADDB" "SELECT command FROM history WHERE command LIKE '%city add%' ORDER BY id DESC LIMIT 1")
got=$(eval "printf '%s|' ${line#twinreg }" 2>&1)
want=$(printf '%s|' --db "$BADDB" city add "${words[0]}" --country FR --region "${words[1]}")
expect_eq "$got" "$want" "the history's command line reads back as the arguments (a literal \\x41, a quote)"
tw --db "$BADDB" check
expect_rc 0
expect_eq "$(check_value history)" ok "check: the history is readable"

# check reads every history entry: one whose command line is not text is reported.
use_db utf8_history
tw city add Lyon --country FR
expect_rc 0
tw city add Oslo --country NO
expect_rc 0
if sqlite_only "a command line damaged by hand into bytes that are not UTF-8 (a server's text refuses them)"; then
    sqlite3 "$DB" "UPDATE history SET command = CAST(x'74776972ff' AS TEXT) WHERE id = 2"
    expect_eq "$?" 0 "the history entry damaged by hand"
    tw check
    expect_rc 5
    expect_check_report
    expect_eq "$(check_value history)" "history entry 2: its command line is not valid UTF-8 text" \
        "check names the bad entry"
fi

# ======================================================================================
section "an unchanged import changes nothing"
# Re-importing the registry's own export: every record unchanged, and nothing written, not
# even a program's participation rows again (new row ids) nor a history entry that counted
# them as inserted and deleted.
use_db unchanged
tw init --sample
expect_rc 0
export_to "$TMP/unchanged-before.json"
entries=$(n_history)
participation=$(q "SELECT id FROM participation ORDER BY id" | paste -sd,)
for format in json ndjson; do
    tw export --format "$format" --output "$TMP/own.$format"
    expect_rc 0
    tw import "$TMP/own.$format"
    expect_rc 0
    expect_err_has "0 inserted, 0 updated, 30 unchanged, 0 skipped"
    expect_eq "$(n_history)" "$entries" "re-import of the own $format export: no history entry"
    expect_eq "$(q "SELECT id FROM participation ORDER BY id" | paste -sd,)" "$participation" \
        "re-import of the own $format export: the participation rows keep their ids"
done
export_to "$TMP/unchanged-after.json"
expect_same_file "$TMP/unchanged-after.json" "$TMP/unchanged-before.json" "the export after the re-imports"
# A record that does change is still written, and recorded.
tw program list --format json
expect_rc 0
sed "s/young Mexicans, all years/young Mexicans, every year/" "$TMP/own.json" >"$TMP/own-changed.json"
cmp -s "$TMP/own.json" "$TMP/own-changed.json"
[ $? -ne 0 ]
check $? "the changed file differs (a participation note)" "a difference" "none"
tw import "$TMP/own-changed.json"
expect_rc 0
expect_err_has "0 inserted, 1 updated, 29 unchanged"
expect_eq "$(n_history)" "$((entries + 1))" "an import that changes one record: one history entry"

e2e_finish 750 746
