#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb into a folder of its own, a Unix
# socket in that folder only (listen_addresses=''), one database and two login roles.
#   cluster.sh start DIR   DIR new or empty; prints the administrator's connection string
#   cluster.sh env DIR     prints shell assignments for the running cluster in DIR
#   cluster.sh stop DIR    stops the cluster and removes DIR (only a DIR that start made)
# The server runs as the `postgres` user when called by root (CI), else as the caller.
# Authentication is `trust`: the server listens on no network address, its socket is in
# DIR, and it lives as long as one test. Roles: twinreg_admin (owns the database, may
# create roles, as an office administrator will) and twinreg_clerk (may only log in).
set -euo pipefail

DB=twinreg
ADMIN=twinreg_admin
CLERK=twinreg_clerk
MARK=.twinreg-pg-cluster # start writes it; stop removes nothing without it

die() {
    echo "cluster.sh: $*" >&2
    exit 1
}

# PostgreSQL's programs: PG_BINDIR, else Debian's /usr/lib/postgresql/<version>/bin (the
# newest installed; Debian puts only psql's wrapper on PATH), else the folder of initdb on
# PATH (a self-built server).
bindir() {
    local d
    if [ -n "${PG_BINDIR:-}" ]; then
        echo "$PG_BINDIR"
        return
    fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$d" ] && command -v initdb >/dev/null; then
        d=$(dirname "$(command -v initdb)")
    fi
    [ -n "$d" ] || die "no PostgreSQL server found: apt-get install -y postgresql"
    echo "$d"
}

# Runs a command as the cluster's owner: `postgres` for root (initdb refuses root).
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

conninfo() { # DIR ROLE
    echo "host=$1/socket port=5432 dbname=$DB user=$2"
}

start() {
    local dir=$1 bin
    bin=$(bindir)
    mkdir -p "$dir"
    [ -z "$(ls -A "$dir")" ] || die "'$dir' is not empty"
    touch "$dir/$MARK"
    # A failure half way (set -e exits at once) leaves no server running and no folder.
    starting=$dir
    trap 'stop "$starting" >/dev/null 2>&1 || true' EXIT
    mkdir "$dir/socket"
    if [ "$(id -u)" = 0 ]; then
        chown -R postgres: "$dir"
    fi
    chmod 755 "$dir" "$dir/socket"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; false; }
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/socket'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
        { cat "$dir/server.log" >&2; false; }
    as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
        "host=$dir/socket port=5432 dbname=postgres user=postgres" <<SQL
CREATE ROLE $ADMIN LOGIN CREATEROLE;
CREATE ROLE $CLERK LOGIN;
CREATE DATABASE $DB OWNER $ADMIN;
SQL
    trap - EXIT
    conninfo "$dir" "$ADMIN"
}

stop() {
    local dir=$1
    [ -e "$dir" ] || return 0 # already stopped (a start that failed cleans up after itself)
    [ -e "$dir/$MARK" ] || die "'$dir' is not a cluster that cluster.sh started"
    if [ -f "$dir/data/postmaster.pid" ]; then
        # Immediate: the data is thrown away, so nothing needs writing out.
        as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null
    fi
    rm -rf "$dir"
}

env_of() {
    local dir=$1
    [ -e "$dir/$MARK" ] || die "'$dir' is not a cluster that cluster.sh started"
    printf "PGHOST='%s'\nPGPORT=5432\nPGDATABASE='%s'\n" "$dir/socket" "$DB"
    printf "TWINREG_PG_ADMIN='%s'\nTWINREG_PG_CLERK='%s'\n" \
        "$(conninfo "$dir" "$ADMIN")" "$(conninfo "$dir" "$CLERK")"
}

[ $# = 2 ] || die "usage: cluster.sh start|stop|env DIR"
case $1 in
start) start "$2" ;;
stop) stop "$2" ;;
env) env_of "$2" ;;
*) die "usage: cluster.sh start|stop|env DIR" ;;
esac
