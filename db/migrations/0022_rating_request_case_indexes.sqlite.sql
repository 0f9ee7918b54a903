-- A clerk's F6 reads the ratings of the services they answer for (their cases') asked or
-- rated in the period: one look-up per case they hold, over every request each case ever
-- had, then the period sifted from the rows (18 ms per figure at a million cases). With
-- the day in the index each look-up finds only the period's (11 ms). The case's own
-- index becomes the first of them: its first column serves every look-up by case.
DROP INDEX "rating_request_case_id";
CREATE INDEX "rating_request_case_id_requested_at" ON "rating_request" ("case_id", "requested_at");
CREATE INDEX "rating_request_case_id_rated_at" ON "rating_request" ("case_id", "rated_at");
