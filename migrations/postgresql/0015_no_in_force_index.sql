-- As SQLite's migrations/0013_no_in_force_index.sql: the index on the agreement's days cost
-- every write (a random insert a new agreement, its keys computed by tr_start_day and
-- tr_stop_day) and served only "in force on D" for a day before most agreements began.
-- The functions stay: the view agreement_days computes the days with them.
DROP INDEX agreements_in_force;
