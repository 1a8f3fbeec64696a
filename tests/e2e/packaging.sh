#!/usr/bin/env bash
# End-to-end tests of what a packager installs (issue 18): `cmake --install` into a prefix
# of /usr and of /usr/local puts each completion script where its shell looks; completion
# offers every ISO 3166-1 country and completes --option=value in bash, zsh and fish.
# Usage: bash tests/e2e/packaging.sh /path/to/twinreg [BUILD_DIR]
# The engine does not matter here (no registry is read but for city names): SQLite only.
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"
BUILD_DIR=$(cd "${2:-$(dirname "$1")}" && pwd)
e2e_setup "packaging.sh" "$1"

DB="$TMP/main/registry.db"
run_twinreg --db "$DB" init --sample >/dev/null 2>&1
complete_words() { run_twinreg --db "$DB" __complete "$@" 2>/dev/null; }

# ======================================================================================
section "completion offers every country"

# The codes iso-codes itself lists, read by Python from the data the build used.
iso_json=$(sed -n 's/^ISO_CODES_JSON:FILEPATH=//p' "$BUILD_DIR/CMakeCache.txt")
python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["3166-1"]: print(c["alpha_2"])' "$iso_json" |
    LC_ALL=C sort >"$TMP/iso-codes"
complete_words 3 city list --country '' | LC_ALL=C sort >"$TMP/offered"
[ "$(wc -l <"$TMP/iso-codes")" -ge 249 ] && cmp -s "$TMP/iso-codes" "$TMP/offered"
check $? "city list --country <TAB>: every alpha-2 code of iso-codes" \
    "$(wc -l <"$TMP/iso-codes") codes" "$(wc -l <"$TMP/offered") codes: $(diff "$TMP/iso-codes" "$TMP/offered" | head -n 3 | tr '\n' ' ')"
got=$(complete_words 3 city list --country Z | tr '\n' ' ')
[ "$got" = "ZA ZM ZW " ]
check $? "city list --country Z<TAB>: Zimbabwe too, at the end of the alphabet" "ZA ZM ZW " "$got"
complete_words 4 framework add X --jurisdiction '' >"$TMP/juris"
{ cat "$TMP/iso-codes"; echo INT; } | LC_ALL=C sort >"$TMP/want-juris"
LC_ALL=C sort "$TMP/juris" | cmp -s - "$TMP/want-juris"
check $? "framework add --jurisdiction <TAB>: every country and INT" \
    "$(wc -l <"$TMP/want-juris") values" "$(wc -l <"$TMP/juris") values"

# ======================================================================================
section "completion of --option=value"

got=$(complete_words 1 active --format=cs | tr '\n' ' ')
[ "$got" = "--format=csv " ]
check $? "__complete: active --format=cs → --format=csv" "--format=csv " "$got"
got=$(complete_words 1 active --country=ZW | tr '\n' ' ')
[ "$got" = "--country=ZW " ]
check $? "__complete: active --country=ZW → --country=ZW" "--country=ZW " "$got"
got=$(complete_words 1 export --output=x | tr '\n' ' ')
[ "$got" = "__files__ " ]
check $? "__complete: export --output=x → a file" "__files__ " "$got"
got=$(complete_words 0 --color=ne | tr '\n' ' ')
[ "$got" = "--color=never " ]
check $? "__complete: --color=ne before the command → --color=never" "--color=never " "$got"
got=$(complete_words 1 active --nosuch=x | tr '\n' ' ')
[ -z "$got" ]
check $? "__complete: an unknown --option=: nothing" "" "$got"

# bash splits the word at '=' (COMP_WORDBREAKS) and replaces the part after it.
run_twinreg completion bash >"$TMP/twinreg.bash"
export TWINREG
got=$(bash_complete twinreg active --format = cs)
[ "$got" = csv ]
check $? "bash: active --format=cs<TAB> → csv after the '='" csv "$got"
got=$(bash_complete twinreg active --country = | tr '\n' ' ')
[ "$(wc -w <<<"$got")" -eq "$(wc -l <"$TMP/iso-codes")" ]
check $? "bash: active --country=<TAB> → every code" "$(wc -l <"$TMP/iso-codes") codes" "$got"
: >"$TMP/pairs-for-completion.csv"
got=$(cd "$TMP" && bash_complete twinreg import --rejects = pairs-for)
[ "$got" = pairs-for-completion.csv ]
check $? "bash: import --rejects=pairs-for<TAB> → the file" pairs-for-completion.csv "$got"
got=$(bash_complete twinreg --db "$DB" partners Mex)
[ "$got" = 'Mexico\ City' ]
check $? "bash: partners Mex<TAB> still → Mexico\\ City" 'Mexico\ City' "$got"

