# What the tests of twinreg on a server share. The caller sets tw (the binary), work (a
# folder of its own) and fail=0; `same` sets fail=1 on a mismatch.
# Runs twinreg: $rc, $out and $err.
run() {
    set +e
    out=$("$tw" "$@" 2>"$work/err")
    rc=$?
    set -e
    err=$(cat "$work/err")
}
same() { # WHAT EXPECTED GOT
    if [ "$2" = "$3" ]; then
        echo "ok: $1"
    else
        printf 'FAIL: %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3"
        fail=1
    fi
}
