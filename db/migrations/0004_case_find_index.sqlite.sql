-- Finding a case (F8, issue 17): the department's cases, the latest changed first, until
-- 20 match a number or ID prefix or a name. The index is in that order and holds every
-- column the search filters on, so a search that matches few cases (a whole case number,
-- a name nobody has) reads about 40,000 short index entries instead of the rows spread
-- over the whole table: 12 ms instead of 70-100 ms at a million cases.
CREATE INDEX "case_department_id_updated_at" ON "case" ("department_id", "updated_at", "id", "state", "number", "applicant_id_number", "agent_id_number", "applicant_name", "agent_name");
