-- History: what each command that wrote changed, recorded in the command's own
-- transaction: SQLite session changesets, so that `undo` can revert them (their inverse).
-- A long command (an import) writes its changeset in parts, so that recording it needs
-- no more memory than one part.
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T*Z'),
    command TEXT NOT NULL CHECK (length(command) BETWEEN 1 AND 4000),
    inserted INTEGER NOT NULL CHECK (inserted >= 0),
    updated INTEGER NOT NULL CHECK (updated >= 0),
    deleted INTEGER NOT NULL CHECK (deleted >= 0)
) STRICT;
-- A rowid table, with the large changesets out of the index: a WITHOUT ROWID table keeps
-- them in its key's b-tree, which every later insert then has to walk.
CREATE TABLE history_changes (
    id INTEGER PRIMARY KEY,
    history_id INTEGER NOT NULL REFERENCES history (id) ON DELETE CASCADE,
    part INTEGER NOT NULL CHECK (part >= 1),
    changeset BLOB NOT NULL,
    UNIQUE (history_id, part)
) STRICT;

-- The session extension of SQLite 3.40 cannot record a table with generated columns, so
-- the first and last days in force become an index on their expressions, read through a
-- view that keeps their names for the queries.
DROP INDEX agreements_in_force;
ALTER TABLE agreements DROP COLUMN stop_day;
ALTER TABLE agreements DROP COLUMN start_day;
CREATE INDEX agreements_in_force ON agreements (
    substr(coalesce(in_force_on, signed_on) || '-01-01', 1, 10),
    CASE
        WHEN ended_on IS NULL THEN date(substr(expires_on || '-01-01', 1, 10), '+1 day')
        WHEN expires_on IS NULL THEN substr(ended_on || '-01-01', 1, 10)
        ELSE min(substr(ended_on || '-01-01', 1, 10), date(substr(expires_on || '-01-01', 1, 10), '+1 day'))
    END);
-- First day in force (NULL: since always) and first day no longer in force (NULL: open).
CREATE VIEW agreement_days (id, start_day, stop_day) AS
SELECT id,
    substr(coalesce(in_force_on, signed_on) || '-01-01', 1, 10),
    CASE
        WHEN ended_on IS NULL THEN date(substr(expires_on || '-01-01', 1, 10), '+1 day')
        WHEN expires_on IS NULL THEN substr(ended_on || '-01-01', 1, 10)
        ELSE min(substr(ended_on || '-01-01', 1, 10), date(substr(expires_on || '-01-01', 1, 10), '+1 day'))
    END
FROM agreements;
