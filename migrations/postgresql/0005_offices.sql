-- Offices and permissions on a shared registry (PostgreSQL only: SQLite has one writer).
-- An office is a group role (NOLOGIN) with cities; people log in as their own roles,
-- members of it. Everyone reads everything; a member writes only the agreements one of
-- whose parties is a city of an office of theirs, and the programs hosted by such a city.
-- The administrator (the owner of the tables, who ran init, or a member of twinreg_admin)
-- is not restricted. Numbered 0005: 0004 is history's (another slice).

CREATE TABLE offices (
    -- The role's name is 'twinreg_office_' || name, which must fit in 63 bytes.
    name tr_text PRIMARY KEY CHECK (octet_length(name) BETWEEN 1 AND 48),
    role tr_text NOT NULL UNIQUE
);

CREATE TABLE office_cities (
    office tr_text NOT NULL REFERENCES offices (name) ON DELETE CASCADE,
    city_id bigint NOT NULL REFERENCES cities (id),
    PRIMARY KEY (city_id, office) -- city first: the policies ask "whose is this city?"
);

-- Roles belong to the cluster, not the database: another registry may have made them.
-- twinreg_member holds what every office needs; an office role is granted it.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'twinreg_admin') THEN
        CREATE ROLE twinreg_admin NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'twinreg_member') THEN
        CREATE ROLE twinreg_member NOLOGIN;
    END IF;
    -- In the schema init runs in, whatever search_path put first.
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO twinreg_member', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO twinreg_member',
                   current_schema());
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO twinreg_member',
                   current_schema());
END
$$;
GRANT INSERT, UPDATE, DELETE ON cities, city_aliases, agreements, agreement_parties,
    sources, organizations, frameworks, agreement_frameworks, agreement_events, programs,
    program_agreements, participation, record_sources, id_gaps TO twinreg_member;
-- An administrator who is not the owner: a member's rights, and the office tables (the
-- roles themselves are made by the functions below, which only it may call).
GRANT twinreg_member TO twinreg_admin;
GRANT INSERT, DELETE ON office_cities TO twinreg_admin;

