#include "store/pg_tables.h"

const char *const st_pg_registry_tables[] = {"cities",
                                             "city_aliases",
                                             "sources",
                                             "organizations",
                                             "frameworks",
                                             "framework_requirements",
                                             "decisions",
                                             "agreements",
                                             "agreement_parties",
                                             "agreement_frameworks",
                                             "agreement_events",
                                             "agreement_decisions",
                                             "agreement_signatories",
                                             "agreement_approvals",
                                             "agreement_suspensions",
                                             "programs",
                                             "program_agreements",
                                             "participation",
                                             "record_sources",
                                             "id_gaps"};
const size_t st_pg_registry_table_count =
    sizeof st_pg_registry_tables / sizeof st_pg_registry_tables[0];
