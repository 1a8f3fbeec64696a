-- Issue 19's limit for `active`: "which cities have an agreement in force on D, and how
-- many", the count alone (no partners), on the load probe's minimal schema with
-- active.sql's rule. run.sh writes the day in place of :day.
SELECT c.id, c.name, c.country, count(*)
FROM agreements a JOIN parties p ON p.agreement_id = a.id JOIN cities c ON c.id = p.city_id
WHERE substr(coalesce(a.in_force_on, a.signed_on) || '-01-01', 1, 10) <= :day
  AND (a.ended_on IS NULL OR substr(a.ended_on || '-01-01', 1, 10) > :day)
  AND (a.expires_on IS NULL OR substr(a.expires_on || '-01-01', 1, 10) >= :day)
GROUP BY c.id ORDER BY c.name, c.id;
