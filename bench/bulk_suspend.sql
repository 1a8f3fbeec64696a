-- The anchor of the bulk suspension: every friendship in force on :day (its days, and in
-- no suspension) suspended from :day, one INSERT ... SELECT in one transaction.
BEGIN IMMEDIATE;
INSERT INTO agreement_suspensions (agreement_id, suspended_on, reason)
SELECT a.id, :day, 'bench' FROM agreements a
WHERE a.kind = 'friendship'
  AND a.id IN (SELECT id FROM agreement_days
               WHERE (start_day IS NULL OR start_day <= :day)
                 AND (stop_day IS NULL OR stop_day > :day)
                 AND id NOT IN (SELECT agreement_id FROM agreement_suspensions
                                WHERE substr(suspended_on || '-01-01', 1, 10) <= :day
                                  AND (resumed_on IS NULL
                                       OR substr(resumed_on || '-01-01', 1, 10) > :day)));
COMMIT;
