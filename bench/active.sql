-- `twinreg active --on DAY` as a user without twinreg writes it, on the load probe's
-- minimal schema (bench/load_probe.c), with partners.sql's rule for "in force": each city
-- with an agreement in force, their number, its partners' names and ids (by name). run.sh
-- writes the day in place of :day.
WITH live AS (
  SELECT id FROM agreements
  WHERE substr(coalesce(in_force_on, signed_on) || '-01-01', 1, 10) <= :day
    AND (ended_on IS NULL OR substr(ended_on || '-01-01', 1, 10) > :day)
    AND (expires_on IS NULL OR substr(expires_on || '-01-01', 1, 10) >= :day)),
counts AS (
  SELECT p.city_id AS city, count(*) AS n FROM live JOIN parties p ON p.agreement_id = live.id
  GROUP BY p.city_id),
partners AS (
  SELECT DISTINCT p.city_id AS city, c.name, c.id FROM live
  JOIN parties p ON p.agreement_id = live.id
  JOIN parties o ON o.agreement_id = live.id AND o.city_id <> p.city_id
  JOIN cities c ON c.id = o.city_id ORDER BY 1, 2, 3),
lists AS (
  SELECT city, group_concat(name, '; ') AS names, group_concat(id, '; ') AS ids FROM partners
  GROUP BY city)
SELECT c.id, c.name, c.country, counts.n, lists.names, lists.ids
FROM counts JOIN cities c ON c.id = counts.city JOIN lists ON lists.city = counts.city
ORDER BY c.name, c.id;
