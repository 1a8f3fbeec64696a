-- History and undo on PostgreSQL: every change to a registry table is recorded, in the
-- transaction that makes it, as a row image (jsonb) by a trigger, whoever makes it (twinreg
-- or another client). An entry is one transaction: twinreg names its command with
-- set_config('twinreg.command', ..., true); a change made with another tool is recorded
-- too, named so. `history` keeps SQLite's columns (same listing on both engines); who made
-- it is the session's role. Undo applies the images back, newest first, and refuses when
-- a row is no longer as the entry left it or when reverting would touch a row the entry did
-- not (a later change's row removed by a cascade): SQLSTATE TR409, nothing undone.
CREATE TABLE history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at tr_text NOT NULL CHECK (at ~ '^[0-9]{4}-[0-1][0-9]-[0-3][0-9]T.*Z$'),
    command tr_text NOT NULL CHECK (length(command) BETWEEN 1 AND 4000),
    inserted bigint NOT NULL DEFAULT 0 CHECK (inserted >= 0),
    updated bigint NOT NULL DEFAULT 0 CHECK (updated >= 0),
    deleted bigint NOT NULL DEFAULT 0 CHECK (deleted >= 0),
    made_by tr_text CHECK (made_by IS NULL OR length(made_by) BETWEEN 1 AND 256)
);
CREATE INDEX history_made_by ON history (made_by, id);

CREATE TABLE history_rows (
    history_id bigint NOT NULL REFERENCES history (id) ON DELETE CASCADE,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    table_name tr_text NOT NULL,
    op "char" NOT NULL CHECK (op IN ('I', 'U', 'D')),
    old_row jsonb CHECK ((op = 'I') = (old_row IS NULL)),
    new_row jsonb CHECK ((op = 'D') = (new_row IS NULL)),
    PRIMARY KEY (history_id, seq)
);

-- Foreign keys checked at the end of an undo (SET CONSTRAINTS ALL DEFERRED): a cascade's
-- rows may be recorded before the row they name. Cascades stay immediate.
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conrelid::regclass AS tab, conname FROM pg_constraint
             WHERE contype = 'f' AND connamespace = current_schema()::regnamespace LOOP
        EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE', c.tab, c.conname);
    END LOOP;
END
$$;

-- The entry of the current transaction, created at its first change.
CREATE FUNCTION twinreg_history_entry() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    entry bigint := nullif(current_setting('twinreg.history_id', true), '')::bigint;
BEGIN
    IF entry IS NULL THEN
        INSERT INTO history (at, command, made_by)
        VALUES (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                coalesce(nullif(current_setting('twinreg.command', true), ''),
                         '(a change made outside twinreg)'),
                session_user)
        RETURNING id INTO entry;
        PERFORM set_config('twinreg.history_id', entry::text, true);
    END IF;
    RETURN entry;
END
$$;

-- The row trigger of every registry table. During an undo it records nothing and counts
-- the rows changed, so that the undo sees a change it did not make itself.
CREATE FUNCTION twinreg_record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
BEGIN
    IF coalesce(current_setting('twinreg.undoing', true), '') <> '' THEN
        PERFORM set_config('twinreg.undo_rows',
                           (coalesce(nullif(current_setting('twinreg.undo_rows', true), ''),
                                     '0')::bigint + 1)::text, true);
        RETURN NULL;
    END IF;
    INSERT INTO history_rows (history_id, table_name, op, old_row, new_row)
    VALUES (twinreg_history_entry(), TG_TABLE_NAME, left(TG_OP, 1)::"char",
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END
$$;

-- New rows are recorded a statement at a time, from its transition table: a bulk load
-- (COPY, multi-row INSERT) then costs one call per statement, not one per row (an import
-- of 100k agreements spent 60% of its time in the row trigger).
CREATE FUNCTION twinreg_record_inserts() RETURNS trigger
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
    INSERT INTO history_rows (history_id, table_name, op, old_row, new_row)
    SELECT twinreg_history_entry(), TG_TABLE_NAME, 'I', NULL, to_jsonb(r) FROM new_rows AS r;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['cities', 'city_aliases', 'agreements', 'agreement_parties',
                             'sources', 'organizations', 'frameworks', 'agreement_frameworks',
                             'agreement_events', 'programs', 'program_agreements',
                             'participation', 'record_sources']
    LOOP
        EXECUTE format('CREATE TRIGGER twinreg_history AFTER UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION twinreg_record_change()', t);
        EXECUTE format('CREATE TRIGGER twinreg_history_new AFTER INSERT ON %I '
                       'REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION twinreg_record_inserts()', t);
    END LOOP;
END
$$;

-- The rows an entry changed, counted as SQLite's session counts them: by row (its primary
-- key), from its first change to its last. Inserted then updated is one insert, inserted
-- then deleted none, updated then deleted one delete, deleted then inserted one update.
CREATE FUNCTION twinreg_history_counts(entry bigint, OUT i bigint, OUT u bigint, OUT d bigint)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM history_rows WHERE history_id = entry AND op <> 'I') THEN
        SELECT count(*), 0, 0 INTO i, u, d FROM history_rows WHERE history_id = entry;
        RETURN; -- only new rows (an import's): each once
    END IF;
    WITH keys AS (
        SELECT t.table_name, array_agg(a.attname::text ORDER BY a.attnum) AS cols
        FROM (SELECT DISTINCT table_name FROM history_rows WHERE history_id = entry) AS t
        JOIN pg_index AS x ON x.indrelid = format('%I', t.table_name)::regclass AND x.indisprimary
        JOIN pg_attribute AS a ON a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey)
        GROUP BY t.table_name),
    changes AS (
        SELECT r.table_name, r.seq, r.op,
               (SELECT jsonb_object_agg(c, coalesce(r.new_row, r.old_row) -> c)
                FROM unnest(k.cols) AS c) AS key
        FROM history_rows AS r JOIN keys AS k USING (table_name)
        WHERE r.history_id = entry),
    net AS (
        SELECT (array_agg(op ORDER BY seq))[1] AS first_op,
               (array_agg(op ORDER BY seq DESC))[1] AS last_op
        FROM changes GROUP BY table_name, key)
    SELECT count(*) FILTER (WHERE first_op = 'I' AND last_op <> 'D'),
           count(*) FILTER (WHERE first_op <> 'I' AND last_op <> 'D'),
           count(*) FILTER (WHERE first_op <> 'I' AND last_op = 'D')
    INTO i, u, d FROM net;
