-- The anchor on PostgreSQL: what a skilled psql user does to load the same registry into
-- twinreg's own tables (made by `twinreg init`): the CSVs through \copy into staging
-- tables, INSERT ... SELECT in one transaction, with the tables' secondary indexes and the
-- natural key dropped before and built after, and the tables' own triggers off (a raw
-- load records no history). pg.sh runs it in the folder of the CSVs.
\set ON_ERROR_STOP on
CREATE TEMP TABLE s_cities (id bigint, name text, country text, lat double precision, lon double precision);
CREATE TEMP TABLE s_agreements (id bigint, kind text, signed_on text, in_force_on text, expires_on text, ended_on text);
CREATE TEMP TABLE s_parties (agreement_id bigint, city_id bigint);
\copy s_cities FROM 'cities.csv' WITH (FORMAT csv, HEADER true)
\copy s_agreements FROM 'agreements.csv' WITH (FORMAT csv, HEADER true)
\copy s_parties FROM 'parties.csv' WITH (FORMAT csv, HEADER true)
BEGIN;
CREATE TEMP TABLE saved_indexes AS
  SELECT indexname, indexdef FROM pg_indexes
  WHERE schemaname = current_schema() AND tablename IN ('cities', 'agreements', 'agreement_parties')
    AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'));
SELECT format('DROP INDEX %I', indexname) FROM saved_indexes \gexec
ALTER TABLE agreements DROP CONSTRAINT agreements_natural_key;
ALTER TABLE cities DISABLE TRIGGER USER;
ALTER TABLE agreements DISABLE TRIGGER USER;
ALTER TABLE agreement_parties DISABLE TRIGGER USER;
INSERT INTO cities (id, name, name_key, country, lat, lon)
  SELECT id, name, lower(name), country, lat, lon FROM s_cities;
INSERT INTO agreements (id, kind, signed_on, in_force_on, expires_on, ended_on, parties_key)
  SELECT a.id, a.kind, nullif(a.signed_on, ''), nullif(a.in_force_on, ''), nullif(a.expires_on, ''),
         nullif(a.ended_on, ''), p.parties_key
  FROM s_agreements a JOIN (SELECT agreement_id, min(city_id) || ',' || max(city_id) AS parties_key
                            FROM s_parties GROUP BY agreement_id) p ON p.agreement_id = a.id;
INSERT INTO agreement_parties (agreement_id, city_id) SELECT agreement_id, city_id FROM s_parties;
SELECT indexdef FROM saved_indexes \gexec
ALTER TABLE agreements ADD CONSTRAINT agreements_natural_key UNIQUE NULLS NOT DISTINCT (parties_key, kind, signed_on);
ALTER TABLE cities ENABLE TRIGGER USER;
ALTER TABLE agreements ENABLE TRIGGER USER;
ALTER TABLE agreement_parties ENABLE TRIGGER USER;
-- The identities move past the ids loaded, as twinreg's import moves them.
SELECT setval(pg_get_serial_sequence('cities', 'id'), (SELECT max(id) FROM cities));
SELECT setval(pg_get_serial_sequence('agreements', 'id'), (SELECT max(id) FROM agreements));
COMMIT;
ANALYZE cities;
ANALYZE agreements;
ANALYZE agreement_parties;
