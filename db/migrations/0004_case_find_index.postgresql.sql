-- Finding a case (F8, issue 17): the department's cases, the latest changed first, until
-- 20 match; this index gives that order without sorting every match. SQLite's index also
-- holds the searched columns; PostgreSQL's cannot: a B-tree entry holds at most about
-- 2.7 kB, and a draft's names and ID numbers are TEXT of any length (migration 0002).
CREATE INDEX "case_department_id_updated_at" ON "case" ("department_id", "updated_at", "id");