-- The administrator (0004_history's twinreg_is_admin_role): the owner, a member of it, or
-- now also a member of twinreg_admin.
CREATE OR REPLACE FUNCTION twinreg_is_admin_role(who name) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT pg_has_role(who, 'twinreg_admin', 'MEMBER')
        OR pg_has_role(who, (SELECT relowner FROM pg_class WHERE oid = 'offices'::regclass),
                       'MEMBER')
    $$;

-- A role dropped behind twinreg's back drops out of the join instead of failing.
CREATE FUNCTION twinreg_my_city(city bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (
        SELECT FROM office_cities AS oc
        JOIN offices AS o ON o.name = oc.office
        JOIN pg_roles AS r ON r.rolname = o.role
        WHERE oc.city_id = city AND pg_has_role(current_user, r.oid, 'MEMBER'))
    $$;

-- May the current role write the record of `kind` named by `key`? 'parties': a
-- parties_key ("12,345"), for an agreement row inserted before its parties; 'agreement',
-- 'program', 'city': an id; a framework or an organization: anyone.
CREATE FUNCTION twinreg_may_write(kind text, key text) RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF twinreg_is_admin() THEN
        RETURN true;
    END IF;
    CASE kind
    WHEN 'parties' THEN
        RETURN EXISTS (SELECT FROM unnest(string_to_array(key, ',')) AS p (id)
                       WHERE twinreg_my_city(p.id::bigint));
    WHEN 'agreement' THEN
        RETURN coalesce(twinreg_may_write('parties',
            (SELECT parties_key FROM agreements WHERE id = key::bigint)), false);
    WHEN 'program' THEN
        RETURN coalesce(twinreg_my_city(
            (SELECT host_city_id FROM programs WHERE id = key::bigint)), false);
    WHEN 'city' THEN
        RETURN coalesce(twinreg_my_city(key::bigint), false);
    ELSE
        RETURN true;
    END CASE;
END
$$;

-- For the store to ask before an update, end, amend or delete, and say why it refuses.
CREATE FUNCTION twinreg_may_write_agreement(id bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT twinreg_may_write('agreement', CAST(id AS text)) $$;

-- A policy's USING on the old row would hide another office's row from an UPDATE or a
-- DELETE, which would then change nothing and say so ("not found"). The policies below
-- check new rows (WITH CHECK: SQLSTATE 42501); this trigger refuses old rows the same way.
-- Arguments: the record's kind ('record': record_sources' record_type) and key column.
CREATE FUNCTION twinreg_guard_old_row() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    r jsonb := to_jsonb(OLD);
    kind text := CASE TG_ARGV[0] WHEN 'record' THEN r ->> 'record_type' ELSE TG_ARGV[0] END;
    key text := r ->> TG_ARGV[1];
BEGIN
    IF NOT twinreg_may_write(kind, key) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = format('%s %s: not allowed: none of its cities belongs to an office of '
                             'role ''%s''', kind, key, current_user);
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

-- Each guarded table: the check of a new row (a policy WITH CHECK), and the record an old
-- row belongs to (the trigger's kind and key column). Registration is columns of
-- agreements; cities, sources, organizations and frameworks have no policy: any member
-- may add them.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('agreements', $c$twinreg_may_write('parties', parties_key)$c$, 'agreement', 'id'),
        ('agreement_parties', $c$twinreg_may_write('agreement', CAST(agreement_id AS text))$c$,
         'agreement', 'agreement_id'),
        ('agreement_events', $c$twinreg_may_write('agreement', CAST(agreement_id AS text))$c$,
         'agreement', 'agreement_id'),
        ('agreement_frameworks',
         $c$twinreg_may_write('agreement', CAST(agreement_id AS text))$c$,
         'agreement', 'agreement_id'),
        ('programs', $c$twinreg_may_write('city', CAST(host_city_id AS text))$c$,
         'program', 'id'),
        ('program_agreements', $c$twinreg_may_write('program', CAST(program_id AS text))$c$,
         'program', 'program_id'),
        ('participation', $c$twinreg_may_write('program', CAST(program_id AS text))$c$,
         'program', 'program_id'),
        ('record_sources', $c$twinreg_may_write(record_type, record_key)$c$,
         'record', 'record_key')
    ) AS v (tbl, new_row, kind, key)
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.tbl);
        EXECUTE format('CREATE POLICY office_writes ON %I USING (true) WITH CHECK (%s)',
                       t.tbl, t.new_row);
        EXECUTE format('CREATE TRIGGER office_guard BEFORE UPDATE OR DELETE ON %I FOR EACH ROW '
                       'EXECUTE FUNCTION twinreg_guard_old_row(%L, %L)', t.tbl, t.kind, t.key);
    END LOOP;
END
$$;

-- Role management. Role names cannot be bound parameters: these functions quote them
-- (%I). They run as the owner (who may create roles) and only an administrator may call
-- them. P0002 (no_data_found) is "no such office or role": exit 3.
CREATE FUNCTION twinreg_office_role(office text) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    r text;
BEGIN
    SELECT role INTO r FROM offices WHERE name = office;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = format('office ''%s'': not found', office);
    END IF;
    RETURN r;
END
$$;

CREATE FUNCTION twinreg_office_add(office text) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    r text := 'twinreg_office_' || office;
BEGIN
    INSERT INTO offices (name, role) VALUES (office, r);
    EXECUTE format('CREATE ROLE %I NOLOGIN IN ROLE twinreg_member', r);
    RETURN r;
END
$$;

-- Dropping the role ends its memberships; office_cities go with the office.
CREATE FUNCTION twinreg_office_remove(office text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    r text := twinreg_office_role(office);
BEGIN
    DELETE FROM offices WHERE name = office;
    EXECUTE format('DROP ROLE IF EXISTS %I', r);
END
$$;

CREATE FUNCTION twinreg_office_member(office text, login text, joining boolean)
    RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    r text := twinreg_office_role(office);
    is_member boolean;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = format('role ''%s'': not found', login);
    END IF;
    is_member := EXISTS (SELECT FROM pg_auth_members AS m
                      JOIN pg_roles AS g ON g.oid = m.roleid
                      JOIN pg_roles AS u ON u.oid = m.member
                      WHERE g.rolname = r AND u.rolname = login);
    IF joining AND NOT is_member THEN
        EXECUTE format('GRANT %I TO %I', r, login);
    ELSIF NOT joining AND NOT is_member THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = format('role ''%s'' is not a member of office ''%s''', login, office);
    ELSIF NOT joining THEN
        EXECUTE format('REVOKE %I FROM %I', r, login);
    END IF;
END
$$;

-- Every function reads tables by name: pin its search_path to this schema (pg_temp last,
-- so that no one's temporary table stands in), and keep the role functions to the
-- administrator.
DO $$
DECLARE
    f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_proc AS p
             WHERE p.pronamespace = current_schema()::regnamespace
               AND p.proname LIKE 'twinreg\_%'
    LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_temp', f, current_schema());
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION twinreg_office_add(text), twinreg_office_remove(text),
    twinreg_office_member(text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION twinreg_office_add(text), twinreg_office_remove(text),
    twinreg_office_member(text, text, boolean) TO twinreg_admin;
