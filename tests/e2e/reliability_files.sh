#!/usr/bin/env bash
# The files twinreg writes or opens (issue 12, items 1, 2, 8, 16, 17, 19): a reading
# command on a missing registry creates nothing and exits 5; sql and the completion leave
# no -wal/-shm beside a registry they only read; a named output file is replaced
# atomically, written through a symlink, written in place when it is a device or FIFO, and
# never the open registry or another SQLite database; backup refuses to replace a file
# without --force and never lets a leftover -wal/-journal/-shm replay onto its copy; a
# killed command's temporary files are named for what they are and removed the next time;
# an output failure after a commit says the change was saved.
# Usage: bash tests/e2e/reliability_files.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

# tw_to TARGET ARGS...: like tw, with stdout going to TARGET ('-' for a closed stdout).
tw_to() {
    local target=$1
    shift
    CMD="twinreg$(printf ' %q' "$@") >$target"
    : >"$TMP/out"
    if [ "$target" = - ]; then
        "$TWINREG" "$@" >&- 2>"$TMP/err"
    else
        "$TWINREG" "$@" >"$target" 2>"$TMP/err"
    fi
    RC=$?
    vet_call "$RC" "$TMP/err"
}

# tw_append TARGET ARGS...: like tw, with stdout appended to TARGET (the shell's '>>').
tw_append() {
    local target=$1
    shift
    CMD="twinreg$(printf ' %q' "$@") >>$target"
    : >"$TMP/out"
    "$TWINREG" "$@" >>"$target" 2>"$TMP/err"
    RC=$?
    vet_call "$RC" "$TMP/err"
}

# expect_listing DIR WANT WHAT: the names in DIR (hidden ones too), sorted, space-separated.
expect_listing() {
    expect_eq "$(ls -A "$1" | sort | paste -sd' ')" "$2" "$3"
}

# expect_no_path PATH WHAT
expect_no_path() {
    [ ! -e "$1" ] && [ ! -L "$1" ]
    check $? "$2: nothing created at $1" "no $1" "$(ls -la "$1" 2>&1 | head -n 3 | tr '\n' '|')"
}

# A plain file of the registry's export, for comparisons.
sample_registry() {
    use_db "$1"
    tw init --sample
    expect_rc 0
    export_to "$TMP/$1.export"
}

# ======================================================================================
section "reading commands on a missing registry (item 8)"

missing="$TMP/mistyped/deeper/registry.db"
echo '{"format": "twinreg", "version": 1, "cities": []}' >"$TMP/empty-import.json"
while IFS= read -r line; do
    [ -n "$line" ] || continue
    eval "set -- $line"
    tw --db "$missing" "$@"
    expect_rc 5
    expect_out_empty
    expect_err_msg "does not exist"
    expect_no_path "$TMP/mistyped" "$CMD"
done <<'EOF'
check
city list
city show Seoul
agreement list
agreement show 1
history
export
export --format ndjson
export --output "$TMP/never.json"
partners Seoul
active
timeline Seoul
report Seoul Busan
framework list
org list
program list
source list
sql 'SELECT 1'
backup "$TMP/never.db"
undo
import --dry-run "$TMP/empty-import.json"
agreement add Seoul Busan --signed 2001
EOF
expect_no_path "$TMP/never.json" "export --output on a missing registry"
expect_no_path "$TMP/never.db" "backup of a missing registry"

# $TWINREG_DB and the default path under $HOME behave the same.
tw_env TWINREG_DB="$missing" -- city list
expect_rc 5
expect_err_msg "does not exist"
expect_no_path "$TMP/mistyped" "$CMD"
mkdir -p "$TMP/home2"
tw_env HOME="$TMP/home2" -- history
expect_rc 5
expect_err_msg "does not exist"
expect_listing "$TMP/home2" "" "history with the default path under an empty HOME creates nothing"

