#!/usr/bin/env bash
# End-to-end tests of the smaller command-line defects of issue 12: `init --sample` over a
# registry whose sample records the user edited (a reload adds what is missing and never
# overwrites), a duplicate `source add` (refused), empty or repeated global `--db` options,
# TWINREG_BUSY_TIMEOUT_MS (digits only, 0 to 3600000, in every command), ids that round-trip
# exactly through export and import after an undo, and the refusals of `agreement amend`
# before the signing, the order of an agreement's dates (in force, expiry, end, amendments
# against the signing, on add, update, end and import), `undo` on a read-only registry, the
# party limit and names that start with '-'. Each case failed before its fix.
# Usage: bash tests/e2e/reliability_cli.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"
RO_DIR="" # outside $TMP, which nobody may not enter (section "undo on a read-only registry")
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"; [ -z "$RO_DIR" ] || rm -rf "$RO_DIR"' EXIT

# ======================================================================================
section "init --sample keeps the user's edits"

use_db sample
tw init --sample
expect_rc 0
export_to "$TMP/sample.export"
# A reload over an untouched sample changes nothing.
tw init --sample
expect_rc 0
expect_err_has "0 inserted, 0 updated, 30 unchanged"
export_to "$TMP/sample.again"
expect_same_file "$TMP/sample.export" "$TMP/sample.again" "a second init --sample over the sample: export unchanged"

# Edits of every kind of sample record: through the commands (a city's region, coordinates
# and aliases; an agreement's title, end and amendment; a program's participation) and
# through an import of the user's own version (a framework, an organization, a source).
tw city update Seoul --region 'Seoul Capital Area' --lat 37.5 --lon 127 --remove-alias 'Seúl'
expect_rc 0
tw city update 'Mexico City' --no-coordinates
expect_rc 0
tw agreement update 1 --title 'My own title'
expect_rc 0
tw agreement end 2 --on 2020 --reason 'ended by the user'
expect_rc 0
tw agreement amend 3 --on 2021 --note 'an amendment the user recorded'
expect_rc 0
tw program record VTP --city Seoul --count 3 --year 2020
expect_rc 0
cat >"$TMP/edits.ndjson" <<'JSON'
{"type":"framework","code":"MX-LCT-1992","title":"The user's title of the law"}
{"type":"organization","name":"Metropolis","acronym":"MTRPLS","summary":"the user's summary"}
{"type":"source","url":"https://www.jstor.org/stable/2563668","citation":"the user's citation"}
JSON
tw import "$TMP/edits.ndjson"
expect_rc 0
expect_err_has "3 updated"
export_to "$TMP/edited.export"
snap
tw init --sample
expect_rc 0
expect_err_has "reference data set: 0 inserted, 0 updated, 30 unchanged"
export_to "$TMP/edited.again"
expect_same_file "$TMP/edited.export" "$TMP/edited.again" "init --sample over edited sample records: every edit kept"
for kept in '"region":"Seoul Capital Area","lat":37.5' '"title":"My own title"' '"end_reason":"ended by the user"' \
    'an amendment the user recorded' '"year":2020,"count":3' "The user's title of the law" '"acronym":"MTRPLS"' \
    "the user's citation"; do
    grep -qF -- "$kept" "$TMP/edited.again"
    check $? "init --sample keeps the edit $kept" "present in the export" "absent"
done

# What the user removed is missing, so a reload adds it back; the rest stays as edited.
tw agreement remove 3
expect_rc 0
tw init --sample
expect_rc 0
expect_err_has "reference data set: 1 inserted, 0 updated, 29 unchanged"
tw agreement list --format csv
expect_rc 0
expect_out_has "My own title"
expect_out_has "Acuerdo entre Seúl"
# The reload left the edited city as it was (and `import`, above, still updates: 3 updated).
tw city show Seoul --format json
expect_rc 0
expect_json_eq '$.region' 'Seoul Capital Area'

# ======================================================================================
section "source add refuses a duplicate"

use_db sources
tw source add https://example.org/a.pdf --citation 'First citation'
expect_rc 0
expect_err_has "source https://example.org/a.pdf recorded"
tw source list --format csv
expect_rc 0
expect_out_has "First citation"
reject 4 "duplicate source: source 1 already has the url 'https://example.org/a.pdf'" -- \
    source add https://example.org/a.pdf --citation 'Second citation'
