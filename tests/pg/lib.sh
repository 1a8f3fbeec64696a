# shellcheck shell=bash
# What the PostgreSQL suites share (sourced): `same WHAT EXPECTED GOT`, counted in $checks
# and failing the suite through $fail; `sql QUERY` through psql on the server that
# TWINREG_TEST_PG names (with_cluster.sh); `run ARGS...` runs twinreg ($tw, with $work a
# folder of the caller's) and sets $rc, $out and $err. A suite ends with `finish`.
pg=$TWINREG_TEST_PG
fail=0
checks=0

same() { # WHAT EXPECTED GOT
    checks=$((checks + 1))
    if [ "$2" = "$3" ]; then
        echo "ok: $1"
    else
        printf 'FAIL: %s\n  expected: %s\n  got:      %s\n' "$1" "$2" "$3"
        fail=1
    fi
}

sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$pg" -c "$1"; }

run() {
    set +e
    out=$("$tw" "$@" 2>"$work/err")
    rc=$?
    set -e
    err=$(cat "$work/err")
}

finish() {
    echo "$checks checks"
    exit "$fail"
}