# A missing file in a folder that exists: the folder stays empty.
mkdir -p "$TMP/empty-folder"
tw --db "$TMP/empty-folder/registry.db" check
expect_rc 5
expect_err_msg "does not exist"
expect_listing "$TMP/empty-folder" "" "check in an empty folder leaves it empty"

# The completion offers nothing and creates nothing.
tw --db "$missing" __complete 1 partners S
expect_rc 0
expect_out_empty
expect_no_path "$TMP/mistyped" "$CMD"

# Neighbours: the commands that write create the registry and its folders.
for words in "init" "city add Lyon --country FR" "framework add F1 --title T --jurisdiction FR --adopted 2001" \
    "org add Office" "source add https://example.org/a --citation A"; do
    rm -rf "$TMP/created"
    eval "set -- $words"
    tw --db "$TMP/created/a/registry.db" "$@"
    expect_rc 0
    [ -s "$TMP/created/a/registry.db" ]
    check $? "$CMD: creates the registry and its folders" "$TMP/created/a/registry.db" "$(ls -R "$TMP/created" 2>&1 | tr '\n' ' ')"
    tw --db "$TMP/created/a/registry.db" check
    expect_rc 0
done

# ======================================================================================
section "readers leave no -wal or -shm behind (item 16)"

sample_registry readers
folder=$(dirname "$DB")
expect_listing "$folder" "registry.db" "after init, the folder holds the registry alone"
while IFS= read -r line; do
    [ -n "$line" ] || continue
    eval "set -- $line"
    tw "$@"
    expect_rc 0
    expect_out_nonempty
    expect_listing "$folder" "registry.db" "$CMD: the folder as it was"
done <<'EOF'
sql 'SELECT count(*) FROM cities'
sql 'SELECT name FROM cities ORDER BY name' --format json
__complete 1 partners S
__complete 2 city show S
city list
check
history
export
partners Seoul
active
EOF
tw __complete 1 partners Seo
expect_rc 0
expect_out_eq "Seoul"
# Neighbours: still read-only, by construction.
reject 4 "sql is read-only: refused DELETE from cities" -- sql 'DELETE FROM cities'
reject 4 "sql is read-only: refused PRAGMA query_only" -- sql 'PRAGMA query_only = 0'
reject 4 "sql is read-only: refused ATTACH of $TMP/other.db" -- sql "ATTACH '$TMP/other.db' AS other"
expect_listing "$folder" "registry.db" "refused sql: the folder as it was"
sha_before=$(sha_of "$DB")
tw sql 'SELECT count(*) FROM agreements'
expect_rc 0
expect_eq "$(sha_of "$DB")" "$sha_before" "sql leaves the registry file's bytes as they were"

# ======================================================================================
section "export --output: what it replaces and what it refuses (item 2)"