reject 4 "duplicate source" -- source add https://example.org/a.pdf
tw source list --format csv
expect_rc 0
expect_out_has "First citation"
expect_out_lacks "Second citation"
# Neighbours: another URL is a new source; a source linked by --source is kept as is.
tw source add https://example.org/b.pdf
expect_rc 0
tw framework add F1 --title T --jurisdiction INT --adopted 2000 --source https://example.org/a.pdf
expect_rc 0
tw source list --format csv
expect_rc 0
expect_csv 2 id citation url
expect_out_has "First citation"
reject 4 "invalid source url 'a b': it has spaces" -- source add 'a b'

# ======================================================================================
section "global --db: empty or given twice"

use_db dbopt
tw init
expect_rc 0
tw city add Lyon --country FR
expect_rc 0
# The default registry ($HOME/.local/share/...) must never be written by a refused --db.
DEFAULT_DB="$HOME/.local/share/twinreg/registry.db"
reject 2 "--db: needs a path, not an empty value" -- --db '' city add Paris --country FR
reject 2 "--db: needs a path, not an empty value" -- --db= city add Paris --country FR
reject 2 "--db: needs a path, not an empty value" -- city add Paris --country FR --db ''
reject 2 "--db: given twice, with two different paths" -- --db "$DB" --db "$TMP/other.db" city add Paris --country FR
reject 2 "--db: given twice, with two different paths" -- --db "$TMP/other.db" --db "$DB" city add Paris --country FR
reject 2 "--db: given twice, with two different paths" -- --db "$DB" city add Paris --country FR --db "$TMP/other.db"
[ ! -e "$DEFAULT_DB" ] && [ ! -e "$TMP/other.db" ]
check $? "a refused --db creates no registry" "no default registry, no other.db" "$(ls -R "$HOME" "$TMP/other.db" 2>&1 | head -c 200)"
# Neighbours: the same path twice is one choice; an empty TWINREG_DB counts as unset.
tw --db "$DB" --db "$DB" city list --format csv
expect_rc 0
expect_out_has "Lyon"
tw_env TWINREG_DB= -- --db "$DB" city list --format csv
expect_rc 0
expect_out_has "Lyon"

# ======================================================================================
section "TWINREG_BUSY_TIMEOUT_MS: digits only, 0 to 3600000"

