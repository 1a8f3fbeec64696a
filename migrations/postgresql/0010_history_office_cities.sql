-- The offices' cities join the history, so that `city merge` can move an office's city to
-- the city kept and `undo` give it back: office_cities gets the row trigger every registry
-- table has (a few rows at a time, so no statement-level one). The office commands make
-- and drop roles, which no undo can take back, so their own writes of office_cities are
-- not recorded: they say so with twinreg.offices_changing, local to their transaction.
CREATE TRIGGER twinreg_history AFTER INSERT OR UPDATE OR DELETE ON office_cities
    FOR EACH ROW
    WHEN (coalesce(current_setting('twinreg.offices_changing', true), '') = '')
    EXECUTE FUNCTION twinreg_record_change();

-- As 0005's, marking its cascade to office_cities as the office command's own.
CREATE OR REPLACE FUNCTION twinreg_office_remove(office text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    AS $$
DECLARE
    r text := twinreg_office_role(office);
BEGIN
    PERFORM set_config('twinreg.offices_changing', 'on', true);
    DELETE FROM offices WHERE name = office;
    PERFORM set_config('twinreg.offices_changing', '', true);
    EXECUTE format('DROP ROLE IF EXISTS %I', r);
END
$$;
-- CREATE OR REPLACE resets the function's settings: its search_path again (as 0005's).
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION twinreg_office_remove(text) SET search_path = %I, pg_temp',
                   current_schema());
END
$$;