sample_registry exp
tw_to "$TMP/out.stdout" export
expect_rc 0
mkdir -p "$TMP/w"
# A new regular file: the whole export, with the umask's permissions.
tw export --output "$TMP/w/new.json"
expect_rc 0
expect_same_file "$TMP/w/new.json" "$TMP/out.stdout" "export --output: a new file holds the export"
expect_eq "$(stat -c %a "$TMP/w/new.json")" "$(printf '%o' $((0666 & ~0$(umask))))" "a new export file has the umask's mode"
# An existing one is replaced, and keeps its mode.
echo old >"$TMP/w/kept.json"
chmod 640 "$TMP/w/kept.json"
tw export --output "$TMP/w/kept.json"
expect_rc 0
expect_same_file "$TMP/w/kept.json" "$TMP/out.stdout" "export --output replaces an existing file"
expect_eq "$(stat -c %a "$TMP/w/kept.json")" "640" "a replaced export file keeps its mode"
# A symlink is followed: its target replaced, the link kept.
echo old >"$TMP/w/target.json"
ln -s target.json "$TMP/w/link.json"
tw export --output "$TMP/w/link.json"
expect_rc 0
[ -L "$TMP/w/link.json" ]
check $? "export through a symlink keeps the symlink" "a symlink" "$(ls -l "$TMP/w/link.json")"
expect_same_file "$TMP/w/target.json" "$TMP/out.stdout" "export through a symlink replaces its target"
# A chain of links, the last one dangling: the file it names is created.
ln -s link2.json "$TMP/w/link1.json"
ln -s "$TMP/w/made.json" "$TMP/w/link2.json"
tw export --output "$TMP/w/link1.json"
expect_rc 0
[ -L "$TMP/w/link1.json" ] && [ -L "$TMP/w/link2.json" ]
check $? "export through a chain of symlinks keeps them" "two symlinks" "$(ls -l "$TMP/w" | tr '\n' '|')"
expect_same_file "$TMP/w/made.json" "$TMP/out.stdout" "export through a dangling symlink creates its target"
# A FIFO is written in place: the reader gets the whole export.
mkfifo "$TMP/w/pipe"
timeout 20 cat "$TMP/w/pipe" >"$TMP/w/from-pipe" &
reader=$!
tw_env TWINREG_DB="$DB" -- export --output "$TMP/w/pipe"
expect_rc 0
wait "$reader"
check $? "the FIFO's reader ended by itself" "exit 0" "killed by the timeout (the export never reached it)"
[ -p "$TMP/w/pipe" ]
check $? "export to a FIFO leaves the FIFO" "a FIFO" "$(ls -l "$TMP/w/pipe")"
expect_same_file "$TMP/w/from-pipe" "$TMP/out.stdout" "export to a FIFO: the reader got the whole export"
# /dev/stdout and /dev/fd/1 name the open standard output, written where the shell sent it:
# a pipe, a file it truncated ('>'), a file it appends to ('>>', whose lines stay).
tw export --output /dev/stdout
expect_rc 0
expect_same_file "$TMP/out" "$TMP/out.stdout" "export --output /dev/stdout: the whole export on stdout"
"$TWINREG" --db "$DB" export --output /dev/stdout 2>"$TMP/err" | cat >"$TMP/w/piped"
RC=${PIPESTATUS[0]}
CMD="twinreg export --output /dev/stdout | cat"
vet_call "$RC" "$TMP/err"
expect_rc 0
expect_same_file "$TMP/w/piped" "$TMP/out.stdout" "export --output /dev/stdout into a pipe: the whole export"
echo "a line already there" >"$TMP/w/log.txt"
tw_append "$TMP/w/log.txt" export --output /dev/stdout
expect_rc 0
{ echo "a line already there"; cat "$TMP/out.stdout"; } >"$TMP/w/log.want"
expect_same_file "$TMP/w/log.txt" "$TMP/w/log.want" "export --output /dev/stdout >>log: appended, the log's line kept"
[ -f "$TMP/w/log.txt" ] && [ ! -L "$TMP/w/log.txt" ]
check $? "export --output /dev/stdout >>log: the log is the same file" "a regular file" "$(ls -l "$TMP/w/log.txt")"
echo "old text, longer than nothing" >"$TMP/w/trunc.txt"
tw_to "$TMP/w/trunc.txt" export --output /dev/fd/1
expect_rc 0
expect_same_file "$TMP/w/trunc.txt" "$TMP/out.stdout" "export --output /dev/fd/1 >file: the file holds the export"
# Standard output opened on the registry itself, or on another SQLite database: refused.
cp "$DB" "$TMP/w/other.db"
sha_other=$(sha_of "$TMP/w/other.db")
snap
"$TWINREG" --db "$DB" export --output /dev/stdout 1<>"$DB" 2>"$TMP/err"
RC=$?
CMD="twinreg export --output /dev/stdout 1<>registry"
vet_call "$RC" "$TMP/err"
expect_rc 4
expect_err_msg "cannot write '/dev/stdout': it is the open registry"
expect_unchanged
"$TWINREG" --db "$DB" export --output /dev/stdout 1<>"$TMP/w/other.db" 2>"$TMP/err"
RC=$?
CMD="twinreg export --output /dev/stdout 1<>other.db"
vet_call "$RC" "$TMP/err"
expect_rc 4
expect_err_msg "cannot write '/dev/stdout': it is a SQLite database"
expect_eq "$(sha_of "$TMP/w/other.db")" "$sha_other" "export --output /dev/stdout onto another database: untouched"
# A device is written in place, and a write error is reported: a private /dev/full
# when the tests may make one (root), else the real one.
full=/dev/full
mknod "$TMP/w/full" c 1 7 2>/dev/null && full="$TMP/w/full"
for format in json csv; do
    tw export --format "$format" --output "$full"
    expect_rc 5
    expect_err_re "cannot write.*(No space left|output error)" "a full device: the write error"
    [ -c "$full" ]
    check $? "export to a full device: still a character device" "a character device" "$(ls -l "$full")"
