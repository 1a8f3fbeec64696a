#!/usr/bin/env bash
# History and undo on PostgreSQL, at the SQL level (migrations/postgresql/0004_history.sql):
# every change to a registry table is recorded by a trigger, in the same transaction, as an
# entry named by twinreg.command (or as a change made outside twinreg) with the session's
# role; counts are closed by twinreg_history_close(command); twinreg_undo_entry() reverts an entry
# exactly, records nothing itself, and refuses (SQLSTATE TR409, nothing undone) when a later
# change conflicts: the row was changed since, or a cascade would remove a later row.
# Usage: bash tests/pg/with_cluster.sh bash tests/pg/history.sh TWINREG
set -euo pipefail
tw=$1
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# A transaction as twinreg makes one: its command named, its counts closed.
as_command() { # COMMAND SQL
    psql -X -q -A -t -v ON_ERROR_STOP=1 "$pg" -1 \
        -c "SELECT set_config('twinreg.command', '$1', true)" -c "$2" \
        -c "SELECT twinreg_history_close(NULL)" >/dev/null
}
state() { # every registry row, in a stable order
    sql "SELECT 'c', to_jsonb(c) FROM cities c UNION ALL SELECT 'a', to_jsonb(a) FROM city_aliases a
         UNION ALL SELECT 'g', to_jsonb(g) FROM agreements g
         UNION ALL SELECT 'p', to_jsonb(p) FROM agreement_parties p ORDER BY 1, 2"
}
last_entry() { sql "SELECT max(id) FROM history"; }
undo() { # ENTRY: rc and stderr of twinreg_undo_entry in a transaction of its own
    set +e
    err=$(psql -X -q -A -t -v ON_ERROR_STOP=1 -v VERBOSITY=verbose "$pg" -1 -c "SELECT twinreg_undo_entry($1)" \
        -c "SELECT twinreg_history_forget($1)" 2>&1 >/dev/null)
    rc=$?
    set -e
}

"$tw" --db "$pg" init >/dev/null 2>&1
empty=$(state)

# 1. A command's changes are one entry, with its counts and its role.
as_command "city add Seoul" "INSERT INTO cities (name, name_key, country) VALUES ('Seoul', 'seoul', 'KR');
    INSERT INTO cities (name, name_key, country) VALUES ('Paris', 'paris', 'FR');
    INSERT INTO city_aliases (city_id, name, name_key) SELECT id, '서울', '서울' FROM cities WHERE name = 'Seoul'"
e1=$(last_entry)
same "one entry for the command" "1" "$(sql "SELECT count(*) FROM history")"
same "its command, counts and role" "city add Seoul|3|0|0|$(sql "SELECT session_user")" \
    "$(sql "SELECT command, inserted, updated, deleted, made_by FROM history WHERE id = $e1")"
same "a row image per change" "3" "$(sql "SELECT count(*) FROM history_rows WHERE history_id = $e1")"
after1=$(state)

as_command "agreement add" "INSERT INTO agreements (kind, signed_on, parties_key)
    SELECT 'sister-city', '1991', min(id) || ',' || max(id) FROM cities;
    INSERT INTO agreement_parties SELECT a.id, c.id FROM agreements a, cities c;
    UPDATE cities SET region = 'Île-de-France' WHERE name = 'Paris'"
e2=$(last_entry)
same "insert, update counted" "3|1|0" \
    "$(sql "SELECT inserted, updated, deleted FROM history WHERE id = $e2")"
after2=$(state)

# 2. A change made with another tool is recorded too.
sql "UPDATE cities SET lat = 37.5, lon = 127.0 WHERE name = 'Seoul'" >/dev/null
e3=$(last_entry)
same "a change outside twinreg is an entry of its own" "(a change made outside twinreg)" \
    "$(sql "SELECT command FROM history WHERE id = $e3")"

# 3. Undo, newest first, restores each state exactly and records nothing.
undo "$e3"
same "undo of the outside change: exit" 0 "$rc"
same "undo of the outside change: state" "$after2" "$(state)"
undo "$e2"
same "undo of update and inserts: exit" 0 "$rc"
same "undo of update and inserts: state" "$after1" "$(state)"
same "an undo records no entry" "1" "$(sql "SELECT count(*) FROM history")"

