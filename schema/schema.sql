-- The whole current schema, for reading. Generated from a database migrated by
-- migrations/*.sql; tests/check_store.c proves the migrations produce exactly this.
CREATE TABLE cities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key TEXT NOT NULL CHECK (length(name_key) >= 1),
    country TEXT NOT NULL CHECK (length(country) = 2 AND country GLOB '[A-Z][A-Z]'),
    region TEXT CHECK (length(region) <= 200),
    lat REAL CHECK (lat BETWEEN -90 AND 90),
    lon REAL CHECK (lon BETWEEN -180 AND 180),
    wikidata TEXT UNIQUE CHECK (wikidata GLOB 'Q[1-9]*' AND wikidata NOT GLOB 'Q*[^0-9]*'), twin_key TEXT NOT NULL DEFAULT '' CHECK (length(twin_key) <= 700),
    CHECK ((lat IS NULL) = (lon IS NULL))
) STRICT;
CREATE UNIQUE INDEX cities_natural_key ON cities (name_key, country, twin_key);
CREATE TABLE city_aliases (
    city_id INTEGER NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    name_key TEXT NOT NULL CHECK (length(name_key) >= 1),
    lang TEXT CHECK (length(lang) BETWEEN 2 AND 16 AND lang NOT GLOB '*[^a-zA-Z0-9-]*'),
    PRIMARY KEY (city_id, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX city_aliases_name_key ON city_aliases (name_key);
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL DEFAULT 'sister-city'
        CHECK (kind IN ('sister-city', 'friendship', 'strategic-cooperation', 'cooperation', 'memorandum')),
    title TEXT CHECK (length(title) <= 1000),
    signed_on TEXT CHECK (signed_on GLOB '[0-9][0-9][0-9][0-9]' OR signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR signed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    in_force_on TEXT CHECK (in_force_on GLOB '[0-9][0-9][0-9][0-9]' OR in_force_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR in_force_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    expires_on TEXT CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]' OR expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR expires_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    ended_on TEXT CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]' OR ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR ended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    end_reason TEXT CHECK (length(end_reason) <= 1000),
    builds_on INTEGER REFERENCES agreements (id),
    -- The sorted party ids, comma-separated: with kind and signing date, the natural key.
    parties_key TEXT NOT NULL CHECK (parties_key GLOB '[0-9]*,[0-9]*'),
    -- First day in force (NULL: since always) and first day no longer in force (NULL: open).
    registered_by TEXT CHECK (length(registered_by) <= 200), registration_number TEXT CHECK (length(registration_number) <= 100), registered_on TEXT CHECK (registered_on GLOB '[0-9][0-9][0-9][0-9]' OR registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR registered_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    CHECK (builds_on IS NULL OR builds_on <> id)
) STRICT;
CREATE UNIQUE INDEX agreements_natural_key ON agreements (parties_key, kind, coalesce(signed_on, ''));
CREATE INDEX agreements_builds_on ON agreements (builds_on) WHERE builds_on IS NOT NULL;
CREATE TABLE agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    PRIMARY KEY (agreement_id, city_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX agreement_parties_city ON agreement_parties (city_id, agreement_id);
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
CREATE TABLE record_sources (
    source_id INTEGER NOT NULL REFERENCES sources (id),
    record_type TEXT NOT NULL CHECK (record_type IN ('agreement', 'framework', 'program', 'organization')),
    record_key TEXT NOT NULL,  -- the agreement/program/organization id, or the framework code
    PRIMARY KEY (record_type, record_key, source_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_sources_source ON record_sources (source_id);
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*Z'),
    command TEXT NOT NULL CHECK (length(command) BETWEEN 1 AND 4000),
    inserted INTEGER NOT NULL CHECK (inserted >= 0),
    updated INTEGER NOT NULL CHECK (updated >= 0),
    deleted INTEGER NOT NULL CHECK (deleted >= 0)
, made_by TEXT CHECK (made_by IS NULL OR length(made_by) BETWEEN 1 AND 256), summary TEXT CHECK (summary IS NULL OR length(summary) BETWEEN 1 AND 1000)) STRICT;
CREATE TABLE history_changes (
    id INTEGER PRIMARY KEY,
    history_id INTEGER NOT NULL REFERENCES history (id) ON DELETE CASCADE,
    part INTEGER NOT NULL CHECK (part >= 1),
    changeset BLOB NOT NULL,
    UNIQUE (history_id, part)
) STRICT;
CREATE VIEW agreement_days (id, start_day, stop_day) AS
SELECT id,
    substr(coalesce(in_force_on, signed_on) || '-01-01', 1, 10),
    CASE
        WHEN ended_on IS NULL THEN date(substr(expires_on || '-01-01', 1, 10), '+1 day')
        WHEN expires_on IS NULL THEN substr(ended_on || '-01-01', 1, 10)
        ELSE min(substr(ended_on || '-01-01', 1, 10), date(substr(expires_on || '-01-01', 1, 10), '+1 day'))
    END
FROM agreements;
CREATE TABLE history_ranges (
    history_id INTEGER NOT NULL REFERENCES history (id) ON DELETE CASCADE,
    table_name TEXT NOT NULL CHECK (table_name IN ('cities', 'agreements')),
    above INTEGER NOT NULL CHECK (above >= 0),
    upto INTEGER NOT NULL CHECK (upto > above),
    rows INTEGER NOT NULL CHECK (rows >= 1),
    PRIMARY KEY (history_id, table_name)
) STRICT, WITHOUT ROWID;
CREATE TABLE id_gaps (
    table_name TEXT NOT NULL
        CHECK (table_name IN ('cities', 'organizations', 'agreements', 'sources', 'programs')),
    first_id INTEGER NOT NULL CHECK (first_id >= 1),
    last_id INTEGER NOT NULL CHECK (last_id >= first_id AND last_id <= 9007199254740991),
    PRIMARY KEY (table_name, first_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    decided_on TEXT NOT NULL CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]' OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    number TEXT CHECK (length(number) BETWEEN 1 AND 100),
    title TEXT CHECK (length(title) BETWEEN 1 AND 1000),
    source TEXT CHECK (length(source) BETWEEN 1 AND 2000)
) STRICT;

CREATE TABLE agreement_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    change TEXT NOT NULL CHECK (change IN ('signed', 'ended', 'amended', 'suspended', 'resumed')),
    happened_on TEXT CHECK (happened_on GLOB '[0-9][0-9][0-9][0-9]' OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR happened_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
) STRICT;
CREATE INDEX agreement_decisions_agreement ON agreement_decisions (agreement_id);
CREATE INDEX agreement_decisions_decision ON agreement_decisions (decision_id);

-- Who signed, in the order given (position 1 first).
CREATE TABLE agreement_signatories (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 100),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
    office TEXT CHECK (length(office) BETWEEN 1 AND 300),
    PRIMARY KEY (agreement_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE agreement_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    approved_on TEXT NOT NULL CHECK (approved_on GLOB '[0-9][0-9][0-9][0-9]' OR approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR approved_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    decision_id INTEGER REFERENCES decisions (id)
) STRICT;
CREATE INDEX agreement_approvals_agreement ON agreement_approvals (agreement_id);
CREATE INDEX agreement_approvals_decision ON agreement_approvals (decision_id);

-- The approvals a framework requires of the agreements resting on it, by the body that
-- gives them (the 1992 law: the foreign ministry's opinion).
CREATE TABLE framework_requirements (
    framework_code TEXT NOT NULL REFERENCES frameworks (code),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 200),
    PRIMARY KEY (framework_code, body)
) STRICT, WITHOUT ROWID;

CREATE TABLE agreement_suspensions (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    suspended_on TEXT NOT NULL CHECK (suspended_on GLOB '[0-9][0-9][0-9][0-9]' OR suspended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR suspended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    resumed_on TEXT CHECK (resumed_on GLOB '[0-9][0-9][0-9][0-9]' OR resumed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR resumed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    source TEXT CHECK (length(source) BETWEEN 1 AND 2000),
    PRIMARY KEY (agreement_id, suspended_on),
    CHECK (resumed_on IS NULL
           OR substr(resumed_on || '-01-01', 1, 10) > substr(suspended_on || '-01-01', 1, 10))
) STRICT, WITHOUT ROWID;
CREATE VIEW agreement_periods (agreement_id, start_day, stop_day) AS
SELECT agreement_id, start_day, stop_day FROM (
    SELECT o.agreement_id, o.start_day,
        CASE WHEN o.next_day IS NOT NULL AND (o.last_day IS NULL OR o.next_day < o.last_day)
             THEN o.next_day ELSE o.last_day END AS stop_day
    FROM (
        SELECT b.agreement_id, b.start_day, b.last_day,
            (SELECT min(substr(s.suspended_on || '-01-01', 1, 10)) FROM agreement_suspensions s
             WHERE s.agreement_id = b.agreement_id
               AND (b.start_day IS NULL OR substr(s.suspended_on || '-01-01', 1, 10) >= b.start_day))
                AS next_day
        FROM (
            SELECT id AS agreement_id, start_day, stop_day AS last_day FROM agreement_days
            UNION ALL
            SELECT s.agreement_id, substr(s.resumed_on || '-01-01', 1, 10), d.stop_day
            FROM agreement_suspensions s JOIN agreement_days d ON d.id = s.agreement_id
            WHERE s.resumed_on IS NOT NULL
        ) b
    ) o
) p
WHERE start_day IS NULL OR stop_day IS NULL OR start_day < stop_day;
CREATE TABLE countries (
    code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[A-Z][A-Z]'),
    alpha3 TEXT NOT NULL UNIQUE CHECK (length(alpha3) = 3 AND alpha3 GLOB '[A-Z][A-Z][A-Z]'),
    name TEXT NOT NULL CHECK (length(name) >= 1),
    common_name TEXT NOT NULL CHECK (length(common_name) >= 1)
) STRICT, WITHOUT ROWID;