done
mknod "$TMP/w/null" c 1 3 2>/dev/null && {
    tw export --output "$TMP/w/null"
    expect_rc 0
    [ -c "$TMP/w/null" ]
    check $? "export to a null device: still a character device" "a character device" "$(ls -l "$TMP/w/null")"
}
# Refused: the open registry, under any name, and any SQLite database (exit 4, unchanged).
ln -s "$DB" "$TMP/w/registry-link.db"
ln "$DB" "$TMP/w/registry-hardlink.db"
reject 4 "it is the open registry" -- export --output "$DB"
reject 4 "it is the open registry" -- export --output "$TMP/w/registry-link.db"
reject 4 "it is the open registry" -- export --output "$TMP/w/registry-hardlink.db"
reject 4 "it is the open registry" -- export --format csv --output "$(dirname "$DB")/../exp/registry.db"
cp "$DB" "$TMP/w/other.db"
other_sha=$(sha_of "$TMP/w/other.db")
reject 4 "SQLite database" -- export --output "$TMP/w/other.db"
expect_eq "$(sha_of "$TMP/w/other.db")" "$other_sha" "export refuses another SQLite database, untouched"
# Not writable: a folder, a missing folder (exit 5).
mkdir -p "$TMP/w/folder"
reject 5 "it is a folder" -- export --output "$TMP/w/folder"
reject 5 "No such file" -- export --output "$TMP/w/no-such-folder/x.json"
expect_listing "$TMP/w/folder" "" "a refused export writes nothing into the folder"
# -o is --output; "-" is standard output (no file named "-"); a new file's mode is the
# umask's, as cp would give it.
mkdir -p "$TMP/w/dash" && cd "$TMP/w/dash" || exit 1
tw export --output - --format ndjson
expect_rc 0
cp "$TMP/out" "$TMP/w/dash-stdout.ndjson"
tw export -o - --format ndjson
expect_rc 0
expect_out_same "$TMP/w/dash-stdout.ndjson" "export -o -: the same as standard output"
expect_listing "$TMP/w/dash" "" "export --output - and -o -: no file named '-'"
tw export -o "$TMP/w/dash-o.ndjson" --format ndjson
expect_rc 0
expect_same_file "$TMP/w/dash-o.ndjson" "$TMP/w/dash-stdout.ndjson" "export -o FILE: the same as standard output"
(umask 077 && tw export -o "$TMP/w/private.json")
expect_rc 0
expect_eq "$(stat -c %a "$TMP/w/private.json")" "600" "export under umask 077: 0600"
(umask 022 && tw export -o "$TMP/w/public.json")
expect_rc 0
expect_eq "$(stat -c %a "$TMP/w/public.json")" "644" "export under umask 022: 0644"
cd "$TMP" || exit 1
reject 2 "unknown option '-o'" -- city list -o "$TMP/w/never.txt"

# ======================================================================================
section "backup: --force, the open registry, leftover logs (items 1, 2)"

