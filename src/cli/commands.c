/* The command table: the single source of dispatch, usage and help text. */
#include "cli/cli.h"

#include <stddef.h>

#define END_OPTIONS {NULL, NULL, NULL, 0}

static const struct cli_option no_options[] = {END_OPTIONS};

static const struct cli_option init_options[] = {
    {"sample", NULL, "also load the reference data set (Seoul, Mexico City, ...)", 0},
    END_OPTIONS};

static const struct cli_option city_add_options[] = {
    {"country", "CC", "country: ISO code (MX, MEX) or English name (required)", 0},
    {"alias", "NAME[@LANG]", "another name, with its language tag", 1},
    {"region", "TEXT", "region, state or province", 0},
    {"lat", "DEG", "latitude in decimal degrees (with --lon)", 0},
    {"lon", "DEG", "longitude in decimal degrees (with --lat)", 0},
    {"wikidata", "QID", "Wikidata item id (Q8684)", 0},
    END_OPTIONS};

static const struct cli_option city_update_options[] = {
    {"name", "NAME", "new name", 0},
    {"country", "CC", "new country", 0},
    {"alias", "NAME[@LANG]", "add a name", 1},
    {"remove-alias", "NAME", "remove a name", 1},
    {"region", "TEXT", "new region ('' clears it)", 0},
    {"lat", "DEG", "new latitude (with --lon)", 0},
    {"lon", "DEG", "new longitude (with --lat)", 0},
    {"no-coordinates", NULL, "clear the coordinates", 0},
    {"wikidata", "QID", "new Wikidata id ('' clears it)", 0},
    END_OPTIONS};

static const struct cli_option sql_options[] = {
    {"timeout", "SECONDS", "stop a query that runs longer (default 60; 0: no limit)", 0},
    {"max-memory", "MB", "stop a query that needs more memory (default 512; 0: no limit)", 0},
    END_OPTIONS};

static const struct cli_option country_filter[] = {
    {"country", "CC", "only cities of this country", 0},
    END_OPTIONS};

static const struct cli_option agreement_add_options[] = {
    {"signed", "DATE", "signing date: YYYY, YYYY-MM or YYYY-MM-DD (required)", 0},
    {"kind", "KIND", "sister-city (default), friendship, strategic-cooperation, cooperation, memorandum", 0},
    {"title", "TEXT", "title of the agreement", 0},
    {"in-force", "DATE", "date it entered into force (default: the signing date)", 0},
    {"expires", "DATE", "last day in force", 0},
    {"builds-on", "ID", "the agreement this one renews or widens", 0},
    {"framework", "CODE", "a legal framework it rests on", 1},
    {"source", "URL", "a source for it", 1},
    END_OPTIONS};

static const struct cli_option agreement_update_options[] = {
    {"title", "TEXT", "new title ('' clears it)", 0},
    {"kind", "KIND", "new kind", 0},
    {"signed", "DATE", "new signing date", 0},
    {"in-force", "DATE", "new in-force date ('' clears it)", 0},
    {"expires", "DATE", "new expiry date ('' clears it)", 0},
    {"builds-on", "ID", "the agreement it builds on ('' clears it)", 0},
    {"party", "CITY", "replace the parties with these cities (repeatable, two or more)", 1},
    {"reopen", NULL, "clear the end date and reason (undo an 'end')", 0},
    {"framework", "CODE", "replace the legal frameworks with these", 1},
    {"source", "URL", "replace the sources with these", 1},
    {"registered-by", "TEXT", "the authority that registered it (SRE)", 0},
    {"registration-number", "TEXT", "its number in that register", 0},
    {"registered-on", "DATE", "the registration date", 0},
    END_OPTIONS};

static const struct cli_option agreement_list_options[] = {
    {"city", "CITY", "only agreements this city is party to", 0},
    {"country", "CC", "only agreements with a party of this country", 0},
    {"kind", "KIND", "only agreements of this kind", 0},
    {"active", NULL, "only agreements in force (today, or on --on)", 0},
    {"on", "DATE", "with --active: in force on this date", 0},
    END_OPTIONS};

static const struct cli_option agreement_end_options[] = {
    {"on", "DATE", "the end date (required): no longer in force from that day", 0},
    {"reason", "TEXT", "why it ended", 0},
    END_OPTIONS};

static const struct cli_option agreement_amend_options[] = {
    {"on", "DATE", "the date of the amendment (required)", 0},
    {"note", "TEXT", "what changed", 0},
    END_OPTIONS};

static const struct cli_option active_options[] = {
    {"on", "DATE", "the date (default today)", 0},
    {"country", "CC", "only cities of this country", 0},
    END_OPTIONS};

static const struct cli_option partners_options[] = {
    {"on", "DATE", "the date (default today)", 0},
    END_OPTIONS};

static const struct cli_option backup_options[] = {
    {"force", NULL, "replace an existing FILE (and remove its leftover -wal, -journal and -shm files)", 0},
    END_OPTIONS};

