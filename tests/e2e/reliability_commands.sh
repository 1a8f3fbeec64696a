#!/usr/bin/env bash
# End-to-end tests of the typed command table (issue 13, item 5): help lists only the
# output formats a command has, a format it lacks is refused (exit 2) before the handler
# runs, a missing required option is refused with the message the handlers gave, a
# malformed DATE, CC or KIND is refused before anything is written, commands that undo or
# delete are never reached by a prefix, and the completion offers values by the kind the
# table gives an option or a command's operands.
# Usage: bash tests/e2e/reliability_commands.sh /path/to/twinreg
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=reliability_lib.sh
. "$HERE/reliability_lib.sh" "$@"

use_db sample
tw init --sample
expect_rc 0

# ======================================================================================
section "help lists only a command's formats"

tw report --help
expect_rc 0
expect_out_has "output format: table (default), json, ndjson"
expect_out_lacks "csv"
tw city list --help
expect_rc 0
expect_out_has "output format: table (default), json, ndjson, csv"
run_twinreg __man >"$TMP/man"
grep -A1 -F 'output format' "$TMP/man" | grep -c csv >"$TMP/n_csv"
expect_eq "$(grep -c -F 'output format' "$TMP/man")" "$(($(cat "$TMP/n_csv") + 1))" \
    "manual page: every listing's --format names csv, report's does not"

# ======================================================================================
section "a format the command lacks is refused before it runs"

reject 2 "no csv output: use --format table, json, ndjson, markdown or html" -- report Seoul 'Mexico City' --format csv
expect_err_last_line
# Refused by the table: even for cities that do not exist (the handler would say exit 3).
reject 2 "no csv output" -- report Nowhere Elsewhere --format csv
reject 2 "unknown format 'xml': expected table, json, ndjson, markdown or html" -- report Seoul 'Mexico City' --format xml
reject 2 "unknown format 'xml': expected table, json, ndjson, csv or tsv" -- city list --format xml
tw report Seoul 'Mexico City' --format json
expect_rc 0
expect_json_object
tw city list --format csv
expect_rc 0
expect_out_has "id,name,country"

# ======================================================================================
section "required options"

reject 2 "city add: missing --country" -- city add Foo
reject 2 "agreement add: missing --signed DATE" -- agreement add Seoul Tokyo
reject 2 "agreement end: missing --on DATE" -- agreement end 1
reject 2 "agreement amend: missing --on DATE" -- agreement amend 1
reject 2 "framework add: missing --title" -- framework add X-1 --jurisdiction MX --adopted 1992
reject 2 "framework add: missing --jurisdiction" -- framework add X-1 --title T --adopted 1992
reject 2 "framework add: missing --adopted" -- framework add X-1 --title T --jurisdiction MX
reject 2 "program add: missing --operator" -- program add P-1 --name N --started 2001
reject 2 "program record: missing --city" -- program record VTP --count 3
# A usage error comes before a rejected value.
reject 2 "agreement add: missing --signed DATE" -- agreement add Seoul Tokyo --kind nonsense
reject 2 "--signed cannot be cleared" -- agreement update 1 --signed ''

# ======================================================================================
section "values checked by kind before the handler"

reject 4 "invalid signing date" -- agreement add Seoul 'Mexico City' --signed 1992-02-30
reject 4 "invalid end date" -- agreement end 1 --on 2020-13
reject 4 "unknown country 'Atlantis'" -- city list --country Atlantis
reject 4 "unknown kind 'pact'" -- agreement list --kind pact
reject 4 "unknown framework kind 'edict'" -- framework add X-2 --title T --jurisdiction MX --adopted 1992 --kind edict
# '' clears a clearable date on update (not checked as a date).
tw agreement update 1 --expires ''
expect_rc 0

# ======================================================================================
section "commands that undo or delete need their full name"

reject 2 "unknown command" -- u
reject 2 "unknown subcommand 'rem'" -- city rem Seoul
tw agreement li --format csv
expect_rc 0

# ======================================================================================
section "completion offers values by kind"

complete() { run_twinreg __complete "$@" >"$TMP/comp" 2>/dev/null; tr '\n' ' ' <"$TMP/comp"; }
got=$(complete 3 report Seoul --format '')
expect_eq "$got" "table json ndjson markdown html " "report --format <TAB>: its formats only"
got=$(complete 3 city list --format '')
expect_eq "$got" "table json ndjson csv tsv " "city list --format <TAB>: every listing format"
got=$(complete 2 export --format '')
expect_eq "$got" "json ndjson csv tsv geojson graphml gexf " "export --format <TAB>: the export's formats"
got=$(complete 5 agreement add Seoul Tokyo --kind fr)
expect_eq "$got" "friendship " "agreement add --kind fr<TAB>: an agreement kind"
got=$(complete 4 framework add X --kind '')
expect_eq "$got" "" "framework add --kind <TAB>: not an agreement's kinds"
got=$(complete 4 framework add X --jurisdiction I)
expect_eq "$got" "ID IE IL IM IN IO IQ IR IS IT INT " "framework add --jurisdiction I<TAB>: countries and INT"
got=$(complete 3 city list --country M)
expect_eq "$got" "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " \
    "city list --country M<TAB>: every country code"
got=$(complete 1 import '')
expect_eq "$got" "__files__ " "import <TAB>: a file"
got=$(complete 1 completion '')
expect_eq "$got" "bash zsh fish " "completion <TAB>: the shells"
got=$(complete 2 report Seoul Mex)
expect_eq "$got" "Mexico City " "report Seoul Mex<TAB>: a city (the operands' kind)"
got=$(complete 2 partners Seoul '')
expect_eq "$got" "" "partners Seoul <TAB>: nothing past its last operand"
got=$(complete 3 agreement show 1 '')
expect_eq "$got" "" "agreement show 1 <TAB>: an ID has no candidates"

e2e_finish 60 60