sample_registry bk
mkdir -p "$TMP/b"
tw backup "$TMP/b/copy.db"
expect_rc 0
export_to "$TMP/b/copy.export" "$TMP/b/copy.db"
expect_same_file "$TMP/b/copy.export" "$TMP/bk.export" "backup: the copy exports as the registry"
copy_sha=$(sha_of "$TMP/b/copy.db")
# An existing file without --force: refused (exit 4: a choice for the user, not a failure).
tw city add Extra --country FR
expect_rc 0
reject 4 "already exists" -- backup "$TMP/b/copy.db"
expect_err_has "--force"
expect_eq "$(sha_of "$TMP/b/copy.db")" "$copy_sha" "backup without --force leaves the existing file as it was"
tw backup --force "$TMP/b/copy.db"
expect_rc 0
export_to "$TMP/b/copy2.export" "$TMP/b/copy.db"
export_to "$TMP/bk2.export"
expect_same_file "$TMP/b/copy2.export" "$TMP/bk2.export" "backup --force replaces the file with the registry's content"
expect_listing "$TMP/b" "copy.db copy.export copy2.export" "backup --force leaves no temporary file"
# The open registry, by any name, even with --force (exit 4).
ln -s "$DB" "$TMP/b/registry-link.db"
reject 4 "it is the open registry" -- backup "$DB"
reject 4 "it is the open registry" -- backup --force "$DB"
reject 4 "it is the open registry" -- backup --force "$TMP/b/registry-link.db"
# Not a regular file (exit 5).
mkfifo "$TMP/b/pipe"
reject 5 "not a regular file" -- backup --force "$TMP/b/pipe"
[ -p "$TMP/b/pipe" ]
check $? "backup onto a FIFO leaves it" "a FIFO" "$(ls -l "$TMP/b/pipe")"

# Item 1: a leftover WAL from another database, beside the destination. Made by the
# sqlite3 shell on a copy of the registry: a committed row still in its WAL.
cp "$DB" "$TMP/b/old.db"
sqlite3 "$TMP/b/old.db" >/dev/null 2>&1 <<SQL
PRAGMA journal_mode = WAL;
PRAGMA wal_autocheckpoint = 0;
INSERT INTO sources (citation, url) VALUES ('left over', 'https://example.org/left-over');
.shell cp '$TMP/b/old.db-wal' '$TMP/b/stale-wal'
SQL
[ -s "$TMP/b/stale-wal" ]
check $? "a WAL to leave over was made" "a non-empty WAL" "$(ls -l "$TMP/b" | tr '\n' '|')"
for leftover in -wal -journal -shm; do
    rm -f "$TMP/b/fresh.db"*
    if [ "$leftover" = -wal ]; then cp "$TMP/b/stale-wal" "$TMP/b/fresh.db-wal"; else head -c 4096 /dev/urandom >"$TMP/b/fresh.db$leftover"; fi
    left_sha=$(sha_of "$TMP/b/fresh.db$leftover")
    reject 4 "fresh.db$leftover' already exists" -- backup "$TMP/b/fresh.db"
    expect_eq "$(sha_of "$TMP/b/fresh.db$leftover")" "$left_sha" "backup without --force leaves the $leftover as it was"
    expect_no_path "$TMP/b/fresh.db" "refused backup"
    tw backup --force "$TMP/b/fresh.db"
    expect_rc 0
    expect_no_path "$TMP/b/fresh.db$leftover" "backup --force removes the leftover $leftover"
    export_to "$TMP/b/fresh.export" "$TMP/b/fresh.db"
    expect_same_file "$TMP/b/fresh.export" "$TMP/bk2.export" "backup --force beside a leftover $leftover: exactly the registry's content"
    tw --db "$TMP/b/fresh.db" check
    expect_rc 0
    expect_check_report
done
# And over an existing copy that has its own leftover WAL.
cp "$TMP/b/old.db" "$TMP/b/over.db"
cp "$TMP/b/stale-wal" "$TMP/b/over.db-wal"
tw backup --force "$TMP/b/over.db"
expect_rc 0
expect_eq "$(q "SELECT count(*) FROM sources WHERE url = 'https://example.org/left-over'" "$TMP/b/over.db")" "0" \
    "backup --force over a file with a WAL: none of the WAL's rows in the copy"
