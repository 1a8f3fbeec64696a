#!/usr/bin/env bash
# End-to-end tests of what ships with the program: help for every command of the table,
# the manual page and the completion scripts generated from it, prefixes and suggestions,
# cmake --install, and tables that read well (wide characters aligned, ellipsis in tables
# only). Usage: bash tests/e2e/shipping.sh /path/to/twinreg [BUILD_DIR]
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
BUILD_DIR=$(cd "${2:-$(dirname "$1")}" && pwd)
e2e_setup "shipping.sh" "$1"

DB="$TMP/main/registry.db"
export TWINREG_DB="$DB"
run_twinreg init --sample >/dev/null 2>&1

# Every command of the table, from the overview's "Commands:" block (two-word names kept).
run_twinreg --help >"$TMP/overview"
mapfile -t COMMANDS < <(awk '/^Commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 (($2 ~ /^[a-z]+$/ && $3 != "" && $1 ~ /^(city|agreement|decision|framework|office|org|program|source)$/) ? " " $2 : "") }' "$TMP/overview")
[ "${#COMMANDS[@]}" -ge 30 ]
check $? "the overview lists the commands" "at least 30" "${#COMMANDS[@]}: ${COMMANDS[*]}"

# ======================================================================================
section "help for every command"

run_twinreg __man >"$TMP/twinreg.1"
check $? "__man exits 0" 0 "$?"
for c in "${COMMANDS[@]}"; do
    # shellcheck disable=SC2086
    tw help $c
    expect_rc 0
    head -n 1 "$TMP/out" | grep -q "^usage: twinreg $c"
    check $? "help $c: usage line" "usage: twinreg $c" "$(head -n 1 "$TMP/out")"
    grep -q '^Example:' "$TMP/out" && grep -A1 '^Example:' "$TMP/out" | tail -n 1 | grep -q "twinreg"
    check $? "help $c: an example" "Example: twinreg ..." "$(excerpt "$TMP/out")"
    cp "$TMP/out" "$TMP/help.out"
    # Each option's help says "(repeatable)" once: the table's flag adds it, never its text.
    ! grep -q "(repeatable).*(repeatable)" "$TMP/help.out"
    check $? "help $c: '(repeatable)' once an option" "once" "$(grep "(repeatable).*(repeatable)" "$TMP/help.out" | head -n 1)"
    # shellcheck disable=SC2086
    tw $c --help
    expect_rc 0
    cmp -s "$TMP/out" "$TMP/help.out"
    check $? "$c --help = help $c" "identical" "$(diff "$TMP/out" "$TMP/help.out" | head -n 3 | tr '\n' '|')"
    # The manual page has the command, and each of its options.
    grep -q "^\.SS \"$c" "$TMP/twinreg.1"
    check $? "manual page: section for $c" ".SS \"$c ...\"" "missing"
    section_text=$(awk -v c="$c" 'index($0, ".SS \"" c) == 1 { on = 1; next } on && /^\.SS / { exit } on { print }' "$TMP/twinreg.1" | sed 's/\\-/-/g')
    for opt in $(grep -oE '^  --[a-z-]+' "$TMP/help.out"); do
        grep -q -- "$opt" <<<"$section_text"
        check $? "manual page: $c has $opt" "$opt" "$(head -c 200 <<<"$section_text")"
        # Completion offers the option after the command.
        # shellcheck disable=SC2086
        words=($c)
        run_twinreg __complete "${#words[@]}" "${words[@]}" "${opt:0:3}" >"$TMP/comp"
        grep -qx -- "$opt" "$TMP/comp"
        check $? "completion: $c ${opt:0:3} offers $opt" "$opt" "$(tr '\n' ' ' <"$TMP/comp")"
    done
done
# The page's date: SOURCE_DATE_EPOCH's day (a reproducible build), else the day it is made.
SOURCE_DATE_EPOCH=1700000000 run_twinreg __man >"$TMP/dated.1"
head -n 1 "$TMP/dated.1" >"$TMP/th"
want_th='.TH TWINREG 1 "2023-11-14" "twinreg '"$("$TWINREG" --version | cut -d' ' -f2)"'" "User Commands"'
[ "$(cat "$TMP/th")" = "$want_th" ]
check $? "manual page: dated by SOURCE_DATE_EPOCH" "$want_th" "$(cat "$TMP/th")"
grep -q "^\.TH TWINREG 1 \"$(date -u +%Y-%m-%d)\"" "$TMP/twinreg.1" ||
    grep -q "^\.TH TWINREG 1 \"$(date -u -d yesterday +%Y-%m-%d)\"" "$TMP/twinreg.1"
