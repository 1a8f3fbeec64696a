# shellcheck shell=bash
# Driving Debian's chromium headless, for any suite that checks a page twinreg writes:
# open a page and dump its DOM, take a screenshot, and tell the page's errors. Sourced.
# Nothing downloads a browser: the README's test command installs chromium with apt-get.
#
#   browser_find          sets $BROWSER to chromium's path; returns 1 when there is none
#   browser_dom FILE OUT  the DOM of page FILE after its scripts ran, into OUT; the browser's
#                         log (console messages included) into OUT.log
#   browser_shot FILE PNG WIDTH HEIGHT
#                         a screenshot of page FILE, WIDTH x HEIGHT pixels, into PNG
#   browser_errors OUT    prints the page's errors: those its own script recorded in the
#                         DOM's data-errors attribute (see src/io/map_page.c), and every
#                         console message (twinreg's pages log none); nothing when clean
#
# Each run has a fresh profile folder and a time limit ($BROWSER_TIMEOUT seconds, 60 by
# default: a loaded machine under the sanitizers); as root, chromium needs --no-sandbox.

BROWSER_TIMEOUT=${BROWSER_TIMEOUT:-60}

browser_find() {
    BROWSER=$(command -v chromium || command -v chromium-browser || true)
    [ -n "$BROWSER" ]
}

# browser_require: browser_find, or the test is skipped (exit 77, CTest's SKIP_RETURN_CODE).
browser_require() {
    browser_find && return 0
    echo "SKIP no chromium (apt-get install chromium)"
    exit 77
}

# browser_run ARGS...: chromium headless with a fresh profile, its log on stderr.
browser_run() {
    local profile status
    profile=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-chromium.XXXXXX")
    local sandbox=()
    [ "$(id -u)" = 0 ] && sandbox=(--no-sandbox)
    timeout "$BROWSER_TIMEOUT" "$BROWSER" --headless "${sandbox[@]}" --disable-gpu \
        --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0 \
        --allow-file-access-from-files "$@"
    status=$?
    rm -rf "$profile"
    return "$status"
}

browser_dom() {
    browser_run --dump-dom "file://$(realpath "$1")" >"$2" 2>"$2.log"
}

browser_shot() {
    local png
    png=$(realpath -m "$2")
    rm -f "$png"
    browser_run --hide-scrollbars --window-size="$3,$4" --screenshot="$png" \
        "file://$(realpath "$1")" >/dev/null 2>"$png.log"
}

browser_errors() {
    tr '\n' ' ' <"$1" | grep -o '<html[^>]* data-errors="[^"]*"' | sed 's/.*data-errors=//'
    grep -F ':CONSOLE' "$1.log" || true
}