tw backup --help
expect_rc 0
expect_out_has "--force"
# The folder of DEST is made; a new copy takes the registry's mode (a private registry
# stays private), whatever the umask.
chmod 600 "$DB"
(umask 022 && tw backup "$TMP/b/new/deeper/copy.db")
expect_rc 0
expect_eq "$(stat -c %a "$TMP/b/new/deeper/copy.db")" "600" "backup: a new copy has the registry's mode"
export_to "$TMP/b/deeper.export" "$TMP/b/new/deeper/copy.db"
expect_same_file "$TMP/b/deeper.export" "$TMP/bk2.export" "backup into a new folder: the registry's content"
chmod 644 "$DB"

# ======================================================================================
section "restore: a backup that passes check replaces the registry, the old one is kept"

sample_registry rs
tw backup "$TMP/rs-copy.db"
expect_rc 0
tw city add Restored-away --country FR
expect_rc 0
export_to "$TMP/rs-changed.export"
tw restore "$TMP/rs-copy.db"
expect_rc 0
expect_err_has "kept as $DB.before-restore"
export_to "$TMP/rs-after.export"
expect_same_file "$TMP/rs-after.export" "$TMP/rs.export" "restore: the registry is the backup's"
export_to "$TMP/rs-kept.export" "$DB.before-restore"
expect_same_file "$TMP/rs-kept.export" "$TMP/rs-changed.export" "restore: the replaced registry is kept, whole"
tw check
expect_rc 0
# Again: the first kept copy stays, the second gets the next name.
tw restore "$TMP/rs-copy.db"
expect_rc 0
expect_err_has "kept as $DB.before-restore.2"
export_to "$TMP/rs-kept1.export" "$DB.before-restore"
expect_same_file "$TMP/rs-kept1.export" "$TMP/rs-changed.export" "a second restore leaves the first kept copy"
# Bad backups: exit 4, the registry and the folder as they were.
head -c 8192 /dev/urandom >"$TMP/rs-junk.db"
sqlite3 "$TMP/rs-other.db" "CREATE TABLE t (x);"
cp "$TMP/rs-copy.db" "$TMP/rs-damaged.db"
sqlite3 "$TMP/rs-damaged.db" "PRAGMA foreign_keys = OFF; DELETE FROM cities WHERE id = (SELECT min(city_id) FROM agreement_parties);"
cp "$TMP/rs-copy.db" "$TMP/rs-newer.db"
sqlite3 "$TMP/rs-newer.db" "PRAGMA user_version = 9999;"
before_sha=$(sha_of "$DB")
listing=$(ls -A "$(dirname "$DB")" | sort | paste -sd' ')
reject 4 "cannot restore from '$TMP/rs-junk.db': cannot open database '$TMP/rs-junk.db': file is not a database" -- restore "$TMP/rs-junk.db"
reject 4 "cannot restore from '$TMP/rs-other.db': not a twinreg registry (no schema version)" -- restore "$TMP/rs-other.db"
reject 4 "cannot restore from '$TMP/rs-damaged.db': references:" -- restore "$TMP/rs-damaged.db"
reject 4 "is newer than this program's" -- restore "$TMP/rs-newer.db"
reject 4 "cannot restore from '$DB': it is the registry" -- restore "$DB"
reject 5 "cannot restore from '$TMP/rs-none.db': No such file or directory" -- restore "$TMP/rs-none.db"
reject 2 "missing argument: FILE" -- restore
expect_eq "$(sha_of "$DB")" "$before_sha" "refused restores leave the registry as it was"
expect_listing "$(dirname "$DB")" "$listing" "refused restores keep no copy"
# Into a registry that does not exist yet: made from the backup, nothing to keep.
tw --db "$TMP/rs-new/reg.db" restore "$TMP/rs-copy.db"
expect_rc 0
export_to "$TMP/rs-new.export" "$TMP/rs-new/reg.db"
expect_same_file "$TMP/rs-new.export" "$TMP/rs.export" "restore into a new registry"
expect_listing "$TMP/rs-new" "reg.db" "restore into a new registry keeps nothing beside it"