# 4. A later change to the same row conflicts: refused, nothing undone.
as_command "city update" "UPDATE cities SET region = 'Seoul Capital Area' WHERE name = 'Seoul'"
e4=$(last_entry)
before=$(state)
undo "$e1"
same "undo under a later update: refused" 1 "$rc"
case "$err" in *"TR409: entry $e1: a later change conflicts with it"*) r=yes ;; *) r="$err" ;; esac
same "undo under a later update: SQLSTATE TR409 and why" yes "$r"
same "undo under a later update: nothing undone" "$before" "$(state)"
undo "$e4"
same "undo of that update" 0 "$rc"

# 5. A later row that a cascade would remove conflicts too.
as_command "city alias add" "INSERT INTO city_aliases (city_id, name, name_key)
    SELECT id, 'Lutèce', 'lutece' FROM cities WHERE name = 'Paris'"
e5=$(last_entry)
before=$(state)
undo "$e1"
same "undo that would cascade to a later row: refused" 1 "$rc"
case "$err" in *"TR409"*) r=yes ;; *) r="$err" ;; esac
same "undo that would cascade to a later row: SQLSTATE TR409" yes "$r"
same "undo that would cascade to a later row: nothing undone" "$before" "$(state)"
undo "$e5"
undo "$e1"
same "undo of the first entry at last" 0 "$rc"
same "back to the empty registry" "$empty" "$(state)"

# 6. A deleted row comes back with its id; a row whose key is taken again conflicts.
as_command "city add Rome" "INSERT INTO cities (name, name_key, country) VALUES ('Rome', 'rome', 'IT')"
as_command "city remove Rome" "DELETE FROM cities WHERE name = 'Rome'"
e7=$(last_entry)
rome=$(sql "SELECT old_row->>'id' FROM history_rows WHERE history_id = $e7")
undo "$e7"
same "undo of a delete: the row is back with its id" "$rome" "$(sql "SELECT id FROM cities WHERE name = 'Rome'")"

# 7. Forgetting an undone entry removes its row images with it (history_rows has no
# foreign key to history: twinreg_history_forget deletes both).
sql "SELECT twinreg_history_forget($e7)" >/dev/null
same "a forgotten entry is gone" 0 "$(sql "SELECT count(*) FROM history WHERE id = $e7")"
same "and its row images with it" 0 "$(sql "SELECT count(*) FROM history_rows WHERE history_id = $e7")"

# 8. A statement that inserts many rows (COPY, a multi-row INSERT) is one history row of
# op 'B', its images in an array (0007_history_bulk_images.sql), 4,096 at most: counted
# row by row, undone in one statement, and refused when a later change touched one row.
before=$(state)
as_command "import" "INSERT INTO cities (name, name_key, country)
    SELECT 'Town ' || i, 'town ' || i, 'NO' FROM generate_series(1, 5000) AS i;
    UPDATE cities SET region = 'Viken' WHERE name = 'Town 7'"
e8=$(last_entry)
same "many new rows: a bulk row per 4,096 and the update's" "B 2|U 1" \
    "$(sql "SELECT op::text || ' ' || count(*) FROM history_rows WHERE history_id = $e8 GROUP BY op ORDER BY op" | paste -sd'|')"
same "counted row by row (the updated new row is one insert)" "5000|0|0" \
    "$(sql "SELECT inserted, updated, deleted FROM history WHERE id = $e8")"
as_command "city update" "UPDATE cities SET lat = 59.9, lon = 10.7 WHERE name = 'Town 4000'"
e9=$(last_entry)
after8=$(state)
undo "$e8"
same "undo of many rows under a later update: refused" 1 "$rc"
case "$err" in *"TR409"*) r=yes ;; *) r="$err" ;; esac
same "undo of many rows under a later update: TR409" yes "$r"
same "undo of many rows under a later update: nothing undone" "$after8" "$(state)"
undo "$e9"
undo "$e8"
same "undo of many rows" 0 "$rc"
same "undo of many rows: the registry as it was" "$before" "$(state)"
same "undo of many rows: the entry and its images forgotten" "0|0" \
    "$(sql "SELECT (SELECT count(*) FROM history WHERE id = $e8), (SELECT count(*) FROM history_rows WHERE history_id = $e8)")"

finish
