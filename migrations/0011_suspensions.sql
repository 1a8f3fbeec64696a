-- Suspensions (issue 16): an agreement kept but not in force for a while, from its first
-- day (suspended_on) to the first day it is in force again (resumed_on; NULL: until a
-- resume). Dates as given, each counting from the first day it covers, as ended_on does.
-- The C code refuses overlapping periods and a suspension outside the agreement's life.
CREATE TABLE agreement_suspensions (
    agreement_id INTEGER NOT NULL REFERENCES agreements (id) ON DELETE CASCADE,
    suspended_on TEXT NOT NULL CHECK (suspended_on GLOB '[0-9][0-9][0-9][0-9]' OR suspended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR suspended_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    resumed_on TEXT CHECK (resumed_on GLOB '[0-9][0-9][0-9][0-9]' OR resumed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                          OR resumed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    source TEXT CHECK (length(source) BETWEEN 1 AND 2000),
    PRIMARY KEY (agreement_id, suspended_on),
    CHECK (resumed_on IS NULL
           OR substr(resumed_on || '-01-01', 1, 10) > substr(suspended_on || '-01-01', 1, 10))
) STRICT, WITHOUT ROWID;
-- One row per period in force of each agreement: its days in force (agreement_days) cut
-- by its suspensions. A period starts on the agreement's first day or on a resume, and
-- stops at the next suspension or at the agreement's stop day; empty ones are left out.
CREATE VIEW agreement_periods (agreement_id, start_day, stop_day) AS
SELECT agreement_id, start_day, stop_day FROM (
    SELECT o.agreement_id, o.start_day,
        CASE WHEN o.next_day IS NOT NULL AND (o.last_day IS NULL OR o.next_day < o.last_day)
             THEN o.next_day ELSE o.last_day END AS stop_day
    FROM (
        SELECT b.agreement_id, b.start_day, b.last_day,
            (SELECT min(substr(s.suspended_on || '-01-01', 1, 10)) FROM agreement_suspensions s
             WHERE s.agreement_id = b.agreement_id
               AND (b.start_day IS NULL OR substr(s.suspended_on || '-01-01', 1, 10) >= b.start_day))
                AS next_day
        FROM (
            SELECT id AS agreement_id, start_day, stop_day AS last_day FROM agreement_days
            UNION ALL
            SELECT s.agreement_id, substr(s.resumed_on || '-01-01', 1, 10), d.stop_day
            FROM agreement_suspensions s JOIN agreement_days d ON d.id = s.agreement_id
            WHERE s.resumed_on IS NOT NULL
        ) b
    ) o
) p
WHERE start_day IS NULL OR stop_day IS NULL OR start_day < stop_day;
