-- Ids never used: SQLite's migrations/0006_id_gaps.sql in PostgreSQL's dialect.
CREATE TABLE id_gaps (
    table_name tr_text NOT NULL
        CHECK (table_name IN ('cities', 'organizations', 'agreements', 'sources', 'programs')),
    first_id bigint NOT NULL CHECK (first_id >= 1),
    last_id bigint NOT NULL CHECK (last_id >= first_id AND last_id <= 9007199254740991),
    PRIMARY KEY (table_name, first_id)
);

-- Ids stay within 1..2^53 - 1 (twinreg/core/id.h): an identity never numbers past it (on
-- SQLite, the commit refuses a counter past it).
ALTER TABLE cities ALTER COLUMN id SET MAXVALUE 9007199254740991;
ALTER TABLE organizations ALTER COLUMN id SET MAXVALUE 9007199254740991;
ALTER TABLE agreements ALTER COLUMN id SET MAXVALUE 9007199254740991;
ALTER TABLE sources ALTER COLUMN id SET MAXVALUE 9007199254740991;
ALTER TABLE programs ALTER COLUMN id SET MAXVALUE 9007199254740991;
