-- The rows of a registry on a server, for tests/e2e/lib.sh's db_sha: one line per table,
-- "table NAME MD5" (the md5 of its rows' text, in text order), and one per sequence,
-- "sequence NAME LAST_VALUE IS_CALLED": what `pg_dump --data-only` holds, read by one
-- client (pg_dump walks the catalog first: 0.2 s a call, twice per refused command).
-- Row-level security off, as pg_dump sets it: a policy that would hide rows is an error.
SET row_security = off;
SELECT CASE c.relkind
    WHEN 'S' THEN format('SELECT %L || last_value || '' '' || is_called FROM %I.%I',
                         'sequence ' || n.nspname || '.' || c.relname || ' ', n.nspname, c.relname)
    ELSE format('SELECT %L || md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) '
                'FROM %I.%I t', 'table ' || n.nspname || '.' || c.relname || ' ', n.nspname, c.relname)
    END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'S') AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
ORDER BY n.nspname, c.relname \gexec
