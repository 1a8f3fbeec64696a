#!/usr/bin/env bash
# Above the store, "sqlite3" appears only in prose: comments and the manual page's SEE
# ALSO. Any use of SQLite's API (sqlite3.h, sqlite3_*, a sqlite3 pointer) fails the test.
# Usage: bash tests/layers/no_sql_api.sh SOURCE_DIR
cd "$1" || exit 2
uses=$(grep -rnE 'sqlite3(\.h|_[a-z0-9_]+|[[:space:]]*\*)' src/io src/cli include |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)')
if [ -n "$uses" ]; then
    printf 'SQLite API outside src/store:\n%s\n' "$uses"
    exit 1
fi
echo "no SQLite API in src/io, src/cli, include"
