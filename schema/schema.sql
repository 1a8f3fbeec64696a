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
    wikidata TEXT UNIQUE CHECK (wikidata GLOB 'Q[1-9]*' AND wikidata NOT GLOB 'Q*[^0-9]*'),
    CHECK ((lat IS NULL) = (lon IS NULL))
) STRICT;
CREATE UNIQUE INDEX cities_natural_key ON cities (name_key, country);
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
    start_day TEXT GENERATED ALWAYS AS (substr(coalesce(in_force_on, signed_on) || '-01-01', 1, 10)) VIRTUAL,
    stop_day TEXT GENERATED ALWAYS AS (CASE
        WHEN ended_on IS NULL THEN date(substr(expires_on || '-01-01', 1, 10), '+1 day')
        WHEN expires_on IS NULL THEN substr(ended_on || '-01-01', 1, 10)
        ELSE min(substr(ended_on || '-01-01', 1, 10), date(substr(expires_on || '-01-01', 1, 10), '+1 day'))
        END) VIRTUAL,
    CHECK (builds_on IS NULL OR builds_on <> id)
) STRICT;
CREATE UNIQUE INDEX agreements_natural_key ON agreements (parties_key, kind, coalesce(signed_on, ''));
CREATE INDEX agreements_in_force ON agreements (start_day, stop_day);
CREATE INDEX agreements_builds_on ON agreements (builds_on) WHERE builds_on IS NOT NULL;
CREATE TABLE agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    city_id INTEGER NOT NULL REFERENCES cities (id),
    PRIMARY KEY (agreement_id, city_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX agreement_parties_city ON agreement_parties (city_id, agreement_id);
