-- The whole domain: sources, organizations, legal frameworks, programs and their
-- beneficiaries, agreement events (amendments) and registration.
CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE CHECK (length(url) BETWEEN 1 AND 2000),
    citation TEXT CHECK (length(citation) BETWEEN 1 AND 4000)
) STRICT;

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    name_key TEXT NOT NULL UNIQUE CHECK (length(name_key) >= 1),
    acronym TEXT CHECK (length(acronym) BETWEEN 1 AND 32),
    country TEXT CHECK (length(country) = 2 AND country GLOB '[A-Z][A-Z]'),
    founded_on TEXT CHECK (founded_on GLOB '[0-9][0-9][0-9][0-9]' OR founded_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR founded_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    summary TEXT CHECK (length(summary) <= 4000)
) STRICT;
CREATE INDEX organizations_acronym ON organizations (acronym) WHERE acronym IS NOT NULL;

CREATE TABLE frameworks (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^A-Za-z0-9._/()-]*'),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 1000),
    jurisdiction TEXT NOT NULL CHECK (jurisdiction = 'INT' OR (length(jurisdiction) = 2 AND jurisdiction GLOB '[A-Z][A-Z]')),
    kind TEXT NOT NULL DEFAULT 'law' CHECK (kind IN ('law', 'resolution', 'treaty', 'declaration')),
    adopted_on TEXT NOT NULL CHECK (adopted_on GLOB '[0-9][0-9][0-9][0-9]' OR adopted_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR adopted_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    summary TEXT CHECK (length(summary) <= 4000),
    -- What the framework requires of the agreements resting on it (e.g. registration with
    -- the Foreign Ministry); NULL when it imposes nothing.
    duty TEXT CHECK (length(duty) <= 1000),
    duty_authority TEXT CHECK (length(duty_authority) <= 200)
) STRICT;

CREATE TABLE agreement_frameworks (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    framework_code TEXT NOT NULL REFERENCES frameworks (code),
    PRIMARY KEY (agreement_id, framework_code)
) STRICT, WITHOUT ROWID;
CREATE INDEX agreement_frameworks_code ON agreement_frameworks (framework_code);

-- Registration of an agreement with an authority (Mexico's SRE register).
ALTER TABLE agreements ADD COLUMN registered_by TEXT CHECK (length(registered_by) <= 200);
ALTER TABLE agreements ADD COLUMN registration_number TEXT CHECK (length(registration_number) <= 100);
ALTER TABLE agreements ADD COLUMN registered_on TEXT CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]' OR registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');

-- Later actions on an agreement (amendments), each dated; signing, entry into force and
-- end are columns of the agreement itself.
CREATE TABLE agreement_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    event TEXT NOT NULL CHECK (event IN ('amended')),
    happened_on TEXT NOT NULL CHECK (happened_on GLOB '[0-9][0-9][0-9][0-9]' OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    note TEXT CHECK (length(note) <= 1000)
) STRICT;
CREATE INDEX agreement_events_agreement ON agreement_events (agreement_id);

CREATE TABLE programs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^A-Za-z0-9._/()-]*'),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    operator_id INTEGER NOT NULL REFERENCES organizations (id),
    host_city_id INTEGER REFERENCES cities (id),
    started_on TEXT CHECK (started_on GLOB '[0-9][0-9][0-9][0-9]' OR started_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR started_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    summary TEXT CHECK (length(summary) <= 4000)
) STRICT;

CREATE TABLE program_agreements (
    program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id),
    PRIMARY KEY (program_id, agreement_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX program_agreements_agreement ON program_agreements (agreement_id);

-- Beneficiaries: how many people of a city took part, in a year and field when known.
-- A NULL count records a field without its number (a source that ranks courses only).
CREATE TABLE participation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    year INTEGER CHECK (year BETWEEN 1 AND 9999),
    count INTEGER CHECK (count BETWEEN 0 AND 100000000),
    field TEXT CHECK (length(field) BETWEEN 1 AND 200),
    note TEXT CHECK (length(note) <= 2000)
) STRICT;
CREATE INDEX participation_program ON participation (program_id, city_id);
CREATE INDEX participation_city ON participation (city_id);

-- Which sources back which records.
CREATE TABLE record_sources (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    record_type TEXT NOT NULL CHECK (record_type IN ('agreement', 'framework', 'program', 'organization')),
    record_key TEXT NOT NULL,  -- the agreement/program/organization id, or the framework code
    PRIMARY KEY (record_type, record_key, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_sources_source ON record_sources (source_id);
