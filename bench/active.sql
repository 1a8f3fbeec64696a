-- `twinreg active --on DAY`: the query of src/store/query.c (ACTIVE_SQL), as a sqlite3
-- user would run it. run.sh writes the day in place of :day.
WITH live AS (SELECT id FROM agreement_days WHERE (start_day IS NULL OR start_day <= :day) AND (stop_day IS NULL OR stop_day > :day)
  AND id NOT IN (SELECT agreement_id FROM agreement_suspensions WHERE substr(suspended_on || '-01-01', 1, 10) <= :day AND (resumed_on IS NULL OR substr(resumed_on || '-01-01', 1, 10) > :day))),
counts AS (SELECT p.city_id AS city, count(*) AS n FROM live JOIN agreement_parties p ON p.agreement_id = live.id GROUP BY p.city_id),
partner_rows AS (SELECT DISTINCT p.city_id AS city, pc.name_key AS name_key, pc.name AS name, pc.id AS pid FROM live
  JOIN agreement_parties p ON p.agreement_id = live.id
  JOIN agreement_parties o ON o.agreement_id = live.id AND o.city_id <> p.city_id
  JOIN cities pc ON pc.id = o.city_id ORDER BY 1, 2, 3, 4),
lists AS (SELECT city, json_group_array(name) AS names, json_group_array(pid) AS ids FROM partner_rows GROUP BY city)
SELECT c.id, c.name, c.country, counts.n, lists.names, lists.ids FROM counts
JOIN cities c ON c.id = counts.city JOIN lists ON lists.city = counts.city ORDER BY c.name_key, c.name, c.id;