static const struct cli_option export_options[] = {
    {"format", "FORMAT", "json (default), ndjson, csv (one agreement per row) or geojson", 0},
    {"json", NULL, "same as --format json", 0},
    {"output", "FILE", "write to FILE (replaced when complete; a device or FIFO is written directly)", 0},
    END_OPTIONS};

static const struct cli_option import_options[] = {
    {"format", "FORMAT", "json, ndjson or csv (default: from the extension, else from the content)", 0},
    {"dry-run", NULL, "validate and report, write nothing", 0},
    {"skip-invalid", NULL, "import the valid records, report each invalid one with its line", 0},
    {"delimiter", "CHAR", "CSV: the field separator (default ',', tab for .tsv); 'tab' for a tab", 0},
    {"map", "FIELD=HEADER", "CSV: read FIELD (city1, country1, city2, country2, kind, signed_on, year, ended_on, "
                            "title, source, lat1, lon1, lat2, lon2) from the column HEADER; FIELD=HEADER,...", 1},
    END_OPTIONS};

static const struct cli_option history_options[] = {
    {"limit", "N", "the N newest changes only", 0},
    END_OPTIONS};

static const struct cli_option framework_add_options[] = {
    {"title", "TEXT", "title in its own language (required)", 0},
    {"jurisdiction", "CC|INT", "the country it belongs to, or INT for international (required)", 0},
    {"adopted", "DATE", "adoption date (required)", 0},
    {"kind", "KIND", "law (default), resolution, treaty, declaration", 0},
    {"summary", "TEXT", "what it says", 0},
    {"duty", "TEXT", "what it requires of the agreements resting on it", 0},
    {"duty-authority", "TEXT", "who the duty is owed to (SRE)", 0},
    {"source", "URL", "a source", 1},
    END_OPTIONS};

static const struct cli_option org_add_options[] = {
    {"acronym", "TEXT", "short name (SHRDC), accepted wherever an ORG is", 0},
    {"country", "CC", "its country", 0},
    {"founded", "DATE", "founding date", 0},
    {"summary", "TEXT", "what it does", 0},
    {"source", "URL", "a source", 1},
    END_OPTIONS};

static const struct cli_option program_add_options[] = {
    {"name", "TEXT", "its name (required)", 0},
    {"operator", "ORG", "the organization that runs it: id, name or acronym (required)", 0},
    {"host", "CITY", "the city where it takes place", 0},
    {"started", "DATE", "start date (required)", 0},
    {"under", "AGREEMENT_ID", "an agreement it serves", 1},
    {"summary", "TEXT", "what it offers", 0},
    {"source", "URL", "a source", 1},
    END_OPTIONS};

static const struct cli_option program_record_options[] = {
    {"city", "CITY", "the beneficiaries' city (required)", 0},
    {"count", "N", "how many people (omit when a source gives none)", 0},
    {"year", "YYYY", "the year", 0},
    {"field", "TEXT", "the field or course", 0},
    {"note", "TEXT", "a note", 0},
    END_OPTIONS};

static const struct cli_option source_add_options[] = {
    {"citation", "TEXT", "the citation, as a researcher would write it", 0},
    END_OPTIONS};