use_db busy
tw init
expect_rc 0
for bad in abc 5s -1 ' 5' '+5' 3600001 99999999999 ''; do
    for args in "city add Paris --country FR" "city list" "sql select+1" "__complete 1 ci" "init"; do
        # shellcheck disable=SC2086
        set -- ${args//+/ }
        [ "$1" = sql ] && set -- sql 'select 1'
        snap
        tw_env TWINREG_BUSY_TIMEOUT_MS="$bad" -- "$@"
        expect_rc 2
        expect_out_empty
        expect_err_msg "invalid TWINREG_BUSY_TIMEOUT_MS '$bad': expected milliseconds, 0 to 3600000"
        expect_unchanged
    done
done
for good in 0 3600000 0100; do
    tw_env TWINREG_BUSY_TIMEOUT_MS="$good" -- sql 'select 1' --format csv
    expect_rc 0
    tw_env TWINREG_BUSY_TIMEOUT_MS="$good" -- city list
    expect_rc 0
done
# The value is used: a write lock held by another connection is waited for that long
# (0: refused at once, exit 5).
lock_fifo="$TMP/lock.fifo"
mkfifo "$lock_fifo"
sqlite3 "$DB" <"$lock_fifo" >/dev/null 2>&1 &
LOCKER=$!
exec 7>"$lock_fifo"
printf 'BEGIN IMMEDIATE;\nSELECT 1;\n' >&7
sleep 0.3
START=$(date +%s%N)
tw_env TWINREG_BUSY_TIMEOUT_MS=0 -- city add Paris --country FR
ELAPSED=$(( ($(date +%s%N) - START) / 1000000 ))
expect_rc 5
expect_err_msg "busy"
[ "$ELAPSED" -lt 2000 ]
check $? "TWINREG_BUSY_TIMEOUT_MS=0 does not wait" "under 2000 ms" "$ELAPSED ms"
printf 'ROLLBACK;\n' >&7
exec 7>&-
wait "$LOCKER"

# ======================================================================================
section "names that start with '-', and the party limit"

use_db dash
tw init
expect_rc 0
reject 2 "unknown option '-dash'; a value that starts with '-' goes after '--'" -- city add -dash --country FR
reject 2 "unknown option '-dash'" -- city add --country FR -dash
reject 2 "unknown option '-x'" -- city add -x --country FR
reject 2 "-zz: unknown option" -- -zz city list
reject 2 "unknown option '--bogus' (see" -- city add Paris --bogus --country FR
# After '--' a word is an operand, even one that looks like an option.
tw city add --country FR -- -dash
expect_rc 0
tw city add Lyon --country FR
expect_rc 0
tw city show --format json -- -dash
expect_rc 0
expect_json_eq '$.name' '-dash'
tw agreement add --signed 2001 -- -dash Lyon
expect_rc 0
tw city update --region '-south' -- -dash
expect_rc 0
tw city show --json -- -dash
expect_rc 0
expect_json_eq '$.region' '-south'

# 65 parties: refused with the real limit (the store's 64), not "two or more".
python3 - "$TMP/p65.ndjson" "$TMP/p64.ndjson" <<'PY'
import json, sys
for path, n in ((sys.argv[1], 65), (sys.argv[2], 64)):
    with open(path, "w") as f:
        f.write(json.dumps({"type": "agreement", "signed_on": "2000",
                            "parties": [{"name": "P%d" % i, "country": "FR"} for i in range(n)]}) + "\n")
PY
reject 4 "1 invalid record, nothing written" -- import "$TMP/p65.ndjson"
expect_err_has "p65.ndjson:1: an agreement has at most 64 parties (this record has 65)"
tw import "$TMP/p64.ndjson"
expect_rc 0
expect_err_has "agreements: 1 inserted"

# ======================================================================================
section "amendments are not dated before the signing"

use_db amend
tw city add A --country FR
expect_rc 0
tw city add B --country FR
expect_rc 0
tw agreement add A B --signed 1992-07-09
expect_rc 0
reject 4 "invalid amendment date '1992-07-08': before the agreement was signed (1992-07-09)" -- agreement amend 1 --on 1992-07-08
reject 4 "invalid amendment date '1992-06': before the agreement was signed (1992-07-09)" -- agreement amend 1 --on 1992-06
reject 4 "invalid amendment date '1991': before the agreement was signed (1992-07-09)" -- agreement amend 1 --on 1991
# The end date's neighbour rule, unchanged.
reject 4 "invalid end date '1992-07-08': before the agreement was signed" -- agreement end 1 --on 1992-07-08
# The signing day and a date of coarser precision that may be after it are accepted.
for ok in 1992-07-09 1992-07 1992 2000-01-01; do
    tw agreement amend 1 --on "$ok"
    expect_rc 0
done
# An import's events go through the same rule.
printf '%s\n' '{"type":"city","id":1,"name":"C","country":"DE"}' '{"type":"city","id":2,"name":"D","country":"DE"}' \
    '{"type":"agreement","parties":[1,2],"signed_on":"2001-05","events":[{"event":"amended","on":"2001-04-30"}]}' \
    >"$TMP/early.ndjson"
reject 4 "1 invalid record, nothing written" -- import "$TMP/early.ndjson"
expect_err_has "invalid amendment date '2001-04-30': before the agreement was signed (2001-05)"

# ======================================================================================
section "ids round-trip after an undo left a gap"

# An undone source or program leaves its id unused; the next one gets a higher id. The
# export keeps those ids, and importing it elsewhere must keep them too (it used to number
# sources and programs afresh, so export -> import -> export differed).
# file_ids FILE LIST: the ids of an export's list, in order.
file_ids() {
    jsql "$1" "SELECT group_concat(json_extract(value, '\$.id'), ' ') FROM json_each({J}, '\$.$2');"
}
use_db gaps
tw init
expect_rc 0
for n in 1 2 3; do
    tw source add "https://example.org/s$n" --citation "Source $n"
    expect_rc 0
done
tw undo
expect_rc 0
tw source add https://example.org/s4 --citation 'Source 4'
expect_rc 0
tw org add 'Office of twinnings' --country FR
expect_rc 0
tw city add Lyon --country FR
expect_rc 0
for code in P1 P2 P3; do
    tw program add "$code" --name "Program $code" --operator 'Office of twinnings' --started 2001 --source https://example.org/s4
    expect_rc 0
done
tw undo 2
expect_rc 0
tw program add P4 --name 'Program P4' --operator 'Office of twinnings' --host Lyon --started 2002
expect_rc 0
export_to "$TMP/gaps.json"
expect_eq "$(file_ids "$TMP/gaps.json" sources)" "1 2 4" "the export keeps the sources' ids, with the gap"
expect_eq "$(file_ids "$TMP/gaps.json" programs)" "1 4" "the export keeps the programs' ids, with the gap"
use_db gaps_copy
tw import "$TMP/gaps.json"
expect_rc 0
export_to "$TMP/gaps_copy.json"
expect_same_file "$TMP/gaps.json" "$TMP/gaps_copy.json" "export -> import -> export is identical after an undo"
# Into a registry whose ids are taken, the file's ids give way and the rows still come in.
use_db gaps_taken
tw init
expect_rc 0
for n in 7 8 9 10 11; do
    tw source add "https://example.org/other$n"
    expect_rc 0
done
tw import "$TMP/gaps.json"
expect_rc 0
expect_eq "$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM sources WHERE url LIKE '%/s_' ORDER BY id)")" "6 7 8" \
    "taken ids: the imported sources get new ones"

