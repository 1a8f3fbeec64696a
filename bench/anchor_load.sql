-- The anchor: what a skilled sqlite3 user does to load the same registry. The tables are
-- twinreg's own cities, agreements and agreement_parties (created from schema/schema.sql
-- without their indexes by run.sh), loaded from CSV through staging tables with
-- INSERT ... SELECT, a 256 MB cache, one transaction, and the same indexes built after.
PRAGMA cache_size = -262144;
PRAGMA journal_mode = WAL;
.bail on
.mode csv
CREATE TEMP TABLE s_cities (id, name, country, lat, lon);
CREATE TEMP TABLE s_agreements (id, kind, signed_on, in_force_on, expires_on, ended_on);
CREATE TEMP TABLE s_parties (agreement_id, city_id);
.import --skip 1 cities.csv s_cities
.import --skip 1 agreements.csv s_agreements
.import --skip 1 parties.csv s_parties
BEGIN;
INSERT INTO cities (id, name, name_key, country, lat, lon)
  SELECT CAST(id AS INTEGER), name, lower(name), country, CAST(lat AS REAL), CAST(lon AS REAL) FROM s_cities;
INSERT INTO agreements (id, kind, signed_on, in_force_on, expires_on, ended_on, parties_key)
  SELECT CAST(a.id AS INTEGER), a.kind, nullif(a.signed_on, ''), nullif(a.in_force_on, ''), nullif(a.expires_on, ''),
         nullif(a.ended_on, ''), p.parties_key
  FROM s_agreements a JOIN (SELECT agreement_id, min(CAST(city_id AS INTEGER)) || ',' || max(CAST(city_id AS INTEGER)) AS parties_key
                            FROM s_parties GROUP BY agreement_id) p ON p.agreement_id = a.id;
INSERT INTO agreement_parties (agreement_id, city_id) SELECT CAST(agreement_id AS INTEGER), CAST(city_id AS INTEGER) FROM s_parties;
COMMIT;
