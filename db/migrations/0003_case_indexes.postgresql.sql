-- Indexes for a centre of a million cases (issue 10, bench/queue.py and bench/report.py):
-- a queue reads one window's, clerk's or department's OPEN cases, so each of those
-- columns is indexed with the state (the single-column indexes become their prefixes,
-- which serve the foreign keys as well); a report reads one period's received or
-- completed cases, which no index found before.
CREATE INDEX "case_window_id_state" ON "case" ("window_id", "state");
CREATE INDEX "case_owner_id_state" ON "case" ("owner_id", "state");
CREATE INDEX "case_department_id_state" ON "case" ("department_id", "state");
DROP INDEX "case_window_id";
DROP INDEX "case_owner_id";
DROP INDEX "case_department_id";
CREATE INDEX "case_received_on" ON "case" ("received_on");
CREATE INDEX "case_completed_on" ON "case" ("completed_on");
