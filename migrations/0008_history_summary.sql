-- What a command reported it did, in its own words and counts (an import's summary line:
-- records inserted, updated, unchanged, skipped, by kind), beside the rows the entry
-- changed: `history` shows it where it exists. Entries written before have none (NULL).
ALTER TABLE history ADD COLUMN summary TEXT CHECK (summary IS NULL OR length(summary) BETWEEN 1 AND 1000);