# ======================================================================================
section "the order of an agreement's dates"

# One rule for add, update, end, amend and import: nothing happens before the signing (entry
# into force, expiry, end, amendment), no expiry before the entry into force; an end may come
# before it (terminated before it took effect). "Before" is certainly before: dates of
# different precision are compared at the coarser one, so the same year (or month) passes.
use_db order
for c in A B C D; do
    tw city add "$c" --country FR
    expect_rc 0
done
# ok CMD...: an accepted write.
ok() {
    tw "$@"
    expect_rc 0
}
signed_at() { q "SELECT signed_on FROM agreements WHERE id = $1"; }

# add: an in-force date before the signing (it was not checked), an expiry before either.
reject 4 "invalid in-force date '1992-07-08': before the agreement was signed (1992-07-09)" -- agreement add A B --signed 1992-07-09 --in-force 1992-07-08
reject 4 "invalid in-force date '1991': before the agreement was signed (1992)" -- agreement add A B --signed 1992 --in-force 1991
reject 4 "invalid in-force date '1992-06': before the agreement was signed (1992-07-09)" -- agreement add A B --signed 1992-07-09 --in-force 1992-06
reject 4 "invalid expiry date '1992-06-30': before the agreement was signed (1992-07)" -- agreement add A B --signed 1992-07 --expires 1992-06-30
reject 4 "invalid expiry date '1993-12': before the agreement is in force (1994-01-01)" -- agreement add A B --signed 1993 --in-force 1994-01-01 --expires 1993-12
# A coarse in-force date does not hide an expiry certainly before the signing (it was accepted).
reject 4 "invalid expiry date '1992-03': before the agreement was signed (1992-07-09)" -- agreement add A B --signed 1992-07-09 --in-force 1992 --expires 1992-03
# Accepted: equal dates, and the same year or month at another precision (an expiry "1992"
# after a signing on 1992-07-09 was refused, as if "1992" meant its first day).
ok agreement add A B --signed 1992-07-09 --in-force 1992-07-09 --expires 1992-07-09
ok agreement add A B --kind friendship --signed 1992-07-09 --in-force 1992 --expires 1992
ok agreement add A B --kind cooperation --signed 1992 --in-force 1992-01-01 --expires 1992-01
ok agreement add A C --signed 1992-07-09 --in-force 1992-07 --expires 1992-07
expect_eq "$(q "SELECT group_concat(signed_on || '/' || in_force_on || '/' || expires_on, ' ') FROM agreements")" \
    "1992-07-09/1992-07-09/1992-07-09 1992-07-09/1992/1992 1992/1992-01-01/1992-01 1992-07-09/1992-07/1992-07" \
    "the accepted dates are kept as given"

# end: the same rule; the signing year, the signing day and a day before the entry into force pass.
reject 4 "invalid end date '1992-06': before the agreement was signed (1992-07-09)" -- agreement end 1 --on 1992-06
ok agreement end 1 --on 1992
ok agreement end 2 --on 1992-07-09
ok agreement add A D --signed 1992-07-09 --in-force 1993
ok agreement end 5 --on 1992-12
expect_eq "$(q "SELECT group_concat(ended_on, ' ') FROM agreements WHERE ended_on IS NOT NULL")" "1992 1992-07-09 1992-12" \
    "the accepted end dates are kept as given"

