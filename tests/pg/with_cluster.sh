#!/usr/bin/env bash
# Runs COMMAND with a throwaway PostgreSQL cluster (cluster.sh): TWINREG_TEST_PG holds the
# administrator's connection string, PGHOST/PGDATABASE and TWINREG_PG_* are set. The
# cluster is stopped and its folder removed however COMMAND ends; its status is returned.
# Usage: bash tests/pg/with_cluster.sh COMMAND [ARG...]
set -euo pipefail
cluster="$(dirname "$0")/cluster.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/twinreg-pg.XXXXXX")
trap 'bash "$cluster" stop "$dir"' EXIT
TWINREG_TEST_PG=$(bash "$cluster" start "$dir")
export TWINREG_TEST_PG
set -a
eval "$(bash "$cluster" env "$dir")"
set +a
"$@"
