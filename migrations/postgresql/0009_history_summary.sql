-- What a command reported it did, in its own words and counts (an import's summary line:
-- records inserted, updated, unchanged, skipped, by kind), beside the rows the entry
-- changed, as on SQLite. Entries written before have none (NULL).
ALTER TABLE history ADD COLUMN summary tr_text
    CHECK (summary IS NULL OR length(summary) BETWEEN 1 AND 1000);

-- Sets the current transaction's entry's summary (members cannot write `history`; nothing
-- when the transaction has changed nothing yet, as twinreg_history_close).
CREATE FUNCTION twinreg_history_note(summary text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    entry bigint := nullif(current_setting('twinreg.history_id', true), '')::bigint;
BEGIN
    IF entry IS NOT NULL THEN
        UPDATE history SET summary = left(twinreg_history_note.summary, 1000) WHERE id = entry;
    END IF;
    RETURN entry;
END
$$;
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION twinreg_history_note(text) SET search_path = %I, pg_temp',
                   current_schema());
END
$$;