const struct cli_command cli_commands[] = {
    {"help", "[COMMAND]", "help on one command (its usage, every option and an example), or on all", no_options, 0, 2,
     0, cmd_help, "twinreg help agreement add"},
    {"init", "", "create the database (and apply migrations)", init_options, 0, 0, 0, cmd_init,
     "twinreg init --sample"},
    {"city add", "NAME", "add a city", city_add_options, 1, 1, 0, cmd_city_add,
     "twinreg city add Seoul --country KR --alias Séoul@fr --alias 서울@ko"},
    {"city list", "", "list cities", country_filter, 0, 0, 1, cmd_city_list, "twinreg city list --country MX"},
    {"city show", "CITY", "show one city with its names", no_options, 1, 1, 1, cmd_city_show, "twinreg city show seul"},
    {"city update", "CITY", "change a city's fields, add or remove names", city_update_options, 1, 1, 0,
     cmd_city_update, "twinreg city update 'Mexico City' --alias CDMX --region 'Ciudad de México'"},
    {"city remove", "CITY", "remove a city no agreement names", no_options, 1, 1, 0, cmd_city_remove,
     "twinreg city remove Montbéliard"},
    {"agreement add", "CITY CITY [CITY...]", "add an agreement between two or more cities", agreement_add_options,
     2, -1, 0, cmd_agreement_add, "twinreg agreement add Seoul 'Mexico City' --signed 1992"},
    {"agreement list", "", "list agreements", agreement_list_options, 0, 0, 1, cmd_agreement_list,
     "twinreg agreement list --city Seoul --active"},
    {"agreement show", "ID", "show one agreement", no_options, 1, 1, 1, cmd_agreement_show, "twinreg agreement show 3"},
    {"agreement update", "ID", "change an agreement's fields", agreement_update_options, 1, 1, 0,
     cmd_agreement_update, "twinreg agreement update 3 --title 'Acuerdo de Cooperación Estratégica'"},
    {"agreement end", "ID", "record that an agreement ended (it is kept)", agreement_end_options, 1, 1, 0,
     cmd_agreement_end, "twinreg agreement end 4 --on 2024-06-30 --reason 'not renewed'"},
    {"agreement amend", "ID", "record a dated amendment (shown in timeline and report)", agreement_amend_options, 1, 1, 0,
     cmd_agreement_amend, "twinreg agreement amend 3 --on 2021-03 --note 'annex on smart cities added'"},
    {"agreement remove", "ID", "delete an agreement entered by mistake", no_options, 1, 1, 0,
     cmd_agreement_remove, "twinreg agreement remove 5"},
    {"active", "", "cities with at least one agreement in force on a date", active_options, 0, 0, 1, cmd_active,
     "twinreg active --on 2020-01-01"},
    {"partners", "CITY", "the cities a city has agreements in force with", partners_options, 1, 1, 1,
     cmd_partners, "twinreg partners Seúl --on 2015"},
    {"export", "", "write the whole registry in the interchange format", export_options, 0, 0, 0, cmd_export,
     "twinreg export --format geojson --output twinnings.geojson"},
    {"import", "FILE|-", "merge a JSON document, NDJSON or a CSV pair list into the registry", import_options, 1, 1, 0,
     cmd_import, "twinreg import pairs.tsv --map city1=origincityLabel,country1=origincountry --skip-invalid"},
    {"history", "", "changes made, newest first: when, command, rows inserted, updated, deleted", history_options, 0, 0, 1,
     cmd_history, "twinreg history --limit 5"},
    {"undo", "[N]", "revert the last N changes (default 1) as one transaction", no_options, 0, 1, 0, cmd_undo,
     "twinreg undo 2"},
    {"check", "", "integrity, references, schema version and history; exit 5 when damaged", no_options, 0, 0, 0,
     cmd_check, "twinreg check"},
    {"backup", "FILE", "a consistent copy of the database, taken while others may write", backup_options, 1, 1, 0,
     cmd_backup, "twinreg backup registry-2026-11-25.db"},
    {"completion", "SHELL", "the completion script for bash or zsh (installed by cmake --install)", no_options, 1, 1, 0,
     cmd_completion, "twinreg completion bash > ~/.local/share/bash-completion/completions/twinreg"},
    {"sql", "QUERY", "read-only SQL for research (any write is refused)", sql_options, 1, 1, 1, cmd_sql,
     "twinreg sql 'SELECT country, count(*) FROM cities GROUP BY country' --format csv"},
    {"timeline", "CITY [CITY]", "every dated event of a city or a pair, oldest first", no_options, 1, 2, 1, cmd_timeline,
     "twinreg timeline Seoul 'Ciudad de México'"},
    {"report", "CITY CITY", "what a twinning produced: agreements, legal basis, programs, beneficiaries, sources",
     no_options, 2, 2, 1, cmd_report, "twinreg report Seoul 'Mexico City'"},
    {"framework add", "CODE", "add a legal framework", framework_add_options, 1, 1, 0, cmd_framework_add,
     "twinreg framework add MX-LCT-1992 --title 'Ley sobre la Celebración de Tratados' --jurisdiction MX --adopted 1992"},
    {"framework list", "", "list legal frameworks", no_options, 0, 0, 1, cmd_framework_list, "twinreg framework list"},
    {"framework show", "CODE", "show one legal framework", no_options, 1, 1, 1, cmd_framework_show,
     "twinreg framework show MX-LCT-1992"},
    {"org add", "NAME", "add an organization", org_add_options, 1, 1, 0, cmd_org_add,
     "twinreg org add 'Seoul Human Resources Development Center' --acronym SHRDC --country KR"},
    {"org list", "", "list organizations", no_options, 0, 0, 1, cmd_org_list, "twinreg org list"},
    {"org show", "ORG", "show one organization", no_options, 1, 1, 1, cmd_org_show, "twinreg org show SHRDC"},
    {"program add", "CODE", "add a program a twinning produced", program_add_options, 1, 1, 0, cmd_program_add,
     "twinreg program add VTP --name 'Seoul Sister City Youth Vocational Training Program' --operator SMG --host Seoul --started 2001 --under 1"},
    {"program list", "", "list programs", no_options, 0, 0, 1, cmd_program_list, "twinreg program list"},
    {"program show", "CODE", "show a program and its beneficiaries by city, year and field", no_options, 1, 1, 1,
     cmd_program_show, "twinreg program show VTP"},
    {"program record", "CODE", "record beneficiaries of a program", program_record_options, 1, 1, 0, cmd_program_record,
     "twinreg program record VTP --city 'Mexico City' --count 3 --year 2019 --field cooking"},
    {"source add", "URL", "record a source and its citation", source_add_options, 1, 1, 0, cmd_source_add,
     "twinreg source add https://example.org/agreement.pdf --citation 'Agreement text, 2019'"},
    {"source list", "", "list sources", no_options, 0, 0, 1, cmd_source_list, "twinreg source list"},
    {NULL, NULL, NULL, NULL, 0, 0, 0, NULL, NULL},
};
