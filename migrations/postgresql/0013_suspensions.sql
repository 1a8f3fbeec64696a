-- Suspensions (issue 16), as SQLite's migrations/0010_suspensions.sql: an agreement kept
-- but not in force from suspended_on to resumed_on (NULL: until a resume).
CREATE TABLE agreement_suspensions (
    agreement_id bigint NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    suspended_on tr_partial_date NOT NULL,
    resumed_on tr_partial_date,
    reason tr_text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    source tr_text CHECK (length(source) BETWEEN 1 AND 2000),
    PRIMARY KEY (agreement_id, suspended_on),
    CHECK (resumed_on IS NULL OR tr_first_day(resumed_on) > tr_first_day(suspended_on))
);
CREATE VIEW agreement_periods (agreement_id, start_day, stop_day) AS
SELECT agreement_id, start_day, stop_day FROM (
    SELECT o.agreement_id, o.start_day,
        CASE WHEN o.next_day IS NOT NULL AND (o.last_day IS NULL OR o.next_day < o.last_day)
             THEN o.next_day ELSE o.last_day END AS stop_day
    FROM (
        SELECT b.agreement_id, b.start_day, b.last_day,
            (SELECT min(tr_first_day(s.suspended_on)) FROM agreement_suspensions s
             WHERE s.agreement_id = b.agreement_id
               AND (b.start_day IS NULL OR tr_first_day(s.suspended_on) >= b.start_day))
                AS next_day
        FROM (
            SELECT id AS agreement_id, start_day, stop_day AS last_day FROM agreement_days
            UNION ALL
            SELECT s.agreement_id, tr_first_day(s.resumed_on), d.stop_day
            FROM agreement_suspensions s JOIN agreement_days d ON d.id = s.agreement_id
            WHERE s.resumed_on IS NOT NULL
        ) b
    ) o
) p
WHERE start_day IS NULL OR stop_day IS NULL OR start_day < stop_day;

-- Joins the history as every registry table (0004), and the offices' rules as the
-- agreement's other rows (0005): whoever may write the agreement may suspend it.
CREATE TRIGGER twinreg_history AFTER UPDATE OR DELETE ON agreement_suspensions
    FOR EACH ROW EXECUTE FUNCTION twinreg_record_change();
CREATE TRIGGER twinreg_history_new AFTER INSERT ON agreement_suspensions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION twinreg_record_inserts();
GRANT SELECT, INSERT, UPDATE, DELETE ON agreement_suspensions TO twinreg_member;
GRANT SELECT ON agreement_periods TO twinreg_member;
ALTER TABLE agreement_suspensions ENABLE ROW LEVEL SECURITY;
CREATE POLICY office_writes ON agreement_suspensions USING (true)
    WITH CHECK (twinreg_may_write('agreement', CAST(agreement_id AS text)));
CREATE TRIGGER office_guard BEFORE UPDATE OR DELETE ON agreement_suspensions FOR EACH ROW
    EXECUTE FUNCTION twinreg_guard_old_row('agreement', 'agreement_id');
