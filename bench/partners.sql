-- `twinreg partners CITY --on DAY` as a user without twinreg writes it, on the load probe's
-- minimal schema (bench/load_probe.c: cities, agreements, parties), from the README's rules
-- alone: an agreement is in force from its in-force date (else its signing date) until it
-- ends, and through its expiry day; a partial date stands for its first day. run.sh writes
-- the day and the city's name in place of :day and :name (literals, as a user types them).
WITH live AS (
  SELECT id, signed_on FROM agreements
  WHERE substr(coalesce(in_force_on, signed_on) || '-01-01', 1, 10) <= :day
    AND (ended_on IS NULL OR substr(ended_on || '-01-01', 1, 10) > :day)
    AND (expires_on IS NULL OR substr(expires_on || '-01-01', 1, 10) >= :day)),
mine AS (
  SELECT o.city_id AS partner, live.id AS agreement, live.signed_on
  FROM parties me JOIN live ON live.id = me.agreement_id
  JOIN parties o ON o.agreement_id = me.agreement_id AND o.city_id <> me.city_id
  WHERE me.city_id = (SELECT id FROM cities WHERE name = :name)
  ORDER BY 1, 2)
SELECT c.id, c.name, c.country, count(*), group_concat(mine.agreement, '; '), min(mine.signed_on)
FROM mine JOIN cities c ON c.id = mine.partner GROUP BY c.id ORDER BY c.name, c.id;
