-- `twinreg partners CITY --on DAY`: the query of src/store/query.c (PARTNERS_SQL), as a
-- sqlite3 user would run it. :day and :city are set by run.sh.
WITH live AS (SELECT id FROM agreements WHERE (start_day IS NULL OR start_day <= :day) AND (stop_day IS NULL OR stop_day > :day)),
rows AS (SELECT o.city_id AS city, live.id AS agreement FROM live
  JOIN agreement_parties p ON p.agreement_id = live.id AND p.city_id = :city
  JOIN agreement_parties o ON o.agreement_id = live.id AND o.city_id <> :city ORDER BY 1, 2)
SELECT c.id, c.name, c.country, count(*), json_group_array(rows.agreement),
  (SELECT min(signed_on) FROM agreements WHERE id IN (SELECT agreement FROM rows r2 WHERE r2.city = c.id))
FROM rows JOIN cities c ON c.id = rows.city GROUP BY c.id ORDER BY c.name, c.id;