check $? "manual page: dated the day it is made" "$(date -u +%Y-%m-%d)" "$(head -n 1 "$TMP/twinreg.1")"
grep -q '^\.TH TWINREG 1' "$TMP/twinreg.1" && grep -q '^\.SH EXIT STATUS' "$TMP/twinreg.1" && grep -q '^\.SH ENVIRONMENT' "$TMP/twinreg.1"
check $? "manual page: title, exit status and environment" ".TH/.SH" "$(head -c 200 "$TMP/twinreg.1")"
if command -v groff >/dev/null; then
    # Not even for non-ASCII text (Séoul, 서울): it is written as \[uXXXX], so a bare groff
    # renders it as man-db's preconv would.
    groff -man -Tutf8 -ww -z "$TMP/twinreg.1" 2>"$TMP/groff.err"
    ! grep -q . "$TMP/groff.err"
    check $? "manual page: groff finds no error" "no warnings" "$(head -n 3 "$TMP/groff.err")"
    groff -man -Tutf8 "$TMP/twinreg.1" 2>/dev/null | grep -q 'alias Séoul@fr \-\-alias 서울@ko'
    check $? "manual page: non-ASCII text rendered" "Séoul, 서울" "$(grep -m1 -a 'alias' "$TMP/twinreg.1")"
else
    skip "groff missing (apt-get install groff): the manual page is not rendered"
fi

# ======================================================================================
section "completion"

# The command words, and every group's subcommands.
run_twinreg __complete 0 "" >"$TMP/comp"
for c in "${COMMANDS[@]}"; do
    first=${c%% *}
    grep -qx -- "$first" "$TMP/comp"
    check $? "completion offers the command '$first'" "$first" "$(tr '\n' ' ' <"$TMP/comp")"
    if [ "$first" != "$c" ]; then
        run_twinreg __complete 1 "$first" "" >"$TMP/sub"
        grep -qx -- "${c#* }" "$TMP/sub"
        check $? "completion offers '$c'" "${c#* }" "$(tr '\n' ' ' <"$TMP/sub")"
    fi
done

# Through the bash script itself, as bash calls it on TAB.
run_twinreg completion bash >"$TMP/twinreg.bash"
check $? "completion bash exits 0" 0 "$?"
export TWINREG
got=$(bash_complete twinreg part)
[ "$got" = partners ]
check $? "bash: twinreg part<TAB> → partners" partners "$got"
got=$(bash_complete twinreg agreement add Seoul 'Mexico City' --ki)
[ "$got" = --kind ]
check $? "bash: agreement add ... --ki<TAB> → --kind" --kind "$got"
got=$(bash_complete twinreg agreement add Seoul 'Mexico City' --kind str)
[ "$got" = strategic-cooperation ]
check $? "bash: --kind str<TAB> → strategic-cooperation" strategic-cooperation "$got"
got=$(bash_complete twinreg --db "$DB" partners Mex)
[ "$got" = 'Mexico\ City' ]
check $? "bash: partners Mex<TAB> → Mexico\\ City (from the database)" 'Mexico\ City' "$got"
got=$(bash_complete twinreg city show --db "$DB" Lud)
[ "$got" = Ludwigsburg ]
check $? "bash: city show --db DB Lud<TAB> → Ludwigsburg (--db after the command)" Ludwigsburg "$got"
tw --db "$TMP/other.db" partners Seoul --db "$DB"
expect_rc 2
expect_err_has "--db: given twice, with two different paths"
run_twinreg partners Seoul --db "$DB" --on 2020-01-01 >"$TMP/out" 2>"$TMP/err"
grep -q "Mexico City" "$TMP/out"
check $? "partners Seoul --db DB: --db after the command" "Mexico City" "$(excerpt "$TMP/out")"
got=$(bash_complete twinreg --db "$DB" city show Lud)
[ "$got" = Ludwigsburg ]
check $? "bash: city show Lud<TAB> → Ludwigsburg" Ludwigsburg "$got"
got=$(bash_complete twinreg export --format geo)
[ "$got" = geojson ]
check $? "bash: export --format geo<TAB> → geojson" geojson "$got"
: >"$TMP/pairs-for-completion.csv"
got=$(cd "$TMP" && bash_complete twinreg import pairs-for)
[ "$got" = pairs-for-completion.csv ]
check $? "bash: import pairs-for<TAB> → the file" pairs-for-completion.csv "$got"
# A missing database: nothing offered, nothing created.
got=$(bash_complete twinreg --db "$TMP/none/registry.db" partners Mex)
[ -z "$got" ] && [ ! -e "$TMP/none" ]
check $? "bash: city names from a missing database: none, and no file created" "" "$got"
run_twinreg completion zsh >"$TMP/_twinreg"
head -n 1 "$TMP/_twinreg" | grep -qx '#compdef twinreg'
check $? "completion zsh: a #compdef script" "#compdef twinreg" "$(head -n 1 "$TMP/_twinreg")"
if command -v zsh >/dev/null; then
    zsh -n "$TMP/_twinreg"
    check $? "completion zsh: valid zsh" 0 "$?"