# update: the signing date moved after an amendment, an end or an entry into force is refused.
ok agreement add B C --signed 1990 --in-force 1991-03 --expires 2010
ok agreement amend 6 --on 1995-03
reject 4 "invalid in-force date '1991-03': before the agreement was signed (1991-04)" -- agreement update 6 --signed 1991-04
reject 4 "invalid in-force date '1989': before the agreement was signed (1990)" -- agreement update 6 --in-force 1989
reject 4 "invalid expiry date '1991-02': before the agreement is in force (1991-03)" -- agreement update 6 --expires 1991-02
ok agreement update 6 --signed 1991
expect_eq "$(signed_at 6)" 1991 "signed in the year of the entry into force"
ok agreement update 6 --signed 1991-03-31 --in-force ''
reject 4 "invalid amendment date '1995-03': before the agreement was signed (1995-04)" -- agreement update 6 --signed 1995-04
reject 4 "invalid amendment date '1995-03': before the agreement was signed (1996)" -- agreement update 6 --signed 1996
ok agreement update 6 --signed 1995
expect_eq "$(signed_at 6)" 1995 "signed in the year of the amendment"
ok agreement update 6 --signed 1995-03-31
expect_eq "$(signed_at 6)" 1995-03-31 "signed in the month of the amendment"
ok agreement add B D --signed 2000
ok agreement end 7 --on 2005-06
reject 4 "invalid end date '2005-06': before the agreement was signed (2005-07)" -- agreement update 7 --signed 2005-07
ok agreement update 7 --signed 2005-06-30
expect_eq "$(signed_at 7)" 2005-06-30 "signed in the month of the end"

# import: a new agreement, and one that matches a recorded agreement, go through the rule.
printf '%s\n' '{"type":"city","id":1,"name":"E","country":"DE"}' '{"type":"city","id":2,"name":"F","country":"DE"}' \
    '{"type":"agreement","parties":[1,2],"signed_on":"2001-05","in_force_on":"2001-04-30"}' >"$TMP/in_force.ndjson"
reject 4 "1 invalid record, nothing written" -- import "$TMP/in_force.ndjson"
expect_err_has "invalid in-force date '2001-04-30': before the agreement was signed (2001-05)"
printf '%s\n' '{"type":"city","id":1,"name":"C","country":"FR"}' '{"type":"city","id":2,"name":"D","country":"FR"}' \
    '{"type":"agreement","parties":[1,2],"signed_on":"1992-07-09","in_force_on":"1992-07-01"}' >"$TMP/matched.ndjson"
reject 4 "1 invalid record, nothing written" -- import "$TMP/matched.ndjson"
expect_err_has "invalid in-force date '1992-07-01': before the agreement was signed (1992-07-09)"
# An import matches an agreement by its parties, kind and signing date, so a file whose
# signing date moved after the recorded events is another agreement: checked as a whole.
export_to "$TMP/order.json"
sed 's/"signed_on":"1995-03-31"/"signed_on":"1996"/' "$TMP/order.json" >"$TMP/moved.json"
reject 4 "1 invalid record, nothing written" -- import "$TMP/moved.json"
expect_err_has "invalid amendment date '1995-03': before the agreement was signed (1996)"
printf '%s\n' '{"type":"city","id":1,"name":"E","country":"DE"}' '{"type":"city","id":2,"name":"F","country":"DE"}' \
    '{"type":"agreement","parties":[1,2],"signed_on":"1992-07-09","in_force_on":"1992","expires_on":"1992-07","ended_on":"1992","events":[{"event":"amended","on":"1992-07"}]}' \
    >"$TMP/coarse.ndjson"
ok import "$TMP/coarse.ndjson"
expect_err_has "agreements: 1 inserted"

section "undo on a read-only registry"

# A read-only file in a writable folder: the undo's changeset fails to apply, and the
# message said "not an error". As root (CI) permissions need another user: nobody.
use_db readonly
tw city add Rome --country IT
expect_rc 0
RO_DIR=$(mktemp -d /tmp/twinreg-cli-ro.XXXXXX)
chmod 0777 "$RO_DIR"
cp "$DB" "$RO_DIR/registry.db"
cp "$TWINREG" "$RO_DIR/twinreg"
chmod 0444 "$RO_DIR/registry.db"
chmod 0755 "$RO_DIR/twinreg"
sha=$(sha_of "$RO_DIR/registry.db")
AS=()
if [ "$(id -u)" -eq 0 ]; then
    AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    command -v setpriv >/dev/null 2>&1
    check $? "setpriv is installed (util-linux): root ignores permissions" "setpriv" "missing"
