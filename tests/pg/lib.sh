# shellcheck shell=bash
# What the PostgreSQL suites share (sourced): `same WHAT EXPECTED GOT`, counted in $checks
# and failing the suite through $fail, and `sql QUERY` through psql on the server that
# TWINREG_TEST_PG names (with_cluster.sh). A suite ends with `finish`.
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

finish() {
    echo "$checks checks"
    exit "$fail"
}