# ======================================================================================
section "temporary files of a killed command (item 19)"

sample_registry tmp
# Larger than the -shm file SQLite needs, so that a file-size limit can stop the export alone.
for i in $(seq 400); do
    printf '{"type": "city", "id": %d, "name": "Town %d", "country": "FR", "region": "Region of town number %d"}\n' "$i" "$i" "$i"
done >"$TMP/towns.ndjson"
tw import "$TMP/towns.ndjson"
expect_rc 0
mkdir -p "$TMP/t"
echo before >"$TMP/t/out.json"
# What a killed export and a killed backup leave: hidden, named for what they are.
for stale in .out.json.twinreg-tmp.AbC123 .copy.db.twinreg-tmp.XyZ789; do
    echo partial >"$TMP/t/$stale"
    echo journal >"$TMP/t/$stale-journal"
done
echo unrelated >"$TMP/t/.other.json.twinreg-tmp.Qqq111"
tw export --output "$TMP/t/out.json"
expect_rc 0
expect_listing "$TMP/t" ".copy.db.twinreg-tmp.XyZ789 .copy.db.twinreg-tmp.XyZ789-journal .other.json.twinreg-tmp.Qqq111 out.json" \
    "export removes the temporary files a killed export of the same file left"
tw backup "$TMP/t/copy.db"
expect_rc 0
expect_listing "$TMP/t" ".other.json.twinreg-tmp.Qqq111 copy.db out.json" \
    "backup removes the temporary files a killed backup of the same file left"
# One that a live process is writing (it holds its lock) is left alone.
echo live >"$TMP/t/.out.json.twinreg-tmp.Live01"
flock "$TMP/t/.out.json.twinreg-tmp.Live01" sleep 30 &
holder=$!
for _ in $(seq 50); do
    flock -n "$TMP/t/.out.json.twinreg-tmp.Live01" true 2>/dev/null || break
    sleep 0.1
done
tw export --output "$TMP/t/out.json"
expect_rc 0
[ -e "$TMP/t/.out.json.twinreg-tmp.Live01" ]
check $? "a temporary file still locked by its writer is kept" "kept" "removed"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
# A killed export (SIGKILL while it writes: stopped first, so that the kill lands mid-write).
rm -f "$TMP/t/.out.json.twinreg-tmp."*
"$TWINREG" export --output "$TMP/t/killed.json" 2>/dev/null &
victim=$!
kill -STOP "$victim" 2>/dev/null
ls -A "$TMP/t" >/dev/null
kill -KILL "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
left=$(ls -A "$TMP/t" | grep -c '^\.killed\.json\.twinreg-tmp\.' )
info "a killed export left $left temporary file(s)"
tw export --output "$TMP/t/killed.json"
expect_rc 0
expect_eq "$(ls -A "$TMP/t" | grep -c 'twinreg-tmp' | tr -d ' ')" "1" "after the next export of the same file, no temporary file of it is left (the unrelated one stays)"
# A failed export (the file-size limit) leaves the old file and no temporary file.
echo keep-me >"$TMP/t/small.json"
(ulimit -f 40; tw export --output "$TMP/t/small.json"; echo "$RC" >"$TMP/t.rc")
RC=$(cat "$TMP/t.rc")
CMD="twinreg export --output small.json (ulimit -f 40)"
expect_rc 5
expect_err_msg "cannot write"
expect_eq "$(cat "$TMP/t/small.json")" "keep-me" "a failed export leaves the file it would have replaced"
expect_eq "$(ls -A "$TMP/t" | grep -c '^\.small\.json\.twinreg-tmp' | tr -d ' ')" "0" "a failed export removes its temporary file"

