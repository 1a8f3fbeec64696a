-- `twinreg partners CITY --on DAY` on PostgreSQL: the query of src/store/query.c
-- (PARTNERS_PG), as a psql user would run it. pg.sh passes :'day' and :city.
WITH mine AS (SELECT a.id FROM agreement_parties p JOIN agreement_days a ON a.id = p.agreement_id
  WHERE p.city_id = :city AND (a.start_day IS NULL OR a.start_day <= :'day') AND (a.stop_day IS NULL OR a.stop_day > :'day')
  AND a.id NOT IN (SELECT agreement_id FROM agreement_suspensions WHERE substr(suspended_on || '-01-01', 1, 10) <= :'day' AND (resumed_on IS NULL OR substr(resumed_on || '-01-01', 1, 10) > :'day'))),
rows AS (SELECT o.city_id AS city, mine.id AS agreement FROM mine
  JOIN agreement_parties o ON o.agreement_id = mine.id AND o.city_id <> :city ORDER BY 1, 2)
SELECT c.id, c.name, c.country, count(*), array_agg(rows.agreement ORDER BY rows.agreement),
  (SELECT min(signed_on) FROM agreements WHERE id IN (SELECT agreement FROM rows r2 WHERE r2.city = c.id))
FROM rows JOIN cities c ON c.id = rows.city GROUP BY c.id ORDER BY c.name, c.id;
