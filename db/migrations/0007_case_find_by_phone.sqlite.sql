-- Finding a case (F8) by any part of its number, ID number or name, or by the applicant's
-- phone (issue 21 item 15): the index of migration 0004 gains the phone, so a search that
-- matches few cases still reads the index entries, not the rows.
DROP INDEX "case_department_id_updated_at";
CREATE INDEX "case_department_id_updated_at" ON "case" ("department_id", "updated_at", "id", "state", "number", "applicant_id_number", "agent_id_number", "applicant_name", "agent_name", "applicant_phone");