else
    skip "zsh missing (apt-get install zsh): the zsh completion script is not parsed"
fi
bash -n "$TMP/twinreg.bash"
check $? "completion bash: valid bash" 0 "$?"
reject 2 "no completion for the shell 'tcsh': expected bash, zsh or fish" -- completion tcsh

# ======================================================================================
section "prefixes and suggestions"

tw agreement list --json
cp "$TMP/out" "$TMP/full.out"
tw agr li --json
expect_rc 0
expect_out_same "$TMP/full.out" "agreement list"
tw part Seoul --on 2020-01-01
expect_rc 0
expect_out_has "Mexico City"
reject 2 "did you mean 'partners'" -- parnters Seoul
reject 2 "did you mean 'show'" -- city shw Seoul
reject 2 "did you mean 'export'" -- exprot
reject 2 "ambiguous command 'c'" -- c
tw help city
expect_rc 0
expect_out_has "twinreg city add NAME"
expect_out_has "twinreg city remove CITY"
reject 2 "nonsense: unknown command (see 'twinreg --help')" -- help nonsense

# ======================================================================================
section "tables read well"

tw city add 서울특별시 --country KR --alias 'Seoul Special City@en'
expect_rc 0
tw city add Łódź --country PL
expect_rc 0
tw city list
expect_rc 0
# The COUNTRY column starts at the same display column on every row: the text before the
# two-letter code, measured with wc -L (which counts a Hangul syllable as two columns, as
# a terminal shows it), is as wide as the header's text before COUNTRY.
header_col=$(head -n 1 "$TMP/out" | awk '{ print index($0, "COUNTRY") - 1 }')
bad=0
rows=0
while IFS= read -r line; do
    before=$(sed -E 's/^([0-9]+ +.*[^ ] +)[A-Z][A-Z]( .*)?$/\1/' <<<"$line")
    w=$(printf '%s' "$before" | wc -L)
    rows=$((rows + 1))
    [ "$w" -eq "$header_col" ] || bad=$((bad + 1))
done < <(tail -n +2 "$TMP/out")
[ "$bad" -eq 0 ] && [ "$rows" -ge 6 ]
check $? "city list: the COUNTRY column is aligned on every row (wide characters included)" "column $header_col on $rows rows" "$bad rows off: $(excerpt "$TMP/out")"
tw agreement list
long_title=$(run_twinreg agreement show 3 --json | sed -n 's/.*"title": "\([^"]*\)".*/\1/p')
grep -q '…' "$TMP/out" && ! grep -qF -- "$long_title" "$TMP/out"
check $? "agreement list: a long title ends with an ellipsis in the table" "…" "$(excerpt "$TMP/out")"
tw agreement list --json
grep -qF -- "$long_title" "$TMP/out"
check $? "agreement list --json: the title in full" "$long_title" "$(excerpt "$TMP/out")"
tw agreement show 3
expect_out_has "2019-07-09"
tw program show VTP
expect_rc 0
expect_out_has "BENEFICIARIES"

# ======================================================================================
section "cmake --install"

if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then
    DEST="$TMP/install"
    DESTDIR="$DEST" cmake --install "$BUILD_DIR" --prefix /usr >"$TMP/install.log" 2>&1
    check $? "cmake --install (DESTDIR)" 0 "$(tail -n 3 "$TMP/install.log")"
    for f in usr/bin/twinreg usr/share/man/man1/twinreg.1 usr/share/bash-completion/completions/twinreg \
        usr/share/zsh/vendor-completions/_twinreg; do
        [ -s "$DEST/$f" ]
        check $? "installed: /$f" "a file" "$(ls -R "$DEST" | head -n 20 | tr '\n' ' ')"
    done
    "$DEST/usr/bin/twinreg" --version >"$TMP/out" 2>&1
    check $? "the installed binary runs" 0 "$(cat "$TMP/out")"
    cmp -s "$DEST/usr/share/man/man1/twinreg.1" "$TMP/twinreg.1"
    check $? "the installed manual page is the one the program prints" identical "differs"
    if command -v man >/dev/null; then
        MANPAGER=cat man -l "$DEST/usr/share/man/man1/twinreg.1" >"$TMP/man.txt" 2>/dev/null
        grep -q "agreement add" "$TMP/man.txt"
        check $? "man -l renders the page" "agreement add" "$(head -n 5 "$TMP/man.txt")"
    else
        skip "man missing (apt-get install man-db): the installed page is not rendered"
    fi
else
    fail "cmake --install" "a build folder with CMakeCache.txt" "$BUILD_DIR"
fi

e2e_finish 617