# ======================================================================================
section "output failing after a commit (item 17)"

sample_registry saved
n_before=$(n_history)
for target in /dev/full -; do
    name="Saved$RANDOM"
    tw_to "$target" city add "$name" --country FR
    expect_rc 5
    expect_err_last_line
    expect_err_re "^twinreg: cannot write output: .*saved, as history entry [0-9]+" \
        "the message says the output failed and the change was saved, with its history entry"
    expect_eq "$(q "SELECT count(*) FROM cities WHERE name = '$name'")" "1" "$CMD: the city was saved"
    n_before=$((n_before + 1))
    expect_eq "$(n_history)" "$n_before" "$CMD: its history entry was written"
    entry=$(q 'SELECT max(id) FROM history')
    expect_err_has "history entry $entry;"
done
# Refused writes and reads with a failing stdout say nothing was saved.
snap
tw_to /dev/full city add Nowhere --country ZZ
expect_rc 4
expect_err_msg "ZZ"
expect_unchanged
if grep -q saved "$TMP/err"; then fail "$CMD: a refused change is not called saved" "no 'saved'" "$(excerpt "$TMP/err")"; else pass; fi
tw_to /dev/full city list
expect_rc 5
expect_err_msg "cannot write output"
if grep -q saved "$TMP/err"; then fail "$CMD: a read is not called saved" "no 'saved'" "$(excerpt "$TMP/err")"; else pass; fi
# A closed stdout never lets a named file take its place.
tw_to - export --output "$TMP/closed.json"
expect_rc 0
export_to "$TMP/closed.expected"
expect_same_file "$TMP/closed.json" "$TMP/closed.expected" "export --output with stdout closed"

# ======================================================================================
section "a refused write leaves no new registry"
# A command that may create the registry (import, city add) and fails creates nothing:
# neither the file, nor its -wal/-shm, nor the folders made for it.
mkdir -p "$TMP/nr"
printf '{"format": "twinreg", "version": 1, "cities": [{"name": "X", "country": "ZZ"}]}' >"$TMP/nr-bad.json"
printf '{"format": "twinreg", "version": 1, "cities": [{"name": "X", "country": "FR"}]}' >"$TMP/nr-good.json"
tw --db "$TMP/nr/reg.db" import "$TMP/nr-bad.json"
expect_rc 4
expect_listing "$TMP/nr" "" "a refused import into a missing registry leaves no file"
tw --db "$TMP/nr/new/deeper/reg.db" import "$TMP/nr-bad.json"
expect_rc 4
expect_listing "$TMP/nr" "" "a refused import into a missing registry in missing folders leaves no folder"
tw --db "$TMP/nr/new/reg.db" city add "Nowhere" --country FR --region $'bad\x01'
expect_rc 4
expect_listing "$TMP/nr" "" "a refused city add into a missing registry leaves nothing"
# A folder that was there stays, with what it held; a write that succeeds keeps its registry.
mkdir -p "$TMP/nr/kept"
echo note >"$TMP/nr/kept/note.txt"
tw --db "$TMP/nr/kept/reg.db" import "$TMP/nr-bad.json"
expect_rc 4
expect_listing "$TMP/nr/kept" "note.txt" "a refused import leaves the folder that was there, and its files"
tw --db "$TMP/nr/made/reg.db" import "$TMP/nr-good.json"
expect_rc 0
expect_listing "$TMP/nr/made" "reg.db" "an import that succeeds keeps the registry it created"
# An existing registry is never removed by a refusal, even an empty one.
tw --db "$TMP/nr/empty.db" init
expect_rc 0
tw --db "$TMP/nr/empty.db" import "$TMP/nr-bad.json"
expect_rc 4
[ -s "$TMP/nr/empty.db" ]
check $? "a refused import keeps an existing empty registry" "the file" "$(ls -A "$TMP/nr")"

e2e_finish 462