fi
CMD="twinreg --db $RO_DIR/registry.db undo (read-only file)"
"${AS[@]}" "$RO_DIR/twinreg" --db "$RO_DIR/registry.db" undo >"$TMP/out" 2>"$TMP/err"
RC=$?
expect_rc 5
expect_out_empty
expect_err_msg "cannot undo: the database file (or its folder) cannot be written: attempt to write a readonly database"
expect_eq "$(sha_of "$RO_DIR/registry.db")" "$sha" "$CMD: the file is byte-identical"

# ======================================================================================
section "whole numbers: digits only, one rule (core/number.c)"
use_db numbers
tw init --sample
expect_rc 0
for n in +5 " 5" "5 " 5s 0x5 1e1; do
    reject 2 "history: --limit must be a positive whole number, got '$n'" -- history --limit "$n"
    reject 2 "undo: the number of changes to undo must be a positive whole number, got '$n'" -- undo "$n"
    reject 2 "sql: --timeout must be a whole number from 0 to 86400, got '$n'" -- sql --timeout "$n" 'SELECT 1'
    snap
    tw_env TWINREG_BUSY_TIMEOUT_MS="$n" -- city add Numberville --country FR
    expect_rc 2
    expect_err_msg "invalid TWINREG_BUSY_TIMEOUT_MS '$n': expected milliseconds, 0 to 3600000"
    expect_unchanged
done
tw history --limit 007
expect_rc 0

# ======================================================================================
section "history: who made each change"
# On SQLite, the operating-system user that ran the command (its uid's name, not $USER).
use_db by
tw init --sample
expect_rc 0
tw_env USER=someone-else LOGNAME=someone-else -- city add Byville --country FR
expect_rc 0
tw history --format json
expect_rc 0
expect_json_eq '$[0].by' "$(id -un)"
expect_json_eq '$[1].by' "$(id -un)"
tw history --format csv
expect_rc 0
expect_eq "$(head -n 1 "$TMP/out" | tr -d '\r')" "id,at,by,command,inserted,updated,deleted" "history's csv header names who"
# An entry from before the column (a registry migrated from version 4) has no author.
sqlite3 "$DB" "UPDATE history SET made_by = NULL WHERE id = 1"
tw history --format json
expect_rc 0
expect_json_null '$[1].by'
tw history
expect_rc 0
expect_out_has "$(id -un)"

# ======================================================================================
section "--db: no password on the command line"
# ps shows every process's arguments to every user: a connection string's password is
# refused there (exit 2), in both of libpq's forms, before anything is opened or recorded.
use_db nopassword
tw init
expect_rc 0
PW_MSG="--db: a password on the command line is visible to every user of this machine; give it with PGPASSWORD or ~/.pgpass"
cd "$TMP" || exit 1
for conn in 'postgresql://ana:secret@localhost/registry' 'postgres://ana@/registry?password=secret' \
    'host=/run/postgresql dbname=registry password=secret'; do
    reject 2 "$PW_MSG" -- --db "$conn" city add Lyon --country FR
    reject 2 "$PW_MSG" -- city list --db "$conn"
    reject 2 "$PW_MSG" -- "--db=$conn" history
done
# A --db that names a PostgreSQL server is not a file name: a command that runs there
# tries the server (none here: exit 5), and nothing becomes a SQLite file under a folder
# named "postgresql:" (init on a server: tests/pg/init.sh; the commands on one:
# tests/e2e/engines.sh).
for conn in 'postgresql://ana@localhost/registry' 'service=twinreg' 'host=/run/postgresql dbname=registry'; do
    reject 5 "unable to connect to PostgreSQL" -- --db "$conn" city add Lyon --country FR
    reject 5 "unable to connect to PostgreSQL" -- --db "$conn" sql 'SELECT 1'
    TWINREG_DB="$conn" reject 5 "unable to connect to PostgreSQL" -- history
done
expect_eq "$(find "$TMP" -maxdepth 1 \( -name 'postgres*' -o -name 'host=*' -o -name 'service=*' \) | wc -l)" 0 \
    "a server's connection string never became a file or folder"
cd - >/dev/null || exit 1
secret_files=$(find "$TMP" -maxdepth 1 -name "*secret*" | wc -l)
expect_eq "$secret_files" 0 "no file was created under a name holding the password"

e2e_finish 776
