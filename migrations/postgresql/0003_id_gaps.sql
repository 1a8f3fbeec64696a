-- Ids never used: SQLite's migrations/0006_id_gaps.sql in PostgreSQL's dialect.
CREATE TABLE id_gaps (
    table_name tr_text NOT NULL
        CHECK (table_name IN ('cities', 'organizations', 'agreements', 'sources', 'programs')),
    first_id bigint NOT NULL CHECK (first_id >= 1),
    last_id bigint NOT NULL CHECK (last_id >= first_id AND last_id <= 9007199254740991),
    PRIMARY KEY (table_name, first_id)
);