END
$$;

-- The current transaction's entry, closed when the command ends: its command line and its
-- counts (a trigger per row would rewrite the entry's row at every change). NULL command:
-- the name it has.
CREATE FUNCTION twinreg_history_close(command text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    entry bigint := nullif(current_setting('twinreg.history_id', true), '')::bigint;
BEGIN
    IF entry IS NOT NULL THEN
        UPDATE history h
        SET inserted = c.i, updated = c.u, deleted = c.d,
            command = coalesce(left(twinreg_history_close.command, 4000), h.command)
        FROM twinreg_history_counts(entry) AS c
        WHERE h.id = entry;
    END IF;
    RETURN entry;
END
$$;

-- The columns of `tab` as a list for SQL: its primary key's (prefixed by `alias.` when
-- given) or all it stores (generated ones left out).
CREATE FUNCTION twinreg_columns(tab text, key_only boolean, alias text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
SELECT string_agg(CASE WHEN alias IS NULL THEN format('%I', a.attname)
                       ELSE format('%I.%I', alias, a.attname) END, ', ' ORDER BY a.attnum)
FROM pg_attribute a
WHERE a.attrelid = format('%I', tab)::regclass AND a.attnum > 0 AND NOT a.attisdropped
  AND a.attgenerated = ''
  AND (NOT key_only OR a.attnum = ANY (SELECT unnest(i.indkey) FROM pg_index i
                                       WHERE i.indrelid = a.attrelid AND i.indisprimary))
$$;

-- Reverts entry `entry` (its rows newest first) as the calling role, so that row-level
-- security applies to the undo as to any change; returns the rows reverted. Raises TR409
-- when a later change conflicts: the caller's transaction then rolls back whole.
CREATE FUNCTION twinreg_undo_entry(entry bigint) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    r record;
    key_of text; -- "(t.a, t.b) = (SELECT a, b FROM jsonb_populate_record(NULL::tab, $1))"
    cols text;
    changed bigint;
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
        IF r.op = 'I' THEN
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
        IF changed <> 1 OR current_setting('twinreg.undo_rows', true) <> '1' THEN
            RAISE EXCEPTION USING ERRCODE = 'TR409',
                MESSAGE = format('entry %s: a later change conflicts with it', entry);
        END IF;
        n := n + 1;
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

-- An administrator of the registry: the role that owns it (the one that ran `init`), a
-- member of that role, or a superuser (0005_offices adds the members of twinreg_admin).
-- Others undo only their own entries. twinreg_is_admin() asks it of the current role; a
-- function that runs with its owner's rights asks it of session_user.
CREATE FUNCTION twinreg_is_admin_role(who name) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
SELECT pg_has_role(who, c.relowner, 'MEMBER') FROM pg_class c
WHERE c.oid = 'history'::regclass
$$;
CREATE FUNCTION twinreg_is_admin() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT twinreg_is_admin_role(current_user) $$;

-- Removes an undone entry: the caller's own, or anyone's for an administrator (42501
-- otherwise). The history is written only by these functions and the triggers.
CREATE FUNCTION twinreg_history_forget(entry bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
BEGIN
    IF NOT twinreg_is_admin_role(session_user) AND
       (SELECT made_by FROM history WHERE id = entry) IS DISTINCT FROM session_user THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('history entry %s was made by another role', entry);
    END IF;
    DELETE FROM history WHERE id = entry;
END
$$;

-- A function that runs with its owner's rights must not find tables by the caller's
-- search_path: each finds them in the schema the registry was created in.
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['twinreg_history_entry()', 'twinreg_record_change()',
                             'twinreg_record_inserts()',
                             'twinreg_history_close(text)', 'twinreg_history_counts(bigint)', 'twinreg_columns(text, boolean, text)',
                             'twinreg_undo_entry(bigint)', 'twinreg_is_admin()',
                             'twinreg_is_admin_role(name)',
                             'twinreg_history_forget(bigint)']
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = pg_catalog, %I', f, current_schema());
    END LOOP;
END
$$;
