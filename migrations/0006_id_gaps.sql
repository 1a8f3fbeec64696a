-- Ids never used: the runs of ids a kept file id jumped over, per table. Ids are never
-- given twice, and AUTOINCREMENT keeps only the highest; once a file's id at the top of the
-- range (2^53 - 1) is kept, new rows take their ids from here (src/store/id_counter.h).
-- Not part of the history: an undo leaves the ids it frees used.
CREATE TABLE id_gaps (
    table_name TEXT NOT NULL
        CHECK (table_name IN ('cities', 'organizations', 'agreements', 'sources', 'programs')),
    first_id INTEGER NOT NULL CHECK (first_id >= 1),
    last_id INTEGER NOT NULL CHECK (last_id >= first_id AND last_id <= 9007199254740991),
    PRIMARY KEY (table_name, first_id)
) STRICT, WITHOUT ROWID;
