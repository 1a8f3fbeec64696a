-- Who made each change: on SQLite, the operating-system user that ran the command (a
-- shared registry on PostgreSQL records the database role). Entries written before this
-- migration have none (NULL).
ALTER TABLE history ADD COLUMN made_by TEXT CHECK (made_by IS NULL OR length(made_by) BETWEEN 1 AND 256);
