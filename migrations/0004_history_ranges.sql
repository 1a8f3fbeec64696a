-- The rows a bulk import inserted, recorded as an id range per table rather than one by
-- one in the changeset: `rows` of `table_name` (with, for agreements, their parties) have
-- ids in (above, upto]. An undo reverts the entry's changesets, then deletes the ranges.
CREATE TABLE history_ranges (
    history_id INTEGER NOT NULL REFERENCES history (id) ON DELETE CASCADE,
    table_name TEXT NOT NULL CHECK (table_name IN ('cities', 'agreements')),
    above INTEGER NOT NULL CHECK (above >= 0),
    upto INTEGER NOT NULL CHECK (upto > above),
    rows INTEGER NOT NULL CHECK (rows >= 1),
    PRIMARY KEY (history_id, table_name)
) STRICT, WITHOUT ROWID;
