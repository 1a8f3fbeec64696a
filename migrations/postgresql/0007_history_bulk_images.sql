-- The rows a statement inserts many at a time (COPY, a multi-row INSERT) are recorded as
-- one history row, op 'B', whose new_rows is the JSON array of their images (at most 4,096
-- per history row), not as a history row each: writing 310k history rows, each with its
-- jsonb image, was a third of an import of 100k agreements on a server (json_agg of the
-- rows is a fifth of the cost of a jsonb image each). A statement that inserts one row is
-- recorded as before ('I', new_row). Undo deletes a 'B' row's rows in one statement, each
-- only if it is still as its image says (the undo of a 100k import took 116 s a row at a
-- time); counts expand it into its rows, so `history` and `check` count every row as
-- before.
ALTER TABLE history_rows ADD COLUMN new_rows json;
ALTER TABLE history_rows DROP CONSTRAINT history_rows_op_check;
ALTER TABLE history_rows DROP CONSTRAINT history_rows_check;
ALTER TABLE history_rows DROP CONSTRAINT history_rows_check1;
ALTER TABLE history_rows ADD CONSTRAINT history_rows_op_check CHECK (op IN ('I', 'U', 'D', 'B'));
ALTER TABLE history_rows ADD CONSTRAINT history_rows_old_check
    CHECK ((op IN ('I', 'B')) = (old_row IS NULL));
ALTER TABLE history_rows ADD CONSTRAINT history_rows_new_check
    CHECK ((op IN ('D', 'B')) = (new_row IS NULL));
ALTER TABLE history_rows ADD CONSTRAINT history_rows_bulk_check
    CHECK ((op = 'B') = (new_rows IS NOT NULL) AND
           (new_rows IS NULL OR json_typeof(new_rows) = 'array'));
-- lz4 compresses the images several times faster than pglz, where the server has it.
DO $$
BEGIN
    ALTER TABLE history_rows ALTER COLUMN new_rows SET COMPRESSION lz4,
        ALTER COLUMN new_row SET COMPRESSION lz4, ALTER COLUMN old_row SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL; -- a server built without lz4 keeps pglz
END
$$;

CREATE OR REPLACE FUNCTION twinreg_record_inserts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    n bigint;
BEGIN
    IF coalesce(current_setting('twinreg.undoing', true), '') <> '' THEN
        SELECT count(*) INTO n FROM new_rows;
        PERFORM set_config('twinreg.undo_rows',
                           (coalesce(nullif(current_setting('twinreg.undo_rows', true), ''),
                                     '0')::bigint + n)::text, true);
        RETURN NULL;
    END IF;
    INSERT INTO history_rows (history_id, table_name, op, old_row, new_row, new_rows)
    SELECT twinreg_history_entry(), TG_TABLE_NAME,
           CASE WHEN count(*) = 1 THEN 'I' ELSE 'B' END::"char", NULL,
           CASE WHEN count(*) = 1 THEN to_jsonb((array_agg(s.r))[1]) END,
           CASE WHEN count(*) > 1 THEN json_agg(s.r) END
    FROM (SELECT r, row_number() OVER () - 1 AS k FROM new_rows AS r) AS s
    GROUP BY s.k / 4096
    ORDER BY s.k / 4096;
    RETURN NULL;
END
$$;

-- An entry's rows one by one: a 'B' row's images as 'I' rows, in order (ord within seq).
CREATE FUNCTION twinreg_history_images(entry bigint)
    RETURNS TABLE (table_name text, seq bigint, ord bigint, op "char", old_row jsonb,
                   new_row jsonb)
    LANGUAGE sql STABLE
    AS $$
SELECT r.table_name, r.seq, 1, r.op, r.old_row, r.new_row
FROM history_rows AS r WHERE r.history_id = entry AND r.op <> 'B'
UNION ALL
SELECT r.table_name, r.seq, e.ord, 'I', NULL, e.image::jsonb
FROM history_rows AS r, json_array_elements(r.new_rows) WITH ORDINALITY AS e(image, ord)
WHERE r.history_id = entry AND r.op = 'B'
$$;