# zsh: the script's compadd gets the whole word, "--format=csv" (zsh replaces the word).
if command -v zsh >/dev/null; then
    run_twinreg completion zsh >"$TMP/_twinreg"
    # shellcheck disable=SC2016
    got=$(zsh -fc 'compadd() { shift 3; print -l -- "${(Q)@}"; }
        words=("$TWINREG" active --format=cs); CURRENT=3
        . "$1"' _ "$TMP/_twinreg")
    [ "$got" = --format=csv ]
    check $? "zsh: active --format=cs<TAB> → --format=csv" --format=csv "$got"
else
    skip "zsh missing (apt-get install zsh): its script is not run"
fi

# ======================================================================================
section "cmake --install puts each script where its shell looks"

FISH_BIN="$TMP/fish-bin"
mkdir -p "$FISH_BIN"
ln -s "$TWINREG" "$FISH_BIN/twinreg"
for prefix in /usr /usr/local; do
    DEST="$TMP/install$prefix"
    DESTDIR="$DEST" cmake --install "$BUILD_DIR" --prefix "$prefix" >"$TMP/install.log" 2>&1
    check $? "cmake --install --prefix $prefix (DESTDIR)" 0 "$(tail -n 3 "$TMP/install.log")"
    if [ "$prefix" = /usr ]; then zsh_dir=vendor-completions; else zsh_dir=site-functions; fi
    for f in bash-completion/completions/twinreg "zsh/$zsh_dir/_twinreg" \
        fish/vendor_completions.d/twinreg.fish; do
        [ -s "$DEST$prefix/share/$f" ]
        check $? "--prefix $prefix: $prefix/share/$f" "a file" "$(cd "$DEST" && find . -type f | tr '\n' ' ')"
    done
    other=$([ "$zsh_dir" = vendor-completions ] && echo site-functions || echo vendor-completions)
    [ ! -e "$DEST$prefix/share/zsh/$other" ]
    check $? "--prefix $prefix: no zsh/$other" "absent" "present"
    if command -v zsh >/dev/null; then
        zsh -fc 'print -l $fpath' | grep -qx -- "$prefix/share/zsh/$zsh_dir"
        check $? "--prefix $prefix: zsh's fpath has $prefix/share/zsh/$zsh_dir" "listed" \
            "$(zsh -fc 'print -l $fpath' | grep -v functions/ | tr '\n' ' ')"
    else
        skip "zsh missing (apt-get install zsh): its fpath is not compared"
    fi
    if command -v fish >/dev/null; then
        # fish reads vendor_completions.d in each folder of XDG_DATA_DIRS ($prefix/share).
        got=$(PATH="$FISH_BIN:$PATH" XDG_DATA_DIRS="$DEST$prefix/share" HOME="$TMP" \
            fish -c 'complete -C "twinreg ag"; complete -C "twinreg active --format=cs"' 2>&1)
        [ "$got" = "$(printf 'agreement\n--format=csv')" ]
        check $? "--prefix $prefix: fish completes twinreg ag and --format=cs from the file" \
            "agreement --format=csv" "$got"
    else
        skip "fish missing (apt-get install fish): its completion is not run"
    fi
done
if pkg-config --exists bash-completion 2>/dev/null; then
    want=$(pkg-config --variable=completionsdir bash-completion)
    [ -s "$TMP/install/usr$want/twinreg" ]
    check $? "bash-completion's completionsdir ($want) has twinreg" "a file" "missing"
else
    skip "bash-completion missing (apt-get install bash-completion): its folder is not asked"
fi

e2e_finish 20