CREATE OR REPLACE FUNCTION twinreg_history_counts(entry bigint, OUT i bigint, OUT u bigint,
                                                  OUT d bigint)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM history_rows WHERE history_id = entry AND op NOT IN ('I', 'B')) THEN
        SELECT coalesce(sum(CASE WHEN op = 'B' THEN json_array_length(new_rows) ELSE 1 END), 0),
               0, 0
        INTO i, u, d FROM history_rows WHERE history_id = entry;
        RETURN; -- only new rows (an import's): each once
    END IF;
    WITH keys AS (
        SELECT t.table_name, array_agg(a.attname::text ORDER BY a.attnum) AS cols
        FROM (SELECT DISTINCT table_name FROM history_rows WHERE history_id = entry) AS t
        JOIN pg_index AS x ON x.indrelid = format('%I', t.table_name)::regclass AND x.indisprimary
        JOIN pg_attribute AS a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
        GROUP BY t.table_name),
    changes AS (
        SELECT r.table_name, r.seq, r.ord, r.op,
               (SELECT jsonb_object_agg(c, coalesce(r.new_row, r.old_row) -> c)
                FROM unnest(k.cols) AS c) AS key
        FROM twinreg_history_images(entry) AS r JOIN keys AS k USING (table_name)),
    net AS (
        SELECT (array_agg(op ORDER BY seq, ord))[1] AS first_op,
               (array_agg(op ORDER BY seq DESC, ord DESC))[1] AS last_op
        FROM changes GROUP BY table_name, key)
    SELECT count(*) FILTER (WHERE first_op = 'I' AND last_op <> 'D'),
           count(*) FILTER (WHERE first_op <> 'I' AND last_op <> 'D'),
           count(*) FILTER (WHERE first_op <> 'I' AND last_op = 'D')
    INTO i, u, d FROM net;
END
$$;

-- As 0004's, with 'B' rows: their rows deleted in one statement, each only where it is
-- still as its image says; any other count is a conflict (TR409).
CREATE OR REPLACE FUNCTION twinreg_undo_entry(entry bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    r record;
    key_of text; -- "(t.a, t.b) = (SELECT a, b FROM jsonb_populate_record(NULL::tab, $1))"
    cols text;
    changed bigint;
    expected bigint;
    n bigint := 0;
BEGIN
    SET CONSTRAINTS ALL DEFERRED;
    PERFORM set_config('twinreg.undoing', entry::text, true);
    FOR r IN SELECT * FROM history_rows WHERE history_id = entry ORDER BY seq DESC LOOP
        key_of := format('(%s) = (SELECT %s FROM jsonb_populate_record(NULL::%I, $1))',
                         twinreg_columns(r.table_name, true, 't'),
                         twinreg_columns(r.table_name, true, NULL), r.table_name);
        cols := twinreg_columns(r.table_name, false, NULL);
        PERFORM set_config('twinreg.undo_rows', '0', true);
        changed := 0;
        expected := 1;
        IF r.op = 'B' THEN
            expected := json_array_length(r.new_rows);
            EXECUTE format('DELETE FROM %I t USING json_populate_recordset(NULL::%I, $1) AS r '
                           'WHERE (%s) = (%s) AND to_jsonb(t) = to_jsonb(r)',
                           r.table_name, r.table_name,
                           twinreg_columns(r.table_name, true, 't'),
                           twinreg_columns(r.table_name, true, 'r'))
                USING r.new_rows;
            GET DIAGNOSTICS changed = ROW_COUNT;
        ELSIF r.op = 'I' THEN
            EXECUTE format('DELETE FROM %I t WHERE %s AND to_jsonb(t) = $1', r.table_name, key_of)
                USING r.new_row;
            GET DIAGNOSTICS changed = ROW_COUNT;
        ELSIF r.op = 'U' THEN
            EXECUTE format('UPDATE %I t SET (%s) = (SELECT %s FROM jsonb_populate_record('
                           'NULL::%I, $2)) WHERE %s AND to_jsonb(t) = $1',
                           r.table_name, cols, cols, r.table_name, key_of)
                USING r.new_row, r.old_row;
            GET DIAGNOSTICS changed = ROW_COUNT;
        ELSE
            BEGIN
                EXECUTE format('INSERT INTO %I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM '
                               'jsonb_populate_record(NULL::%I, $1)',
                               r.table_name, cols, cols, r.table_name)
                    USING r.old_row;
                GET DIAGNOSTICS changed = ROW_COUNT;
            EXCEPTION WHEN unique_violation THEN
                changed := 0;
            END;
        END IF;
        IF changed <> expected OR current_setting('twinreg.undo_rows', true) <> expected::text THEN
            RAISE EXCEPTION USING ERRCODE = 'TR409',
                MESSAGE = format('entry %s: a later change conflicts with it', entry);
        END IF;
        n := n + expected;
    END LOOP;
    PERFORM set_config('twinreg.undoing', '', true);
    BEGIN
        SET CONSTRAINTS ALL IMMEDIATE;
    EXCEPTION WHEN foreign_key_violation THEN
        RAISE EXCEPTION USING ERRCODE = 'TR409',
            MESSAGE = format('entry %s: a later change conflicts with it', entry);
    END;
    RETURN n;
END
$$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['twinreg_record_inserts()', 'twinreg_history_images(bigint)',
                             'twinreg_history_counts(bigint)', 'twinreg_undo_entry(bigint)']
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I', f, current_schema());
    END LOOP;
END
$$;
